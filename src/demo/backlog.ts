import type { Platform } from '../../connectors/platforms.js';
import { connectorFor } from '../../connectors/registry.js';
import { findByEmail } from '../accounts/users.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { addNote } from '../tickets/notes.js';
import { loadReplyContext, queueReply } from '../tickets/replies.js';
import { setTicketTags } from '../tickets/tags.js';
import { getTicket, listTickets, type TicketSummary } from '../tickets/tickets.js';
import { claimTicket, updateTicket } from '../tickets/workflow.js';
import { fill } from './domain.js';
import { domainOf } from './domains/index.js';
import type { ScriptedMessage } from './messages.js';
import { DEMO_TEAM } from './workspace.js';

/**
 * The backlog a fresh demo starts with: the conversations of the last hours, written into the
 * emulators before the workers' first poll. Once they are tickets, this gives them the states a
 * team leaves behind by the afternoon: the oldest answered and resolved (some closed), then some
 * answered and waiting for the citizen, some claimed and being looked into (with a colleague's
 * note), and the newest still new in the queue. Complaints are left to the complaint procedure.
 * Everything goes through the same use cases as the API, under the demo team's names.
 */
export interface BacklogConversation {
  first: ScriptedMessage;
  at: Date;
  /** The person writes again after the backlog: the ticket stays open for them. */
  laterFollowUp: boolean;
}

export type BacklogState = 'resolved' | 'closed' | 'pending' | 'open' | 'new';

export interface Arranged {
  matched: number;
  states: Record<BacklogState, number>;
}

/**
 * What happens to the ticket of the `rank`-th oldest of `count` conversations: by its age, and
 * what the classifier made of it (a complaint goes to its coordinator and is only claimed).
 */
export function backlogState(rank: number, count: number, ticket: { category: string; laterFollowUp: boolean }): BacklogState {
  const age = 1 - rank / Math.max(1, count); // 1 = oldest
  if (ticket.category === 'complaint') return age > 0.5 ? 'open' : 'new';
  if (age > 0.7) return ticket.laterFollowUp ? 'pending' : ticket.category === 'other' && rank % 2 === 0 ? 'closed' : 'resolved';
  if (age > 0.45) return 'pending';
  if (age > 0.3) return 'open';
  return 'new';
}

const NOTES = [
  'Navraag gedaan bij de dienst, antwoord verwacht tegen morgen.',
  'Deze persoon belde gisteren ook al over hetzelfde, zie contactgeschiedenis.',
  'Even afstemmen met de teamverantwoordelijke voor we antwoorden.',
  'Wacht op info van de collega’s op het terrein.',
];

function pick<T>(list: readonly T[], n: number): T {
  return list[Math.abs(n) % list.length]!;
}

/** Waits until the backlog's conversations are tickets (polled or delivered), then arranges them. */
export async function arrangeBacklog(
  runtime: Runtime,
  conversations: BacklogConversation[],
  options: { timeoutMs?: number; pollMs?: number; shouldStop?: () => boolean } = {},
): Promise<Arranged> {
  const { db } = runtime;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  // Which ticket holds which conversation: one of its citizen messages holds the conversation's first
  // text. Two conversations may share a ticket (one person writing twice in one DM channel).
  let found: Map<BacklogConversation, TicketSummary>;
  for (;;) {
    found = await locate(runtime, conversations);
    if (found.size === conversations.length || Date.now() > deadline || options.shouldStop?.()) break;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
  const byTicket = new Map<number, { ticket: TicketSummary; conversation: BacklogConversation; laterFollowUp: boolean }>();
  for (const conversation of [...found.keys()].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const ticket = found.get(conversation)!;
    const seen = byTicket.get(ticket.id);
    if (seen) seen.laterFollowUp ||= conversation.laterFollowUp;
    else byTicket.set(ticket.id, { ticket, conversation, laterFollowUp: conversation.laterFollowUp });
  }
  const arranged = [...byTicket.values()];

  const team = await Promise.all(DEMO_TEAM.map(async (member) => ({ ...member, user: await findByEmail(db, member.email) })));
  const states: Record<BacklogState, number> = { resolved: 0, closed: 0, pending: 0, open: 0, new: 0 };
  for (const [rank, { ticket, conversation, laterFollowUp }] of arranged.entries()) {
    if (options.shouldStop?.()) break;
    const { first } = conversation;
    const state = backlogState(rank, arranged.length, { category: ticket.category, laterFollowUp });
    states[state]++;
    if (state === 'new') continue;
    const member = pick(team, first.conversation);
    if (!member.user) continue;
    const actor = `user:${member.email}`;
    await claimTicket(db, { ticketId: ticket.id, userId: member.user.id, actor });
    await setTicketTags(db, { ticketId: ticket.id, tags: [first.topic], actor });
    if (state === 'open') {
      if (rank % 2 === 0) await addNote(db, { ticketId: ticket.id, author: { id: member.user.id, name: member.name }, text: pick(NOTES, rank), actor });
      continue;
    }
    if (state === 'closed') {
      await updateTicket(db, { ticketId: ticket.id, change: { status: 'closed' }, actor });
      continue;
    }
    await reply(runtime, ticket.id, first, { actor, userId: member.user.id });
    if (state === 'resolved') await updateTicket(db, { ticketId: ticket.id, change: { status: 'resolved' }, actor });
  }
  return { matched: found.size, states };
}

/** The tickets the conversations are in, as far as they are stored yet. */
async function locate(runtime: Runtime, conversations: BacklogConversation[]): Promise<Map<BacklogConversation, TicketSummary>> {
  const found = new Map<BacklogConversation, TicketSummary>();
  const tickets = (await listTickets(runtime.db, { limit: 500, offset: 0, now: runtime.now(), sort: 'age' })).items;
  for (const ticket of tickets) {
    const texts = ((await getTicket(runtime.db, ticket.id))?.messages ?? []).filter((m) => m.direction === 'inbound').map((m) => m.text);
    for (const c of conversations) {
      if (!found.has(c) && c.first.entity === ticket.entity && texts.some((text) => text.includes(c.first.text))) found.set(c, ticket);
    }
  }
  return found;
}

/** The team's answer, where the citizen wrote (in public when they did and the platform allows it). */
async function reply(runtime: Runtime, ticketId: number, first: ScriptedMessage, by: { actor: string; userId: number }): Promise<void> {
  const context = await loadReplyContext(runtime.db, ticketId);
  if (!context?.inReplyTo) return;
  const allowed = connectorFor(runtime.connectors, context.platform as Platform).replyVisibilities(context.inReplyTo.kind);
  const visibility = first.via === 'public' && allowed.includes('public') ? 'public' : allowed[0];
  if (!visibility) return;
  const domain = domainOf(first.entity);
  const body = fill(pick(domain.replies[first.lang], first.conversation), { first: first.persona.first });
  const text = visibility === 'public' && domain.signature ? `${body} ${domain.signature}` : body;
  const queued = await queueReply(runtime.db, { context, text, visibility, actor: by.actor, claimFor: { userId: by.userId }, idempotencyKey: `demo-backlog-${first.conversation}` });
  if (queued.outboxId !== undefined) await dispatchCommitted(runtime, [queued.outboxId], 'reply');
}
