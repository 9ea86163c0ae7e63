import { getJson, listOf, str } from '../oauth/api.js';
import type { AttachableAccount, OAuthContext, OAuthPlatform, TokenSet } from '../oauth/types.js';

/** The Graph version the login dialog and token endpoint are asked through (as connectors/meta/graph-client.ts). */
export const META_OAUTH_VERSION = 'v21.0';

/**
 * Facebook Login for a Page: the dialog, the code exchanged at /oauth/access_token (GET), then the
 * short-lived user token exchanged for a long-lived one (grant_type=fb_exchange_token, about 60 days).
 * GET /me/accounts with that token lists the Pages the person manages, each with its own Page
 * access token, which does not expire; that Page token is the channel's credential.
 */
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

function pageAccounts(ctx: OAuthContext, pages: Array<Record<string, unknown>>): AttachableAccount[] {
  return pages
    .filter((page) => str(page.id) && str(page.access_token))
    .map((page) => ({
      id: str(page.id),
      name: str(page.name) || str(page.id),
      account: { pageId: str(page.id) },
      credentials: { accessToken: str(page.access_token), ...(ctx.app.clientSecret ? { appSecret: ctx.app.clientSecret } : {}) },
    }));
}

const PAGE_SCOPES = ['pages_show_list', 'pages_read_engagement', 'pages_read_user_content', 'pages_manage_engagement', 'pages_manage_metadata', 'pages_messaging'];

function pageFlow(platform: 'facebook' | 'messenger'): OAuthPlatform {
  return {
    platform,
    endpoints: metaEndpoints,
    scopes: PAGE_SCOPES,
    scopeSeparator: ',',
    pkce: false,
    clientAuth: 'body',
    tokenMethod: 'GET',
    refreshable: false,
    afterExchange: longLivedUserToken,
    listAccounts: async (ctx, tokens) => pageAccounts(ctx, await managedPages(ctx, tokens)),
  };
}

export const facebookOAuth = pageFlow('facebook');
export const messengerOAuth = pageFlow('messenger');
