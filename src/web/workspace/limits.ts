import type { PlatformView, Visibility } from '../api/index.js';

interface Limits {
  replyTextLength?: unknown;
  privateReplyTextLength?: unknown;
}

const positive = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 ? value : undefined);

/**
 * A platform's reply length limit for a visibility, from its descriptor (GET /api/platforms'
 * `limits`): a private message may have its own (X: 280 for a post, 10,000 for a direct message).
 * undefined where the platform documents none.
 */
export function replyLimit(list: readonly PlatformView[], platform: string, visibility: Visibility): number | undefined {
  const view = list.find((item) => item.id === platform) as (PlatformView & { limits?: Limits }) | undefined;
  const limits = view?.limits;
  if (!limits) return undefined;
  return visibility === 'private' ? (positive(limits.privateReplyTextLength) ?? positive(limits.replyTextLength)) : positive(limits.replyTextLength);
}

/** The length the API checks a reply against (the same count: UTF-16 code units of the trimmed text). */
export function replyLength(text: string): number {
  return text.trim().length;
}
