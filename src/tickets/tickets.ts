import type { z } from 'zod';
import { slaState } from './sla.js';
import type { Category, TicketStatus } from './ticket.js';
import type { Queryable } from '../db/db.js';
import type { otherTicketWire, slaWire, ticketCaseWire, ticketComplaintWire, ticketDetailWire, ticketMessageWire, ticketNoteWire, ticketSummaryWire } from './wire.js';
import { ticketPresence } from './presence.js';
import { activeSnooze } from './snooze.js';
import { findTickets, otherTicketsOfContact, ticketCaseRow, ticketComplaint, ticketMessages, ticketNotes, ticketSummaryRow, type SummaryRow, type TicketCaseRow } from './sql.js';
import { complaintDeadlines, deadlineStatus, type DeadlineFacts } from '../complaints/deadlines.js';

export const TICKET_SORTS = ['updated', 'age', 'priority', 'due'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketFilter {
  entity?: string;
  /** Only these entities (the caller's access scope). */
  entities?: string[];
  platform?: string;
  category?: Category;
  statuses?: TicketStatus[];
  assigneeId?: number;
  unassigned?: boolean;
  /** Only tickets whose category a person should check (src/tickets/conversation-category.ts). */
  toCheck?: boolean;
  tag?: string;
  /** A running SLA target is past due at `now`. */
  overdue?: boolean;
  q?: string;
  /** Only snoozed tickets (at `now`); otherwise snoozed ones are left out. */
  snoozed?: boolean;
  /** The user the list is for: their `unread` (none: every ticket reads as read). */
  readerId?: number;
  sort?: TicketSort;
  limit: number;
  offset: number;
  /** The time SLA states and "overdue" are judged at. */
  now: Date;
}

/** A ticket's types are its wire shapes (src/tickets/wire.ts) as the server holds them (dates as Dates). */
export type TicketSla = z.output<typeof slaWire>;
export type TicketSummary = z.output<typeof ticketSummaryWire>;
export type TicketMessage = z.output<typeof ticketMessageWire>;
export type TicketNote = z.output<typeof ticketNoteWire>;
export type OtherTicket = z.output<typeof otherTicketWire>;
export type TicketComplaint = z.output<typeof ticketComplaintWire>;
export type TicketCase = z.output<typeof ticketCaseWire>;
/** A ticket as stored; the ticket view adds what a reply may be and the activity (detail.ts). */
export type TicketDetail = Omit<z.output<typeof ticketDetailWire>, 'replyVisibilities' | 'activity'>;

const DONE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];

function asDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

function toSummary(row: SummaryRow, now: Date): TicketSummary {
  const clock = {
    firstResponseDueAt: asDate(row.first_response_due_at),
    resolutionDueAt: asDate(row.resolution_due_at),
    firstResponseAt: asDate(row.first_response_at),
    done: DONE_STATUSES.includes(row.status),
  };
  return {
    id: row.id,
    number: row.number,
    entity: row.entity_id,
    channel: row.channel_id,
    platform: row.platform,
    category: row.category,
    confidence: row.category_confidence,
    categorySource: row.category_source,
    signals: row.signals,
    flags: row.flags,
    toCheck: row.to_check,
    status: row.status,
    priority: row.priority,
    contact: { id: row.contact_id, handle: row.handle, name: row.name, platform: row.contact_platform },
    preview: row.preview ?? '',
    messageCount: row.message_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    tags: row.tags,
    sla: { firstResponseDueAt: clock.firstResponseDueAt, firstResponseAt: clock.firstResponseAt, resolutionDueAt: clock.resolutionDueAt, state: slaState(clock, now) },
    ...activeSnooze({ until: asDate(row.snoozed_until), untilReply: row.snoozed_until_reply }, now),
    unread: row.unread,
    lastInboundAt: asDate(row.last_inbound_at),
  };
}

export async function listTickets(
  db: Queryable,
  filter: TicketFilter,
): Promise<{ items: TicketSummary[]; total: number; totalCapped: boolean; totalEstimated?: boolean }> {
  const { rows, total, totalCapped, totalEstimated } = await findTickets(db, filter);
  return { items: rows.map((row) => toSummary(row, filter.now)), total, totalCapped, ...(totalEstimated ? { totalEstimated } : {}) };
}

/**
 * One ticket with its conversation, notes and the contact's other tickets; merged tickets too (they
 * say where they went). For `viewerId`: their `unread`, and the others on the ticket (null: no user).
 */
export async function getTicket(db: Queryable, id: number, now: Date = new Date(), viewerId: number | null = null): Promise<TicketDetail | undefined> {
  const row = await ticketSummaryRow(db, id, viewerId);
  if (!row) return undefined;
  const [messages, complaint, notes, otherTickets, presence, caseRow] = await Promise.all([
    ticketMessages(db, id),
    ticketComplaint(db, id),
    ticketNotes(db, id),
    otherTicketsOfContact(db, { id, contactId: row.contact_id, entityId: row.entity_id }),
    ticketPresence(db, id, viewerId, now),
    ticketCaseRow(db, id),
  ]);
  const detail: TicketDetail = { ...toSummary(row, now), complaint, mergedInto: row.merged_into_id, notes, otherTickets, messages, presence };
  if (caseRow) detail.case = ticketCase(caseRow, now);
  return detail;
}

/** The case summary the ticket view shows: its state and the two terms, in the entity's calendar. */
function ticketCase(row: TicketCaseRow, now: Date): TicketCase {
  const deadlines = complaintDeadlines(row.receivedAt, row.timeZone);
  const facts: DeadlineFacts = { state: row.state };
  if (row.acknowledgedAt) facts.acknowledgedAt = row.acknowledgedAt;
  if (row.declinedAt) facts.declinedAt = row.declinedAt;
  if (row.answeredAt) facts.answeredAt = row.answeredAt;
  const status = deadlineStatus(deadlines, now, row.timeZone, facts);
  const summary: TicketCase = {
    id: row.id,
    state: row.state,
    acknowledgeBy: deadlines.acknowledgeBy,
    answerBy: deadlines.answerBy,
    acknowledgeStatus: status.acknowledge,
    answerStatus: status.answer,
  };
  if (status.daysToAcknowledge !== undefined) summary.daysToAcknowledge = status.daysToAcknowledge;
  if (status.daysToAnswer !== undefined) summary.daysToAnswer = status.daysToAnswer;
  return summary;
}

export { ticketEntity } from './sql.js';
