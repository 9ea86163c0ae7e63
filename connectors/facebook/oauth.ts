import { str } from '../oauth/api.js';
import type { AttachableAccount, OAuthContext } from '../oauth/types.js';
import { metaLogin } from '../meta/login.js';

/**
 * Facebook Login for a Page (connectors/meta/login.ts): the Pages the person manages become the
 * attachable accounts, each with its own Page access token as the channel's credential.
 */
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

export const facebookOAuth = metaLogin('facebook', PAGE_SCOPES, pageAccounts);
export const messengerOAuth = metaLogin('messenger', PAGE_SCOPES, pageAccounts);
