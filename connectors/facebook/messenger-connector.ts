/**
 * Messenger connector (platform 'messenger'): the Page's Messenger conversations over the Graph
 * API (connectors/meta/graph-client.ts), replies through the Send API, and the `messages` webhook.
 *
 * Channel keys:
 *   account.pageId            the Page id; messages from it are the entity's own (ignored)
 *   credentials.accessToken   a Page access token with pages_messaging (and pages_read_engagement)
 *   credentials.appSecret     optional: signs webhooks and adds appsecret_proof to API calls
 *   credentials.verifyToken   optional: the webhook subscription handshake
 *
 * Polling, one round per poll, each fetch() one request:
 *  1. conversations: GET /{page}/conversations?platform=messenger, newest updated_time first, with
 *     the newest messages inline. The walk stops at the first conversation updated before
 *     `updatedSince` (Graph has no time-based paging for conversations) or, on the first poll, after
 *     one page. Messages newer than the conversation's last seen message id (or, without one, not
 *     older than updatedSince) become items; the Page's own messages are left out.
 *  2. messages: when the inline page does not reach that mark, GET /{conversation}/messages pages
 *     until it does. (Meta gives message details only for the 20 newest messages of a conversation.)
 * Cursor: { updatedSince?: iso, seen: { [conversationId]: lastSeenMessageId },
 *           round?: { phase: 'conversations' | 'messages', after?, newestUpdated?, window, queue: [{ id, pendingId? }], messagesAfter? } }
 * `seen` holds the conversations of the last round; `round` a round in progress, so a crash mid-poll
 * resumes at the stored page (ingest dedupes what is read twice).
 *
 * Replies: Send API, POST /{page}/messages with messaging_type RESPONSE, allowed within 24 hours of
 * the citizen's last message. The answered message's time is read from target.inReplyToRaw; past the
 * window the reply is refused before any request, and a Send API error code 10 / subcode 2018278
 * gives the same PermanentError ("outside Messenger's 24-hour window: …"). With the option
 * humanAgentTag, replies up to 7 days use the HUMAN_AGENT tag (needs Meta's Human Agent permission).
 */
import {
  CannotTellError,
  FIND_SENT_REPLY_SLACK_MS,
  PermanentError,
  sameReplyText,
  type ChannelContext,
  type Connector,
  type Cursor,
  type FetchResult,
  type MessageKind,
  type RawItem,
  type ReplyTarget,
  type Visibility,
} from '../types.js';
import { graphErrorInfo } from '../meta/errors.js';
import { createGraphClient, graphTargetFor, type GraphClientOptions, type GraphResponse } from '../meta/graph-client.js';
import { graphResult } from '../meta/fetch-result.js';
import { createMetaFileClient, fetchMessageAttachment } from '../meta/attachments.js';
import { parseGraphTime, readPage } from '../meta/paging.js';
import { isObject, str, type Json } from '../payload.js';
import { messengerSentAt, normalizeMessenger } from './messenger-normalize.js';
import { messengerWebhook } from './messenger-webhook.js';
import { messengerPlatform } from './descriptor.js';
import { createMessengerHistory } from './messenger-history.js';

interface QueuedConversation {
  id: string;
  pendingId?: string;
}

interface Round {
  phase: 'conversations' | 'messages';
  after?: string;
  newestUpdated?: string;
  window: Record<string, string>;
  queue: QueuedConversation[];
  messagesAfter?: string;
}

export interface MessengerCursor {
  updatedSince?: string;
  seen: Record<string, string>;
  round?: Round;
}

export interface MessengerConnectorOptions extends GraphClientOptions {
  /** Conversations per page. Default 25. */
  conversationPageSize?: number;
  /** Messages inline per conversation and per /messages page. Default 20 (Meta's detail limit). */
  messagePageSize?: number;
  /** Reply between 24 hours and 7 days with the HUMAN_AGENT tag. Default false. */
  humanAgentTag?: boolean;
  /** Clock for the 24-hour window (tests). */
  now?: () => number;
}

/** findSentReply reads at most this many pages of conversations or messages. */
const LOOKUP_PAGES = 5;
const WINDOW_MS = 24 * 3600 * 1000;
const HUMAN_AGENT_MS = 7 * 24 * 3600 * 1000;
const MESSAGE_FIELDS = 'id,created_time,from,to,message,attachments{id,mime_type,name,size,image_data,video_data,file_url},sticker';

function timeOf(v: unknown): number | undefined {
  return parseGraphTime(v)?.getTime();
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (str(x)) out[k] = x as string;
  return out;
}

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readMessengerCursor(cursor: Cursor | null): MessengerCursor {
  const c = cursor ?? {};
  const out: MessengerCursor = { seen: stringMap(c.seen) };
  if (str(c.updatedSince) && timeOf(c.updatedSince) !== undefined) out.updatedSince = c.updatedSince as string;
  const r = c.round;
  if (isObject(r)) {
    const round: Round = {
      phase: r.phase === 'messages' ? 'messages' : 'conversations',
      window: stringMap(r.window),
      queue: Array.isArray(r.queue)
        ? r.queue.filter((q): q is Json => isObject(q) && str(q.id) !== undefined).map((q) => (str(q.pendingId) ? { id: q.id as string, pendingId: q.pendingId as string } : { id: q.id as string }))
        : [],
    };
    if (str(r.after)) round.after = r.after as string;
    if (str(r.messagesAfter)) round.messagesAfter = r.messagesAfter as string;
    if (str(r.newestUpdated)) round.newestUpdated = r.newestUpdated as string;
    if (round.phase === 'messages' && round.queue.length === 0) round.phase = 'conversations';
    out.round = round;
  }
  return out;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return (timeOf(a) ?? 0) >= (timeOf(b) ?? 0) ? a : b;
}

export function createMessengerConnector(options: MessengerConnectorOptions = {}): Connector & { close(): void } {
  const graph = createGraphClient(options);
  const files = createMetaFileClient();
  const conversationPageSize = options.conversationPageSize ?? 25;
  const messagePageSize = options.messagePageSize ?? 20;
  const now = options.now ?? Date.now;
  const conversationFields = `id,updated_time,messages.limit(${messagePageSize}){${MESSAGE_FIELDS}}`;

  function pageIdOf(channel: ChannelContext): string {
    const pageId = channel.account.pageId;
    if (!pageId) throw new PermanentError('Messenger channel has no account.pageId');
    return pageId;
  }

  function endRound(c: MessengerCursor, round: Round): MessengerCursor {
    const out: MessengerCursor = { seen: round.window };
    const since = later(c.updatedSince, round.newestUpdated);
    if (since) out.updatedSince = since;
    return out;
  }

  /** Messages (newest first) after the mark; `reached` once the mark or an older message shows up. */
  function newerThanMark(messages: unknown[], lastId: string | undefined, since: string | undefined): { fresh: unknown[]; reached: boolean } {
    const sinceMs = since ? timeOf(since) : undefined;
    const fresh: unknown[] = [];
    for (const m of messages) {
      const id = isObject(m) ? str(m.id) : undefined;
      const t = isObject(m) ? timeOf(m.created_time) : undefined;
      if ((lastId && id === lastId) || (!lastId && sinceMs !== undefined && t !== undefined && t < sinceMs)) return { fresh, reached: true };
      fresh.push(m);
    }
    return { fresh, reached: false };
  }

  function messageItems(messages: unknown[], conversationId: string, pageId: string): RawItem[] {
    const items: RawItem[] = [];
    for (const m of messages) {
      const from = isObject(m) && isObject(m.from) ? str(m.from.id) : undefined;
      if (from === pageId) continue;
      const id = isObject(m) ? str(m.id) : undefined;
      const payload = { message: m, conversationId };
      items.push(id ? { type: 'dm', externalId: id, payload } : { type: 'dm', payload });
    }
    return items;
  }

  function newestId(messages: unknown[]): string | undefined {
    const first = messages.find((m) => isObject(m) && str(m.id));
    return isObject(first) ? (first.id as string) : undefined;
  }

  async function conversationsStep(channel: ChannelContext, c: MessengerCursor, round: Round): Promise<FetchResult> {
    const pageId = pageIdOf(channel);
    const query: Record<string, string | number> = { platform: 'messenger', fields: conversationFields, limit: conversationPageSize };
    if (round.after) query.after = round.after;
    const res = await graph.get(graphTargetFor(channel, { platformName: 'Messenger' }), `${pageId}/conversations`, query, 'GET conversations');
    const page = readPage(res.body);
    const sinceMs = c.updatedSince ? timeOf(c.updatedSince) : undefined;
    const items: RawItem[] = [];
    let reachedOld = false;
    for (const conv of page.data) {
      const id = isObject(conv) ? str(conv.id) : undefined;
      if (!isObject(conv) || !id) continue;
      const updated = str(conv.updated_time);
      const updatedMs = timeOf(updated);
      if (sinceMs !== undefined && updatedMs !== undefined && updatedMs < sinceMs) {
        reachedOld = true;
        break;
      }
      round.newestUpdated = later(round.newestUpdated, updated);
      const lastId = c.seen[id];
      const inline = readPage(conv.messages);
      const { fresh, reached } = newerThanMark(inline.data, lastId, c.updatedSince);
      const newest = newestId(inline.data) ?? lastId;
      // First sight of a conversation without any mark: its inline page is the history we take.
      const complete = reached || !inline.next || (!lastId && !c.updatedSince);
      if (complete) {
        items.push(...messageItems(fresh, id, pageId));
        if (newest) round.window[id] = newest;
      } else {
        // More new messages than the inline page: /{conversation}/messages reads them from the top.
        if (lastId) round.window[id] = lastId;
        round.queue.push(newest ? { id, pendingId: newest } : { id });
      }
    }
    const firstPoll = !c.updatedSince;
    if (!reachedOld && !firstPoll && page.after && page.data.length > 0) {
      round.after = page.after;
      return graphResult(items, { ...c, round }, true, res);
    }
    delete round.after;
    if (round.queue.length === 0) return graphResult(items, endRound(c, round), false, res);
    round.phase = 'messages';
    return graphResult(items, { ...c, round }, true, res);
  }

  async function messagesStep(channel: ChannelContext, c: MessengerCursor, round: Round): Promise<FetchResult> {
    const pageId = pageIdOf(channel);
    const q = round.queue[0]!;
    const query: Record<string, string | number> = { fields: MESSAGE_FIELDS, limit: messagePageSize };
    if (round.messagesAfter) query.after = round.messagesAfter;
    let res: GraphResponse<unknown>;
    try {
      res = await graph.get(graphTargetFor(channel, { platformName: 'Messenger' }), `${q.id}/messages`, query, 'GET messages');
    } catch (err) {
      // A conversation gone since the list was read (code 100, unknown object) must not block the channel.
      if (graphErrorInfo(err)?.code !== 100) throw err;
      round.queue.shift();
      delete round.messagesAfter;
      if (round.queue.length === 0) return graphResult([], endRound(c, round), false);
      return graphResult([], { ...c, round }, true);
    }
    const page = readPage(res.body);
    if (!round.messagesAfter) {
      const newest = newestId(page.data);
      if (newest) q.pendingId = newest;
    }
    const { fresh, reached } = newerThanMark(page.data, c.seen[q.id], c.updatedSince);
    const items = messageItems(fresh, q.id, pageId);
    if (!reached && page.after && page.data.length > 0) {
      round.messagesAfter = page.after;
      return graphResult(items, { ...c, round }, true, res);
    }
    const mark = q.pendingId ?? c.seen[q.id];
    if (mark) round.window[q.id] = mark;
    round.queue.shift();
    delete round.messagesAfter;
    if (round.queue.length === 0) return graphResult(items, endRound(c, round), false, res);
    return graphResult(items, { ...c, round }, true, res);
  }

  async function reply(channel: ChannelContext, target: ReplyTarget, text: string): Promise<{ externalId: string }> {
    const pageId = pageIdOf(channel);
    const psid = target.recipientPlatformUserId || target.conversationKey.replace(/^fb:dm:/, '');
    if (!psid || psid === 'unknown') throw new PermanentError('Messenger reply needs the citizen\'s PSID (recipientPlatformUserId)');
    const sent = messengerSentAt(target.inReplyToRaw);
    const age = sent ? now() - sent.getTime() : undefined;
    const body: Json = { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text } };
    if (age !== undefined && age > WINDOW_MS) {
      if (!options.humanAgentTag || age > HUMAN_AGENT_MS) {
        throw new PermanentError(`outside Messenger's 24-hour window: the citizen's last message is from ${sent!.toISOString()}; answer on another channel or wait for the citizen to write again`);
      }
      body.messaging_type = 'MESSAGE_TAG';
      body.tag = 'HUMAN_AGENT';
    }
    try {
      const res = await graph.post(graphTargetFor(channel, { platformName: 'Messenger' }), `${pageId}/messages`, body, 'POST messages', [text]);
      const id = isObject(res.body) ? str(res.body.message_id) : undefined;
      if (!id) throw new PermanentError('Messenger Send API answered without message_id');
      return { externalId: id };
    } catch (err) {
      const info = graphErrorInfo(err);
      if (info?.code === 10 && info.subcode === 2018278) {
        throw new PermanentError(`outside Messenger's 24-hour window: the Send API refused the reply (code 10/2018278)`, { cause: info });
      }
      throw err;
    }
  }

  /**
   * The conversation with the citizen (GET /{page}/conversations?user_id=<PSID>), then its messages
   * newest first back to the attempt: one from the Page with the same text. Graph gives message
   * details only for a conversation's 20 most recent messages, which covers a reply just sent.
   */
  async function findSentReply(channel: ChannelContext, target: ReplyTarget, text: string, since: Date): Promise<{ externalId: string } | null> {
    const pageId = pageIdOf(channel);
    const psid = target.recipientPlatformUserId || target.conversationKey.replace(/^fb:dm:/, '');
    if (!psid || psid === 'unknown') throw new CannotTellError('Messenger lookup needs the citizen\'s PSID');
    const api = graphTargetFor(channel, { platformName: 'Messenger' });
    let conversationId: string | undefined;
    let after: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES && !conversationId; page++) {
      const query: Record<string, string | number> = { platform: 'messenger', user_id: psid, fields: 'id,participants', limit: 25 };
      if (after) query.after = after;
      const res = await graph.get(api, `${pageId}/conversations`, query, 'GET conversations (own reply)');
      const data = readPage(res.body);
      const match = data.data.find((c) => {
        const people = isObject(c) && isObject(c.participants) && Array.isArray(c.participants.data) ? c.participants.data : [];
        return people.some((p) => isObject(p) && p.id === psid);
      });
      if (isObject(match)) conversationId = str(match.id);
      if (!data.after || data.data.length === 0) break;
      after = data.after;
    }
    // No conversation with the citizen: nothing was sent to them.
    if (!conversationId) return null;
    const from = since.getTime() - FIND_SENT_REPLY_SLACK_MS;
    after = undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const query: Record<string, string | number> = { fields: 'id,message,from,created_time', limit: 25 };
      if (after) query.after = after;
      const res = await graph.get(api, `${conversationId}/messages`, query, 'GET messages (own reply)');
      const data = readPage(res.body);
      for (const m of data.data) {
        if (!isObject(m) || !str(m.id)) continue;
        const created = parseGraphTime(m.created_time);
        if (created !== undefined && created.getTime() < from) return null;
        const author = isObject(m.from) ? str(m.from.id) : undefined;
        if (author === pageId && sameReplyText(str(m.message) ?? '', text)) return { externalId: m.id as string };
      }
      if (!data.after || data.data.length === 0) return null;
      after = data.after;
    }
    throw new CannotTellError('too many messages since the attempt to look through');
  }

  return {
    platform: 'messenger',

    history: createMessengerHistory(graph, { conversations: conversationPageSize, messages: messagePageSize }),

    async fetch(channel, cursor) {
      const c = readMessengerCursor(cursor);
      const round = c.round ?? { phase: 'conversations', window: {}, queue: [] };
      if (round.phase === 'messages') return messagesStep(channel, c, round);
      return conversationsStep(channel, c, round);
    },

    normalize: normalizeMessenger,

    reply,

    findSentReply,

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(messengerPlatform.replies[kind] ?? [])];
    },

    /** The CDN URL, or when it expired a fresh one from the message (GET /{message-id}?fields=attachments). */
    fetchAttachment(channel, attachment) {
      return fetchMessageAttachment(graph, files, channel, attachment, 'Messenger');
    },

    webhook: messengerWebhook,

    close() {
      graph.close();
    },
  };
}
