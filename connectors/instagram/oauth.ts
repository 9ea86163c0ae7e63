import { metaLogin } from '../meta/login.js';
import { str } from '../oauth/api.js';
import type { OAuthPlatform } from '../oauth/types.js';

/**
 * Instagram API with Facebook Login: the same dialog and tokens as a Page; the attachable accounts
 * are the Instagram professional accounts linked to the person's Pages (instagram_business_account),
 * read with the Page's token.
 */
export const instagramOAuth: OAuthPlatform = metaLogin(
  'instagram',
  ['instagram_basic', 'instagram_manage_comments', 'instagram_manage_messages', 'pages_show_list', 'pages_read_engagement'],
  (ctx, pages) =>
    pages.flatMap((page) => {
      const ig = (typeof page.instagram_business_account === 'object' && page.instagram_business_account !== null ? page.instagram_business_account : {}) as Record<string, unknown>;
      const igUserId = str(ig.id);
      const token = str(page.access_token);
      if (!igUserId || !token) return [];
      const username = str(ig.username);
      return [
        {
          id: igUserId,
          name: username ? `@${username}` : igUserId,
          ...(str(page.name) ? { detail: str(page.name) } : {}),
          account: { igUserId, ...(username ? { username } : {}), ...(str(page.id) ? { pageId: str(page.id) } : {}) },
          credentials: { accessToken: token, ...(ctx.app.clientSecret ? { appSecret: ctx.app.clientSecret } : {}) },
        },
      ];
    }),
);
