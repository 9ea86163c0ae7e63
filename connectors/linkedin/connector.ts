/**
 * LinkedIn connector (Community Management API, Rest.li 2.0): polls comments on the
 * organization's recent posts and the organization's COMMENT / SHARE_MENTION notifications,
 * replies with a comment posted as the organization, and answers LinkedIn's webhooks.
 *
 * Channel keys:
 *   account.organizationUrn   `urn:li:organization:<id>`: the entity's Page; comments whose actor it is are its own.
 *   credentials.accessToken   3-legged member token of a Page admin (r/w_organization_social, rw_organization_admin).
 *   credentials.clientSecret  the app's client secret: webhook handshake and X-LI-Signature (webhooks only).
 *
 * One poll walks three phases, one request per fetch():
 *   posts          GET /rest/posts?author=<org>&q=author&count=<postWindow>: the targets to walk (recent posts only).
 *   comments       GET /rest/socialActions/<target>/comments?start=&count=, every page of every target; a
 *                  top-level comment whose reply count grew queues its replies as one more target.
 *   notifications  GET /rest/organizationalEntityNotifications?q=criteria&organizationalEntity=<org>
 *                  &actions=List(COMMENT,SHARE_MENTION)&timeRange=(start:ms,end:ms)&start=&count=
 *                  (catches comments on older posts and mentions elsewhere). An undecorated notification
 *                  is completed with one GET of its comment or post.
 *
 * Cursor (JSON on the channel):
 *   { phase: 'posts' | 'comments' | 'notifications', queue: string[], start: number,
 *     comments: { since?: ms, pending?: ms }, notifications: { since?: ms, until?: ms, start?: number },
 *     seen: { [externalId]: ms }, replyCounts: { [commentUrn]: n } }
 * The comments API has no since filter, so `comments.since` is the newest created.time of the last
 * finished walk; a comment counts as new when it is younger than since minus an overlap and not in
 * `seen` (ids returned near the marks), which survives late-arriving comments without repeats.
 * `pending` gathers the walk's newest time and becomes `since` when the walk ends, so a crash
 * mid-walk resumes at queue[0]/start. A first poll looks back `initialLookbackDays`.
 * `seen` is shared by both streams: a comment read by the walk is not returned again by its
 * COMMENT notification (both carry the canonical comment URN, urn.ts). A target that answers 404
 * (post or comment deleted while queued) is skipped, not retried forever.
 */
import {
  PermanentError,
  type ChannelContext,
  type Connector,
  type Cursor,
  type FetchResult,
  type MessageKind,
  type RawItem,
  type ReplyTarget,
  type Visibility,
} from '../types.js';
import { isObject, num, str, type Json } from '../payload.js';
import { createHttpClient } from '../http.js';
import { fetchPublicAttachment } from '../attachments.js';
import { createLinkedInClient, type LinkedInRequestFn } from './client.js';
import { commentUrnOf, normalizeLinkedIn, notificationExternalId } from './normalize.js';
import { canonicalCommentUrn, encodeUrn, isCommentUrn, parseCommentUrn, rootPostOf } from './urn.js';
import { linkedInWebhook } from './webhook.js';
import { linkedinPlatform } from './descriptor.js';
import { linkedinHistory } from './history.js';
import { notificationsQuery, orgOf } from './notifications.js';
import { elementsOf, hasMore } from './paging.js';

/** Where LinkedIn serves the images of comments and posts. */
const LINKEDIN_FILE_HOSTS = ['.licdn.com'];

export interface LinkedInCursor {
  phase: 'posts' | 'comments' | 'notifications';
  queue: string[];
  start: number;
  comments: { since?: number; pending?: number };
  notifications: { since?: number; until?: number; start?: number };
  seen: Record<string, number>;
  replyCounts: Record<string, number>;
}

export interface LinkedInConnectorOptions {
  /** LinkedIn-Version header (YYYYMM); versions live about a year, a retired one answers 426. */
  version?: string;
  timeoutMs?: number;
  /** How many of the organization's most recent posts the comments walk covers. */
  postWindow?: number;
  /** Posts older than this are left to the notifications. */
  maxPostAgeDays?: number;
  initialLookbackDays?: number;
  pageSize?: number;
  now?: () => Date;
}

export const DEFAULT_LINKEDIN_VERSION = '202609';
const DAY_MS = 24 * 3600 * 1000;
/** Items this close below a mark are fetched again and filtered through `seen`. */
export const OVERLAP_MS = 10 * 60 * 1000;
const SEEN_CAP = 5000;
const REPLY_COUNTS_CAP = 2000;

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readCursor(cursor: Cursor | null): LinkedInCursor {
  const c = cursor ?? {};
  const phase = c.phase === 'comments' || c.phase === 'notifications' ? c.phase : 'posts';
  const comments = isObject(c.comments) ? c.comments : {};
  const notifications = isObject(c.notifications) ? c.notifications : {};
  const numbers = (v: unknown): Record<string, number> => {
    const out: Record<string, number> = {};
    if (isObject(v)) for (const [k, n] of Object.entries(v)) if (num(n) !== undefined) out[k] = n as number;
    return out;
  };
  const out: LinkedInCursor = {
    phase,
    queue: Array.isArray(c.queue) ? c.queue.filter((q): q is string => typeof q === 'string' && q.length > 0) : [],
    start: num(c.start) !== undefined && (c.start as number) >= 0 ? Math.floor(c.start as number) : 0,
    comments: defined({ since: num(comments.since), pending: num(comments.pending) }),
    notifications: defined({ since: num(notifications.since), until: num(notifications.until), start: num(notifications.start) }),
    seen: numbers(c.seen),
    replyCounts: numbers(c.replyCounts),
  };
  if (out.phase === 'comments' && out.queue.length === 0) out.phase = 'notifications';
  return out;
}

function defined<T extends Record<string, number | undefined>>(o: T): { [K in keyof T]?: number } {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: number };
}

function prune(c: LinkedInCursor): void {
  const marks = [c.comments.since, c.notifications.since].filter((m): m is number => m !== undefined);
  const floor = marks.length ? Math.min(...marks) - 2 * OVERLAP_MS : -Infinity;
  let entries = Object.entries(c.seen).filter(([, t]) => t >= floor);
  if (entries.length > SEEN_CAP) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, SEEN_CAP);
  c.seen = Object.fromEntries(entries);
  // Reply counts of comments long gone: drop the oldest entries (a dropped one costs one extra walk).
  const counts = Object.entries(c.replyCounts);
  if (counts.length > REPLY_COUNTS_CAP) c.replyCounts = Object.fromEntries(counts.slice(counts.length - REPLY_COUNTS_CAP));
}

export function createLinkedInConnector(options: LinkedInConnectorOptions = {}): Connector & { close(): void } {
  const now = options.now ?? (() => new Date());
  const version = options.version ?? DEFAULT_LINKEDIN_VERSION;
  const postWindow = options.postWindow ?? 10;
  const maxPostAgeMs = (options.maxPostAgeDays ?? 30) * DAY_MS;
  const lookbackMs = (options.initialLookbackDays ?? 14) * DAY_MS;
  const pageSize = options.pageSize ?? 100;
  const request: LinkedInRequestFn = createLinkedInClient({ version, timeoutMs: options.timeoutMs ?? 15_000, now });
  const files = createHttpClient({ name: 'LinkedIn', timeoutMs: Math.max(options.timeoutMs ?? 15_000, 30_000) });

  function result(items: RawItem[], c: LinkedInCursor, more: boolean): FetchResult {
    return { items, cursor: JSON.parse(JSON.stringify(c)) as Cursor, more };
  }

  async function fetchPosts(channel: ChannelContext, c: LinkedInCursor): Promise<FetchResult> {
    const org = orgOf(channel);
    const res = await request(channel, {
      method: 'GET',
      path: 'rest/posts',
      query: `author=${encodeUrn(org)}&q=author&count=${postWindow}`,
      what: 'GET posts',
    });
    const t = now().getTime();
    const queue = elementsOf(res.body)
      .filter(isObject)
      .filter((p) => (num(p.createdAt) ?? num(p.publishedAt) ?? t) >= t - maxPostAgeMs)
      .map((p) => str(p.id))
      .filter((id): id is string => id !== undefined);
    const since = c.comments.since ?? t - lookbackMs;
    const next: LinkedInCursor = {
      ...c,
      phase: queue.length ? 'comments' : 'notifications',
      queue,
      start: 0,
      comments: { since, pending: since },
    };
    return result([], next, true);
  }

  async function fetchComments(channel: ChannelContext, c: LinkedInCursor): Promise<FetchResult> {
    const target = c.queue[0]!;
    const res = await request(channel, {
      method: 'GET',
      path: `rest/socialActions/${encodeUrn(target)}/comments`,
      query: `start=${c.start}&count=${pageSize}`,
      what: 'GET comments',
      allow: [404],
    });
    const next: LinkedInCursor = { ...c, queue: [...c.queue], seen: { ...c.seen }, replyCounts: { ...c.replyCounts }, comments: { ...c.comments } };
    const since = c.comments.since ?? now().getTime() - lookbackMs;
    const elements = res.status === 404 ? [] : elementsOf(res.body);
    const items: RawItem[] = [];
    const rootPost = isCommentUrn(target) ? rootPostOf(target) : target;
    for (const comment of elements) {
      if (!isObject(comment)) {
        items.push({ type: 'comment', payload: { comment, postUrn: rootPost } });
        continue;
      }
      const urn = commentUrnOf(comment);
      // LinkedIn nests one level: a top-level comment whose reply count grew gets its replies walked,
      // whether or not the comment itself is new.
      const replies = isObject(comment.commentsSummary) ? num(comment.commentsSummary.totalFirstLevelComments) : undefined;
      if (urn && !comment.parentComment && replies !== undefined && replies > (c.replyCounts[urn] ?? 0)) {
        delete next.replyCounts[urn];
        next.replyCounts[urn] = replies;
        next.queue.push(str(comment.commentUrn) ?? urn);
      }
      const created = isObject(comment.created) ? num(comment.created.time) : undefined;
      if (urn) {
        if (next.seen[urn] !== undefined || (created !== undefined && created <= since - OVERLAP_MS)) continue;
        // Without a readable time the comment still goes out once (normalize quarantines it).
        next.seen[urn] = created ?? now().getTime();
        if (created !== undefined) next.comments.pending = Math.max(next.comments.pending ?? since, created);
      }
      const payload: Json = { comment };
      if (rootPost) payload.postUrn = rootPost;
      items.push(urn ? { type: 'comment', externalId: urn, payload } : { type: 'comment', payload });
    }
    if (res.status !== 404 && hasMore(res.body, c.start, elements.length, pageSize)) {
      next.start = c.start + elements.length;
      return result(items, next, true);
    }
    next.queue.shift();
    next.start = 0;
    if (next.queue.length === 0) {
      next.phase = 'notifications';
      next.comments = { since: Math.max(since, next.comments.pending ?? since) };
    }
    return result(items, next, true);
  }

  async function enrich(channel: ChannelContext, n: Json, payload: Json): Promise<void> {
    const decorated = isObject(n.decoratedGeneratedActivity) ? n.decoratedGeneratedActivity : undefined;
    const generated = str(n.generatedActivity);
    if (!generated || (decorated && (isObject(decorated.comment) || isObject(decorated.share)))) return;
    const comment = parseCommentUrn(generated);
    if (comment) {
      const post = rootPostOf(generated) ?? str(n.sourcePost);
      if (!post) return;
      const res = await request(channel, {
        method: 'GET',
        path: `rest/socialActions/${encodeUrn(post)}/comments/${comment.id}`,
        what: 'GET comment',
        allow: [404],
      });
      if (res.status === 404) payload.missing = true;
      else if (isObject(res.body)) payload.comment = res.body;
    } else if (n.action === 'SHARE_MENTION') {
      const res = await request(channel, { method: 'GET', path: `rest/posts/${encodeUrn(generated)}`, what: 'GET post', allow: [404] });
      if (res.status === 404) payload.missing = true;
      else if (isObject(res.body)) payload.post = res.body;
    }
  }

  async function fetchNotifications(channel: ChannelContext, c: LinkedInCursor): Promise<FetchResult> {
    const org = orgOf(channel);
    const t = now().getTime();
    const since = c.notifications.since ?? t - lookbackMs;
    const until = c.notifications.until ?? t;
    const start = c.notifications.start ?? 0;
    const query = notificationsQuery(org, { start: Math.max(0, since - OVERLAP_MS), end: until }, start, pageSize);
    const res = await request(channel, { method: 'GET', path: 'rest/organizationalEntityNotifications', query, what: 'GET notifications' });
    const elements = elementsOf(res.body);
    const next: LinkedInCursor = { ...c, seen: { ...c.seen } };
    const items: RawItem[] = [];
    for (const n of elements) {
      if (!isObject(n)) {
        items.push({ type: 'notification', payload: { notification: n } });
        continue;
      }
      const id = notificationExternalId(n);
      if (id && next.seen[id] !== undefined) continue;
      const payload: Json = { notification: n };
      await enrich(channel, n, payload);
      if (id) next.seen[id] = num(n.lastModifiedAt) ?? until;
      items.push(id ? { type: 'notification', externalId: id, payload } : { type: 'notification', payload });
    }
    if (hasMore(res.body, start, elements.length, pageSize)) {
      next.notifications = { since, until, start: start + elements.length };
      return result(items, next, true);
    }
    next.phase = 'posts';
    next.queue = [];
    next.start = 0;
    next.notifications = { since: until };
    prune(next);
    return result(items, next, false);
  }

  return {
    platform: 'linkedin',

    history: (channel, window, cursor) => linkedinHistory({ request, enrich, pageSize }, channel, window, cursor),

    async fetch(channel, cursor) {
      const c = readCursor(cursor);
      if (c.phase === 'comments') return fetchComments(channel, c);
      if (c.phase === 'notifications') return fetchNotifications(channel, c);
      return fetchPosts(channel, c);
    },

    normalize: normalizeLinkedIn,

    /*
     * No findSentReply yet, so after an unfinished attempt the reply becomes 'uncertain'. It could
     * read GET socialActions/{post or top-level comment}/comments (the emulator lists them, oldest
     * first) for a comment whose actor is the organization with the same text.
     */
    async reply(channel: ChannelContext, target: ReplyTarget, text: string) {
      if (target.visibility !== 'public') throw new PermanentError('LinkedIn replies are public comments only');
      const org = orgOf(channel);
      const id = target.inReplyToExternalId;
      let post: string;
      const body: Json = { actor: org, message: { text } };
      if (isCommentUrn(id)) {
        post = rootPostOf(id)!;
        // LinkedIn nests one level: answering a reply goes under the same top-level comment.
        body.parentComment = topLevelComment(target.inReplyToRaw) ?? canonicalCommentUrn(id);
      } else if (/^urn:li:(share|ugcPost|activity):/.test(id)) {
        post = id;
      } else {
        throw new PermanentError('LinkedIn reply needs a comment or post URN as inReplyToExternalId');
      }
      body.object = post;
      const res = await request(channel, {
        method: 'POST',
        path: `rest/socialActions/${encodeUrn(post)}/comments`,
        body,
        what: 'POST comment',
        secrets: [text],
      });
      const created = isObject(res.body) ? commentUrnOf(res.body) : undefined;
      const header = res.headers['x-restli-id'];
      const fromHeader = header ? decodeURIComponent(header) : undefined;
      const externalId =
        created ?? (fromHeader && isCommentUrn(fromHeader) ? canonicalCommentUrn(fromHeader) : fromHeader && /^\d+$/.test(fromHeader) ? canonicalCommentUrn(`urn:li:comment:(${post},${fromHeader})`) : undefined);
      if (!externalId) throw new PermanentError('LinkedIn POST comment answered without the created comment');
      return { externalId };
    },

    /**
     * DELETE /rest/socialActions/{parent}/comments/{id}?actor=<organization>: LinkedIn offers no hiding,
     * so a comment on the organization's post can only be deleted, for good. A comment already gone is deleted.
     */
    async moderate(channel, target, action) {
      if (action !== 'delete') throw new PermanentError(`LinkedIn cannot ${action} a comment, only delete it`);
      const parsed = parseCommentUrn(canonicalCommentUrn(target.externalId));
      if (!parsed) throw new PermanentError('LinkedIn moderation needs a comment URN');
      const parent = topLevelComment(target.raw) ?? parsed.parent;
      const query = `actor=${encodeUrn(orgOf(channel))}`;
      await request(channel, { method: 'DELETE', path: `rest/socialActions/${encodeUrn(parent)}/comments/${parsed.id}`, query, what: 'DELETE comment', allow: [404] });
      return 'deleted';
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(linkedinPlatform.replies[kind] ?? [])];
    },

    /** A comment's image: a plain GET from LinkedIn's media host (the URL is signed and public). */
    fetchAttachment(channel, attachment) {
      return fetchPublicAttachment(files, channel, attachment, LINKEDIN_FILE_HOSTS, 'LinkedIn GET media');
    },

    webhook: linkedInWebhook,

    /** Nothing to release: Node's global agent pools its own keep-alive connections. */
    close() {},
  };
}

/** The parentComment of the message being answered, when it was itself a reply. */
function topLevelComment(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  const comment = isObject(raw.comment) ? raw.comment : undefined;
  const parent = str(comment?.parentComment);
  return parent ? canonicalCommentUrn(parent) : undefined;
}

export const linkedInConnector = createLinkedInConnector();
