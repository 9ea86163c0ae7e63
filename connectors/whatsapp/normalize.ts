/**
 * WhatsApp Cloud API raw items → InboundMessage. Pure: a table from item type to a small function,
 * and inside the message normalizer a table from WhatsApp message type to its content.
 * Payloads are what webhook.ts builds from one `entry[].changes[].value`:
 *   message  { message, contact?, metadata? }   one `value.messages[]` with its `contacts[]` entry
 *   status   { status, metadata? }              one `value.statuses[]`: delivery of OUR messages, never a citizen's
 *   error    { error, metadata? }               one `value.errors[]`: a system error report
 *   echo     { message, metadata? }             one `smb_message_echoes` message: sent by the business
 * Error messages name the field, never the citizen's text.
 */
import {
  NormalizeError,
  type Attachment,
  type ChannelContext,
  type InboundMessage,
  type NormalizeOutcome,
  type RawItem,
} from '../types.js';
import { isObject, normalizeByType, requireId, requireObject, str, type Json, type PayloadNormalizer } from '../payload.js';

/** What a message type contributes: its text and attachments, or a reason to ignore it. */
type Content = { text: string; attachments?: Attachment[] } | { ignored: string };
type ContentReader = (message: Json, type: string) => Content;

/** The message's part named by its type, e.g. `message.image`. */
function section(message: Json, type: string): Json {
  return requireObject(message, type, 'message');
}

/**
 * The media id becomes `whatsapp-media:<id>` and the attachment's ref: downloading needs GET /{media-id}
 * with the token (the connector's fetchAttachment). The lookaside `url` some payloads carry expires and
 * needs the token too, so it is not kept.
 */
const media: ContentReader = (message, type) => {
  const m = section(message, type);
  const mediaId = str(m.id);
  if (!mediaId) throw new NormalizeError(`message.${type}.id is missing`);
  const attachment: Attachment = { type, url: `whatsapp-media:${mediaId}`, ref: mediaId };
  const mimeType = str(m.mime_type);
  if (mimeType) attachment.mimeType = mimeType;
  const filename = str(m.filename);
  if (filename) attachment.filename = filename;
  return { text: str(m.caption) ?? '', attachments: [attachment] };
};

const CONTENT: Record<string, ContentReader> = {
  text: (message) => {
    const body = section(message, 'text').body;
    if (typeof body !== 'string' || body.length === 0) throw new NormalizeError('message.text.body is missing or empty');
    return { text: body };
  },
  image: media,
  video: media,
  audio: media,
  document: media,
  sticker: media,
  location: (message) => {
    const loc = section(message, 'location');
    const lat = Number(loc.latitude);
    const long = Number(loc.longitude);
    if (!Number.isFinite(lat) || !Number.isFinite(long)) throw new NormalizeError('message.location has no valid latitude/longitude');
    const text = [str(loc.name), str(loc.address)].filter((s): s is string => s !== undefined).join(', ');
    return { text, attachments: [{ type: 'location', url: `geo:${lat},${long}` }] };
  },
  contacts: () => ({ text: '', attachments: [{ type: 'contacts' }] }),
  interactive: (message) => {
    const i = section(message, 'interactive');
    const choice = isObject(i.button_reply) ? i.button_reply : isObject(i.list_reply) ? i.list_reply : undefined;
    const title = choice ? str(choice.title) : undefined;
    if (!title) throw new NormalizeError('message.interactive has no button_reply/list_reply title');
    return { text: title };
  },
  button: (message) => {
    const b = section(message, 'button');
    const text = str(b.text) ?? str(b.payload);
    if (!text) throw new NormalizeError('message.button has no text');
    return { text };
  },
  // The citizen wrote something WhatsApp cannot forward (a poll, a view-once photo): keep it visible.
  unsupported: () => ({ text: '', attachments: [{ type: 'unsupported' }] }),
  unknown: () => ({ text: '', attachments: [{ type: 'unsupported' }] }),
  reaction: () => ({ ignored: 'reaction' }),
  system: () => ({ ignored: 'system message (number change)' }),
  request_welcome: () => ({ ignored: 'conversation opened (request_welcome)' }),
};

/** Unix seconds as a string (or number). */
function unixSeconds(v: unknown): Date {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new NormalizeError('message.timestamp is not unix seconds');
  return new Date(n * 1000);
}

function otherNumber(payload: Json, channel: ChannelContext): boolean {
  const own = channel.account.phoneNumberId;
  const to = isObject(payload.metadata) ? str(payload.metadata.phone_number_id) : undefined;
  return own !== undefined && to !== undefined && to !== own;
}

const normalizeMessage: PayloadNormalizer = (payload, channel) => {
  const message = requireObject(payload, 'message');
  const messageId = requireId(message, 'message');
  if (otherNumber(payload, channel)) return { kind: 'ignored', reason: 'message for another phone number of the account' };
  const contact = isObject(payload.contact) ? payload.contact : {};
  // wa_id (the phone number) keys the conversation; 2026 username users may only have a user_id.
  const waId = str(message.from) ?? str(contact.wa_id) ?? str(message.from_user_id) ?? str(contact.user_id);
  if (!waId) throw new NormalizeError('message.from is missing (no wa_id or user_id)');
  const display = isObject(payload.metadata) ? str(payload.metadata.display_phone_number) : undefined;
  if (display !== undefined && waId === display) return { kind: 'ignored', reason: 'own message' };

  const type = str(message.type);
  if (!type) throw new NormalizeError('message.type is missing');
  const reader = Object.hasOwn(CONTENT, type) ? CONTENT[type] : undefined;
  if (!reader) throw new NormalizeError(`message.type ${JSON.stringify(type.slice(0, 40))} is not supported`);
  const content = reader(message, type);
  if ('ignored' in content) return { kind: 'ignored', reason: content.ignored };

  const author: InboundMessage['author'] = { platformUserId: waId };
  if (/^\d+$/.test(waId)) author.handle = `+${waId}`;
  const name = isObject(contact.profile) ? str(contact.profile.name) : undefined;
  if (name) author.name = name;
  const out: InboundMessage = {
    externalId: messageId,
    conversationKey: `wa:${waId}`,
    kind: 'dm',
    author,
    text: content.text,
    sentAt: unixSeconds(message.timestamp),
    raw: payload,
  };
  const quoted = isObject(message.context) ? str(message.context.id) : undefined;
  if (quoted) out.parentExternalId = quoted;
  if (content.attachments) out.attachments = content.attachments;
  return { kind: 'message', message: out };
};

const NORMALIZERS: Record<string, PayloadNormalizer> = {
  message: normalizeMessage,
  status: (payload) => {
    const status = isObject(payload.status) ? str(payload.status.status) : undefined;
    return { kind: 'ignored', reason: `delivery status${status ? ` ${status.slice(0, 20)}` : ''} of an outgoing message` };
  },
  error: () => ({ kind: 'ignored', reason: 'system error report' }),
  echo: () => ({ kind: 'ignored', reason: 'own message (echo)' }),
};

export function normalizeWhatsApp(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'WhatsApp', item, channel);
}
