/**
 * LinkedIn webhooks (ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS push), PLATFORMS.md §5.5:
 *  - handshake: GET ?challengeCode=<uuid> → 200 JSON { challengeCode, challengeResponse: hex HMAC-SHA256(clientSecret, challengeCode) };
 *  - X-LI-Signature: the docs call it "the HMACSHA256 hash of the JSON-encoded string representation of the POST
 *    body prefixed by `hmacsha256=`, computed using your app's clientSecret". Implementations read the prefix as
 *    part of the hashed message or of the header; both readings are accepted (each needs the secret).
 *  - body: { type: 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS', notifications: [ up to 10 ] }, each shaped like an
 *    organizationalEntityNotifications element, so one normalize() serves push and pull.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelContext, RawItem, WebhookRequest, WebhookResponse, WebhookSupport } from '../types.js';
import { isObject } from '../payload.js';
import { notificationExternalId } from './normalize.js';

export const SIGNATURE_PREFIX = 'hmacsha256=';
export const EVENT_TYPE = 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS';

function hmacHex(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** What LinkedIn sends per the docs' wording: hex HMAC over `hmacsha256=` + body. */
export function signLinkedInBody(clientSecret: string, rawBody: Buffer | string): string {
  return hmacHex(clientSecret, Buffer.concat([Buffer.from(SIGNATURE_PREFIX), Buffer.from(rawBody)]));
}

export function challengeResponse(clientSecret: string, challengeCode: string): string {
  return hmacHex(clientSecret, challengeCode);
}

function json(status: number, body: unknown): WebhookResponse {
  return { status, body: JSON.stringify(body), contentType: 'application/json' };
}

export const linkedInWebhook: WebhookSupport = {
  handshake(request: WebhookRequest, channel: ChannelContext): WebhookResponse | undefined {
    const code = request.query.challengeCode;
    if (request.method !== 'GET' || !code) return undefined;
    const secret = channel.credentials.clientSecret;
    if (!secret) return json(500, { error: 'channel has no credentials.clientSecret' });
    return json(200, { challengeCode: code, challengeResponse: challengeResponse(secret, code) });
  },

  verify(request: WebhookRequest, channel: ChannelContext): boolean {
    const secret = channel.credentials.clientSecret;
    const header = request.headers['x-li-signature'];
    if (!secret || !header) return false;
    const given = header.trim().replace(/^hmacsha256=/i, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(given)) return false;
    const expected = Buffer.from(given, 'hex');
    return [signLinkedInBody(secret, request.rawBody), hmacHex(secret, request.rawBody)].some((candidate) =>
      timingSafeEqual(Buffer.from(candidate, 'hex'), expected),
    );
  },

  parse(body: unknown): RawItem[] {
    let data = body;
    if (Buffer.isBuffer(data) || typeof data === 'string') data = JSON.parse(data.toString());
    if (!isObject(data) || !Array.isArray(data.notifications)) throw new Error('LinkedIn webhook body has no notifications array');
    if (data.type !== undefined && data.type !== EVENT_TYPE) return [];
    return data.notifications.map((n): RawItem => {
      const id = isObject(n) ? notificationExternalId(n) : undefined;
      return id ? { type: 'notification', externalId: id, payload: { notification: n } } : { type: 'notification', payload: { notification: n } };
    });
  },
};
