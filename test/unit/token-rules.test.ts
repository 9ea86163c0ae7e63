import { readDebugToken } from '../../connectors/meta/debug-token.js';
import {
  daysLeft,
  failedCheckTime,
  inspectDue,
  parseExpiry,
  refreshDue,
  refreshedCredentials,
  refreshMarginMs,
  warningDue,
  withExpiry,
  type TokenFacts,
} from '../../src/channels/token-rules.js';

const NOW = new Date('2026-12-05T12:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const at = (ms: number) => new Date(NOW.getTime() + ms);

function facts(over: Partial<TokenFacts> = {}): TokenFacts {
  return { refreshable: true, hasRefreshToken: true, inspectable: false, expiresAt: at(5 * MINUTE), ...over };
}

test('a refreshable token is refreshed within the margin (10 minutes, or two sweeps), and only one with a refresh token and a known expiry', () => {
  const margin = refreshMarginMs(30);
  expect(margin).toBe(10 * MINUTE);
  expect(refreshMarginMs(600)).toBe(20 * MINUTE);
  expect(refreshDue(facts(), NOW, margin)).toBe(true);
  expect(refreshDue(facts({ expiresAt: at(-MINUTE) }), NOW, margin)).toBe(true);
  expect(refreshDue(facts({ expiresAt: at(11 * MINUTE) }), NOW, margin)).toBe(false);
  expect(refreshDue(facts({ hasRefreshToken: false }), NOW, margin)).toBe(false);
  expect(refreshDue(facts({ refreshable: false }), NOW, margin)).toBe(false);
  expect(refreshDue(facts({ expiresAt: undefined }), NOW, margin)).toBe(false);
});

test('an expiry is read from the platform once a day, and at once for new credentials', () => {
  const inspectable = { inspectable: true };
  expect(inspectDue(inspectable, { checkedAt: null, checkedCurrent: false }, NOW)).toBe(true);
  expect(inspectDue(inspectable, { checkedAt: at(-MINUTE), checkedCurrent: true }, NOW)).toBe(false);
  expect(inspectDue(inspectable, { checkedAt: at(-MINUTE), checkedCurrent: false }, NOW)).toBe(true);
  expect(inspectDue(inspectable, { checkedAt: at(-DAY), checkedCurrent: true }, NOW)).toBe(true);
  expect(inspectDue({ inspectable: false }, { checkedAt: null, checkedCurrent: false }, NOW)).toBe(false);
  // a failed check comes back an hour later
  expect(inspectDue(inspectable, { checkedAt: failedCheckTime(NOW), checkedCurrent: true }, at(59 * MINUTE))).toBe(false);
  expect(inspectDue(inspectable, { checkedAt: failedCheckTime(NOW), checkedCurrent: true }, at(60 * MINUTE))).toBe(true);
});

test('the warning: within the days, not for a token that refreshes itself, not after expiry, once per expiry', () => {
  const expiresAt = at(5 * DAY);
  expect(warningDue({ expiresAt, refreshes: false, warnedFor: null }, NOW, 7)).toBe(true);
  expect(warningDue({ expiresAt, refreshes: false, warnedFor: new Date(expiresAt) }, NOW, 7)).toBe(false);
  expect(warningDue({ expiresAt, refreshes: false, warnedFor: at(2 * DAY) }, NOW, 7)).toBe(true);
  expect(warningDue({ expiresAt, refreshes: true, warnedFor: null }, NOW, 7)).toBe(false);
  expect(warningDue({ expiresAt: at(8 * DAY), refreshes: false, warnedFor: null }, NOW, 7)).toBe(false);
  expect(warningDue({ expiresAt: at(8 * DAY), refreshes: false, warnedFor: null }, NOW, 10)).toBe(true);
  expect(warningDue({ expiresAt: at(-MINUTE), refreshes: false, warnedFor: null }, NOW, 7)).toBe(false);
  expect(warningDue({ expiresAt: null, refreshes: false, warnedFor: null }, NOW, 7)).toBe(false);
});

test('days left round up; expiries parse or are ignored', () => {
  expect(daysLeft(at(5 * DAY - MINUTE), NOW)).toBe(5);
  expect(daysLeft(at(DAY + MINUTE), NOW)).toBe(2);
  expect(daysLeft(at(-DAY), NOW)).toBe(0);
  expect(parseExpiry('2026-12-06T00:00:00.000Z')).toEqual(new Date('2026-12-06T00:00:00.000Z'));
  expect(parseExpiry('soon')).toBeUndefined();
  expect(parseExpiry(undefined)).toBeUndefined();
});

test('refreshed credentials keep the old refresh token when none is sent, and every other key', () => {
  const before = { bearerToken: 'app', userAccessToken: 'old', refreshToken: 'r1', tokenExpiresAt: NOW.toISOString() };
  expect(refreshedCredentials(before, 'userAccessToken', { accessToken: 'new', expiresAt: at(2 * 60 * MINUTE) })).toEqual({
    bearerToken: 'app',
    userAccessToken: 'new',
    refreshToken: 'r1',
    tokenExpiresAt: at(2 * 60 * MINUTE).toISOString(),
  });
  expect(refreshedCredentials(before, 'userAccessToken', { accessToken: 'new', refreshToken: 'r2' })).toEqual({ bearerToken: 'app', userAccessToken: 'new', refreshToken: 'r2' });
  expect(withExpiry({ accessToken: 't', tokenExpiresAt: 'x' }, null)).toEqual({ accessToken: 't' });
  expect(withExpiry({ accessToken: 't' }, at(DAY))).toEqual({ accessToken: 't', tokenExpiresAt: at(DAY).toISOString() });
});

test('debug_token: 0 means never; the earlier of expires_at and data_access_expires_at counts; is_valid false is invalid', () => {
  const t = Math.floor(NOW.getTime() / 1000);
  expect(readDebugToken({ data: { is_valid: true, expires_at: 0, data_access_expires_at: 0 } })).toEqual({ valid: true, expiresAt: null });
  expect(readDebugToken({ data: { is_valid: true, expires_at: t + 100, data_access_expires_at: t + 50 } })).toEqual({ valid: true, expiresAt: new Date((t + 50) * 1000) });
  expect(readDebugToken({ data: { is_valid: true, expires_at: t + 100, data_access_expires_at: 0 } })).toEqual({ valid: true, expiresAt: new Date((t + 100) * 1000) });
  expect(readDebugToken({ data: { is_valid: false, error: { code: 190 } } })).toMatchObject({ valid: false });
  expect(readDebugToken({})).toMatchObject({ valid: false, expiresAt: null });
});
