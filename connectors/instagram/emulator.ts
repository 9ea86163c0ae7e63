/**
 * A local stand-in for the Instagram Graph API (business/creator accounts) and its webhooks:
 *   GET  /{ig-user-id}/media                   newest first, cursor paging, fields honoured
 *   GET  /{media-id}/comments                  top-level comments newest first, nested `replies{...}` (oldest first, paged)
 *   GET  /{comment-id}/replies                 the rest of a comment's replies
 *   GET  /{ig-user-id}?fields=mentioned_comment.comment_id(..){..} | mentioned_media.media_id(..){..}
 *   GET  /{ig-user-id|page-id}/conversations   platform=instagram: every DM dmWebhook() made (delivered or not)
 *                                              and every DM sent, newest updated first, messages{...} inline
 *   POST /{comment-id}/replies                 public reply → { id }
 *   GET  /{comment-id}                         one comment of the account's media, with `hidden`
 *   POST /{comment-id}                         hide=true|false (query or body) → { success: true } (recorded: isHidden())
 *   POST /{ig-user-id}/mentions                reply to a mention → { id }
 *   POST /{ig-user-id|page-id}/messages        DM (24 h window) or private reply to a comment (once, within 7 days)
 *                                              → { recipient_id, message_id }
 *   GET  /media/<name>                         the CDN: media_url and DM files (a PNG), standing in for scontent.cdninstagram.com
 * Shapes follow test/fixtures/platforms/instagram/ (comment objects, `paging.cursors` + `next`,
 * mentioned_comment) and error envelopes from connectors/meta/error-bodies.ts. Webhook deliveries
 * (comments, mentions, messaging) are built like the documented examples and signed with
 * X-Hub-Signature-256. Used by tests and demo mode.
 *
 * Simplifications: the BUC header's call_count only counts requests (no CPU or time budget) and
 * never throttles by itself (failNext/rateLimitUntil do); appsecret_proof is not checked; the
 * conversations API has no /{conversation-id} node; `replies` nested in a comments page are capped at `replyPageSize` with a
 * cursor to /replies; a private-reply refusal uses code 10 / subcode 2534022 (window) and the
 * older private_replies code 10900 (already answered), as no recorded body for the Send API's
 * answer to a second private reply was found; no HUMAN_AGENT tag.
 */
import { LoopbackEmulator } from '../loopback-server.js';
import { serveMediaPath } from '../emulator-media.js';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { bucHeader, graphErrorReply, graphInvalidToken, graphMissingToken, graphUnknownObject, type GraphErrorReply } from '../meta/error-bodies.js';
import { formatGraphTime } from '../meta/paging.js';
import { serveGraphRequest, signedMetaDelivery, type GraphReply, type GraphRequestLogEntry, type MetaDelivery } from '../meta/json.js';
import { isObject, type Json } from '../payload.js';
import { OAuthEmulator } from '../oauth-emulator.js';
import { metaLoginEmulator } from '../meta/login-emulator.js';
import { debugTokenReply } from '../meta/debug-token.js';

export interface InstagramAccount {
  igUserId: string;
  username: string;
  token: string;
  /** The linked Facebook Page (Facebook Login): /{pageId}/messages also sends as this account. */
  pageId?: string;
}

export interface InstagramReplyRecord {
  kind: 'comment_reply' | 'mention_reply' | 'private_reply' | 'dm';
  id: string;
  text: string;
  byIgUserId: string;
  /** The comment answered (comment_reply, mention_reply, private_reply). */
  commentId?: string;
  mediaId?: string;
  /** The IGSID written to (dm, private_reply). */
  recipientId?: string;
  at: Date;
}

export type InstagramRequestLogEntry = GraphRequestLogEntry;

export type InstagramDelivery = MetaDelivery;

/** Failure kinds, or the HTTP status they answer with (429 → rate_limit, 401 → expired_token, 500, 503, 400, 403). */
export type InstagramFailure = 'rate_limit' | 'app_throttle' | 'expired_token' | 'server_error' | 'transient' | 'invalid_parameter' | 'permission'
  | 400 | 401 | 403 | 429 | 500 | 503;

interface FailRule {
  failure: InstagramFailure;
  remaining: number;
  path?: RegExp;
  regainMinutes: number;
}

interface MediaRecord {
  id: string;
  ownerId: string;
  caption: string;
  mediaType: string;
  timestamp: Date;
  comments: string[];
}

interface CommentRecord {
  id: string;
  mediaId: string;
  text: string;
  fromId: string;
  username: string;
  timestamp: Date;
  parentId?: string;
  replies: string[];
  likeCount: number;
  /** Hidden by the account (POST /{comment-id} hide=true). */
  hidden?: boolean;
  /** Served verbatim instead of being rendered (malformed-item tests). */
  raw?: unknown;
}

type FieldTree = Map<string, FieldTree | undefined>;

/** A DM in a conversation between the account and one citizen, as the Conversations API lists it. */
interface DmRecord {
  mid: string;
  fromId: string;
  toId: string;
  text?: string;
  at: Date;
  attachments?: Array<{ type: string; url?: string }>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "id,text,replies{id,from},from" → a tree of requested fields. */
export function parseFields(spec: string): FieldTree {
  const root: FieldTree = new Map();
  const stack: FieldTree[] = [root];
  let name = '';
  let last: string | undefined;
  const flush = () => {
    const n = name.trim();
    if (n) {
      stack[stack.length - 1]!.set(n, undefined);
      last = n;
    }
    name = '';
  };
  for (const ch of spec) {
    if (ch === ',') flush();
    else if (ch === '{') {
      flush();
      const child: FieldTree = new Map();
      if (last !== undefined) stack[stack.length - 1]!.set(last, child);
      stack.push(child);
    } else if (ch === '}') {
      flush();
      if (stack.length > 1) stack.pop();
    } else name += ch;
  }
  flush();
  return root;
}

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString();
}

function oauth(status: number, error: Json): GraphErrorReply {
  return { status, body: { error: { ...error, fbtrace_id: `A${randomBytes(6).toString('hex')}` } }, headers: {} };
}

export class InstagramEmulator extends LoopbackEmulator {
  readonly replies: InstagramReplyRecord[] = [];
  readonly requestLog: InstagramRequestLogEntry[] = [];
  readonly deliveries: InstagramDelivery[] = [];

  private readonly appSecret: string;
  private readonly pageSize: number;
  private readonly replyPageSize: number;
  private readonly accounts = new Map<string, InstagramAccount>();
  private readonly nodes = new Map<string, string>();
  private readonly tokens = new Map<string, string>();
  private readonly revoked = new Set<string>();
  /** GET /debug_token: when a token expires (absent = never). */
  private readonly expiries = new Map<string, { expiresAt: Date | null; dataAccessExpiresAt?: Date | null }>();
  private readonly media = new Map<string, MediaRecord>();
  private readonly comments = new Map<string, CommentRecord>();
  private readonly privateReplied = new Set<string>();
  /** `${igUserId}:${igsid}` → time of the citizen's last DM. */
  private readonly lastInbound = new Map<string, number>();
  /** `${igUserId}:${igsid}` → the conversation's messages, oldest first (GET /{node}/conversations). */
  private readonly conversations = new Map<string, DmRecord[]>();
  private readonly failRules: FailRule[] = [];
  private limitUntil: Date | undefined;
  private readonly calls = new Map<string, number>();
  private nextId = 17900000000000000n;

  /** Facebook Login for Instagram: the dialog, /oauth/access_token and /me/accounts with each Page's Instagram account. */
  readonly oauth: OAuthEmulator;

  constructor(opts: { port?: number; appSecret?: string; pageSize?: number; replyPageSize?: number } = {}) {
    super(opts.port ?? 0);
    this.oauth = new OAuthEmulator(metaLoginEmulator('Instagram (Facebook Login)', () => this.linkedPages()));
    this.appSecret = opts.appSecret ?? 'emulator-app-secret';
    this.pageSize = Math.max(1, opts.pageSize ?? 50);
    this.replyPageSize = Math.max(1, opts.replyPageSize ?? 25);
  }

  addAccount(a: InstagramAccount): void {
    this.accounts.set(a.igUserId, a);
    this.nodes.set(a.igUserId, a.igUserId);
    if (a.pageId) this.nodes.set(a.pageId, a.igUserId);
    this.tokens.set(a.token, a.igUserId);
  }

  /** GET /me/accounts: a Page per account (its own id when none is linked), a new Page token each, the Instagram account linked. */
  private linkedPages(): Json {
    const data = [...this.accounts.values()].map((a) => {
      const token = `EAAemuIg${a.igUserId}x${(this.nextId++).toString(36)}`;
      this.tokens.set(token, a.igUserId);
      return { id: a.pageId ?? a.igUserId, name: `${a.username} (Page)`, access_token: token, instagram_business_account: { id: a.igUserId, username: a.username } };
    });
    return { data };
  }

  addMedia(m: { ownerId: string; caption?: string; mediaType?: string; at?: Date; id?: string }): string {
    const id = m.id ?? this.claimId();
    this.media.set(id, { id, ownerId: m.ownerId, caption: m.caption ?? '', mediaType: m.mediaType ?? 'IMAGE', timestamp: m.at ?? new Date(), comments: [] });
    return id;
  }

  /** A comment (or, with parentId, a reply) by anyone, the account itself included. */
  addComment(c: { mediaId: string; text: string; fromId: string; username: string; parentId?: string; at?: Date; id?: string }): string {
    const media = this.media.get(c.mediaId);
    if (!media) throw new Error(`unknown media ${c.mediaId}`);
    const id = c.id ?? this.claimId();
    const record: CommentRecord = { id, mediaId: c.mediaId, text: c.text, fromId: c.fromId, username: c.username, timestamp: c.at ?? new Date(), replies: [], likeCount: 0 };
    if (c.parentId) {
      const parent = this.comments.get(c.parentId);
      if (!parent) throw new Error(`unknown comment ${c.parentId}`);
      record.parentId = c.parentId;
      parent.replies.push(id);
    } else {
      media.comments.push(id);
    }
    this.comments.set(id, record);
    return id;
  }

  /** Serves `comment` verbatim as the newest top-level comment of the media. */
  addRawComment(mediaId: string, comment: unknown): void {
    const media = this.media.get(mediaId);
    if (!media) throw new Error(`unknown media ${mediaId}`);
    const id = this.claimId();
    this.comments.set(id, { id, mediaId, text: '', fromId: '', username: '', timestamp: new Date(), replies: [], likeCount: 0, raw: comment });
    media.comments.push(id);
  }

  /** Deletes a media with its comments: later reads of it answer Graph's unknown-object error. */
  removeMedia(mediaId: string): void {
    const media = this.media.get(mediaId);
    if (!media) return;
    for (const id of media.comments) {
      for (const r of this.comments.get(id)?.replies ?? []) this.comments.delete(r);
      this.comments.delete(id);
    }
    this.media.delete(mediaId);
  }

  /** Someone mentions the account in a comment on their own media; returns the ids and the `mentions` delivery. */
  addMention(m: { igUserId: string; text: string; fromId: string; username: string; at?: Date; caption?: string }): { mediaId: string; commentId: string; delivery: InstagramDelivery } {
    const mediaId = this.addMedia({ ownerId: m.fromId, caption: m.caption ?? '' });
    const commentId = this.addComment({ mediaId, text: m.text, fromId: m.fromId, username: m.username, ...(m.at ? { at: m.at } : {}) });
    return { mediaId, commentId, delivery: this.mentionWebhook(m.igUserId, mediaId, commentId) };
  }

  failNext(failure: InstagramFailure, opts: { count?: number; path?: RegExp; regainMinutes?: number } = {}): void {
    const rule: FailRule = { failure, remaining: opts.count ?? 1, regainMinutes: opts.regainMinutes ?? 0 };
    if (opts.path) rule.path = opts.path;
    this.failRules.push(rule);
  }

  /** Every call answers the Instagram BUC throttle (80002) until resetAt. */
  rateLimitUntil(resetAt: Date): void {
    this.limitUntil = resetAt;
  }

  /** Whether the account hid the comment; undefined for an unknown comment. */
  isHidden(commentId: string): boolean | undefined {
    const comment = this.comments.get(commentId);
    return comment ? comment.hidden === true : undefined;
  }

  clearFailures(): void {
    this.failRules.length = 0;
    this.limitUntil = undefined;
  }

  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  restoreToken(token: string): void {
    this.revoked.delete(token);
  }

  /** What GET /debug_token says of a token's expiry (the token lifecycle reads it). */
  setTokenExpiry(token: string, expiresAt: Date | null, dataAccessExpiresAt?: Date | null): void {
    this.expiries.set(token, { expiresAt, ...(dataAccessExpiresAt !== undefined ? { dataAccessExpiresAt } : {}) });
  }

  // ---- webhook deliveries ----

  /** The `comments` webhook for a stored comment (webhook_comments.meta-docs.json shape). */
  commentWebhook(commentId: string): InstagramDelivery {
    const c = this.comments.get(commentId);
    if (!c) throw new Error(`unknown comment ${commentId}`);
    const media = this.media.get(c.mediaId)!;
    const value: Json = { from: { id: c.fromId, username: c.username }, media: { id: c.mediaId, media_product_type: 'FEED' }, id: c.id };
    if (c.parentId) value.parent_id = c.parentId;
    value.text = c.text;
    return this.entry(media.ownerId, { changes: [{ field: 'comments', value }] }, c.timestamp);
  }

  /** The `mentions` webhook: ids only (webhook_mentions.meta-docs.json shape). */
  mentionWebhook(igUserId: string, mediaId: string, commentId?: string): InstagramDelivery {
    const value: Json = { media_id: mediaId };
    if (commentId) value.comment_id = commentId;
    return this.entry(igUserId, { changes: [{ field: 'mentions', value }] });
  }

  /** A DM from a citizen (or, with isEcho, one the account sent), as `entry[].messaging[]`. Opens the 24 h window. */
  dmWebhook(d: {
    igUserId: string; fromId: string; text?: string; at?: Date; mid?: string; isEcho?: boolean;
    attachments?: Array<{ type: string; url?: string }>; replyToMid?: string;
  }): { mid: string; delivery: InstagramDelivery } {
    const at = d.at ?? new Date();
    const mid = d.mid ?? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${randomBytes(12).toString('base64url')}`;
    const message: Json = { mid };
    if (d.text !== undefined) message.text = d.text;
    if (d.attachments) message.attachments = d.attachments.map((a) => ({ type: a.type, payload: a.url ? { url: a.url } : {} }));
    if (d.replyToMid) message.reply_to = { mid: d.replyToMid };
    if (d.isEcho) message.is_echo = true;
    else {
      const key = `${d.igUserId}:${d.fromId}`;
      this.lastInbound.set(key, Math.max(this.lastInbound.get(key) ?? 0, at.getTime()));
    }
    const [sender, recipient] = d.isEcho ? [d.igUserId, d.fromId] : [d.fromId, d.igUserId];
    // Recorded whether or not the delivery is ever posted: the Conversations API lists it.
    this.recordDm(d.igUserId, d.fromId, { mid, fromId: sender, toId: recipient, at, ...(d.text !== undefined ? { text: d.text } : {}), ...(d.attachments ? { attachments: d.attachments } : {}) });
    const event = { sender: { id: sender }, recipient: { id: recipient }, timestamp: at.getTime(), message };
    return { mid, delivery: this.entry(d.igUserId, { messaging: [event] }, at, true) };
  }

  /** Signs any body the way Meta would deliver it. */
  sign(body: unknown): InstagramDelivery {
    const delivery = signedMetaDelivery(this.appSecret, body);
    this.deliveries.push(delivery);
    return delivery;
  }

  // ---- internals ----

  private recordDm(igUserId: string, citizenId: string, dm: DmRecord): void {
    const key = `${igUserId}:${citizenId}`;
    const list = this.conversations.get(key) ?? [];
    list.push(dm);
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    this.conversations.set(key, list);
  }

  private claimId(): string {
    return (this.nextId++).toString();
  }

  private entry(igUserId: string, content: Json, at = new Date(), millis = false): InstagramDelivery {
    const time = millis ? at.getTime() : Math.floor(at.getTime() / 1000);
    return this.sign({ object: 'instagram', entry: [{ id: igUserId, time, ...content }] });
  }

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    // The CDN (media_url, DM attachments made with mediaUrl()), public like scontent.cdninstagram.com.
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (this.oauth.handle(req, res, rawBody)) {
      this.requestLog.push({ method: req.method ?? 'GET', path: url.pathname, query: '', status: res.statusCode });
      return;
    }
    if (/^(?:\/v\d+\.\d+)?\/debug_token$/.test(url.pathname) && req.method === 'GET') {
      const known = (token: string) => (this.tokens.has(token) && !this.revoked.has(token) ? { valid: true, ...this.expiries.get(token), profileId: this.tokens.get(token)! } : undefined);
      const reply = debugTokenReply(url.searchParams, this.oauth.app, known);
      this.requestLog.push({ method: 'GET', path: '/debug_token', query: '', status: reply.status });
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(reply.body));
      return;
    }
    const served = serveMediaPath(req, res, url.pathname);
    if (served !== undefined) {
      this.requestLog.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), status: served });
      return;
    }
    serveGraphRequest(req, res, rawBody, this.requestLog, (url, path, method) => this.dispatch(req, url, path, method, rawBody));
  }

  private failure(rule: FailRule, usageId: string): GraphReply {
    switch (rule.failure) {
      case 'rate_limit':
      case 429:
        return this.throttled(usageId, rule.regainMinutes);
      case 'app_throttle':
        return graphErrorReply('app_throttle');
      case 'expired_token':
      case 401:
        return graphErrorReply('expired_token');
      case 'server_error':
      case 503:
        return graphErrorReply('server_error');
      case 'transient':
      case 500:
        return graphErrorReply('transient');
      case 'invalid_parameter':
      case 400:
        return graphErrorReply('invalid_parameter');
      case 'permission':
      case 403:
        return oauth(403, { message: '(#200) Requires instagram_manage_comments permission to manage the object', type: 'OAuthException', code: 200 });
    }
  }

  /** Instagram's business-use-case throttle: code 80002 with the BUC header saying when access returns. */
  private throttled(usageId: string, regainMinutes: number): GraphReply {
    const reply = oauth(400, {
      message: '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
      type: 'OAuthException', code: 80002,
    });
    return { ...reply, headers: { 'x-business-use-case-usage': bucHeader(usageId, 'instagram', 100, regainMinutes) } };
  }

  private dispatch(req: http.IncomingMessage, url: URL, path: string, method: string, rawBody: string): GraphReply {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : url.searchParams.get('access_token') ?? undefined;
    const userId = token ? this.tokens.get(token) : undefined;
    const usageId = userId ?? '0';
    const rule = this.failRules.find((r) => r.remaining > 0 && (!r.path || r.path.test(path)));
    if (rule) {
      rule.remaining--;
      return this.failure(rule, usageId);
    }
    if (this.limitUntil && this.limitUntil.getTime() > Date.now()) {
      return this.throttled(usageId, Math.max(1, Math.ceil((this.limitUntil.getTime() - Date.now()) / 60_000)));
    }
    if (!token) return graphMissingToken();
    if (this.revoked.has(token)) return graphErrorReply('expired_token');
    if (!userId) return graphInvalidToken();
    let body: Json = {};
    if (rawBody) {
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (isObject(parsed)) body = parsed;
      } catch {
        return graphErrorReply('invalid_parameter');
      }
    }
    for (const [k, v] of url.searchParams) if (!(k in body) && k !== 'access_token' && k !== 'appsecret_proof') body[k] = v;
    const reply = this.route(method, path, url.searchParams, body, userId);
    const used = (this.calls.get(userId) ?? 0) + 1;
    this.calls.set(userId, used);
    return { ...reply, headers: { 'x-business-use-case-usage': bucHeader(userId, 'instagram', Math.min(99, used)), ...reply.headers } };
  }

  private route(method: string, path: string, query: URLSearchParams, body: Json, userId: string): GraphReply {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [node, edge] = parts;
    if (!node || parts.length > 2) return graphUnknownObject(path);
    const fields = parseFields(query.get('fields') ?? '');
    if (method === 'GET') {
      if (!edge && this.accounts.has(node)) return this.userNode(node, query.get('fields') ?? '', userId);
      if (edge === 'media' && this.accounts.has(node)) return this.mediaList(node, fields, query);
      if (edge === 'comments' && this.media.has(node)) return this.commentList(this.media.get(node)!.comments, fields, query, `${node}/comments`, true);
      if (edge === 'replies' && this.comments.has(node)) return this.commentList(this.comments.get(node)!.replies, fields, query, `${node}/replies`, false);
      if (edge === 'conversations' && this.nodes.get(node) === userId) return this.conversationList(userId, fields, query, `${node}/conversations`);
      if (!edge && this.ownComment(node, userId)) return { status: 200, body: this.commentJson(this.comments.get(node)!, fields.size ? fields : parseFields('text,timestamp,hidden')) };
      return graphUnknownObject(node);
    }
    if (method === 'POST') {
      if (!edge && this.ownComment(node, userId)) {
        const value = String(query.get('hide') ?? body.hide ?? '');
        if (value !== 'true' && value !== 'false') return graphErrorReply('invalid_parameter');
        this.comments.get(node)!.hidden = value === 'true';
        return { status: 200, body: { success: true } };
      }
      if (edge === 'replies' && this.comments.has(node)) return this.postReply(node, body, userId);
      if (edge === 'mentions' && node === userId) return this.postMentionReply(body, userId);
      if (edge === 'messages' && this.nodes.get(node) === userId) return this.postMessage(body, userId);
    }
    return graphUnknownObject(node);
  }

  // ---- rendering ----

  private page(ids: string[], query: URLSearchParams, path: string, render: (id: string) => unknown, newestFirst: boolean, size: number): GraphReply {
    const limit = Math.max(1, Math.min(Number(query.get('limit') ?? size) || size, 100, size));
    const ordered = newestFirst ? [...ids].reverse() : ids;
    const after = query.get('after');
    let start = 0;
    if (after) {
      const at = ordered.indexOf(decodeCursor(after));
      if (at < 0) return graphErrorReply('invalid_parameter');
      start = at + 1;
    }
    const slice = ordered.slice(start, start + limit);
    const body: Json = { data: slice.map(render) };
    if (slice.length) {
      const paging: Json = { cursors: { before: encodeCursor(slice[0]!), after: encodeCursor(slice[slice.length - 1]!) } };
      if (start + limit < ordered.length) {
        const next = new URLSearchParams(query);
        next.set('after', encodeCursor(slice[slice.length - 1]!));
        next.set('limit', String(limit));
        paging.next = `${this.http.url}v21.0/${path}?${next}`;
      }
      body.paging = paging;
    }
    return { status: 200, body };
  }

  private mediaJson(m: MediaRecord, fields: FieldTree): Json {
    const owner = this.accounts.get(m.ownerId);
    const all: Json = {
      caption: m.caption,
      comments_count: m.comments.reduce((n, id) => n + 1 + (this.comments.get(id)?.replies.length ?? 0), 0),
      like_count: 0,
      media_type: m.mediaType,
      media_url: this.mediaUrl(`${m.id}_n.jpg`),
      permalink: `https://www.instagram.com/p/${Buffer.from(m.id).toString('base64url').slice(0, 11)}/`,
      timestamp: formatGraphTime(m.timestamp),
      username: owner?.username ?? `user${m.ownerId}`,
    };
    const out: Json = { id: m.id };
    for (const f of fields.keys()) if (all[f] !== undefined) out[f] = all[f];
    return out;
  }

  private commentJson(c: CommentRecord, fields: FieldTree): unknown {
    if (c.raw !== undefined) return c.raw;
    const all: Json = {
      text: c.text,
      timestamp: formatGraphTime(c.timestamp),
      username: c.username,
      from: { id: c.fromId, username: c.username },
      like_count: c.likeCount,
      media: { id: c.mediaId },
      parent_id: c.parentId,
      hidden: c.hidden === true,
    };
    const out: Json = {};
    for (const f of fields.keys()) if (all[f] !== undefined) out[f] = all[f];
    out.id = c.id;
    const replyFields = fields.get('replies');
    if (fields.has('replies') && c.replies.length) {
      const nested = this.page(c.replies, new URLSearchParams(), `${c.id}/replies`, (id) => this.commentJson(this.comments.get(id)!, replyFields ?? new Map()), false, this.replyPageSize);
      out.replies = nested.body;
    }
    return out;
  }

  // ---- routes ----

  private userNode(igUserId: string, spec: string, userId: string): GraphReply {
    if (igUserId !== userId) return graphUnknownObject(igUserId);
    const mention = /^mentioned_(comment|media)\.(comment_id|media_id)\(([^)]*)\)(?:\{(.*)\})?$/.exec(spec.trim());
    if (mention) {
      const [, kind, , id, sub] = mention;
      const fields = parseFields(sub ?? 'id');
      if (kind === 'comment') {
        const c = this.comments.get(id!);
        if (!c) return graphUnknownObject(id!);
        const json = this.commentJson(c, fields) as Json;
        return { status: 200, body: { mentioned_comment: json, id: igUserId } };
      }
      const m = this.media.get(id!);
      if (!m) return graphUnknownObject(id!);
      return { status: 200, body: { mentioned_media: this.mediaJson(m, fields), id: igUserId } };
    }
    const account = this.accounts.get(igUserId)!;
    const out: Json = { id: igUserId };
    if (parseFields(spec).has('username')) out.username = account.username;
    return { status: 200, body: out };
  }

  private mediaList(igUserId: string, fields: FieldTree, query: URLSearchParams): GraphReply {
    const ids = [...this.media.values()].filter((m) => m.ownerId === igUserId).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime()).map((m) => m.id);
    return this.page(ids, query, `${igUserId}/media`, (id) => this.mediaJson(this.media.get(id)!, fields), true, 100);
  }

  /**
   * GET /{node}/conversations?platform=instagram: newest updated first, cursor paging; `messages{...}`
   * inline, newest first, at most `messages.limit(n)` (default and cap 20: Meta details only the 20 newest).
   */
  private conversationList(userId: string, fields: FieldTree, query: URLSearchParams, path: string): GraphReply {
    if (query.get('platform') !== 'instagram') return graphErrorReply('invalid_parameter');
    const prefix = `${userId}:`;
    const updated = (key: string) => this.conversations.get(key)!.at(-1)!.at.getTime();
    const keys = [...this.conversations.keys()].filter((k) => k.startsWith(prefix)).sort((a, b) => updated(a) - updated(b));
    const messagesKey = [...fields.keys()].find((f) => /^messages(\.|$)/.test(f));
    const limit = Math.min(20, Number(/\.limit\((\d+)\)/.exec(messagesKey ?? '')?.[1] ?? 20));
    const username = (id: string) => this.accounts.get(id)?.username ?? `user${id}`;
    const render = (key: string): Json => {
      const list = this.conversations.get(key)!;
      const out: Json = { id: `aWdfconv${encodeCursor(key)}` };
      if (fields.has('updated_time')) out.updated_time = formatGraphTime(list.at(-1)!.at);
      if (messagesKey) {
        const data = [...list].reverse().slice(0, limit).map((m) => {
          const json: Json = { id: m.mid, created_time: formatGraphTime(m.at), from: { id: m.fromId, username: username(m.fromId) }, to: { data: [{ id: m.toId, username: username(m.toId) }] }, message: m.text ?? '' };
          if (m.attachments) json.attachments = { data: m.attachments.map((a) => ({ id: randomBytes(6).toString('hex'), ...(a.url ? { image_data: { url: a.url } } : {}) })) };
          return json;
        });
        out.messages = { data };
      }
      return out;
    };
    return this.page(keys, query, path, (key) => render(key), true, this.pageSize);
  }

  private commentList(ids: string[], fields: FieldTree, query: URLSearchParams, path: string, newestFirst: boolean): GraphReply {
    const sorted = [...ids].sort((a, b) => this.comments.get(a)!.timestamp.getTime() - this.comments.get(b)!.timestamp.getTime());
    const render = (id: string) => this.commentJson(this.comments.get(id)!, fields.size ? fields : parseFields('id,text,timestamp'));
    return this.page(sorted, query, path, render, newestFirst, newestFirst ? this.pageSize : this.replyPageSize);
  }

  /** Graph accepts JSON bodies and form/query parameters whose values are JSON strings. */
  private objectParam(v: unknown): Json {
    if (isObject(v)) return v;
    if (typeof v !== 'string') return {};
    try {
      const parsed: unknown = JSON.parse(v);
      return isObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }

  /** A comment on media of this account (the only comments it may read by id or hide). */
  private ownComment(commentId: string, userId: string): boolean {
    const comment = this.comments.get(commentId);
    return comment !== undefined && this.media.get(comment.mediaId)?.ownerId === userId;
  }

  private postReply(commentId: string, body: Json, userId: string): GraphReply {
    const text = typeof body.message === 'string' ? body.message : '';
    if (!text) return graphErrorReply('invalid_parameter');
    const parent = this.comments.get(commentId)!;
    if (parent.parentId) return oauth(400, { message: '(#100) Replies to replies are not supported', type: 'OAuthException', code: 100 });
    const account = this.accounts.get(userId)!;
    const id = this.addComment({ mediaId: parent.mediaId, text, fromId: userId, username: account.username, parentId: commentId });
    this.replies.push({ kind: 'comment_reply', id, text, byIgUserId: userId, commentId, mediaId: parent.mediaId, at: new Date() });
    return { status: 200, body: { id } };
  }

  private postMentionReply(body: Json, userId: string): GraphReply {
    const text = typeof body.message === 'string' ? body.message : '';
    const mediaId = typeof body.media_id === 'string' ? body.media_id : '';
    const commentId = typeof body.comment_id === 'string' ? body.comment_id : undefined;
    if (!text || !this.media.has(mediaId) || (commentId !== undefined && this.comments.get(commentId)?.mediaId !== mediaId)) {
      return graphErrorReply('invalid_parameter');
    }
    const account = this.accounts.get(userId)!;
    const id = this.addComment({ mediaId, text, fromId: userId, username: account.username, ...(commentId ? { parentId: commentId } : {}) });
    const record: InstagramReplyRecord = { kind: 'mention_reply', id, text, byIgUserId: userId, mediaId, at: new Date() };
    if (commentId) record.commentId = commentId;
    this.replies.push(record);
    return { status: 200, body: { id } };
  }

  private postMessage(body: Json, userId: string): GraphReply {
    const message = this.objectParam(body.message);
    const text = typeof message.text === 'string' ? message.text : undefined;
    const recipient = this.objectParam(body.recipient);
    if (!text) return graphErrorReply('invalid_parameter');
    const outsideWindow = () => oauth(400, { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2534022 });
    const mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${randomBytes(12).toString('base64url')}`;
    if (typeof recipient.comment_id === 'string') {
      const c = this.comments.get(recipient.comment_id);
      if (!c || this.media.get(c.mediaId)?.ownerId !== userId) return graphUnknownObject(recipient.comment_id);
      if (this.privateReplied.has(c.id)) return oauth(400, { message: '(#10900) Activity already replied to', type: 'OAuthException', code: 10900 });
      if (Date.now() - c.timestamp.getTime() > 7 * DAY_MS) return outsideWindow();
      this.privateReplied.add(c.id);
      this.replies.push({ kind: 'private_reply', id: mid, text, byIgUserId: userId, commentId: c.id, recipientId: c.fromId, at: new Date() });
      return { status: 200, body: { recipient_id: c.fromId, message_id: mid } };
    }
    if (typeof recipient.id === 'string') {
      const last = this.lastInbound.get(`${userId}:${recipient.id}`);
      if (last === undefined) return oauth(400, { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001 });
      if (Date.now() - last > DAY_MS) return outsideWindow();
      this.replies.push({ kind: 'dm', id: mid, text, byIgUserId: userId, recipientId: recipient.id, at: new Date() });
      this.recordDm(userId, recipient.id, { mid, fromId: userId, toId: recipient.id, text, at: new Date() });
      return { status: 200, body: { recipient_id: recipient.id, message_id: mid } };
    }
    return graphErrorReply('invalid_parameter');
  }
}

/**
 * Demo mode: two posts of the account and citizens' comments on them (Dutch mostly, one French, one
 * English: questions, a complaint with a concrete case, dissatisfaction, thanks), plus one DM.
 * Comments are polled; the DM comes as the returned signed delivery.
 */
export function seedDemo(emulator: InstagramEmulator, account: { igUserId: string }): { dmDelivery: InstagramDelivery } {
  const now = Date.now();
  const minutes = (n: number) => new Date(now - n * 60_000);
  const own = account.igUserId;
  const post1 = emulator.addMedia({ ownerId: own, caption: 'Vanaf 1 december kan je de energiepremie online aanvragen.', at: minutes(600) });
  const post2 = emulator.addMedia({ ownerId: own, caption: 'Onze loketten zijn gesloten op 11 november.', at: minutes(300) });
  emulator.addComment({ mediaId: post1, fromId: '17841400000000101', username: 'lotte.vermeulen', at: minutes(240),
    text: 'Moet ik daarvoor inloggen met itsme of kan het ook met de eID-kaartlezer?' });
  emulator.addComment({ mediaId: post1, fromId: '17841400000000102', username: 'bartjanssens', at: minutes(200),
    text: 'Ik wil een klacht indienen. Mijn aanvraag EP-2026-10442 werd op 14 oktober afgewezen zonder enige motivering en niemand belt terug.' });
  emulator.addComment({ mediaId: post1, fromId: '17841400000000103', username: 'claire.lambert', at: minutes(150),
    text: "Bonjour, est-ce que le formulaire existe aussi en français ?" });
  emulator.addComment({ mediaId: post2, fromId: '17841400000000104', username: 'jef_de_wit', at: minutes(120),
    text: 'Alweer gesloten? Ik heb al drie weken geen afspraak kunnen maken. Dit is echt frustrerend.' });
  emulator.addComment({ mediaId: post2, fromId: '17841400000000105', username: 'sam.expat', at: minutes(60),
    text: 'Will the online counter still be available on November 11th?' });
  emulator.addComment({ mediaId: post2, fromId: '17841400000000101', username: 'lotte.vermeulen', at: minutes(30),
    text: 'Bedankt voor de duidelijke info!' });
  const { delivery } = emulator.dmWebhook({ igUserId: own, fromId: '17841400000000106', at: minutes(10),
    text: 'Hallo, ik heb mijn rijbewijs verloren. Waar kan ik een duplicaat aanvragen?' });
  return { dmDelivery: delivery };
}
