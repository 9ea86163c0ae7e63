/**
 * Instagram webhooks (`object: instagram`): handshake and signature from connectors/meta/signature.ts,
 * and parse(), which turns one delivery into RawItems of the types normalize.ts reads:
 *   entry[].changes[] field `comments` / `live_comments` → 'comment'  { comment: value, mediaId, time }
 *   entry[].changes[] field `mentions`                   → 'mention'  { mediaId, commentId?, time } (ids only)
 *   entry[].messaging[] (and standby[])                  → 'dm'       { event, time }
 * Other fields (story_insights, message_reactions as changes, ...) carry no citizen message and give no item.
 */
import { metaWebhookHandshake, verifyMetaWebhook } from '../meta/signature.js';
import { NormalizeError, type RawItem, type WebhookSupport } from '../types.js';
import { isObject, strOrInt, type Json } from '../payload.js';

function item(type: string, externalId: string | undefined, payload: Json): RawItem {
  return externalId ? { type, externalId, payload } : { type, payload };
}

function changeItem(change: unknown, time: unknown): RawItem | undefined {
  if (!isObject(change) || !isObject(change.value)) return undefined;
  const value = change.value;
  if (change.field === 'comments' || change.field === 'live_comments') {
    const payload: Json = { comment: value, time };
    const mediaId = isObject(value.media) ? strOrInt(value.media.id) : undefined;
    if (mediaId) payload.mediaId = mediaId;
    return item('comment', strOrInt(value.id), payload);
  }
  if (change.field === 'mentions') {
    const payload: Json = { time };
    const mediaId = strOrInt(value.media_id);
    const commentId = strOrInt(value.comment_id);
    if (mediaId) payload.mediaId = mediaId;
    if (commentId) payload.commentId = commentId;
    return item('mention', commentId ?? mediaId, payload);
  }
  return undefined;
}

/** Reads a delivery; throws NormalizeError when it is not an Instagram webhook body at all. */
export function parseInstagramWebhook(body: unknown): RawItem[] {
  if (!isObject(body) || body.object !== 'instagram') throw new NormalizeError('body.object is not "instagram"');
  if (!Array.isArray(body.entry)) throw new NormalizeError('body.entry is not an array');
  const items: RawItem[] = [];
  for (const entry of body.entry) {
    if (!isObject(entry)) continue;
    const time = entry.time;
    if (Array.isArray(entry.changes)) {
      for (const change of entry.changes) {
        const it = changeItem(change, time);
        if (it) items.push(it);
      }
    }
    for (const key of ['messaging', 'standby']) {
      const events = entry[key];
      if (!Array.isArray(events)) continue;
      for (const event of events) {
        if (!isObject(event)) continue;
        const mid = isObject(event.message) ? strOrInt(event.message.mid) : isObject(event.message_edit) ? strOrInt(event.message_edit.mid) : undefined;
        items.push(item('dm', mid, { event, time }));
      }
    }
  }
  return items;
}

export const instagramWebhook: WebhookSupport = {
  handshake: metaWebhookHandshake,
  verify: verifyMetaWebhook,
  parse: (body) => parseInstagramWebhook(body),
};
