/**
 * Facebook Page `feed` webhooks → RawItems in the shapes fetch() returns, so normalizeFacebook
 * serves polling and push alike.
 *
 * Body: { object: 'page', entry: [{ id: <pageId>, time, changes: [{ field: 'feed', value: {
 *   item: 'comment' | 'post' | 'status' | 'photo' | 'video' | 'share' | 'reaction' | ..., verb: 'add' | 'edited' | 'remove' | ...,
 *   post_id, comment_id?, parent_id?, from: { id, name }, message?, created_time: <unix s>, photo?, video?, link?, post?: { permalink_url } } }] }] }
 * Only `add`, `edited` and `remove` of comments and post-like items become items (an edit or removal
 * carries the entry's `time` as `time`: when it happened); reactions and likes are left out. Entries of
 * another Page than the channel's are left out. Handshake and signature:
 * connectors/meta/signature.ts (credentials.verifyToken, credentials.appSecret).
 */
import { NormalizeError, type ChannelContext, type RawItem, type WebhookSupport } from '../types.js';
import { metaWebhookHandshake, verifyMetaWebhook } from '../meta/signature.js';
import { isObject, strOrInt, type Json } from '../payload.js';

const POST_ITEMS = new Set(['post', 'status', 'photo', 'video', 'share', 'link']);
const VERBS = new Set(['add', 'edited', 'remove']);

/** The page entries of a `object: page` delivery that belong to this channel's Page. Throws on an unreadable body. */
export function pageEntries(body: unknown, channel: ChannelContext): Json[] {
  if (!isObject(body)) throw new NormalizeError('webhook body is not an object');
  if (body.object !== 'page') throw new NormalizeError('webhook body.object is not "page"');
  if (!Array.isArray(body.entry)) throw new NormalizeError('webhook body.entry is not an array');
  const pageId = channel.account.pageId;
  return body.entry.filter((e): e is Json => isObject(e) && (!pageId || strOrInt(e.id) === undefined || strOrInt(e.id) === pageId));
}

function attachmentOf(value: Json): Json | undefined {
  const photo = strOrInt(value.photo);
  if (photo) return { type: 'photo', url: photo };
  const video = strOrInt(value.video);
  if (video) return { type: 'video', url: video };
  return undefined;
}

function commentItem(value: Json, entryTime: unknown): RawItem {
  const comment: Json = { id: value.comment_id, from: value.from, created_time: value.created_time ?? entryTime };
  if (value.message !== undefined) comment.message = value.message;
  const parent = strOrInt(value.parent_id);
  if (parent && parent !== strOrInt(value.post_id)) comment.parent = { id: parent };
  const attachment = attachmentOf(value);
  if (attachment) comment.attachment = attachment;
  const payload: Json = { comment, source: 'webhook', verb: value.verb };
  if (value.verb !== 'add' && entryTime !== undefined) payload.time = entryTime;
  const postId = strOrInt(value.post_id);
  if (postId) payload.postId = postId;
  const id = strOrInt(value.comment_id);
  return id ? { type: 'comment', externalId: id, payload } : { type: 'comment', payload };
}

function postItem(value: Json, entryTime: unknown): RawItem {
  const post: Json = { id: value.post_id, from: value.from, created_time: value.created_time ?? entryTime };
  if (value.message !== undefined) post.message = value.message;
  const permalink = isObject(value.post) ? strOrInt(value.post.permalink_url) : undefined;
  if (permalink) post.permalink_url = permalink;
  const media: Json[] = [];
  if (Array.isArray(value.photos)) for (const url of value.photos) if (strOrInt(url)) media.push({ type: 'photo', url });
  const single = attachmentOf(value);
  if (single && media.length === 0) media.push(single);
  const link = strOrInt(value.link);
  if (link && media.length === 0) media.push({ type: 'share', url: link });
  if (media.length) post.attachments = { data: media };
  const id = strOrInt(value.post_id);
  const payload: Json = { post, source: 'webhook', verb: value.verb };
  if (value.verb !== 'add' && entryTime !== undefined) payload.time = entryTime;
  return id ? { type: 'post', externalId: id, payload } : { type: 'post', payload };
}

export function parseFacebookWebhook(body: unknown, channel: ChannelContext): RawItem[] {
  const items: RawItem[] = [];
  for (const entry of pageEntries(body, channel)) {
    if (!Array.isArray(entry.changes)) continue;
    for (const change of entry.changes) {
      if (!isObject(change) || change.field !== 'feed' || !isObject(change.value)) continue;
      const value = change.value;
      if (!VERBS.has(String(value.verb))) continue;
      if (value.item === 'comment') items.push(commentItem(value, entry.time));
      else if (POST_ITEMS.has(String(value.item))) items.push(postItem(value, entry.time));
    }
  }
  return items;
}

export const facebookWebhook: WebhookSupport = {
  handshake: metaWebhookHandshake,
  verify: verifyMetaWebhook,
  parse: parseFacebookWebhook,
};
