import { slaState, type SlaState } from './sla.js';
import type { Category, Priority, TicketStatus } from './ticket.js';
import type { Queryable } from '../db/db.js';

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

const SUMMARY_COLUMNS = `
  t.id, t.number, t.entity_id, t.channel_id, ch.platform, t.category, t.category_confidence, t.category_source,
  t.signals, t.flags, t.status, t.priority, t.contact_id, co.handle, co.name, co.platform as contact_platform,
  t.message_count, t.created_at, t.updated_at, t.assignee_id, au.name as assignee_name,
  t.first_response_due_at, t.resolution_due_at, t.first_response_at, t.merged_into_id,
  coalesce((select array_agg(tt.tag order by tt.tag) from ticket_tags tt where tt.ticket_id = t.id), '{}') as tags,
  (select left(m.text, 160) from messages m where m.ticket_id = t.id and m.direction = 'inbound'
    order by m.sent_at desc, m.id desc limit 1) as preview`;

const SUMMARY_FROM = `from tickets t join channels ch on ch.id = t.channel_id join contacts co on co.id = t.contact_id
  left join users au on au.id = t.assignee_id`;

interface SummaryRow {
  id: number;
  number: number;
  entity_id: string;
  channel_id: string;
  platform: string;
  category: Category;
  category_confidence: number | null;
  category_source: 'auto' | 'manual';
  signals: string[];
  flags: string[];
  status: TicketStatus;
  priority: Priority;
  contact_id: number;
  handle: string | null;
  name: string | null;
  contact_platform: string;
  message_count: number;
  created_at: Date;
  updated_at: Date;
  assignee_id: number | null;
  assignee_name: string | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  first_response_at: Date | null;
  merged_into_id: number | null;
  tags: string[];
  preview: string | null;
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

/**
 * Words of a search as a prefix query for the 'simple' text search configuration: letters and
 * digits only, so nothing a user types can become a tsquery operator. '' when nothing is left.
 */
export function searchQuery(text: string): string {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, 12).map((word) => `${word}:*`).join(' & ');
}

// The SLA target that runs out first while a ticket is worked on (same rule as slaState/nextDueAt).
const NEXT_DUE = `case when t.status in ('resolved', 'closed') then null
  else least(case when t.first_response_at is null then t.first_response_due_at end, t.resolution_due_at) end`;

const ORDER_BY: Record<TicketSort, string> = {
  updated: 't.updated_at desc, t.id desc',
  age: 't.created_at asc, t.id asc',
  priority: `array_position(array['urgent', 'high', 'medium', 'low'], t.priority), t.updated_at desc, t.id desc`,
  due: `${NEXT_DUE} asc nulls last, t.id asc`,
};

export async function listTickets(db: Queryable, filter: TicketFilter): Promise<{ items: TicketSummary[]; total: number }> {
  const where: string[] = ['t.merged_into_id is null'];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.entity) where.push(`t.entity_id = ${param(filter.entity)}`);
  if (filter.entities) where.push(`t.entity_id = any(${param(filter.entities)}::text[])`);
  if (filter.platform) where.push(`ch.platform = ${param(filter.platform)}`);
  if (filter.category) where.push(`t.category = ${param(filter.category)}`);
  if (filter.statuses?.length) where.push(`t.status = any(${param(filter.statuses)}::text[])`);
  if (filter.assigneeId !== undefined) where.push(`t.assignee_id = ${param(filter.assigneeId)}`);
  if (filter.unassigned) where.push('t.assignee_id is null');
  if (filter.tag) where.push(`exists (select 1 from ticket_tags tt where tt.ticket_id = t.id and tt.tag = ${param(filter.tag.trim().toLowerCase())})`);
  if (filter.overdue) {
    const now = param(filter.now);
    where.push(`t.status not in ('resolved', 'closed')
      and ((t.first_response_at is null and t.first_response_due_at < ${now}) or t.resolution_due_at < ${now})`);
  }
  if (filter.q) where.push(searchCondition(filter.q, param));
  const from = `${SUMMARY_FROM} where ${where.join(' and ')}`;
  const [page, count] = await Promise.all([
    db.query<SummaryRow>(
      `select ${SUMMARY_COLUMNS} ${from} order by ${ORDER_BY[filter.sort ?? 'updated']} limit ${filter.limit} offset ${filter.offset}`,
      params,
    ),
    db.query<{ total: number }>(`select count(*)::int8 as total ${from}`, params),
  ]);
  return { items: page.rows.map((row) => toSummary(row, filter.now)), total: count.rows[0]?.total ?? 0 };
}

/** Full-text over message texts (the GIN expression index), the contact's handle and name, or the ticket number. */
function searchCondition(q: string, param: (value: unknown) => string): string {
  const alternatives: string[] = [];
  const tsquery = searchQuery(q);
  if (tsquery) {
    const query = `to_tsquery('simple', ${param(tsquery)})`;
    alternatives.push(`t.id in (select m.ticket_id from messages m where to_tsvector('simple', m.text) @@ ${query})`);
    alternatives.push(`to_tsvector('simple', coalesce(co.handle, '') || ' ' || coalesce(co.name, '')) @@ ${query}`);
  }
  const number = /^#?(\d{1,15})$/.exec(q.trim());
  if (number) alternatives.push(`t.number = ${param(Number(number[1]))}`);
  return alternatives.length ? `(${alternatives.join(' or ')})` : 'false';
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
  const { rows } = await db.query<SummaryRow>(`select ${SUMMARY_COLUMNS} ${SUMMARY_FROM} where t.id = $1`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  const [messages, complaint, notes, others] = await Promise.all([
    db.query<{
      id: number;
      external_id: string | null;
      direction: 'inbound' | 'outbound';
      kind: string;
      visibility: string | null;
      text: string;
      lang: string | null;
      category: string | null;
      category_confidence: number | null;
      signals: string[];
      flags: string[];
      attachments: unknown[];
      permalink: string | null;
      delivery_status: string | null;
      delivery_error: string | null;
      sent_at: Date;
    }>(
      `select id, external_id, direction, kind, visibility, text, lang, category, category_confidence, signals, flags,
              attachments, permalink, delivery_status, delivery_error, sent_at
         from messages where ticket_id = $1 order by sent_at, id`,
      [id],
    ),
    db.query(`select id, status, received_at as "receivedAt", notified_at as "notifiedAt", withdrawn_at as "withdrawnAt"
                from complaints where ticket_id = $1`, [id]),
    db.query<{ id: number; author_id: number | null; author_name: string; text: string; created_at: Date }>(
      'select id, author_id, author_name, text, created_at from ticket_notes where ticket_id = $1 order by created_at, id',
      [id],
    ),
    db.query<{ id: number; number: number; status: TicketStatus; category: Category; created_at: Date; preview: string | null }>(
      `select o.id, o.number, o.status, o.category, o.created_at,
              (select left(m.text, 160) from messages m where m.ticket_id = o.id and m.direction = 'inbound'
                order by m.sent_at desc, m.id desc limit 1) as preview
         from tickets o
        where o.contact_id = $1 and o.entity_id = $2 and o.id <> $3 and o.merged_into_id is null
        order by o.created_at desc, o.id desc limit 20`,
      [row.contact_id, row.entity_id, id],
    ),
  ]);
  return {
    ...toSummary(row, now),
    complaint: complaint.rows[0] ?? null,
    mergedInto: row.merged_into_id,
    notes: notes.rows.map((n) => ({ id: n.id, author: { id: n.author_id, name: n.author_name }, text: n.text, createdAt: n.created_at })),
    otherTickets: others.rows.map((o) => ({ id: o.id, number: o.number, status: o.status, category: o.category, createdAt: o.created_at, preview: o.preview ?? '' })),
    messages: messages.rows.map((m) => ({
      id: m.id,
      externalId: m.external_id,
      direction: m.direction,
      kind: m.kind,
      visibility: m.visibility,
      text: m.text,
      lang: m.lang,
      category: m.category,
      confidence: m.category_confidence,
      signals: m.signals,
      flags: m.flags,
      attachments: m.attachments,
      permalink: m.permalink,
      deliveryStatus: m.delivery_status,
      deliveryError: m.delivery_error,
      sentAt: m.sent_at,
    })),
  };
}

/** The entity of a ticket, for access checks before acting on it. */
export async function ticketEntity(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>('select entity_id from tickets where id = $1', [id]);
  return rows[0]?.entity_id;
}
