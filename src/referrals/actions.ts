import type { z } from 'zod';
import type { Visibility } from '../../connectors/types.js';
import { routingEffects } from '../complaints/routing.js';
import { recordAudit } from '../db/audit.js';
import type { Db, Queryable } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { enqueueOutbox } from '../db/outbox.js';
import { queueReplyIn, type ReplyContext } from '../tickets/replies.js';
import { complaintMoves, complaintRoutedAgain, referralLanguage, referralProblem, referralReplyText, referralRoutingSuffix, type ReferralLanguage, type ReferralProblem } from './rules.js';
import {
  allEntityNames,
  deleteDraftsOf,
  entityFacts,
  insertReferral,
  lockTicketForReferral,
  moveComplaint,
  moveTicket,
  referralCountRows,
  referralRows,
  referralsOfTicket,
  setReferralReply,
  type ReferralRow,
  ticketLanguage,
} from './sql.js';
import type { referralWire } from './wire.js';

/** A referral as the API shows it (src/referrals/wire.ts): the trace, and the outcome read from the ticket now. */
export type ReferralView = z.output<typeof referralWire>;

function view(row: ReferralRow): ReferralView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber: row.ticketNumber,
    from: { id: row.fromEntity, name: row.fromName },
    to: { id: row.toEntity, name: row.toName },
    note: row.note,
    referredBy: row.referredByName,
    referredAt: row.referredAt,
    replyMessageId: row.replyMessageId,
    outcome: {
      entity: { id: row.holderEntity, name: row.holderName },
      status: row.status as ReferralView['outcome']['status'],
      resolvedAt: row.resolvedAt,
      closedAt: row.closedAt,
      assignee: row.assigneeName,
      complaintState: row.complaintState,
    },
  };
}

/** Where a ticket can be referred: every entity of the installation, by name. */
export async function referralTargets(db: Queryable): Promise<Array<{ id: string; name: string }>> {
  return allEntityNames(db);
}

/** The proposed reply to the citizen for a referral to `to`, in the ticket's language; undefined when the entity does not exist. */
export async function referralReplyPreview(db: Queryable, ticketId: number, to: string): Promise<{ to: { id: string; name: string }; language: ReferralLanguage; text: string } | undefined> {
  const target = await entityFacts(db, to);
  if (!target) return undefined;
  const language = referralLanguage(await ticketLanguage(db, ticketId));
  return { to: { id: to, name: target.name }, language, text: referralReplyText(language, target.name) };
}

export interface ReferralRequest {
  ticketId: number;
  /** The entity the caller's permission was checked in: the ticket must still be there once locked. */
  from: string;
  to: string;
  note: string;
  actor: string;
  actorName: string;
  /** The reply to the citizen as the referring person read and approved it; none = no reply. */
  reply?: { context: ReplyContext; text: string; visibility: Visibility };
}

export type ReferralOutcome =
  | { status: 'not_found' }
  | { status: 'unknown_entity' }
  | { status: 'refused'; problem: ReferralProblem }
  | { status: 'referred'; referral: ReferralView; replyOutboxIds: number[]; routeOutboxIds: number[] };

/**
 * Refers a ticket to another entity, in one transaction: the approved reply to the citizen is
 * queued (still as the sender's), drafts in the sender's name are discarded, the ticket moves to
 * the receiving entity with a trace row, and a complaint case moves along with its original
 * receipt date and is routed anew to the receiving entity's coordinator. Audited on the ticket
 * (and the case): this crosses an entity boundary.
 */
export async function referTicket(db: Db, request: ReferralRequest): Promise<ReferralOutcome> {
  const outcome = await db.transaction(async (tx): Promise<ReferralOutcome | { status: 'done'; id: number; replyOutboxIds: number[]; routeOutboxIds: number[] }> => {
    const ticket = await lockTicketForReferral(tx, request.ticketId);
    // another referral may have moved it since the permission check: then it is no longer the caller's
    if (!ticket || ticket.entityId !== request.from) return { status: 'not_found' };
    const target = await entityFacts(tx, request.to);
    if (!target) return { status: 'unknown_entity' };
    const problem = referralProblem({ fromEntity: ticket.entityId, toEntity: request.to, status: ticket.status, mergedInto: ticket.mergedInto, complaint: ticket.complaint });
    if (problem) return { status: 'refused', problem };
    const complaint = ticket.complaint && complaintMoves(ticket.complaint) ? ticket.complaint : null;

    const referral = await insertReferral(tx, {
      ticketId: ticket.id,
      from: ticket.entityId,
      to: request.to,
      note: request.note,
      actor: request.actor,
      actorName: request.actorName,
      complaintId: complaint?.id ?? null,
    });
    const discarded = await deleteDraftsOf(tx, ticket.id);
    await recordAudit(
      tx,
      discarded.map((messageId) => ({ actor: request.actor, action: 'ticket.draft_discarded', subjectType: 'ticket', subjectId: ticket.id, details: { messageId, reason: 'referred' } })),
    );
    const replyOutboxIds: number[] = [];
    let replyMessageId: number | null = null;
    if (request.reply) {
      const queued = await queueReplyIn(tx, {
        context: request.reply.context,
        text: request.reply.text,
        visibility: request.reply.visibility,
        actor: request.actor,
        idempotencyKey: `referral-${referral.id}`,
      });
      replyMessageId = queued.messageId;
      if (queued.outboxId !== undefined) replyOutboxIds.push(queued.outboxId);
      await setReferralReply(tx, referral.id, queued.messageId);
    }
    await moveTicket(tx, ticket.id, request.to);
    await recordAudit(tx, {
      actor: request.actor,
      action: 'ticket.referred',
      subjectType: 'ticket',
      subjectId: ticket.id,
      // ids and entities only: the note may hold personal data
      details: { referralId: referral.id, from: ticket.entityId, to: request.to, complaintId: complaint?.id ?? null, replyMessageId },
    });
    const routeOutboxIds: number[] = [];
    if (complaint) {
      await moveComplaint(tx, complaint.id, request.to);
      await recordAudit(tx, {
        actor: request.actor,
        action: 'complaint.referred',
        subjectType: 'complaint',
        subjectId: complaint.id,
        details: { referralId: referral.id, from: ticket.entityId, to: request.to, state: complaint.state },
      });
      if (complaintRoutedAgain(complaint)) {
        routeOutboxIds.push(...(await enqueueOutbox(tx, routingEffects(complaint.id, target.hasWebhook, referralRoutingSuffix(referral.id)))));
      }
    }
    await notifyTickets(tx, ticket.entityId, [ticket.id]);
    await notifyTickets(tx, request.to, [ticket.id]);
    return { status: 'done', id: referral.id, replyOutboxIds, routeOutboxIds };
  });
  if (outcome.status !== 'done') return outcome;
  const [referral] = (await referralsOfTicket(db, request.ticketId)).filter((row) => row.id === outcome.id);
  return { status: 'referred', referral: view(referral!), replyOutboxIds: outcome.replyOutboxIds, routeOutboxIds: outcome.routeOutboxIds };
}

/** Every referral of a ticket, oldest first: for whoever holds the ticket now. */
export async function ticketReferrals(db: Queryable, ticketId: number): Promise<ReferralView[]> {
  return (await referralsOfTicket(db, ticketId)).map(view);
}

/** The trace: referrals these entities sent (or received), with the outcome as it is now. */
export async function listReferrals(db: Queryable, filter: { entities: string[] | undefined; direction: 'sent' | 'received'; limit?: number }): Promise<ReferralView[]> {
  return (await referralRows(db, { entities: filter.entities, direction: filter.direction, limit: filter.limit ?? 200 })).map(view);
}

/** The report: referrals sent and received by one entity in [from, to), in total and per counterpart entity. */
export async function referralCounts(db: Queryable, entity: string, from: Date, to: Date) {
  const byEntity = await referralCountRows(db, entity, from, to);
  return {
    entity,
    from,
    to,
    sent: byEntity.reduce((sum, row) => sum + row.sent, 0),
    received: byEntity.reduce((sum, row) => sum + row.received, 0),
    byEntity,
  };
}

