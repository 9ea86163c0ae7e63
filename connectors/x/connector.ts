/**
 * X connector on twitter-api-v2: polls mentions (since_id + pagination_token) and DMs
 * (/2/dm_events, newest first, no since_id), replies by tweet or DM, and maps every failure to
 * the typed errors of connectors/types.ts.
 *
 * Cursor (stored as JSON on the channel):
 *   { phase: 'mentions' | 'dms',
 *     mentions: { sinceId?, paginationToken?, pendingNewestId? },
 *     dms:      { lastSeenId?, paginationToken?, pendingNewestId? } }
 * A poll reads mention pages until one has no next_token (or is empty), then DM pages (only with a
 * user access token). sinceId / lastSeenId advance only when their stream is finished; until then
 * the newest id of the poll's first page waits in pendingNewestId and the next page's token in
 * paginationToken, so a crash mid-pagination resumes where it stopped (ingest dedupes).
 * DM stream end: an empty page, a page reaching lastSeenId, or a page without next_token. A page
 * shorter than max_results is not trusted as the end (the recorded API pads every page with
 * next_token, and page sizes vary), which costs one empty request on a first full walk.
 */
import http from 'node:http';
import https from 'node:https';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import {
  AuthExpiredError,
  CannotTellError,
  FIND_SENT_REPLY_SLACK_MS,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Connector,
  type Cursor,
  type FetchResult,
  type MessageKind,
  type ModerationAction,
  type ModerationState,
  type ModerationTarget,
  type RawItem,
  type ReplyTarget,
  type Visibility,
  sameReplyText,
} from '../types.js';
import { createHttpClient, redact } from '../http.js';
import { contentTypeOf, downloadFile } from '../attachments.js';
import { isObject, str, type Json } from '../payload.js';
import { normalizeX, xDmConversationKey } from './normalize.js';
import { xPlatform } from './descriptor.js';
import { xHistory } from './history.js';
import { byKey, dmItem, DM_QUERY, MENTION_QUERY, mentionItems, PAGE_SIZE, withRate } from './timeline.js';

export interface XCursor {
  phase: 'mentions' | 'dms';
  mentions: { sinceId?: string; paginationToken?: string; pendingNewestId?: string };
  dms: { lastSeenId?: string; paginationToken?: string; pendingNewestId?: string };
}

export interface XConnectorOptions {
  /** Socket idle timeout per request; a hanging server becomes a TransientError. */
  timeoutMs?: number;
}

const DEFAULT_BASE = 'https://api.x.com/';
/** Public media of posts (photos, video previews). */
const X_MEDIA_HOSTS = ['pbs.twimg.com', 'video.twimg.com'];
/** Media of direct messages: served only to a participant, with the user's token. */
const X_DM_MEDIA_HOSTS = ['ton.twitter.com', 'ton.x.com'];
const RATE_LIMIT_FALLBACK_MS = 15 * 60 * 1000;
/** findSentReply reads at most this many pages of own posts or DM events. */
const LOOKUP_PAGES = 5;

function olderOrEqual(id: string, than: string): boolean {
  if (/^\d+$/.test(id) && /^\d+$/.test(than)) return BigInt(id) <= BigInt(than);
  return id === than;
}

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readCursor(cursor: Cursor | null): XCursor {
  const c = cursor ?? {};
  const pick = (v: unknown, keys: string[]) => {
    const out: Record<string, string> = {};
    if (isObject(v)) for (const k of keys) if (str(v[k])) out[k] = v[k] as string;
    return out;
  };
  return {
    phase: c.phase === 'dms' ? 'dms' : 'mentions',
    mentions: pick(c.mentions, ['sinceId', 'paginationToken', 'pendingNewestId']),
    dms: pick(c.dms, ['lastSeenId', 'paginationToken', 'pendingNewestId']),
  };
}

function baseOf(channel: ChannelContext): string {
  const base = channel.baseUrl ?? DEFAULT_BASE;
  return base.endsWith('/') ? base : `${base}/`;
}

function nextUtcDay(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}

/** When the reset header is missing or already past, wait the length of one window. */
function resetFrom(err: ApiResponseError): Date {
  const now = Date.now();
  const candidates = [err.rateLimit, err.rateLimit?.userDay, err.rateLimit?.day]
    .filter((r): r is NonNullable<typeof r> => r !== undefined && r.remaining === 0 && Number.isFinite(r.reset))
    .map((r) => r.reset * 1000)
    .filter((t) => t > now);
  if (candidates.length === 0) {
    const header = Number(err.headers['x-rate-limit-reset']);
    if (Number.isFinite(header) && header * 1000 > now) candidates.push(header * 1000);
  }
  return new Date(candidates.length ? Math.max(...candidates) : now + RATE_LIMIT_FALLBACK_MS);
}

/** One table from the failure to the typed error; `secrets` are scrubbed from every message. */
export function toConnectorError(err: unknown, what: string, secrets: Array<string | undefined>): Error {
  if (err instanceof ApiResponseError) {
    const data: Json = isObject(err.data) ? (err.data as Json) : {};
    const type = str(data.type) ?? '';
    const summary = redact(`${str(data.title) ?? ''}${str(data.detail) ? `: ${str(data.detail)}` : ''}`, secrets, 300);
    const message = `X ${what} failed with ${err.code}${summary ? ` (${summary})` : ''}`;
    if ((err.code === 429 || err.code === 403) && type.endsWith('/usage-capped')) {
      return new RateLimitedError(nextUtcDay(), `${message}; usage cap reached`);
    }
    if (err.code === 429) {
      const limited = new RateLimitedError(resetFrom(err), message);
      // The app's 24-hour allowance is spent: every channel of the app waits, not only this one.
      limited.appWide = err.headers['x-app-limit-24hour-remaining'] === '0';
      return limited;
    }
    if (err.code === 401) return new AuthExpiredError(message);
    if (err.code >= 500) return new TransientError(message);
    return new PermanentError(message);
  }
  if (err instanceof ApiRequestError) {
    // twitter-api-v2 1.29 stores the socket error as _options.error; its requestError getter reads another key.
    const cause = (err.requestError ?? (err as unknown as { _options?: { error?: unknown } })._options?.error) as NodeJS.ErrnoException | undefined;
    const reason = cause?.code ?? cause?.message ?? 'request error';
    return new TransientError(`X ${what} failed: ${redact(reason, secrets, 300)}`);
  }
  if (err instanceof ApiPartialResponseError) return new TransientError(`X ${what} failed: partial response`);
  const reason = err instanceof Error ? err.message : String(err);
  return new TransientError(`X ${what} failed: ${redact(reason, secrets, 300)}`);
}

export function createXConnector(options: XConnectorOptions = {}): Connector & { close(): void } {
  const timeout = options.timeoutMs ?? 15_000;
  /** channel id → (token + base) → client, so keep-alive connections are reused. */
  const clients = new Map<string, Map<string, { client: TwitterApi; agent: http.Agent }>>();
  const files = createHttpClient({ name: 'X', timeoutMs: Math.max(timeout, 30_000) });

  function clientFor(channel: ChannelContext, token: string): TwitterApi {
    const base = baseOf(channel);
    const key = `${base}\n${token}`;
    let perChannel = clients.get(channel.id);
    if (!perChannel) clients.set(channel.id, (perChannel = new Map()));
    const cached = perChannel.get(key);
    if (cached) return cached.client;
    const current = new Set(Object.values(channel.credentials));
    for (const [k, v] of perChannel) {
      const [b, t] = k.split('\n');
      if (b !== base || !current.has(t ?? '')) {
        v.agent.destroy();
        perChannel.delete(k);
      }
    }
    const agent = base.startsWith('http:') ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true });
    const redirect = {
      onBeforeRequestConfig({ params }: { params: { url: string } }) {
        params.url = params.url.replace(/^https:\/\/api\.(x|twitter)\.com\//, base);
      },
    };
    const client = new TwitterApi(token, { plugins: [redirect], httpAgent: agent });
    perChannel.set(key, { client, agent });
    return client;
  }

  async function get(channel: ChannelContext, token: string, path: string, query: Json, what: string) {
    try {
      return await clientFor(channel, token).v2.get<Json>(path, query as Record<string, string>, { fullResponse: true, timeout });
    } catch (err) {
      throw toConnectorError(err, what, [token, ...Object.values(channel.credentials)]);
    }
  }

  async function fetchMentions(channel: ChannelContext, c: XCursor, canDm: boolean): Promise<FetchResult> {
    const token = channel.credentials.userAccessToken ?? channel.credentials.bearerToken;
    if (!token) throw new PermanentError('X channel has neither credentials.userAccessToken nor credentials.bearerToken');
    const userId = channel.account.userId;
    if (!userId) throw new PermanentError('X channel has no account.userId');
    const m = c.mentions;
    const query: Json = { ...MENTION_QUERY };
    if (m.sinceId) query.since_id = m.sinceId;
    if (m.paginationToken) query.pagination_token = m.paginationToken;
    const res = await get(channel, token, `users/${userId}/mentions`, query, 'GET mentions');
    const body = isObject(res.data) ? res.data : {};
    const data = Array.isArray(body.data) ? body.data : [];
    const meta = isObject(body.meta) ? body.meta : {};
    const items = mentionItems(body, data);

    const pendingNewestId = m.paginationToken ? m.pendingNewestId : (str(meta.newest_id) ?? m.pendingNewestId);
    const nextToken = str(meta.next_token);
    const cursor: XCursor = { phase: 'mentions', mentions: {}, dms: c.dms };
    let more: boolean;
    if (nextToken && data.length > 0) {
      cursor.mentions = withDefined({ sinceId: m.sinceId, paginationToken: nextToken, pendingNewestId });
      more = true;
    } else {
      cursor.mentions = withDefined({ sinceId: pendingNewestId ?? m.sinceId });
      cursor.phase = canDm ? 'dms' : 'mentions';
      more = canDm;
    }
    return withRate({ items, cursor: { ...cursor }, more }, res.rateLimit);
  }

  async function fetchDms(channel: ChannelContext, c: XCursor, token: string): Promise<FetchResult> {
    const d = c.dms;
    const ownId = channel.account.userId;
    const query: Json = { ...DM_QUERY };
    if (d.paginationToken) query.pagination_token = d.paginationToken;
    const res = await get(channel, token, 'dm_events', query, 'GET dm_events');
    const body = isObject(res.data) ? res.data : {};
    const data = Array.isArray(body.data) ? body.data : [];
    const meta = isObject(body.meta) ? body.meta : {};
    const users = byKey(isObject(body.includes) ? body.includes.users : undefined, 'id');

    const items: RawItem[] = [];
    let reachedLastSeen = false;
    for (const event of data) {
      const id = isObject(event) ? str(event.id) : undefined;
      if (id && d.lastSeenId && olderOrEqual(id, d.lastSeenId)) {
        reachedLastSeen = true;
        break;
      }
      const senderId = isObject(event) ? str(event.sender_id) : undefined;
      if (senderId !== undefined && senderId === ownId) continue;
      items.push(dmItem(event, users));
    }

    const first = data.find((e) => isObject(e) && str(e.id));
    const firstId = isObject(first) ? str(first.id) : undefined;
    const pendingNewestId = d.paginationToken ? d.pendingNewestId : (firstId ?? d.pendingNewestId);
    const nextToken = str(meta.next_token);
    const done = data.length === 0 || reachedLastSeen || !nextToken;
    const cursor: XCursor = { phase: done ? 'mentions' : 'dms', mentions: c.mentions, dms: {} };
    cursor.dms = done
      ? withDefined({ lastSeenId: newest(pendingNewestId, d.lastSeenId) })
      : withDefined({ lastSeenId: d.lastSeenId, paginationToken: nextToken, pendingNewestId });
    return withRate({ items, cursor: { ...cursor }, more: !done }, res.rateLimit);
  }

  async function post(channel: ChannelContext, path: string, body: Json, what: string, text: string): Promise<Json> {
    const token = channel.credentials.userAccessToken;
    if (!token) throw new PermanentError(`X ${what} needs a user access token (credentials.userAccessToken)`);
    try {
      const res = await clientFor(channel, token).v2.post<Json>(path, body, { fullResponse: true, timeout });
      const data = isObject(res.data) && isObject(res.data.data) ? res.data.data : undefined;
      if (!data) throw new PermanentError(`X ${what} answered without data`);
      return data;
    } catch (err) {
      if (err instanceof PermanentError) throw err;
      throw toConnectorError(err, what, [token, text, ...Object.values(channel.credentials)]);
    }
  }

  /** PUT /2/tweets/:id/hidden { hidden } (tweet.moderate.write): only replies in a conversation the entity's own post started. */
  async function moderate(channel: ChannelContext, target: ModerationTarget, action: ModerationAction): Promise<ModerationState> {
    if (action !== 'hide' && action !== 'unhide') throw new PermanentError(`X cannot ${action} a reply`);
    const what = `PUT hidden (${action})`;
    const token = channel.credentials.userAccessToken;
    if (!token) throw new PermanentError(`X ${what} needs a user access token (credentials.userAccessToken)`);
    if (!/^\d+$/.test(target.externalId)) throw new PermanentError('X post ids are numeric');
    let data: unknown;
    try {
      const res = await clientFor(channel, token).v2.put<Json>(`tweets/${target.externalId}/hidden`, { hidden: action === 'hide' }, { fullResponse: true, timeout });
      data = isObject(res.data) ? res.data.data : undefined;
    } catch (err) {
      throw toConnectorError(err, what, [token, ...Object.values(channel.credentials)]);
    }
    if (!isObject(data) || typeof data.hidden !== 'boolean') throw new PermanentError(`X ${what} answered without data.hidden`);
    return data.hidden ? 'hidden' : 'visible';
  }

  return {
    platform: 'x',

    moderate,

    async fetch(channel, cursor) {
      const c = readCursor(cursor);
      const dmToken = channel.credentials.userAccessToken;
      if (c.phase === 'dms' && dmToken) return fetchDms(channel, c, dmToken);
      return fetchMentions(channel, c, Boolean(dmToken));
    },

    normalize: normalizeX,

    history: (channel, window, cursor) => xHistory(get, channel, window, cursor),

    async reply(channel: ChannelContext, target: ReplyTarget, text: string) {
      if (target.visibility === 'public') {
        const data = await post(channel, 'tweets', { text, reply: { in_reply_to_tweet_id: target.inReplyToExternalId } }, 'POST tweets', text);
        const id = str(data.id);
        if (!id) throw new PermanentError('X POST tweets answered without data.id');
        return { externalId: id };
      }
      const recipient = target.recipientPlatformUserId;
      if (!/^\d+$/.test(recipient)) throw new PermanentError('X DM reply needs a numeric recipientPlatformUserId');
      const data = await post(channel, `dm_conversations/with/${recipient}/messages`, { text }, 'POST dm message', text);
      const id = str(data.dm_event_id);
      if (!id) throw new PermanentError('X POST dm message answered without data.dm_event_id');
      if (target.inReplyToKind === 'dm') return { externalId: id };
      // A DM in answer to a public post: the citizen answers in that DM conversation.
      const privateConversationKey = xDmConversationKey(str(data.dm_conversation_id), recipient, channel.account.userId);
      return privateConversationKey ? { externalId: id, privateConversationKey } : { externalId: id };
    },

    /**
     * Public: the entity's own posts since the attempt (GET /2/users/:id/tweets, start_time), one
     * replying to the target with the same text. Private: the DM conversation with the recipient
     * (newest first, no time filter on X), an event sent by the entity with the same text.
     */
    async findSentReply(channel: ChannelContext, target: ReplyTarget, text: string, since: Date) {
      const token = channel.credentials.userAccessToken;
      // Replies need the user token: without it no attempt can have posted anything.
      if (!token) return null;
      const ownId = channel.account.userId;
      if (!ownId) throw new CannotTellError('X channel has no account.userId');
      const from = new Date(since.getTime() - FIND_SENT_REPLY_SLACK_MS);
      let paginationToken: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        let data: unknown[];
        let nextToken: string | undefined;
        if (target.visibility === 'public') {
          const query: Json = { max_results: PAGE_SIZE, start_time: from.toISOString().replace(/\.\d{3}Z$/, 'Z'), 'tweet.fields': 'created_at,author_id,referenced_tweets,entities' };
          if (paginationToken) query.pagination_token = paginationToken;
          const res = await get(channel, token, `users/${ownId}/tweets`, query, 'GET own tweets');
          const body = isObject(res.data) ? res.data : {};
          data = Array.isArray(body.data) ? body.data : [];
          nextToken = isObject(body.meta) ? str(body.meta.next_token) : undefined;
          for (const tweet of data) {
            if (!isObject(tweet) || !str(tweet.id)) continue;
            if (str(tweet.author_id) !== undefined && tweet.author_id !== ownId) continue;
            const refs = Array.isArray(tweet.referenced_tweets) ? tweet.referenced_tweets : [];
            const answers = refs.some((r) => isObject(r) && r.type === 'replied_to' && r.id === target.inReplyToExternalId);
            if (answers && sameReplyText(expandedText(tweet), text)) return { externalId: tweet.id as string };
          }
        } else {
          const recipient = target.recipientPlatformUserId;
          if (!/^\d+$/.test(recipient)) throw new CannotTellError('X DM lookup needs a numeric recipientPlatformUserId');
          const query: Json = { max_results: PAGE_SIZE, event_types: 'MessageCreate', 'dm_event.fields': 'id,event_type,text,sender_id,created_at' };
          if (paginationToken) query.pagination_token = paginationToken;
          const res = await get(channel, token, `dm_conversations/with/${recipient}/dm_events`, query, 'GET dm conversation');
          const body = isObject(res.data) ? res.data : {};
          data = Array.isArray(body.data) ? body.data : [];
          nextToken = isObject(body.meta) ? str(body.meta.next_token) : undefined;
          let older = false;
          for (const event of data) {
            if (!isObject(event) || !str(event.id)) continue;
            const at = Date.parse(str(event.created_at) ?? '');
            if (Number.isFinite(at) && at < from.getTime()) {
              older = true;
              break;
            }
            if (event.sender_id === ownId && sameReplyText(str(event.text) ?? '', text)) {
              const privateConversationKey = target.inReplyToKind === 'dm' ? undefined : xDmConversationKey(undefined, recipient, ownId);
              return privateConversationKey ? { externalId: event.id as string, privateConversationKey } : { externalId: event.id as string };
            }
          }
          if (older) return null;
        }
        if (data.length === 0 || !nextToken) return null;
        paginationToken = nextToken;
      }
      throw new CannotTellError(`more than ${LOOKUP_PAGES * PAGE_SIZE} items since the attempt to look through`);
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(xPlatform.replies[kind] ?? [])];
    },

    /** Post media: a plain GET from X's media hosts. DM media (ton.twitter.com): with the user's token. */
    async fetchAttachment(channel, attachment) {
      const url = attachment.url;
      if (!url) throw new PermanentError('X attachment has no URL');
      const dmHost = X_DM_MEDIA_HOSTS.some((h) => url.startsWith(`https://${h}/`));
      const token = channel.credentials.userAccessToken;
      if (dmHost && !token) throw new PermanentError('X DM media need a user access token (credentials.userAccessToken)');
      const file = await downloadFile(files, channel, url, {
        hosts: dmHost ? X_DM_MEDIA_HOSTS : X_MEDIA_HOSTS,
        what: 'X GET media',
        ...(dmHost && token ? { headers: { authorization: `Bearer ${token}` }, secrets: [token] } : {}),
      });
      return { body: file.body, contentType: contentTypeOf(file.contentType, attachment) };
    },

    /** Closes the cached keep-alive connections (tests, shutdown). */
    close() {
      for (const perChannel of clients.values()) for (const { agent } of perChannel.values()) agent.destroy();
      clients.clear();
    },
  };
}

export const xConnector = createXConnector();

/** A post's text with its t.co links put back as posted (entities.urls[].expanded_url). */
function expandedText(tweet: Json): string {
  let text = str(tweet.text) ?? '';
  const urls = isObject(tweet.entities) && Array.isArray(tweet.entities.urls) ? tweet.entities.urls : [];
  for (const u of urls) if (isObject(u) && str(u.url) && str(u.expanded_url)) text = text.split(u.url as string).join(u.expanded_url as string);
  return text;
}

function newest(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return olderOrEqual(a, b) ? b : a;
}

function withDefined<T extends Record<string, string | undefined>>(o: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: string };
}

