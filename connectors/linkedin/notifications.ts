/** The organization's notifications, as the poller (connector.ts) and the backfill (history.ts) both list them. */
import { PermanentError, type ChannelContext } from '../types.js';
import { encodeUrn, restliList } from './urn.js';

export const NOTIFICATION_ACTIONS = ['COMMENT', 'SHARE_MENTION'];

/** The channel's organization URN (account.organizationUrn). */
export function orgOf(channel: ChannelContext): string {
  const org = channel.account.organizationUrn;
  if (!org || !org.startsWith('urn:li:organization:')) {
    throw new PermanentError('LinkedIn channel needs account.organizationUrn (urn:li:organization:<id>)');
  }
  return org;
}

/** The query of GET rest/organizationalEntityNotifications: the organization's comments and mentions in a time range (ms, both ends included). */
export function notificationsQuery(org: string, range: { start: number; end: number }, start: number, count: number): string {
  return [
    'q=criteria',
    `organizationalEntity=${encodeUrn(org)}`,
    `actions=${restliList(NOTIFICATION_ACTIONS)}`,
    `timeRange=(start:${range.start},end:${range.end})`,
    `start=${start}`,
    `count=${count}`,
  ].join('&');
}
