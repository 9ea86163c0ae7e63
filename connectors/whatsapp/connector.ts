/**
 * WhatsApp Business Cloud API connector. Inbound is push-only (webhook.ts): there is no API to
 * read received messages, so fetch() returns an empty page, and there is no history() either: a
 * backfill cannot fetch a message whose delivery was lost. Replies go through the Graph client
 * of connectors/meta/ as free-form text messages: `POST /{phone-number-id}/messages`.
 *
 * Media (images, documents, voice notes) arrive as ids; fetchAttachment() downloads them with the token.
 *
 * Channel keys:
 *   account:     { phoneNumberId }                  the business phone number's Graph id (required to reply;
 *                                                   webhook messages for another phone number are ignored)
 *                { wabaId?, displayPhoneNumber? }   informative only
 *   credentials: { accessToken }                    system-user or business token (Bearer)
 *                { appSecret }                      signs webhook deliveries (X-Hub-Signature-256); also sent as appsecret_proof
 *                { verifyToken }                    answers the hub.challenge handshake
 * Cursor: none; fetch() hands back whatever cursor it was given (or {}).
 *
 * The 24-hour customer service window: a free-form reply is allowed within 24 h after the
 * citizen's last message. The reply target's raw payload carries that message's timestamp, so a
 * reply outside the window fails before any request; the API's own verdict (code 131047) maps to
 * the same PermanentError.
 */
import { createGraphClient, graphTargetFor, type GraphClientOptions } from '../meta/graph-client.js';
import { createMetaFileClient, fetchWhatsAppMedia } from '../meta/attachments.js';
import { graphErrorInfo } from '../meta/errors.js';
import {
  PermanentError,
  type ChannelContext,
  type Connector,
  type MessageKind,
  type ReplyTarget,
  type Visibility,
} from '../types.js';
import { isObject } from '../payload.js';
import { normalizeWhatsApp } from './normalize.js';
import { whatsappWebhook } from './webhook.js';
import { whatsappPlatform } from './descriptor.js';

export const WINDOW_MS = 24 * 60 * 60 * 1000;
export const OUTSIDE_WINDOW_MESSAGE = "outside WhatsApp's 24-hour customer service window: a template message is required";
/** Cloud API limit for a text message body. */
const MAX_TEXT = whatsappPlatform.limits.replyTextLength ?? 4096;
const REENGAGEMENT_CODE = 131047;

export interface WhatsAppConnectorOptions extends Pick<GraphClientOptions, 'timeoutMs'> {
  /** The clock the 24-hour window is measured with (tests). */
  now?: () => number;
}

/** When the answered citizen message was sent, from the raw payload normalize() kept. */
export function citizenMessageTime(raw: unknown): Date | undefined {
  const message = isObject(raw) && isObject(raw.message) ? raw.message : undefined;
  const ts = message?.timestamp;
  const n = typeof ts === 'number' ? ts : typeof ts === 'string' && /^\d+$/.test(ts) ? Number(ts) : NaN;
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : undefined;
}

export function createWhatsAppConnector(options: WhatsAppConnectorOptions = {}): Connector & { close(): void } {
  const client = createGraphClient(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
  const files = createMetaFileClient();
  const now = options.now ?? Date.now;

  async function send(channel: ChannelContext, target: ReplyTarget, text: string): Promise<{ externalId: string }> {
    const phoneNumberId = channel.account.phoneNumberId;
    if (!phoneNumberId) throw new PermanentError('WhatsApp channel has no account.phoneNumberId');
    if (text.length === 0) throw new PermanentError('WhatsApp reply text is empty');
    if (text.length > MAX_TEXT) throw new PermanentError(`WhatsApp reply text is longer than ${MAX_TEXT} characters`);
    const to = target.recipientPlatformUserId;
    if (!to) throw new PermanentError('WhatsApp reply has no recipient (wa_id)');
    const last = citizenMessageTime(target.inReplyToRaw);
    if (last && now() - last.getTime() > WINDOW_MS) throw new PermanentError(OUTSIDE_WINDOW_MESSAGE);

    const graphTarget = graphTargetFor(channel, { platformName: 'WhatsApp' });
    const body = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'text',
      text: { preview_url: false, body: text },
    };
    let res;
    try {
      res = await client.post(graphTarget, `${encodeURIComponent(phoneNumberId)}/messages`, body, 'POST messages', [text]);
    } catch (err) {
      if (graphErrorInfo(err)?.code === REENGAGEMENT_CODE) throw new PermanentError(OUTSIDE_WINDOW_MESSAGE, { cause: graphErrorInfo(err) });
      throw err;
    }
    const messages = isObject(res.body) && Array.isArray(res.body.messages) ? res.body.messages : [];
    const first: unknown = messages[0];
    const id = isObject(first) && typeof first.id === 'string' && first.id ? first.id : undefined;
    if (!id) throw new PermanentError('WhatsApp POST messages answered without messages[0].id');
    return { externalId: id };
  }

  return {
    platform: 'whatsapp',

    /** Push-only platform: nothing to poll. */
    async fetch(_channel, cursor) {
      return { items: [], cursor: cursor ?? {}, more: false };
    },

    normalize: normalizeWhatsApp,

    /*
     * No findSentReply: the Cloud API has no endpoint that lists sent messages (only status webhooks
     * for message ids we already know), so after an unfinished attempt the reply becomes 'uncertain'.
     */
    async reply(channel, target, text) {
      if (target.visibility !== 'private') throw new PermanentError('WhatsApp replies are always private');
      return send(channel, target, text);
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(whatsappPlatform.replies[kind] ?? [])];
    },

    /** Media by id: GET /{media-id} for its URL, then the file with the channel's token. */
    fetchAttachment(channel, attachment) {
      return fetchWhatsAppMedia(client, files, channel, attachment);
    },

    webhook: whatsappWebhook,

    close() {
      client.close();
    },
  };
}
