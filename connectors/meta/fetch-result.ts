/**
 * What a Graph fetch step (a poll or a backfill page) hands back, and the cursor the Meta backfills
 * share: a list walked page by page that queues ids, then each queued id's pages.
 */
import { str } from '../payload.js';
import type { Cursor, FetchResult, RawItem } from '../types.js';
import { rateLimitOfUsage, type GraphResponse } from './graph-client.js';

/** The items and a copy of the cursor (JSON only), with the rate limit the response's usage headers tell. */
export function graphResult(items: RawItem[], cursor: object, more: boolean, res?: GraphResponse<unknown>): FetchResult {
  const out: FetchResult = { items, cursor: JSON.parse(JSON.stringify(cursor)) as Cursor, more };
  const rate = res && rateLimitOfUsage(res.usage);
  if (rate) out.rateLimit = rate;
  return out;
}

/**
 * A backfill in two phases: `list` walks pages (`after`) and queues ids; `queued` reads the first
 * queued id's pages (`afterKey`, e.g. 'commentsAfter') and goes on to the next.
 */
export type QueueCursor<L extends string, Q extends string, K extends string> = { phase: L | Q; after?: string; queue: string[] } & Partial<Record<K, string>>;

/** Reads a stored queue cursor defensively; the queued phase with nothing queued is the list phase. */
export function readQueueCursor<L extends string, Q extends string, K extends string>(
  cursor: Cursor | null,
  phases: { list: L; queued: Q },
  afterKey: K,
): QueueCursor<L, Q, K> {
  const c = cursor ?? {};
  const queue = Array.isArray(c.queue) ? c.queue.filter((id): id is string => typeof id === 'string') : [];
  const out = { phase: c.phase === phases.queued && queue.length > 0 ? phases.queued : phases.list, queue } as QueueCursor<L, Q, K>;
  if (str(c.after)) out.after = c.after as string;
  const queuedAfter = str(c[afterKey]);
  if (queuedAfter) (out as Record<string, unknown>)[afterKey] = queuedAfter;
  return out;
}
