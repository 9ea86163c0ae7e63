/**
 * Instagram (business/creator accounts) connector on the Graph client of connectors/meta/.
 * Polls comments and replies on the account's most recent media; mentions and DMs arrive by
 * webhook (webhook.ts), and the DMs are reconciled every ten minutes through the Conversations API
 * (reconcile.ts), so a lost delivery is found. Mentions cannot be listed: a lost one stays lost. Replies publicly (`POST /{comment-id}/replies`, mentions through
 * `POST /{ig-user-id}/mentions`) or privately (`POST /{node}/messages`: a DM to an IGSID, or a
 * private reply to a comment with `recipient: { comment_id }`).
 *
 * Channel keys:
 *   account:     { igUserId }     the Instagram professional account id (required)
 *                { username? }    its username: own comments are also recognised by it
 *                { pageId? }      the linked Facebook Page (Facebook Login): messages go to /{pageId}/messages,
 *                                 as Meta requires for Page tokens; without it /{igUserId}/messages (Instagram Login)
 *   credentials: { accessToken }  Page token (graph.facebook.com) or Instagram user token (baseUrl graph.instagram.com/vNN/)
 *                { appSecret }    signs webhook deliveries; also sent as appsecret_proof
 *                { verifyToken }  answers the hub.challenge handshake
 *
 * Cursor: { media: { [mediaId]: { count, hw?, hwIds?, lastId? } },
 *          scan?: { queue: [{ id, count, permalink? }], after?, newestId?, newestAt?, hw?, hwIds?, found } }
 * The comments edge has no `since`, and lists top-level comments newest first with their replies
 * nested. A poll lists the most recent N media (`recentMedia`, default 25) and scans only those
 * whose comments_count changed. A media's scan walks its comment pages from the newest and stops
 * at the last seen top-level comment (`lastId`, or one older than the high-water mark `hw`, epoch
 * ms) once it has found as many new comments as the count grew by (replies to older comments
 * also raise the count, and comments_count counts them). What is new is decided by time, not by
 * position: not the last seen comment, newer than `hw`, or at `hw` but not among `hwIds` (Graph
 * times have one-second precision). One fetch() reads one comments page; `scan` keeps the media still to scan (with their
 * new counts) and the page cursor, so a crash mid-scan resumes where it stopped. Media that left
 * the recent window are dropped from the cursor.
 */
import { createGraphClient, graphTargetFor, rateLimitOfUsage, type GraphClientOptions, type GraphResponse, type GraphTarget } from '../meta/graph-client.js';
import { createMetaFileClient, fetchMessageAttachment } from '../meta/attachments.js';
import { graphErrorInfo } from '../meta/errors.js';
import { parseGraphTime, readPage } from '../meta/paging.js';
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
import { isObject, num, optionalStrings, str, type Json } from '../payload.js';
import { instagramDmConversationKey, normalizeInstagram } from './normalize.js';
import { instagramWebhook } from './webhook.js';
import { instagramPlatform } from './descriptor.js';
import { createInstagramHistory } from './history.js';
import { COMMENT_FIELDS, commentItem, mediaGone, REPLY_FIELDS } from './comments.js';
import { RECONCILE_INTERVAL_MS, readReconcileState, reconcileDue, reconcileStep } from './reconcile.js';

export interface MediaState {
  count: number;
  /** High-water mark: the newest comment or reply time seen (epoch ms)... */
  hw?: number;
  /** ...and the ids seen at exactly that time, so a same-second newcomer is not lost nor an old one repeated. */
  hwIds?: string[];
  lastId?: string;
}

export interface ScanState {
  /** Media still to scan this poll, the current one first, with the comments_count seen when listed. */
  queue: Array<{ id: string; count: number; permalink?: string }>;
  after?: string;
  /** The newest top-level comment seen in this media's scan: its lastId once the scan ends. */
  newestId?: string;
  newestAt?: number;
  hw?: number;
  hwIds?: string[];
  /** New comments and replies found in this media's scan so far. */
  found: number;
}

export interface InstagramCursor {
  media: Record<string, MediaState>;
  scan?: ScanState;
}

export interface InstagramConnectorOptions extends Pick<GraphClientOptions, 'timeoutMs'> {
  /** How many of the most recent media are re-scanned each poll. Default 25. */
  recentMedia?: number;
  /** Comments per page. Default 50. */
  pageSize?: number;
  /** Time between two reconciliations of the DMs (reconcile.ts). Default RECONCILE_INTERVAL_MS (10 minutes). */
  reconcileIntervalMs?: number;
  now?: () => number;
}

export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
export const PRIVATE_REPLY_REFUSED =
  'Instagram allows one private reply per comment, within 7 days of the comment: this comment can no longer be answered privately';
const OUTSIDE_DM_WINDOW = "outside Instagram's 24-hour messaging window: the citizen must write again first";
/** Graph's refusals of a message: outside the allowed window (code 10 with these subcodes), already answered (10900). */
const WINDOW_SUBCODES = new Set([2534022, 2018278]);
const ALREADY_REPLIED_CODE = 10900;
const MAX_REPLY_PAGES = 20;

/** findSentReply reads at most this many pages of replies. */
const LOOKUP_PAGES = 5;

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readCursor(cursor: Cursor | null): InstagramCursor {
  const media: Record<string, MediaState> = {};
  const rawMedia = cursor && isObject(cursor.media) ? cursor.media : {};
  for (const [id, v] of Object.entries(rawMedia)) {
    if (!isObject(v) || num(v.count) === undefined) continue;
    const s: MediaState = { count: v.count as number };
    if (num(v.hw) !== undefined) s.hw = v.hw as number;
    const hwIds = optionalStrings(v.hwIds);
    if (hwIds) s.hwIds = hwIds;
    if (str(v.lastId)) s.lastId = v.lastId as string;
    media[id] = s;
  }
  const out: InstagramCursor = { media };
  const scan = cursor && isObject(cursor.scan) ? cursor.scan : undefined;
  const queue = scan && Array.isArray(scan.queue)
    ? scan.queue.filter((q): q is { id: string; count: number; permalink?: string } => isObject(q) && Boolean(str(q.id)) && num(q.count) !== undefined)
    : [];
  if (scan && queue.length) {
    const s: ScanState = { queue: queue.map((q) => (str(q.permalink) ? { id: q.id, count: q.count, permalink: q.permalink! } : { id: q.id, count: q.count })), found: num(scan.found) ?? 0 };
    if (str(scan.after)) s.after = scan.after as string;
    if (str(scan.newestId)) s.newestId = scan.newestId as string;
    if (num(scan.newestAt) !== undefined) s.newestAt = scan.newestAt as number;
    if (num(scan.hw) !== undefined) s.hw = scan.hw as number;
    const hwIds = optionalStrings(scan.hwIds);
    if (hwIds) s.hwIds = hwIds;
    out.scan = s;
  }
  return out;
}

/** Moves the scan to the next media of its queue. */
function nextMedia(scan: ScanState): void {
  scan.queue.shift();
  scan.found = 0;
  delete scan.after;
  delete scan.newestId;
  delete scan.newestAt;
  delete scan.hw;
  delete scan.hwIds;
}

function timeOf(comment: Json): number | undefined {
  return parseGraphTime(comment.timestamp)?.getTime();
}

/** The comment (or media) whose timestamp bounds a private reply, from the answered message's raw payload. */
function commentTime(raw: unknown): Date | undefined {
  if (!isObject(raw)) return undefined;
  const comment = isObject(raw.comment) ? raw.comment : undefined;
  return parseGraphTime(comment?.timestamp) ?? parseGraphTime(raw.time);
}

export function createInstagramConnector(options: InstagramConnectorOptions = {}): Connector & {
  close(): void;
  resolveMention(channel: ChannelContext, item: RawItem): Promise<RawItem>;
} {
  const client = createGraphClient(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
  const files = createMetaFileClient();
  const recentMedia = options.recentMedia ?? 25;
  const pageSize = options.pageSize ?? 50;
  const now = options.now ?? Date.now;
  const reconcileIntervalMs = options.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS;

  function targetOf(channel: ChannelContext): { target: GraphTarget; igUserId: string } {
    const igUserId = channel.account.igUserId;
    if (!igUserId) throw new PermanentError('Instagram channel has no account.igUserId');
    return { target: graphTargetFor(channel, { platformName: 'Instagram' }), igUserId };
  }

  async function listMedia(target: GraphTarget, igUserId: string) {
    const res = await client.get(target, `${encodeURIComponent(igUserId)}/media`, { fields: 'id,timestamp,comments_count,permalink', limit: recentMedia }, 'GET media');
    const media = readPage(res.body).data.filter(isObject).flatMap((m) => {
      const id = str(m.id);
      if (!id) return [];
      const entry: { id: string; count: number; permalink?: string } = { id, count: num(m.comments_count) ?? 0 };
      if (str(m.permalink)) entry.permalink = m.permalink as string;
      return [entry];
    });
    return { media, res };
  }

  /** Replies beyond the nested first page: GET /{comment-id}/replies with its `after` cursor. */
  async function moreReplies(target: GraphTarget, commentId: string, after: string): Promise<Json[]> {
    const out: Json[] = [];
    let cursor: string | undefined = after;
    for (let i = 0; cursor && i < MAX_REPLY_PAGES; i++) {
      const res = await client.get(target, `${encodeURIComponent(commentId)}/replies`, { fields: REPLY_FIELDS, limit: pageSize, after: cursor }, 'GET replies');
      const page = readPage(res.body);
      out.push(...page.data.filter(isObject));
      cursor = page.data.length ? page.after : undefined;
    }
    return out;
  }

  /** Reads one comments page of the scan's current media and advances the scan. */
  async function scanPage(target: GraphTarget, c: InstagramCursor, scan: ScanState): Promise<{ items: RawItem[]; res?: GraphResponse }> {
    const media = scan.queue[0]!;
    const old = c.media[media.id];
    const query: Record<string, string | number> = { fields: COMMENT_FIELDS, limit: pageSize };
    if (scan.after) query.after = scan.after;
    let res: GraphResponse;
    try {
      res = await client.get(target, `${encodeURIComponent(media.id)}/comments`, query, 'GET comments');
    } catch (err) {
      // The media was deleted since it was listed: nothing left to read there.
      if (!mediaGone(err)) throw err;
      delete c.media[media.id];
      nextMedia(scan);
      return { items: [] };
    }
    const page = readPage(res.body);
    let reached = false;
    /** New unless it is the last seen comment, older than the high-water mark, or seen at it; order-independent. */
    const isNew = (id: string | undefined, t: number | undefined, topLevel: boolean) => {
      if (!old) return true;
      if (id !== undefined && id === old.lastId) return false;
      if (old.hw === undefined || t === undefined) return !topLevel || !reached;
      return t > old.hw || (t === old.hw && (id === undefined || !old.hwIds?.includes(id)));
    };
    const items: RawItem[] = [];
    const seen = (id: string | undefined, t: number | undefined) => {
      scan.found++;
      if (t === undefined) return;
      if (scan.hw === undefined || t > scan.hw) {
        scan.hw = t;
        scan.hwIds = [];
      }
      if (t === scan.hw && id) scan.hwIds = [...(scan.hwIds ?? []), id];
    };
    for (const comment of page.data) {
      if (!isObject(comment)) {
        items.push({ type: 'comment', payload: { comment, mediaId: media.id } });
        continue;
      }
      const id = str(comment.id);
      const t = timeOf(comment);
      if (id && t !== undefined && (scan.newestAt === undefined || t > scan.newestAt)) {
        scan.newestId = id;
        scan.newestAt = t;
      }
      if (isNew(id, t, true)) {
        items.push(commentItem(comment, media));
        seen(id, t);
      }
      if (old && (id === old.lastId || (old.hw !== undefined && t !== undefined && t < old.hw))) reached = true;
      const nested = readPage(comment.replies);
      const replies = nested.data.filter(isObject);
      if (nested.after && id) replies.push(...(await moreReplies(target, id, nested.after)));
      for (const r of replies) {
        const rt = timeOf(r);
        if (!isNew(str(r.id), rt, false)) continue;
        items.push(commentItem(r, media, id));
        seen(str(r.id), rt);
      }
    }
    const need = old ? media.count - old.count : Infinity;
    const done = !page.after || page.data.length === 0 || (reached && scan.found >= need);
    if (!done) {
      scan.after = page.after!;
      return { items, res };
    }
    const state: MediaState = { count: media.count };
    if (scan.hw !== undefined && (old?.hw === undefined || scan.hw > old.hw)) {
      state.hw = scan.hw;
      if (scan.hwIds?.length) state.hwIds = scan.hwIds;
    } else if (old?.hw !== undefined) {
      state.hw = old.hw;
      const merged = [...(old.hwIds ?? []), ...(scan.hw === old.hw ? scan.hwIds ?? [] : [])];
      if (merged.length) state.hwIds = merged;
    }
    const lastId = scan.newestId ?? old?.lastId;
    if (lastId) state.lastId = lastId;
    c.media[media.id] = state;
    nextMedia(scan);
    return { items, res };
  }

  async function fetchPage(channel: ChannelContext, cursor: Cursor | null): Promise<FetchResult> {
    const { target, igUserId } = targetOf(channel);
    const c = readCursor(cursor);
    let listed: GraphResponse | undefined;
    if (!c.scan) {
      const { media, res } = await listMedia(target, igUserId);
      listed = res;
      const recent = new Set(media.map((m) => m.id));
      for (const id of Object.keys(c.media)) if (!recent.has(id)) delete c.media[id];
      const queue = media.filter((m) => {
        const old = c.media[m.id];
        if (old ? old.count !== m.count : m.count > 0) return true;
        if (!old) c.media[m.id] = { count: m.count };
        return false;
      });
      if (queue.length) c.scan = { queue, found: 0 };
    }
    let items: RawItem[] = [];
    let res = listed;
    if (c.scan) {
      const page = await scanPage(target, c, c.scan);
      items = page.items;
      if (page.res) res = page.res;
      if (c.scan.queue.length === 0) delete c.scan;
    }
    const out: FetchResult = { items, cursor: c as unknown as Cursor, more: c.scan !== undefined };
    const rate = res ? rateLimitOfUsage(res.usage) : undefined;
    if (rate) out.rateLimit = rate;
    return out;
  }

  /**
   * A poll: a walk of the DM conversations first when it is due (at most every reconcileIntervalMs, never
   * in the middle of a comments scan), then the comments. The walk's state rides in the cursor.
   */
  async function fetchWithReconcile(channel: ChannelContext, cursor: Cursor | null): Promise<FetchResult> {
    const at = now();
    const state = readReconcileState(cursor?.reconcile, at, reconcileIntervalMs);
    const comments = readCursor(cursor);
    if (reconcileDue(state, at) && !comments.scan) {
      const { target, igUserId } = targetOf(channel);
      const step = await reconcileStep(client, target, channel.account.pageId ?? igUserId, state, at, reconcileIntervalMs);
      const out: FetchResult = { items: step.items, cursor: { ...comments, reconcile: step.state } as unknown as Cursor, more: true };
      const rate = rateLimitOfUsage(step.res.usage);
      if (rate) out.rateLimit = rate;
      return out;
    }
    const page = await fetchPage(channel, cursor);
    return { ...page, cursor: { ...page.cursor, reconcile: state } };
  }

  function messagesNode(channel: ChannelContext, igUserId: string): string {
    return encodeURIComponent(channel.account.pageId ?? igUserId);
  }

  async function sendMessage(channel: ChannelContext, body: Json, text: string, refused: string): Promise<{ externalId: string; recipientId: string | undefined }> {
    const { target, igUserId } = targetOf(channel);
    let res: GraphResponse;
    try {
      res = await client.post(target, `${messagesNode(channel, igUserId)}/messages`, body, 'POST messages', [text]);
    } catch (err) {
      const info = graphErrorInfo(err);
      const refusal = info?.code === ALREADY_REPLIED_CODE || (info?.subcode !== undefined && WINDOW_SUBCODES.has(info.subcode));
      if (err instanceof PermanentError && refusal) throw new PermanentError(refused, { cause: info });
      throw err;
    }
    const id = isObject(res.body) ? str(res.body.message_id) : undefined;
    if (!id) throw new PermanentError('Instagram POST messages answered without message_id');
    return { externalId: id, recipientId: isObject(res.body) ? str(res.body.recipient_id) : undefined };
  }

  async function publicReply(channel: ChannelContext, target: ReplyTarget, text: string): Promise<{ externalId: string }> {
    if (target.inReplyToKind === 'dm') throw new PermanentError('an Instagram DM can only be answered privately');
    const { target: graph, igUserId } = targetOf(channel);
    const raw = isObject(target.inReplyToRaw) ? target.inReplyToRaw : {};
    let res: GraphResponse;
    if (target.inReplyToKind === 'post' || str(raw.commentId)) {
      // A mention in someone else's comment or caption: answered through the account's mentions edge.
      const body: Json = { media_id: str(raw.mediaId) ?? '', message: text };
      if (str(raw.commentId)) body.comment_id = raw.commentId;
      res = await client.post(graph, `${encodeURIComponent(igUserId)}/mentions`, body, 'POST mentions', [text]);
    } else {
      // Replies nest one level: an answer to a reply goes under its top-level comment.
      const comment = isObject(raw.comment) ? raw.comment : {};
      const parent = str(raw.parentId) ?? str(comment.parent_id) ?? target.inReplyToExternalId;
      res = await client.post(graph, `${encodeURIComponent(parent)}/replies`, { message: text }, 'POST replies', [text]);
    }
    const id = isObject(res.body) ? str(res.body.id) : undefined;
    if (!id) throw new PermanentError('Instagram reply answered without id');
    return { externalId: id };
  }

  async function privateReply(channel: ChannelContext, target: ReplyTarget, text: string): Promise<ReplySent> {
    if (target.inReplyToKind === 'dm') {
      const body = { recipient: { id: target.recipientPlatformUserId }, messaging_type: 'RESPONSE', message: { text } };
      const { externalId } = await sendMessage(channel, body, text, OUTSIDE_DM_WINDOW);
      return { externalId };
    }
    const raw = isObject(target.inReplyToRaw) ? target.inReplyToRaw : {};
    const commentId = str(raw.commentId) ?? target.inReplyToExternalId;
    const written = commentTime(target.inReplyToRaw);
    if (written && now() - written.getTime() > PRIVATE_REPLY_WINDOW_MS) throw new PermanentError(PRIVATE_REPLY_REFUSED);
    const { externalId, recipientId } = await sendMessage(channel, { recipient: { comment_id: commentId }, message: { text } }, text, PRIVATE_REPLY_REFUSED);
    // The private reply opens the DM conversation with the commenter (their IGSID), where they answer.
    return recipientId ? { externalId, privateConversationKey: instagramDmConversationKey(recipientId) } : { externalId };
  }

  /**
   * A public reply to a comment is a reply by the account under its top-level comment: read that
   * comment's replies (GET /{comment-id}/replies, oldest first) for one from the account with the
   * same text since the attempt. Answers to mentions (POST /{ig-user-id}/mentions) and private
   * replies are not listed where they can be found: cannot tell.
   */
  async function findSentReply(channel: ChannelContext, target: ReplyTarget, text: string, since: Date): Promise<{ externalId: string } | null> {
    if (target.visibility !== 'public') throw new CannotTellError('Instagram private replies cannot be looked up from the comment');
    const raw = isObject(target.inReplyToRaw) ? target.inReplyToRaw : {};
    if (target.inReplyToKind === 'post' || str(raw.commentId)) throw new CannotTellError('Instagram answers to mentions cannot be looked up');
    const { target: graph, igUserId } = targetOf(channel);
    const username = channel.account.username;
    const comment = isObject(raw.comment) ? raw.comment : {};
    const parent = str(raw.parentId) ?? str(comment.parent_id) ?? target.inReplyToExternalId;
    const from = since.getTime() - FIND_SENT_REPLY_SLACK_MS;
    let after: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const query: Record<string, string | number> = { fields: REPLY_FIELDS, limit: 100 };
      if (after) query.after = after;
      const res = await client.get(graph, `${encodeURIComponent(parent)}/replies`, query, 'GET replies (own reply)');
      const data = readPage(res.body);
      for (const r of data.data) {
        if (!isObject(r) || !str(r.id)) continue;
        const created = parseGraphTime(r.timestamp);
        if (created !== undefined && created.getTime() < from) continue;
        const author = isObject(r.from) ? str(r.from.id) : undefined;
        const own = author === igUserId || (author === undefined && username !== undefined && str(r.username) === username);
        if (own && sameReplyText(str(r.text) ?? '', text)) return { externalId: r.id as string };
      }
      if (!data.after || data.data.length === 0) return null;
      after = data.after;
    }
    throw new CannotTellError(`more than ${LOOKUP_PAGES * 100} replies to look through`);
  }

  const connector: Connector & { close(): void; resolveMention(channel: ChannelContext, item: RawItem): Promise<RawItem> } = {
    platform: 'instagram',

    fetch: fetchWithReconcile,

    history: createInstagramHistory(client, { media: recentMedia, comments: pageSize }),

    normalize: normalizeInstagram,

    async reply(channel, target, text) {
      if (!text) throw new PermanentError('Instagram reply text is empty');
      return target.visibility === 'public' ? publicReply(channel, target, text) : privateReply(channel, target, text);
    },

    findSentReply,

    /** POST /{ig-comment-id} hide=true|false (instagram_manage_comments): hidden from all but its author. */
    async moderate(channel, target, action) {
      if (action !== 'hide' && action !== 'unhide') throw new PermanentError(`Instagram cannot ${action} a comment`);
      const api = graphTargetFor(channel, { platformName: 'Instagram' });
      await client.request(api, { method: 'POST', path: encodeURIComponent(target.externalId), query: { hide: action === 'hide' }, what: `POST comment ${action}` });
      return action === 'hide' ? 'hidden' : 'visible';
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(instagramPlatform.replies[kind] ?? [])];
    },

    /** Media and DM files from Instagram's CDN; an expired DM file URL is asked for again (GET /{message-id}?fields=attachments). */
    fetchAttachment(channel, attachment) {
      return fetchMessageAttachment(client, files, channel, attachment, 'Instagram');
    },

    webhook: {
      ...instagramWebhook,
      // Mentions arrive as ids: join their text before ingest (see resolveMention).
      enrich: (items, channel) => Promise.all(items.map((item) => connector.resolveMention(channel, item))),
    },

    /**
     * The `mentions` webhook carries ids only. This reads the mentioning comment (or caption) the
     * account may see (`GET /{ig-user-id}?fields=mentioned_comment.comment_id(..){..}`) and returns
     * the item with it joined, ready for normalize(). Needs a contract hook to be called by the
     * ingress (see the report); until then unresolved mentions are quarantined, not lost.
     */
    async resolveMention(channel, item) {
      if (item.type !== 'mention' || !isObject(item.payload)) return item;
      const { target, igUserId } = targetOf(channel);
      const payload = item.payload;
      const commentId = str(payload.commentId);
      const mediaId = str(payload.mediaId);
      const fields = commentId
        ? `mentioned_comment.comment_id(${commentId}){id,text,timestamp,username,like_count,media{id}}`
        : `mentioned_media.media_id(${mediaId ?? ''}){id,caption,media_type,media_url,permalink,timestamp,username,comments_count}`;
      const res = await client.get(target, encodeURIComponent(igUserId), { fields }, 'GET mentioned');
      const found = isObject(res.body) ? res.body[commentId ? 'mentioned_comment' : 'mentioned_media'] : undefined;
      if (!isObject(found)) throw new PermanentError(`Instagram GET mentioned answered without ${commentId ? 'mentioned_comment' : 'mentioned_media'}`);
      return { ...item, payload: { ...payload, [commentId ? 'comment' : 'media']: found } };
    },

    close() {
      client.close();
    },
  };
  return connector;
}
