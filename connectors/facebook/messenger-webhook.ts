/**
 * Messenger `messages` webhooks → RawItems of type 'dm_event' (payload `{ event }`), read by
 * normalizeMessenger. Body: { object: 'page', entry: [{ id: <pageId>, time, messaging: [event...] }] };
 * `standby` events (another app holds the thread) are read like `messaging`. Echoes, delivery and
 * read receipts are passed on and normalize to ignored; edits (`message_edit`) and unsent messages
 * (`is_deleted`) are passed on too. Handshake and signature: connectors/meta/signature.ts.
 */
import type { ChannelContext, RawItem, WebhookSupport } from '../types.js';
import { metaWebhookHandshake, verifyMetaWebhook } from '../meta/signature.js';
import { isObject } from '../payload.js';
import { pageEntries } from './webhook.js';

export function parseMessengerWebhook(body: unknown, channel: ChannelContext): RawItem[] {
  const items: RawItem[] = [];
  for (const entry of pageEntries(body, channel)) {
    for (const key of ['messaging', 'standby'] as const) {
      const events = entry[key];
      if (!Array.isArray(events)) continue;
      for (const event of events) {
        const message = isObject(event) ? (isObject(event.message) ? event.message : isObject(event.message_edit) ? event.message_edit : undefined) : undefined;
        const mid = message && typeof message.mid === 'string' ? message.mid : undefined;
        items.push(mid ? { type: 'dm_event', externalId: mid, payload: { event } } : { type: 'dm_event', payload: { event } });
      }
    }
  }
  return items;
}

export const messengerWebhook: WebhookSupport = {
  handshake: metaWebhookHandshake,
  verify: verifyMetaWebhook,
  parse: parseMessengerWebhook,
};
