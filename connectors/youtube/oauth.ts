import { GOOGLE_AUTHORIZE_PARAMS, googleEndpoints } from '../google/oauth.js';
import { getJson, listOf, refreshKeys, str } from '../oauth/api.js';
import type { OAuthPlatform } from '../oauth/types.js';

/**
 * YouTube through Google's OAuth 2.0 (scope youtube.force-ssl: read held comments, reply); the
 * channel is the one the person chose on Google's consent screen (channels?mine=true).
 */
export const youtubeOAuth: OAuthPlatform = {
  platform: 'youtube',
  endpoints: (base) => googleEndpoints(base, 'https://www.googleapis.com/'),
  scopes: ['https://www.googleapis.com/auth/youtube.force-ssl'],
  pkce: true,
  clientAuth: 'body',
  authorizeParams: GOOGLE_AUTHORIZE_PARAMS,
  refreshable: true,
  async listAccounts(ctx, tokens) {
    const body = await getJson(ctx, `${ctx.endpoints.api}youtube/v3/channels?part=snippet&mine=true&maxResults=50`, tokens.accessToken, 'YouTube GET channels');
    return listOf(body, 'items').flatMap((item) => {
      const channelId = str(item.id);
      if (!channelId) return [];
      const snippet = (typeof item.snippet === 'object' && item.snippet !== null ? item.snippet : {}) as Record<string, unknown>;
      return [
        {
          id: channelId,
          name: str(snippet.title) || channelId,
          ...(str(snippet.customUrl) ? { detail: str(snippet.customUrl) } : {}),
          account: { channelId },
          credentials: { accessToken: tokens.accessToken, ...refreshKeys(tokens) },
        },
      ];
    });
  },
};
