/**
 * Meta webhooks (Facebook Pages, Messenger, Instagram, WhatsApp): the subscription handshake and
 * the payload signature.
 *
 * - Handshake: GET ?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<n> → 200 text/plain
 *   with the challenge when the token matches credentials.verifyToken, else 403. A GET without
 *   hub.mode is not a handshake (undefined).
 * - Signature: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(credentials.appSecret, raw body),
 *   over the raw bytes as received (Meta escapes non-ASCII and '/'; re-serialised JSON would differ).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelContext, WebhookRequest, WebhookResponse } from '../types.js';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** "sha256=<hex>" for a body; emulators and tests use it to build signed deliveries. */
export function signMetaBody(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Timing-safe check of an X-Hub-Signature-256 header value against the raw body. */
export function verifyMetaSignature(appSecret: string | undefined, rawBody: Buffer | string, header: string | undefined): boolean {
  if (!appSecret || !header) return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** WebhookSupport.verify for any Meta platform: the channel's credentials.appSecret signs the body. */
export function verifyMetaWebhook(request: WebhookRequest, channel: ChannelContext): boolean {
  if (request.method !== 'POST') return false;
  return verifyMetaSignature(channel.credentials.appSecret, request.rawBody, request.headers[SIGNATURE_HEADER]);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The hub.challenge handshake against an expected verify token. */
export function metaHandshake(request: WebhookRequest, verifyToken: string | undefined): WebhookResponse | undefined {
  if (request.method !== 'GET') return undefined;
  const mode = request.query['hub.mode'];
  if (mode === undefined) return undefined;
  const token = request.query['hub.verify_token'];
  const challenge = request.query['hub.challenge'];
  const ok = mode === 'subscribe' && verifyToken !== undefined && verifyToken.length > 0 && token !== undefined
    && sameSecret(token, verifyToken) && challenge !== undefined && challenge.length > 0 && challenge.length <= 256;
  if (!ok) return { status: 403, body: 'Forbidden', contentType: 'text/plain; charset=utf-8' };
  return { status: 200, body: challenge, contentType: 'text/plain; charset=utf-8' };
}

/** WebhookSupport.handshake for any Meta platform: compares with credentials.verifyToken. */
export function metaWebhookHandshake(request: WebhookRequest, channel: ChannelContext): WebhookResponse | undefined {
  return metaHandshake(request, channel.credentials.verifyToken);
}
