/**
 * A local HTTP server speaking the LinkedIn Community Management API (Rest.li 2.0) as documented:
 * GET /rest/posts?q=author, GET /rest/posts/{urn}, GET /rest/socialActions/{urn}/comments[/{id}],
 * POST /rest/socialActions/{urn}/comments, DELETE /rest/socialActions/{urn}/comments/{id}?actor= (204; the
 * organization's own posts only; recorded: isDeleted()), GET /rest/organizationalEntityNotifications?q=criteria,
 * with the error bodies of test/fixtures/platforms/linkedin/errors_observed.json. Used by tests and demo mode.
 * Comment images are served under /media/ (a PNG), standing in for media.licdn.com.
 *
 * No LinkedIn success payload was ever recorded in public; every shape here follows the vendor's
 * documentation examples (PLATFORMS.md §5, the *.docs.json fixtures). Simplifications: no rate
 * limits unless failNext(429) says so; comments list oldest first (LinkedIn documents no order);
 * posts are shares with one activity URN each; member names, likes and `~` projections are absent;
 * the 400 bodies for badly encoded Rest.li parameters are the emulator's own wording.
 */
import { LoopbackEmulator } from '../loopback-server.js';
import { serveMediaPath } from '../emulator-media.js';
import http from 'node:http';
import { signLinkedInBody, EVENT_TYPE } from './webhook.js';
import { OAuthEmulator } from '../oauth-emulator.js';

type Json = Record<string, unknown>;

export interface LinkedInOrganization {
  organizationUrn: string;
  /** A Page admin's token; it may act for this organization. */
  token: string;
  /** The admin member behind the token. */
  memberUrn?: string;
  /** The Page's name (GET /rest/organizations/{id}). */
  name?: string;
}

export interface LinkedInReplyRecord {
  commentUrn: string;
  id: string;
  actor: string;
  object: string;
  parentComment?: string;
  text: string;
  at: Date;
}

export interface LinkedInRequestLogEntry {
  method: string;
  path: string;
  /** Raw query string without '?'. */
  query: string;
  status: number;
  version?: string;
  restli?: string;
}

export type LinkedInFailStatus = 400 | 401 | 403 | 404 | 426 | 429 | 500 | 503;

interface PostRecord {
  share: string;
  activity: string;
  author: string;
  commentary: string;
  createdAt: number;
}

interface CommentRecord {
  id: string;
  urn: string;
  actor: string;
  agent?: string;
  object: string;
  text: string;
  created: number;
  parentComment?: string;
  imageUrl?: string;
}

/** A comment as listed: a record, or a raw element served verbatim. */
interface CommentEntry {
  record?: CommentRecord;
  raw?: unknown;
}

interface NotificationRecord {
  org: string;
  lastModifiedAt: number;
  action: string;
  json?: () => Json;
  raw?: unknown;
}

interface FailRule {
  status: LinkedInFailStatus;
  remaining: number;
  path?: RegExp;
  retryAfter?: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Ctx {
  method: string;
  segments: string[];
  rawQuery: Map<string, string>;
  query: Map<string, string>;
  token: string;
  body: unknown;
}

/** As recorded in errors_observed.json. */
export const LINKEDIN_ERRORS = {
  invalidToken: { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' },
  expiredToken: { status: 401, serviceErrorCode: 65600, code: 'EXPIRED_ACCESS_TOKEN', message: 'The token used in the request has expired' },
  revokedToken: { status: 401, serviceErrorCode: 65601, code: 'REVOKED_ACCESS_TOKEN', message: 'The token used in the request has been revoked by the user' },
  dayThrottle: {
    status: 429,
    serviceErrorCode: 101,
    code: 'TOO_MANY_REQUESTS',
    message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
  },
} as const;

function problem(status: number, code: string, message: string, serviceErrorCode?: number): Json {
  const body: Json = { status, code, message };
  if (serviceErrorCode !== undefined) body.serviceErrorCode = serviceErrorCode;
  return body;
}

const FAIL_BODIES: Record<LinkedInFailStatus, (path: string, method: string) => Json> = {
  400: () => problem(400, 'ILLEGAL_ARGUMENT', 'Invalid request'),
  401: () => ({ ...LINKEDIN_ERRORS.invalidToken }),
  403: (path, method) => problem(403, 'ACCESS_DENIED', `Not enough permissions to access: ${method} ${path}`, 100),
  404: () => problem(404, 'NOT_FOUND', 'Not Found'),
  426: () => problem(426, 'NONEXISTENT_VERSION', 'Requested version is not active'),
  429: () => ({ ...LINKEDIN_ERRORS.dayThrottle }),
  500: () => problem(500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error'),
  503: () => problem(503, 'SERVICE_UNAVAILABLE', 'Service Unavailable'),
};

const ENCODED_URN = /^urn%3Ali%3A/i;

function parseQuery(raw: string): { raw: Map<string, string>; decoded: Map<string, string> } {
  const rawMap = new Map<string, string>();
  const decoded = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    rawMap.set(k, v);
    try {
      decoded.set(k, decodeURIComponent(v.replace(/\+/g, ' ')));
    } catch {
      decoded.set(k, v);
    }
  }
  return { raw: rawMap, decoded };
}

function int(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= 0 ? n : fallback;
}

export class LinkedInEmulator extends LoopbackEmulator {
  readonly replies: LinkedInReplyRecord[] = [];
  readonly requestLog: LinkedInRequestLogEntry[] = [];
  /** Attach decoratedSourcePost / decoratedGeneratedActivity to pulled notifications (webhooks always carry them). */
  decorateNotifications = true;

  private readonly maxCount: number;
  private readonly minVersion: string;
  private nextId = 7300000000000000000n;
  private nextNotificationId = 5603453000;
  private readonly tokens = new Map<string, LinkedInOrganization>();
  private readonly revoked = new Set<string>();
  private readonly expired = new Set<string>();
  /** share, activity and ugcPost URNs → post. */
  private readonly posts = new Map<string, PostRecord>();
  private readonly postOrder: PostRecord[] = [];
  /** activity URN or top-level comment URN → its comments, oldest first. */
  private readonly threads = new Map<string, CommentEntry[]>();
  private readonly comments = new Map<string, CommentRecord>();
  /** Comments the organization deleted. */
  private readonly deleted = new Set<string>();
  private readonly notifications: NotificationRecord[] = [];
  private readonly failRules: FailRule[] = [];

  /** Member tokens from the OAuth flow: their member administers every organization. */
  private readonly memberTokens = new Set<string>();
  /** 3-legged OAuth: authorize page, /oauth/v2/accessToken, /oauth/v2/revoke, organizationAcls and organizations. */
  readonly oauth: OAuthEmulator;

  constructor(opts: { port?: number; maxCount?: number; minVersion?: string } = {}) {
    super(opts.port ?? 0);
    this.oauth = new OAuthEmulator({
      platformName: 'LinkedIn',
      paths: { authorize: /^\/oauth\/v2\/authorization$/, token: /^\/oauth\/v2\/accessToken$/, revoke: /^\/oauth\/v2\/revoke$/ },
      pkce: 'optional',
      expiresIn: 5_183_999,
      refresh: true,
      identities: () => [{ id: 'urn:li:person:emuAdmin01', label: 'Page admin (emulator)' }],
      grant: (token) => void this.memberTokens.add(token),
      revoke: (token) => this.revokeToken(token),
      lists: [
        { pattern: /^\/rest\/organizationAcls$/, render: (member) => ({ status: 200, body: this.organizationAcls(member) }) },
        { pattern: /^\/rest\/organizations\/(\d+)$/, render: (_member, match) => this.organization(match[1]!) },
      ],
    });
    this.maxCount = opts.maxCount ?? 100;
    this.minVersion = opts.minVersion ?? '202510';
  }

  addOrganization(org: LinkedInOrganization): void {
    this.tokens.set(org.token, { ...org, memberUrn: org.memberUrn ?? 'urn:li:person:emuAdmin01' });
  }

  private organizationUrns(): string[] {
    return [...new Set([...this.tokens.values()].map((o) => o.organizationUrn))];
  }

  private organizationAcls(member: string): Json {
    const elements = this.organizationUrns().map((organization) => ({ organization, role: 'ADMINISTRATOR', state: 'APPROVED', roleAssignee: member }));
    return { paging: { start: 0, count: 10, total: elements.length, links: [] }, elements };
  }

  private organization(id: string): { status: number; body: unknown } {
    const urn = `urn:li:organization:${id}`;
    const org = [...this.tokens.values()].find((o) => o.organizationUrn === urn);
    if (!org) return { status: 404, body: problem(404, 'NOT_FOUND', `Organization ${id} not found`) };
    return { status: 200, body: { id: Number(id), localizedName: org.name ?? `Organization ${id}`, vanityName: `org-${id}` } };
  }

  /** A post by `author` (the organization or a member); returns its share and activity URNs. */
  addPost(p: { author: string; commentary: string; createdAt?: Date }): { share: string; activity: string } {
    const id = this.claimId();
    const post: PostRecord = {
      share: `urn:li:share:${id}`,
      activity: `urn:li:activity:${this.claimId()}`,
      author: p.author,
      commentary: p.commentary,
      createdAt: (p.createdAt ?? new Date()).getTime(),
    };
    this.posts.set(post.share, post);
    this.posts.set(post.activity, post);
    this.postOrder.push(post);
    return { share: post.share, activity: post.activity };
  }

  /** A comment on a post (share or activity URN), or a reply when parentComment is given. Notifies the post's organization. */
  addComment(c: { post: string; actor: string; text: string; parentComment?: string; createdAt?: Date; imageUrl?: string }): string {
    const post = this.posts.get(c.post);
    if (!post) throw new Error(`no post ${c.post}`);
    const record = this.storeComment(post, c.actor, c.text, c.parentComment, c.createdAt?.getTime(), c.imageUrl);
    if (post.author.startsWith('urn:li:organization:') && c.actor !== post.author) {
      const notificationId = this.nextNotificationId++;
      this.notifications.push({ org: post.author, action: 'COMMENT', lastModifiedAt: record.created, json: () => this.commentNotification(notificationId, post, record) });
    }
    return record.urn;
  }

  /** Served verbatim in the comments of `post` (no notification). */
  addRawComment(post: string, raw: unknown): void {
    const p = this.posts.get(post);
    if (!p) throw new Error(`no post ${post}`);
    this.threadOf(p.activity).push({ raw });
  }

  /** A member's post that names the organization: a SHARE_MENTION notification. Returns the share URN. */
  addMention(m: { organizationUrn: string; author: string; commentary: string; createdAt?: Date }): string {
    const created = m.createdAt?.getTime() ?? Date.now();
    const { share } = this.addPost({ author: m.author, commentary: m.commentary, createdAt: new Date(created) });
    const post = this.posts.get(share)!;
    const notificationId = this.nextNotificationId++;
    this.notifications.push({
      org: m.organizationUrn,
      action: 'SHARE_MENTION',
      lastModifiedAt: created,
      json: () => {
        const n: Json = {
          notificationId,
          organizationalEntity: m.organizationUrn,
          action: 'SHARE_MENTION',
          sourcePost: post.share,
          generatedActivity: post.share,
          lastModifiedAt: created,
        };
        if (this.decorateNotifications) {
          n.decoratedGeneratedActivity = { share: { owner: post.author, entity: post.share, text: post.commentary } };
        }
        return n;
      },
    });
    return share;
  }

  addRawNotification(organizationUrn: string, raw: unknown, lastModifiedAt = new Date()): void {
    this.notifications.push({ org: organizationUrn, action: 'RAW', lastModifiedAt: lastModifiedAt.getTime(), raw });
  }

  /** The organization's notifications as a webhook would carry them (always decorated). */
  notificationsFor(organizationUrn: string, since = 0): unknown[] {
    const decorate = this.decorateNotifications;
    this.decorateNotifications = true;
    try {
      return this.notifications.filter((n) => n.org === organizationUrn && n.lastModifiedAt >= since).map((n) => (n.json ? n.json() : n.raw));
    } finally {
      this.decorateNotifications = decorate;
    }
  }

  failNext(status: LinkedInFailStatus, opts: { count?: number; path?: RegExp; retryAfter?: number } = {}): void {
    const rule: FailRule = { status, remaining: opts.count ?? 1 };
    if (opts.path) rule.path = opts.path;
    if (opts.retryAfter !== undefined) rule.retryAfter = opts.retryAfter;
    this.failRules.push(rule);
  }

  clearFailures(): void {
    this.failRules.length = 0;
  }

  /** The member revoked the app: 401 REVOKED_ACCESS_TOKEN. */
  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  /** The 60 days ran out: 401 EXPIRED_ACCESS_TOKEN. */
  expireToken(token: string): void {
    this.expired.add(token);
  }

  restoreToken(token: string): void {
    this.revoked.delete(token);
    this.expired.delete(token);
  }

  // ---- storage ----

  private claimId(): string {
    return (this.nextId++).toString();
  }

  private threadOf(key: string): CommentEntry[] {
    let list = this.threads.get(key);
    if (!list) this.threads.set(key, (list = []));
    return list;
  }

  private storeComment(post: PostRecord, actor: string, text: string, parentComment?: string, created?: number, imageUrl?: string, agent?: string): CommentRecord {
    const id = this.claimId();
    const record: CommentRecord = { id, urn: `urn:li:comment:(${post.activity},${id})`, actor, object: post.activity, text, created: created ?? Date.now() };
    if (agent) record.agent = agent;
    if (imageUrl) record.imageUrl = imageUrl;
    if (parentComment) {
      const parent = this.comments.get(parentComment);
      if (!parent) throw new Error(`no comment ${parentComment}`);
      // LinkedIn nests one level: a reply to a reply hangs under the top-level comment.
      record.parentComment = parent.parentComment ?? parent.urn;
    }
    this.comments.set(record.urn, record);
    this.threadOf(record.parentComment ?? post.activity).push({ record });
    return record;
  }

  // ---- rendering (documented shapes) ----

  private commentJson(c: CommentRecord): Json {
    const replies = this.threads.get(c.urn)?.length ?? 0;
    const out: Json = {
      actor: c.actor,
      commentUrn: c.urn,
      created: { actor: c.actor, time: c.created },
      lastModified: { actor: c.actor, time: c.created },
      id: c.id,
      message: { attributes: [], text: c.text },
      object: c.object,
    };
    if (c.agent) out.agent = c.agent;
    if (c.parentComment) out.parentComment = c.parentComment;
    if (c.imageUrl) out.content = [{ type: 'IMAGE', url: c.imageUrl, entity: { image: `urn:li:image:${c.id}` } }];
    if (!c.parentComment) out.commentsSummary = { selectedComments: [], totalFirstLevelComments: replies, aggregatedTotalComments: replies };
    return out;
  }

  private postJson(p: PostRecord): Json {
    return {
      id: p.share,
      author: p.author,
      commentary: p.commentary,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      isReshareDisabledByAuthor: false,
      createdAt: p.createdAt,
      publishedAt: p.createdAt,
      lastModifiedAt: p.createdAt,
    };
  }

  /** Shaped like the documented webhook example: sourcePost is the activity, generatedActivity the short comment URN. */
  private commentNotification(notificationId: number, post: PostRecord, c: CommentRecord): Json {
    const n: Json = {
      notificationId,
      organizationalEntity: post.author,
      action: 'COMMENT',
      sourcePost: post.activity,
      generatedActivity: `urn:li:comment:(${post.activity.replace(/^urn:li:/, '')},${c.id})`,
      lastModifiedAt: c.created,
    };
    if (this.decorateNotifications) {
      n.decoratedSourcePost = { owner: post.author, mediaCategory: 'NONE', text: post.commentary, entity: post.share };
      n.decoratedGeneratedActivity = { comment: { owner: c.actor, text: c.text, entity: c.urn, object: c.object } };
    }
    return n;
  }

  // ---- HTTP plumbing ----

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const method = req.method ?? 'GET';
    if (this.oauth.handle(req, res, rawBody)) {
      this.requestLog.push({ method, path, query: '', status: res.statusCode });
      return;
    }
    // Images of comments, as media.licdn.com serves them (a PNG here).
    const served = serveMediaPath(req, res, path);
    if (served !== undefined) {
      this.requestLog.push({ method, path, query: rawQuery, status: served });
      return;
    }
    const reply = this.dispatch(req, method, path, rawQuery, rawBody);
    const entry: LinkedInRequestLogEntry = { method, path, query: rawQuery, status: reply.status };
    const version = req.headers['linkedin-version'];
    const restli = req.headers['x-restli-protocol-version'];
    if (typeof version === 'string') entry.version = version;
    if (typeof restli === 'string') entry.restli = restli;
    this.requestLog.push(entry);
    const headers: Record<string, string> = { 'x-restli-protocol-version': '2.0.0', ...reply.headers };
    if (reply.body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private dispatch(req: http.IncomingMessage, method: string, path: string, rawQuery: string, rawBody: string): Reply {
    const forced = this.forcedFailure(path, method);
    if (forced) return forced;
    const version = req.headers['linkedin-version'];
    if (typeof version !== 'string' || !/^\d{6}(\.\d{2})?$/.test(version)) {
      return { status: 400, body: problem(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.') };
    }
    if (version.slice(0, 6) < this.minVersion) return { status: 426, body: problem(426, 'NONEXISTENT_VERSION', `Requested version ${version} is not active`) };
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') {
      return { status: 400, body: problem(400, 'ILLEGAL_ARGUMENT', 'X-Restli-Protocol-Version 2.0.0 is required for this resource') };
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (this.revoked.has(token)) return { status: 401, body: { ...LINKEDIN_ERRORS.revokedToken } };
    if (this.expired.has(token)) return { status: 401, body: { ...LINKEDIN_ERRORS.expiredToken } };
    if (!this.tokens.has(token) && !this.memberTokens.has(token)) return { status: 401, body: { ...LINKEDIN_ERRORS.invalidToken } };

    const segments = path.split('/').filter(Boolean);
    if (segments[0] !== 'rest') return { status: 404, body: problem(404, 'NOT_FOUND', `No resource found for ${path}`) };
    for (const s of segments) if (s.includes(':')) return this.badParam(`URN in path must be URL-encoded: ${s.slice(0, 80)}`);
    let decoded: string[];
    try {
      decoded = segments.map((s) => decodeURIComponent(s));
    } catch {
      return this.badParam('path is not valid percent-encoding');
    }
    const { raw, decoded: query } = parseQuery(rawQuery);
    let body: unknown;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return this.badParam('request body is not JSON');
      }
    }
    const ctx: Ctx = { method, segments: decoded, rawQuery: raw, query, token, body };
    const [, resource, target, sub, id] = decoded;
    if (method === 'GET' && resource === 'posts' && segments.length === 2) return this.listPosts(ctx);
    if (method === 'GET' && resource === 'posts' && target && segments.length === 3) return this.getPost(target);
    if (resource === 'socialActions' && target && sub === 'comments') {
      if (method === 'GET' && id !== undefined && segments.length === 5) return this.getComment(target, id);
      if (method === 'GET' && segments.length === 4) return this.listComments(ctx, target);
      if (method === 'POST' && segments.length === 4) return this.createComment(ctx, target);
      if (method === 'DELETE' && id !== undefined && segments.length === 5) return this.deleteComment(ctx, target, id);
    }
    if (method === 'GET' && resource === 'organizationalEntityNotifications' && segments.length === 2) return this.listNotifications(ctx);
    return { status: 404, body: problem(404, 'NOT_FOUND', `No resource found for ${method} ${path}`) };
  }

  private badParam(message: string): Reply {
    return { status: 400, body: problem(400, 'ILLEGAL_ARGUMENT', message, 100) };
  }

  private forcedFailure(path: string, method: string): Reply | undefined {
    const rule = this.failRules.find((r) => r.remaining > 0 && (!r.path || r.path.test(path)));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.failRules.splice(this.failRules.indexOf(rule), 1);
    const reply: Reply = { status: rule.status, body: FAIL_BODIES[rule.status](path, method) };
    if (rule.retryAfter !== undefined) reply.headers = { 'retry-after': String(rule.retryAfter) };
    return reply;
  }

  private mayActFor(token: string, org: string): boolean {
    if (this.memberTokens.has(token)) return this.organizationUrns().includes(org);
    return this.tokens.get(token)?.organizationUrn === org;
  }

  private page<T>(list: T[], ctx: Ctx, withTotal: boolean): { slice: T[]; paging: Json } {
    const start = int(ctx.query.get('start'), 0);
    const count = Math.min(int(ctx.query.get('count'), 10), this.maxCount);
    const slice = list.slice(start, start + count);
    const paging: Json = { start, count, links: [] };
    if (withTotal) paging.total = list.length;
    return { slice, paging };
  }

  // ---- routes ----

  private listPosts(ctx: Ctx): Reply {
    if (ctx.query.get('q') !== 'author') return this.badParam('q=author is required');
    const rawAuthor = ctx.rawQuery.get('author') ?? '';
    if (!ENCODED_URN.test(rawAuthor)) return this.badParam('author must be a URL-encoded URN');
    const author = ctx.query.get('author')!;
    if (!this.mayActFor(ctx.token, author)) return { status: 403, body: FAIL_BODIES[403]('/rest/posts', 'GET') };
    const list = this.postOrder.filter((p) => p.author === author).sort((a, b) => b.createdAt - a.createdAt);
    const { slice, paging } = this.page(list, ctx, false);
    return { status: 200, body: { paging, elements: slice.map((p) => this.postJson(p)) } };
  }

  private getPost(urn: string): Reply {
    const post = this.posts.get(urn);
    return post ? { status: 200, body: this.postJson(post) } : { status: 404, body: problem(404, 'NOT_FOUND', `Post ${urn} not found`) };
  }

  private threadKey(target: string): string | undefined {
    if (this.comments.has(target)) return target;
    return this.posts.get(target)?.activity;
  }

  private listComments(ctx: Ctx, target: string): Reply {
    const key = this.threadKey(target);
    if (!key) return { status: 404, body: problem(404, 'NOT_FOUND', `Entity ${target} not found`) };
    const list = this.threads.get(key) ?? [];
    const { slice, paging } = this.page(list, ctx, true);
    return { status: 200, body: { paging, elements: slice.map((e) => (e.record ? this.commentJson(e.record) : e.raw)) } };
  }

  private getComment(target: string, id: string): Reply {
    const key = this.threadKey(target);
    const post = key ? (this.posts.get(key) ?? this.posts.get(this.comments.get(key)?.object ?? '')) : undefined;
    const urn = post ? `urn:li:comment:(${post.activity},${id})` : '';
    const record = this.comments.get(urn);
    return record ? { status: 200, body: this.commentJson(record) } : { status: 404, body: problem(404, 'NOT_FOUND', `Comment ${id} not found`) };
  }

  /** Whether DELETE removed the comment. */
  isDeleted(commentUrn: string): boolean {
    return this.deleted.has(commentUrn);
  }

  /** DELETE …/comments/{id}?actor=<org>: the organization deletes a comment on its own post (LinkedIn hides none). */
  private deleteComment(ctx: Ctx, target: string, id: string): Reply {
    const actor = ctx.query.get('actor') ?? '';
    if (!actor) return this.badParam('actor is required');
    const path = `/rest/socialActions/${target}/comments/${id}`;
    if (!this.mayActFor(ctx.token, actor)) return { status: 403, body: FAIL_BODIES[403](path, 'DELETE') };
    const key = this.threadKey(target);
    const post = key ? (this.posts.get(key) ?? this.posts.get(this.comments.get(key)?.object ?? '')) : undefined;
    const record = post ? this.comments.get(`urn:li:comment:(${post.activity},${id})`) : undefined;
    if (!post || !record) return { status: 404, body: problem(404, 'NOT_FOUND', `Comment ${id} not found`) };
    if (post.author !== actor && record.actor !== actor) return { status: 403, body: FAIL_BODIES[403](path, 'DELETE') };
    this.comments.delete(record.urn);
    const thread = this.threads.get(record.parentComment ?? post.activity);
    const at = thread?.findIndex((entry) => entry.record === record) ?? -1;
    if (thread && at >= 0) thread.splice(at, 1);
    this.deleted.add(record.urn);
    return { status: 204, body: undefined };
  }

  private createComment(ctx: Ctx, target: string): Reply {
    const b = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Json;
    const message = (typeof b.message === 'object' && b.message !== null ? b.message : {}) as Json;
    const text = typeof message.text === 'string' ? message.text : '';
    const actor = typeof b.actor === 'string' ? b.actor : '';
    const object = typeof b.object === 'string' ? b.object : '';
    if (!text) return this.badParam('/message/text is required');
    if (!actor || !object) return this.badParam('/actor and /object are required');
    if (actor.startsWith('urn:li:organization:') && !this.mayActFor(ctx.token, actor)) {
      return { status: 403, body: FAIL_BODIES[403](`/rest/socialActions/${target}/comments`, 'POST') };
    }
    const targetComment = this.comments.get(target);
    const post = this.posts.get(object) ?? (targetComment ? this.posts.get(targetComment.object) : this.posts.get(target));
    if (!post) return { status: 404, body: problem(404, 'NOT_FOUND', `Entity ${object} not found`) };
    const parent = typeof b.parentComment === 'string' ? b.parentComment : targetComment?.urn;
    if (parent && !this.comments.has(parent)) return { status: 404, body: problem(404, 'NOT_FOUND', `Comment ${parent} not found`) };
    const member = this.tokens.get(ctx.token)?.memberUrn;
    const record = this.storeComment(post, actor, text, parent, undefined, undefined, actor === member ? undefined : member);
    const out: LinkedInReplyRecord = { commentUrn: record.urn, id: record.id, actor, object: post.activity, text, at: new Date(record.created) };
    if (record.parentComment) out.parentComment = record.parentComment;
    this.replies.push(out);
    return { status: 201, body: this.commentJson(record), headers: { 'x-restli-id': encodeURIComponent(record.urn) } };
  }

  private listNotifications(ctx: Ctx): Reply {
    if (ctx.query.get('q') !== 'criteria') return this.badParam('q=criteria is required');
    const rawOrg = ctx.rawQuery.get('organizationalEntity') ?? '';
    if (!ENCODED_URN.test(rawOrg)) return this.badParam('organizationalEntity must be a URL-encoded URN');
    const org = ctx.query.get('organizationalEntity')!;
    const rawActions = ctx.rawQuery.get('actions');
    const actions = rawActions === undefined ? undefined : /^List\(([A-Z_,]*)\)$/.exec(rawActions);
    if (rawActions !== undefined && !actions) return this.badParam('actions must be an unencoded List(...)');
    const rawRange = ctx.rawQuery.get('timeRange');
    const range = rawRange === undefined ? undefined : /^\(start:(\d+),end:(\d+)\)$/.exec(rawRange);
    if (rawRange !== undefined && !range) return this.badParam('timeRange must be an unencoded (start:<ms>,end:<ms>)');
    if (!this.mayActFor(ctx.token, org)) return { status: 403, body: FAIL_BODIES[403]('/rest/organizationalEntityNotifications', 'GET') };
    const wanted = actions ? new Set(actions[1]!.split(',')) : undefined;
    const from = range ? Number(range[1]) : 0;
    const to = range ? Number(range[2]) : Infinity;
    const list = this.notifications.filter(
      (n) => n.org === org && (n.action === 'RAW' || !wanted || wanted.has(n.action)) && n.lastModifiedAt >= from && n.lastModifiedAt <= to,
    );
    const { slice, paging } = this.page(list, ctx, false);
    return { status: 200, body: { paging, elements: slice.map((n) => (n.json ? n.json() : n.raw)) } };
  }
}

/** A delivery LinkedIn would POST to the webhook: raw body and a valid X-LI-Signature. */
export function linkedInWebhookDelivery(clientSecret: string, notifications: unknown[]): { rawBody: Buffer; headers: Record<string, string> } {
  const rawBody = Buffer.from(JSON.stringify({ type: EVENT_TYPE, notifications }));
  return { rawBody, headers: { 'content-type': 'application/json', 'x-li-signature': signLinkedInBody(clientSecret, rawBody) } };
}

/** Demo content for one organization: a post with citizens' comments and a mention. Returns the post's share URN. */
export function seedDemo(emulator: LinkedInEmulator, account: { organizationUrn: string; accessToken: string }): { post: string; comments: string[]; mention: string } {
  emulator.addOrganization({ organizationUrn: account.organizationUrn, token: account.accessToken });
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const { share } = emulator.addPost({
    author: account.organizationUrn,
    commentary: 'Vanaf 1 december passen onze loketten hun openingsuren aan. Je kan ook altijd online een afspraak maken.',
    createdAt: minutesAgo(240),
  });
  const texts: Array<[string, string]> = [
    ['urn:li:person:dmoAnPeeters', 'Geldt dat ook voor het loket in Gent? Op de website staat nog het oude uurrooster.'],
    [
      'urn:li:person:dmoJonasVdB',
      'Ik heb op 12 november mijn aanvraag voor de renovatiepremie ingediend (dossier RP-2026-118734) en nog altijd geen ontvangstbevestiging, na drie mails. Ik wil hierover formeel klacht indienen.',
    ],
    ['urn:li:person:dmoSofieMaes', 'Alweer kortere openingsuren. Voor wie voltijds werkt is een afspraak overdag gewoon onmogelijk, jammer.'],
    ['urn:li:person:dmoMarieDubois', "Est-ce que le guichet de Bruxelles est aussi concerné ? Je ne trouve pas l'information en français."],
    ['urn:li:person:dmoOliverGrant', 'Thanks for the clear update, the online booking worked perfectly for me.'],
  ];
  // Sofie shows the queue she stood in: a comment with an image.
  const comments = texts.map(([actor, text], i) =>
    emulator.addComment({ post: share, actor, text, createdAt: minutesAgo(200 - i * 30), ...(i === 2 ? { imageUrl: emulator.mediaUrl('wachtrij-loket.jpg') } : {}) }),
  );
  const mention = emulator.addMention({
    organizationUrn: account.organizationUrn,
    author: 'urn:li:person:dmoLotteJanssens',
    commentary: 'Dank aan het team aan het loket voor de snelle hulp bij mijn aanvraag! Vlot geregeld in tien minuten.',
    createdAt: minutesAgo(20),
  });
  return { post: share, comments, mention };
}
