/**
 * A local HTTP server speaking the Graph API shapes of a Facebook Page and its Messenger inbox, as
 * recorded in test/fixtures/platforms/facebook/ (page feed with inline comments, comment lists with
 * cursor paging, conversations, messages, the OAuthException error envelopes and the
 * X-Business-Use-Case-Usage / X-App-Usage headers). Used by tests, the benchmark and demo mode.
 *
 * Routes (with or without a /vNN.N/ prefix; token as Bearer header or access_token parameter):
 *   GET  /{page}/feed                    newest created first; fields incl. comments.filter().order().limit(){...}
 *   GET  /{post|comment}/comments        filter=toplevel|stream, order=chronological|reverse_chronological, after
 *   POST /{post|comment}/comments        { message } → { id }            (public reply, recorded)
 *   GET  /{page}/conversations           platform=messenger, newest updated first; messages.limit(n){...} inline; user_id=<PSID> filters
 *   GET  /{conversation}/messages        newest first, after
 *   POST /{page}/messages                Send API { recipient: { id } | { comment_id } | { post_id }, message: { text } } (recorded)
 *   GET  /{message-id}                   one Messenger message with its fields (a fresh attachment URL)
 *   GET  /{comment-id}                   one comment: id, message, is_hidden, can_hide (fields honoured)
 *   POST /{comment-id}                   is_hidden=true|false (query or body) → { success: true }  (recorded: isHidden())
 *   GET  /media/<name>                   the CDN: post photos and Messenger files (a PNG; `expired-…` answers 403), no token
 *
 * Simplifications: the feed is ordered by created_time (the recording cannot tell creation from
 * activity order); usage headers count calls but never throttle on their own (only failNext /
 * rateLimitUntil do); field lists are honoured for the fields the connectors ask, others are left
 * out; cursors are opaque keys of the last item; appsecret_proof is accepted unchecked; one private
 * reply per comment and the 7-day private-reply limit are not enforced; message details are served
 * for every message, not only the 20 newest of a conversation.
 */
import { LoopbackEmulator } from '../loopback-server.js';
import http from 'node:http';
import type { WebhookRequest } from '../types.js';
import { graphErrorReply, graphInvalidToken, graphMissingToken, graphUnknownObject, bucHeader, appUsageHeader, type GraphErrorReply, type GraphFailure } from '../meta/error-bodies.js';
import { formatGraphTime } from '../meta/paging.js';
import { SIGNATURE_HEADER, signMetaBody } from '../meta/signature.js';
import { metaJson } from '../meta/json.js';
import { serveMediaPath } from '../emulator-media.js';
import { OAuthEmulator } from '../oauth-emulator.js';
import { metaLoginEmulator } from '../meta/login-emulator.js';
import { debugTokenReply } from '../meta/debug-token.js';

type Json = Record<string, unknown>;

export interface FacebookPageAccount {
  pageId: string;
  name: string;
  token: string;
}

export interface FacebookReplyRecord {
  kind: 'comment' | 'private_reply' | 'message';
  id: string;
  text: string;
  pageId: string;
  /** Public reply: the post or comment commented on. Private reply: the comment or post answered. */
  objectId?: string;
  /** Messenger: the PSID written to. */
  recipientId?: string;
  messagingType?: string;
  tag?: string;
  at: Date;
}

export interface FacebookRequestLogEntry {
  method: string;
  /** Path without the version prefix and the query string. */
  path: string;
  /** The query string without '?' and without access_token. */
  query: string;
  status: number;
  /** Which token style the request used. */
  auth: 'bearer' | 'query' | 'none';
}

interface PostRecord {
  seq: number;
  id: string;
  pageId: string;
  fromId: string;
  fromName: string;
  message?: string;
  created: Date;
  attachments?: Array<{ type: string; url: string }>;
  raw?: Json;
}

interface CommentRecord {
  seq: number;
  id: string;
  postId: string;
  parentId?: string;
  fromId: string;
  fromName: string;
  message: string;
  created: Date;
  attachment?: { type: string; url: string };
  raw?: Json;
  /** Hidden by the Page (POST /{comment-id} is_hidden=true). */
  hidden?: boolean;
}

interface MessageRecord {
  seq: number;
  id: string;
  fromId: string;
  fromName: string;
  toId: string;
  toName: string;
  text: string;
  created: Date;
  attachments?: Array<{ type: 'image' | 'video' | 'file'; url: string; mimeType: string; size?: number }>;
  raw?: Json;
}

interface ConversationRecord {
  seq: number;
  id: string;
  pageId: string;
  psid: string;
  name: string;
  messages: MessageRecord[];
}

interface FailRule {
  failure: GraphFailure | number;
  remaining: number;
  path?: RegExp;
  regainMinutes?: number;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface FieldSpec {
  mods: Record<string, string>;
  sub?: string;
}

/** Parses a Graph field list: `id,from{id,name},comments.order(x).limit(5){id,message}`. */
export function parseFields(list: string | null): Map<string, FieldSpec> {
  const out = new Map<string, FieldSpec>();
  if (!list) return out;
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const brace = part.indexOf('{');
    const head = brace >= 0 ? part.slice(0, brace) : part;
    const spec: FieldSpec = { mods: {} };
    if (brace >= 0) spec.sub = part.slice(brace + 1, part.lastIndexOf('}'));
    const [name, ...mods] = head.split('.');
    for (const m of mods) {
      const match = /^(\w+)\((.*)\)$/.exec(m);
      if (match) spec.mods[match[1]!] = match[2]!;
    }
    out.set(name!, spec);
  }
  return out;
}

function encodeCursor(time: number, seq: number): string {
  return Buffer.from(JSON.stringify([time, seq])).toString('base64url');
}

function decodeCursor(cursor: string | null): [number, number] | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    return Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number') ? [v[0] as number, v[1] as number] : undefined;
  } catch {
    return undefined;
  }
}

/** A Page `feed` webhook body for one or more change values. */
export function feedWebhookBody(pageId: string, values: Json[], time = Math.floor(Date.now() / 1000)): Json {
  return { object: 'page', entry: [{ id: pageId, time, changes: values.map((value) => ({ field: 'feed', value })) }] };
}

/** A comment `add` change value as Meta documents it (webhook_feed_comment_add.meta-docs.json). */
export function commentChange(c: { pageId: string; postId: string; commentId: string; fromId: string; fromName: string; message: string; parentId?: string; createdAt?: Date; verb?: string }): Json {
  return {
    from: { id: c.fromId, name: c.fromName },
    post: { status_type: 'added_photos', is_published: true, updated_time: formatGraphTime(c.createdAt ?? new Date()), permalink_url: `https://www.facebook.com/${c.postId.replace('_', '/posts/')}`, promotion_status: 'inactive', id: c.postId },
    message: c.message,
    post_id: c.postId,
    comment_id: c.commentId,
    created_time: Math.floor((c.createdAt ?? new Date()).getTime() / 1000),
    item: 'comment',
    parent_id: c.parentId ?? c.postId,
    verb: c.verb ?? 'add',
  };
}

/**
 * A comment `remove` change value: Meta's removal carries the ids, the author and a time, no message
 * (webhooks reference, field `feed`).
 */
export function commentRemovalChange(c: { postId: string; commentId: string; fromId: string; fromName: string; parentId?: string; at?: Date }): Json {
  return {
    from: { id: c.fromId, name: c.fromName },
    post_id: c.postId,
    comment_id: c.commentId,
    created_time: Math.floor((c.at ?? new Date()).getTime() / 1000),
    item: 'comment',
    parent_id: c.parentId ?? c.postId,
    verb: 'remove',
  };
}

/** A Messenger `messages` webhook body for messaging events. */
export function messagingWebhookBody(pageId: string, events: Json[], time = Date.now()): Json {
  return { object: 'page', entry: [{ id: pageId, time, messaging: events }] };
}

/** One Messenger message event from a citizen (webhook_messenger_message.meta-docs.json). */
export function messageEvent(e: { pageId: string; psid: string; mid: string; text?: string; at?: Date; attachments?: Json[]; isEcho?: boolean }): Json {
  const at = (e.at ?? new Date()).getTime();
  const message: Json = { mid: e.mid };
  if (e.text !== undefined) message.text = e.text;
  if (e.attachments) message.attachments = e.attachments;
  if (e.isEcho) message.is_echo = true;
  return e.isEcho
    ? { sender: { id: e.pageId }, recipient: { id: e.psid }, timestamp: at, message }
    : { sender: { id: e.psid }, recipient: { id: e.pageId }, timestamp: at, message };
}

/** A delivery signed like Meta's: raw bytes in Meta's JSON escaping and X-Hub-Signature-256. */
export function signedWebhookRequest(appSecret: string, body: unknown, opts: { forge?: boolean } = {}): WebhookRequest {
  const rawBody = Buffer.from(metaJson(body));
  const signature = signMetaBody(opts.forge ? `${appSecret}-forged` : appSecret, rawBody);
  return { method: 'POST', query: {}, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, rawBody };
}

const DAY = 24 * 3600 * 1000;

export class FacebookEmulator extends LoopbackEmulator {
  readonly replies: FacebookReplyRecord[] = [];
  readonly requestLog: FacebookRequestLogEntry[] = [];

  private seq = 0;
  private nextNumber = 120000000000000;
  private readonly pages = new Map<string, FacebookPageAccount>();
  private readonly tokens = new Map<string, string>();
  private readonly revoked = new Set<string>();
  /** GET /debug_token: when a token expires (absent = never, as a Page token of a long-lived user token). */
  private readonly expiries = new Map<string, { expiresAt: Date | null; dataAccessExpiresAt?: Date | null }>();
  private readonly posts = new Map<string, PostRecord>();
  private readonly comments = new Map<string, CommentRecord>();
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly failRules: FailRule[] = [];
  private readonly calls = new Map<string, number>();
  private readonly defaultLimit: number;
  /** Calls per page that count as 100 % in the usage headers. */
  private readonly usageBudget: number;

  /** Facebook Login: the dialog, /oauth/access_token (code, fb_exchange_token) and /me/accounts (connectors/oauth-emulator.ts). */
  readonly oauth: OAuthEmulator;

  constructor(opts: { port?: number; defaultLimit?: number; usageBudget?: number } = {}) {
    super(opts.port ?? 0);
    this.oauth = new OAuthEmulator(metaLoginEmulator('Facebook', () => this.managedPages()));
    this.defaultLimit = opts.defaultLimit ?? 25;
    this.usageBudget = opts.usageBudget ?? 4800;
  }

  addPage(page: FacebookPageAccount): void {
    this.pages.set(page.pageId, page);
    this.tokens.set(page.token, page.pageId);
  }

  /** GET /me/accounts: every Page, each with a newly minted Page token (as Meta derives one from each user token). */
  private managedPages(): Json {
    const data = [...this.pages.values()].map((page) => {
      const token = `EAAemuPage${page.pageId}x${(this.nextNumber++).toString(36)}`;
      this.tokens.set(token, page.pageId);
      return { id: page.pageId, name: page.name, access_token: token, category: 'Government organization', tasks: ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'MESSAGING'] };
    });
    return { data, paging: { cursors: { before: 'QVFIUmFi', after: 'QVFIUmFj' } } };
  }

  // ---- content ----

  private number(): string {
    return String(this.nextNumber++);
  }

  private page(pageId: string): FacebookPageAccount {
    const page = this.pages.get(pageId);
    if (!page) throw new Error(`unknown page ${pageId}: addPage first`);
    return page;
  }

  /** A visitor post on the Page (or the Page's own post when fromId is the page id). */
  addPost(p: { pageId: string; fromId: string; fromName: string; message?: string; createdAt?: Date; attachments?: Array<{ type: string; url: string }> }): string {
    this.page(p.pageId);
    const id = `${p.pageId}_${this.number()}`;
    const post: PostRecord = { seq: ++this.seq, id, pageId: p.pageId, fromId: p.fromId, fromName: p.fromName, created: p.createdAt ?? new Date() };
    if (p.message !== undefined) post.message = p.message;
    if (p.attachments) post.attachments = p.attachments;
    this.posts.set(id, post);
    return id;
  }

  /** The Page's own post. */
  addPagePost(pageId: string, message: string, createdAt?: Date): string {
    const page = this.page(pageId);
    return this.addPost(createdAt ? { pageId, fromId: pageId, fromName: page.name, message, createdAt } : { pageId, fromId: pageId, fromName: page.name, message });
  }

  /** Served verbatim in the feed (its `id` is used when it is a string); ordered by createdAt. */
  addRawPost(pageId: string, raw: Json, createdAt = new Date()): void {
    this.page(pageId);
    const id = typeof raw.id === 'string' ? raw.id : `${pageId}_${this.number()}`;
    this.posts.set(id, { seq: ++this.seq, id, pageId, fromId: '', fromName: '', created: createdAt, raw });
  }

  /** A comment on a post, or a reply when parentId names a comment. */
  addComment(c: { postId: string; fromId: string; fromName: string; message: string; parentId?: string; createdAt?: Date; attachment?: { type: string; url: string } }): string {
    if (!this.posts.has(c.postId)) throw new Error(`unknown post ${c.postId}`);
    const postPart = c.postId.split('_').pop()!;
    const parent = c.parentId ? this.comments.get(c.parentId) : undefined;
    const comment: CommentRecord = {
      seq: ++this.seq, id: `${postPart}_${this.number()}`, postId: c.postId, fromId: c.fromId, fromName: c.fromName, message: c.message, created: c.createdAt ?? new Date(),
    };
    if (c.parentId) comment.parentId = parent?.parentId ?? c.parentId;
    if (c.attachment) comment.attachment = c.attachment;
    this.comments.set(comment.id, comment);
    return comment.id;
  }

  /** Deletes a post and its comments (Graph then answers code 100 for it). */
  removePost(postId: string): void {
    this.posts.delete(postId);
    for (const [id, c] of this.comments) if (c.postId === postId) this.comments.delete(id);
  }

  /** Served verbatim among the post's comments; ordered by createdAt. */
  addRawComment(postId: string, raw: Json, createdAt = new Date()): void {
    const id = typeof raw.id === 'string' ? raw.id : `raw_${this.number()}`;
    this.comments.set(id, { seq: ++this.seq, id, postId, fromId: '', fromName: '', message: '', created: createdAt, raw });
  }

  private conversation(pageId: string, psid: string, name?: string): ConversationRecord {
    for (const conv of this.conversations.values()) if (conv.pageId === pageId && conv.psid === psid) return conv;
    const conv: ConversationRecord = { seq: ++this.seq, id: `t_${this.number()}`, pageId, psid, name: name ?? `Gebruiker ${psid.slice(-4)}`, messages: [] };
    this.conversations.set(conv.id, conv);
    return conv;
  }

  private mid(): string {
    return `m_${Buffer.from(this.number()).toString('base64url')}${Math.random().toString(36).slice(2, 10)}`;
  }

  /** A citizen's Messenger message to the Page. */
  addMessage(m: { pageId: string; psid: string; name?: string; text: string; createdAt?: Date; attachments?: MessageRecord['attachments'] }): { conversationId: string; messageId: string } {
    const page = this.page(m.pageId);
    const conv = this.conversation(m.pageId, m.psid, m.name);
    const msg: MessageRecord = { seq: ++this.seq, id: this.mid(), fromId: m.psid, fromName: conv.name, toId: page.pageId, toName: page.name, text: m.text, created: m.createdAt ?? new Date() };
    if (m.attachments) msg.attachments = m.attachments;
    conv.messages.push(msg);
    conv.messages.sort((a, b) => a.created.getTime() - b.created.getTime() || a.seq - b.seq);
    return { conversationId: conv.id, messageId: msg.id };
  }

  /** The Page's own Messenger message (as sent from the Page inbox). */
  addPageMessage(pageId: string, psid: string, text: string, createdAt?: Date): string {
    const page = this.page(pageId);
    const conv = this.conversation(pageId, psid);
    const msg: MessageRecord = { seq: ++this.seq, id: this.mid(), fromId: pageId, fromName: page.name, toId: psid, toName: conv.name, text, created: createdAt ?? new Date() };
    conv.messages.push(msg);
    return msg.id;
  }

  /** Served verbatim among the conversation's messages. */
  addRawMessage(pageId: string, psid: string, raw: Json, createdAt = new Date()): void {
    const conv = this.conversation(pageId, psid);
    conv.messages.push({ seq: ++this.seq, id: typeof raw.id === 'string' ? raw.id : this.mid(), fromId: '', fromName: '', toId: '', toName: '', text: '', created: createdAt, raw });
  }

  // ---- failures ----

  /** The next matching call(s) fail with Graph's real body for that failure (or a bare 5xx status). */
  failNext(failure: GraphFailure | number, opts: { count?: number; path?: RegExp; regainMinutes?: number } = {}): void {
    const rule: FailRule = { failure, remaining: opts.count ?? 1 };
    if (opts.path) rule.path = opts.path;
    if (opts.regainMinutes !== undefined) rule.regainMinutes = opts.regainMinutes;
    this.failRules.push(rule);
  }

  /** Every matching call answers Graph's Page throttle (code 80001 with estimated_time_to_regain_access) until resetAt. */
  rateLimitUntil(resetAt: Date, path?: RegExp): void {
    const minutes = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 60_000));
    const rule: FailRule = { failure: 'page_throttle', remaining: Number.POSITIVE_INFINITY, regainMinutes: minutes };
    if (path) rule.path = path;
    this.failRules.push(rule);
    const timer = setTimeout(() => {
      const i = this.failRules.indexOf(rule);
      if (i >= 0) this.failRules.splice(i, 1);
    }, Math.max(0, resetAt.getTime() - Date.now()));
    timer.unref();
  }

  clearFailures(): void {
    this.failRules.length = 0;
  }

  /** Whether the Page hid the comment; undefined for an unknown comment. */
  isHidden(commentId: string): boolean | undefined {
    const comment = this.comments.get(commentId);
    return comment ? comment.hidden === true : undefined;
  }

  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  /** What GET /debug_token says of a token's expiry (the token lifecycle reads it). */
  setTokenExpiry(token: string, expiresAt: Date | null, dataAccessExpiresAt?: Date | null): void {
    this.expiries.set(token, { expiresAt, ...(dataAccessExpiresAt !== undefined ? { dataAccessExpiresAt } : {}) });
  }

  restoreToken(token: string): void {
    this.revoked.delete(token);
  }

  // ---- HTTP plumbing ----

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/)/, '');
    const method = req.method ?? 'GET';
    if (this.oauth.handle(req, res, rawBody)) {
      this.requestLog.push({ method, path, query: '', status: res.statusCode, auth: 'none' });
      return;
    }
    if (path === '/debug_token' && method === 'GET') {
      const known = (token: string) => (this.tokens.has(token) && !this.revoked.has(token) ? { valid: true, ...this.expiries.get(token), profileId: this.tokens.get(token)! } : undefined);
      const reply = debugTokenReply(url.searchParams, this.oauth.app, known);
      this.requestLog.push({ method, path, query: '', status: reply.status, auth: 'query' });
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(reply.body));
      return;
    }
    // The CDN: photos of posts and Messenger attachments (mediaUrl()), public like scontent.xx.fbcdn.net.
    const served = serveMediaPath(req, res, path);
    if (served !== undefined) {
      this.requestLog.push({ method, path, query: url.search.slice(1), status: served, auth: 'none' });
      return;
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const body = this.readBody(req.headers['content-type'] ?? '', rawBody);
    const queryToken = url.searchParams.get('access_token') ?? (typeof body?.access_token === 'string' ? body.access_token : undefined);
    const token = bearer ?? queryToken ?? undefined;
    let reply: Reply;
    let pageId: string | undefined;
    try {
      const auth = this.authenticate(token);
      if ('error' in auth) reply = auth.error;
      else {
        pageId = auth.pageId;
        reply = this.forcedFailure(path, pageId) ?? this.route(method, path, url.searchParams, body, auth.pageId);
      }
    } catch (err) {
      reply = { status: 500, body: { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, is_transient: true, fbtrace_id: 'Aemulator' } } };
      void err;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', 'facebook-api-version': 'v21.0', 'x-fb-trace-id': `T${this.seq}`, ...this.usageHeaders(path, pageId), ...reply.headers };
    const query = new URLSearchParams(url.searchParams);
    query.delete('access_token');
    this.requestLog.push({ method, path, query: query.toString(), status: reply.status, auth: bearer ? 'bearer' : queryToken ? 'query' : 'none' });
    res.writeHead(reply.status, headers);
    res.end(JSON.stringify(reply.body));
  }

  private readBody(type: string, raw: string): Json | undefined {
    if (!raw) return undefined;
    try {
      if (type.includes('json')) {
        const v = JSON.parse(raw) as unknown;
        return typeof v === 'object' && v !== null ? (v as Json) : undefined;
      }
      const out: Json = {};
      for (const [k, v] of new URLSearchParams(raw)) {
        try {
          out[k] = k === 'recipient' || k === 'message' ? (JSON.parse(v) as unknown) : v;
        } catch {
          out[k] = v;
        }
      }
      return out;
    } catch {
      return undefined;
    }
  }

  private authenticate(token: string | undefined): { pageId: string } | { error: Reply } {
    if (!token) return { error: toReply(graphMissingToken()) };
    if (this.revoked.has(token)) return { error: toReply(graphErrorReply('expired_token')) };
    const pageId = this.tokens.get(token);
    if (!pageId) return { error: toReply(graphInvalidToken()) };
    return { pageId };
  }

  private forcedFailure(path: string, pageId: string): Reply | undefined {
    const rule = this.failRules.find((r) => r.remaining > 0 && (!r.path || r.path.test(path)));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.failRules.splice(this.failRules.indexOf(rule), 1);
    if (typeof rule.failure === 'number') {
      return { status: rule.failure, body: { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: 'Aemulator' } } };
    }
    const messenger = /\/(conversations|messages)$/.test(path);
    const opts: { usageId: string; bucType: string; regainMinutes?: number } = { usageId: pageId, bucType: messenger ? 'messenger' : 'pages' };
    if (rule.regainMinutes !== undefined) opts.regainMinutes = rule.regainMinutes;
    return toReply(graphErrorReply(rule.failure, opts));
  }

  private usageHeaders(path: string, pageId: string | undefined): Record<string, string> {
    if (!pageId) return { 'x-app-usage': appUsageHeader(0) };
    const n = (this.calls.get(pageId) ?? 0) + 1;
    this.calls.set(pageId, n);
    const percent = Math.min(100, Math.floor((n * 100) / this.usageBudget));
    const type = /\/(conversations|messages)$/.test(path) ? 'messenger' : 'pages';
    return { 'x-business-use-case-usage': bucHeader(pageId, type, percent, 0), 'x-app-usage': appUsageHeader(0) };
  }

  private route(method: string, path: string, query: URLSearchParams, body: Json | undefined, pageId: string): Reply {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 1 && method === 'GET') {
      // One message by id (GET /{message-id}?fields=...), as the connectors ask for a fresh attachment URL.
      const found = [...this.conversations.values()].filter((c) => c.pageId === pageId).flatMap((c) => c.messages).find((m) => m.id === parts[0]);
      if (found) return { status: 200, body: this.messageJson(found, parseFields(query.get('fields') ?? 'id,created_time')) };
    }
    if (parts.length === 1 && (method === 'GET' || method === 'POST')) {
      const comment = this.comments.get(parts[0]!);
      if (comment && this.posts.get(comment.postId)?.pageId === pageId) return this.commentNode(method, comment, query, body);
    }
    if (parts.length !== 2) return toReply(graphUnknownObject(parts.join('/')));
    const [id, edge] = parts as [string, string];
    if (method === 'GET' && edge === 'feed' && id === pageId) return this.feed(pageId, query);
    if (method === 'GET' && edge === 'conversations' && id === pageId) return this.conversationList(pageId, query);
    if (method === 'POST' && edge === 'messages' && id === pageId) return this.send(pageId, body);
    if (edge === 'comments' && (this.postOf(id)?.pageId === pageId)) {
      if (method === 'GET') return this.commentList(id, query);
      if (method === 'POST') return this.comment(pageId, id, body);
    }
    const conv = this.conversations.get(id);
    if (method === 'GET' && edge === 'messages' && conv?.pageId === pageId) return this.messageList(conv, query);
    return toReply(graphUnknownObject(id));
  }

  /** GET /{comment-id}, or POST /{comment-id} is_hidden=true|false as a Page moderates a comment. */
  private commentNode(method: string, comment: CommentRecord, query: URLSearchParams, body: Json | undefined): Reply {
    if (method === 'POST') {
      const value = String(query.get('is_hidden') ?? body?.is_hidden ?? '');
      if (value !== 'true' && value !== 'false') return toReply(graphErrorReply('invalid_parameter'));
      comment.hidden = value === 'true';
      return { status: 200, body: { success: true } };
    }
    const all: Json = { id: comment.id, message: comment.message, created_time: formatGraphTime(comment.created), is_hidden: comment.hidden === true, can_hide: true };
    const fields = parseFields(query.get('fields') ?? 'id,message,created_time');
    return { status: 200, body: Object.fromEntries(Object.entries(all).filter(([key]) => key === 'id' || fields.has(key))) };
  }

  /** The post an object id belongs to: the post itself, or a comment's post. */
  private postOf(id: string): PostRecord | undefined {
    const post = this.posts.get(id);
    if (post) return post;
    const comment = this.comments.get(id);
    return comment ? this.posts.get(comment.postId) : undefined;
  }

  private limitOf(v: string | null | undefined): number {
    const n = Number(v ?? this.defaultLimit);
    return Number.isInteger(n) && n > 0 ? Math.min(n, 100) : this.defaultLimit;
  }

  /** One page of a list sorted by key, descending or ascending, after an opaque cursor. */
  private slice<T extends { seq: number }>(list: T[], time: (x: T) => number, desc: boolean, limit: number, after: string | null, nextUrl: (after: string) => string): Json {
    const sorted = [...list].sort((a, b) => (desc ? time(b) - time(a) || b.seq - a.seq : time(a) - time(b) || a.seq - b.seq));
    const from = decodeCursor(after);
    const rest = from
      ? sorted.filter((x) => (desc ? time(x) < from[0] || (time(x) === from[0] && x.seq < from[1]) : time(x) > from[0] || (time(x) === from[0] && x.seq > from[1])))
      : sorted;
    const page = rest.slice(0, limit);
    const out: Json = { data: page };
    if (page.length) {
      const first = page[0]!;
      const last = page[page.length - 1]!;
      const paging: Json = { cursors: { before: encodeCursor(time(first), first.seq), after: encodeCursor(time(last), last.seq) } };
      if (rest.length > page.length) paging.next = nextUrl(encodeCursor(time(last), last.seq));
      out.paging = paging;
    }
    return out;
  }

  private next(path: string, query: URLSearchParams, after: string): string {
    const q = new URLSearchParams(query);
    q.delete('access_token');
    q.set('after', after);
    return `${this.http.url}v21.0/${path}?${q.toString()}`;
  }

  private updatedOf(post: PostRecord): number {
    let t = post.created.getTime();
    for (const c of this.comments.values()) if (c.postId === post.id && c.created.getTime() > t) t = c.created.getTime();
    return t;
  }

  private feed(pageId: string, query: URLSearchParams): Reply {
    const fields = parseFields(query.get('fields') ?? 'id,message,created_time');
    // since/until: unix seconds or a date, on created_time, both ends included (Graph's time-based paging).
    const bound = (v: string | null) => (v === null ? undefined : /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v));
    const since = bound(query.get('since'));
    const until = bound(query.get('until'));
    const list = [...this.posts.values()].filter(
      (p) => p.pageId === pageId && (since === undefined || p.created.getTime() >= since) && (until === undefined || p.created.getTime() < until + 1000),
    );
    const page = this.slice(list, (p) => p.created.getTime(), true, this.limitOf(query.get('limit')), query.get('after'), (a) => this.next(`${pageId}/feed`, query, a));
    page.data = (page.data as PostRecord[]).map((p) => this.postJson(p, fields));
    return { status: 200, body: page };
  }

  private postJson(p: PostRecord, fields: Map<string, FieldSpec>): Json {
    if (p.raw) return p.raw;
    const out: Json = { id: p.id };
    if (fields.has('from')) out.from = { name: p.fromName, id: p.fromId };
    if (fields.has('message') && p.message !== undefined) out.message = p.message;
    if (fields.has('created_time')) out.created_time = formatGraphTime(p.created);
    if (fields.has('updated_time')) out.updated_time = formatGraphTime(new Date(this.updatedOf(p)));
    if (fields.has('permalink_url')) out.permalink_url = `https://www.facebook.com/${p.pageId}/posts/${p.id.split('_').pop()}/`;
    if (fields.has('attachments') && p.attachments?.length) {
      out.attachments = { data: p.attachments.map((a) => ({ type: a.type, media_type: a.type, url: a.url, media: { image: { src: a.url, width: 720, height: 720 } } })) };
    }
    const comments = fields.get('comments');
    if (comments) {
      const edge = this.commentsEdge(p.id, comments.mods.filter ?? 'toplevel', comments.mods.order ?? 'chronological', comments.mods.limit, null, parseFields(comments.sub ?? 'id,message,created_time,from'), new URLSearchParams());
      if ((edge.data as unknown[]).length) out.comments = edge;
    }
    return out;
  }

  private commentsEdge(objectId: string, filter: string, order: string, limit: string | null | undefined, after: string | null, fields: Map<string, FieldSpec>, query: URLSearchParams): Json {
    const isPost = this.posts.has(objectId);
    const list = [...this.comments.values()].filter((c) =>
      isPost ? c.postId === objectId && (filter === 'stream' || !c.parentId) : c.parentId === objectId);
    const page = this.slice(list, (c) => c.created.getTime(), order === 'reverse_chronological', this.limitOf(limit), after, (a) => this.next(`${objectId}/comments`, query, a));
    page.data = (page.data as CommentRecord[]).map((c) => this.commentJson(c, fields));
    return page;
  }

  private commentJson(c: CommentRecord, fields: Map<string, FieldSpec>): Json {
    if (c.raw) return c.raw;
    const out: Json = { id: c.id };
    if (fields.has('from')) out.from = { name: c.fromName, id: c.fromId };
    if (fields.has('message')) out.message = c.message;
    if (fields.has('created_time')) out.created_time = formatGraphTime(c.created);
    if (fields.has('parent') && c.parentId) out.parent = { id: c.parentId };
    if (fields.has('attachment') && c.attachment) out.attachment = { type: c.attachment.type, url: c.attachment.url, media: { image: { src: c.attachment.url, width: 720, height: 720 } } };
    if (fields.has('permalink_url')) {
      const post = this.posts.get(c.postId);
      out.permalink_url = `https://www.facebook.com/${post?.pageId}/posts/${c.postId.split('_').pop()}/?comment_id=${c.id.split('_').pop()}`;
    }
    return out;
  }

  private commentList(objectId: string, query: URLSearchParams): Reply {
    const fields = parseFields(query.get('fields') ?? 'id,message,created_time,from');
    return { status: 200, body: this.commentsEdge(objectId, query.get('filter') ?? 'toplevel', query.get('order') ?? 'chronological', query.get('limit'), query.get('after'), fields, query) };
  }

  private comment(pageId: string, objectId: string, body: Json | undefined): Reply {
    const text = typeof body?.message === 'string' ? body.message : '';
    if (!text) return toReply({ status: 400, headers: {}, body: { error: { message: '(#100) The parameter message is required', type: 'OAuthException', code: 100, fbtrace_id: 'Aemulator' } } });
    const target = this.comments.get(objectId);
    const page = this.page(pageId);
    const postId = target ? target.postId : objectId;
    const args: Parameters<FacebookEmulator['addComment']>[0] = { postId, fromId: pageId, fromName: page.name, message: text };
    if (target) args.parentId = target.parentId ?? target.id;
    const id = this.addComment(args);
    this.replies.push({ kind: 'comment', id, text, pageId, objectId, at: new Date() });
    return { status: 200, body: { id } };
  }

  private conversationList(pageId: string, query: URLSearchParams): Reply {
    const platform = query.get('platform');
    if (platform && platform !== 'messenger') return { status: 200, body: { data: [] } };
    const fields = parseFields(query.get('fields') ?? 'id,updated_time');
    // user_id=<PSID>: only the conversation with that person.
    const userId = query.get('user_id');
    const list = [...this.conversations.values()].filter((c) => c.pageId === pageId && c.messages.length > 0 && (!userId || c.psid === userId));
    const updated = (c: ConversationRecord) => Math.max(...c.messages.map((m) => m.created.getTime()));
    const page = this.slice(list, updated, true, this.limitOf(query.get('limit')), query.get('after'), (a) => this.next(`${pageId}/conversations`, query, a));
    page.data = (page.data as ConversationRecord[]).map((c) => {
      const page = this.pages.get(c.pageId)!;
      const out: Json = { id: c.id };
      if (fields.has('updated_time')) out.updated_time = formatGraphTime(new Date(updated(c)));
      if (fields.has('link')) out.link = `/${c.pageId}/inbox/${c.seq}/`;
      if (fields.has('message_count')) out.message_count = c.messages.length;
      if (fields.has('unread_count')) out.unread_count = 0;
      if (fields.has('snippet')) out.snippet = c.messages[c.messages.length - 1]?.text.slice(0, 100) ?? '';
      if (fields.has('participants')) {
        out.participants = { data: [{ name: c.name, email: `${c.psid}@facebook.com`, id: c.psid }, { name: page.name, email: `${page.pageId}@facebook.com`, id: page.pageId }] };
      }
      const messages = fields.get('messages');
      if (messages) out.messages = this.messagesEdge(c, messages.mods.limit, null, parseFields(messages.sub ?? 'id,created_time'), new URLSearchParams());
      return out;
    });
    return { status: 200, body: page };
  }

  private messagesEdge(conv: ConversationRecord, limit: string | null | undefined, after: string | null, fields: Map<string, FieldSpec>, query: URLSearchParams): Json {
    const page = this.slice(conv.messages, (m) => m.created.getTime(), true, this.limitOf(limit), after, (a) => this.next(`${conv.id}/messages`, query, a));
    page.data = (page.data as MessageRecord[]).map((m) => this.messageJson(m, fields));
    return page;
  }

  private messageJson(m: MessageRecord, fields: Map<string, FieldSpec>): Json {
    if (m.raw) return m.raw;
    const out: Json = { id: m.id };
    if (fields.has('created_time')) out.created_time = formatGraphTime(m.created);
    if (fields.has('from')) out.from = { name: m.fromName, email: `${m.fromId}@facebook.com`, id: m.fromId };
    if (fields.has('to')) out.to = { data: [{ name: m.toName, email: `${m.toId}@facebook.com`, id: m.toId }] };
    if (fields.has('message')) out.message = m.text;
    if (fields.has('attachments') && m.attachments?.length) {
      out.attachments = {
        data: m.attachments.map((a, i) => {
          const item: Json = { id: `${m.seq}${i}`, mime_type: a.mimeType, name: `${a.type}-${m.seq}${i}`, size: a.size ?? 54542 };
          if (a.type === 'image') item.image_data = { width: 1920, height: 1213, max_width: 1920, max_height: 1213, url: a.url, preview_url: a.url, image_type: 1, render_as_sticker: false };
          else if (a.type === 'video') item.video_data = { width: 960, height: 544, length: 11, video_type: 1, url: a.url, preview_url: a.url, rotation: 0 };
          else item.file_url = a.url;
          return item;
        }),
      };
    }
    return out;
  }

  private messageList(conv: ConversationRecord, query: URLSearchParams): Reply {
    const fields = parseFields(query.get('fields') ?? 'id,created_time');
    return { status: 200, body: this.messagesEdge(conv, query.get('limit'), query.get('after'), fields, query) };
  }

  private send(pageId: string, body: Json | undefined): Reply {
    const page = this.page(pageId);
    const recipient = body && typeof body.recipient === 'object' && body.recipient !== null ? (body.recipient as Json) : {};
    const message = body && typeof body.message === 'object' && body.message !== null ? (body.message as Json) : {};
    const text = typeof message.text === 'string' ? message.text : '';
    const invalid = (msg: string) => toReply({ status: 400, headers: {}, body: { error: { message: `(#100) ${msg}`, type: 'OAuthException', code: 100, fbtrace_id: 'Aemulator' } } });
    if (!text) return invalid('Param message[text] must be non-empty.');
    const now = Date.now();
    if (typeof recipient.comment_id === 'string' || typeof recipient.post_id === 'string') {
      const objectId = (recipient.comment_id ?? recipient.post_id) as string;
      const target = this.comments.get(objectId) ?? this.posts.get(objectId);
      if (!target || this.postOf(objectId)?.pageId !== pageId) return toReply(graphUnknownObject(objectId));
      const psid = target.fromId;
      const conv = this.conversation(pageId, psid, target.fromName);
      const msg: MessageRecord = { seq: ++this.seq, id: this.mid(), fromId: pageId, fromName: page.name, toId: psid, toName: conv.name, text, created: new Date(now) };
      conv.messages.push(msg);
      this.replies.push({ kind: 'private_reply', id: msg.id, text, pageId, objectId, recipientId: psid, at: new Date(now) });
      return { status: 200, body: { recipient_id: psid, message_id: msg.id } };
    }
    const psid = typeof recipient.id === 'string' ? recipient.id : undefined;
    if (!psid) return invalid('param recipient must be non-empty.');
    const conv = [...this.conversations.values()].find((c) => c.pageId === pageId && c.psid === psid);
    const lastFromUser = conv?.messages.filter((m) => m.fromId === psid).reduce((t, m) => Math.max(t, m.created.getTime()), 0) ?? 0;
    if (!conv || lastFromUser === 0) {
      return toReply({ status: 400, headers: {}, body: { error: { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001, fbtrace_id: 'Aemulator' } } });
    }
    const age = now - lastFromUser;
    const tagged = body?.messaging_type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT';
    if (age > (tagged ? 7 * DAY : DAY)) return toReply(graphErrorReply('outside_window'));
    const msg: MessageRecord = { seq: ++this.seq, id: this.mid(), fromId: pageId, fromName: page.name, toId: psid, toName: conv.name, text, created: new Date(now) };
    conv.messages.push(msg);
    const record: FacebookReplyRecord = { kind: 'message', id: msg.id, text, pageId, recipientId: psid, at: new Date(now) };
    if (typeof body?.messaging_type === 'string') record.messagingType = body.messaging_type;
    if (typeof body?.tag === 'string') record.tag = body.tag;
    this.replies.push(record);
    return { status: 200, body: { recipient_id: psid, message_id: msg.id } };
  }
}

function toReply(r: GraphErrorReply): Reply {
  return { status: r.status, body: r.body, headers: r.headers };
}

const HOUR = 3600 * 1000;

/** ~6 realistic visitor posts and comments on the Page (Dutch mostly, one French, one English). */
export function seedDemo(emulator: FacebookEmulator, accountIds: { pageId: string }): void {
  const { pageId } = accountIds;
  const now = Date.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
  const announcement = emulator.addPagePost(pageId, 'Vanaf maandag gelden nieuwe openingsuren voor het recyclagepark. Meer info op onze website.', at(30));
  emulator.addComment({ postId: announcement, fromId: '7100000000000001', fromName: 'Sofie Van Damme', message: 'Is het recyclagepark ook op zaterdagnamiddag open?', createdAt: at(20) });
  emulator.addComment({
    postId: announcement, fromId: '7100000000000002', fromName: 'Marc Peeters',
    message: 'Ik dien hierbij een klacht in: mijn aanvraag voor de renovatiepremie (dossier RP-2026-0412) is al vier maanden zonder antwoord, ondanks twee herinneringen.',
    createdAt: at(12),
  });
  emulator.addComment({ postId: announcement, fromId: '7100000000000003', fromName: 'Nadia El Amrani', message: 'Alweer kortere openingsuren. Voor wie werkt is dat gewoon niet haalbaar, echt jammer.', createdAt: at(8) });
  emulator.addPost({ pageId, fromId: '7100000000000004', fromName: 'Julien Dubois', message: "Bonjour, où puis-je demander une nouvelle carte d'identité électronique pour mon fils ?", createdAt: at(6) });
  emulator.addPost({
    pageId, fromId: '7100000000000005', fromName: 'Emma Claes', message: 'Dank aan de medewerkers van het loket burgerzaken voor de snelle en vriendelijke hulp vanochtend!', createdAt: at(3),
    attachments: [{ type: 'photo', url: emulator.mediaUrl('loket-burgerzaken.jpg') }],
  });
  emulator.addPost({ pageId, fromId: '7100000000000006', fromName: 'Tom Baker', message: 'Hello, is there an English version of the form to register a new address?', createdAt: at(1) });
}

/** ~6 realistic Messenger conversations with the Page (Dutch mostly, one French, one English). */
export function seedMessengerDemo(emulator: FacebookEmulator, accountIds: { pageId: string }): void {
  const { pageId } = accountIds;
  const now = Date.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
  emulator.addMessage({ pageId, psid: '7200000000000001', name: 'Lotte Janssens', text: 'Hallo, tot wanneer kan ik mijn aanvraag voor de schoolpremie indienen?', createdAt: at(20) });
  emulator.addMessage({
    pageId, psid: '7200000000000002', name: 'Koen De Smet',
    text: 'Formele klacht: de wegenwerken in de Kerkstraat blokkeren al drie weken mijn oprit zonder enige verwittiging. Mijn melding van 3 november (ref. MW-88213) bleef onbeantwoord.',
    createdAt: at(10),
    attachments: [{ type: 'image', url: emulator.mediaUrl('oprit-kerkstraat.jpg'), mimeType: 'image/jpeg' }],
  });
  emulator.addMessage({ pageId, psid: '7200000000000003', name: 'Ines Wouters', text: 'Ik vind het echt jammer dat de bib op zondag niet meer open is.', createdAt: at(7) });
  emulator.addMessage({ pageId, psid: '7200000000000004', name: 'Claire Lambert', text: 'Bonjour, est-ce que je peux prendre rendez-vous en ligne pour un passeport ?', createdAt: at(5) });
  emulator.addMessage({ pageId, psid: '7200000000000005', name: 'Pieter Maes', text: 'Bedankt voor de snelle terugbetaling van mijn parkeerkaart!', createdAt: at(2) });
  emulator.addMessage({ pageId, psid: '7200000000000006', name: 'Sarah Miller', text: 'Hi, where can I find information about waste collection days in English?', createdAt: at(1) });
}
