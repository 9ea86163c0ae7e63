import { composeCoordinatorMail, composeWithdrawalMail, type RoutedComplaint } from '../src/complaints/coordinator-mail.js';
import { composeComplaintWebhook } from '../src/complaints/coordinator-webhook.js';
import type { Runtime } from '../src/runtime.js';
import { startIntake } from '../src/complaints/intake.js';
import { recordOutsideEffect, type Queryable } from '../src/db/db.js';
import { claimOutbox, completeOutbox, failOutbox, retryOutboxLater, type OutboxRow } from '../src/db/outbox.js';
import { recordAudit } from '../src/db/audit.js';

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
  const complaintId = Number(row.payload.complaintId);
  try {
    const outcome = await carryOut(runtime, row, complaintId);
    await recordOutsideEffect(() => completeOutbox(db, outboxId));
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof NothingToDeliverError || row.attempts >= MAX_ATTEMPTS) {
      await failOutbox(db, outboxId, message);
      logger.warn({ complaintId, kind: row.kind, error: message }, 'complaint effect given up');
      return 'failed';
    }
    await retryOutboxLater(db, outboxId, new Date(runtime.now().getTime() + backoffMs(row.attempts)), message);
    logger.warn({ complaintId, kind: row.kind, attempt: row.attempts, error: message }, 'complaint effect failed, will retry');
    return 'retry';
  }
}

class NothingToDeliverError extends Error {}

async function carryOut(runtime: Runtime, row: OutboxRow, complaintId: number): Promise<RouteOutcome> {
  const { db, logger } = runtime;
  if (row.kind === 'intake') return (await startIntake(runtime, complaintId)) === 'started' ? 'sent' : 'skipped';
  const complaint = await loadRoutedComplaint(db, complaintId, runtime.settings.publicUrl);
  if (!complaint) throw new NothingToDeliverError(`complaint ${complaintId} no longer exists or its entity has no coordinator e-mail`);
  const withdrawal = row.payload.withdrawn === true;
  // Re-tagged away from complaint before the mail went out: nothing to send.
  if (complaint.withdrawnReason !== null && !withdrawal) return 'skipped';
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
      if (!withdrawal) await tx.query('update complaints set notified_at = now(), updated_at = now() where id = $1', [complaintId]);
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

export function backoffMs(attempt: number): number {
  return Math.min(15 * 60_000, 5_000 * 2 ** (attempt - 1));
}

interface LoadedComplaint extends RoutedComplaint {
  entityId: string;
  withdrawnReason: string | null;
  webhook: { url: string; secretEncrypted: string } | undefined;
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

async function loadRoutedComplaint(db: Queryable, complaintId: number, publicUrl: string): Promise<LoadedComplaint | undefined> {
  const { rows } = await db.query<{
    ticket_id: number;
    number: number;
    entity_name: string;
    coordinator_name: string | null;
    coordinator_email: string | null;
    channel_name: string | null;
    channel_id: string;
    platform: string;
    handle: string | null;
    name: string | null;
    received_at: Date;
    signals: string[];
    category_confidence: number | null;
    withdrawn_reason: string | null;
    withdrawn_at: Date | null;
    entity_id: string;
    webhook: { url: string; secretEncrypted: string } | null;
  }>(
    `select t.id as ticket_id, t.number, e.name as entity_name, e.coordinator_name, e.coordinator_email,
            ch.name as channel_name, ch.id as channel_id, ch.platform, co.handle, co.name, c.received_at,
            t.signals, t.category_confidence, c.withdrawn_reason, c.withdrawn_at, e.id as entity_id,
            e.settings->'complaintWebhook' as webhook
       from complaints c
       join tickets t on t.id = c.ticket_id
       join entities e on e.id = c.entity_id
       join channels ch on ch.id = t.channel_id
       join contacts co on co.id = t.contact_id
      where c.id = $1`,
    [complaintId],
  );
  const found = rows[0];
  if (!found?.coordinator_email) return undefined;
  const messages = await db.query<{ text: string; sent_at: Date; permalink: string | null }>(
    `select text, sent_at, permalink from messages where ticket_id = $1 and direction = 'inbound' order by sent_at, id limit 20`,
    [found.ticket_id],
  );
  return {
    complaintId,
    ticketNumber: found.number,
    ticketUrl: `${publicUrl.replace(/\/$/, '')}/tickets/${found.ticket_id}`,
    entityName: found.entity_name,
    coordinatorName: found.coordinator_name,
    coordinatorEmail: found.coordinator_email,
    channelName: found.channel_name ?? found.channel_id,
    platform: found.platform,
    authorHandle: found.handle,
    authorName: found.name,
    receivedAt: found.received_at,
    messages: messages.rows.map((m) => ({ text: m.text, sentAt: m.sent_at, permalink: m.permalink })),
    signals: found.signals,
    confidence: found.category_confidence,
    withdrawnReason: found.withdrawn_at ? (found.withdrawn_reason ?? 'not a complaint') : null,
    entityId: found.entity_id,
    webhook: found.webhook ?? undefined,
  };
}
