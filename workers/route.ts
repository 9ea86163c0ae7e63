import { carryOutRoutingEffect, NothingToDeliverError } from '../src/complaints/effects.js';
import { letterMailGaveUp } from '../src/complaints/letter-mail.js';
import { backoffMs, claimOutbox, failOutbox, markUndispatched, retryOutboxLater } from '../src/db/outbox.js';
import type { Runtime } from '../src/runtime.js';
import { carryOutModeration } from '../src/moderation/carry-out.js';
import { sendSignalMail } from '../src/signals/actions.js';

export type RouteOutcome = 'sent' | 'skipped' | 'failed' | 'retry';

const MAX_ATTEMPTS = 8;

/**
 * Carries out one effect of routing a complaint, once: the coordinator's mail (or the mail that a
 * complaint was withdrawn), the delivery to the entity's own complaint system, or the intake of the
 * citizen's details. Each is an outbox row of its own, claimed before the work (a second run is a
 * no-op) and retried with backoff until done. Mails and webhooks carry the row's idempotency key
 * (Message-ID, Idempotency-Key), so a receiver can tell a repeat after a crash from a new complaint.
 */
export async function processRoute(runtime: Runtime, outboxId: number): Promise<RouteOutcome> {
  const { db, logger } = runtime;
  const row = await claimOutbox(db, outboxId);
  if (!row) return 'skipped';
  // Ingest dispatches every outbox row it wrote to this queue, a policy's moderation among them.
  if (row.kind === 'moderation') return carryOutModeration(runtime, row);
  const complaintId = Number(row.payload.complaintId);
  try {
    if (row.kind === 'signal_mail') return await sendSignalMail(runtime, row);
    // The effect ends its outbox row itself, in the transaction that records what was delivered.
    return await carryOutRoutingEffect(runtime, row, complaintId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof NothingToDeliverError || row.attempts >= MAX_ATTEMPTS) {
      if (row.kind === 'letter_mail') await letterMailGaveUp(runtime, row, message);
      else await failOutbox(db, outboxId, message);
      logger.warn({ complaintId, kind: row.kind, error: message }, 'complaint effect given up');
      return 'failed';
    }
    await retryOutboxLater(db, outboxId, new Date(runtime.now().getTime() + backoffMs(row.attempts)), message);
    logger.warn({ complaintId, kind: row.kind, attempt: row.attempts, error: message }, 'complaint effect failed, will retry');
    return 'retry';
  }
}

/**
 * The rows of one ingest batch, dispatched as one job (a job per row costs BullMQ more than the
 * insert of the row): one after the other, each claimed, carried out and retried as on its own.
 * A worker that is stopping ends after the row in hand; the rest go back to the sweeper at once.
 */
export async function processRoutes(runtime: Runtime, outboxIds: number[], stopping: () => boolean = () => false): Promise<RouteOutcome[]> {
  const outcomes: RouteOutcome[] = [];
  let failure: unknown;
  for (const [index, id] of outboxIds.entries()) {
    if (stopping()) {
      await markUndispatched(runtime.db, outboxIds.slice(index));
      break;
    }
    // A row that throws (the database gone) does not hold up the others; the sweeper dispatches it again.
    try {
      outcomes.push(await processRoute(runtime, id));
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
  return outcomes;
}
