import { connectorFor } from '../../connectors/registry.js';
import type { MessageKind, Platform } from '../../connectors/types.js';
import type { Runtime } from '../runtime.js';
import { ticketActivity } from './history.js';
import { getTicket } from './tickets.js';

/**
 * A ticket as the ticket view shows it: conversation, notes, tags, SLA, its activity, and what a
 * reply to the latest citizen message may be on its platform ([] = no citizen message to reply to).
 * `viewerId`: the user who looks (their `unread`; they are not in `presence`), null for none.
 */
export async function ticketDetail(runtime: Runtime, id: number, viewerId: number | null = null) {
  const ticket = await getTicket(runtime.db, id, runtime.now(), viewerId);
  if (!ticket) return undefined;
  const latestInbound = ticket.messages.findLast((m) => m.direction === 'inbound');
  const replyVisibilities = latestInbound
    ? connectorFor(runtime.connectors, ticket.platform as Platform).replyVisibilities(latestInbound.kind as MessageKind)
    : [];
  return { ...ticket, replyVisibilities, activity: await ticketActivity(runtime.db, id) };
}
