/**
 * YouTube history for a backfill: commentThreads.list (allThreadsRelatedToChannelId, order=time,
 * newest first) page by page; of each thread the top comment and its replies (inline, or all of
 * them through comments.list when the thread has more) published inside the window. The walk ends
 * after the page that reaches a thread whose latest activity is older than the window's start.
 *
 * How far back: to the channel's first comment (the API has no time filter, so a long window costs
 * one quota unit per page of 100 threads, plus one per busy thread).
 *
 * Cursor: { pageToken? } — the next commentThreads page.
 */
import { placeIn } from '../history-window.js';
import { isObject, str, type Json } from '../payload.js';
import type { ChannelContext, Cursor, FetchResult, HistoryWindow, RawItem } from '../types.js';
import { activityOf, commentItem, publishedOf, threadParts } from './threads.js';

const PAGE_SIZE = 100;

export interface YouTubeCalls {
  call(channel: ChannelContext, method: 'GET', path: string, query: Json, what: string): Promise<Json>;
  allReplies(channel: ChannelContext, threadId: string): Promise<unknown[]>;
}

export async function youtubeHistory(api: YouTubeCalls, channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
  const pageToken = str(cursor?.pageToken);
  const body = await api.call(
    channel,
    'GET',
    'commentThreads',
    { part: 'snippet,replies', allThreadsRelatedToChannelId: channel.account.channelId, order: 'time', maxResults: PAGE_SIZE, textFormat: 'plainText', pageToken },
    'GET commentThreads (history)',
  );
  const threads = Array.isArray(body.items) ? body.items : [];
  const items: RawItem[] = [];
  let reachedSince = false;
  const take = (type: 'comment' | 'reply', comment: unknown, thread: Json) => {
    if (placeIn(publishedOf(comment), window) === 'inside') items.push(commentItem(type, comment, thread));
  };
  for (const raw of threads) {
    if (!isObject(raw)) {
      items.push({ type: 'comment', payload: { comment: raw, thread: {} } });
      continue;
    }
    if (placeIn(activityOf(raw), window) === 'before') {
      reachedSince = true;
      continue;
    }
    const { thread, top, inline, threadId, total } = threadParts(raw);
    take('comment', top, thread);
    const replies = threadId && total > inline.length ? await api.allReplies(channel, threadId) : inline;
    for (const reply of replies) take('reply', reply, thread);
  }
  const next = str(body.nextPageToken);
  if (next && !reachedSince && threads.length > 0) return { items, cursor: { pageToken: next }, more: true };
  return { items, cursor: { done: true }, more: false };
}
