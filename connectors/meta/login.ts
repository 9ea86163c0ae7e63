/**
 * Facebook Login, as the Page flows (connectors/facebook/oauth.ts) and Instagram's
 * (connectors/instagram/oauth.ts) both use it: the dialog, the code exchanged at /oauth/access_token
 * (GET), then the short-lived user token exchanged for a long-lived one (grant_type=fb_exchange_token,
 * about 60 days). GET /me/accounts with that token lists the Pages the person manages, each with its
 * own Page access token, which does not expire; the flows make their channels' credentials from those.
 */
import { getJson, listOf, str } from '../oauth/api.js';
import type { AttachableAccount, OAuthContext, OAuthPlatform, TokenSet } from '../oauth/types.js';

/** The Graph version the login dialog and token endpoint are asked through (as connectors/meta/graph-client.ts). */
export const META_OAUTH_VERSION = 'v21.0';

export function metaEndpoints(base?: string) {
  return base
    ? { authorize: `${base}${META_OAUTH_VERSION}/dialog/oauth`, token: `${base}${META_OAUTH_VERSION}/oauth/access_token`, api: base }
    : {
        authorize: `https://www.facebook.com/${META_OAUTH_VERSION}/dialog/oauth`,
        token: `https://graph.facebook.com/${META_OAUTH_VERSION}/oauth/access_token`,
        api: `https://graph.facebook.com/${META_OAUTH_VERSION}/`,
      };
}

/** fb_exchange_token: the long-lived user token (its expiry as Meta says). */
export async function longLivedUserToken(ctx: OAuthContext, tokens: TokenSet): Promise<TokenSet> {
  const query = new URLSearchParams({ grant_type: 'fb_exchange_token', client_id: ctx.app.clientId, client_secret: ctx.app.clientSecret ?? '', fb_exchange_token: tokens.accessToken });
  const body = await getJson(ctx, `${ctx.endpoints.token}?${query.toString()}`, tokens.accessToken, 'Meta long-lived token exchange');
  const accessToken = str(body.access_token);
  if (!accessToken) return tokens;
  const expiresIn = Number(body.expires_in);
  return { accessToken, ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: new Date(Date.now() + expiresIn * 1000) } : {}) };
}

/** The Pages of the user token: id, name, Page token and linked Instagram account. */
export async function managedPages(ctx: OAuthContext, tokens: TokenSet): Promise<Array<Record<string, unknown>>> {
  const fields = 'id,name,access_token,instagram_business_account{id,username}';
  const body = await getJson(ctx, `${ctx.endpoints.api}me/accounts?fields=${encodeURIComponent(fields)}&limit=100`, tokens.accessToken, 'Meta GET me/accounts');
  return listOf(body, 'data');
}

/** A Facebook Login flow: these scopes, and the attachable accounts made from the person's Pages (managedPages). */
export function metaLogin(platform: string, scopes: string[], accountsOf: (ctx: OAuthContext, pages: Array<Record<string, unknown>>) => AttachableAccount[]): OAuthPlatform {
  return {
    platform,
    endpoints: metaEndpoints,
    scopes,
    scopeSeparator: ',',
    pkce: false,
    clientAuth: 'body',
    tokenMethod: 'GET',
    refreshable: false,
    afterExchange: longLivedUserToken,
    listAccounts: async (ctx, tokens) => accountsOf(ctx, await managedPages(ctx, tokens)),
  };
}
