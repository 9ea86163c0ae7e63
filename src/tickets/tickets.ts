import { slaState, type SlaState } from './sla.js';
import type { Category, Priority, TicketStatus } from './ticket.js';
import type { Queryable } from '../db/db.js';
import { findTickets, otherTicketsOfContact, ticketComplaint, ticketMessages, ticketNotes, ticketSummaryRow, type SummaryRow } from './sql.js';

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
  tag?: string;
  /** A running SLA target is past due at `now`. */
  overdue?: boolean;
  q?: string;
  sort?: TicketSort;
  limit: number;
  offset: number;
  /** The time SLA states and "overdue" are judged at. */
  now: Date;
}

export interface TicketSla {
  firstResponseDueAt: Date | null;
  /** When the first reply went out: null while the first-response target runs. */
  firstResponseAt: Date | null;
  resolutionDueAt: Date | null;
  state: SlaState;
}

export interface TicketSummary {
  id: number;
  number: number;
  entity: string;
  channel: string;
  platform: string;
  category: Category;
  confidence: number | null;
  categorySource: 'auto' | 'manual';
  signals: string[];
  flags: string[];
  status: TicketStatus;
  priority: Priority;
  contact: { id: number; handle: string | null; name: string | null; platform: string };
  preview: string;
  messageCount: number;
  createdAt: Date;
  updatedAt: Date;
  assignee: { id: number; name: string } | null;
  tags: string[];
  sla: TicketSla;
}

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
  };
}

export async function listTickets(db: Queryable, filter: TicketFilter): Promise<{ items: TicketSummary[]; total: number }> {
  const { rows, total } = await findTickets(db, filter);
  return { items: rows.map((row) => toSummary(row, filter.now)), total };
}

export interface TicketMessage {
  id: number;
  externalId: string | null;
  direction: 'inbound' | 'outbound';
  kind: string;
  visibility: string | null;
  text: string;
  lang: string | null;
  category: string | null;
  confidence: number | null;
  signals: string[];
  flags: string[];
  attachments: unknown[];
  permalink: string | null;
  deliveryStatus: string | null;
  deliveryError: string | null;
  sentAt: Date;
}

export interface TicketNote {
  id: number;
  author: { id: number | null; name: string };
  text: string;
  createdAt: Date;
}

export interface OtherTicket {
  id: number;
  number: number;
  status: TicketStatus;
  category: Category;
  createdAt: Date;
  preview: string;
}

export interface TicketDetail extends TicketSummary {
  messages: TicketMessage[];
  complaint: unknown;
  notes: TicketNote[];
  otherTickets: OtherTicket[];
  mergedInto: number | null;
}

/** One ticket with its conversation, notes and the contact's other tickets; merged tickets too (they say where they went). */
export async function getTicket(db: Queryable, id: number, now: Date = new Date()): Promise<TicketDetail | undefined> {
  const row = await ticketSummaryRow(db, id);
  if (!row) return undefined;
  const [messages, complaint, notes, otherTickets] = await Promise.all([
    ticketMessages(db, id),
    ticketComplaint(db, id),
    ticketNotes(db, id),
    otherTicketsOfContact(db, { id, contactId: row.contact_id, entityId: row.entity_id }),
  ]);
  return { ...toSummary(row, now), complaint, mergedInto: row.merged_into_id, notes, otherTickets, messages };
}

export { searchQuery, ticketEntity } from './sql.js';
