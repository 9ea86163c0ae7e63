import { redact } from '../http.js';
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError } from '../types.js';
import type { OAuthContext } from './types.js';

/**
 * A GET of an account list with the user's token: the JSON body, or a typed error (401 and 403
 * AuthExpiredError: the grant is gone or lacks the scope; 429 RateLimitedError; 5xx TransientError).
 */
export async function getJson(ctx: OAuthContext, url: string, token: string, what: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const secrets = [token, ctx.app.clientSecret];
  const res = await ctx.http.request({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers }, what, secrets });
  const message = `${what}: HTTP ${res.status} ${redact(res.text, secrets, 160)}`;
  if (res.status === 401 || res.status === 403) throw new AuthExpiredError(message);
  if (res.status === 429) throw new RateLimitedError(new Date(Date.now() + 60_000), message);
  if (res.status >= 500) throw new TransientError(message);
  if (!res.ok || typeof res.json !== 'object' || res.json === null) throw new PermanentError(message);
  return res.json as Record<string, unknown>;
}

/** The array under `key`, its object elements only. */
export function listOf(body: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const value = body[key];
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The token keys every refreshable platform stores beside its access token (read by the token lifecycle). */
export function refreshKeys(tokens: { refreshToken?: string | undefined; expiresAt?: Date | undefined }): Record<string, string> {
  return {
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.expiresAt ? { tokenExpiresAt: tokens.expiresAt.toISOString() } : {}),
  };
}
