import type { Queryable } from '../store/db.js';

/**
 * Outbox step for routing: a ticket tagged complaint gets one complaint record and one route
 * row in the outbox, in the same transaction. Both are idempotent on the ticket.
 */
export async function routeComplaints(tx: Queryable, entityId: string, ticketIds: number[], actor = 'system'): Promise<number[]> {
  if (ticketIds.length === 0) return [];
  // One round trip: the complaint records, their audit entries and their route rows.
  const { rows } = await tx.query<{ id: number }>(
    `with routed as (
       insert into complaints (ticket_id, entity_id, received_at)
       select t.id, $1, t.created_at from tickets t where t.id = any($2::int8[])
       on conflict (ticket_id) do nothing
       returning id, ticket_id
     ), audited as (
       insert into audit_log (actor, action, subject_type, subject_id, details)
       select $3, 'complaint.routed', 'ticket', ticket_id::text, jsonb_build_object('complaintId', id) from routed
     )
     insert into outbox (kind, idempotency_key, payload)
     select 'route', 'route:complaint:' || id, jsonb_build_object('complaintId', id) from routed
     union all
     -- entities with a complaint system of their own get it there too
     select 'route', 'hook:complaint:' || id, jsonb_build_object('complaintId', id, 'delivery', 'webhook') from routed
      where exists (select 1 from entities where id = $1 and settings ? 'complaintWebhook')
     on conflict (idempotency_key) do nothing
     returning id`,
    [entityId, ticketIds, actor],
  );
  return rows.map((r) => r.id);
}
