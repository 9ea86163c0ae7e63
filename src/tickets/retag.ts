import { ALLOWED_FROM, type CaseState } from '../complaints/procedure.js';
import type { Category } from './ticket.js';
import { routeComplaints, routingEffects } from '../complaints/routing.js';
import type { Db } from '../db/db.js';
import { enqueueOutbox } from '../db/outbox.js';
import { notifyTickets } from '../db/events.js';
import { recordAudit } from '../db/audit.js';
import { confirmCategory, insertClassificationCorrection, lockTicketForRetag, openWaitingTicket, reopenComplaint, setManualCategory, withdrawComplaint } from './sql.js';

export type RetagOutcome =
  | { status: 'not_found' }
  | { status: 'unchanged'; outboxIds: [] }
  | { status: 'retagged'; routed: boolean; withdrawn: boolean; outboxIds: number[] }
  | { status: 'too_late'; complaintStatus: string };

/**
 * An agent (or coordinator) says the classifier's category is right ("Categorie klopt"): the category
 * becomes a person's decision (later messages no longer change it) and the ticket leaves "to check".
 * Audited. False when there is no such ticket.
 */
export async function confirmTicketCategory(db: Db, change: { ticketId: number; actor: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ticket = await lockTicketForRetag(tx, change.ticketId);
    if (!ticket) return false;
    await confirmCategory(tx, change.ticketId);
    await recordAudit(tx, {
      actor: change.actor,
      action: 'ticket.category_confirmed',
      subjectType: 'ticket',
      subjectId: change.ticketId,
      details: { category: ticket.category },
    });
    await notifyTickets(tx, ticket.entity_id, [change.ticketId]);
    return true;
  });
}

/**
 * An agent (or coordinator) sets a ticket's category by hand. The correction is kept for retraining.
 * Re-tagging as complaint routes the ticket; re-tagging away from complaint before the coordinator
 * has acted withdraws the routing with the reason, and tells the coordinator if they were notified.
 */
export async function retagTicket(
  db: Db,
  change: { ticketId: number; category: Category; actor: string; reason?: string },
): Promise<RetagOutcome> {
  return db.transaction(async (tx) => {
    const ticket = await lockTicketForRetag(tx, change.ticketId);
    if (!ticket) return { status: 'not_found' };
    const activeComplaint = ticket.complaint_id !== null && ticket.withdrawn_at === null;
    if (ticket.category === change.category) {
      await confirmCategory(tx, change.ticketId);
      return { status: 'unchanged', outboxIds: [] };
    }
    if (activeComplaint && change.category !== 'complaint' && !ALLOWED_FROM.withdraw.includes(ticket.complaint_status as CaseState)) {
      return { status: 'too_late', complaintStatus: ticket.complaint_status! };
    }
    await setManualCategory(tx, change.ticketId, change.category);
    await insertClassificationCorrection(tx, { ticketId: change.ticketId, from: ticket.category, to: change.category, actor: change.actor, reason: change.reason ?? null });
    await recordAudit(tx, {
      actor: change.actor,
      action: 'ticket.retagged',
      subjectType: 'ticket',
      subjectId: change.ticketId,
      details: { from: ticket.category, to: change.category, reason: change.reason ?? null },
    });
    const outboxIds: number[] = [];
    let routed = false;
    let withdrawn = false;
    if (change.category === 'complaint') {
      if (ticket.complaint_id !== null && ticket.withdrawn_at !== null) {
        // Routed before, withdrawn, now a complaint again: the same record is routed anew.
        await reopenComplaint(tx, ticket.complaint_id);
        outboxIds.push(...(await enqueueOutbox(tx, routingEffects(ticket.complaint_id, false, String(Date.now())))));
      } else {
        outboxIds.push(...(await routeComplaints(tx, ticket.entity_id, [change.ticketId], change.actor)));
      }
      routed = true;
    } else if (activeComplaint) {
      // Back to the agents' queue as an open ticket; the case is closed as "not a complaint".
      await openWaitingTicket(tx, change.ticketId);
      await withdrawComplaint(tx, ticket.complaint_id!, change.reason ?? `re-tagged as ${change.category}`);
      await recordAudit(tx, {
        actor: change.actor,
        action: 'complaint.withdrawn',
        subjectType: 'complaint',
        subjectId: ticket.complaint_id!,
        details: { reason: change.reason ?? null },
      });
      // Not yet mailed: the pending route row finds the complaint withdrawn and sends nothing.
      if (ticket.notified_at) {
        outboxIds.push(
          ...(await enqueueOutbox(tx, [{ kind: 'coordinator_mail', idempotencyKey: `withdraw:complaint:${ticket.complaint_id}:${Date.now()}`, payload: { complaintId: ticket.complaint_id, withdrawn: true } }])),
        );
      }
      withdrawn = true;
    }
    await notifyTickets(tx, ticket.entity_id, [change.ticketId]);
    return { status: 'retagged', routed, withdrawn, outboxIds };
  });
}
