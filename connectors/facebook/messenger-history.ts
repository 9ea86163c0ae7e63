/**
 * Messenger history for a backfill. Phase 'conversations': GET /{page}/conversations?platform=messenger,
 * newest updated_time first, to the first conversation last updated before the window's start; each
 * one updated since then is queued. Phase 'messages': each queued conversation's messages, newest
 * first, skipping those after the window and stopping at the first one before it; the Page's own
 * messages are left out, as when polling.
 *
 * How far back: Meta gives message details only for the 20 most recent messages of a conversation;
 * older messages of a busy conversation cannot be read back.
 *
 * Cursor: { phase: 'conversations' | 'messages', after?, queue: conversation ids, messagesAfter? }
 */
import { placeIn } from '../history-window.js';
import { graphErrorInfo } from '../meta/errors.js';
import { graphTargetFor, type GraphClient, type GraphResponse } from '../meta/graph-client.js';
import { readPage } from '../meta/paging.js';
import { graphResult, readQueueCursor, type QueueCursor } from '../meta/fetch-result.js';
import { isObject, str } from '../payload.js';
import { PermanentError, type ChannelContext, type Cursor, type FetchResult, type HistoryWindow, type RawItem } from '../types.js';

const MESSAGE_FIELDS = 'id,created_time,from,to,message,attachments{id,mime_type,name,size,image_data,video_data,file_url},sticker';

type MessengerHistoryCursor = QueueCursor<'conversations', 'messages', 'messagesAfter'>;

const readCursor = (cursor: Cursor | null): MessengerHistoryCursor => readQueueCursor(cursor, { list: 'conversations', queued: 'messages' }, 'messagesAfter');

export function createMessengerHistory(graph: GraphClient, pageSize: { conversations: number; messages: number }) {
  const target = (channel: ChannelContext) => graphTargetFor(channel, { platformName: 'Messenger' });

  async function conversationsPage(channel: ChannelContext, pageId: string, window: HistoryWindow, c: MessengerHistoryCursor): Promise<FetchResult> {
    const query: Record<string, string | number> = { platform: 'messenger', fields: 'id,updated_time', limit: pageSize.conversations };
    if (c.after) query.after = c.after;
    const res = await graph.get(target(channel), `${pageId}/conversations`, query, 'GET conversations (history)');
    const page = readPage(res.body);
    const queue = [...c.queue];
    let reachedSince = false;
    for (const conv of page.data) {
      const id = isObject(conv) ? str(conv.id) : undefined;
      if (!isObject(conv) || !id) continue;
      if (placeIn(str(conv.updated_time), window) === 'before') {
        reachedSince = true;
        break;
      }
      if (!queue.includes(id)) queue.push(id);
    }
    if (!reachedSince && page.after && page.data.length > 0) return graphResult([], { phase: 'conversations', after: page.after, queue }, true, res);
    return graphResult([], { phase: 'messages', queue }, queue.length > 0, res);
  }

  async function messagesPage(channel: ChannelContext, pageId: string, window: HistoryWindow, c: MessengerHistoryCursor): Promise<FetchResult> {
    const conversationId = c.queue[0]!;
    const query: Record<string, string | number> = { fields: MESSAGE_FIELDS, limit: pageSize.messages };
    if (c.messagesAfter) query.after = c.messagesAfter;
    const rest = { phase: 'messages' as const, queue: c.queue.slice(1) };
    let res: GraphResponse<unknown>;
    try {
      res = await graph.get(target(channel), `${conversationId}/messages`, query, 'GET messages (history)');
    } catch (err) {
      // A conversation gone meanwhile (code 100, unknown object).
      if (graphErrorInfo(err)?.code !== 100) throw err;
      return graphResult([], rest, rest.queue.length > 0);
    }
    const page = readPage(res.body);
    const items: RawItem[] = [];
    let reachedSince = false;
    for (const m of page.data) {
      const place = isObject(m) ? placeIn(str(m.created_time), window) : 'inside';
      if (place === 'before') {
        reachedSince = true;
        break;
      }
      if (place === 'after') continue;
      const from = isObject(m) && isObject(m.from) ? str(m.from.id) : undefined;
      if (from === pageId) continue;
      const id = isObject(m) ? str(m.id) : undefined;
      const payload = { message: m, conversationId };
      items.push(id ? { type: 'dm', externalId: id, payload } : { type: 'dm', payload });
    }
    if (!reachedSince && page.after && page.data.length > 0) return graphResult(items, { phase: 'messages', queue: c.queue, messagesAfter: page.after }, true, res);
    return graphResult(items, rest, rest.queue.length > 0, res);
  }

  return async function history(channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
    const pageId = channel.account.pageId;
    if (!pageId) throw new PermanentError('Messenger channel has no account.pageId');
    const c = readCursor(cursor);
    return c.phase === 'messages' ? messagesPage(channel, pageId, window, c) : conversationsPage(channel, pageId, window, c);
  };
}
