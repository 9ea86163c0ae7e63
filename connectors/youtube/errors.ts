/**
 * YouTube Data API v3 failures → the typed errors of connectors/types.ts, in one table keyed on
 * `error.errors[].reason` (Google's envelope; the message text is never matched: the live quota
 * message embeds HTML). Google's newer envelope can also carry `error.details[].reason` (ErrorInfo,
 * e.g. API_KEY_INVALID); both are read.
 *
 * Decisions:
 * - quotaExceeded / dailyLimitExceeded: the project's daily quota is gone; it resets at midnight
 *   Pacific time (America/Los_Angeles, with DST), so the channel pauses until then.
 * - rateLimitExceeded / userRateLimitExceeded (403 or 429): a short burst limit; wait 60 s.
 * - 401, authError, invalidCredentials, and 400 keyInvalid / API_KEY_INVALID / API_KEY_EXPIRED:
 *   the credential itself is refused. A bad API key is not a malformed request that a retry or a
 *   code fix would cure: an administrator has to enter a new key, which is exactly what
 *   AuthExpiredError ("reconnect needed", polling stops) asks for.
 * - insufficientPermissions: the OAuth grant lacks the youtube.force-ssl scope; reconnecting with
 *   the right scope fixes it, so it is AuthExpiredError too.
 * - forbidden, commentsDisabled, other 4xx: PermanentError. 5xx: TransientError.
 */
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError } from '../types.js';
import { isObject } from '../payload.js';

const RATE_LIMIT_WAIT_MS = 60_000;

/** reason → what it means. Matched before the status fallbacks below. */
const REASONS: Record<string, (message: string, now: Date) => Error> = {
  quotaExceeded: (m, now) => new RateLimitedError(nextPacificMidnight(now), `${m}; daily quota exhausted`),
  dailyLimitExceeded: (m, now) => new RateLimitedError(nextPacificMidnight(now), `${m}; daily quota exhausted`),
  rateLimitExceeded: (m, now) => new RateLimitedError(new Date(now.getTime() + RATE_LIMIT_WAIT_MS), m),
  userRateLimitExceeded: (m, now) => new RateLimitedError(new Date(now.getTime() + RATE_LIMIT_WAIT_MS), m),
  authError: (m) => new AuthExpiredError(m),
  invalidCredentials: (m) => new AuthExpiredError(m),
  keyInvalid: (m) => new AuthExpiredError(`${m}; the API key was refused`),
  keyExpired: (m) => new AuthExpiredError(`${m}; the API key has expired`),
  API_KEY_INVALID: (m) => new AuthExpiredError(`${m}; the API key was refused`),
  API_KEY_EXPIRED: (m) => new AuthExpiredError(`${m}; the API key has expired`),
  insufficientPermissions: (m) => new AuthExpiredError(`${m}; the grant lacks the needed scope`),
  ACCESS_TOKEN_SCOPE_INSUFFICIENT: (m) => new AuthExpiredError(`${m}; the grant lacks the needed scope`),
  forbidden: (m) => new PermanentError(m),
  commentsDisabled: (m) => new PermanentError(`${m}; comments are disabled`),
  backendError: (m) => new TransientError(m),
};

/** Every reason in the body: errors[].reason first, then details[].reason. */
export function reasonsOf(body: unknown): string[] {
  const error = isObject(body) && isObject(body.error) ? body.error : undefined;
  if (!error) return [];
  const out: string[] = [];
  for (const list of [error.errors, error.details]) {
    if (!Array.isArray(list)) continue;
    for (const e of list) if (isObject(e) && typeof e.reason === 'string' && e.reason) out.push(e.reason);
  }
  return out;
}

/**
 * The error for a non-2xx answer. `what` names the call ("GET commentThreads"); the message holds
 * the status and the reasons only (they are Google's fixed identifiers, never user content).
 */
export function toYouTubeError(status: number, body: unknown, what: string, now: Date = new Date()): Error {
  const reasons = reasonsOf(body);
  const message = `YouTube ${what} failed with ${status}${reasons.length ? ` (${reasons.slice(0, 3).join(', ').slice(0, 120)})` : ''}`;
  for (const reason of reasons) {
    const rule = Object.hasOwn(REASONS, reason) ? REASONS[reason] : undefined;
    if (rule) return rule(message, now);
  }
  if (status === 401) return new AuthExpiredError(message);
  if (status === 429) return new RateLimitedError(new Date(now.getTime() + RATE_LIMIT_WAIT_MS), message);
  if (status >= 500) return new TransientError(message);
  return new PermanentError(message);
}

const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The wall-clock time in Los Angeles at `t`, read as if it were UTC (ms). */
function pacificWallClock(t: number): number {
  const parts: Record<string, number> = {};
  for (const p of PACIFIC.formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/**
 * The next midnight in America/Los_Angeles after `now`, when the YouTube quota resets. The UTC
 * offset is the one in force at that midnight (−08:00 in winter, −07:00 in summer), so the answer
 * is right across the DST switches (which happen at 02:00, never at midnight).
 */
export function nextPacificMidnight(now: Date): Date {
  const wall = pacificWallClock(now.getTime());
  const d = new Date(wall);
  const midnightWall = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  // offset = wall − utc; estimate it at the target, then correct once with the offset there.
  let utc = midnightWall - (wall - Math.floor(now.getTime() / 1000) * 1000);
  utc = midnightWall - (pacificWallClock(utc) - utc);
  return new Date(utc);
}
