import type { Queryable } from '../store/db.js';
import { enqueueOutbox } from '../store/outbox.js';

/**
 * Outbox step for routing: a ticket tagged complaint gets one complaint record and one route
 * row in the outbox, in the same transaction. Both are idempotent on the ticket.
 */
export async function routeComplaints(tx: Queryable, entityId: string, ticketIds: number[], actor = 'system'): Promise<number[]> {
  if (ticketIds.length === 0) return [];
  const { rows } = await tx.query<{ id: number; ticket_id: number }>(
    `insert into complaints (ticket_id, entity_id, received_at)
     select t.id, $1, t.created_at from tickets t where t.id = any($2::int8[])
     on conflict (ticket_id) do nothing
     returning id, ticket_id`,
    [entityId, ticketIds],
  );
  if (rows.length === 0) return [];
  await tx.query(
    `insert into audit_log (actor, action, subject_type, subject_id, details)
     select $1, 'complaint.routed', 'ticket', v.ticket_id::text, jsonb_build_object('complaintId', v.id)
       from unnest($2::int8[], $3::int8[]) as v(id, ticket_id)`,
    [actor, rows.map((r) => r.id), rows.map((r) => r.ticket_id)],
  );
  return enqueueOutbox(
    tx,
    rows.map((r) => ({ kind: 'route', idempotencyKey: `route:complaint:${r.id}`, payload: { complaintId: r.id } })),
  );
}
