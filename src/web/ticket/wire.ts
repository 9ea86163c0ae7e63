import type { z } from 'zod';
import type { sessionUserWire } from '../../accounts/wire.js';
import type {
  otherTicketWire,
  renderedCannedResponseWire,
  savedViewWire,
  slaWire,
  ticketDetailWire,
  ticketMessageWire,
  ticketNoteWire,
  ticketSummaryWire,
} from '../../tickets/wire.js';

/**
 * The ticket JSON of the API as the browser sees it (dates as ISO strings): the types come from the
 * API's own wire schemas (types only: nothing of zod reaches the bundle). Kept free of DOM code so
 * pure helpers and their tests can use it; src/web/api/tickets.ts re-exports everything.
 */
import type { TicketStatus } from '../../tickets/ticket.js';

export { CATEGORIES, TICKET_STATUSES as STATUSES, type Category } from '../../tickets/ticket.js';
export type Status = TicketStatus;
export type Visibility = 'public' | 'private';

/** The signed-in user as GET /api/auth/me names them (src/accounts/wire.ts). */
export type User = z.input<typeof sessionUserWire>;

/** The ticket JSON as src/tickets/wire.ts defines it for the API; `z.input` = as it travels (dates as ISO strings). */
export type TicketSummary = z.input<typeof ticketSummaryWire>;
export type Ticket = z.input<typeof ticketDetailWire>;
export type TicketMessage = z.input<typeof ticketMessageWire>;
export type Note = z.input<typeof ticketNoteWire>;
export type OtherTicket = z.input<typeof otherTicketWire>;
export type Sla = z.input<typeof slaWire>;
export type SlaState = Sla['state'];

export interface Person {
  id: number;
  name: string;
}

export const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SORTS = ['updated', 'age', 'priority', 'due'] as const;
export type Sort = (typeof SORTS)[number];

/** The queue's filter: the query of GET /api/tickets, also what a saved view stores. */
export interface TicketFilter {
  entity?: string;
  platform?: string;
  category?: string;
  status?: string;
  assignee?: string;
  mine?: boolean;
  unassigned?: boolean;
  tag?: string;
  overdue?: boolean;
  q?: string;
  sort?: Sort;
  /** Only snoozed tickets (the queue hides them otherwise). */
  snoozed?: boolean;
  /** Only tickets whose category a person should check (uncertain, or a possible complaint). */
  toCheck?: boolean;
}

/** A saved view: its filter as it was saved (the queue normalizes it before use), whose it is and whether it is mine. */
export type SavedView = z.input<typeof savedViewWire>;

/** A canned response filled in for one ticket and me. */
export type CannedResponse = z.input<typeof renderedCannedResponseWire>;

export type BulkAction = { type: 'assign'; assigneeId: number | null } | { type: 'tag'; tags: string[] } | { type: 'close' };
export interface BulkResult {
  updated: number[];
  skipped: Array<{ id: number; reason: string }>;
}

/** How long a ticket is snoozed: until a time, until the citizen writes again, or both (whichever comes first). */
export interface SnoozeRequest {
  until?: string;
  untilReply?: boolean;
}

/** Someone else on a ticket in the last 30 seconds (the ticket's `presence`). */
export interface Presence {
  userId: number;
  name: string;
  state: 'viewing' | 'typing';
}

export interface TicketPatch {
  status?: Status;
  priority?: Priority;
  assigneeId?: number | null;
}
