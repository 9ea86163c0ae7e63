import { dispatchOutbox, queueOf } from '../src/queue/queues.js';
import type { Runtime } from '../src/runtime.js';
import { DISPATCH_STALE_SECONDS, findUndispatched, markDispatched } from '../src/db/outbox.js';
import { findStaleWebhookEvents } from '../src/channels/webhook-events.js';
import { processWebhookEvent } from '../src/ingest/webhook.js';

/** Re-dispatches outbox rows that never reached a queue or were left behind (Redis lost, worker killed). */
export async function sweepOutbox(runtime: Runtime, staleSeconds = DISPATCH_STALE_SECONDS): Promise<number> {
  const rows = await findUndispatched(runtime.db, staleSeconds);
  if (rows.length === 0) return 0;
  await dispatchOutbox(runtime.queues, rows.map((row) => ({ id: row.id, queue: queueOf(row.kind) })), `sweep-${runtime.now().getTime()}`);
  await markDispatched(runtime.db, rows.map((r) => r.id));
  runtime.logger.info({ count: rows.length }, 'outbox rows re-dispatched');
  return rows.length;
}

/** Ingests webhook deliveries that were stored but never processed (the process stopped in between). */
export async function sweepWebhookEvents(runtime: Runtime, staleSeconds = 60): Promise<number> {
  const ids = await findStaleWebhookEvents(runtime.db, staleSeconds);
  for (const id of ids) await processWebhookEvent(runtime, id);
  return ids.length;
}
