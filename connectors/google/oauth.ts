import { getJson, listOf, refreshKeys, str } from '../oauth/api.js';
import type { OAuthEndpoints, OAuthPlatform } from '../oauth/types.js';

/** Google's OAuth 2.0 endpoints (Business Profile and YouTube alike); an emulator serves them all on its base URL. */
export function googleEndpoints(base: string | undefined, api: string, more: Record<string, string> = {}): OAuthEndpoints {
  return base
    ? { authorize: `${base}o/oauth2/v2/auth`, token: `${base}token`, revoke: `${base}revoke`, api: base, more: Object.fromEntries(Object.keys(more).map((k) => [k, base])) }
    : { authorize: 'https://accounts.google.com/o/oauth2/v2/auth', token: 'https://oauth2.googleapis.com/token', revoke: 'https://oauth2.googleapis.com/revoke', api, more };
}

/** access_type=offline brings a refresh token; prompt=consent brings it again on a reconnect. */
export const GOOGLE_AUTHORIZE_PARAMS = { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' };

/**
 * Google Business Profile: scope business.manage; the accounts (Account Management API) and each
 * account's locations (Business Information API) are what can be attached, one location a channel.
 */
export const googleOAuth: OAuthPlatform = {
  platform: 'google',
  endpoints: (base) => googleEndpoints(base, 'https://mybusinessaccountmanagement.googleapis.com/', { locations: 'https://mybusinessbusinessinformation.googleapis.com/' }),
  scopes: ['https://www.googleapis.com/auth/business.manage'],
  pkce: true,
  clientAuth: 'body',
  authorizeParams: GOOGLE_AUTHORIZE_PARAMS,
  refreshable: true,
  async listAccounts(ctx, tokens) {
    const accounts = listOf(await getJson(ctx, `${ctx.endpoints.api}v1/accounts`, tokens.accessToken, 'Google GET accounts'), 'accounts');
    const locationsBase = ctx.endpoints.more?.locations ?? ctx.endpoints.api;
    const out = [];
    for (const account of accounts) {
      const accountName = str(account.name); // accounts/{id}
      const accountId = accountName.replace(/^accounts\//, '');
      if (!accountId) continue;
      const body = await getJson(ctx, `${locationsBase}v1/${accountName}/locations?readMask=name,title&pageSize=100`, tokens.accessToken, 'Google GET locations');
      for (const location of listOf(body, 'locations')) {
        const locationId = str(location.name).replace(/^locations\//, '');
        if (!locationId) continue;
        out.push({
          id: `${accountId}/${locationId}`,
          name: str(location.title) || locationId,
          ...(str(account.accountName) ? { detail: str(account.accountName) } : {}),
          account: { accountId, locationId },
          credentials: { accessToken: tokens.accessToken, ...refreshKeys(tokens) },
        });
      }
    }
    return out;
  },
};
