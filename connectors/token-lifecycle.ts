/**
 * What the token lifecycle (src/channels/token-lifecycle.ts) needs to know per platform, kept here
 * because only connectors/ names platforms: which credential key holds the token that expires, and
 * how a platform without refresh tokens tells when its token expires (Meta: /debug_token).
 * Refreshing itself is the OAuth flow's (connectors/oauth/platforms.ts, `refreshable`).
 *
 * The lifetimes the refresh margin (src/channels/token-rules.ts) is sized for: X's user tokens live
 * 2 hours and Google's 1 hour, LinkedIn's 60 days; all three come with refresh tokens. Meta's tokens
 * cannot be refreshed, but /debug_token tells their expiry.
 */
import { inspectMetaToken, type TokenInspection } from './meta/debug-token.js';
import type { HttpClient } from './http.js';
import type { Platform } from './platforms.js';

export type { TokenInspection } from './meta/debug-token.js';

export type TokenInspector = (req: { token: string; app: { clientId: string; clientSecret: string }; baseUrl?: string | undefined; http?: HttpClient }) => Promise<TokenInspection>;

/** The user token is the one that expires; X channels may carry an app-only bearer token beside it. */
const ACCESS_TOKEN_KEYS: Partial<Record<Platform, string>> = { x: 'userAccessToken' };

const INSPECTORS: Partial<Record<Platform, TokenInspector>> = {
  facebook: inspectMetaToken,
  messenger: inspectMetaToken,
  instagram: inspectMetaToken,
  whatsapp: inspectMetaToken,
};

/** The credential key of the access token that expires and is refreshed. */
export function accessTokenKeyOf(platform: Platform): string {
  return ACCESS_TOKEN_KEYS[platform] ?? 'accessToken';
}

/** How to read the expiry of a token this platform cannot refresh; undefined when it cannot be read. */
export function tokenInspectorOf(platform: Platform): TokenInspector | undefined {
  return INSPECTORS[platform];
}
