/**
 * Tokens that keep living (issue 15): the pure rules of the token lifecycle. No I/O.
 *
 * - A token that refreshes by itself (a refreshable OAuth flow and a stored refresh token) is refreshed
 *   once it expires within REFRESH_MARGIN_MS, or two sweeps, whichever is longer: tokens that live
 *   an hour or two are renewed some minutes ahead, those that live for weeks too, and a sweep that
 *   comes late still finds them before they lapse. A fraction of the lifetime would need the time of
 *   issue, which the platforms do not all give (the lifetimes per platform: connectors/token-lifecycle.ts).
 * - A token that cannot be refreshed but whose expiry the platform tells (an inspection endpoint) is
 *   read at most once a day per channel, and again at once when its credentials are replaced.
 * - Admins are warned `health.tokenWarningDays` (7) ahead of an expiry that will not be refreshed:
 *   once per channel and expiry date.
 */

export const REFRESH_MARGIN_MS = 10 * 60_000;
export const INSPECT_EVERY_MS = 24 * 3600_000;
/** After a failed expiry check (the platform down), the next one comes this much later, not a day. */
export const INSPECT_RETRY_MS = 3600_000;
export const DEFAULT_TOKEN_WARNING_DAYS = 7;

const DAY_MS = 24 * 3600_000;

/** `tokenExpiresAt` of the credentials (ISO 8601) as a date; undefined when absent or not a date. */
export function parseExpiry(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** How far ahead of its expiry a refreshable token is renewed. */
export function refreshMarginMs(sweepIntervalSeconds: number): number {
  return Math.max(REFRESH_MARGIN_MS, 2 * sweepIntervalSeconds * 1000);
}

export interface TokenFacts {
  /** The platform's OAuth flow gives refresh tokens. */
  refreshable: boolean;
  hasRefreshToken: boolean;
  /** The platform can tell a token's expiry (an inspection endpoint). */
  inspectable: boolean;
  expiresAt: Date | undefined;
}

/** The token is renewed by the workers, so no admin needs to act before it expires. */
export function refreshesItself(facts: Pick<TokenFacts, 'refreshable' | 'hasRefreshToken'>): boolean {
  return facts.refreshable && facts.hasRefreshToken;
}

/** A refreshable token with a known expiry within the margin (or past). */
export function refreshDue(facts: TokenFacts, now: Date, marginMs: number): boolean {
  return refreshesItself(facts) && facts.expiresAt !== undefined && facts.expiresAt.getTime() - now.getTime() <= marginMs;
}

/** The expiry is to be read from the platform: never read for these credentials, or a day ago. */
export function inspectDue(facts: Pick<TokenFacts, 'inspectable'>, check: { checkedAt: Date | null; checkedCurrent: boolean }, now: Date): boolean {
  if (!facts.inspectable) return false;
  if (!check.checkedAt || !check.checkedCurrent) return true;
  return now.getTime() - check.checkedAt.getTime() >= INSPECT_EVERY_MS;
}

/** When a failed check is tried again: the check time is set so the next one is due INSPECT_RETRY_MS later. */
export function failedCheckTime(now: Date): Date {
  return new Date(now.getTime() - INSPECT_EVERY_MS + INSPECT_RETRY_MS);
}

/**
 * The admins are to be warned: an expiry that will not be refreshed, not yet passed (a lapsed token
 * is the outage alert's), within `warningDays`, and not warned for this expiry before.
 */
export function warningDue(
  state: { expiresAt: Date | null | undefined; refreshes: boolean; warnedFor: Date | null },
  now: Date,
  warningDays: number,
): boolean {
  const { expiresAt } = state;
  if (!expiresAt || state.refreshes) return false;
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0 || left > warningDays * DAY_MS) return false;
  return state.warnedFor === null || state.warnedFor.getTime() !== expiresAt.getTime();
}

/** Whole days left before the expiry, rounded up ("expires in 5 days"); 0 once passed. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}

/** The credentials after a refresh: the new access token and expiry; the old refresh token kept when the platform sent none. */
export function refreshedCredentials(
  credentials: Readonly<Record<string, string>>,
  accessTokenKey: string,
  fresh: { accessToken: string; refreshToken?: string | undefined; expiresAt?: Date | undefined },
): Record<string, string> {
  const next: Record<string, string> = { ...credentials, [accessTokenKey]: fresh.accessToken };
  if (fresh.refreshToken) next.refreshToken = fresh.refreshToken;
  if (fresh.expiresAt) next.tokenExpiresAt = fresh.expiresAt.toISOString();
  else delete next.tokenExpiresAt;
  return next;
}

/** The credentials with an expiry read from the platform: `tokenExpiresAt`, or none when the token does not expire. */
export function withExpiry(credentials: Readonly<Record<string, string>>, expiresAt: Date | null): Record<string, string> {
  const next: Record<string, string> = { ...credentials };
  if (expiresAt) next.tokenExpiresAt = expiresAt.toISOString();
  else delete next.tokenExpiresAt;
  return next;
}
