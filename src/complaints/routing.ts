import { recordAudit } from '../db/audit.js';
import type { Queryable } from '../db/db.js';
import { enqueueOutbox, type OutboxEntry } from '../db/outbox.js';
import { insertComplaints } from './sql.js';

/**
 * Outbox step for routing: a ticket tagged complaint gets one complaint record and, in the same
 * transaction, one outbox row per effect that must follow — the coordinator's mail, the entity's
 * own complaint system (webhook) where it has one, and the intake of the citizen's details. Each is
 * retried until done and idempotent on the complaint.
 */
export async function routeComplaints(tx: Queryable, entityId: string, ticketIds: number[], actor = 'system'): Promise<number[]> {
  if (ticketIds.length === 0) return [];
  const routed = await insertComplaints(tx, entityId, ticketIds);
  if (routed.length === 0) return [];
  await recordAudit(
    tx,
    routed.map((r) => ({ actor, action: 'complaint.routed', subjectType: 'ticket', subjectId: r.ticketId, details: { complaintId: r.id } })),
  );
  return enqueueOutbox(tx, routed.flatMap((r) => routingEffects(r.id, r.hasWebhook)));
}

/** The outbox rows that follow routing a complaint (again: `again` names the new routing). */
export function routingEffects(complaintId: number, hasWebhook: boolean, again?: string): OutboxEntry[] {
  const suffix = again ? `:again:${again}` : '';
  const payload = { complaintId };
  return [
    { kind: 'coordinator_mail', idempotencyKey: `route:complaint:${complaintId}${suffix}`, payload },
    ...(hasWebhook ? [{ kind: 'coordinator_webhook' as const, idempotencyKey: `hook:complaint:${complaintId}${suffix}`, payload }] : []),
    { kind: 'intake', idempotencyKey: `intake:complaint:${complaintId}${suffix}`, payload },
  ];
}
