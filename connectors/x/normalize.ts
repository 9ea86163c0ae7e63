/**
 * X raw items → InboundMessage. Pure: a table from item type to a small function.
 * Payloads are what connector.ts builds: mention `{ tweet, author?, media? }`, dm `{ event, author? }`.
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
import { dateOf, isObject, normalizeByType, requireId, requireObject, str, type Json, type PayloadNormalizer } from '../payload.js';

/** Absent → now (default-fields responses carry no created_at); present but unreadable → error. */
function createdAtOrNow(obj: Json, what: string): Date {
  if (obj.created_at === undefined) return new Date();
  const d = dateOf(obj.created_at);
  if (!d) throw new NormalizeError(`${what}.created_at is not a valid date`);
  return d;
}

function mediaKeys(obj: Json): string[] {
  const a = obj.attachments;
  if (!isObject(a) || !Array.isArray(a.media_keys)) return [];
  return a.media_keys.filter((k): k is string => typeof k === 'string');
}

/** Text may be empty only when media are attached. Long posts carry the full text in note_tweet. */
function messageText(obj: Json, what: string): string {
  const note = isObject(obj.note_tweet) ? str(obj.note_tweet.text) : undefined;
  const text = note ?? obj.text;
  if (typeof text !== 'string') throw new NormalizeError(`${what}.text is missing or not a string`);
  if (text.length === 0 && mediaKeys(obj).length === 0) throw new NormalizeError(`${what}.text is empty and there are no media`);
  return text;
}

/** X uses und (undetermined), zxx (no text) and q** codes (qme media only, qht hashtags only, …). */
function language(v: unknown): string | undefined {
  const lang = str(v);
  if (!lang || lang === 'und' || lang === 'zxx' || /^q[a-t][a-z]$/.test(lang)) return undefined;
  return lang;
}

function attachments(payload: Json): Attachment[] | undefined {
  if (!Array.isArray(payload.media)) return undefined;
  const out: Attachment[] = [];
  for (const m of payload.media) {
    if (!isObject(m)) continue;
    const a: Attachment = { type: str(m.type) ?? 'unknown' };
    const url = str(m.url) ?? str(m.preview_image_url);
    if (url) a.url = url;
    out.push(a);
  }
  return out.length ? out : undefined;
}

function author(platformUserId: string, user: unknown): InboundMessage['author'] {
  const a: InboundMessage['author'] = { platformUserId };
  if (isObject(user)) {
    const handle = str(user.username);
    const name = str(user.name);
    if (handle) a.handle = handle;
    if (name) a.name = name;
  }
  return a;
}

function referenced(tweet: Json, type: string): string | undefined {
  if (!Array.isArray(tweet.referenced_tweets)) return undefined;
  const ref: unknown = tweet.referenced_tweets.find((r) => isObject(r) && r.type === type);
  return isObject(ref) ? str(ref.id) : undefined;
}

const normalizeMention: PayloadNormalizer = (payload, channel) => {
  const tweet = requireObject(payload, 'tweet');
  const id = requireId(tweet, 'tweet');
  const user = isObject(payload.author) ? payload.author : undefined;
  const authorId = str(tweet.author_id) ?? str(user?.id) ?? 'unknown';
  if (authorId === channel.account.userId) return { kind: 'ignored', reason: 'own message' };
  if (referenced(tweet, 'retweeted')) return { kind: 'ignored', reason: 'retweet' };
  const text = messageText(tweet, 'tweet');
  const parent = referenced(tweet, 'replied_to');
  const handle = str(user?.username);
  const message: InboundMessage = {
    externalId: id,
    conversationKey: `x:thread:${str(tweet.conversation_id) ?? id}:${authorId}`,
    kind: parent ? 'reply' : 'post',
    author: author(authorId, user),
    text,
    sentAt: createdAtOrNow(tweet, 'tweet'),
    permalink: `https://x.com/${handle ?? 'i'}/status/${id}`,
    raw: payload,
  };
  if (parent) message.parentExternalId = parent;
  const lang = language(tweet.lang);
  if (lang) message.lang = lang;
  const media = attachments(payload);
  if (media) message.attachments = media;
  return { kind: 'message', message };
};

function conversationOf(event: Json, senderId: string | undefined, ownId: string | undefined, id: string): string {
  const given = str(event.dm_conversation_id);
  if (given) return given;
  if (senderId && ownId && /^\d+$/.test(senderId) && /^\d+$/.test(ownId)) {
    return BigInt(senderId) < BigInt(ownId) ? `${senderId}-${ownId}` : `${ownId}-${senderId}`;
  }
  return `event-${id}`;
}

/**
 * The key normalizeDm gives the citizen's messages in a DM conversation: from X's dm_conversation_id
 * (the send response of a DM carries it), else from the two participants; undefined when neither tells.
 */
export function xDmConversationKey(dmConversationId: string | undefined, citizenId: string, ownId: string | undefined): string | undefined {
  const key = conversationOf(dmConversationId ? { dm_conversation_id: dmConversationId } : {}, citizenId, ownId, '');
  return key === 'event-' ? undefined : `x:dm:${key}`;
}

const normalizeDm: PayloadNormalizer = (payload, channel) => {
  const event = requireObject(payload, 'event');
  const id = requireId(event, 'event');
  const eventType = event.event_type ?? 'MessageCreate';
  if (eventType !== 'MessageCreate') return { kind: 'ignored', reason: `dm event type ${String(eventType).slice(0, 40)}` };
  const user = isObject(payload.author) ? payload.author : undefined;
  const senderId = str(event.sender_id) ?? str(user?.id);
  if (senderId !== undefined && senderId === channel.account.userId) return { kind: 'ignored', reason: 'own message' };
  const message: InboundMessage = {
    externalId: id,
    conversationKey: `x:dm:${conversationOf(event, senderId, channel.account.userId, id)}`,
    kind: 'dm',
    author: author(senderId ?? 'unknown', user),
    text: messageText(event, 'event'),
    sentAt: createdAtOrNow(event, 'event'),
    raw: payload,
  };
  const media = attachments(payload);
  if (media) message.attachments = media;
  return { kind: 'message', message };
};

const NORMALIZERS: Record<string, PayloadNormalizer> = { mention: normalizeMention, dm: normalizeDm };

export function normalizeX(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'X', item, channel);
}
