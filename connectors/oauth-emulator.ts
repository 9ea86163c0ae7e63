/**
 * The OAuth 2.0 side of every platform emulator, in one place: an authorize page a person (or a
 * browser test) answers with "Authorize app" or "Cancel", the token endpoint (authorization_code
 * with the PKCE check, refresh_token with rotation, Meta's fb_exchange_token), revocation, and the
 * account lists read with a user token (each emulator renders its own: /me/accounts,
 * organizationAcls, channels?mine=true, Business Profile accounts and locations).
 *
 * An emulator mounts it first in its onRequest (`if (this.oauth.handle(req, res, rawBody)) return;`)
 * and says through `grant` how an issued access token becomes a token its own API accepts.
 *
 * Simplifications: one client (EMULATOR_OAUTH_APP, or the one given), no login (the person chooses
 * who they are when the emulator offers several identities), scopes are shown, not enforced.
 */
import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';

/** The client every emulator registers by default: demo mode and tests use it as the app's client. */
export const EMULATOR_OAUTH_APP = { clientId: 'social-inbox-emulator', clientSecret: 'social-inbox-emulator-secret' } as const;

export interface OAuthIdentity {
  id: string;
  label: string;
}

export interface OAuthListRoute {
  pattern: RegExp;
  /** The body for a request with a user token of `identity`. */
  render(identity: string, match: RegExpMatchArray, query: URLSearchParams): { status: number; body: unknown };
}

export interface OAuthEmulatorOptions {
  /** Shown on the authorize page: "… wants to use your <platformName> account". */
  platformName: string;
  paths: { authorize: RegExp; token: RegExp; revoke?: RegExp };
  /** X requires PKCE; elsewhere it is checked when the client sent a challenge. */
  pkce: 'required' | 'optional';
  /** Access token lifetime in seconds (X: 7200, Google: 3599, LinkedIn: 5183999). */
  expiresIn: number;
  /** Whether refresh tokens are issued. */
  refresh: boolean;
  /** Meta: the token endpoint also answers GET and grant_type=fb_exchange_token (a long-lived token, about 60 days). */
  metaExchange?: boolean;
  /** Who can authorize; the first is chosen unless the person picks another. */
  identities(): OAuthIdentity[];
  /** From now on the emulator's API accepts `accessToken` as `identity`. */
  grant(accessToken: string, identity: string): void;
  /** The emulator's API stops accepting it. */
  revoke?(token: string): void;
  lists?: OAuthListRoute[];
  /** Extra fields of a token response (X: token_type bearer and the scope string). */
  tokenFields?: Record<string, unknown>;
  app?: { clientId: string; clientSecret: string };
}

interface PendingCode {
  identity: string;
  clientId: string;
  redirectUri: string;
  challenge?: string;
  scope: string;
  expiresAt: number;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const CODE_TTL_MS = 10 * 60 * 1000;

export class OAuthEmulator {
  readonly app: { clientId: string; clientSecret: string };
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens = new Map<string, string>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly revoked = new Set<string>();
  private seq = 0;
  /** Every decision on the authorize page and every token issued, for tests. */
  readonly log: Array<{ event: 'allow' | 'deny' | 'token' | 'refresh' | 'revoke'; identity?: string }> = [];

  constructor(private readonly opts: OAuthEmulatorOptions) {
    this.app = opts.app ?? { ...EMULATOR_OAUTH_APP };
  }

  /** A refresh token handed out before (an emulator's seeded account): accepted by the token endpoint. */
  registerRefreshToken(token: string, identity: string): void {
    this.refreshTokens.set(token, identity);
  }

  /** The identity behind a user access token this module issued; undefined when unknown or revoked. */
  identityOf(token: string): string | undefined {
    return this.revoked.has(token) ? undefined : this.accessTokens.get(token);
  }

  /** Revokes an issued token as the person would in the platform's settings (the emulator's API refuses it too). */
  revokeToken(token: string): void {
    this.revoked.add(token);
    this.refreshTokens.delete(token);
    this.opts.revoke?.(token);
  }

  /** Answers the request when it is one of the OAuth routes; false leaves it to the emulator. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): boolean {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const { paths } = this.opts;
    if (paths.authorize.test(path)) {
      if (method === 'GET') this.send(res, this.authorizePage(url.searchParams));
      else if (method === 'POST') this.send(res, this.decide(new URLSearchParams(rawBody)));
      else return false;
      return true;
    }
    if (paths.token.test(path) && (method === 'POST' || (method === 'GET' && this.opts.metaExchange))) {
      this.send(res, this.token(req, url, rawBody));
      return true;
    }
    if (paths.revoke?.test(path) && method === 'POST') {
      const params = this.params(req, url, rawBody);
      const token = params.get('token') ?? '';
      if (token) this.revokeToken(token);
      this.log.push({ event: 'revoke' });
      this.send(res, { status: 200, body: { revoked: true } });
      return true;
    }
    for (const route of this.opts.lists ?? []) {
      const match = route.pattern.exec(path);
      if (!match || method !== 'GET') continue;
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? url.searchParams.get('access_token') ?? '';
      const identity = this.identityOf(bearer);
      if (!identity) {
        this.send(res, { status: 401, body: { error: { code: 401, message: 'Invalid or expired user access token.', status: 'UNAUTHENTICATED' } } });
        return true;
      }
      this.send(res, route.render(identity, match, url.searchParams));
      return true;
    }
    return false;
  }

  // ---- authorize ----

  private authorizePage(q: URLSearchParams): Reply {
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    if (clientId !== this.app.clientId) return htmlError(400, `Unknown client_id “${clientId}”.`);
    if (!/^https?:\/\//.test(redirectUri)) return htmlError(400, 'redirect_uri is missing or not an http(s) URL.');
    if (q.get('response_type') !== 'code') return htmlError(400, 'response_type must be code.');
    const challenge = q.get('code_challenge');
    if (this.opts.pkce === 'required' && !challenge) return htmlError(400, 'code_challenge is required (PKCE).');
    if (challenge && q.get('code_challenge_method') !== 'S256') return htmlError(400, 'code_challenge_method must be S256.');
    const scopes = (q.get('scope') ?? '').split(/[ ,]+/).filter(Boolean);
    const identities = this.opts.identities();
    const hidden = ['client_id', 'redirect_uri', 'state', 'scope', 'code_challenge']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(q.get(name) ?? '')}">`)
      .join('\n');
    const who =
      identities.length > 1
        ? `<p><label>Sign in as <select name="identity">${identities.map((i) => `<option value="${escapeHtml(i.id)}">${escapeHtml(i.label)}</option>`).join('')}</select></label></p>`
        : identities[0]
          ? `<p>Signed in as <strong>${escapeHtml(identities[0].label)}</strong>.</p><input type="hidden" name="identity" value="${escapeHtml(identities[0].id)}">`
          : '<p>No account to sign in with.</p>';
    const name = escapeHtml(this.opts.platformName);
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize app – ${name} (emulator)</title></head>
<body>
<main>
<h1>${name}: authorize Social inbox?</h1>
<p>The app <strong>Social inbox</strong> (client ${escapeHtml(clientId)}) wants to use your ${name} account. It asks for:</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<form method="post">
${hidden}
${who}
<button type="submit" name="decision" value="allow">Authorize app</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>
</main>
</body></html>`;
    return { status: 200, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
  }

  private decide(form: URLSearchParams): Reply {
    const redirectUri = form.get('redirect_uri') ?? '';
    if (form.get('client_id') !== this.app.clientId || !/^https?:\/\//.test(redirectUri)) return htmlError(400, 'Invalid authorization request.');
    const back = new URL(redirectUri);
    const state = form.get('state');
    if (form.get('decision') !== 'allow') {
      this.log.push({ event: 'deny' });
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied the request.');
    } else {
      const known = this.opts.identities();
      const identity = known.find((i) => i.id === form.get('identity'))?.id ?? known[0]?.id;
      if (!identity) return htmlError(400, 'No account to authorize with.');
      const code = `code-${randomBytes(12).toString('base64url')}`;
      const challenge = form.get('code_challenge');
      this.codes.set(code, {
        identity,
        clientId: this.app.clientId,
        redirectUri,
        scope: form.get('scope') ?? '',
        expiresAt: Date.now() + CODE_TTL_MS,
        ...(challenge ? { challenge } : {}),
      });
      this.log.push({ event: 'allow', identity });
      back.searchParams.set('code', code);
    }
    if (state !== null) back.searchParams.set('state', state);
    return { status: 302, body: '', headers: { location: back.toString() } };
  }

  // ---- token ----

  private params(req: http.IncomingMessage, url: URL, rawBody: string): URLSearchParams {
    const params = new URLSearchParams(url.searchParams);
    if (!rawBody) return params;
    if ((req.headers['content-type'] ?? '').includes('json')) {
      try {
        const body = JSON.parse(rawBody) as Record<string, unknown>;
        for (const [k, v] of Object.entries(body)) if (typeof v === 'string') params.set(k, v);
      } catch {
        // answered as a missing grant below
      }
    } else for (const [k, v] of new URLSearchParams(rawBody)) params.set(k, v);
    return params;
  }

  /** client_id and client_secret from HTTP Basic or the parameters. */
  private client(req: http.IncomingMessage, params: URLSearchParams): { id: string | null; secret: string | null } {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) {
      const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString().split(':').map((p) => decodeURIComponent(p));
      return { id, secret };
    }
    return { id: params.get('client_id'), secret: params.get('client_secret') };
  }

  private token(req: http.IncomingMessage, url: URL, rawBody: string): Reply {
    const params = this.params(req, url, rawBody);
    const grant = params.get('grant_type') ?? (params.get('code') ? 'authorization_code' : '');
    const client = this.client(req, params);
    const badClient = (): Reply => ({ status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } });
    const badGrant = (why: string): Reply => ({ status: 400, body: { error: 'invalid_grant', error_description: why } });
    if (grant === 'authorization_code') {
      if (client.id !== this.app.clientId || client.secret !== this.app.clientSecret) return badClient();
      const code = params.get('code') ?? '';
      const pending = this.codes.get(code);
      this.codes.delete(code);
      if (!pending || pending.expiresAt < Date.now()) return badGrant('The authorization code is invalid, expired or used.');
      if (pending.redirectUri !== params.get('redirect_uri')) return badGrant('redirect_uri does not match the authorization request.');
      if (pending.challenge) {
        const verifier = params.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) return badGrant('The code_verifier does not match the code_challenge.');
      }
      this.log.push({ event: 'token', identity: pending.identity });
      return { status: 200, body: this.issue(pending.identity, pending.scope) };
    }
    if (grant === 'refresh_token') {
      // Seeded refresh tokens predate any client: only a wrong client is refused.
      if (client.id !== null && client.id !== this.app.clientId && client.secret !== null) return badClient();
      const token = params.get('refresh_token') ?? '';
      const identity = this.refreshTokens.get(token);
      this.refreshTokens.delete(token);
      if (!identity || this.revoked.has(token)) return badGrant('Token has been expired or revoked.');
      this.log.push({ event: 'refresh', identity });
      return { status: 200, body: this.issue(identity, '') };
    }
    if (grant === 'fb_exchange_token' && this.opts.metaExchange) {
      if (client.id !== this.app.clientId || client.secret !== this.app.clientSecret) return badClient();
      const identity = this.identityOf(params.get('fb_exchange_token') ?? '');
      if (!identity) return { status: 400, body: { error: { message: 'Error validating access token: the session is invalid.', type: 'OAuthException', code: 190 } } };
      return { status: 200, body: this.issue(identity, '', 60 * 24 * 3600) };
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: `grant_type ${grant.slice(0, 40)} is not supported.` } };
  }

  private issue(identity: string, scope: string, expiresIn = this.opts.expiresIn): Record<string, unknown> {
    const n = `${Date.now().toString(36)}${(this.seq++).toString(36)}${randomBytes(4).toString('hex')}`;
    const access = `emu-access-${n}`;
    this.accessTokens.set(access, identity);
    this.opts.grant(access, identity);
    const body: Record<string, unknown> = { access_token: access, token_type: 'bearer', expires_in: expiresIn, ...this.opts.tokenFields };
    if (scope && !('scope' in body)) body.scope = scope;
    if (this.opts.refresh) {
      const refresh = `emu-refresh-${n}`;
      this.refreshTokens.set(refresh, identity);
      body.refresh_token = refresh;
    }
    return body;
  }

  private send(res: http.ServerResponse, reply: Reply): void {
    const html = typeof reply.body === 'string';
    res.writeHead(reply.status, { 'content-type': html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', 'cache-control': 'no-store', ...reply.headers });
    res.end(html ? (reply.body as string) : JSON.stringify(reply.body));
  }
}

function htmlError(status: number, message: string): Reply {
  return { status, body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h1>Error</h1><p>${escapeHtml(message)}</p></body></html>` };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
