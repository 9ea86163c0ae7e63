/**
 * Facebook Page history for a backfill. Phase 'feed': GET /{page}/feed with since/until (created
 * time) from COMMENT_LOOKBACK_DAYS before the window to its end, newest first: visitor posts
 * created inside the window are items, and every post with activity (updated_time) at or after
 * the window's start is queued. Phase 'comments': each queued post's comments, newest first
 * (filter=stream, so replies too), skipping those after the window and stopping at the first one
 * before it (the comments edge has no reliable time filter).
 *
 * How far back: the Page feed serves about 600 ranked published posts per year; comments in the
 * window on posts published more than COMMENT_LOOKBACK_DAYS before it are not found.
 *
 * Cursor: { phase: 'feed' | 'comments', after?, queue: post ids, commentsAfter? }
 */
import { placeIn, unixSeconds } from '../history-window.js';
import type { GraphClient, GraphResponse } from '../meta/graph-client.js';
import { graphTargetFor } from '../meta/graph-client.js';
import { readPage } from '../meta/paging.js';
import { graphResult, readQueueCursor, type QueueCursor } from '../meta/fetch-result.js';
import { isObject, str, type Json } from '../payload.js';
import { PermanentError, type ChannelContext, type Cursor, type FetchResult, type HistoryWindow, type RawItem } from '../types.js';
import { graphErrorInfo } from '../meta/errors.js';
import { COMMENT_FIELDS, commentItems } from './comments.js';

export const COMMENT_LOOKBACK_DAYS = 30;
const FEED_FIELDS = 'id,from{id,name},message,created_time,updated_time,permalink_url,attachments{type,media_type,url,media,subattachments}';

type FacebookHistoryCursor = QueueCursor<'feed', 'comments', 'commentsAfter'>;

const readCursor = (cursor: Cursor | null): FacebookHistoryCursor => readQueueCursor(cursor, { list: 'feed', queued: 'comments' }, 'commentsAfter');

export function createFacebookHistory(graph: GraphClient, pageSize: { feed: number; comments: number }) {
  const target = (channel: ChannelContext) => graphTargetFor(channel, { platformName: 'Facebook' });

  async function feedPage(channel: ChannelContext, pageId: string, window: HistoryWindow, c: FacebookHistoryCursor): Promise<FetchResult> {
    const since = new Date(window.since.getTime() - COMMENT_LOOKBACK_DAYS * 86_400_000);
    const query: Record<string, string | number> = { fields: FEED_FIELDS, limit: pageSize.feed, since: unixSeconds(since), until: unixSeconds(new Date(window.until.getTime() - 1)) };
    if (c.after) query.after = c.after;
    const res = await graph.get(target(channel), `${pageId}/feed`, query, 'GET feed (history)');
    const page = readPage(res.body);
    const items: RawItem[] = [];
    const queue = [...c.queue];
    for (const raw of page.data) {
      if (!isObject(raw) || !str(raw.id)) {
        items.push({ type: 'post', payload: { post: raw } });
        continue;
      }
      const id = raw.id as string;
      const from = isObject(raw.from) ? str(raw.from.id) : undefined;
      if (from !== pageId && placeIn(str(raw.created_time), window) === 'inside') items.push({ type: 'post', externalId: id, payload: { post: raw } });
      if (placeIn(str(raw.updated_time) ?? str(raw.created_time), window) !== 'before' && !queue.includes(id)) queue.push(id);
    }
    if (page.after && page.data.length > 0) return graphResult(items, { phase: 'feed', after: page.after, queue }, true, res);
    return graphResult(items, { phase: 'comments', queue }, queue.length > 0, res);
  }

  async function commentPage(channel: ChannelContext, pageId: string, window: HistoryWindow, c: FacebookHistoryCursor): Promise<FetchResult> {
    const postId = c.queue[0]!;
    const query: Record<string, string | number> = { fields: COMMENT_FIELDS, filter: 'stream', order: 'reverse_chronological', limit: pageSize.comments };
    if (c.commentsAfter) query.after = c.commentsAfter;
    const rest = { phase: 'comments' as const, queue: c.queue.slice(1) };
    let res: GraphResponse<unknown>;
    try {
      res = await graph.get(target(channel), `${postId}/comments`, query, 'GET comments (history)');
    } catch (err) {
      // A post deleted meanwhile (code 100, unknown object): its comments are gone with it.
      if (graphErrorInfo(err)?.code !== 100) throw err;
      return graphResult([], rest, rest.queue.length > 0);
    }
    const page = readPage(res.body);
    const inside: Json[] = [];
    let reachedSince = false;
    for (const comment of page.data) {
      const place = isObject(comment) ? placeIn(str(comment.created_time), window) : 'inside';
      if (place === 'before') {
        reachedSince = true;
        break;
      }
      if (place === 'inside') inside.push(isObject(comment) ? comment : { unreadable: true });
    }
    const items = commentItems(inside, postId, pageId);
    if (!reachedSince && page.after && page.data.length > 0) return graphResult(items, { phase: 'comments', queue: c.queue, commentsAfter: page.after }, true, res);
    return graphResult(items, rest, rest.queue.length > 0, res);
  }

  return async function history(channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
    const pageId = channel.account.pageId;
    if (!pageId) throw new PermanentError('Facebook channel has no account.pageId');
    const c = readCursor(cursor);
    return c.phase === 'comments' ? commentPage(channel, pageId, window, c) : feedPage(channel, pageId, window, c);
  };
}
