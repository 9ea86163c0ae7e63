import { descriptorOf } from './platforms.js';
import type { Platform } from './types.js';

/**
 * The platform accounts a channel speaks for, as `kind:value` claims, as the platform's descriptor
 * states them. One platform account belongs to one entity: a channel of another entity may not
 * claim it (that would let its admin read or write in the first entity's name). Facebook and
 * Messenger channels of one Page share the Page's claim; an Instagram account linked to a Page
 * claims that Page too. Pure.
 */
export function accountClaims(platform: Platform, account: Record<string, string>): string[] {
  return descriptorOf(platform).accountClaims(account);
}
