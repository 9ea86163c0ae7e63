import type { Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';

/** One audit row per ticket, all in one statement. */
export async function auditTickets(tx: Queryable, actor: string, action: string, entries: Array<{ ticketId: number; details: unknown }>): Promise<void> {
  await recordAudit(
    tx,
    entries.map((e) => ({ actor, action, subjectType: 'ticket', subjectId: e.ticketId, details: e.details })),
  );
}

/** One change to a ticket as agents see it: who, when, what, from and to (names for people). */
export interface TicketActivity {
  at: Date;
  actor: string;
  action: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  added: string[];
  removed: string[];
}

const PERSON_ACTIONS = ['ticket.assigned', 'ticket.claimed'];

/** The ticket's history from the audit log, oldest first; user ids and actors become names, texts never appear. */
export async function ticketActivity(db: Queryable, ticketId: number): Promise<TicketActivity[]> {
  const { rows } = await db.query<TicketActivity>(
    `select a.at,
            coalesce((select u.name from users u where 'user:' || u.email = a.actor), a.actor) as actor,
            a.action,
            case when a.action = any($2::text[]) then (select u.name from users u where u.id::text = a.details->>'from') else a.details->>'from' end as "from",
            case when a.action = any($2::text[]) then (select u.name from users u where u.id::text = a.details->>'to') else a.details->>'to' end as "to",
            a.details->>'reason' as reason,
            coalesce(array(select jsonb_array_elements_text(case when jsonb_typeof(a.details->'added') = 'array' then a.details->'added' else '[]'::jsonb end)), '{}') as added,
            coalesce(array(select jsonb_array_elements_text(case when jsonb_typeof(a.details->'removed') = 'array' then a.details->'removed' else '[]'::jsonb end)), '{}') as removed
       from audit_log a
      where a.subject_type = 'ticket' and a.subject_id = $1
      order by a.id`,
    [String(ticketId), PERSON_ACTIONS],
  );
  return rows;
}
