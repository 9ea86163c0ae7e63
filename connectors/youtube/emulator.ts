/**
 * A local HTTP server speaking the YouTube Data API v3 shapes recorded in
 * test/fixtures/platforms/youtube/: commentThreads.list (allThreadsRelatedToChannelId or videoId),
 * comments.list (parentId), comments.insert, and Google's error envelope with the recorded reasons
 * (quotaExceeded, authError, keyInvalid) plus rateLimitExceeded, forbidden, commentsDisabled and
 * backendError. Used by tests, the benchmark and demo mode.
 *
 * Simplifications: order=time sorts threads by their top comment's publishedAt (newest first) and
 * order=relevance is served the same way; a thread carries at most `inlineReplies` (default 5)
 * replies inline, the newest ones; comments.list serves replies newest first; quota is counted
 * (list 1 unit, insert 50) but only enforced when a `quota` is set; searchTerms, commentThreads
 * id= lookups, etags that change, and the html textFormat's link markup are not emulated.
 * Moderation as on YouTube: a comment held for review or rejected leaves the public listings (a
 * rejected top-level comment takes its thread along); commentThreads.list moderationStatus=heldForReview,
 * for the channel's owner with OAuth only, lists the threads whose top-level comment is held. Held
 * replies are found only by id (comments.list id=), and likelySpam lists nothing.
 */
import { LoopbackEmulator } from '../loopback-server.js';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { OAuthEmulator } from '../oauth-emulator.js';

export interface YouTubeAccount {
  channelId: string;
  title?: string;
  apiKey?: string;
  accessToken?: string;
}

/** Who calls: the channel the token or key belongs to, and whether by OAuth (the owner's own requests). */
interface Caller {
  channelId: string;
  oauth: boolean;
}

/** A thread's replies the public sees (held and rejected ones are not listed). */
function publishedReplies(t: ThreadRecord): CommentRecord[] {
  return t.replies.filter((r) => (r.moderationStatus ?? 'published') === 'published');
}

export interface YouTubeReplyRecord {
  id: string;
  parentId: string;
  text: string;
  byChannelId: string;
  at: Date;
}

export interface YouTubeRequestLogEntry {
  method: string;
  path: string;
  /** The raw query string without '?' (the API key included: it is the emulator's own). */
  query: string;
  status: number;
  units: number;
}

export type YouTubeFailStatus = 400 | 401 | 403 | 429 | 500 | 503;
export type YouTubeFailReason =
  | 'quotaExceeded'
  | 'rateLimitExceeded'
  | 'authError'
  | 'keyInvalid'
  | 'forbidden'
  | 'commentsDisabled'
  | 'backendError';

type Json = Record<string, unknown>;

interface CommentRecord {
  id: string;
  authorChannelId: string;
  authorDisplayName: string;
  text: string;
  publishedAt: Date;
  /** Set when the author edited the comment: served as updatedAt. */
  updatedAt?: Date;
  parentId?: string;
  likeCount: number;
  /** Set by comments.setModerationStatus; absent = published. */
  moderationStatus?: 'heldForReview' | 'rejected' | 'published';
}

interface ThreadRecord {
  id: string;
  seq: number;
  channelId: string;
  videoId?: string;
  publishedAt: Date;
  top?: CommentRecord;
  /** Served verbatim instead of being built from `top`. */
  raw?: unknown;
  replies: CommentRecord[];
}

interface Reply {
  status: number;
  body: unknown;
}

interface FailRule {
  status: YouTubeFailStatus;
  reason: YouTubeFailReason;
  remaining: number;
  path?: RegExp;
}

/** Google's error envelope for each reason. Recorded bodies where we have them (see fixtures README). */
const ERRORS: Record<YouTubeFailReason, { code: number; body: Json }> = {
  quotaExceeded: {
    code: 403,
    body: {
      error: {
        code: 403,
        message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        errors: [
          {
            message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
            domain: 'youtube.quota',
            reason: 'quotaExceeded',
          },
        ],
      },
    },
  },
  rateLimitExceeded: {
    code: 403,
    body: { error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }] } },
  },
  authError: {
    code: 401,
    body: {
      error: {
        code: 401,
        message:
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
        status: 'UNAUTHENTICATED',
      },
    },
  },
  keyInvalid: {
    code: 400,
    body: { error: { errors: [{ domain: 'usageLimits', reason: 'keyInvalid', message: 'Bad Request' }], code: 400, message: 'Bad Request' } },
  },
  forbidden: {
    code: 403,
    body: {
      error: {
        code: 403,
        message: 'The comment could not be created due to insufficient permissions. The request might not be properly authorized.',
        errors: [{ message: 'The comment could not be created due to insufficient permissions.', domain: 'youtube.comment', reason: 'forbidden' }],
      },
    },
  },
  commentsDisabled: {
    code: 403,
    body: {
      error: {
        code: 403,
        message: 'The video identified by the <code><a href="/youtube/v3/docs/commentThreads/list#videoId">videoId</a></code> parameter has disabled comments.',
        errors: [
          {
            message: 'The video identified by the <code><a href="/youtube/v3/docs/commentThreads/list#videoId">videoId</a></code> parameter has disabled comments.',
            domain: 'youtube.commentThread',
            reason: 'commentsDisabled',
            location: 'videoId',
            locationType: 'parameter',
          },
        ],
      },
    },
  },
  backendError: {
    code: 500,
    body: { error: { code: 500, message: 'Backend Error', errors: [{ message: 'Backend Error', domain: 'global', reason: 'backendError' }], status: 'INTERNAL' } },
  },
};

const DEFAULT_REASON: Record<YouTubeFailStatus, YouTubeFailReason> = {
  400: 'keyInvalid',
  401: 'authError',
  403: 'forbidden',
  429: 'rateLimitExceeded',
  500: 'backendError',
  503: 'backendError',
};

function errorBody(status: number, reason: string, message: string, domain = 'youtube.parameter'): Reply {
  return { status, body: { error: { code: status, message, errors: [{ message, domain, reason }] } } };
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ID_CHARS[b % 64];
  return out;
}

function encodeToken(t: number, seq: number): string {
  return Buffer.from(JSON.stringify([t, seq])).toString('base64url');
}

function decodeToken(token: string): [number, number] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString());
    return Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number') ? [v[0] as number, v[1] as number] : undefined;
  } catch {
    return undefined;
  }
}

function etag(): string {
  return randomId(27);
}

export class YouTubeEmulator extends LoopbackEmulator {
  readonly replies: YouTubeReplyRecord[] = [];
  readonly requestLog: YouTubeRequestLogEntry[] = [];
  /** Quota units used so far (list 1, insert 50), whether or not a quota is set. */
  quotaUsed = 0;

  private readonly pageSize: number;
  private readonly inlineReplies: number;
  private seq = 0;
  private quota = Infinity;
  private readonly accounts: YouTubeAccount[] = [];
  private readonly revoked = new Set<string>();
  private readonly threads = new Map<string, ThreadRecord>();
  private readonly failRules: FailRule[] = [];

  /** Tokens from the OAuth flow → the channel chosen on the consent screen. */
  private readonly granted = new Map<string, string>();
  /** Google OAuth 2.0 (o/oauth2/v2/auth, token, revoke) and channels?mine=true (connectors/oauth-emulator.ts). */
  readonly oauth: OAuthEmulator;

  constructor(opts: { port?: number; pageSize?: number; inlineReplies?: number } = {}) {
    super(opts.port ?? 0);
    this.oauth = new OAuthEmulator({
      platformName: 'Google (YouTube)',
      paths: { authorize: /^\/o\/oauth2\/v2\/auth$/, token: /^\/token$/, revoke: /^\/revoke$/ },
      pkce: 'optional',
      expiresIn: 3599,
      refresh: true,
      identities: () => this.accounts.map((a) => ({ id: a.channelId, label: a.title ?? a.channelId })),
      grant: (token, channelId) => void this.granted.set(token, channelId),
      revoke: (token) => this.revokeToken(token),
      lists: [{ pattern: /^\/youtube\/v3\/channels$/, render: (channelId) => ({ status: 200, body: this.mine(channelId) }) }],
    });
    this.pageSize = Math.max(1, Math.min(opts.pageSize ?? 100, 100));
    this.inlineReplies = Math.max(0, opts.inlineReplies ?? 5);
  }

  addAccount(a: YouTubeAccount): void {
    this.accounts.push(a);
  }

  /** channels?part=snippet&mine=true: the channel the token was granted for. */
  private mine(channelId: string): Json {
    const account = this.accounts.find((a) => a.channelId === channelId);
    const items = account ? [{ kind: 'youtube#channel', etag: `etag-${channelId}`, id: channelId, snippet: { title: account.title ?? channelId, description: '' } }] : [];
    return { kind: 'youtube#channelListResponse', etag: 'etag-mine', pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items };
  }

  /** A new thread: a top-level comment on one of `channelId`'s videos. Returns the thread id. */
  addComment(c: {
    channelId: string;
    videoId?: string;
    authorChannelId: string;
    authorDisplayName: string;
    text: string;
    publishedAt?: Date;
    id?: string;
    likeCount?: number;
  }): string {
    const id = c.id ?? `Ug${randomId(17)}4AaABAg`;
    const publishedAt = c.publishedAt ?? new Date();
    const top: CommentRecord = {
      id,
      authorChannelId: c.authorChannelId,
      authorDisplayName: c.authorDisplayName,
      text: c.text,
      publishedAt,
      likeCount: c.likeCount ?? 0,
    };
    const thread: ThreadRecord = { id, seq: ++this.seq, channelId: c.channelId, publishedAt, top, replies: [] };
    if (c.videoId) thread.videoId = c.videoId;
    this.threads.set(id, thread);
    return id;
  }

  /** A reply in a thread. Returns the reply id (`<threadId>.<suffix>`). */
  addReply(r: { threadId: string; authorChannelId: string; authorDisplayName: string; text: string; publishedAt?: Date }): string {
    const thread = this.threads.get(r.threadId);
    if (!thread) throw new Error(`no thread ${r.threadId}`);
    const reply: CommentRecord = {
      id: `${r.threadId}.${randomId(22)}`,
      authorChannelId: r.authorChannelId,
      authorDisplayName: r.authorDisplayName,
      text: r.text,
      publishedAt: r.publishedAt ?? new Date(),
      parentId: r.threadId,
      likeCount: 0,
    };
    thread.replies.push(reply);
    thread.replies.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    return reply.id;
  }

  /** The author edits a top-level comment or a reply: new text and updatedAt (default now). */
  editComment(commentId: string, text: string, at: Date = new Date()): void {
    for (const thread of this.threads.values()) {
      const comment = thread.top?.id === commentId ? thread.top : thread.replies.find((r) => r.id === commentId);
      if (!comment) continue;
      comment.text = text;
      comment.updatedAt = at;
      return;
    }
    throw new Error(`no comment ${commentId}`);
  }

  /** Serves `thread` verbatim in channelId's list, ordered by its top comment's publishedAt when readable. */
  addRawThread(channelId: string, thread: unknown): void {
    const t = (typeof thread === 'object' && thread !== null ? thread : {}) as Json;
    const snippet = (typeof t.snippet === 'object' && t.snippet !== null ? t.snippet : {}) as Json;
    const top = (typeof snippet.topLevelComment === 'object' && snippet.topLevelComment !== null ? snippet.topLevelComment : {}) as Json;
    const topSnippet = (typeof top.snippet === 'object' && top.snippet !== null ? top.snippet : {}) as Json;
    const parsed = typeof topSnippet.publishedAt === 'string' ? new Date(topSnippet.publishedAt) : new Date(NaN);
    const id = typeof t.id === 'string' ? t.id : `raw-${this.seq + 1}`;
    this.threads.set(id, { id, seq: ++this.seq, channelId, publishedAt: Number.isNaN(parsed.getTime()) ? new Date() : parsed, raw: thread, replies: [] });
  }

  failNext(status: YouTubeFailStatus, opts: { reason?: YouTubeFailReason; count?: number; path?: RegExp } = {}): void {
    const rule: FailRule = { status, reason: opts.reason ?? DEFAULT_REASON[status], remaining: opts.count ?? 1 };
    if (opts.path) rule.path = opts.path;
    this.failRules.push(rule);
  }

  clearFailures(): void {
    this.failRules.length = 0;
  }

  /** Daily quota in units; every call beyond it answers 403 quotaExceeded. */
  setQuota(units: number): void {
    this.quota = units;
  }

  resetQuota(): void {
    this.quotaUsed = 0;
  }

  /** An access token → 401 authError; an API key → 400 keyInvalid. */
  revokeToken(tokenOrKey: string): void {
    this.revoked.add(tokenOrKey);
  }

  restoreToken(tokenOrKey: string): void {
    this.revoked.delete(tokenOrKey);
  }

  // ---- HTTP plumbing ----

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    if (this.oauth.handle(req, res, rawBody)) {
      this.requestLog.push({ method, path: url.pathname, query: '', status: res.statusCode, units: 0 });
      return;
    }
    const { reply, units } = this.dispatch(req, url, method, rawBody);
    this.requestLog.push({ method, path: url.pathname, query: url.search.slice(1), status: reply.status, units });
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer' });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private dispatch(req: http.IncomingMessage, url: URL, method: string, rawBody: string): { reply: Reply; units: number } {
    const path = url.pathname;
    const route =
      method === 'GET' && path === '/youtube/v3/commentThreads'
        ? 'threads'
        : method === 'GET' && path === '/youtube/v3/comments'
          ? 'comments'
          : method === 'POST' && path === '/youtube/v3/comments'
            ? 'insert'
            : method === 'POST' && path === '/youtube/v3/comments/setModerationStatus'
              ? 'moderate'
              : undefined;
    if (!route) return { reply: errorBody(404, 'notFound', 'Not Found', 'global'), units: 0 };
    const units = route === 'insert' || route === 'moderate' ? 50 : 1;
    const forced = this.forcedFailure(path);
    if (forced) return { reply: forced, units };
    const caller = this.authenticate(req.headers.authorization, url.searchParams.get('key'), route === 'insert' || route === 'moderate');
    if ('reply' in caller) return { reply: caller.reply, units: 0 };
    if (this.quotaUsed + units > this.quota) return { reply: { status: 403, body: ERRORS.quotaExceeded.body }, units: 0 };
    this.quotaUsed += units;
    const q = url.searchParams;
    if (route === 'threads') return { reply: this.listThreads(q, caller), units };
    if (route === 'comments') return { reply: this.listComments(q), units };
    if (route === 'moderate') return { reply: this.setModerationStatus(q, caller.channelId), units };
    return { reply: this.insert(q, rawBody, caller.channelId), units };
  }

  private forcedFailure(path: string): Reply | undefined {
    const rule = this.failRules.find((r) => r.remaining > 0 && (!r.path || r.path.test(path)));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.failRules.splice(this.failRules.indexOf(rule), 1);
    const e = ERRORS[rule.reason];
    const body = structuredClone(e.body) as { error: Json };
    body.error.code = rule.status;
    if (rule.status === 503) body.error.message = 'The service is currently unavailable.';
    return { status: rule.status, body };
  }

  private authenticate(authorization: string | undefined, key: string | null, needsOAuth: boolean): Caller | { reply: Reply } {
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice(7).trim();
      const grantedTo = this.granted.get(token);
      const account = this.accounts.find((a) => a.accessToken === token || (grantedTo !== undefined && a.channelId === grantedTo));
      if (!account || this.revoked.has(token)) return { reply: { status: 401, body: ERRORS.authError.body } };
      return { channelId: account.channelId, oauth: true };
    }
    if (key !== null) {
      const account = this.accounts.find((a) => a.apiKey === key);
      if (!account || this.revoked.has(key)) return { reply: { status: 400, body: ERRORS.keyInvalid.body } };
      if (needsOAuth) {
        const message = 'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal.';
        return { reply: { status: 401, body: { error: { code: 401, message, errors: [{ message: 'Login Required.', domain: 'global', reason: 'required', location: 'Authorization', locationType: 'header' }], status: 'UNAUTHENTICATED' } } } };
      }
      return { channelId: account.channelId, oauth: false };
    }
    const message = 'The request is missing a valid API key.';
    return { reply: { status: 403, body: { error: { code: 403, message, errors: [{ message, domain: 'global', reason: 'forbidden' }], status: 'PERMISSION_DENIED' } } } };
  }

  // ---- rendering ----

  private commentJson(c: CommentRecord, thread: ThreadRecord): Json {
    const snippet: Json = {
      channelId: thread.channelId,
      ...(thread.videoId && !c.parentId ? { videoId: thread.videoId } : {}),
      textDisplay: c.text,
      textOriginal: c.text,
      ...(c.parentId ? { parentId: c.parentId } : {}),
      authorDisplayName: c.authorDisplayName,
      authorProfileImageUrl: `https://yt3.ggpht.com/ytc/${c.authorChannelId}=s48-c-k-c0x00ffffff-no-rj`,
      authorChannelUrl: `http://www.youtube.com/channel/${c.authorChannelId}`,
      authorChannelId: { value: c.authorChannelId },
      canRate: true,
      viewerRating: 'none',
      likeCount: c.likeCount,
      publishedAt: c.publishedAt.toISOString().replace('.000Z', 'Z'),
      updatedAt: (c.updatedAt ?? c.publishedAt).toISOString().replace('.000Z', 'Z'),
    };
    return { kind: 'youtube#comment', etag: etag(), id: c.id, snippet };
  }

  private threadJson(t: ThreadRecord, withReplies: boolean): unknown {
    if (t.raw !== undefined) return t.raw;
    const top = this.commentJson(t.top!, t);
    if (t.top!.moderationStatus === 'heldForReview') (top.snippet as Json).moderationStatus = 'heldForReview';
    const replies = publishedReplies(t);
    const snippet: Json = {
      channelId: t.channelId,
      ...(t.videoId ? { videoId: t.videoId } : {}),
      topLevelComment: top,
      canReply: true,
      totalReplyCount: replies.length,
      isPublic: true,
    };
    const out: Json = { kind: 'youtube#commentThread', etag: etag(), id: t.id, snippet };
    if (withReplies && replies.length && this.inlineReplies > 0) {
      const newest = [...replies].reverse().slice(0, this.inlineReplies);
      out.replies = { comments: newest.map((r) => this.commentJson(r, t)) };
    }
    return out;
  }

  private maxResults(q: URLSearchParams, fallback: number): number | Reply {
    const raw = q.get('maxResults');
    if (raw === null) return Math.min(fallback, this.pageSize);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      return errorBody(400, 'invalidValue', `Invalid value '${raw}'. Values must be within the range: [1, 100]`);
    }
    return Math.min(n, this.pageSize);
  }

  private listThreads(q: URLSearchParams, caller: Caller): Reply {
    const part = q.get('part') ?? '';
    if (!part.split(',').includes('snippet') && !part.split(',').includes('id')) {
      return errorBody(400, 'required', "No filter selected. Expected one of: id, videoId, allThreadsRelatedToChannelId, channelId");
    }
    const channelId = q.get('allThreadsRelatedToChannelId');
    const videoId = q.get('videoId');
    if (!channelId && !videoId) {
      return errorBody(400, 'missingRequiredParameter', 'No filter selected. Expected one of: id, videoId, allThreadsRelatedToChannelId, channelId');
    }
    const status = q.get('moderationStatus') ?? 'published';
    if (status !== 'published' && status !== 'heldForReview' && status !== 'likelySpam') {
      return errorBody(400, 'invalidValue', `Invalid value '${status}'. Values must be one of: heldForReview, likelySpam, published`);
    }
    const limit = this.maxResults(q, 20);
    if (typeof limit !== 'number') return limit;
    const matching = [...this.threads.values()].filter((t) => (channelId ? t.channelId === channelId : t.videoId === videoId));
    if (status !== 'published' && (!caller.oauth || matching.some((t) => t.channelId !== caller.channelId) || (channelId !== null && channelId !== caller.channelId))) {
      return errorBody(403, 'forbidden', 'The comment threads could not be retrieved due to insufficient permissions. The request might not be properly authorized.', 'youtube.commentThread');
    }
    const list = matching
      .filter((t) => (t.top?.moderationStatus ?? 'published') === status)
      .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || b.seq - a.seq);
    return this.page(q, list, limit, 'youtube#commentThreadListResponse', (t) => this.threadJson(t, part.includes('replies')), (t) => [t.publishedAt.getTime(), t.seq]);
  }

  /** Where a comment (top-level or reply) lives. */
  private findComment(id: string): { comment: CommentRecord; thread: ThreadRecord } | undefined {
    for (const thread of this.threads.values()) {
      if (thread.top?.id === id) return { comment: thread.top, thread };
      const reply = thread.replies.find((r) => r.id === id);
      if (reply) return { comment: reply, thread };
    }
    return undefined;
  }

  /** The status comments.setModerationStatus gave a comment ('published' when never moderated); undefined when unknown. */
  moderationStatusOf(commentId: string): 'heldForReview' | 'rejected' | 'published' | undefined {
    const found = this.findComment(commentId);
    return found ? (found.comment.moderationStatus ?? 'published') : undefined;
  }

  /** POST comments/setModerationStatus?id=…&moderationStatus=…: only on the caller's own channel; 204 without a body. */
  private setModerationStatus(q: URLSearchParams, channelId: string): Reply {
    const status = q.get('moderationStatus');
    if (status !== 'heldForReview' && status !== 'rejected' && status !== 'published') {
      return errorBody(400, 'invalidModerationStatus', 'The moderation status specified in the request is invalid.');
    }
    const ids = (q.get('id') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) return errorBody(400, 'missingRequiredParameter', 'No filter selected. Expected one of: id');
    const found = ids.map((id) => this.findComment(id));
    if (found.some((f) => !f)) return errorBody(404, 'commentNotFound', 'One or more comments identified by the <code>id</code> parameter could not be found.', 'youtube.comment');
    if (found.some((f) => f!.thread.channelId !== channelId)) {
      return errorBody(403, 'forbidden', 'The comment could not be moderated. Only the owner of the video or channel can moderate it.', 'youtube.comment');
    }
    for (const f of found) f!.comment.moderationStatus = status;
    return { status: 204, body: undefined };
  }

  private listComments(q: URLSearchParams): Reply {
    const byId = q.get('id');
    if (byId) {
      // As on YouTube, a rejected comment is not found this way; held ones carry snippet.moderationStatus.
      const items = byId.split(',').map((id) => this.findComment(id)).filter((f) => f && f.comment.moderationStatus !== 'rejected');
      const rendered = items.map((f) => {
        const json = this.commentJson(f!.comment, f!.thread);
        if (f!.comment.moderationStatus === 'heldForReview') (json.snippet as Json).moderationStatus = 'heldForReview';
        return json;
      });
      return { status: 200, body: { kind: 'youtube#commentListResponse', etag: etag(), pageInfo: { totalResults: rendered.length, resultsPerPage: rendered.length }, items: rendered } };
    }
    const parentId = q.get('parentId');
    if (!parentId) return errorBody(400, 'missingRequiredParameter', 'No filter selected. Expected one of: parentId, id');
    const thread = this.threads.get(parentId);
    if (!thread) {
      return errorBody(404, 'commentNotFound', "The comment identified by the <code>parentId</code> parameter could not be found.", 'youtube.comment');
    }
    const limit = this.maxResults(q, 20);
    if (typeof limit !== 'number') return limit;
    const list = thread.replies
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => (r.moderationStatus ?? 'published') === 'published')
      .reverse();
    return this.page(q, list, limit, 'youtube#commentListResponse', ({ r }) => this.commentJson(r, thread), ({ r, i }) => [r.publishedAt.getTime(), i]);
  }

  /** Newest first; the token is the (time, seq) of the last item served, so inserts do not shift pages. */
  private page<T>(q: URLSearchParams, list: T[], limit: number, kind: string, render: (t: T) => unknown, key: (t: T) => [number, number]): Reply {
    let start = 0;
    const token = q.get('pageToken');
    if (token) {
      const after = decodeToken(token);
      if (!after) return errorBody(400, 'invalidPageToken', "The request specifies an invalid page token.");
      start = list.findIndex((t) => {
        const [time, seq] = key(t);
        return time < after[0] || (time === after[0] && seq < after[1]);
      });
      if (start < 0) start = list.length;
    }
    const items = list.slice(start, start + limit);
    const body: Json = { kind, etag: etag() };
    const last = items[items.length - 1];
    if (last !== undefined && start + limit < list.length) body.nextPageToken = encodeToken(...key(last));
    body.pageInfo = { totalResults: list.length, resultsPerPage: limit };
    body.items = items.map(render);
    return { status: 200, body };
  }

  private insert(q: URLSearchParams, rawBody: string, channelId: string): Reply {
    if (!(q.get('part') ?? '').split(',').includes('snippet')) return errorBody(400, 'required', "Required parameter: part");
    let body: Json;
    try {
      body = JSON.parse(rawBody) as Json;
    } catch {
      return errorBody(400, 'parseError', 'Parse Error', 'global');
    }
    const snippet = (typeof body.snippet === 'object' && body.snippet !== null ? body.snippet : {}) as Json;
    const parentId = typeof snippet.parentId === 'string' ? snippet.parentId : '';
    const text = typeof snippet.textOriginal === 'string' ? snippet.textOriginal : '';
    if (!text) return errorBody(400, 'commentTextRequired', 'The comment resource must contain a snippet.textOriginal property.', 'youtube.comment');
    const thread = this.threads.get(parentId);
    if (!thread || thread.raw !== undefined) {
      return errorBody(404, 'parentCommentNotFound', "The comment identified by the request's <code>parentId</code> parameter could not be found.", 'youtube.comment');
    }
    const account = this.accounts.find((a) => a.channelId === channelId);
    const id = this.addReply({ threadId: parentId, authorChannelId: channelId, authorDisplayName: account?.title ?? channelId, text });
    const reply = thread.replies.find((r) => r.id === id)!;
    this.replies.push({ id, parentId, text, byChannelId: channelId, at: reply.publishedAt });
    return { status: 200, body: this.commentJson(reply, thread) };
  }
}

/** Six realistic comments on the entity's videos, for demo mode. */
export function seedDemo(emulator: YouTubeEmulator, account: { channelId: string }): string[] {
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const comments = [
    { author: '@annvermeulen', id: 'UCdemoAnnVermeulen00001', video: 'Vl4anderen1', text: 'Vanaf wanneer kan ik de renovatiepremie aanvragen voor een woning die ik pas gekocht heb?' },
    {
      author: '@pieterdewilde',
      id: 'UCdemoPieterDeWilde0002',
      video: 'Vl4anderen1',
      text: 'Ik heb op 3 maart mijn aanvraag ingediend (dossier 2026/04512) en na vier maanden nog altijd geen antwoord. Twee keer gebeld, niemand belt terug. Dit is echt onaanvaardbaar.',
    },
    { author: '@lottepeeters', id: 'UCdemoLottePeeters00003', video: 'Vl4anderen2', text: 'Weer een filmpje vol beloftes, maar de wachtlijsten worden alleen maar langer. Niet goed bezig.' },
    { author: '@jefmaes', id: 'UCdemoJefMaes0000000004', video: 'Vl4anderen2', text: 'Heel duidelijke uitleg, bedankt! Nu snap ik eindelijk hoe het werkt.' },
    { author: '@sophiedubois', id: 'UCdemoSophieDubois00005', video: 'Vl4anderen1', text: 'Bonjour, est-ce que ces informations existent aussi en français ? Je ne trouve pas le formulaire.' },
    { author: '@markjohnson', id: 'UCdemoMarkJohnson000006', video: 'Vl4anderen3', text: 'Is there an English version of this explanation for expats living in Flanders?' },
  ];
  return comments.map((c, i) =>
    emulator.addComment({
      channelId: account.channelId,
      videoId: c.video,
      authorChannelId: c.id,
      authorDisplayName: c.author,
      text: c.text,
      publishedAt: minutesAgo(60 - i * 7),
    }),
  );
}
