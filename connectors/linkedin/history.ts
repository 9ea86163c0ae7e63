/**
 * LinkedIn history for a backfill: the organization's COMMENT and SHARE_MENTION notifications with
 * timeRange=(start:since,end:until) (both ends included, so `until` minus one millisecond), page by
 * page with start/count; an undecorated notification is completed as when polling. Every comment on
 * the organization's posts and every mention has its notification, under the same external id as
 * the comment polling reads, so a backfill and a poll store it once.
 *
 * How far back: LinkedIn keeps pull notifications about 60 days; older comments are not listed.
 *
 * Cursor: { start } — the next page's offset.
 */
import { isObject, num, type Json } from '../payload.js';
import type { ChannelContext, Cursor, FetchResult, HistoryWindow, RawItem } from '../types.js';
import type { LinkedInRequestFn } from './client.js';
import { notificationExternalId } from './normalize.js';
import { notificationsQuery, orgOf } from './notifications.js';
import { elementsOf, hasMore } from './paging.js';

export interface LinkedInHistoryDeps {
  request: LinkedInRequestFn;
  enrich(channel: ChannelContext, notification: Json, payload: Json): Promise<void>;
  pageSize: number;
}

export async function linkedinHistory(deps: LinkedInHistoryDeps, channel: ChannelContext, window: HistoryWindow, cursor: Cursor | null): Promise<FetchResult> {
  const org = orgOf(channel);
  const start = Math.max(0, Math.floor(num(cursor?.start) ?? 0));
  const query = notificationsQuery(org, { start: window.since.getTime(), end: window.until.getTime() - 1 }, start, deps.pageSize);
  const res = await deps.request(channel, { method: 'GET', path: 'rest/organizationalEntityNotifications', query, what: 'GET notifications (history)' });
  const elements = elementsOf(res.body);
  const items: RawItem[] = [];
  for (const n of elements) {
    if (!isObject(n)) {
      items.push({ type: 'notification', payload: { notification: n } });
      continue;
    }
    const payload: Json = { notification: n };
    await deps.enrich(channel, n, payload);
    const id = notificationExternalId(n);
    items.push(id ? { type: 'notification', externalId: id, payload } : { type: 'notification', payload });
  }
  if (elements.length > 0 && hasMore(res.body, start, elements.length, deps.pageSize)) return { items, cursor: { start: start + elements.length }, more: true };
  return { items, cursor: { done: true }, more: false };
}
