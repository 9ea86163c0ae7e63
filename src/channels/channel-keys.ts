import { descriptorOf } from '../../connectors/platforms.js';
import type { Platform } from '../../connectors/types.js';

/**
 * What is wrong with a channel's account and credential keys for its platform (as its descriptor
 * names them), as `field: problem`; undefined when fine. A typo is refused at once instead of
 * surfacing as a failed poll. Credentials are not required: a channel may get its token later.
 */
export function channelKeysProblem(platform: Platform, account: Record<string, string> | undefined, credentials: Record<string, string> | undefined): string | undefined {
  const keys = descriptorOf(platform);
  if (account) {
    const missing = keys.account.required.filter((key) => !account[key]?.trim());
    if (missing.length) return `account.${missing[0]}: required for ${platform}`;
    const allowed = [...keys.account.required, ...keys.account.optional];
    const unknown = Object.keys(account).find((key) => !allowed.includes(key));
    if (unknown) return `account.${unknown}: unknown for ${platform}; expected ${allowed.join(', ')}`;
  }
  if (credentials) {
    const unknown = Object.keys(credentials).find((key) => !keys.credentials.includes(key));
    if (unknown) return `credentials.${unknown}: unknown for ${platform}; expected ${keys.credentials.join(', ')}`;
  }
  return undefined;
}
