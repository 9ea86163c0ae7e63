import type { Category, TicketStatus } from '../domain/ticket.js';
import type { Queryable } from './db.js';

export interface TicketFilter {
  entity?: string;
  /** Only these entities (the caller's access scope). */
  entities?: string[];
  category?: Category;
  status?: TicketStatus;
  q?: string;
  limit: number;
  offset: number;
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
  priority: string;
  contact: { handle: string | null; name: string | null };
  preview: string;
  messageCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const SUMMARY_COLUMNS = `
  t.id, t.number, t.entity_id, t.channel_id, ch.platform, t.category, t.category_confidence, t.category_source,
  t.signals, t.flags, t.status, t.priority, co.handle, co.name, t.message_count, t.created_at, t.updated_at,
  (select left(m.text, 160) from messages m where m.ticket_id = t.id and m.direction = 'inbound'
    order by m.sent_at desc, m.id desc limit 1) as preview`;

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
  priority: string;
  handle: string | null;
  name: string | null;
  message_count: number;
  created_at: Date;
  updated_at: Date;
  preview: string | null;
}

function toSummary(row: SummaryRow): TicketSummary {
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
    contact: { handle: row.handle, name: row.name },
    preview: row.preview ?? '',
    messageCount: row.message_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listTickets(db: Queryable, filter: TicketFilter): Promise<{ items: TicketSummary[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.entity) add((p) => `t.entity_id = ${p}`, filter.entity);
  if (filter.entities) add((p) => `t.entity_id = any(${p}::text[])`, filter.entities);
  if (filter.category) add((p) => `t.category = ${p}`, filter.category);
  if (filter.status) add((p) => `t.status = ${p}`, filter.status);
  if (filter.q) {
    add(
      (p) => `(co.handle ilike ${p} or co.name ilike ${p}
               or exists (select 1 from messages m where m.ticket_id = t.id and m.text ilike ${p}))`,
      `%${escapeLike(filter.q)}%`,
    );
  }
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';
  const from = `from tickets t join channels ch on ch.id = t.channel_id join contacts co on co.id = t.contact_id ${whereSql}`;
  const [page, count] = await Promise.all([
    db.query<SummaryRow>(
      `select ${SUMMARY_COLUMNS} ${from} order by t.updated_at desc, t.id desc limit ${filter.limit} offset ${filter.offset}`,
      params,
    ),
    db.query<{ total: number }>(`select count(*)::int8 as total ${from}`, params),
  ]);
  return { items: page.rows.map(toSummary), total: count.rows[0]?.total ?? 0 };
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

export async function getTicket(db: Queryable, id: number): Promise<(TicketSummary & { messages: TicketMessage[]; complaint: unknown }) | undefined> {
  const { rows } = await db.query<SummaryRow>(
    `select ${SUMMARY_COLUMNS} from tickets t join channels ch on ch.id = t.channel_id join contacts co on co.id = t.contact_id where t.id = $1`,
    [id],
  );
  if (!rows[0]) return undefined;
  const [messages, complaint] = await Promise.all([
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
  ]);
  return {
    ...toSummary(rows[0]),
    complaint: complaint.rows[0] ?? null,
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
