import { claim, type PlatformDescriptor } from '../descriptor.js';

export const whatsappPlatform: PlatformDescriptor<'whatsapp'> = {
  id: 'whatsapp',
  names: { nl: 'WhatsApp', en: 'WhatsApp' },
  account: { required: ['phoneNumberId'], optional: [] },
  credentials: ['accessToken', 'appSecret', 'verifyToken'],
  // The Cloud API only pushes: a delivery lost after Meta's retries cannot be read back.
  history: false,
  replies: { dm: ['private'] },
  // No moderation: WhatsApp conversations are private.
  limits: { replyTextLength: 4096 },
  webhook: { maxBodyBytes: 3 * 1024 * 1024 },
  accountClaims: (account) => claim('whatsapp-number', account.phoneNumberId),
};
