import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Logger } from '../log.js';
import type { Db } from '../db/db.js';
import { createUser, findByEmail, findByOidc, linkOidc } from './users.js';
import type { Role } from './roles.js';
import { isLoopbackHttp } from './sessions.js';
import { deleteOidcLoginsBefore, insertOidcLogin, takeOidcLogin } from './sql.js';

/** Single sign-on through an OpenID Provider (e.g. the Flemish government's ACM/IDM, Keycloak, Entra ID). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Sent with HTTP Basic auth; without one the client is public and relies on PKCE alone. */
  clientSecret?: string | undefined;
  /** Must point at GET /api/auth/oidc/callback and be registered at the provider. */
  redirectUri: string;
  /** Creates an unknown (verified e-mail) user with this role and these entities; absent = never. */
  autoProvision?: { role: Role; entities: string[] } | undefined;
}

/** Holds the handle of the login in flight, for the round trip through the provider only. */
export const OIDC_COOKIE = 'inbox_oidc';
export const OIDC_LOGIN_SECONDS = 600;

export type OidcRefusal = 'no_account' | 'disabled' | 'failed';
export type OidcOutcome = { status: 'ok'; userId: number } | { status: 'refused'; reason: OidcRefusal };

/** What the provider asserts about the person. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string | undefined;
  emailVerified: boolean;
  name?: string | undefined;
}

export interface OidcLogin {
  /** The provider's authorization URL, and the handle to keep in the OIDC_COOKIE. */
  start(now: Date): Promise<{ url: URL; handle: string }>;
  /** Checks state, nonce and PKCE, exchanges the code, and maps the identity to an account. */
  finish(callbackQuery: string, handle: string | undefined, now: Date): Promise<OidcOutcome>;
}

const SCOPE = 'openid email profile';

export function createOidcLogin(settings: OidcSettings, deps: { db: Db; logger: Logger }): OidcLogin {
  const { db, logger } = deps;
  let configuration: Promise<client.Configuration> | undefined;

  // Discovered once, on first use; a failed discovery is retried at the next login.
  const discover = (): Promise<client.Configuration> => {
    configuration ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        // openid-client refuses plain http; allowed only for a provider on this machine (development, tests).
        isLoopbackHttp(settings.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  };

  return {
    async start(now) {
      const config = await discover();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const handle = randomBytes(32).toString('base64url');
      await deleteOidcLoginsBefore(db, new Date(now.getTime() - OIDC_LOGIN_SECONDS * 1000));
      await insertOidcLogin(db, digest(handle), { state, nonce, codeVerifier, createdAt: now });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: SCOPE,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, handle };
    },

    async finish(callbackQuery, handle, now) {
      if (!handle) return refused('failed');
      // Single use: the row goes whatever happens next.
      const pending = await takeOidcLogin(db, digest(handle));
      if (!pending || pending.createdAt.getTime() <= now.getTime() - OIDC_LOGIN_SECONDS * 1000) return refused('failed');

      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = callbackQuery;
      let identity: OidcIdentity;
      try {
        const config = await discover();
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
        });
        const claims = tokens.claims()!;
        // Many providers put e-mail only in the UserInfo answer (OIDC Core 5.4).
        const profile = typeof claims.email === 'string' ? claims : await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        identity = {
          issuer: claims.iss,
          subject: claims.sub,
          email: typeof profile.email === 'string' ? profile.email : undefined,
          emailVerified: profile.email_verified === true,
          name: typeof profile.name === 'string' ? profile.name : undefined,
        };
      } catch (error) {
        logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'OpenID Connect login failed');
        return refused('failed');
      }
      const outcome = await accountForIdentity(db, identity, settings.autoProvision);
      if (outcome.status === 'refused') logger.info({ issuer: identity.issuer, reason: outcome.reason }, 'OpenID Connect login refused');
      return outcome;
    },
  };
}

/**
 * The account for a provider's identity: the one linked to (issuer, subject); else, the first time,
 * the one with the same *verified* e-mail address, which is then linked; else a new one when
 * autoProvision is configured. Never an account already linked to another identity.
 */
export async function accountForIdentity(db: Db, identity: OidcIdentity, autoProvision?: OidcSettings['autoProvision']): Promise<OidcOutcome> {
  const linked = await findByOidc(db, identity.issuer, identity.subject);
  if (linked) return linked.disabled ? refused('disabled') : { status: 'ok', userId: linked.id };
  if (!identity.email || !identity.emailVerified) return refused('no_account');

  const byEmail = await findByEmail(db, identity.email);
  if (byEmail) {
    if (byEmail.disabled) return refused('disabled');
    const linkedNow = await linkOidc(db, byEmail.id, identity.issuer, identity.subject);
    return linkedNow ? { status: 'ok', userId: byEmail.id } : refused('no_account');
  }
  if (!autoProvision) return refused('no_account');
  const created = await createUser(db, {
    email: identity.email,
    name: identity.name ?? identity.email,
    role: autoProvision.role,
    entities: autoProvision.entities,
    oidc: { issuer: identity.issuer, subject: identity.subject },
  });
  return { status: 'ok', userId: created.id };
}

function refused(reason: OidcRefusal): OidcOutcome {
  return { status: 'refused', reason };
}

function digest(handle: string): string {
  return createHash('sha256').update(handle).digest('hex');
}
