/**
 * YouTube Data API v3 connector: polls every comment thread related to the entity's channel
 * (commentThreads.list with allThreadsRelatedToChannelId, order=time, newest first), reads the
 * replies of busy threads with comments.list?parentId=, and answers with comments.insert.
 * YouTube has no webhook for comments and no DMs.
 *
 * Channel keys:
 *   account.channelId        the entity's channel id (UC…); its own comments are ignored.
 *   credentials.apiKey       read-only access (sent as `key=`), enough for published comments;
 *   credentials.accessToken  OAuth 2.0 bearer (scope youtube.force-ssl); used for reading when
 *                            present and required for replies. Refreshing it is not done here.
 *
 * Cursor: { watermark?, recent?, replyCounts?, pageToken?, pending? }
 *   watermark    ISO publishedAt of the newest comment seen;
 *   recent       comment id → publishedAt of the comments within `overlapMs` of the watermark
 *                (the API has no since: a comment counts as new when it is younger than
 *                watermark − overlapMs and not in `recent`, so late-indexed comments within the
 *                overlap still arrive and nothing seen is fetched twice);
 *   replyCounts  thread id → totalReplyCount last seen, for the threads in that window, so
 *                comments.list is only called again for a thread whose count changed;
 *   pageToken    the next commentThreads page while a walk is under way;
 *   pending      the watermark / recent / replyCounts the walk has gathered so far; they replace
 *                the stored ones only when the walk ends, so a crash mid-walk resumes safely.
 * A walk ends on the last page or on the first page holding a thread whose latest activity (top
 * comment or an inline reply) is older than watermark − overlapMs.
 * Edits: a comment in `recent` whose updatedAt is after its publishedAt is passed on again (ingest
 * applies the edit once), so edits are seen while a comment is within the overlap of the watermark;
 * the API lists threads by time, so an edit of an older comment is not re-read.
 */
import {
  CannotTellError,
  FIND_SENT_REPLY_SLACK_MS,
  PermanentError,
  TransientError,
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
import { isObject, str, type Json } from '../payload.js';
import { toYouTubeError } from './errors.js';
import { editedAt, normalizeYouTube } from './normalize.js';
import { youtubePlatform } from './descriptor.js';
import { youtubeHistory } from './history.js';
import { activityOf, commentItem, publishedOf, threadParts, time } from './threads.js';
import { baseUrlOf, createHttpClient } from '../http.js';

type Stamps = Record<string, string>;
type Counts = Record<string, number>;

export interface YouTubeCursor {
  watermark?: string;
  recent?: Stamps;
  replyCounts?: Counts;
  pageToken?: string;
  pending?: { watermark?: string; recent?: Stamps; replyCounts?: Counts };
}

export interface YouTubeConnectorOptions {
  /** Per-request timeout; a hanging server becomes a TransientError. */
  timeoutMs?: number;
  /** How far behind the watermark comments are still looked for (default 5 minutes). */
  overlapMs?: number;
  /** Clock for the quota reset (tests). */
  now?: () => Date;
}

/** findSentReply reads at most this many pages of a thread's replies. */
const LOOKUP_PAGES = 5;
const DEFAULT_BASE = 'https://www.googleapis.com/';
const PAGE_SIZE = 100;
const MAX_RECENT = 300;
const MAX_REPLY_PAGES = 20;

function stamps(v: unknown): Stamps {
  const out: Stamps = {};
  if (isObject(v)) for (const [k, s] of Object.entries(v)) if (typeof s === 'string' && time(s) !== undefined) out[k] = s;
  return out;
}

function counts(v: unknown): Counts {
  const out: Counts = {};
  if (isObject(v)) for (const [k, n] of Object.entries(v)) if (typeof n === 'number' && Number.isInteger(n) && n >= 0) out[k] = n;
  return out;
}

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readCursor(cursor: Cursor | null): YouTubeCursor {
  const c = cursor ?? {};
  const out: YouTubeCursor = {};
  if (time(c.watermark) !== undefined) out.watermark = c.watermark as string;
  const recent = stamps(c.recent);
  if (Object.keys(recent).length) out.recent = recent;
  const replyCounts = counts(c.replyCounts);
  if (Object.keys(replyCounts).length) out.replyCounts = replyCounts;
  if (str(c.pageToken)) out.pageToken = c.pageToken as string;
  if (isObject(c.pending)) {
    const p = c.pending;
    out.pending = { recent: stamps(p.recent), replyCounts: counts(p.replyCounts) };
    if (time(p.watermark) !== undefined) out.pending.watermark = p.watermark as string;
  }
  return out;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return (time(a) ?? 0) >= (time(b) ?? 0) ? a : b;
}

/** Keeps the stamps within `overlapMs` of the watermark, newest first, at most MAX_RECENT. */
function window(all: Stamps, watermark: string | undefined, overlapMs: number): Stamps {
  const floor = (time(watermark) ?? 0) - overlapMs;
  const kept = Object.entries(all)
    .filter(([, s]) => (time(s) ?? 0) >= floor)
    .sort((a, b) => (time(b[1]) ?? 0) - (time(a[1]) ?? 0))
    .slice(0, MAX_RECENT);
  return Object.fromEntries(kept);
}

export function createYouTubeConnector(options: YouTubeConnectorOptions = {}): Connector & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const overlapMs = options.overlapMs ?? 5 * 60_000;
  const now = options.now ?? (() => new Date());

  const http = createHttpClient({ name: 'YouTube', timeoutMs });

  async function call(channel: ChannelContext, method: 'GET' | 'POST', path: string, query: Json, what: string, body?: Json): Promise<Json> {
    const { apiKey, accessToken } = channel.credentials;
    const url = new URL(`youtube/v3/${path}`, baseUrlOf(channel, DEFAULT_BASE));
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {};
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    else if (apiKey && method === 'GET') url.searchParams.set('key', apiKey);
    const res = await http.request({ method, url, headers, json: body, what, secrets: [apiKey, accessToken] });
    // An empty body reads as {}; a body that is not JSON as undefined.
    const json: unknown = res.text ? res.json : {};
    if (!res.ok) throw toYouTubeError(res.status, json, what, now());
    if (!isObject(json)) throw new TransientError(`YouTube ${what} answered ${res.status} with a body that is not a JSON object`);
    return json;
  }

  function readCredentials(channel: ChannelContext): void {
    if (!channel.credentials.accessToken && !channel.credentials.apiKey) {
      throw new PermanentError('YouTube channel has neither credentials.apiKey nor credentials.accessToken');
    }
    if (!channel.account.channelId) throw new PermanentError('YouTube channel has no account.channelId');
  }

  /** Every reply of a thread, newest first, through comments.list (1 quota unit per page). */
  async function allReplies(channel: ChannelContext, threadId: string): Promise<unknown[]> {
    const out: unknown[] = [];
    let pageToken: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_REPLY_PAGES; page++) {
      const body = await call(
        channel,
        'GET',
        'comments',
        { part: 'snippet', parentId: threadId, maxResults: PAGE_SIZE, textFormat: 'plainText', pageToken },
        'GET comments',
      );
      if (Array.isArray(body.items)) out.push(...body.items);
      pageToken = str(body.nextPageToken);
      if (!pageToken || seen.has(pageToken)) break;
      seen.add(pageToken);
    }
    return out;
  }

  return {
    platform: 'youtube',

    history: (channel, historyWindow, cursor) => {
      readCredentials(channel);
      return youtubeHistory({ call, allReplies }, channel, historyWindow, cursor);
    },

    async fetch(channel, stored) {
      readCredentials(channel);
      const c = readCursor(stored);
      const body = await call(
        channel,
        'GET',
        'commentThreads',
        {
          part: 'snippet,replies',
          allThreadsRelatedToChannelId: channel.account.channelId,
          order: 'time',
          maxResults: PAGE_SIZE,
          textFormat: 'plainText',
          pageToken: c.pageToken,
        },
        'GET commentThreads',
      );
      const threads = Array.isArray(body.items) ? body.items : [];
      const floor = c.watermark ? (time(c.watermark) ?? 0) - overlapMs : -Infinity;
      const recent = c.recent ?? {};
      const knownCounts = c.replyCounts ?? {};
      const pending = { watermark: c.pending?.watermark, recent: { ...c.pending?.recent }, replyCounts: { ...c.pending?.replyCounts } };

      const items: RawItem[] = [];
      let reachedOld = false;
      const take = (type: 'comment' | 'reply', comment: unknown, thread: Json) => {
        const t = publishedOf(comment);
        const id = isObject(comment) ? str(comment.id) : undefined;
        if (t !== undefined && t < floor) return;
        // A comment seen before comes again only when it was edited: ingest applies an edit once.
        if (id && recent[id] && !(isObject(comment) && isObject(comment.snippet) && editedAt(comment.snippet))) return;
        items.push(commentItem(type, comment, thread));
        if (!id) return;
        const iso = t !== undefined ? new Date(t).toISOString() : (pending.watermark ?? c.watermark);
        if (!iso) return;
        pending.recent[id] = iso;
        pending.watermark = later(pending.watermark, iso);
      };

      for (const raw of threads) {
        if (!isObject(raw)) {
          items.push({ type: 'comment', payload: { comment: raw, thread: {} } });
          continue;
        }
        if ((activityOf(raw) ?? Infinity) < floor) {
          reachedOld = true;
          continue;
        }
        const { thread, top, inline, threadId, total } = threadParts(raw);
        take('comment', top, thread);
        let replies: unknown[] = inline;
        if (threadId && total > inline.length && knownCounts[threadId] !== total) replies = await allReplies(channel, threadId);
        for (const reply of replies) take('reply', reply, thread);
        if (threadId) pending.replyCounts[threadId] = total;
      }

      const nextPageToken = str(body.nextPageToken);
      if (nextPageToken && !reachedOld && threads.length > 0) {
        const cursor: YouTubeCursor = { ...withoutPaging(c), pageToken: nextPageToken };
        const pendingRecent = window(pending.recent, pending.watermark, overlapMs);
        cursor.pending = { recent: pendingRecent, replyCounts: countsOf(pending.replyCounts, pendingRecent) };
        if (pending.watermark) cursor.pending.watermark = pending.watermark;
        return { items, cursor: cursor as Cursor, more: true };
      }
      const watermark = later(pending.watermark, c.watermark);
      const merged = window({ ...recent, ...pending.recent }, watermark, overlapMs);
      const cursor: YouTubeCursor = {};
      if (watermark) cursor.watermark = watermark;
      if (Object.keys(merged).length) cursor.recent = merged;
      const replyCounts = countsOf({ ...knownCounts, ...pending.replyCounts }, merged);
      if (Object.keys(replyCounts).length) cursor.replyCounts = replyCounts;
      return { items, cursor: cursor as Cursor, more: false } satisfies FetchResult;
    },

    normalize: normalizeYouTube,

    async reply(channel: ChannelContext, target: ReplyTarget, text: string) {
      if (target.visibility !== 'public') throw new PermanentError('YouTube has no private replies');
      if (!channel.credentials.accessToken) throw new PermanentError('YouTube replies need an OAuth access token (credentials.accessToken)');
      const parentId = threadIdOf(target);
      if (!parentId) throw new PermanentError('YouTube reply target has no thread id');
      const body = await call(channel, 'POST', 'comments', { part: 'snippet' }, 'POST comments', { snippet: { parentId, textOriginal: text } });
      const id = str(body.id);
      if (!id) throw new PermanentError('YouTube POST comments answered without id');
      return { externalId: id };
    },

    /**
     * comments.setModerationStatus (youtube.force-ssl, the channel's owner; 50 quota units): hold for
     * review, reject (also hides its replies) or publish again, which undoes either.
     */
    async moderate(channel, target, action) {
      const status = ({ hold: 'heldForReview', reject: 'rejected', publish: 'published' } as const)[action as 'hold' | 'reject' | 'publish'];
      if (!status) throw new PermanentError(`YouTube cannot ${action} a comment`);
      if (!channel.credentials.accessToken) throw new PermanentError('YouTube moderation needs an OAuth access token (credentials.accessToken)');
      await call(channel, 'POST', 'comments/setModerationStatus', { id: target.externalId, moderationStatus: status }, `POST setModerationStatus (${status})`);
      return action === 'hold' ? 'held' : action === 'reject' ? 'rejected' : 'visible';
    },

    /** The thread's replies (comments.list parentId, newest first) back to the attempt: one by the channel with the same text. */
    async findSentReply(channel: ChannelContext, target: ReplyTarget, text: string, since: Date) {
      if (target.visibility !== 'public' || !channel.credentials.accessToken) return null;
      const parentId = threadIdOf(target);
      if (!parentId) throw new CannotTellError('YouTube reply target has no thread id');
      const own = channel.account.channelId;
      if (!own) throw new CannotTellError('YouTube channel has no account.channelId');
      const from = since.getTime() - FIND_SENT_REPLY_SLACK_MS;
      let pageToken: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const body = await call(channel, 'GET', 'comments', { part: 'snippet', parentId, maxResults: 100, textFormat: 'plainText', pageToken }, 'GET comments (own reply)');
        const items = Array.isArray(body.items) ? body.items : [];
        for (const c of items) {
          const snippet = isObject(c) && isObject(c.snippet) ? c.snippet : undefined;
          if (!snippet || !isObject(c) || !str(c.id)) continue;
          const published = Date.parse(str(snippet.publishedAt) ?? '');
          if (Number.isFinite(published) && published < from) return null;
          const author = isObject(snippet.authorChannelId) ? str(snippet.authorChannelId.value) : undefined;
          if (author === own && sameReplyText(str(snippet.textOriginal) ?? str(snippet.textDisplay) ?? '', text)) return { externalId: c.id as string };
        }
        pageToken = str(body.nextPageToken);
        if (!pageToken || items.length === 0) return null;
      }
      throw new CannotTellError(`more than ${LOOKUP_PAGES * 100} replies since the attempt to look through`);
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(youtubePlatform.replies[kind] ?? [])];
    },

    /** Node's global agent keeps its own pool; nothing to release. */
    close() {},
  };
}

export const youtubeConnector = createYouTubeConnector();

function withoutPaging(c: YouTubeCursor): YouTubeCursor {
  const rest = { ...c };
  delete rest.pageToken;
  delete rest.pending;
  return rest;
}

/** Reply counts are kept for the threads that still have a comment in the recent window. */
function countsOf(all: Counts, recent: Stamps): Counts {
  const threads = new Set(Object.keys(recent).map((id) => id.split('.')[0]));
  return Object.fromEntries(Object.entries(all).filter(([id]) => threads.has(id)));
}

/** The thread to answer in: from the answered comment's payload, else the conversation key. */
export function threadIdOf(target: ReplyTarget): string | undefined {
  const raw = target.inReplyToRaw;
  if (isObject(raw)) {
    const comment = isObject(raw.comment) ? raw.comment : undefined;
    const snippet = comment && isObject(comment.snippet) ? comment.snippet : undefined;
    const fromRaw = str(snippet?.parentId) ?? (isObject(raw.thread) ? str(raw.thread.id) : undefined) ?? str(comment?.id);
    if (fromRaw) return fromRaw;
  }
  const m = /^yt:thread:([^:]+):/.exec(target.conversationKey);
  if (m) return m[1];
  return target.inReplyToExternalId.split('.')[0] || undefined;
}

