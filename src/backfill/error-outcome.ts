/** What a connector's error does to a backfill: wait out a rate limit, pause for a new token, retry a hiccup, or fail. */
import { AuthExpiredError, RateLimitedError, TransientError } from '../../connectors/types.js';
import { cappedReset } from '../channels/rate-limit.js';

/** A platform error that is worth a retry (5xx, timeout) is retried this often in a row before the backfill fails. */
export const TRANSIENT_RETRIES = 3;
export const TRANSIENT_WAIT_MS = 5_000;

/** What a failed batch does to the backfill; nothing of the batch was committed. */
export type ErrorOutcome =
  | { kind: 'wait'; until: Date; reason: string }
  | { kind: 'retry'; afterMs: number; reason: string }
  | { kind: 'pause'; reason: string }
  | { kind: 'fail'; reason: string };

export function onError(error: unknown, now: Date, transientFailuresInARow: number): ErrorOutcome {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof RateLimitedError) return { kind: 'wait', until: cappedReset(error.resetAt, now), reason };
  if (error instanceof AuthExpiredError) return { kind: 'pause', reason: `the platform refused the channel's token: reconnect the channel, then resume (${reason})` };
  if (error instanceof TransientError && transientFailuresInARow < TRANSIENT_RETRIES) return { kind: 'retry', afterMs: TRANSIENT_WAIT_MS * 2 ** transientFailuresInARow, reason };
  return { kind: 'fail', reason };
}
