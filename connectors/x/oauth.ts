import { getJson, refreshKeys, str } from '../oauth/api.js';
import type { OAuthPlatform } from '../oauth/types.js';

/**
 * X: OAuth 2.0 authorization code with PKCE (required), a confidential client authenticating with
 * HTTP Basic. offline.access brings a refresh token (access tokens live 2 hours). The account is the
 * authorizing user (GET /2/users/me); the channel reads and answers with its user token.
 */
export const xOAuth: OAuthPlatform = {
  platform: 'x',
  endpoints: (base) =>
    base
      ? { authorize: `${base}i/oauth2/authorize`, token: `${base}2/oauth2/token`, revoke: `${base}2/oauth2/revoke`, api: base }
      : { authorize: 'https://x.com/i/oauth2/authorize', token: 'https://api.x.com/2/oauth2/token', revoke: 'https://api.x.com/2/oauth2/revoke', api: 'https://api.x.com/' },
  scopes: ['tweet.read', 'tweet.write', 'users.read', 'dm.read', 'dm.write', 'offline.access'],
  pkce: true,
  clientAuth: 'basic',
  refreshable: true,
  async listAccounts(ctx, tokens) {
    const body = await getJson(ctx, `${ctx.endpoints.api}2/users/me`, tokens.accessToken, 'X GET users/me');
    const me = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as Record<string, unknown>;
    const id = str(me.id);
    if (!id) return [];
    const handle = str(me.username);
    return [
      {
        id,
        name: str(me.name) || handle || id,
        ...(handle ? { detail: `@${handle}` } : {}),
        account: { userId: id, ...(handle ? { handle } : {}) },
        credentials: { userAccessToken: tokens.accessToken, ...refreshKeys(tokens) },
      },
    ];
  },
};
