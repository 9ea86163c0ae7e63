/** Comment threads (commentThreads.list items) as the poller (connector.ts) and the backfill (history.ts) both read them. */
import { isObject, str, type Json } from '../payload.js';
import type { RawItem } from '../types.js';

/** An API time (RFC 3339) in ms; undefined when unreadable. */
export function time(v: unknown): number | undefined {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** The thread's own fields, as stored with each of its comments. */
export function threadInfo(thread: Json): Json {
  const rest: Json = { ...(isObject(thread.snippet) ? thread.snippet : {}) };
  delete rest.topLevelComment;
  return { id: thread.id, ...rest };
}

export function commentItem(type: 'comment' | 'reply', comment: unknown, thread: Json): RawItem {
  const id = isObject(comment) ? str(comment.id) : undefined;
  const payload = { comment, thread };
  return id ? { type, externalId: id, payload } : { type, payload };
}

export function publishedOf(comment: unknown): number | undefined {
  return isObject(comment) && isObject(comment.snippet) ? time(comment.snippet.publishedAt) : undefined;
}

export function inlineReplies(thread: Json): unknown[] {
  return isObject(thread.replies) && Array.isArray(thread.replies.comments) ? thread.replies.comments : [];
}

/** The newest publishedAt of the top comment and the inline replies; undefined when none can be read. */
export function activityOf(thread: Json): number | undefined {
  const snippet = isObject(thread.snippet) ? thread.snippet : {};
  const times = [snippet.topLevelComment, ...inlineReplies(thread)].map(publishedOf).filter((t): t is number => t !== undefined);
  return times.length ? Math.max(...times) : undefined;
}

/**
 * What a thread holds: its fields (threadInfo), top comment, the replies sent inline, its id, and its
 * reply count (totalReplyCount, else the inline ones); more replies than inline are read with comments.list.
 */
export function threadParts(raw: Json): { thread: Json; top: unknown; inline: unknown[]; threadId: string | undefined; total: number } {
  const snippet = isObject(raw.snippet) ? raw.snippet : {};
  const inline = inlineReplies(raw);
  const total = typeof snippet.totalReplyCount === 'number' ? snippet.totalReplyCount : inline.length;
  return { thread: threadInfo(raw), top: snippet.topLevelComment, inline, threadId: str(raw.id), total };
}
