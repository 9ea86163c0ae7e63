import type { InboundMessage } from '../../connectors/types.js';
import type { Classification } from '../classify/types.js';
import { threadMessage } from '../tickets/threading.js';
import { statusAfterInbound } from '../tickets/ticket.js';
import { weightier, type Category, type TicketStatus } from '../tickets/ticket.js';
import type { Queryable } from '../db/db.js';
import type { NewTicketPlan } from '../tickets/round-robin.js';

export interface ClassifiedMessage {
  message: InboundMessage;
  verdict: Classification;
}

interface LatestTicket {
  id: number;
  conversation_key: string;
  status: TicketStatus;
  category: Category;
  category_source: 'auto' | 'manual';
}

export interface ThreadedTicket {
  ticketId: number;
  created: boolean;
  reopened: boolean;
  category: Category;
  messages: ClassifiedMessage[];
}

interface TicketChannel {
  id: string;
  entityId: string;
}

/** SLA due dates and assignee for new tickets, by when each was opened; none = neither. */
export type PlanNewTickets = (openedAt: Date[]) => Promise<NewTicketPlan[]>;

/**
 * Thread step: puts every message into the open ticket of its conversation, or a new one.
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
  const { rows: latest } = await tx.query<LatestTicket>(
    `select distinct on (conversation_key) id, conversation_key, status, category, category_source
       from tickets where channel_id = $1 and conversation_key = any($2::text[])
      order by conversation_key, id desc`,
    [channel.id, [...byKey.keys()]],
  );
  const latestByKey = new Map(latest.map((t) => [t.conversation_key, t]));

  const toCreate: Array<{ key: string; group: ClassifiedMessage[] }> = [];
  const toUpdate: Array<{ ticket: LatestTicket; group: ClassifiedMessage[] }> = [];
  for (const [key, group] of byKey) {
    const existing = latestByKey.get(key);
    const decision = threadMessage(existing);
    if (decision.action === 'create' || !existing) toCreate.push({ key, group });
    else toUpdate.push({ ticket: existing, group });
  }
  const created = await createTickets(tx, channel, toCreate, contactIds, plan);
  const updated = await updateTickets(tx, toUpdate);
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

/** The weightiest verdict of a group; ties keep the earliest message's verdict. */
function leadingVerdict(group: ClassifiedMessage[]): Classification {
  return group.reduce((lead, item) => (weightier(lead.category, item.verdict.category) === lead.category ? lead : item.verdict), group[0]!.verdict);
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
  const { rows } = await tx.query<{ id: number; conversation_key: string }>(
    `insert into tickets (entity_id, channel_id, contact_id, conversation_key, category, category_confidence,
                          signals, flags, lang, message_count, last_message_at, created_at,
                          first_response_due_at, resolution_due_at, assignee_id)
     select $1, $2, * from unnest($3::int8[], $4::text[], $5::text[], $6::real[], $7::jsonb[], $8::jsonb[],
                                  $9::text[], $10::int[], $11::timestamptz[], $12::timestamptz[],
                                  $13::timestamptz[], $14::timestamptz[], $15::int8[])
     returning id, conversation_key`,
    [
      channel.entityId,
      channel.id,
      groups.map(({ group }) => contactIds.get(group[0]!.message.author.platformUserId)),
      groups.map(({ key }) => key),
      leads.map((v) => v.category),
      leads.map((v) => v.confidence),
      leads.map((v) => JSON.stringify(v.signals)),
      leads.map((v) => JSON.stringify(v.flags)),
      groups.map(({ group }) => group[0]!.verdict.lang ?? null),
      groups.map(({ group }) => group.length),
      groups.map(({ group }) => group[group.length - 1]!.message.sentAt),
      openedAt,
      groups.map((_, index) => plans[index]?.firstResponseDueAt ?? null),
      groups.map((_, index) => plans[index]?.resolutionDueAt ?? null),
      groups.map((_, index) => plans[index]?.assigneeId ?? null),
    ],
  );
  const idByKey = new Map(rows.map((r) => [r.conversation_key, r.id]));
  return groups.map(({ key, group }, index) => ({
    ticketId: idByKey.get(key)!,
    created: true,
    reopened: false,
    category: leads[index]!.category,
    messages: group,
  }));
}

async function updateTickets(tx: Queryable, updates: Array<{ ticket: LatestTicket; group: ClassifiedMessage[] }>): Promise<ThreadedTicket[]> {
  if (updates.length === 0) return [];
  const plans = updates.map(({ ticket, group }) => {
    const lead = leadingVerdict(group);
    // A manual tag is an agent's decision: new messages never override it.
    const escalate = ticket.category_source === 'auto' && weightier(ticket.category, lead.category) !== ticket.category;
    return { ticket, group, lead: escalate ? lead : undefined, status: statusAfterInbound(ticket.status) };
  });
  await tx.query(
    `update tickets t
        set message_count = t.message_count + v.added,
            last_message_at = greatest(t.last_message_at, v.last_at),
            status = v.status,
            resolved_at = case when v.status = 'open' then null else t.resolved_at end,
            category = coalesce(v.category, t.category),
            category_confidence = coalesce(v.confidence, t.category_confidence),
            signals = coalesce(v.signals, t.signals),
            flags = coalesce(v.flags, t.flags),
            updated_at = now()
       from unnest($1::int8[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::real[], $7::jsonb[], $8::jsonb[])
            as v(id, added, last_at, status, category, confidence, signals, flags)
      where t.id = v.id`,
    [
      plans.map((p) => p.ticket.id),
      plans.map((p) => p.group.length),
      plans.map((p) => p.group[p.group.length - 1]!.message.sentAt),
      plans.map((p) => p.status),
      plans.map((p) => p.lead?.category ?? null),
      plans.map((p) => p.lead?.confidence ?? null),
      plans.map((p) => (p.lead ? JSON.stringify(p.lead.signals) : null)),
      plans.map((p) => (p.lead ? JSON.stringify(p.lead.flags) : null)),
    ],
  );
  return plans.map((p) => ({
    ticketId: p.ticket.id,
    created: false,
    reopened: p.ticket.status === 'resolved',
    category: p.lead?.category ?? p.ticket.category,
    messages: p.group,
  }));
}
