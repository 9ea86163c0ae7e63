import type { z } from 'zod';
import type { ticketActivityWire } from './wire.js';
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';
import { ticketActivityRows } from './sql.js';

/** One audit row per ticket, all in one statement. */
export async function auditTickets(tx: Queryable, actor: string, action: string, entries: Array<{ ticketId: number; details: unknown }>): Promise<void> {
  await recordAudit(
    tx,
    entries.map((e) => ({ actor, action, subjectType: 'ticket', subjectId: e.ticketId, details: e.details })),
  );
}

/** One change to a ticket as agents see it: who, when, what, from and to (names for people). */
export type TicketActivity = z.output<typeof ticketActivityWire>;

/** Actions whose from/to are user ids, shown as the users' names. */
const PERSON_ACTIONS = ['ticket.assigned', 'ticket.claimed'];

/** The ticket's history from the audit log, oldest first; user ids and actors become names, texts never appear. */
export async function ticketActivity(db: Queryable, ticketId: number): Promise<TicketActivity[]> {
  return ticketActivityRows(db, ticketId, PERSON_ACTIONS);
}
