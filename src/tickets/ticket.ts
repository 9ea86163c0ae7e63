export const CATEGORIES = ['question', 'dissatisfaction', 'complaint', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * When several messages of one ticket are tagged differently, the ticket carries the weightiest:
 * a complaint anywhere in the thread makes it a complaint ticket.
 */
const WEIGHT: Record<Category, number> = { complaint: 3, dissatisfaction: 2, question: 1, other: 0 };

export function weightier(a: Category, b: Category): Category {
  return WEIGHT[b] > WEIGHT[a] ? b : a;
}

/** Status of a ticket after a citizen wrote in it: waiting or resolved tickets need an agent again. */
export function statusAfterInbound(status: TicketStatus): TicketStatus {
  return status === 'pending' || status === 'resolved' ? 'open' : status;
}

/** Status of a ticket once a reply reached the citizen: a new or open ticket waits for them (pending). */
export function statusAfterReplySent(status: TicketStatus): TicketStatus {
  return status === 'new' || status === 'open' ? 'pending' : status;
}
