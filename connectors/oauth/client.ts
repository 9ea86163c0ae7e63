/**
 * The shared OAuth 2.0 client: the authorize URL (state, PKCE S256), the code exchange, refresh
 * (grant_type=refresh_token) and revocation, over connectors/http.ts, with the typed errors of
 * connectors/types.ts and every token and secret kept out of error messages.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createHttpClient, redact, type HttpClient, type HttpResponse } from '../http.js';
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError } from '../types.js';
import type { OAuthApp, OAuthContext, OAuthPlatform, TokenSet } from './types.js';

export type { AttachableAccount, OAuthApp, OAuthEndpoints, OAuthPlatform, TokenSet } from './types.js';

const TIMEOUT_MS = 15_000;

let shared: HttpClient | undefined;
function defaultHttp(): HttpClient {
  return (shared ??= createHttpClient({ name: 'OAuth', timeoutMs: TIMEOUT_MS }));
}

/** A random value for `state` and PKCE verifiers: 32 bytes, base64url (43 characters, RFC 7636's minimum). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** PKCE S256: base64url(sha256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface AuthorizeRequest {
  app: OAuthApp;
  redirectUri: string;
  state: string;
  /** Required when the platform uses PKCE. */
  codeVerifier?: string | undefined;
  /** The emulator's (or a proxy's) base URL, ending in '/'; absent = the real platform. */
  baseUrl?: string | undefined;
}

/** The URL to send the admin's browser to. Pure. */
export function buildAuthorizeUrl(platform: OAuthPlatform, req: AuthorizeRequest): string {
  const url = new URL(platform.endpoints(req.baseUrl).authorize);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', req.app.clientId);
  url.searchParams.set('redirect_uri', req.redirectUri);
  url.searchParams.set('scope', platform.scopes.join(platform.scopeSeparator ?? ' '));
  url.searchParams.set('state', req.state);
  if (platform.pkce) {
    if (!req.codeVerifier) throw new Error(`${platform.platform}: PKCE needs a code verifier`);
    url.searchParams.set('code_challenge', pkceChallenge(req.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [key, value] of Object.entries(platform.authorizeParams ?? {})) url.searchParams.set(key, value);
  return url.toString();
}

export interface CodeExchange {
  app: OAuthApp;
  code: string;
  redirectUri: string;
  codeVerifier?: string | undefined;
  baseUrl?: string | undefined;
  http?: HttpClient;
}

/** The code from the callback for tokens (and, where the platform has one, its long-lived exchange). */
export async function exchangeCode(platform: OAuthPlatform, req: CodeExchange): Promise<TokenSet> {
  const ctx = contextOf(platform, req.app, req.baseUrl, req.http);
  const params: Record<string, string> = { grant_type: 'authorization_code', code: req.code, redirect_uri: req.redirectUri };
  if (platform.pkce && req.codeVerifier) params.code_verifier = req.codeVerifier;
  const tokens = await tokenRequest(platform, ctx, params, [req.code, req.codeVerifier]);
  return platform.afterExchange ? platform.afterExchange(ctx, tokens) : tokens;
}

export interface RefreshRequest {
  app: OAuthApp;
  refreshToken: string;
  /** The channel's base URL (an emulator); absent = the real platform. */
  baseUrl?: string | undefined;
  http?: HttpClient;
}

/**
 * A new access token for a refresh token (grant_type=refresh_token), for the token lifecycle:
 * call it before `expiresAt`. Returns the new access token, the refresh token to keep (platforms that
 * rotate it, such as X, send a new one; when absent keep the old one) and the new expiry.
 * Throws AuthExpiredError when the refresh token is refused (revoked, expired: the channel needs
 * reconnecting), PermanentError when the platform has no refresh (Meta: read the long-lived
 * token's expiry instead) or the app is misconfigured, RateLimitedError / TransientError to try later.
 */
export async function refreshAccessToken(platform: OAuthPlatform, req: RefreshRequest): Promise<{ accessToken: string; refreshToken?: string; expiresAt?: Date }> {
  if (!platform.refreshable) throw new PermanentError(`${platform.platform}: the platform gives no refresh tokens`);
  const ctx = contextOf(platform, req.app, req.baseUrl, req.http);
  const tokens = await tokenRequest(platform, ctx, { grant_type: 'refresh_token', refresh_token: req.refreshToken }, [req.refreshToken]);
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
  };
}

/** Asks the platform to revoke a token (RFC 7009); a platform without a revoke endpoint does nothing. */
export async function revokeToken(platform: OAuthPlatform, req: { app: OAuthApp; token: string; baseUrl?: string | undefined; http?: HttpClient }): Promise<void> {
  const ctx = contextOf(platform, req.app, req.baseUrl, req.http);
  if (!ctx.endpoints.revoke) return;
  const form: Record<string, string> = { token: req.token, client_id: req.app.clientId };
  const headers: Record<string, string> = {};
  if (platform.clientAuth === 'basic' && req.app.clientSecret) headers.authorization = basic(req.app);
  else if (req.app.clientSecret) form.client_secret = req.app.clientSecret;
  const res = await ctx.http.request({ method: 'POST', url: ctx.endpoints.revoke, form, headers, what: 'revoke token', secrets: secretsOf(req.app, [req.token]) });
  if (!res.ok) throw tokenError(platform, res, 'revoke', secretsOf(req.app, [req.token]));
}

/** The accounts to attach, for a token of this platform. */
export async function listAttachableAccounts(platform: OAuthPlatform, req: { app: OAuthApp; tokens: TokenSet; baseUrl?: string | undefined; http?: HttpClient }) {
  return platform.listAccounts(contextOf(platform, req.app, req.baseUrl, req.http), req.tokens);
}

function contextOf(platform: OAuthPlatform, app: OAuthApp, baseUrl: string | undefined, http: HttpClient | undefined): OAuthContext {
  const base = baseUrl === undefined ? undefined : baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return { http: http ?? defaultHttp(), endpoints: platform.endpoints(base), app };
}

function basic(app: OAuthApp): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret ?? '')}`).toString('base64')}`;
}

function secretsOf(app: OAuthApp, more: Array<string | undefined>): Array<string | undefined> {
  return [app.clientSecret, ...more];
}

async function tokenRequest(platform: OAuthPlatform, ctx: OAuthContext, params: Record<string, string>, secrets: Array<string | undefined>): Promise<TokenSet> {
  const form: Record<string, string> = { ...params, client_id: ctx.app.clientId };
  const headers: Record<string, string> = {};
  if (platform.clientAuth === 'basic' && ctx.app.clientSecret) headers.authorization = basic(ctx.app);
  else if (ctx.app.clientSecret) form.client_secret = ctx.app.clientSecret;
  const all = secretsOf(ctx.app, secrets);
  const what = `token (${params.grant_type})`;
  const res =
    platform.tokenMethod === 'GET'
      ? await ctx.http.request({ method: 'GET', url: `${ctx.endpoints.token}?${new URLSearchParams(form).toString()}`, headers, what, secrets: all })
      : await ctx.http.request({ method: 'POST', url: ctx.endpoints.token, form, headers, what, secrets: all });
  if (!res.ok) throw tokenError(platform, res, what, all);
  return readTokenSet(res, platform, all);
}

/** An access token response (RFC 6749 §5.1) as a TokenSet; PermanentError when it is not one. */
export function readTokenSet(res: Pick<HttpResponse, 'json' | 'text'>, platform: Pick<OAuthPlatform, 'platform'>, secrets: Array<string | undefined> = [], now = Date.now()): TokenSet {
  const body = (typeof res.json === 'object' && res.json !== null ? res.json : {}) as Record<string, unknown>;
  const accessToken = typeof body.access_token === 'string' ? body.access_token : '';
  if (!accessToken) throw new PermanentError(`${platform.platform} token endpoint: no access_token in ${redact(res.text, secrets, 120)}`);
  const expiresIn = Number(body.expires_in);
  return {
    accessToken,
    ...(typeof body.refresh_token === 'string' && body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: new Date(now + expiresIn * 1000) } : {}),
    ...(typeof body.scope === 'string' ? { scope: body.scope } : {}),
  };
}

/** A token endpoint's refusal as a typed error: invalid_grant (a dead code or refresh token) is AuthExpiredError. */
export function tokenError(platform: Pick<OAuthPlatform, 'platform'>, res: HttpResponse, what: string, secrets: Array<string | undefined>): Error {
  const body = (typeof res.json === 'object' && res.json !== null ? res.json : {}) as Record<string, unknown>;
  const meta = typeof body.error === 'object' && body.error !== null ? (body.error as Record<string, unknown>) : undefined;
  const code = typeof body.error === 'string' ? body.error : meta ? String(meta.type ?? meta.code ?? '') : '';
  const description = typeof body.error_description === 'string' ? body.error_description : meta && typeof meta.message === 'string' ? meta.message : '';
  const message = `${platform.platform} ${what}: HTTP ${res.status}${code ? ` ${code}` : ''}${description ? `: ${redact(description, secrets, 160)}` : ''}`;
  if (res.status === 429) {
    const retry = Number(res.headers['retry-after']);
    return new RateLimitedError(new Date(Date.now() + (Number.isFinite(retry) && retry > 0 ? retry : 60) * 1000), message);
  }
  if (res.status >= 500) return new TransientError(message);
  if (code === 'invalid_grant' || (meta !== undefined && Number(meta.code) === 190)) return new AuthExpiredError(message);
  return new PermanentError(message);
}
