import { claim, type PlatformDescriptor } from '../descriptor.js';

export const linkedinPlatform: PlatformDescriptor<'linkedin'> = {
  id: 'linkedin',
  names: { nl: 'LinkedIn', en: 'LinkedIn' },
  account: { required: ['organizationUrn'], optional: [] },
  credentials: ['accessToken', 'clientSecret', 'refreshToken', 'tokenExpiresAt'],
  oauth: true,
  replies: { comment: ['public'], reply: ['public'], post: ['public'] },
  // The Community Management API hides nothing: the organization can only delete a comment on its own post.
  moderation: { comment: ['delete'], reply: ['delete'] },
  limits: {},
  // LinkedIn sends one notification at a time.
  webhook: { maxBodyBytes: 256 * 1024 },
  accountClaims: (account) => claim('linkedin-organization', account.organizationUrn),
};
