import { claim, type PlatformDescriptor } from '../descriptor.js';

export const youtubePlatform: PlatformDescriptor<'youtube'> = {
  id: 'youtube',
  names: { nl: 'YouTube', en: 'YouTube' },
  account: { required: ['channelId'], optional: [] },
  credentials: ['apiKey', 'accessToken', 'refreshToken', 'tokenExpiresAt'],
  oauth: true,
  replies: { comment: ['public'], reply: ['public'] },
  // comments.setModerationStatus: heldForReview, rejected (also hides its replies) and published (undoes either).
  moderation: { comment: ['hold', 'reject', 'publish'], reply: ['hold', 'reject', 'publish'] },
  limits: {},
  accountClaims: (account) => claim('youtube-channel', account.channelId),
};
