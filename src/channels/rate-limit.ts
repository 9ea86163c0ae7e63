/**
 * The longest a platform's "retry after" is believed. A reset far ahead (a clock error, a hostile
 * or broken answer: "2036") would silence a channel for years; past this the channel probes again,
 * and a platform that is still limiting says so with a new reset. A daily quota that resets at
 * midnight Pacific time costs one probe an hour.
 */
export const MAX_RATE_LIMIT_PAUSE_MS = 60 * 60_000;

/** The moment to try again: the platform's reset, at the latest an hour ahead, never in the past. */
export function cappedReset(resetAt: Date, now: Date): Date {
  const at = Number.isNaN(resetAt.getTime()) ? now.getTime() : resetAt.getTime();
  return new Date(Math.min(Math.max(at, now.getTime()), now.getTime() + MAX_RATE_LIMIT_PAUSE_MS));
}
