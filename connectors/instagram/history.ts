/**
 * Instagram history for a backfill, three phases of one request each:
 *  1. 'media': GET /{ig-user}/media newest first; media published up to COMMENT_LOOKBACK_DAYS
 *     before the window and before its end, with comments, are queued; the walk ends at older media.
 *  2. 'comments': each queued media's comments (newest first, replies nested), those written inside
 *     the window, to the first top-level comment before it.
 *  3. 'conversations': GET /{page|ig-user}/conversations?platform=instagram newest updated first, to
 *     the first conversation last updated before the window; their messages inside the window, in the
 *     webhook's shape (reconcile.ts), so a DM has the id its delivery gives it.
 *
 * How far back: comments on media published more than COMMENT_LOOKBACK_DAYS before the window, and
 * replies beyond a comment's first nested page, are not read; Meta details only the 20 newest
 * messages of a conversation, so older DMs of a busy conversation cannot be had back.
 *
 * Cursor: { phase, after?, queue: [{ id, permalink? }], commentsAfter? }
 */
import { placeIn } from '../history-window.js';
import { graphTargetFor, type GraphClient, type GraphResponse, type GraphTarget } from '../meta/graph-client.js';
import { readPage } from '../meta/paging.js';
import { graphResult } from '../meta/fetch-result.js';
import { isObject, num, str } from '../payload.js';
import { PermanentError, type ChannelContext, type Cursor, type FetchResult, type HistoryWindow, type RawItem } from '../types.js';
import { COMMENT_FIELDS, commentItem, mediaGone } from './comments.js';
import { dmItemOf } from './reconcile.js';

export const COMMENT_LOOKBACK_DAYS = 30;
const CONVERSATION_FIELDS = 'id,updated_time,messages.limit(20){id,created_time,from,to,message,attachments}';

type Phase = 'media' | 'comments' | 'conversations';
interface QueuedMedia {
  id: string;
  permalink?: string;
}
interface InstagramHistoryCursor {
  phase: Phase;
  after?: string;
  queue: QueuedMedia[];
  commentsAfter?: string;
}

function readCursor(cursor: Cursor | null): InstagramHistoryCursor {
  const c = cursor ?? {};
  const phase: Phase = c.phase === 'comments' || c.phase === 'conversations' ? c.phase : 'media';
  const queue = Array.isArray(c.queue)
    ? c.queue.filter((q) => isObject(q) && str(q.id)).map((q) => {
        const m = q as { id: string; permalink?: unknown };
        return typeof m.permalink === 'string' ? { id: m.id, permalink: m.permalink } : { id: m.id };
      })
    : [];
  const out: InstagramHistoryCursor = { phase: phase === 'comments' && queue.length === 0 ? 'conversations' : phase, queue };
  if (str(c.after)) out.after = c.after as string;
  if (str(c.commentsAfter)) out.commentsAfter = c.commentsAfter as string;
  return out;
}

export function createInstagramHistory(client: GraphClient, pageSize: { media: number; comments: number }) {
  async function mediaPage(target: GraphTarget, igUserId: string, window: HistoryWindow, c: InstagramHistoryCursor): Promise<FetchResult> {
    const query: Record<string, string | number> = { fields: 'id,timestamp,comments_count,permalink', limit: pageSize.media };
    if (c.after) query.after = c.after;
    const res = await client.get(target, `${encodeURIComponent(igUserId)}/media`, query, 'GET media (history)');
    const page = readPage(res.body);
    const oldest = { since: new Date(window.since.getTime() - COMMENT_LOOKBACK_DAYS * 86_400_000), until: window.until };
    const queue = [...c.queue];
    let reachedOldest = false;
    for (const m of page.data) {
      if (!isObject(m) || !str(m.id)) continue;
      const place = placeIn(str(m.timestamp), oldest);
      if (place === 'before') {
        reachedOldest = true;
        break;
      }
      // Published after the window: none of its comments can be inside it.
      if (place === 'after' || (num(m.comments_count) ?? 1) === 0) continue;
      queue.push(str(m.permalink) ? { id: m.id as string, permalink: m.permalink as string } : { id: m.id as string });
    }
    if (!reachedOldest && page.after && page.data.length > 0) return graphResult([], { phase: 'media', after: page.after, queue }, true, res);
    return graphResult([], { phase: queue.length ? 'comments' : 'conversations', queue }, true, res);
  }

  async function commentsPage(target: GraphTarget, window: HistoryWindow, c: InstagramHistoryCursor): Promise<FetchResult> {
    const media = c.queue[0]!;
    const query: Record<string, string | number> = { fields: COMMENT_FIELDS, limit: pageSize.comments };
    if (c.commentsAfter) query.after = c.commentsAfter;
    const rest: InstagramHistoryCursor = { phase: c.queue.length > 1 ? 'comments' : 'conversations', queue: c.queue.slice(1) };
    let res: GraphResponse;
    try {
      res = await client.get(target, `${encodeURIComponent(media.id)}/comments`, query, 'GET comments (history)');
    } catch (err) {
      // The media was deleted meanwhile.
      if (!mediaGone(err)) throw err;
      return graphResult([], rest, true);
    }
    const page = readPage(res.body);
    const items: RawItem[] = [];
    let reachedSince = false;
    for (const comment of page.data) {
      if (!isObject(comment)) {
        items.push({ type: 'comment', payload: { comment, mediaId: media.id } });
        continue;
      }
      const id = str(comment.id);
      for (const reply of readPage(comment.replies).data) {
        if (isObject(reply) && placeIn(str(reply.timestamp), window) === 'inside') items.push(commentItem(reply, media, id));
      }
      const place = placeIn(str(comment.timestamp), window);
      if (place === 'inside') items.push(commentItem(comment, media));
      if (place === 'before') {
        reachedSince = true;
        break;
      }
    }
    if (!reachedSince && page.after && page.data.length > 0) return graphResult(items, { ...c, commentsAfter: page.after }, true, res);
    return graphResult(items, rest, true, res);
  }

  async function conversationsPage(target: GraphTarget, node: string, window: HistoryWindow, c: InstagramHistoryCursor): Promise<FetchResult> {
    const query: Record<string, string | number> = { platform: 'instagram', fields: CONVERSATION_FIELDS, limit: 25 };
    if (c.after) query.after = c.after;
    const res = await client.get(target, `${encodeURIComponent(node)}/conversations`, query, 'GET conversations (history)');
    const page = readPage(res.body);
    const items: RawItem[] = [];
    let reachedSince = false;
    for (const conversation of page.data) {
      if (!isObject(conversation)) continue;
      if (placeIn(str(conversation.updated_time), window) === 'before') {
        reachedSince = true;
        break;
      }
      for (const message of readPage(conversation.messages).data) {
        if (isObject(message) && placeIn(str(message.created_time), window) === 'inside') items.push(dmItemOf(message));
      }
    }
    if (!reachedSince && page.after && page.data.length > 0) return graphResult(items, { phase: 'conversations', after: page.after, queue: [] }, true, res);
    return graphResult(items, { phase: 'conversations', queue: [] }, false, res);
  }

  return async function history(channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
    const igUserId = channel.account.igUserId;
    if (!igUserId) throw new PermanentError('Instagram channel has no account.igUserId');
    const target = graphTargetFor(channel, { platformName: 'Instagram' });
    const c = readCursor(cursor);
    if (c.phase === 'media') return mediaPage(target, igUserId, window, c);
    if (c.phase === 'comments') return commentsPage(target, window, c);
    return conversationsPage(target, channel.account.pageId ?? igUserId, window, c);
  };
}
