/**
 * Facebook Page raw items → InboundMessage. Pure: a table from item type to a small function.
 * Payloads are what connector.ts and webhook.ts build:
 *   post    { post: <Graph post: id, from, message, created_time, permalink_url, attachments> }
 *   comment { comment: <Graph comment: id, from, message, created_time, parent{id}, attachment, permalink_url>, postId }
 * Times are Graph ISO strings ("2021-02-12T16:27:12+0000") when polled, unix seconds from webhooks.
 * One ticket per post thread per author: conversationKey `fb:post:<postId>:<authorId>`.
 * A webhook's `verb` (webhook.ts): `edited` is the item's newer version (editedAt: the change's time),
 * `remove` a removal of the stored message (ignored, with `removes`). Meta does not say who removed
 * it: the author, or the Page's moderator.
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
import { parseGraphTime } from '../meta/paging.js';
import { isObject, normalizeByType, requireId, requireObject, str, type Json, type PayloadNormalizer } from '../payload.js';

/** created_time as Graph gives it: an ISO string when polled, unix seconds from webhooks. */
function createdAt(obj: Json, what: string): Date {
  const d = parseGraphTime(obj.created_time);
  if (!d) throw new NormalizeError(`${what}.created_time is missing or not a valid time`);
  return d;
}

function author(obj: Json): InboundMessage['author'] {
  const from = isObject(obj.from) ? obj.from : undefined;
  const a: InboundMessage['author'] = { platformUserId: str(from?.id) ?? 'unknown' };
  const name = str(from?.name);
  if (name) a.name = name;
  return a;
}

/** One Graph attachment (`{ type, media: { image: { src } }, url }`) with its sub-attachments (albums). */
function collectAttachments(a: unknown, out: Attachment[]): void {
  if (!isObject(a)) return;
  const subs = isObject(a.subattachments) && Array.isArray(a.subattachments.data) ? a.subattachments.data : [];
  if (subs.length) {
    for (const s of subs) collectAttachments(s, out);
    return;
  }
  const media = isObject(a.media) ? a.media : {};
  const image = isObject(media.image) ? media.image : {};
  const item: Attachment = { type: str(a.media_type) ?? str(a.type) ?? 'unknown' };
  const url = str(media.source) ?? str(image.src) ?? str(a.url);
  if (url) item.url = url;
  out.push(item);
}

function postAttachments(post: Json): Attachment[] {
  const out: Attachment[] = [];
  const list = isObject(post.attachments) && Array.isArray(post.attachments.data) ? post.attachments.data : [];
  for (const a of list) collectAttachments(a, out);
  return out;
}

function commentAttachments(comment: Json): Attachment[] {
  const out: Attachment[] = [];
  collectAttachments(comment.attachment, out);
  return out;
}

/** Text may be empty only when media are attached. */
function messageText(obj: Json, what: string, media: Attachment[]): string {
  const text = obj.message ?? '';
  if (typeof text !== 'string') throw new NormalizeError(`${what}.message is not a string`);
  if (text.length === 0 && media.length === 0) throw new NormalizeError(`${what}.message is empty and there are no attachments`);
  return text;
}

/**
 * When a webhook's edit or removal happened: the entry's time (when Meta noticed the change), or the
 * item's created_time when that is later or the only one.
 */
function changedAt(payload: Json, obj: Json, what: string): Date {
  const times = [parseGraphTime(payload.time), parseGraphTime(obj.created_time)].filter((d): d is Date => d !== undefined);
  if (times.length === 0) throw new NormalizeError(`payload.time and ${what}.created_time are missing or not valid times`);
  return new Date(Math.max(...times.map((d) => d.getTime())));
}

/** `remove`: not a message, but the removal of the stored one. */
function removal(payload: Json, obj: Json, id: string, what: string): NormalizeOutcome {
  return { kind: 'ignored', reason: `${what} removed on Facebook`, removes: { externalId: id, at: changedAt(payload, obj, what) } };
}

const normalizePost: PayloadNormalizer = (payload, channel) => {
  const post = requireObject(payload, 'post');
  const id = requireId(post, 'post');
  const who = author(post);
  if (who.platformUserId === channel.account.pageId) return { kind: 'ignored', reason: 'own message' };
  if (payload.verb === 'remove') return removal(payload, post, id, 'post');
  const media = postAttachments(post);
  const message: InboundMessage = {
    externalId: id,
    conversationKey: `fb:post:${id}:${who.platformUserId}`,
    kind: 'post',
    author: who,
    text: messageText(post, 'post', media),
    sentAt: createdAt(post, 'post'),
    permalink: str(post.permalink_url) ?? `https://www.facebook.com/${id}`,
    raw: payload,
  };
  if (media.length) message.attachments = media;
  if (payload.verb === 'edited') message.editedAt = changedAt(payload, post, 'post');
  return { kind: 'message', message };
};

/** The post a comment belongs to: given by the fetcher/webhook, else "<pageId>_<first part of the comment id>". */
function postIdOf(payload: Json, commentId: string, channel: ChannelContext): string {
  const given = str(payload.postId);
  if (given) return given;
  const [postPart] = commentId.split('_');
  const pageId = channel.account.pageId;
  if (!pageId || !postPart || !commentId.includes('_')) throw new NormalizeError('payload.postId is missing and cannot be derived from comment.id');
  return `${pageId}_${postPart}`;
}

function commentPermalink(comment: Json, postId: string, commentId: string): string {
  const given = str(comment.permalink_url);
  if (given) return given;
  const commentPart = commentId.split('_').pop() ?? commentId;
  return `https://www.facebook.com/${postId}?comment_id=${commentPart}`;
}

const normalizeComment: PayloadNormalizer = (payload, channel) => {
  const comment = requireObject(payload, 'comment');
  const id = requireId(comment, 'comment');
  const who = author(comment);
  if (who.platformUserId === channel.account.pageId) return { kind: 'ignored', reason: 'own message' };
  if (payload.verb === 'remove') return removal(payload, comment, id, 'comment');
  const postId = postIdOf(payload, id, channel);
  const parentId = isObject(comment.parent) ? str(comment.parent.id) : undefined;
  const isReply = parentId !== undefined && parentId !== postId;
  const media = commentAttachments(comment);
  const message: InboundMessage = {
    externalId: id,
    conversationKey: `fb:post:${postId}:${who.platformUserId}`,
    parentExternalId: isReply ? parentId : postId,
    kind: isReply ? 'reply' : 'comment',
    author: who,
    text: messageText(comment, 'comment', media),
    sentAt: createdAt(comment, 'comment'),
    permalink: commentPermalink(comment, postId, id),
    raw: payload,
  };
  if (media.length) message.attachments = media;
  if (payload.verb === 'edited') message.editedAt = changedAt(payload, comment, 'comment');
  return { kind: 'message', message };
};

const NORMALIZERS: Record<string, PayloadNormalizer> = { post: normalizePost, comment: normalizeComment };

export function normalizeFacebook(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'Facebook', item, channel);
}
