import { claim, type PlatformDescriptor } from '../descriptor.js';

/**
 * Reviews of a Google Business Profile location. Named "Google reviews", as citizens, agents and
 * coordinators know it; "Business Profile" is the name of the owner's tool and its API.
 */
export const googlePlatform: PlatformDescriptor<'google'> = {
  id: 'google',
  names: { nl: 'Google reviews', en: 'Google reviews' },
  account: { required: ['accountId', 'locationId'], optional: [] },
  credentials: ['accessToken', 'refreshToken', 'tokenExpiresAt'],
  oauth: true,
  replies: { review: ['public'] },
  // No moderation: the owner cannot hide a review (only report it to Google, outside the API).
  limits: {},
  accountClaims: (account) => claim('google-location', account.locationId),
};
