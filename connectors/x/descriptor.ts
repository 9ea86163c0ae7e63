import { claim, type PlatformDescriptor } from '../descriptor.js';

export const xPlatform: PlatformDescriptor<'x'> = {
  id: 'x',
  names: { nl: 'X', en: 'X' },
  account: { required: ['userId'], optional: ['handle'] },
  credentials: ['bearerToken', 'userAccessToken', 'refreshToken', 'tokenExpiresAt'],
  oauth: true,
  replies: { dm: ['private'], post: ['public', 'private'], reply: ['public', 'private'] },
  // PUT /2/tweets/:id/hidden: only replies in a conversation the entity's own post started.
  moderation: { reply: ['hide', 'unhide'] },
  // X counts weighted characters (a link counts 23): 280 is the limit for plain text.
  limits: { replyTextLength: 280, privateReplyTextLength: 10_000 },
  accountClaims: (account) => claim('x-user', account.userId),
};
