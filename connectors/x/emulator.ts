/**
 * A local HTTP server speaking the X API v2 shapes recorded in test/fixtures/platforms/x/
 * (mentions timeline, dm_events, POST /2/tweets, POST dm messages, OAuth2 token refresh, the
 * problem bodies of errors_observed.json). Used by tests, the benchmark and demo mode.
 *
 * Simplifications (see also the route handlers): rate-limit headers are reported but never
 * enforced on their own (only failNext/rateLimitUntil produce 429); the 800-mention and 30-day DM
 * windows are not applied; OAuth 1.0a signatures are not verified; mentions never carry
 * previous_token or includes.tweets; media are synthesised as photos from their keys, their url on this
 * emulator (`/media/<key>.jpg`, a PNG) standing in for pbs.twimg.com.
 */
import { LoopbackEmulator } from '../loopback-server.js';
import { serveMediaPath } from '../emulator-media.js';
import { OAuthEmulator } from '../oauth-emulator.js';
import http from 'node:http';

export interface XAccount {
  userId: string;
  handle: string;
  name?: string;
  token: string;
  /** Optional refresh token accepted by POST /2/oauth2/token. */
  refreshToken?: string;
}

export interface XReplyRecord {
  kind: 'tweet' | 'dm';
  id: string;
  text: string;
  inReplyToTweetId?: string;
  participantId?: string;
  byUserId: string;
  at: Date;
}

export interface XRequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The raw query string without '?', '' when none. */
  query: string;
  status: number;
}

export type XFailStatus = 401 | 403 | 429 | 500 | 503;

interface UserRecord {
  id: string;
  username: string;
  name: string;
}

interface TweetRecord {
  key: bigint;
  id: string;
  text: string;
  authorId: string;
  conversationId: string;
  inReplyToTweetId?: string;
  inReplyToUserId?: string;
  createdAt: Date;
  lang: string;
  mediaKeys?: string[];
}

/** A mention as stored for its recipient: a structured tweet, or a raw object served verbatim. */
interface MentionEntry {
  key: bigint;
  tweet?: TweetRecord;
  raw?: unknown;
  authorId?: string;
}

interface DmRecord {
  key: bigint;
  id: string;
  text: string;
  senderId: string;
  conversationId: string;
  createdAt: Date;
}

interface FailRule {
  status: XFailStatus;
  remaining: number;
  resetAt?: Date;
  path?: RegExp;
  usageCapped: boolean;
}

interface LimitRule {
  resetAt: Date;
  path?: RegExp;
}

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Ctx {
  method: string;
  path: string;
  match: RegExpMatchArray;
  query: URLSearchParams;
  userId: string;
  body: unknown;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT';
  pattern: RegExp;
  bucket: string;
  limit: number;
  auth: boolean;
  handle: (ctx: Ctx) => Reply;
}

/** Problem bodies as recorded (errors_observed.json); 500 and 503 follow the same shape. */
const PROBLEMS: Record<XFailStatus | 'usageCapped', Json> = {
  401: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
  403: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not permitted to perform this action.' },
  429: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
  500: { title: 'Internal Server Error', detail: 'Internal Server Error', type: 'about:blank', status: 500 },
  503: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
  usageCapped: {
    account_id: 1234567890,
    product_name: 'standard-basic',
    title: 'UsageCapExceeded',
    period: 'Monthly',
    scope: 'Product',
    detail: 'Usage cap exceeded: Monthly product cap',
    type: 'https://api.twitter.com/2/problems/usage-capped',
  },
};

const WINDOW_MS = 15 * 60 * 1000;
const NUMERIC_ID = /^\d{1,19}$/;
const TWEET_FIELDS = ['created_at', 'author_id', 'conversation_id', 'in_reply_to_user_id', 'referenced_tweets', 'attachments', 'lang'];
const DM_FIELDS = ['sender_id', 'dm_conversation_id', 'created_at'];

function invalidRequest(parameter: string, value: string, message: string): Reply {
  return {
    status: 400,
    body: {
      errors: [{ parameters: { [parameter]: [value] }, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  };
}

/** X's checks of a timeline page's max_results, since_id and until_id, as its 400 answers word them. */
function invalidPageParameters(q: URLSearchParams): Reply | undefined {
  const max = q.get('max_results') ?? '10';
  const n = Number(max);
  if (!Number.isInteger(n) || n < 5 || n > 100) {
    return invalidRequest('max_results', max, `The \`max_results\` query parameter value [${max}] is not between 5 and 100`);
  }
  for (const p of ['since_id', 'until_id']) {
    const v = q.get(p);
    if (v !== null && !NUMERIC_ID.test(v)) return invalidRequest(p, v, `The \`${p}\` query parameter value [${v}] is not valid`);
  }
  return undefined;
}

/** start_time and end_time of a timeline request as epoch ms, or X's 400 answer for a malformed one. */
function timeWindow(q: URLSearchParams): { start_time?: number; end_time?: number } | Reply {
  const times: { start_time?: number; end_time?: number } = {};
  for (const p of ['start_time', 'end_time'] as const) {
    const v = q.get(p);
    if (v === null) continue;
    const t = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(v) || Number.isNaN(t)) {
      return invalidRequest(p, v, `Invalid '${p}':'${v}'. '${p}' must be a valid RFC3339 date-time`);
    }
    times[p] = t;
  }
  return times;
}

/** Index of the first entry whose key is >= key (entries sorted ascending). */
function lowerBound(entries: Array<{ key: bigint }>, key: bigint): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted<T extends { key: bigint }>(entries: T[], entry: T): void {
  const last = entries[entries.length - 1];
  if (!last || last.key < entry.key) {
    entries.push(entry);
    return;
  }
  const at = lowerBound(entries, entry.key);
  if (entries[at]?.key === entry.key) entries[at] = entry;
  else entries.splice(at, 0, entry);
}

function encodeToken(kind: string, key: bigint): string {
  return Buffer.from(`${kind}:${key}`).toString('base64url');
}

function decodeToken(kind: string, token: string): bigint | undefined {
  const [k, v] = Buffer.from(token, 'base64url').toString().split(':');
  return k === kind && v !== undefined && NUMERIC_ID.test(v) ? BigInt(v) : undefined;
}

function fieldList(query: URLSearchParams, ...names: string[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) for (const f of (query.get(name) ?? '').split(',')) if (f) out.add(f.trim());
  return out;
}

function pairId(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

export class XEmulator extends LoopbackEmulator {
  readonly replies: XReplyRecord[] = [];
  readonly requestLog: XRequestLogEntry[] = [];

  /** The requested port, then the bound one, so a restarted emulator keeps its URL. */
  private readonly pageSize: number;
  private nextKey = 1900000000000000000n;
  private readonly accounts: XAccount[] = [];
  private readonly tokens = new Map<string, string>();
  private readonly revoked = new Set<string>();
  private readonly users = new Map<string, UserRecord>();
  private readonly tweets = new Map<string, TweetRecord>();
  /** Replies the conversation's owner hid. */
  private readonly hidden = new Set<string>();
  private readonly mentions = new Map<string, MentionEntry[]>();
  private readonly dms = new Map<string, DmRecord[]>();
  private readonly failRules: FailRule[] = [];
  private readonly limitRules: LimitRule[] = [];
  private readonly windows = new Map<string, { start: number; used: number }>();
  private readonly routes: Route[];
  /** OAuth 2.0 with PKCE: authorize page, token (code, refresh), revoke (connectors/oauth-emulator.ts). */
  readonly oauth: OAuthEmulator;

  constructor(opts: { port?: number; pageSize?: number } = {}) {
    super(opts.port ?? 0);
    this.oauth = new OAuthEmulator({
      platformName: 'X',
      paths: { authorize: /^\/i\/oauth2\/authorize$/, token: /^\/2\/oauth2\/token$/, revoke: /^\/2\/oauth2\/revoke$/ },
      pkce: 'required',
      expiresIn: 7200,
      refresh: true,
      tokenFields: { scope: 'tweet.read tweet.write users.read dm.read dm.write offline.access' },
      identities: () => this.accounts.map((a) => ({ id: a.userId, label: `@${a.handle}` })),
      grant: (token, userId) => void this.tokens.set(token, userId),
      revoke: (token) => this.revokeToken(token),
    });
    this.pageSize = Math.max(1, Math.min(opts.pageSize ?? 100, 100));
    const dmEvents = (ctx: Ctx, filter?: (e: DmRecord) => boolean) => this.dmEvents(ctx, filter);
    this.routes = [
      { method: 'GET', pattern: /^\/2\/users\/me$/, bucket: 'users/me', limit: 75, auth: true, handle: (c) => this.me(c) },
      { method: 'GET', pattern: /^\/2\/users\/(\d+)\/mentions$/, bucket: 'mentions', limit: 450, auth: true, handle: (c) => this.mentionsPage(c) },
      { method: 'GET', pattern: /^\/2\/users\/(\d+)\/tweets$/, bucket: 'user tweets', limit: 900, auth: true, handle: (c) => this.userTweetsPage(c) },
      { method: 'GET', pattern: /^\/2\/tweets\/(\d+)$/, bucket: 'tweets/id', limit: 900, auth: true, handle: (c) => this.tweetById(c) },
      { method: 'GET', pattern: /^\/2\/dm_events$/, bucket: 'dm_events', limit: 300, auth: true, handle: (c) => dmEvents(c) },
      {
        method: 'GET', pattern: /^\/2\/dm_conversations\/with\/(\d+)\/dm_events$/, bucket: 'dm_events', limit: 300, auth: true,
        handle: (c) => dmEvents(c, (e) => e.conversationId === pairId(c.userId, c.match[1]!)),
      },
      {
        method: 'GET', pattern: /^\/2\/dm_conversations\/([\d-]+)\/dm_events$/, bucket: 'dm_events', limit: 300, auth: true,
        handle: (c) => dmEvents(c, (e) => e.conversationId === c.match[1]),
      },
      { method: 'POST', pattern: /^\/2\/tweets$/, bucket: 'post tweets', limit: 200, auth: true, handle: (c) => this.postTweet(c) },
      { method: 'PUT', pattern: /^\/2\/tweets\/(\d+)\/hidden$/, bucket: 'hide replies', limit: 50, auth: true, handle: (c) => this.hideReply(c) },
      // Not on X: reads back what hideReply recorded, for tests and the demo.
      { method: 'GET', pattern: /^\/2\/tweets\/(\d+)\/hidden$/, bucket: 'hide replies', limit: 50, auth: true, handle: (c) => this.hiddenState(c) },
      {
        method: 'POST', pattern: /^\/2\/dm_conversations\/with\/(\d+)\/messages$/, bucket: 'post dm', limit: 200, auth: true,
        handle: (c) => this.postDm(c, c.match[1]!),
      },
      {
        method: 'POST', pattern: /^\/2\/dm_conversations\/(\d+)-(\d+)\/messages$/, bucket: 'post dm', limit: 200, auth: true,
        handle: (c) => this.postDm(c, c.match[1] === c.userId ? c.match[2]! : c.match[1]!),
      },
    ];
  }

  addAccount(a: XAccount): void {
    this.accounts.push(a);
    this.tokens.set(a.token, a.userId);
    if (a.refreshToken) this.oauth.registerRefreshToken(a.refreshToken, a.userId);
    this.users.set(a.userId, { id: a.userId, username: a.handle, name: a.name ?? a.handle });
  }

  addMention(m: {
    toUserId: string; text: string; authorId: string; username: string; name?: string; id?: string;
    conversationId?: string; inReplyToTweetId?: string; createdAt?: Date; lang?: string; mediaKeys?: string[];
  }): string {
    this.users.set(m.authorId, { id: m.authorId, username: m.username, name: m.name ?? m.username });
    const key = this.claimKey(m.id);
    const id = key.toString();
    const parent = m.inReplyToTweetId ? this.tweets.get(m.inReplyToTweetId) : undefined;
    const tweet: TweetRecord = {
      key, id, text: m.text, authorId: m.authorId,
      conversationId: m.conversationId ?? parent?.conversationId ?? m.inReplyToTweetId ?? id,
      createdAt: m.createdAt ?? new Date(), lang: m.lang ?? 'und',
    };
    if (m.inReplyToTweetId) {
      tweet.inReplyToTweetId = m.inReplyToTweetId;
      tweet.inReplyToUserId = parent?.authorId ?? m.toUserId;
    }
    if (m.mediaKeys?.length) tweet.mediaKeys = [...m.mediaKeys];
    this.tweets.set(id, tweet);
    insertSorted(this.listFor(this.mentions, m.toUserId), { key, tweet, authorId: m.authorId });
    return id;
  }

  /** Serves `tweet` verbatim; it is ordered by its numeric `id` when it has one. */
  addRawMention(toUserId: string, tweet: unknown): void {
    const t = (typeof tweet === 'object' && tweet !== null ? tweet : {}) as Json;
    const id = typeof t.id === 'string' && NUMERIC_ID.test(t.id) ? t.id : undefined;
    const entry: MentionEntry = { key: this.claimKey(id), raw: tweet };
    if (typeof t.author_id === 'string') entry.authorId = t.author_id;
    insertSorted(this.listFor(this.mentions, toUserId), entry);
  }

  addDm(d: { toUserId: string; text: string; senderId: string; username?: string; name?: string; id?: string; createdAt?: Date }): string {
    if (d.username) this.users.set(d.senderId, { id: d.senderId, username: d.username, name: d.name ?? d.username });
    return this.storeDm(d.senderId, d.toUserId, d.text, d.id, d.createdAt).id;
  }

  failNext(status: XFailStatus, opts: { count?: number; resetAt?: Date; path?: RegExp; usageCapped?: boolean } = {}): void {
    const rule: FailRule = { status, remaining: opts.count ?? 1, usageCapped: opts.usageCapped ?? false };
    if (opts.resetAt) rule.resetAt = opts.resetAt;
    if (opts.path) rule.path = opts.path;
    this.failRules.push(rule);
  }

  rateLimitUntil(resetAt: Date, path?: RegExp): void {
    this.limitRules.push(path ? { resetAt, path } : { resetAt });
  }

  /** Whether the conversation's owner hid the reply (PUT /2/tweets/:id/hidden). */
  isHidden(tweetId: string): boolean {
    return this.hidden.has(tweetId);
  }

  /** Ends every rule set by failNext and rateLimitUntil. */
  clearFailures(): void {
    this.failRules.length = 0;
    this.limitRules.length = 0;
  }

  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  restoreToken(token: string): void {
    this.revoked.delete(token);
  }

  // ---- storage ----

  private claimKey(id: string | undefined): bigint {
    if (id !== undefined && NUMERIC_ID.test(id)) {
      const key = BigInt(id);
      if (key >= this.nextKey) this.nextKey = key + 1n;
      return key;
    }
    return this.nextKey++;
  }

  private listFor<T>(map: Map<string, T[]>, userId: string): T[] {
    let list = map.get(userId);
    if (!list) map.set(userId, (list = []));
    return list;
  }

  private storeDm(senderId: string, recipientId: string, text: string, id?: string, createdAt?: Date): DmRecord {
    const key = this.claimKey(id);
    const dm: DmRecord = { key, id: key.toString(), text, senderId, conversationId: pairId(senderId, recipientId), createdAt: createdAt ?? new Date() };
    insertSorted(this.listFor(this.dms, senderId), dm);
    if (recipientId !== senderId) insertSorted(this.listFor(this.dms, recipientId), dm);
    return dm;
  }

  // ---- HTTP plumbing ----

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    if (this.oauth.handle(req, res, rawBody)) {
      this.requestLog.push({ method, path: url.pathname, query: '', status: res.statusCode });
      return;
    }
    // Media files, as pbs.twimg.com/media/<key>.jpg serves them (a PNG here).
    const served = serveMediaPath(req, res, url.pathname);
    if (served !== undefined) {
      this.requestLog.push({ method, path: url.pathname, query: url.search.slice(1), status: served });
      return;
    }
    const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    const reply = this.dispatch(req, url, method, route, rawBody);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      ...this.rateHeaders(route, reply.status),
      ...reply.headers,
    };
    this.requestLog.push({ method, path: url.pathname, query: url.search.slice(1), status: reply.status });
    res.writeHead(reply.status, headers);
    res.end(JSON.stringify(reply.body));
  }

  private dispatch(req: http.IncomingMessage, url: URL, method: string, route: Route | undefined, rawBody: string): Reply {
    const forced = this.forcedFailure(url.pathname);
    if (forced) return forced;
    if (!route) return { status: 404, body: { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] } };
    const userId = route.auth ? this.authenticate(req.headers.authorization) : '';
    if (userId === undefined) return { status: 401, body: PROBLEMS[401] };
    let body: unknown;
    if ((method === 'POST' || method === 'PUT') && rawBody) {
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(rawBody));
      else {
        try {
          body = JSON.parse(rawBody);
        } catch {
          return invalidRequest('body', '', 'Request body is not valid JSON');
        }
      }
    }
    const match = url.pathname.match(route.pattern)!;
    return route.handle({ method, path: url.pathname, match, query: url.searchParams, userId, body });
  }

  private forcedFailure(path: string): Reply | undefined {
    const matches = (p?: RegExp) => {
      if (!p) return true;
      p.lastIndex = 0;
      return p.test(path);
    };
    const rule = this.failRules.find((r) => r.remaining > 0 && matches(r.path));
    if (rule) {
      rule.remaining--;
      if (rule.remaining === 0) this.failRules.splice(this.failRules.indexOf(rule), 1);
      const body = rule.usageCapped ? PROBLEMS.usageCapped : PROBLEMS[rule.status];
      if (rule.status !== 429) return { status: rule.status, body };
      return this.tooMany(rule.resetAt ?? new Date(Date.now() + WINDOW_MS), body);
    }
    const now = Date.now();
    for (let i = this.limitRules.length - 1; i >= 0; i--) if (this.limitRules[i]!.resetAt.getTime() <= now) this.limitRules.splice(i, 1);
    const limit = this.limitRules.find((r) => matches(r.path));
    return limit ? this.tooMany(limit.resetAt, PROBLEMS[429]) : undefined;
  }

  private tooMany(resetAt: Date, body: Json): Reply {
    return {
      status: 429,
      body,
      headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(resetAt.getTime() / 1000)) },
    };
  }

  /** Reported, never enforced: `remaining` stops at 1 so a client never pauses on its own. */
  private rateHeaders(route: Route | undefined, status: number): Record<string, string> {
    const bucket = route?.bucket ?? 'other';
    const limit = route?.limit ?? 100;
    const now = Date.now();
    let w = this.windows.get(bucket);
    if (!w || now - w.start >= WINDOW_MS) this.windows.set(bucket, (w = { start: now, used: 0 }));
    if (status !== 429) w.used++;
    return {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(1, limit - w.used)),
      'x-rate-limit-reset': String(Math.ceil((w.start + WINDOW_MS) / 1000)),
    };
  }

  /** Bearer tokens of registered accounts; OAuth 1.0a (unverified) is the first account. */
  private authenticate(header: string | undefined): string | undefined {
    if (!header) return undefined;
    if (header.startsWith('OAuth ')) return this.accounts[0]?.userId;
    if (!header.startsWith('Bearer ')) return undefined;
    const token = header.slice(7).trim();
    return this.revoked.has(token) ? undefined : this.tokens.get(token);
  }

  // ---- rendering ----

  private userJson(id: string): Json | undefined {
    const u = this.users.get(id);
    return u ? { id: u.id, name: u.name, username: u.username } : undefined;
  }

  private includesUsers(ids: Iterable<string | undefined>): Json[] {
    const out: Json[] = [];
    for (const id of new Set(ids)) {
      const u = id === undefined ? undefined : this.userJson(id);
      if (u) out.push(u);
    }
    return out;
  }

  private tweetJson(t: TweetRecord, fields: Set<string>): Json {
    const all: Json = {
      created_at: t.createdAt.toISOString(),
      author_id: t.authorId,
      conversation_id: t.conversationId,
      in_reply_to_user_id: t.inReplyToUserId,
      referenced_tweets: t.inReplyToTweetId ? [{ type: 'replied_to', id: t.inReplyToTweetId }] : undefined,
      attachments: t.mediaKeys ? { media_keys: t.mediaKeys } : undefined,
      lang: t.lang,
    };
    const out: Json = { edit_history_tweet_ids: [t.id], id: t.id, text: t.text };
    for (const f of TWEET_FIELDS) if (fields.has(f) && all[f] !== undefined) out[f] = all[f];
    return out;
  }

  // ---- routes ----

  private me(c: Ctx): Reply {
    return { status: 200, body: { data: this.userJson(c.userId) ?? { id: c.userId } } };
  }

  /**
   * PUT /2/tweets/:id/hidden { hidden }: only a reply in a conversation the caller started (its root
   * post is the caller's, or, when the root is not known here, the reply answers the caller); hiding a
   * hidden reply again succeeds.
   */
  private hideReply(c: Ctx): Reply {
    const t = this.tweets.get(c.match[1]!);
    if (!t) return { status: 404, body: { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] } };
    const body = (c.body ?? {}) as Json;
    if (typeof body.hidden !== 'boolean') return invalidRequest('hidden', String(body.hidden), 'The `hidden` field must be a boolean');
    const root = this.tweets.get(t.conversationId);
    const owned = t.id !== t.conversationId && (root ? root.authorId === c.userId : t.inReplyToUserId === c.userId);
    if (!owned) return { status: 403, body: PROBLEMS[403] };
    if (body.hidden) this.hidden.add(t.id);
    else this.hidden.delete(t.id);
    return { status: 200, body: { data: { hidden: body.hidden } } };
  }

  private hiddenState(c: Ctx): Reply {
    if (!this.tweets.has(c.match[1]!)) return { status: 404, body: { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] } };
    return { status: 200, body: { data: { hidden: this.hidden.has(c.match[1]!) } } };
  }

  private tweetById(c: Ctx): Reply {
    const t = this.tweets.get(c.match[1]!);
    if (!t) {
      return {
        status: 200,
        body: { errors: [{ value: c.match[1], detail: `Could not find tweet with id: [${c.match[1]}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'id', resource_id: c.match[1], type: 'https://api.twitter.com/2/problems/resource-not-found' }] },
      };
    }
    return { status: 200, body: { data: this.tweetJson(t, fieldList(c.query, 'tweet.fields', 'post.fields')) } };
  }

  /**
   * Newest first; since_id and until_id exclusive, start_time and end_time inclusive (since_id wins
   * over start_time, as on X); next_token only when older items remain.
   */
  private mentionsPage(c: Ctx): Reply {
    const q = c.query;
    const invalid = invalidPageParameters(q);
    if (invalid) return invalid;
    const times = timeWindow(q);
    if ('status' in times) return times;
    const n = Number(q.get('max_results') ?? '10');
    const since = q.has('since_id') ? BigInt(q.get('since_id')!) : undefined;
    let before = q.has('until_id') ? BigInt(q.get('until_id')!) : undefined;
    const token = q.get('pagination_token');
    if (token !== null) {
      const at = decodeToken('m', token);
      if (at === undefined) return invalidRequest('pagination_token', token, `The \`pagination_token\` query parameter value [${token}] is not valid`);
      if (before === undefined || at < before) before = at;
    }
    const start = since === undefined ? times.start_time : undefined;
    const all = this.mentions.get(c.match[1]!) ?? [];
    // Without a time window every mention qualifies: no pass over the whole list per page.
    const list = start === undefined && times.end_time === undefined ? all : all.filter((e) => {
      const at = e.tweet?.createdAt.getTime() ?? Date.parse(String((e.raw as { created_at?: unknown } | undefined)?.created_at ?? ''));
      if (Number.isNaN(at)) return false;
      return (start === undefined || at >= start) && (times.end_time === undefined || at <= times.end_time);
    });
    const limit = Math.min(n, this.pageSize);
    let i = (before === undefined ? list.length : lowerBound(list, before)) - 1;
    const page: MentionEntry[] = [];
    while (i >= 0 && page.length < limit && (since === undefined || list[i]!.key > since)) page.push(list[i--]!);
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const fields = fieldList(q, 'tweet.fields', 'post.fields');
    const body: Json = { data: page.map((e) => (e.tweet ? this.tweetJson(e.tweet, fields) : e.raw)) };
    const expansions = fieldList(q, 'expansions');
    const includes: Json = {};
    if (expansions.has('author_id')) {
      const users = this.includesUsers(page.map((e) => e.authorId));
      if (users.length) includes.users = users;
    }
    if (expansions.has('attachments.media_keys')) {
      const media = page.flatMap((e) => e.tweet?.mediaKeys ?? []).map((k) => ({ media_key: k, type: 'photo', url: this.mediaUrl(`${k}.jpg`) }));
      if (media.length) includes.media = media;
    }
    if (Object.keys(includes).length) body.includes = includes;
    const oldest = page[page.length - 1]!.key;
    const meta: Json = { result_count: page.length, newest_id: page[0]!.key.toString(), oldest_id: oldest.toString() };
    if (i >= 0 && (since === undefined || list[i]!.key > since)) meta.next_token = encodeToken('m', oldest);
    body.meta = meta;
    return { status: 200, body };
  }

  /**
   * Events of the token's user, newest first. Like the recorded responses, every non-empty page
   * carries next_token and previous_token, even the last one; the page after it is empty.
   */
  private dmEvents(c: Ctx, filter?: (e: DmRecord) => boolean): Reply {
    const q = c.query;
    const max = q.get('max_results') ?? '100';
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      return invalidRequest('max_results', max, `The \`max_results\` query parameter value [${max}] is not between 1 and 100`);
    }
    const token = q.get('pagination_token');
    let before: bigint | undefined;
    if (token !== null) {
      before = decodeToken('d', token);
      if (before === undefined) return invalidRequest('pagination_token', token, `The \`pagination_token\` query parameter value [${token}] is not valid`);
    }
    const types = fieldList(q, 'event_types');
    const list = types.size && !types.has('MessageCreate') ? [] : (this.dms.get(c.userId) ?? []);
    const limit = Math.min(n, this.pageSize);
    const page: DmRecord[] = [];
    for (let i = (before === undefined ? list.length : lowerBound(list, before)) - 1; i >= 0 && page.length < limit; i--) {
      if (!filter || filter(list[i]!)) page.push(list[i]!);
    }
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const fields = fieldList(q, 'dm_event.fields');
    const data = page.map((e) => {
      const all: Json = { sender_id: e.senderId, dm_conversation_id: e.conversationId, created_at: e.createdAt.toISOString() };
      const out: Json = { event_type: 'MessageCreate', id: e.id, text: e.text };
      for (const f of DM_FIELDS) if (fields.has(f)) out[f] = all[f];
      return out;
    });
    const body: Json = { data };
    if (fieldList(q, 'expansions').has('sender_id')) {
      const users = this.includesUsers(page.map((e) => e.senderId));
      if (users.length) body.includes = { users };
    }
    body.meta = {
      result_count: page.length,
      next_token: encodeToken('d', page[page.length - 1]!.key),
      previous_token: encodeToken('p', page[0]!.key),
    };
    return { status: 200, body };
  }

  /**
   * GET /2/users/:id/tweets: the user's own posts (replies included), newest first. since_id and
   * until_id exclusive, start_time and end_time inclusive (since_id wins over start_time, as on X).
   */
  private userTweetsPage(c: Ctx): Reply {
    const q = c.query;
    const invalid = invalidPageParameters(q);
    if (invalid) return invalid;
    const n = Number(q.get('max_results') ?? '10');
    const times = timeWindow(q);
    if ('status' in times) return times;
    const since = q.has('since_id') ? BigInt(q.get('since_id')!) : undefined;
    let before = q.has('until_id') ? BigInt(q.get('until_id')!) : undefined;
    const token = q.get('pagination_token');
    if (token !== null) {
      const at = decodeToken('t', token);
      if (at === undefined) return invalidRequest('pagination_token', token, `The \`pagination_token\` query parameter value [${token}] is not valid`);
      if (before === undefined || at < before) before = at;
    }
    const start = since === undefined ? times.start_time : undefined;
    const end = times.end_time;
    const all = [...this.tweets.values()]
      .filter((t) => t.authorId === c.match[1])
      .filter((t) => (since === undefined || t.key > since) && (before === undefined || t.key < before))
      .filter((t) => (start === undefined || t.createdAt.getTime() >= start) && (end === undefined || t.createdAt.getTime() <= end))
      .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
    const page = all.slice(0, Math.min(n, this.pageSize));
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const fields = fieldList(q, 'tweet.fields', 'post.fields');
    const meta: Json = { result_count: page.length, newest_id: page[0]!.id, oldest_id: page[page.length - 1]!.id };
    if (all.length > page.length) meta.next_token = encodeToken('t', page[page.length - 1]!.key);
    return { status: 200, body: { data: page.map((t) => this.tweetJson(t, fields)), meta } };
  }

  private postTweet(c: Ctx): Reply {
    const b = (typeof c.body === 'object' && c.body !== null ? c.body : {}) as Json;
    const text = typeof b.text === 'string' ? b.text : '';
    if (!text) return invalidRequest('text', '', 'The `text` field is required when no media is attached');
    const reply = (typeof b.reply === 'object' && b.reply !== null ? b.reply : {}) as Json;
    const parentId = reply.in_reply_to_tweet_id;
    if (parentId !== undefined && (typeof parentId !== 'string' || !NUMERIC_ID.test(parentId))) {
      return invalidRequest('reply.in_reply_to_tweet_id', String(parentId), 'The `in_reply_to_tweet_id` field is not a valid id');
    }
    const key = this.claimKey(undefined);
    const id = key.toString();
    const parent = parentId ? this.tweets.get(parentId) : undefined;
    const tweet: TweetRecord = { key, id, text, authorId: c.userId, conversationId: parent?.conversationId ?? parentId ?? id, createdAt: new Date(), lang: 'und' };
    if (parentId) {
      tweet.inReplyToTweetId = parentId;
      if (parent) tweet.inReplyToUserId = parent.authorId;
    }
    this.tweets.set(id, tweet);
    const record: XReplyRecord = { kind: 'tweet', id, text, byUserId: c.userId, at: tweet.createdAt };
    if (parentId) record.inReplyToTweetId = parentId;
    this.replies.push(record);
    return { status: 201, body: { data: { id, text } } };
  }

  private postDm(c: Ctx, participantId: string): Reply {
    const b = (typeof c.body === 'object' && c.body !== null ? c.body : {}) as Json;
    const text = typeof b.text === 'string' ? b.text : '';
    if (!text) return invalidRequest('text', '', 'One of `text` or `attachments` is required');
    const dm = this.storeDm(c.userId, participantId, text);
    this.replies.push({ kind: 'dm', id: dm.id, text, participantId, byUserId: c.userId, at: dm.createdAt });
    return { status: 201, body: { data: { dm_conversation_id: dm.conversationId, dm_event_id: dm.id } } };
  }
}
