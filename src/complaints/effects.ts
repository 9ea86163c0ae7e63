import type { OutboxRow } from '../db/outbox.js';
import { completeOutbox } from '../db/outbox.js';
import { recordAudit } from '../db/audit.js';
import { recordOutsideEffect } from '../db/db.js';
import type { Runtime } from '../runtime.js';
import { composeCoordinatorMail, composeWithdrawalMail } from './coordinator-mail.js';
import { composeComplaintWebhook } from './coordinator-webhook.js';
import { startIntake } from './intake.js';
import { sendLetterMail } from './letter-mail.js';
import { loadRoutedComplaint, markCoordinatorNotified, type LoadedComplaint } from './sql.js';

export type RoutingEffectOutcome = 'sent' | 'skipped';

/** The effect has nothing to act on any more: retrying will not help. */
export class NothingToDeliverError extends Error {}

/**
 * The effects of routing a complaint, one outbox row each: the coordinator's mail (or the mail that
 * a complaint was withdrawn), the delivery to the entity's own complaint system, the intake of the
 * citizen's details. What was delivered and the row's end are recorded in one transaction.
 */
export async function carryOutRoutingEffect(runtime: Runtime, row: OutboxRow, complaintId: number): Promise<RoutingEffectOutcome> {
  const { db, logger } = runtime;
  if (row.kind === 'letter_mail') return sendLetterMail(runtime, row, complaintId);
  if (row.kind === 'intake') {
    const started = await startIntake(runtime, complaintId);
    await recordOutsideEffect(() => completeOutbox(db, row.id));
    return started === 'skipped' ? 'skipped' : 'sent';
  }
  const complaint = await loadRoutedComplaint(db, complaintId, runtime.settings.publicUrl);
  if (!complaint) throw new NothingToDeliverError(`complaint ${complaintId} no longer exists or its entity has no coordinator e-mail`);
  const withdrawal = row.payload.withdrawn === true;
  // Re-tagged away from complaint before the mail went out: nothing to send.
  if (complaint.withdrawnReason !== null && !withdrawal) {
    await completeOutbox(db, row.id);
    return 'skipped';
  }
  if (row.kind === 'coordinator_webhook') {
    const status = await deliverComplaintWebhook(runtime, complaint);
    // What was delivered and the row's end are one transaction: no window in which a crash repeats it.
    await recordOutsideEffect(() =>
      db.transaction(async (tx) => {
        await recordAudit(tx, { actor: 'system', action: 'complaint.webhook_delivered', subjectType: 'complaint', subjectId: complaintId, details: { status, attempt: row.attempts } });
        await completeOutbox(tx, row.id);
      }),
    );
    return 'sent';
  }
  const mail = withdrawal
    ? composeWithdrawalMail(complaint, complaint.withdrawnReason ?? 'not a complaint', row.idempotency_key)
    : composeCoordinatorMail(complaint, row.idempotency_key);
  await runtime.mailer.send(mail);
  await recordOutsideEffect(() =>
    db.transaction(async (tx) => {
      if (!withdrawal) await markCoordinatorNotified(tx, complaintId);
      await recordAudit(tx, {
        actor: 'system',
        action: withdrawal ? 'complaint.withdrawal_notified' : 'complaint.coordinator_notified',
        subjectType: 'complaint',
        subjectId: complaintId,
        details: { to: complaint.coordinatorEmail },
      });
      await completeOutbox(tx, row.id);
    }),
  );
  if (!withdrawal) logger.info({ complaintId, ticket: complaint.ticketNumber }, 'coordinator notified');
  return 'sent';
}

/** POSTs the routed complaint to the entity's own complaint system; a non-2xx answer is an error (retried). */
async function deliverComplaintWebhook(runtime: Runtime, complaint: LoadedComplaint): Promise<number> {
  if (!complaint.webhook) throw new Error('the entity has no complaint webhook any more');
  if (!runtime.secrets) throw new Error('INBOX_SECRET_KEY is needed to sign complaint webhooks');
  const { secret } = runtime.secrets.decrypt(complaint.webhook.secretEncrypted, `entity:${complaint.entityId}`);
  const request = composeComplaintWebhook(complaint, secret!, runtime.now());
  const response = await fetch(complaint.webhook.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`complaint webhook answered ${response.status}`);
  return response.status;
}

