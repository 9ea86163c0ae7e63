/**
 * Google API failures → the typed errors of connectors/types.ts, in one table. Google answers with
 * its error envelope `{ "error": { "code": 429, "message": "...", "status": "RESOURCE_EXHAUSTED" } }`;
 * the canonical status string decides first, the HTTP code when it is missing.
 */
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError } from '../types.js';
import { redact } from '../http.js';

export interface GoogleFailure {
  status: number;
  body: unknown;
  retryAfter?: string | null;
  now: Date;
}

/** Without Retry-After, a per-minute quota is worth one minute's wait. */
export const RATE_LIMIT_FALLBACK_MS = 60_000;

function envelope(body: unknown): { status?: string; message?: string } {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return {};
  const e = error as Record<string, unknown>;
  const out: { status?: string; message?: string } = {};
  if (typeof e.status === 'string') out.status = e.status;
  if (typeof e.message === 'string') out.message = e.message;
  return out;
}

/** Retry-After in seconds or as an HTTP date; otherwise 60 s. */
export function retryAt(f: GoogleFailure): Date {
  const now = f.now.getTime();
  if (f.retryAfter) {
    const seconds = Number(f.retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return new Date(now + seconds * 1000);
    const date = Date.parse(f.retryAfter);
    if (Number.isFinite(date) && date > now) return new Date(date);
  }
  return new Date(now + RATE_LIMIT_FALLBACK_MS);
}

interface Rule {
  when: (status: number, canonical: string | undefined) => boolean;
  make: (message: string, f: GoogleFailure) => Error;
}

const TRANSIENT = new Set(['UNAVAILABLE', 'INTERNAL', 'DEADLINE_EXCEEDED', 'ABORTED']);

const RULES: Rule[] = [
  { when: (s, c) => c === 'RESOURCE_EXHAUSTED' || s === 429, make: (m, f) => new RateLimitedError(retryAt(f), m) },
  { when: (s, c) => c === 'UNAUTHENTICATED' || s === 401, make: (m) => new AuthExpiredError(m) },
  { when: (s, c) => c === 'PERMISSION_DENIED' || s === 403, make: (m) => new PermanentError(m) },
  { when: (s, c) => (c !== undefined && TRANSIENT.has(c)) || s >= 500, make: (m) => new TransientError(m) },
  { when: () => true, make: (m) => new PermanentError(m) },
];

export function googleError(f: GoogleFailure, what: string, secrets: Array<string | undefined>): Error {
  const e = envelope(f.body);
  const message = `Google ${what} failed with ${f.status}${e.status ? ` ${e.status}` : ''}${e.message ? `: ${redact(e.message, secrets, 200)}` : ''}`;
  return RULES.find((r) => r.when(f.status, e.status))!.make(message, f);
}
