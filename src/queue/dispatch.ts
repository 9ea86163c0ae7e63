import type { Runtime } from '../runtime.js';
import { markUndispatched } from '../db/outbox.js';
import { dispatchOutbox, type OutboxQueue } from './queues.js';

// Commands wait for Redis to come back (workers need that); a dispatch must not wait that long.
const DISPATCH_TIMEOUT_MS = 3000;
/**
 * Route rows per job. A BullMQ job costs far more than its outbox row (Job objects, a Lua script per
 * job, ~25 kB allocated): a batch's thousands of rows go out as a few dozen jobs. Small enough that
 * the route worker's concurrency still spreads a batch over its slots.
 */
export const ROUTE_ROWS_PER_JOB = 25;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Dispatch after commit (rows are written as dispatched: src/db/outbox.ts). If Redis is down the rows
 * are marked undispatched and the sweeper sends them at its next round; if even that fails, once
 * their dispatch is stale.
 */
export async function dispatchCommitted(runtime: Runtime, outboxIds: number[], queue: OutboxQueue = 'route'): Promise<void> {
  if (outboxIds.length === 0) return;
  try {
    await withTimeout(queue === 'route' && outboxIds.length > 1 ? dispatchRouteRows(runtime, outboxIds) : dispatchOutbox(runtime.queues, outboxIds.map((id) => ({ id, queue }))), DISPATCH_TIMEOUT_MS);
  } catch (error) {
    runtime.logger.warn({ outboxIds, error: String(error) }, 'dispatch deferred to the sweeper');
    await markUndispatched(runtime.db, outboxIds).catch((markError: unknown) => {
      runtime.logger.warn({ outboxIds, error: String(markError) }, 'dispatch left to the sweeper once stale');
    });
  }
}

/**
 * Committed route rows in jobs of ROUTE_ROWS_PER_JOB ids, one round trip. The job id names the
 * rows it carries (first id and count: the ids of one commit are consecutive in practice), so a
 * second dispatch of the same rows while the first waits is a no-op; each row is claimed anyway.
 */
async function dispatchRouteRows(runtime: Runtime, outboxIds: number[]): Promise<void> {
  const jobs = [];
  for (let from = 0; from < outboxIds.length; from += ROUTE_ROWS_PER_JOB) {
    const ids = outboxIds.slice(from, from + ROUTE_ROWS_PER_JOB);
    jobs.push({ name: 'route', data: { outboxIds: ids }, opts: { jobId: `outboxes-${ids[0]}-${ids[ids.length - 1]}-${ids.length}` } });
  }
  await runtime.queues.route.addBulk(jobs);
}
