import type { Runtime } from '../runtime.js';
import { markDispatched } from '../db/outbox.js';
import { dispatchOutbox, type OutboxQueue } from './queues.js';

// Commands wait for Redis to come back (workers need that); a dispatch must not wait that long.
const DISPATCH_TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Dispatch after commit. If Redis is down the rows stay in the outbox and the sweeper sends them later. */
export async function dispatchCommitted(runtime: Runtime, outboxIds: number[], queue: OutboxQueue = 'route'): Promise<void> {
  if (outboxIds.length === 0) return;
  try {
    await withTimeout(dispatchOutbox(runtime.queues, outboxIds.map((id) => ({ id, queue }))), DISPATCH_TIMEOUT_MS);
    await markDispatched(runtime.db, outboxIds);
  } catch (error) {
    runtime.logger.warn({ outboxIds, error: String(error) }, 'dispatch deferred to the sweeper');
  }
}
