/**
 * The backfill worker's side: one job runs one backfill until it is done, paused, failed or stopped
 * by shutdown; a rate limit ends the job and puts a delayed one on the queue. The sweeper dispatches
 * again a running backfill whose job was lost (Redis emptied, a worker killed), like the outbox.
 */
import { dispatchCommitted } from '../queue/dispatch.js';
import { enqueueBackfill } from '../queue/queues.js';
import type { Runtime } from '../runtime.js';
import { runBackfill, type RunOutcome } from './actions.js';
import { staleRunningBackfills } from './sql.js';

/** A running backfill untouched this long has no runner (a batch commits far more often). */
export const BACKFILL_STALE_SECONDS = 120;

export async function processBackfillJob(runtime: Runtime, backfillId: number, shouldStop: () => boolean): Promise<RunOutcome> {
  const outcome = await runBackfill(runtime, backfillId, {
    shouldStop,
    onStop: 'leave',
    dispatch: (ids) => dispatchCommitted(runtime, ids),
  });
  if (outcome.status === 'waiting') {
    const delayMs = Math.max(0, outcome.until.getTime() - runtime.now().getTime());
    await enqueueBackfill(runtime.queues, backfillId, { delayMs, attempt: `wait-${outcome.until.getTime()}` });
  }
  if (outcome.status !== 'busy' && outcome.status !== 'unknown' && outcome.status !== 'waiting') {
    runtime.logger.info({ backfillId, status: outcome.status, pages: outcome.backfill.pages, inserted: outcome.backfill.inserted }, 'backfill run ended');
  }
  return outcome;
}

/** Dispatches running backfills nobody has moved for a while. */
export async function sweepBackfills(runtime: Runtime, staleSeconds = BACKFILL_STALE_SECONDS): Promise<number> {
  const ids = await staleRunningBackfills(runtime.db, staleSeconds);
  for (const id of ids) await enqueueBackfill(runtime.queues, id, { attempt: `sweep-${runtime.now().getTime()}` });
  if (ids.length) runtime.logger.info({ count: ids.length }, 'backfills re-dispatched');
  return ids.length;
}
