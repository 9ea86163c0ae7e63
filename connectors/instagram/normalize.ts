/**
 * Instagram raw items → InboundMessage. Pure: a table from item type to a small function.
 * Payloads are what connector.ts (polling) and webhook.ts (push) build:
 *   comment  { comment, mediaId?, mediaPermalink?, parentId?, time? }
 *            `comment` is a Graph comment ({ id, text, timestamp, username, from{id,username}, parent_id? }) or a
 *            `comments` webhook value ({ id, text, from, media{id}, parent_id? }, no timestamp: `time` is the entry's);
 *            `parentId` is set when polling found the comment nested under its parent's `replies`.
 *   mention  { mediaId, commentId?, time?, comment?, media? }
 *            from the `mentions` webhook: ids only until resolveMention() joined the `mentioned_comment`
 *            (or, for a caption mention, the `mentioned_media`).
 *   dm       { event, time? }: one `entry[].messaging[]` event (message, echo, read, reaction, ...). A
 *            `message_edit` ({ mid, text, num_edit }) is the message's newer text (editedAt: the event's
 *            timestamp); a message with `is_deleted` (unsent) is the removal of the stored one.
 * Comments carry neither: Instagram comments cannot be edited and no webhook reports a deleted one.
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
import { dateOf, isObject, normalizeByType, requireObject, requireString, str, strOrInt, type Json, type PayloadNormalizer } from '../payload.js';

/** An Instagram DM conversation's key: the citizen's IGSID (a private reply's send response names it too). */
export function instagramDmConversationKey(igsid: string): string {
  return `ig:dm:${igsid}`;
}

/** Epoch seconds or milliseconds (Meta sends both), as a number or a numeric string. */
function epoch(v: unknown): Date | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return new Date(n < 1e12 ? n * 1000 : n);
}

/** ISO `timestamp` ("2020-06-01T10:56:52+0000") first, else the webhook entry's time. */
function timestampOrEntryTime(obj: Json, payload: Json, what: string): Date {
  if (obj.timestamp !== undefined) {
    const d = dateOf(obj.timestamp);
    if (!d) throw new NormalizeError(`${what}.timestamp is not a valid date`);
    return d;
  }
  const d = epoch(payload.time);
  if (!d) throw new NormalizeError(`${what}.timestamp is missing and payload.time is not an epoch`);
  return d;
}

function text(obj: Json, what: string, hasMedia = false): string {
  if (typeof obj.text !== 'string') {
    if (obj.text === undefined && hasMedia) return '';
    throw new NormalizeError(`${what}.text is missing or not a string`);
  }
  if (obj.text.length === 0 && !hasMedia) throw new NormalizeError(`${what}.text is empty and there are no media`);
  return obj.text;
}

function sameUsername(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase();
}

/** The author of a comment: `from{id,username}` (since Oct 2021), else the bare `username`. */
function commentAuthor(comment: Json): InboundMessage['author'] {
  const from = isObject(comment.from) ? comment.from : {};
  const username = str(from.username) ?? str(comment.username);
  // Without `from.id` (older responses) the username is the only stable handle we have.
  const a: InboundMessage['author'] = { platformUserId: strOrInt(from.id) ?? username ?? 'unknown' };
  if (username) a.handle = username;
  return a;
}

function isOwn(author: InboundMessage['author'], channel: ChannelContext): boolean {
  const own = channel.account.igUserId;
  return (own !== undefined && author.platformUserId === own) || sameUsername(author.handle, channel.account.username);
}

const normalizeComment: PayloadNormalizer = (payload, channel) => {
  const comment = requireObject(payload, 'comment');
  const commentId = strOrInt(comment.id);
  if (!commentId) throw new NormalizeError('comment.id is missing or not a string');
  const author = commentAuthor(comment);
  if (isOwn(author, channel)) return { kind: 'ignored', reason: 'own comment' };
  const mediaId = strOrInt(payload.mediaId) ?? (isObject(comment.media) ? strOrInt(comment.media.id) : undefined);
  if (!mediaId) throw new NormalizeError('comment media id is missing (payload.mediaId, comment.media.id)');
  const parent = strOrInt(payload.parentId) ?? strOrInt(comment.parent_id);
  const message: InboundMessage = {
    externalId: commentId,
    conversationKey: `ig:media:${mediaId}:${author.platformUserId}`,
    kind: parent ? 'reply' : 'comment',
    author,
    text: text(comment, 'comment'),
    sentAt: timestampOrEntryTime(comment, payload, 'comment'),
    raw: payload,
  };
  if (parent) message.parentExternalId = parent;
  const permalink = str(payload.mediaPermalink);
  if (permalink) message.permalink = permalink;
  return { kind: 'message', message };
};

/**
 * A mention of the account in someone's comment (`mentioned_comment`) or caption (`mentioned_media`).
 * The webhook carries ids only; until the connector's resolveMention() joined the text it cannot
 * become a message, so it fails loudly and is quarantined rather than dropped.
 */
const normalizeMention: PayloadNormalizer = (payload, channel) => {
  const mediaId = strOrInt(payload.mediaId);
  if (!mediaId) throw new NormalizeError('mention.mediaId is missing');
  const commentId = strOrInt(payload.commentId);
  const resolved = commentId ? payload.comment : payload.media;
  if (!isObject(resolved)) {
    throw new NormalizeError(`mention.${commentId ? 'comment' : 'media'} is missing: the mentions webhook carries only ids, resolve it first`);
  }
  const author = commentAuthor(resolved);
  if (isOwn(author, channel)) return { kind: 'ignored', reason: 'own mention' };
  const externalId = commentId ?? strOrInt(resolved.id) ?? mediaId;
  const what = commentId ? 'mention.comment' : 'mention.media';
  const caption = commentId ? resolved : { ...resolved, text: resolved.caption };
  const message: InboundMessage = {
    externalId,
    conversationKey: `ig:media:${mediaId}:${author.platformUserId}`,
    kind: commentId ? 'comment' : 'post',
    author,
    text: text(caption, what, !commentId && str(resolved.media_url) !== undefined),
    sentAt: timestampOrEntryTime(resolved, payload, what),
    raw: payload,
  };
  const permalink = str(resolved.permalink);
  if (permalink) message.permalink = permalink;
  const mediaUrl = commentId ? undefined : str(resolved.media_url);
  if (mediaUrl) message.attachments = [{ type: str(resolved.media_type)?.toLowerCase() ?? 'image', url: mediaUrl }];
  return { kind: 'message', message };
};

/** `[{ type, payload: { url } }]`; the lookaside URL expires, `ref` (`<mid>#<position>`) lets the connector ask for a fresh one. */
function dmAttachments(message: Json, mid: string): Attachment[] | undefined {
  if (!Array.isArray(message.attachments)) return undefined;
  const out: Attachment[] = [];
  message.attachments.forEach((a: unknown, i) => {
    if (!isObject(a)) return;
    const type = str(a.type) ?? 'unknown';
    const attachment: Attachment = { type };
    const url = isObject(a.payload) ? str(a.payload.url) : undefined;
    if (url) attachment.url = url;
    if (type !== 'fallback' && type !== 'share' && type !== 'template') attachment.ref = `${mid}#${i}`;
    out.push(attachment);
  });
  return out.length ? out : undefined;
}

/** Messaging events other than a message: what they are, for the ignore reason. */
const NON_MESSAGE_EVENTS = ['read', 'reaction', 'postback', 'referral', 'delivery', 'optin'];

/** `message_edit`: the citizen changed the text of a message sent before. */
function dmEdit(event: Json, edit: Json, payload: Json, channel: ChannelContext): NormalizeOutcome {
  const mid = requireString(edit, 'mid', 'event.message_edit');
  const senderId = isObject(event.sender) ? strOrInt(event.sender.id) : undefined;
  if (!senderId) throw new NormalizeError('event.sender.id is missing');
  if (senderId === channel.account.igUserId) return { kind: 'ignored', reason: 'own message edited' };
  const at = epoch(event.timestamp) ?? epoch(payload.time);
  if (!at) throw new NormalizeError('event.timestamp is not an epoch');
  return {
    kind: 'message',
    message: {
      externalId: mid,
      conversationKey: instagramDmConversationKey(senderId),
      kind: 'dm',
      author: { platformUserId: senderId },
      text: text(edit, 'event.message_edit'),
      sentAt: at,
      editedAt: at,
      raw: payload,
    },
  };
}

const normalizeDm: PayloadNormalizer = (payload, channel) => {
  const event = requireObject(payload, 'event');
  if (isObject(event.message_edit)) return dmEdit(event, event.message_edit, payload, channel);
  const message = event.message;
  if (!isObject(message)) {
    const what = NON_MESSAGE_EVENTS.find((k) => k in event);
    if (what) return { kind: 'ignored', reason: `messaging ${what} event` };
    throw new NormalizeError('event.message is missing or not an object');
  }
  const senderId = isObject(event.sender) ? strOrInt(event.sender.id) : undefined;
  const own = channel.account.igUserId;
  if (message.is_echo === true || (own !== undefined && senderId === own)) return { kind: 'ignored', reason: 'own message (echo)' };
  if (message.is_deleted === true) {
    const mid = strOrInt(message.mid);
    const at = epoch(event.timestamp) ?? epoch(payload.time);
    if (!mid || !at) return { kind: 'ignored', reason: 'message deleted by its sender' };
    return { kind: 'ignored', reason: 'message deleted by its sender', removes: { externalId: mid, at } };
  }
  if (message.is_unsupported === true) return { kind: 'ignored', reason: 'unsupported message type' };
  const mid = requireString(message, 'mid', 'event.message');
  if (!senderId) throw new NormalizeError('event.sender.id is missing');
  const d = epoch(event.timestamp) ?? epoch(payload.time);
  if (!d) throw new NormalizeError('event.timestamp is not an epoch');
  const attachments = dmAttachments(message, mid);
  const out: InboundMessage = {
    externalId: mid,
    conversationKey: instagramDmConversationKey(senderId),
    kind: 'dm',
    author: { platformUserId: senderId },
    text: text(message, 'event.message', attachments !== undefined),
    sentAt: d,
    raw: payload,
  };
  const replyTo = isObject(message.reply_to) ? str(message.reply_to.mid) : undefined;
  if (replyTo) out.parentExternalId = replyTo;
  if (attachments) out.attachments = attachments;
  return { kind: 'message', message: out };
};

const NORMALIZERS: Record<string, PayloadNormalizer> = { comment: normalizeComment, mention: normalizeMention, dm: normalizeDm };

export function normalizeInstagram(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'Instagram', item, channel);
}
