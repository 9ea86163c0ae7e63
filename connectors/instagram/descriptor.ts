import { claim, type PlatformDescriptor } from '../descriptor.js';

export const instagramPlatform: PlatformDescriptor<'instagram'> = {
  id: 'instagram',
  names: { nl: 'Instagram', en: 'Instagram' },
  account: { required: ['igUserId'], optional: ['username', 'pageId'] },
  credentials: ['accessToken', 'appSecret', 'verifyToken'],
  oauth: true,
  labels: { igUserId: { nl: 'Instagram-gebruikers-id', en: 'Instagram user id' } },
  replies: { comment: ['public', 'private'], reply: ['public', 'private'], dm: ['private'], post: ['public'] },
  // POST /{ig-comment-id} hide=true|false. DMs are private.
  moderation: { comment: ['hide', 'unhide'], reply: ['hide', 'unhide'] },
  limits: {},
  webhook: { maxBodyBytes: 3 * 1024 * 1024 },
  /** An Instagram account linked to a Page claims that Page too. */
  accountClaims: (account) => [...claim('instagram-user', account.igUserId), ...claim('meta-page', account.pageId)],
};
