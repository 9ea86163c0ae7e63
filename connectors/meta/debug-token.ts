/**
 * Graph GET /debug_token: when a Meta token (Page, Instagram, WhatsApp system user) stops working.
 * Asked with the app's token (`<app-id>|<app-secret>`); `data.expires_at` 0 means never,
 * `data.data_access_expires_at` is when the token loses access to people's data (read together: the
 * earlier of the two that is set). Also the emulators' side of it, so they answer the same shape.
 */
import { createHttpClient, redact, type HttpClient } from '../http.js';
import { PermanentError, RateLimitedError, TransientError } from '../types.js';
import { GRAPH_BASE_URL } from './graph-client.js';

export interface TokenInspection {
  /** False when Meta says the token no longer works (revoked, expired, password changed). */
  valid: boolean;
  /** When it stops working; null = it does not expire. */
  expiresAt: Date | null;
}

let shared: HttpClient | undefined;

/** Reads the token's validity and expiry; typed errors as the connectors throw them. */
export async function inspectMetaToken(req: { token: string; app: { clientId: string; clientSecret: string }; baseUrl?: string | undefined; http?: HttpClient }): Promise<TokenInspection> {
  const http = req.http ?? (shared ??= createHttpClient({ name: 'Graph', timeoutMs: 15_000 }));
  const base = req.baseUrl ? (req.baseUrl.endsWith('/') ? req.baseUrl : `${req.baseUrl}/`) : GRAPH_BASE_URL;
  const appToken = `${req.app.clientId}|${req.app.clientSecret}`;
  const url = `${base}debug_token?${new URLSearchParams({ input_token: req.token, access_token: appToken }).toString()}`;
  const secrets = [req.token, req.app.clientSecret, appToken];
  const res = await http.request({ method: 'GET', url, what: 'GET debug_token', secrets });
  const message = `Graph GET debug_token: HTTP ${res.status} ${redact(res.text, secrets, 160)}`;
  if (res.status === 429) throw new RateLimitedError(new Date(Date.now() + 15 * 60_000), message);
  if (res.status >= 500) throw new TransientError(message);
  // 401/403 here is the app token being refused: a configuration problem, not the channel's token.
  if (!res.ok || typeof res.json !== 'object' || res.json === null) throw new PermanentError(message);
  return readDebugToken(res.json as Record<string, unknown>);
}

/** The body of /debug_token as an inspection. Pure. */
export function readDebugToken(body: Record<string, unknown>): TokenInspection {
  const data = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as Record<string, unknown>;
  const times = [Number(data.expires_at), Number(data.data_access_expires_at)].filter((t) => Number.isFinite(t) && t > 0);
  return { valid: data.is_valid === true, expiresAt: times.length > 0 ? new Date(Math.min(...times) * 1000) : null };
}

/** An emulator's answer to GET /debug_token: the app token must be its own; an unknown or revoked token is invalid. */
export function debugTokenReply(
  query: URLSearchParams,
  app: { clientId: string; clientSecret: string },
  lookup: (token: string) => { valid: boolean; expiresAt?: Date | null | undefined; dataAccessExpiresAt?: Date | null | undefined; type?: string; profileId?: string } | undefined,
): { status: number; body: unknown } {
  if (query.get('access_token') !== `${app.clientId}|${app.clientSecret}`) {
    return { status: 400, body: { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'Aemulator' } } };
  }
  const token = query.get('input_token') ?? '';
  const found = token ? lookup(token) : undefined;
  if (!found || !found.valid) {
    return { status: 200, body: { data: { error: { code: 190, message: 'The access token could not be decrypted' }, is_valid: false, scopes: [] } } };
  }
  const seconds = (d: Date | null | undefined) => (d ? Math.floor(d.getTime() / 1000) : 0);
  return {
    status: 200,
    body: {
      data: {
        app_id: app.clientId,
        type: found.type ?? 'PAGE',
        application: 'Social inbox',
        data_access_expires_at: seconds(found.dataAccessExpiresAt),
        expires_at: seconds(found.expiresAt),
        is_valid: true,
        issued_at: Math.floor(Date.now() / 1000),
        scopes: ['pages_show_list', 'pages_read_engagement', 'pages_manage_engagement'],
        ...(found.profileId ? { profile_id: found.profileId } : {}),
      },
    },
  };
}
