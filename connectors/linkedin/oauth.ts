import { getJson, listOf, refreshKeys, str } from '../oauth/api.js';
import type { OAuthPlatform } from '../oauth/types.js';
import { DEFAULT_LINKEDIN_VERSION } from './connector.js';

/**
 * LinkedIn 3-legged OAuth for a Page admin: the member token (60 days; a refresh token of a year
 * where the app is granted one) acts for the organizations the member administers, listed by
 * GET /rest/organizationAcls?q=roleAssignee, named by GET /rest/organizations/{id}.
 */
export const linkedinOAuth: OAuthPlatform = {
  platform: 'linkedin',
  endpoints: (base) =>
    base
      ? { authorize: `${base}oauth/v2/authorization`, token: `${base}oauth/v2/accessToken`, revoke: `${base}oauth/v2/revoke`, api: base }
      : {
          authorize: 'https://www.linkedin.com/oauth/v2/authorization',
          token: 'https://www.linkedin.com/oauth/v2/accessToken',
          revoke: 'https://www.linkedin.com/oauth/v2/revoke',
          api: 'https://api.linkedin.com/',
        },
  scopes: ['r_organization_social', 'w_organization_social', 'rw_organization_admin'],
  pkce: false,
  clientAuth: 'body',
  refreshable: true,
  async listAccounts(ctx, tokens) {
    const headers = { 'LinkedIn-Version': DEFAULT_LINKEDIN_VERSION, 'X-Restli-Protocol-Version': '2.0.0' };
    const acls = await getJson(ctx, `${ctx.endpoints.api}rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`, tokens.accessToken, 'LinkedIn GET organizationAcls', headers);
    const urns = [...new Set(listOf(acls, 'elements').map((e) => str(e.organization)).filter((urn) => urn.startsWith('urn:li:organization:')))];
    const out = [];
    for (const urn of urns) {
      const id = urn.slice('urn:li:organization:'.length);
      const org = await getJson(ctx, `${ctx.endpoints.api}rest/organizations/${encodeURIComponent(id)}`, tokens.accessToken, 'LinkedIn GET organizations', headers);
      out.push({
        id: urn,
        name: str(org.localizedName) || urn,
        account: { organizationUrn: urn },
        credentials: { accessToken: tokens.accessToken, ...refreshKeys(tokens), ...(ctx.app.clientSecret ? { clientSecret: ctx.app.clientSecret } : {}) },
      });
    }
    return out;
  },
};
