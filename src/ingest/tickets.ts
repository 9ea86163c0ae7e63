import type { InboundMessage } from '../../connectors/types.js';
import type { Classification } from '../classify/types.js';
import { threadMessage } from '../tickets/threading.js';
import { statusAfterInbound, type Category } from '../tickets/ticket.js';
import { conversationVerdict, leadAfterMessages, needsCheck } from '../tickets/conversation-category.js';
import type { Queryable } from '../db/db.js';
import type { NewTicketPlan } from '../tickets/round-robin.js';
import { insertTickets, latestTickets, linkedTickets, updateTicketsWithMessages, type LatestTicket } from './sql.js';

export interface ClassifiedMessage {
  message: InboundMessage;
  verdict: Classification;
}


export interface ThreadedTicket {
  ticketId: number;
  /** The entity the ticket is in: the channel's for a new one, or the one it was referred to. */
  entityId: string;
  created: boolean;
  reopened: boolean;
  category: Category;
  messages: ClassifiedMessage[];
}

interface TicketChannel {
  id: string;
  entityId: string;
  /** The entity's checkBelow: a ticket whose lead is less certain goes to a person ("to check"). */
  checkBelow: number;
}

/** SLA due dates and assignee for new tickets, by when each was opened; none = neither. */
export type PlanNewTickets = (openedAt: Date[]) => Promise<NewTicketPlan[]>;

/**
 * Thread step: puts every message into the open ticket of its conversation, else the open ticket its
 * conversation is linked to (src/ingest/links.ts), or a new one.
 * Creates and updates the tickets; returns which messages went where.
 */
export async function threadIntoTickets(
  tx: Queryable,
  channel: TicketChannel,
  classified: ClassifiedMessage[],
  contactIds: Map<string, number>,
  plan?: PlanNewTickets,
): Promise<ThreadedTicket[]> {
  const byKey = groupByConversation(classified);
  if (byKey.size === 0) return [];
  const latest = await latestTickets(tx, channel.id, [...byKey.keys()]);
  const latestByKey = new Map(latest.map((t) => [t.conversation_key, t]));
  // A conversation without a ticket that takes its messages may be linked to one: the private
  // conversation a reply from that ticket went into (an X DM answering a public complaint…).
  const unthreaded = [...byKey.keys()].filter((key) => threadMessage(latestByKey.get(key)).action === 'create');
  const linkedByKey = new Map((await linkedTickets(tx, channel.id, unthreaded)).map((t) => [t.linked_key, t]));

  const toCreate: Array<{ key: string; group: ClassifiedMessage[] }> = [];
  const toUpdate = new Map<number, { ticket: LatestTicket; group: ClassifiedMessage[] }>();
  for (const [key, group] of byKey) {
    const own = latestByKey.get(key);
    const linked = linkedByKey.get(key);
    const existing = threadMessage(own).action === 'join' ? own : linked && threadMessage(linked).action === 'join' ? linked : undefined;
    if (!existing) {
      toCreate.push({ key, group });
      continue;
    }
    // Two conversations of one batch may go to one ticket (a public follow-up and a linked DM): one update.
    const same = toUpdate.get(existing.id);
    if (same) same.group = [...same.group, ...group].sort((a, b) => a.message.sentAt.getTime() - b.message.sentAt.getTime());
    else toUpdate.set(existing.id, { ticket: existing, group });
  }
  const created = await createTickets(tx, channel, toCreate, contactIds, plan);
  const updated = await updateTickets(tx, [...toUpdate.values()], channel.checkBelow);
  return [...created, ...updated];
}

function groupByConversation(classified: ClassifiedMessage[]): Map<string, ClassifiedMessage[]> {
  const groups = new Map<string, ClassifiedMessage[]>();
  for (const item of classified) {
    const group = groups.get(item.message.conversationKey);
    if (group) group.push(item);
    else groups.set(item.message.conversationKey, [item]);
  }
  return groups;
}

/** The verdict that carries a group of one conversation's messages (src/tickets/conversation-category.ts). */
function leadingVerdict(group: ClassifiedMessage[]): Classification {
  return conversationVerdict(group.map((item) => item.verdict))!;
}

async function createTickets(
  tx: Queryable,
  channel: TicketChannel,
  groups: Array<{ key: string; group: ClassifiedMessage[] }>,
  contactIds: Map<string, number>,
  plan: PlanNewTickets | undefined,
): Promise<ThreadedTicket[]> {
  if (groups.length === 0) return [];
  const leads = groups.map(({ group }) => leadingVerdict(group));
  const openedAt = groups.map(({ group }) => group[0]!.message.sentAt);
  const plans = plan ? await plan(openedAt) : [];
  const idByKey = await insertTickets(
    tx,
    channel,
    groups.map(({ key, group }, index) => ({
      conversationKey: key,
      contactId: contactIds.get(group[0]!.message.author.platformUserId),
      lead: leads[index]!,
      toCheck: needsCheck(leads[index]!, channel.checkBelow),
      lang: group[0]!.verdict.lang ?? null,
      messageCount: group.length,
      lastMessageAt: group[group.length - 1]!.message.sentAt,
      openedAt: openedAt[index]!,
      firstResponseDueAt: plans[index]?.firstResponseDueAt ?? null,
      resolutionDueAt: plans[index]?.resolutionDueAt ?? null,
      assigneeId: plans[index]?.assigneeId ?? null,
    })),
  );
  return groups.map(({ key, group }, index) => ({
    ticketId: idByKey.get(key)!,
    entityId: channel.entityId,
    created: true,
    reopened: false,
    category: leads[index]!.category,
    messages: group,
  }));
}

/**
 * New messages on existing tickets: counts, status (a resolved one reopens), the conversation's
 * category (a new message that carries it better brings its confidence and signals); a snoozed ticket wakes up.
 */
async function updateTickets(tx: Queryable, updates: Array<{ ticket: LatestTicket; group: ClassifiedMessage[] }>, checkBelow: number): Promise<ThreadedTicket[]> {
  if (updates.length === 0) return [];
  const plans = updates.map(({ ticket, group }) => {
    // A manual tag is an agent's decision: new messages never override it (leadAfterMessages keeps it).
    const lead = leadAfterMessages(
      { category: ticket.category, confidence: ticket.category_confidence, source: ticket.category_source },
      group.map((item) => item.verdict),
    );
    return { ticket, group, lead, status: statusAfterInbound(ticket.status) };
  });
  await updateTicketsWithMessages(
    tx,
    plans.map((p) => ({
      id: p.ticket.id,
      added: p.group.length,
      lastMessageAt: p.group[p.group.length - 1]!.message.sentAt,
      status: p.status,
      lead: p.lead,
      toCheck: p.lead ? needsCheck(p.lead, checkBelow) : undefined,
    })),
  );
  return plans.map((p) => ({
    ticketId: p.ticket.id,
    entityId: p.ticket.entity_id,
    created: false,
    reopened: p.ticket.status === 'resolved',
    category: p.lead?.category ?? p.ticket.category,
    messages: p.group,
  }));
}
