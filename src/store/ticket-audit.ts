import type { Queryable } from './db.js';

/** One audit row per ticket, all in one statement. */
export async function auditTickets(tx: Queryable, actor: string, action: string, entries: Array<{ ticketId: number; details: unknown }>): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `insert into audit_log (actor, action, subject_type, subject_id, details)
     select $1, $2, 'ticket', v.subject_id, v.details from unnest($3::text[], $4::jsonb[]) as v(subject_id, details)`,
    [actor, action, entries.map((e) => String(e.ticketId)), entries.map((e) => JSON.stringify(e.details))],
  );
}
