/**
 * Google Business Profile reviews connector (My Business API v4): polls a location's reviews,
 * newest update first, and answers a review with the owner's public reply.
 *
 * Channel keys:
 *   account.accountId, account.locationId   the location whose reviews become tickets.
 *   credentials.accessToken                 OAuth 2.0 token with scope https://www.googleapis.com/auth/business.manage.
 *
 * GET v4/accounts/{a}/locations/{l}/reviews?pageSize=50&orderBy=updateTime desc&pageToken=
 * has no since filter, so a poll walks pages until it reaches the last seen updateTime.
 * Cursor (JSON on the channel):
 *   { lastSeen?: '<updateTime as UTC, 9 fraction digits>', lastSeenIds?: reviewId[],
 *     pageToken?, pendingNewest?, pendingIds? }
 * lastSeen advances only when a walk ends (a review at or below it, no nextPageToken, or an empty
 * page); meanwhile the first page's newest time waits in pendingNewest and the next page in
 * pageToken, so a crash mid-walk resumes where it stopped. lastSeenIds are the reviews at exactly
 * lastSeen, so a review updated in the same instant is not lost. A first poll looks back
 * `initialLookbackDays`. An edited review comes back with a new updateTime: its item id is
 * `<reviewId>@<updateTime>` (each version names its own quarantine row) and it normalizes to the review's
 * one message, edited (normalize.ts).
 */
import {
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
import { baseUrlOf, createHttpClient } from '../http.js';
import { fetchPublicAttachment } from '../attachments.js';
import { isObject, optionalStrings, str, type Json } from '../payload.js';
import { googleError } from './errors.js';
import { normalizeGoogle, timeKey } from './normalize.js';
import { googlePlatform } from './descriptor.js';
import { googleHistory } from './history.js';

export interface GoogleCursor {
  lastSeen?: string;
  lastSeenIds?: string[];
  pageToken?: string;
  pendingNewest?: string;
  pendingIds?: string[];
}

export interface GoogleConnectorOptions {
  timeoutMs?: number;
  initialLookbackDays?: number;
  /** At most 50 (the API's maximum). */
  pageSize?: number;
  now?: () => Date;
}

export const DEFAULT_GOOGLE_BASE = 'https://mybusiness.googleapis.com/';
/** Where review photos are served (googleUrl, thumbnailUrl): public, no token. */
const GOOGLE_FILE_HOSTS = ['.googleusercontent.com', '.ggpht.com'];
const DAY_MS = 24 * 3600 * 1000;

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readCursor(cursor: Cursor | null): GoogleCursor {
  const c = cursor ?? {};
  const out: GoogleCursor = {};
  const lastSeen = str(c.lastSeen) && timeKey(c.lastSeen as string);
  if (lastSeen) out.lastSeen = lastSeen;
  const ids = optionalStrings(c.lastSeenIds);
  if (lastSeen && ids) out.lastSeenIds = ids;
  const token = str(c.pageToken);
  if (token) {
    out.pageToken = token;
    const pending = str(c.pendingNewest) && timeKey(c.pendingNewest as string);
    if (pending) out.pendingNewest = pending;
    const pendingIds = optionalStrings(c.pendingIds);
    if (pending && pendingIds) out.pendingIds = pendingIds;
  }
  return out;
}

function locationPath(channel: ChannelContext): string {
  const { accountId, locationId } = channel.account;
  if (!accountId || !locationId) throw new PermanentError('Google channel needs account.accountId and account.locationId');
  return `v4/accounts/${encodeURIComponent(accountId)}/locations/${encodeURIComponent(locationId)}`;
}

export function createGoogleConnector(options: GoogleConnectorOptions = {}): Connector & { close(): void } {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 15_000;
  const lookbackMs = (options.initialLookbackDays ?? 30) * DAY_MS;
  const pageSize = Math.max(1, Math.min(options.pageSize ?? 50, 50));

  const http = createHttpClient({ name: 'Google', timeoutMs });

  async function call(channel: ChannelContext, method: 'GET' | 'PUT', path: string, what: string, body?: Json, extraSecrets: string[] = []): Promise<unknown> {
    const token = channel.credentials.accessToken;
    if (!token) throw new PermanentError('Google channel has no credentials.accessToken');
    const secrets = [token, ...Object.values(channel.credentials), ...extraSecrets];
    const res = await http.request({ method, url: `${baseUrlOf(channel, DEFAULT_GOOGLE_BASE)}${path}`, headers: { authorization: `Bearer ${token}` }, json: body, what, secrets });
    if (res.text && res.json === undefined && res.ok) throw new TransientError(`Google ${what} answered ${res.status} with a body that is not JSON`);
    if (!res.ok) throw googleError({ status: res.status, body: res.json, retryAfter: res.headers['retry-after'] ?? null, now: now() }, what, secrets);
    return res.text ? res.json : {};
  }

  return {
    platform: 'google',

    history: (channel, window, cursor) => googleHistory((ch, path, what) => call(ch, 'GET', path, what), `${locationPath(channel)}/reviews`, pageSize, channel, window, cursor),

    async fetch(channel, cursor): Promise<FetchResult> {
      const c = readCursor(cursor);
      const floor = c.lastSeen ?? timeKey(new Date(now().getTime() - lookbackMs).toISOString())!;
      const query = new URLSearchParams({ pageSize: String(pageSize), orderBy: 'updateTime desc' });
      if (c.pageToken) query.set('pageToken', c.pageToken);
      const body = await call(channel, 'GET', `${locationPath(channel)}/reviews?${query.toString().replace(/\+/g, '%20')}`, 'GET reviews');
      const reviews = isObject(body) && Array.isArray(body.reviews) ? body.reviews : [];
      const nextPageToken = isObject(body) ? str(body.nextPageToken) : undefined;

      const items: RawItem[] = [];
      let reached = false;
      let newest = c.pageToken ? c.pendingNewest : undefined;
      let newestIds = c.pageToken ? [...(c.pendingIds ?? [])] : [];
      for (const review of reviews) {
        const r = isObject(review) ? review : {};
        const updateTime = str(r.updateTime);
        const key = updateTime ? timeKey(updateTime) : undefined;
        const id = str(r.reviewId);
        if (key && key < floor) {
          reached = true;
          break;
        }
        if (key && key === c.lastSeen && id && c.lastSeenIds?.includes(id)) continue;
        if (key && !c.pageToken) {
          if (!newest || key > newest) [newest, newestIds] = [key, []];
          if (key === newest && id) newestIds.push(id);
        }
        items.push(id && updateTime ? { type: 'review', externalId: `${id}@${updateTime}`, payload: { review } } : { type: 'review', payload: { review } });
      }

      const done = reached || !nextPageToken || reviews.length === 0;
      const next: GoogleCursor = {};
      if (c.lastSeen) next.lastSeen = c.lastSeen;
      if (c.lastSeenIds) next.lastSeenIds = c.lastSeenIds;
      if (!done) {
        next.pageToken = nextPageToken;
        if (newest) next.pendingNewest = newest;
        if (newest && newestIds.length) next.pendingIds = newestIds;
      } else if (newest && (!c.lastSeen || newest > c.lastSeen)) {
        next.lastSeen = newest;
        if (newestIds.length) next.lastSeenIds = newestIds;
        else delete next.lastSeenIds;
      } else if (newest && newest === c.lastSeen) {
        next.lastSeenIds = [...new Set([...(c.lastSeenIds ?? []), ...newestIds])];
      }
      return { items, cursor: { ...next }, more: !done };
    },

    normalize: normalizeGoogle,

    async reply(channel: ChannelContext, target: ReplyTarget, text: string) {
      if (target.visibility !== 'public') throw new PermanentError('Google review replies are public only');
      const fromKey = target.conversationKey.startsWith('gr:') ? target.conversationKey.slice(3) : undefined;
      const at = target.inReplyToExternalId.lastIndexOf('@');
      const reviewId = fromKey || (at > 0 ? target.inReplyToExternalId.slice(0, at) : undefined);
      if (!reviewId) throw new PermanentError('Google reply needs a review id (conversationKey gr:<reviewId>)');
      const path = `${locationPath(channel)}/reviews/${encodeURIComponent(reviewId)}/reply`;
      const body = await call(channel, 'PUT', path, 'PUT review reply', { comment: text }, [text]);
      const updateTime = isObject(body) ? str(body.updateTime) : undefined;
      return { externalId: `${reviewId}/reply@${updateTime ?? now().toISOString()}` };
    },

    /**
     * A review has one reply and PUT replaces it: the reply is there when the review's reviewReply
     * already has our text (whenever it was written), so no time window is needed.
     */
    async findSentReply(channel: ChannelContext, target: ReplyTarget, text: string) {
      if (target.visibility !== 'public') return null;
      const fromKey = target.conversationKey.startsWith('gr:') ? target.conversationKey.slice(3) : undefined;
      const at = target.inReplyToExternalId.lastIndexOf('@');
      const reviewId = fromKey || (at > 0 ? target.inReplyToExternalId.slice(0, at) : undefined);
      if (!reviewId) throw new PermanentError('Google reply needs a review id (conversationKey gr:<reviewId>)');
      const review = await call(channel, 'GET', `${locationPath(channel)}/reviews/${encodeURIComponent(reviewId)}`, 'GET review');
      const reply = isObject(review) && isObject(review.reviewReply) ? review.reviewReply : undefined;
      if (!reply || !sameReplyText(str(reply.comment) ?? '', text)) return null;
      return { externalId: `${reviewId}/reply@${str(reply.updateTime) ?? now().toISOString()}` };
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(googlePlatform.replies[kind] ?? [])];
    },

    /** A review photo: a plain GET of its public URL. */
    fetchAttachment(channel, attachment) {
      return fetchPublicAttachment(http, channel, attachment, GOOGLE_FILE_HOSTS, 'Google GET review photo');
    },

    /** Nothing to release: Node's global agent pools its own keep-alive connections. */
    close() {},
  };
}

export const googleConnector = createGoogleConnector();
