import type { Platform } from './types.js';

/**
 * The platform accounts a channel speaks for, as `kind:value` claims. One platform account belongs to
 * one entity: a channel of another entity may not claim it (that would let its admin read or write in
 * the first entity's name). Facebook and Messenger channels of one Page share the Page's claim; an
 * Instagram account linked to a Page claims that Page too. Pure.
 */
export function accountClaims(platform: Platform, account: Record<string, string>): string[] {
  const claim = (kind: string, value: string | undefined): string[] => (value?.trim() ? [`${kind}:${value.trim()}`] : []);
  switch (platform) {
    case 'x':
      return claim('x-user', account.userId);
    case 'facebook':
    case 'messenger':
      return claim('meta-page', account.pageId);
    case 'instagram':
      return [...claim('instagram-user', account.igUserId), ...claim('meta-page', account.pageId)];
    case 'whatsapp':
      return claim('whatsapp-number', account.phoneNumberId);
    case 'linkedin':
      return claim('linkedin-organization', account.organizationUrn);
    case 'youtube':
      return claim('youtube-channel', account.channelId);
    case 'google':
      return claim('google-location', account.locationId);
    case 'email':
      return claim('mailbox', account.address?.toLowerCase());
  }
}
