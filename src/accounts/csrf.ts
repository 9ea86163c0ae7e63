import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Per-session CSRF token (synchronizer token). The SPA reads it from /api/auth/me or the login answer
 * and sends it back in this header on every state-changing request made with the session cookie.
 * Requests with the bearer token carry no ambient credentials, so they need none.
 */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** POST, PUT, PATCH, DELETE (anything but GET, HEAD, OPTIONS). */
export function requiresCsrfToken(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function csrfTokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
