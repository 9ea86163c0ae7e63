import { claim, type PlatformDescriptor } from '../descriptor.js';

/** Meta sends all of one app's Page deliveries (feed and Messenger) to one callback URL. */
const pageWebhook = { maxBodyBytes: 3 * 1024 * 1024, shared: { group: 'meta-page', accountKey: 'pageId' } };

/** Facebook and Messenger channels of one Page share the Page's claim. */
const pageClaims = (account: Record<string, string>): string[] => claim('meta-page', account.pageId);

export const facebookPlatform: PlatformDescriptor<'facebook'> = {
  id: 'facebook',
  names: { nl: 'Facebook', en: 'Facebook' },
  account: { required: ['pageId'], optional: [] },
  credentials: ['accessToken', 'appSecret', 'verifyToken'],
  oauth: true,
  // dm: a Messenger answer to a private reply, joined to the comment's ticket, is answered in Messenger.
  replies: { post: ['public', 'private'], comment: ['public', 'private'], reply: ['public', 'private'], dm: ['private'] },
  // POST /{comment-id} is_hidden=true|false: hidden from everyone but the author and their friends.
  moderation: { comment: ['hide', 'unhide'], reply: ['hide', 'unhide'] },
  limits: {},
  // Meta batches up to 1,000 changes in one delivery.
  webhook: pageWebhook,
  accountClaims: pageClaims,
};

export const messengerPlatform: PlatformDescriptor<'messenger'> = {
  id: 'messenger',
  names: { nl: 'Messenger', en: 'Messenger' },
  account: { required: ['pageId'], optional: [] },
  credentials: ['accessToken', 'appSecret', 'verifyToken'],
  oauth: true,
  replies: { dm: ['private'] },
  // No moderation: Messenger conversations are private, nothing to hide from the public.
  limits: {},
  webhook: pageWebhook,
  accountClaims: pageClaims,
};
