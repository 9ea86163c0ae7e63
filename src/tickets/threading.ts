import type { TicketStatus } from './ticket.js';

export interface ExistingTicket {
  id: number;
  status: TicketStatus;
}

export type ThreadDecision =
  | { action: 'join'; ticketId: number; reopen: boolean }
  | { action: 'create' };

/**
 * Where a new citizen message goes, given the latest ticket with the same conversation key:
 * an open conversation takes it; a resolved one reopens; a closed one (or none) starts a new ticket.
 */
export function threadMessage(latest: ExistingTicket | undefined): ThreadDecision {
  if (!latest || latest.status === 'closed') return { action: 'create' };
  return { action: 'join', ticketId: latest.id, reopen: latest.status === 'resolved' };
}

