/**
 * Facebook Page connector (platform 'facebook'): visitor posts, and comments and replies on the
 * Page's posts, over the Graph API (connectors/meta/graph-client.ts). Messenger is a separate
 * connector in messenger-connector.ts; createMessengerConnector is re-exported here.
 *
 * Channel keys:
 *   account.pageId            the Page id; posts and comments from it are the entity's own (ignored)
 *   credentials.accessToken   a Page access token (pages_read_engagement, pages_read_user_content,
 *                             pages_manage_engagement, pages_messaging for private replies)
 *   credentials.appSecret     optional: signs webhooks and adds appsecret_proof to API calls
 *   credentials.verifyToken   optional: the webhook subscription handshake
 *
 * Polling, one round per poll, each fetch() one request:
 *  1. feed: GET /{page}/feed (newest first) with updated_time and the newest comments inline
 *     (filter=stream, reverse_chronological). Posts created after `feedSince` become items (except
 *     the Page's own). Every post of the walk whose updated_time moved since the last round (a new
 *     comment bumps it) has its comments read; when the inline page does not reach the last comment
 *     already read, the post is queued. The walk reads at least `recentPosts` posts (default 25)
 *     and goes on while a page holds only posts updated after `updatedSince` (the newest
 *     updated_time of the last round), so older posts that got new comments are re-scanned and a
 *     busy period loses no post, whether Graph orders the feed by creation or by activity.
 *  2. comments: GET /{post}/comments?filter=stream&order=reverse_chronological for each queued post,
 *     page by page, until the last comment read (id, or an older created_time). Comments have no
 *     reliable `since`, hence the stop mark.
 * Cursor: { feedSince?: unix seconds, feedSinceIds?: ids of that second, updatedSince?: unix seconds, posts: { [postId]: { updated?, lastCommentId?, lastCommentTime? } },
 *           round?: { phase: 'feed' | 'comments', feedAfter?, seen, newestCreated?, newestUpdated?, window, queue: [{ id, updated?, pendingId?, pendingTime? }], commentsAfter? } }
 * `posts` holds the marks of the last round's window; `round` the state of a round in progress, so
 * a crash mid-poll resumes at the stored page (ingest dedupes what is read twice). Marks advance only
 * when a post's comments are read to the end.
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
  type ReplySent,
  type ReplyTarget,
  type Visibility,
} from '../types.js';
import { graphErrorInfo } from '../meta/errors.js';
import { createGraphClient, graphTargetFor, type GraphClientOptions, type GraphResponse } from '../meta/graph-client.js';
import { graphResult } from '../meta/fetch-result.js';
import { createMetaFileClient, fetchMetaCdnFile } from '../meta/attachments.js';
import { parseGraphTime, readPage } from '../meta/paging.js';
import { isObject, str, type Json } from '../payload.js';
import { normalizeFacebook } from './normalize.js';
import { messengerConversationKey } from './messenger-normalize.js';
import { facebookWebhook } from './webhook.js';
import { facebookPlatform } from './descriptor.js';
import { createFacebookHistory } from './history.js';
import { COMMENT_FIELDS, commentItems } from './comments.js';

export { createMessengerConnector } from './messenger-connector.js';

export interface PostMark {
  /** The post's updated_time when its comments were last read to the end. */
  updated?: string;
  lastCommentId?: string;
  /** Unix seconds. */
  lastCommentTime?: number;
}

interface QueuedPost {
  id: string;
  updated?: string;
  pendingId?: string;
  pendingTime?: number;
}

interface Round {
  phase: 'feed' | 'comments';
  feedAfter?: string;
  seen: number;
  newestCreated?: number;
  /** The posts of the walk created in the second newestCreated. */
  newestCreatedIds?: string[];
  newestUpdated?: number;
  /** Marks of every post seen in this round's walk; becomes `posts` when the round ends. */
  window: Record<string, PostMark>;
  queue: QueuedPost[];
  commentsAfter?: string;
}

export interface FacebookCursor {
  /** Newest created_time (unix s) of the posts covered: newer posts are new items. */
  feedSince?: number;
  /**
   * The posts created in the second feedSince that were read: Graph's times are whole seconds, so a
   * post of that second may come after the read, and is new when its id is not here.
   */
  feedSinceIds?: string[];
  /** Newest updated_time (unix s) seen by the last finished round: ends the feed walk. */
  updatedSince?: number;
  posts: Record<string, PostMark>;
  round?: Round;
}

export interface FacebookConnectorOptions extends GraphClientOptions {
  /** Posts re-scanned for new comments each round (the newest ones of the feed). Default 25. */
  recentPosts?: number;
  /** Feed page size. Default 25. */
  feedPageSize?: number;
  /** Comments per page, inline and on /{post}/comments. Default 50. */
  commentPageSize?: number;
}

/** findSentReply reads at most this many pages of comments. */
const LOOKUP_PAGES = 5;

function unixOf(v: unknown): number | undefined {
  const d = parseGraphTime(v);
  return d ? Math.floor(d.getTime() / 1000) : undefined;
}

function readMark(v: unknown): PostMark {
  const m: PostMark = {};
  if (!isObject(v)) return m;
  if (str(v.updated)) m.updated = v.updated as string;
  if (str(v.lastCommentId)) m.lastCommentId = v.lastCommentId as string;
  if (typeof v.lastCommentTime === 'number' && Number.isFinite(v.lastCommentTime)) m.lastCommentTime = v.lastCommentTime;
  return m;
}

function readMarks(v: unknown): Record<string, PostMark> {
  const out: Record<string, PostMark> = {};
  if (isObject(v)) for (const [id, m] of Object.entries(v)) out[id] = readMark(m);
  return out;
}

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readFacebookCursor(cursor: Cursor | null): FacebookCursor {
  const c = cursor ?? {};
  const out: FacebookCursor = { posts: readMarks(c.posts) };
  if (typeof c.feedSince === 'number' && Number.isFinite(c.feedSince)) out.feedSince = c.feedSince;
  if (typeof c.updatedSince === 'number' && Number.isFinite(c.updatedSince)) out.updatedSince = c.updatedSince;
  if (Array.isArray(c.feedSinceIds)) out.feedSinceIds = c.feedSinceIds.filter((id): id is string => typeof id === 'string');
  const r = c.round;
  if (isObject(r)) {
    const round: Round = {
      phase: r.phase === 'comments' ? 'comments' : 'feed',
      seen: typeof r.seen === 'number' && Number.isFinite(r.seen) ? r.seen : 0,
      window: readMarks(r.window),
      queue: Array.isArray(r.queue)
        ? r.queue.filter((q): q is Json => isObject(q) && str(q.id) !== undefined).map((q) => {
          const item: QueuedPost = { id: q.id as string };
          if (str(q.updated)) item.updated = q.updated as string;
          if (str(q.pendingId)) item.pendingId = q.pendingId as string;
          if (typeof q.pendingTime === 'number') item.pendingTime = q.pendingTime;
          return item;
        })
        : [],
    };
    if (str(r.feedAfter)) round.feedAfter = r.feedAfter as string;
    if (str(r.commentsAfter)) round.commentsAfter = r.commentsAfter as string;
    if (typeof r.newestCreated === 'number') round.newestCreated = r.newestCreated;
    if (Array.isArray(r.newestCreatedIds)) round.newestCreatedIds = r.newestCreatedIds.filter((id): id is string => typeof id === 'string');
    if (typeof r.newestUpdated === 'number') round.newestUpdated = r.newestUpdated;
    if (round.phase === 'comments' && round.queue.length === 0) round.phase = 'feed';
    out.round = round;
  }
  return out;
}

function noteCreated(round: Round, id: string, created: number): void {
  if (round.newestCreated === undefined || created > round.newestCreated) {
    round.newestCreated = created;
    round.newestCreatedIds = [id];
  } else if (created === round.newestCreated && !(round.newestCreatedIds ?? []).includes(id)) {
    round.newestCreatedIds = [...(round.newestCreatedIds ?? []), id];
  }
}

/** Comments newer than the mark, newest first; `reached` once the mark (or an older comment) shows up. */
function newerThanMark(comments: unknown[], mark: PostMark): { fresh: Json[]; reached: boolean } {
  const fresh: Json[] = [];
  for (const c of comments) {
    if (!isObject(c)) {
      fresh.push({ unreadable: true });
      continue;
    }
    const id = str(c.id);
    const time = unixOf(c.created_time);
    if ((mark.lastCommentId && id === mark.lastCommentId) || (mark.lastCommentTime !== undefined && time !== undefined && time < mark.lastCommentTime)) {
      return { fresh, reached: true };
    }
    fresh.push(c);
  }
  return { fresh, reached: false };
}

function firstMark(comments: unknown[]): { id?: string; time?: number } {
  const first = comments.find((c) => isObject(c) && str(c.id));
  if (!isObject(first)) return {};
  const out: { id?: string; time?: number } = { id: first.id as string };
  const t = unixOf(first.created_time);
  if (t !== undefined) out.time = t;
  return out;
}

function markAfter(old: PostMark, updated: string | undefined, newest: { id?: string; time?: number }): PostMark {
  const m: PostMark = { ...old };
  if (updated) m.updated = updated;
  else delete m.updated;
  if (newest.id) m.lastCommentId = newest.id;
  if (newest.time !== undefined) m.lastCommentTime = newest.time;
  return m;
}

export function createFacebookConnector(options: FacebookConnectorOptions = {}): Connector & { close(): void } {
  const graph = createGraphClient(options);
  const files = createMetaFileClient();
  const recentPosts = options.recentPosts ?? 25;
  const feedPageSize = options.feedPageSize ?? 25;
  const commentPageSize = options.commentPageSize ?? 50;
  const feedFields = [
    'id', 'from{id,name}', 'message', 'created_time', 'updated_time', 'permalink_url',
    'attachments{type,media_type,url,media,subattachments}',
    `comments.filter(stream).order(reverse_chronological).limit(${commentPageSize}){${COMMENT_FIELDS}}`,
  ].join(',');

  function pageIdOf(channel: ChannelContext): string {
    const pageId = channel.account.pageId;
    if (!pageId) throw new PermanentError('Facebook channel has no account.pageId');
    return pageId;
  }

  function endRound(c: FacebookCursor, round: Round): FacebookCursor {
    const out: FacebookCursor = { posts: round.window };
    const since = Math.max(c.feedSince ?? 0, round.newestCreated ?? 0);
    if (since > 0) {
      out.feedSince = since;
      const ids = new Set([...(since === c.feedSince ? (c.feedSinceIds ?? []) : []), ...(since === round.newestCreated ? (round.newestCreatedIds ?? []) : [])]);
      if (ids.size > 0) out.feedSinceIds = [...ids];
    }
    const updatedSince = Math.max(c.updatedSince ?? 0, round.newestUpdated ?? 0);
    if (updatedSince > 0) out.updatedSince = updatedSince;
    return out;
  }

  async function feedStep(channel: ChannelContext, c: FacebookCursor, round: Round): Promise<FetchResult> {
    const pageId = pageIdOf(channel);
    const query: Json = { fields: feedFields, limit: feedPageSize };
    if (round.feedAfter) query.after = round.feedAfter;
    const res = await graph.get(graphTargetFor(channel, { platformName: 'Facebook' }), `${pageId}/feed`, query as Record<string, string | number>, 'GET feed');
    const page = readPage(res.body);
    const items: RawItem[] = [];
    let oldestActivity: number | undefined;
    for (const raw of page.data) {
      round.seen += 1;
      if (!isObject(raw) || !str(raw.id)) {
        items.push({ type: 'post', payload: { post: raw } });
        continue;
      }
      const id = raw.id as string;
      const created = unixOf(raw.created_time);
      const activity = unixOf(raw.updated_time) ?? created;
      if (created !== undefined) noteCreated(round, id, created);
      if (activity !== undefined) {
        round.newestUpdated = Math.max(round.newestUpdated ?? 0, activity);
        oldestActivity = Math.min(oldestActivity ?? activity, activity);
      }
      const { comments, ...post } = raw;
      const from = isObject(post.from) ? str(post.from.id) : undefined;
      const isNew = c.feedSince === undefined || created === undefined || created > c.feedSince
        || (created === c.feedSince && !(c.feedSinceIds ?? []).includes(id));
      if (isNew && from !== pageId) items.push({ type: 'post', externalId: id, payload: { post } });

      const old = c.posts[id] ?? round.window[id] ?? {};
      const updated = str(raw.updated_time);
      // Unchanged, unless in the last round's newest second: a comment may have come later in that second.
      if (updated && old.updated === updated && (c.updatedSince === undefined || (activity ?? 0) < c.updatedSince)) {
        round.window[id] = old;
        continue;
      }
      // Graph leaves the comments edge out when a post has none.
      const inline = readPage(comments);
      const { fresh, reached } = newerThanMark(inline.data, old);
      const newest = firstMark(inline.data);
      if (reached || !inline.next) {
        items.push(...commentItems(fresh, id, pageId));
        round.window[id] = markAfter(old, updated, newest);
      } else {
        // More new comments than the inline page: /{post}/comments reads them all from the top.
        round.window[id] = old;
        const q: QueuedPost = { id };
        if (updated) q.updated = updated;
        if (newest.id) q.pendingId = newest.id;
        if (newest.time !== undefined) q.pendingTime = newest.time;
        round.queue.push(q);
      }
    }
    // Past the last round's newest second, not into it: that second may hold activity after the last read.
    const enough = round.seen >= recentPosts
      && (c.updatedSince === undefined || (oldestActivity !== undefined && oldestActivity < c.updatedSince));
    if (page.after && page.data.length > 0 && !enough) {
      round.feedAfter = page.after;
      return graphResult(items, { ...c, round }, true, res);
    }
    delete round.feedAfter;
    if (round.queue.length === 0) return graphResult(items, endRound(c, round), false, res);
    round.phase = 'comments';
    return graphResult(items, { ...c, round }, true, res);
  }

  async function commentsStep(channel: ChannelContext, c: FacebookCursor, round: Round): Promise<FetchResult> {
    const pageId = pageIdOf(channel);
    const q = round.queue[0]!;
    const query: Json = { fields: COMMENT_FIELDS, filter: 'stream', order: 'reverse_chronological', limit: commentPageSize };
    if (round.commentsAfter) query.after = round.commentsAfter;
    let res: GraphResponse<unknown>;
    try {
      res = await graph.get(graphTargetFor(channel, { platformName: 'Facebook' }), `${q.id}/comments`, query as Record<string, string | number>, 'GET comments');
    } catch (err) {
      // A post deleted since the feed was read (code 100, unknown object) must not block the channel.
      if (graphErrorInfo(err)?.code !== 100) throw err;
      delete round.window[q.id];
      round.queue.shift();
      delete round.commentsAfter;
      if (round.queue.length === 0) return graphResult([], endRound(c, round), false);
      return graphResult([], { ...c, round }, true);
    }
    const page = readPage(res.body);
    if (!round.commentsAfter) {
      const newest = firstMark(page.data);
      if (newest.id) q.pendingId = newest.id;
      if (newest.time !== undefined) q.pendingTime = newest.time;
    }
    const old = c.posts[q.id] ?? {};
    const { fresh, reached } = newerThanMark(page.data, old);
    const items = commentItems(fresh, q.id, pageId);
    if (!reached && page.after && page.data.length > 0) {
      round.commentsAfter = page.after;
      return graphResult(items, { ...c, round }, true, res);
    }
    const newest: { id?: string; time?: number } = {};
    if (q.pendingId) newest.id = q.pendingId;
    if (q.pendingTime !== undefined) newest.time = q.pendingTime;
    round.window[q.id] = markAfter(old, q.updated, newest);
    round.queue.shift();
    delete round.commentsAfter;
    if (round.queue.length === 0) return graphResult(items, endRound(c, round), false, res);
    return graphResult(items, { ...c, round }, true, res);
  }

  async function reply(channel: ChannelContext, target: ReplyTarget, text: string): Promise<ReplySent> {
    const pageId = pageIdOf(channel);
    const api = graphTargetFor(channel, { platformName: 'Facebook' });
    const raw = isObject(target.inReplyToRaw) ? target.inReplyToRaw : {};
    if (target.visibility === 'public') {
      // Replies nest one level: answering a reply goes under its top-level comment.
      const parent = target.inReplyToKind === 'reply' && isObject(raw.comment) && isObject(raw.comment.parent) ? str(raw.comment.parent.id) : undefined;
      const objectId = parent ?? target.inReplyToExternalId;
      const res = await graph.post(api, `${objectId}/comments`, { message: text }, 'POST comment', [text]);
      const id = isObject(res.body) ? str(res.body.id) : undefined;
      if (!id) throw new PermanentError('Facebook POST comment answered without id');
      return { externalId: id };
    }
    if (target.inReplyToKind === 'dm') {
      // The citizen answered a private reply in Messenger and that message joined this ticket: answer
      // there (Send API to the PSID; Meta refuses it outside the 24-hour window).
      const body = { recipient: { id: target.recipientPlatformUserId }, messaging_type: 'RESPONSE', message: { text } };
      const res = await graph.post(api, `${pageId}/messages`, body, 'POST messages', [text]);
      const id = isObject(res.body) ? str(res.body.message_id) : undefined;
      if (!id) throw new PermanentError('Facebook Send API answered without message_id');
      return { externalId: id };
    }
    const recipient = target.inReplyToKind === 'post' ? { post_id: target.inReplyToExternalId } : { comment_id: target.inReplyToExternalId };
    const res = await graph.post(api, `${pageId}/messages`, { recipient, message: { text } }, 'POST private reply', [text]);
    const id = isObject(res.body) ? str(res.body.message_id) : undefined;
    if (!id) throw new PermanentError('Facebook POST private reply answered without message_id');
    // The private reply opens the Messenger conversation with the commenter (its PSID), where they answer.
    const psid = isObject(res.body) ? str(res.body.recipient_id) : undefined;
    return psid ? { externalId: id, privateConversationKey: messengerConversationKey(psid) } : { externalId: id };
  }

  /**
   * A public reply is a comment by the Page under the object reply() posted to: read that object's
   * comments newest first (GET /{id}/comments, order=reverse_chronological) back to the attempt.
   * A private reply goes to Messenger, whose conversation with a commenter is not found from the
   * comment: cannot tell.
   */
  async function findSentReply(channel: ChannelContext, target: ReplyTarget, text: string, since: Date): Promise<{ externalId: string } | null> {
    if (target.visibility !== 'public') throw new CannotTellError('a private reply to a comment is not found from the comment');
    const pageId = pageIdOf(channel);
    const api = graphTargetFor(channel, { platformName: 'Facebook' });
    const raw = isObject(target.inReplyToRaw) ? target.inReplyToRaw : {};
    const parent = target.inReplyToKind === 'reply' && isObject(raw.comment) && isObject(raw.comment.parent) ? str(raw.comment.parent.id) : undefined;
    const objectId = parent ?? target.inReplyToExternalId;
    const from = since.getTime() - FIND_SENT_REPLY_SLACK_MS;
    let after: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const query: Record<string, string | number> = { fields: 'id,from{id},message,created_time', order: 'reverse_chronological', limit: 100 };
      if (after) query.after = after;
      const res = await graph.get(api, `${objectId}/comments`, query, 'GET comments (own reply)');
      const data = readPage(res.body);
      for (const c of data.data) {
        if (!isObject(c) || !str(c.id)) continue;
        const created = parseGraphTime(c.created_time);
        if (created !== undefined && created.getTime() < from) return null;
        const author = isObject(c.from) ? str(c.from.id) : undefined;
        if (author === pageId && sameReplyText(str(c.message) ?? '', text)) return { externalId: c.id as string };
      }
      if (!data.after || data.data.length === 0) return null;
      after = data.after;
    }
    throw new CannotTellError(`more than ${LOOKUP_PAGES * 100} comments since the attempt to look through`);
  }

  return {
    platform: 'facebook',

    history: createFacebookHistory(graph, { feed: feedPageSize, comments: commentPageSize }),

    async fetch(channel, cursor) {
      const c = readFacebookCursor(cursor);
      const round = c.round ?? { phase: 'feed', seen: 0, window: {}, queue: [] };
      if (round.phase === 'comments') return commentsStep(channel, c, round);
      return feedStep(channel, c, round);
    },

    normalize: normalizeFacebook,

    reply,

    findSentReply,

    /** POST /{comment-id} is_hidden=true|false (pages_manage_engagement): hidden from all but the author and their friends. */
    async moderate(channel, target, action) {
      if (action !== 'hide' && action !== 'unhide') throw new PermanentError(`Facebook cannot ${action} a comment`);
      const api = graphTargetFor(channel, { platformName: 'Facebook' });
      await graph.request(api, { method: 'POST', path: encodeURIComponent(target.externalId), query: { is_hidden: action === 'hide' }, what: `POST comment ${action}` });
      return action === 'hide' ? 'hidden' : 'visible';
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(facebookPlatform.replies[kind] ?? [])];
    },

    /** A photo of a post or comment: a plain GET from Facebook's CDN. */
    fetchAttachment(channel, attachment) {
      return fetchMetaCdnFile(files, channel, attachment, 'Facebook GET attachment');
    },

    webhook: facebookWebhook,

    close() {
      graph.close();
    },
  };
}
