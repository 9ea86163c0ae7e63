import { claim, type PlatformDescriptor } from '../descriptor.js';

export const emailPlatform: PlatformDescriptor<'email'> = {
  id: 'email',
  names: { nl: 'e-mail', en: 'e-mail' },
  account: { required: ['address'], optional: ['name'] },
  credentials: ['imapUrl', 'smtpUrl', 'accessToken'],
  replies: { email: ['private'] },
  limits: {},
  accountClaims: (account) => claim('mailbox', account.address?.toLowerCase()),
};
