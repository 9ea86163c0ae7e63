import { recordAudit } from '../db/audit.js';
import type { Queryable } from '../db/db.js';
import { enqueueOutbox, type OutboxEntry } from '../db/outbox.js';
import { DUPLICATE_WINDOW_MS, likelyDuplicateOf } from './duplicates.js';
import { duplicateCandidatesOf, insertComplaints, markPossibleDuplicates } from './sql.js';

/**
 * Outbox step for routing: a ticket tagged complaint gets one complaint record and, in the same
 * transaction, one outbox row per effect that must follow — the coordinator's mail, the entity's
 * own complaint system (webhook) where it has one, and the intake of the citizen's details. Each is
 * retried until done and idempotent on the complaint.
 *
 * A complaint the same contact already sent the entity within the week (the same or nearly the same
 * text) is still a case — nothing is lost — but marked as a possible duplicate of the earlier one,
 * and the coordinator is not mailed for it (the audit says so).
 */
export async function routeComplaints(tx: Queryable, entityId: string, ticketIds: number[], actor = 'system'): Promise<number[]> {
  if (ticketIds.length === 0) return [];
  const routed = await insertComplaints(tx, entityId, ticketIds);
  if (routed.length === 0) return [];
  // One lookup for the whole batch; complaints are judged oldest first, each seeing the marks of those before it.
  const candidates = await duplicateCandidatesOf(tx, routed.map((r) => r.id), DUPLICATE_WINDOW_MS);
  const marks = new Map<number, number>();
  const effects: OutboxEntry[] = [];
  for (const r of routed) {
    const found = candidates.get(r.id);
    const earlier = (found?.earlier ?? []).map((e) => ({ id: marks.get(e.id) ?? e.duplicateOf ?? e.id, text: e.text, receivedAt: e.receivedAt }));
    const duplicateOf = found ? likelyDuplicateOf(found.text, found.receivedAt, earlier) : undefined;
    if (duplicateOf !== undefined) marks.set(r.id, duplicateOf);
    effects.push(...routingEffects(r.id, r.hasWebhook).filter((e) => duplicateOf === undefined || e.kind !== 'coordinator_mail'));
  }
  const duplicates = [...marks].map(([complaintId, duplicateOf]) => ({ complaintId, duplicateOf }));
  await markPossibleDuplicates(tx, duplicates);
  // The batch's audit in one statement: every routing, then the duplicates it found.
  await recordAudit(tx, [
    ...routed.map((r) => ({ actor, action: 'complaint.routed', subjectType: 'ticket', subjectId: r.ticketId, details: { complaintId: r.id } })),
    ...duplicates.map(({ complaintId, duplicateOf }) => ({
      actor,
      action: 'complaint.possible_duplicate',
      subjectType: 'complaint',
      subjectId: String(complaintId),
      details: { duplicateOf, reason: `possible duplicate of case #${duplicateOf}; coordinator mail not sent` },
    })),
  ]);
  return enqueueOutbox(tx, effects);
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
