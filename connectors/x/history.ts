/**
 * X history for a backfill: the mentions timeline inside the window (start_time / end_time, newest
 * first, pagination_token), then, with a user token, the DM events walked newest first until one is
 * older than the window (dm_events has no time filter).
 *
 * How far back: the mentions timeline serves the 800 most recent mentions, whatever start_time
 * says; dm_events serves the events of the last 30 days. Older history is not in the API.
 *
 * Cursor: { phase: 'mentions' | 'dms', token? } — the next page's pagination_token of the phase.
 */
import type { TwitterRateLimit } from 'twitter-api-v2';
import { PermanentError, type ChannelContext, type Cursor, type FetchResult, type HistoryWindow, type RawItem } from '../types.js';
import { isObject, str, type Json } from '../payload.js';
import { byKey, dmItem, DM_QUERY, MENTION_QUERY, mentionItems, withRate } from './timeline.js';

export type XGet = (channel: ChannelContext, token: string, path: string, query: Json, what: string) => Promise<{ data: unknown; rateLimit?: TwitterRateLimit }>;

interface XHistoryCursor {
  phase: 'mentions' | 'dms';
  token?: string;
}

function readHistoryCursor(cursor: Cursor | null): XHistoryCursor {
  const phase = cursor?.phase === 'dms' ? 'dms' : 'mentions';
  const token = str(cursor?.token);
  return token ? { phase, token } : { phase };
}

/** X wants RFC 3339 with at most millisecond precision; toISOString gives exactly that. */
const rfc3339 = (at: Date): string => at.toISOString();

function inWindow(createdAt: unknown, window: HistoryWindow): 'before' | 'inside' | 'after' {
  const at = typeof createdAt === 'string' ? Date.parse(createdAt) : NaN;
  if (Number.isNaN(at)) return 'inside';
  if (at < window.since.getTime()) return 'before';
  return at >= window.until.getTime() ? 'after' : 'inside';
}

export async function xHistory(get: XGet, channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
  const c = readHistoryCursor(cursor);
  const dmToken = channel.credentials.userAccessToken;
  if (c.phase === 'dms' && dmToken) return dmPage(get, channel, window, c, dmToken);
  return mentionPage(get, channel, window, c, Boolean(dmToken));
}

async function mentionPage(get: XGet, channel: ChannelContext, window: HistoryWindow, c: XHistoryCursor, canDm: boolean): Promise<FetchResult> {
  const token = channel.credentials.userAccessToken ?? channel.credentials.bearerToken;
  if (!token) throw new PermanentError('X channel has neither credentials.userAccessToken nor credentials.bearerToken');
  const userId = channel.account.userId;
  if (!userId) throw new PermanentError('X channel has no account.userId');
  // end_time is inclusive on X: one millisecond before `until`, which is exclusive.
  const query: Json = { ...MENTION_QUERY, start_time: rfc3339(window.since), end_time: rfc3339(new Date(window.until.getTime() - 1)) };
  if (c.token) query.pagination_token = c.token;
  const res = await get(channel, token, `users/${userId}/mentions`, query, 'GET mentions (history)');
  const body = isObject(res.data) ? res.data : {};
  const data = (Array.isArray(body.data) ? body.data : []).filter((t) => !isObject(t) || inWindow(t.created_at, window) === 'inside');
  const items = mentionItems(body, data);
  const nextToken = isObject(body.meta) ? str(body.meta.next_token) : undefined;
  const rawCount = Array.isArray(body.data) ? body.data.length : 0;
  if (nextToken && rawCount > 0) return withRate({ items, cursor: { phase: 'mentions', token: nextToken }, more: true }, res.rateLimit);
  return withRate({ items, cursor: { phase: canDm ? 'dms' : 'mentions', ...(canDm ? {} : { done: true }) }, more: canDm }, res.rateLimit);
}

async function dmPage(get: XGet, channel: ChannelContext, window: HistoryWindow, c: XHistoryCursor, token: string): Promise<FetchResult> {
  const query: Json = { ...DM_QUERY };
  if (c.token) query.pagination_token = c.token;
  const res = await get(channel, token, 'dm_events', query, 'GET dm_events (history)');
  const body = isObject(res.data) ? res.data : {};
  const data = Array.isArray(body.data) ? body.data : [];
  const users = byKey(isObject(body.includes) ? body.includes.users : undefined, 'id');
  const items: RawItem[] = [];
  let reachedSince = false;
  for (const event of data) {
    if (!isObject(event)) continue;
    const where = inWindow(event.created_at, window);
    if (where === 'before') {
      reachedSince = true;
      break;
    }
    if (where === 'after') continue;
    const senderId = str(event.sender_id);
    if (senderId !== undefined && senderId === channel.account.userId) continue;
    items.push(dmItem(event, users));
  }
  const nextToken = isObject(body.meta) ? str(body.meta.next_token) : undefined;
  const done = data.length === 0 || reachedSince || !nextToken;
  return withRate({ items, cursor: done ? { phase: 'dms', done: true } : { phase: 'dms', token: nextToken }, more: !done }, res.rateLimit);
}
