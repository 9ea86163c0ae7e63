/**
 * LinkedIn REST failures → the typed errors of connectors/types.ts, in one table.
 * Bodies look like `{"status":429,"serviceErrorCode":101,"code":"TOO_MANY_REQUESTS","message":"Resource level
 * throttle APPLICATION DAY limit for calls to this resource is reached."}` (errors_observed.json).
 * LinkedIn documents no rate-limit headers; its limits are per day and reset at 00:00 UTC.
 */
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError } from '../types.js';
import { redact } from '../http.js';

export interface LinkedInFailure {
  status: number;
  body: unknown;
  retryAfter?: string | null;
  now: Date;
}

interface Rule {
  when: (f: LinkedInFailure) => boolean;
  make: (message: string, f: LinkedInFailure) => Error;
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Retry-After when given; otherwise the window the throttle message names (DAY unless it says MINUTE or HOUR). */
export function rateLimitReset(f: LinkedInFailure): Date {
  const now = f.now.getTime();
  const seconds = Number(f.retryAfter);
  if (f.retryAfter && Number.isFinite(seconds) && seconds > 0) return new Date(now + seconds * 1000);
  const message = String(fields(f.body).message ?? '');
  if (/\bMINUTE\b/.test(message)) return new Date(now + 60_000);
  if (/\bHOUR\b/.test(message)) return new Date(now + 3_600_000);
  return nextUtcMidnight(f.now);
}

const RULES: Rule[] = [
  { when: (f) => f.status === 429, make: (m, f) => new RateLimitedError(rateLimitReset(f), m) },
  // INVALID_ACCESS_TOKEN, EXPIRED_ACCESS_TOKEN (65600) and REVOKED_ACCESS_TOKEN (65601): reconnect.
  { when: (f) => f.status === 401, make: (m) => new AuthExpiredError(m) },
  { when: (f) => f.status === 426, make: (m) => new PermanentError(`${m}; the LinkedIn-Version sent is no longer active`) },
  { when: (f) => f.status >= 500, make: (m) => new TransientError(m) },
  { when: () => true, make: (m) => new PermanentError(m) },
];

function fields(body: unknown): { code?: unknown; message?: unknown; serviceErrorCode?: unknown } {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** `what` names the call (e.g. 'GET comments'); secrets are scrubbed from the platform's message. */
export function linkedInError(f: LinkedInFailure, what: string, secrets: Array<string | undefined>): Error {
  const b = fields(f.body);
  const code = typeof b.code === 'string' ? ` ${b.code}` : '';
  const service = typeof b.serviceErrorCode === 'number' ? ` serviceErrorCode ${b.serviceErrorCode}` : '';
  const detail = typeof b.message === 'string' && b.message ? `: ${redact(b.message, secrets, 200)}` : '';
  const message = `LinkedIn ${what} failed with ${f.status}${code}${service}${detail}`;
  return RULES.find((r) => r.when(f))!.make(message, f);
}
