/**
 * Google reviews history for a backfill: the location's reviews, orderBy=updateTime desc, page by
 * page; a review written (createTime) inside the window is an item, with the same id as polling
 * gives it (`<reviewId>@<updateTime>`). The walk ends at the first review last updated before the
 * window's start: it and all after it were written before it too.
 *
 * How far back: every review of the location (the API lists them all, 50 a page, no time filter).
 *
 * Cursor: { pageToken? } — the next page.
 */
import { placeIn } from '../history-window.js';
import { isObject, str } from '../payload.js';
import type { ChannelContext, Cursor, FetchResult, HistoryWindow, RawItem } from '../types.js';

export type GoogleGet = (channel: ChannelContext, path: string, what: string) => Promise<unknown>;

export async function googleHistory(get: GoogleGet, reviewsPath: string, pageSize: number, channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
  const query = new URLSearchParams({ pageSize: String(pageSize), orderBy: 'updateTime desc' });
  const token = str(cursor?.pageToken);
  if (token) query.set('pageToken', token);
  const body = await get(channel, `${reviewsPath}?${query.toString().replace(/\+/g, '%20')}`, 'GET reviews (history)');
  const reviews = isObject(body) && Array.isArray(body.reviews) ? body.reviews : [];
  const items: RawItem[] = [];
  let reachedSince = false;
  for (const review of reviews) {
    const r = isObject(review) ? review : {};
    const updateTime = str(r.updateTime);
    if (placeIn(updateTime, window) === 'before') {
      reachedSince = true;
      break;
    }
    if (placeIn(str(r.createTime) ?? updateTime, window) !== 'inside') continue;
    const id = str(r.reviewId);
    items.push(id && updateTime ? { type: 'review', externalId: `${id}@${updateTime}`, payload: { review } } : { type: 'review', payload: { review } });
  }
  const next = isObject(body) ? str(body.nextPageToken) : undefined;
  if (next && !reachedSince && reviews.length > 0) return { items, cursor: { pageToken: next }, more: true };
  return { items, cursor: { done: true }, more: false };
}
