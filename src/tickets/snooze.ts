import type { Db } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { auditTickets } from './history.js';
import { lockTicketForSnooze, setTicketSnooze } from './sql.js';

/**
 * Snoozing a ticket: it leaves the queue until a time, or until the citizen writes again, or
 * whichever of the two comes first. Nothing wakes a ticket at its time: a time that has passed
 * simply no longer counts (here and in the queue's SQL, snoozedCondition in sql.ts). A citizen
 * message clears the snooze in ingest's thread step.
 */

export interface Snooze {
  snoozedUntil: Date | null;
  snoozedUntilReply: boolean;
}

/** The snooze as it holds at `now`: a passed time ends it, even one given together with "until a reply". Pure. */
export function activeSnooze(stored: { until: Date | null; untilReply: boolean }, now: Date): Snooze {
  if (stored.until !== null) {
    const running = stored.until.getTime() > now.getTime();
    return { snoozedUntil: running ? stored.until : null, snoozedUntilReply: running && stored.untilReply };
  }
  return { snoozedUntil: null, snoozedUntilReply: stored.untilReply };
}

export type SnoozeOutcome = { status: 'not_found' } | { status: 'merged'; into: number } | { status: 'closed' } | { status: 'done' };

/**
 * Snoozes the ticket (`until` in the future, checked by the caller; `untilReply`) or, with neither,
 * wakes it. Audited as ticket.snoozed / ticket.unsnoozed when it changes anything; a live event tells
 * the other views.
 */
export async function setSnooze(
  db: Db,
  input: { ticketId: number; until: Date | null; untilReply: boolean; actor: string; now: Date },
): Promise<SnoozeOutcome> {
  return db.transaction(async (tx) => {
    const ticket = await lockTicketForSnooze(tx, input.ticketId);
    if (!ticket) return { status: 'not_found' };
    if (ticket.merged_into_id !== null) return { status: 'merged', into: ticket.merged_into_id };
    const snoozing = input.until !== null || input.untilReply;
    // A closed ticket is out of the queue already, and a new message starts a new ticket: nothing to wake.
    if (snoozing && ticket.status === 'closed') return { status: 'closed' };
    if (!snoozing && ticket.snoozed_until === null && !ticket.snoozed_until_reply) return { status: 'done' };
    await setTicketSnooze(tx, input.ticketId, input.until, input.untilReply);
    const before = activeSnooze({ until: ticket.snoozed_until, untilReply: ticket.snoozed_until_reply }, input.now);
    const wasSnoozed = before.snoozedUntil !== null || before.snoozedUntilReply;
    // clearing a snooze whose time had passed changes nothing anyone sees
    if (!snoozing && !wasSnoozed) return { status: 'done' };
    const details = snoozing
      ? { to: input.until?.toISOString() ?? null, untilReply: input.untilReply }
      : { from: before.snoozedUntil?.toISOString() ?? null, untilReply: before.snoozedUntilReply };
    await auditTickets(tx, input.actor, snoozing ? 'ticket.snoozed' : 'ticket.unsnoozed', [{ ticketId: input.ticketId, details }]);
    await notifyTickets(tx, ticket.entity_id, [input.ticketId]);
    return { status: 'done' };
  });
}
