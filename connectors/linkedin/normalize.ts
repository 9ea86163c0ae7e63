/**
 * LinkedIn raw items → InboundMessage. Pure: a table from item type to a small function.
 * Payloads are what connector.ts (and webhook.ts) build:
 *   comment       { comment, postUrn? }                  a comments-API element (socialActions/.../comments)
 *   notification  { notification, comment?, post?, missing? }  an organizationalEntityNotifications element or a
 *                 webhook notification; comment/post when the connector fetched what it pointed at.
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
import { isObject, normalizeByType, requireObject, requireString, str, type Json, type PayloadNormalizer } from '../payload.js';
import { canonicalCommentUrn, isCommentUrn, rootPostOf } from './urn.js';

/** The comment's URN as the comments API gives it, else built from object and id; one spelling (urn.ts). */
export function commentUrnOf(comment: Json): string | undefined {
  const given = str(comment.commentUrn);
  if (given) return canonicalCommentUrn(given);
  const object = str(comment.object);
  const id = str(comment.id);
  return object && id && /^\d+$/.test(id) ? canonicalCommentUrn(`urn:li:comment:(${object},${id})`) : undefined;
}

/** The external id of a notification's message: its comment or post URN, so the comments walk and the notifications dedupe. */
export function notificationExternalId(n: Json): string | undefined {
  const decorated = isObject(n.decoratedGeneratedActivity) ? n.decoratedGeneratedActivity : {};
  const entity = (isObject(decorated.comment) ? str(decorated.comment.entity) : undefined) ?? (isObject(decorated.share) ? str(decorated.share.entity) : undefined);
  const urn = entity ?? str(n.generatedActivity);
  if (urn) return isCommentUrn(urn) ? canonicalCommentUrn(urn) : urn;
  const id = n.notificationId;
  return typeof id === 'number' || typeof id === 'string' ? `notification:${id}` : undefined;
}

function epochMs(v: unknown, field: string): Date {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new NormalizeError(`${field} is missing or not epoch milliseconds`);
  return new Date(v);
}

/** Comment images: `content: [{ type: 'IMAGE', url, entity }]`. */
function attachments(comment: Json): Attachment[] {
  if (!Array.isArray(comment.content)) return [];
  const out: Attachment[] = [];
  for (const c of comment.content) {
    if (!isObject(c)) continue;
    const a: Attachment = { type: (str(c.type) ?? 'unknown').toLowerCase() };
    const url = str(c.url);
    if (url) a.url = url;
    out.push(a);
  }
  return out;
}

/** `message.text` (comments API) or `text` (notification decoration); empty only with media. */
function textOf(obj: Json, what: string, media: Attachment[]): string {
  const text = isObject(obj.message) ? obj.message.text : (obj.text ?? obj.message);
  if (text === undefined && media.length > 0) return '';
  if (typeof text !== 'string') throw new NormalizeError(`${what}.message.text is missing or not a string`);
  if (text.length === 0 && media.length === 0) throw new NormalizeError(`${what}.message.text is empty and there is no content`);
  return text;
}

function permalink(post: string, comment?: string): string {
  const base = `https://www.linkedin.com/feed/update/${post}/`;
  return comment ? `${base}?commentUrn=${encodeURIComponent(comment)}` : base;
}

function isOwn(actor: string, channel: ChannelContext): boolean {
  return actor === channel.account.organizationUrn;
}

interface CommentFacts {
  urn: string;
  actor: string;
  text: string;
  sentAt: Date;
  post: string;
  parent?: string;
  media: Attachment[];
}

function commentMessage(f: CommentFacts, raw: Json): NormalizeOutcome {
  const message: InboundMessage = {
    externalId: f.urn,
    conversationKey: `li:post:${f.post}:${f.actor}`,
    kind: f.parent ? 'reply' : 'comment',
    author: { platformUserId: f.actor },
    text: f.text,
    sentAt: f.sentAt,
    permalink: permalink(f.post, f.urn),
    raw,
  };
  if (f.parent) message.parentExternalId = f.parent;
  if (f.media.length) message.attachments = f.media;
  return { kind: 'message', message };
}

/** A full comments-API comment (from the walk, or fetched for a notification). */
function fromComment(comment: Json, raw: Json, channel: ChannelContext, fallbackPost: string | undefined): NormalizeOutcome {
  const object = str(comment.object);
  const urn = commentUrnOf(comment);
  if (!urn || !isCommentUrn(urn)) throw new NormalizeError('comment.commentUrn is missing or not a comment URN');
  const created = isObject(comment.created) ? comment.created : undefined;
  const actor = str(comment.actor) ?? str(created?.actor);
  if (!actor) throw new NormalizeError('comment.actor is missing or not a string');
  if (isOwn(actor, channel)) return { kind: 'ignored', reason: 'own comment' };
  const media = attachments(comment);
  const parent = str(comment.parentComment);
  const facts: CommentFacts = {
    urn,
    actor,
    text: textOf(comment, 'comment', media),
    sentAt: epochMs(created?.time, 'comment.created.time'),
    post: rootPostOf(urn) ?? fallbackPost ?? object ?? urn,
    media,
  };
  if (parent) facts.parent = canonicalCommentUrn(parent);
  return commentMessage(facts, raw);
}

const normalizeComment: PayloadNormalizer = (payload, channel) =>
  fromComment(requireObject(payload, 'comment', 'payload'), payload, channel, str(payload.postUrn));

/** COMMENT / COMMENT_MENTION: the fetched comment, else the decoration LinkedIn attached. */
function commentNotification(n: Json, payload: Json, channel: ChannelContext): NormalizeOutcome {
  if (isObject(payload.comment)) return fromComment(payload.comment, payload, channel, str(n.sourcePost));
  const decorated = isObject(n.decoratedGeneratedActivity) ? n.decoratedGeneratedActivity : {};
  if (!isObject(decorated.comment)) throw new NormalizeError('notification.decoratedGeneratedActivity.comment is missing or not an object');
  const c = decorated.comment;
  const urn = str(c.entity) ?? str(n.generatedActivity);
  if (!urn || !isCommentUrn(urn)) throw new NormalizeError('notification.generatedActivity is missing or not a comment URN');
  const actor = str(c.owner) ?? str(c.actor);
  if (!actor) throw new NormalizeError('notification comment owner is missing or not a string');
  if (isOwn(actor, channel)) return { kind: 'ignored', reason: 'own comment' };
  const canonical = canonicalCommentUrn(urn);
  const media = attachments(c);
  return commentMessage(
    {
      urn: canonical,
      actor,
      text: textOf(c, 'notification comment', media),
      sentAt: epochMs(n.lastModifiedAt, 'notification.lastModifiedAt'),
      post: rootPostOf(canonical) ?? str(n.sourcePost) ?? canonical,
      media,
    },
    payload,
  );
}

/** SHARE_MENTION: someone's post names the organization; it starts its own thread. */
function mentionNotification(n: Json, payload: Json, channel: ChannelContext): NormalizeOutcome {
  const post = isObject(payload.post) ? payload.post : undefined;
  const decorated = isObject(n.decoratedGeneratedActivity) && isObject(n.decoratedGeneratedActivity.share) ? n.decoratedGeneratedActivity.share : undefined;
  if (!post && !decorated) throw new NormalizeError('notification.decoratedGeneratedActivity.share is missing or not an object');
  const urn = str(post?.id) ?? str(decorated?.entity) ?? str(n.generatedActivity);
  if (!urn) throw new NormalizeError('notification.generatedActivity is missing or not a string');
  const actor = str(post?.author) ?? str(decorated?.owner);
  if (!actor) throw new NormalizeError('notification share owner is missing or not a string');
  if (isOwn(actor, channel)) return { kind: 'ignored', reason: 'own post' };
  const text = post ? post.commentary : decorated!.text;
  if (typeof text !== 'string') throw new NormalizeError('notification share text is missing or not a string');
  const message: InboundMessage = {
    externalId: urn,
    conversationKey: `li:post:${urn}:${actor}`,
    kind: 'post',
    author: { platformUserId: actor },
    text,
    sentAt: post ? epochMs(post.createdAt ?? post.publishedAt, 'post.createdAt') : epochMs(n.lastModifiedAt, 'notification.lastModifiedAt'),
    permalink: permalink(urn),
    raw: payload,
  };
  return { kind: 'message', message };
}

const ACTIONS: Record<string, (n: Json, payload: Json, channel: ChannelContext) => NormalizeOutcome> = {
  COMMENT: commentNotification,
  COMMENT_MENTION: commentNotification,
  SHARE_MENTION: mentionNotification,
};

const normalizeNotification: PayloadNormalizer = (payload, channel) => {
  const n = requireObject(payload, 'notification', 'payload');
  const action = requireString(n, 'action', 'notification');
  const org = str(n.organizationalEntity);
  if (org && org !== channel.account.organizationUrn) return { kind: 'ignored', reason: 'another organization' };
  if (action === 'ADMIN_COMMENT') return { kind: 'ignored', reason: 'own comment' };
  const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!handler) return { kind: 'ignored', reason: `notification action ${action.slice(0, 40)}` };
  if (payload.missing === true) return { kind: 'ignored', reason: 'deleted on LinkedIn' };
  return handler(n, payload, channel);
};

const NORMALIZERS: Record<string, PayloadNormalizer> = { comment: normalizeComment, notification: normalizeNotification };

export function normalizeLinkedIn(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'LinkedIn', item, channel);
}
