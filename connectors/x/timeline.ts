/** Mentions and DM events as the poller (connector.ts) and the backfill (history.ts) both read them. */
import type { TwitterRateLimit } from 'twitter-api-v2';
import { isObject, str, type Json } from '../payload.js';
import type { Cursor, FetchResult, RawItem } from '../types.js';

export const PAGE_SIZE = 100;

export const MENTION_QUERY = {
  max_results: PAGE_SIZE,
  'tweet.fields': 'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,attachments,entities,lang',
  expansions: 'author_id,attachments.media_keys,referenced_tweets.id',
  'user.fields': 'username,name',
  'media.fields': 'url,type,preview_image_url',
};

export const DM_QUERY = {
  max_results: PAGE_SIZE,
  'dm_event.fields': 'id,event_type,text,sender_id,dm_conversation_id,created_at,attachments,referenced_tweets',
  expansions: 'sender_id',
  'user.fields': 'username,name',
};

export function byKey(list: unknown, key: string): Map<string, Json> {
  const out = new Map<string, Json>();
  if (Array.isArray(list)) for (const v of list) if (isObject(v) && str(v[key])) out.set(v[key] as string, v);
  return out;
}

function mentionItem(tweet: unknown, users: Map<string, Json>, media: Map<string, Json>): RawItem {
  const payload: Json = { tweet };
  if (!isObject(tweet)) return { type: 'mention', payload };
  const authorId = str(tweet.author_id);
  const author = authorId ? users.get(authorId) : undefined;
  if (author) payload.author = author;
  const keys = isObject(tweet.attachments) && Array.isArray(tweet.attachments.media_keys) ? tweet.attachments.media_keys : [];
  const found = keys.map((k) => (typeof k === 'string' ? media.get(k) : undefined)).filter((m): m is Json => m !== undefined);
  if (found.length) payload.media = found;
  const id = str(tweet.id);
  return id ? { type: 'mention', externalId: id, payload } : { type: 'mention', payload };
}

/** Posts of a mentions page (`body`) as items, each with its author and media from the page's `includes`. */
export function mentionItems(body: Json, tweets: unknown[]): RawItem[] {
  const includes = isObject(body.includes) ? body.includes : {};
  const users = byKey(includes.users, 'id');
  const media = byKey(includes.media, 'media_key');
  return tweets.map((tweet) => mentionItem(tweet, users, media));
}

/** A DM event as an item, with its sender from the page's `includes.users` (byKey(…, 'id')). */
export function dmItem(event: unknown, users: Map<string, Json>): RawItem {
  const senderId = isObject(event) ? str(event.sender_id) : undefined;
  const payload: Json = { event };
  const user = senderId ? users.get(senderId) : undefined;
  if (user) payload.author = user;
  const id = isObject(event) ? str(event.id) : undefined;
  return id ? { type: 'dm', externalId: id, payload } : { type: 'dm', payload };
}

function rateLimitOf(rl: TwitterRateLimit | undefined): FetchResult['rateLimit'] {
  if (!rl) return undefined;
  const out: NonNullable<FetchResult['rateLimit']> = {};
  if (Number.isFinite(rl.remaining)) out.remaining = rl.remaining;
  if (Number.isFinite(rl.reset)) out.resetAt = new Date(rl.reset * 1000);
  return out;
}

/** The fetch result with the rate limit X's headers told. */
export function withRate(result: { items: RawItem[]; cursor: object; more: boolean }, rl: TwitterRateLimit | undefined): FetchResult {
  const out: FetchResult = { items: result.items, cursor: result.cursor as Cursor, more: result.more };
  const rate = rateLimitOf(rl);
  if (rate) out.rateLimit = rate;
  return out;
}
