import type { InboundMessage, Platform, Cursor } from '../../connectors/types.js';
import type { Classification } from '../classify/types.js';
import type { Queryable } from '../db/db.js';
import type { Category, TicketStatus } from '../tickets/ticket.js';
import type { QuarantinedItem } from './normalize-batch.js';
import { rawJson } from './storable.js';
import { textArray } from '../db/array-literal.js';

/**
 * All of ingest's SQL, in the order of the ingest transaction: lock the channel, quarantine, drop
 * known messages, contacts, tickets, messages, revisions (edits and removals), cursor. Each step is one statement however large the
 * batch: unnest over arrays for a few short columns; for the wide rows (tickets, messages) one JSON
 * document of all rows read by json_to_recordset, which costs far less to build than a Postgres
 * array literal per column (no escaping of every string, nested values not stringified twice).
 */

/** The entity's certainty settings: complaints below `complaintThreshold` are possible ones; tickets below `checkBelow` go to a person. */
export interface EntityThresholds {
  complaintThreshold: number;
  checkBelow: number;
}

/**
 * Serializes ingest per channel (poll and webhook may overlap; other channels go on) and reads the
 * entity's thresholds in the same round trip.
 */
export async function lockChannel(tx: Queryable, channelId: string, entityId: string): Promise<EntityThresholds> {
  const { rows } = await tx.query<{ complaint_threshold: number; check_below: number }>(
    'select pg_advisory_xact_lock(hashtext($1)), complaint_threshold, check_below from entities where id = $2',
    [`ingest:${channelId}`, entityId],
  );
  if (!rows[0]) throw new Error(`entity ${entityId} does not exist`);
  return { complaintThreshold: rows[0].complaint_threshold, checkBelow: rows[0].check_below };
}

/** Keeps unreadable payloads with the reason; the same item seen again is counted, not stored twice. */
export async function quarantineItems(tx: Queryable, channelId: string, items: QuarantinedItem[]): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `insert into quarantine (channel_id, item_type, external_id, reason, raw)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])
     on conflict (channel_id, item_type, external_id) do update
       set seen_count = quarantine.seen_count + 1, last_seen_at = now(), reason = excluded.reason`,
    [
      channelId,
      items.map((i) => i.type),
      items.map((i) => i.externalId ?? null),
      items.map((i) => i.reason),
      items.map((i) => JSON.stringify(i.raw ?? null)),
    ],
  );
}

/**
 * Dedupe step: drops messages this channel already holds, under their id or, for a message that names
 * a legacy id prefix, under such an id in its conversation. unique(channel_id, external_id) is the final guard.
 */
export async function dropKnownMessages(tx: Queryable, channelId: string, messages: InboundMessage[]): Promise<InboundMessage[]> {
  if (messages.length === 0) return messages;
  if (messages.some((m) => m.legacyIdPrefix !== undefined)) {
    const { rows } = await tx.query<{ i: string }>(`${STORED_MATCHES} select distinct i from found`, storedMatchParams(channelId, messages));
    const known = new Set(rows.map((r) => Number(r.i) - 1));
    return messages.filter((_, index) => !known.has(index));
  }
  const { rows } = await tx.query<{ external_id: string }>(
    'select external_id from messages where channel_id = $1 and external_id = any($2::text[])',
    [channelId, textArray(messages.map((m) => m.externalId))],
  );
  const known = new Set(rows.map((r) => r.external_id));
  return messages.filter((m) => !known.has(m.externalId));
}

/** Where a message may be stored: its id, and with a legacy prefix, `<prefix>…` among its conversation's citizen messages. */
export interface StoredRef {
  externalId: string;
  legacyIdPrefix?: string;
  conversationKey?: string;
}

/**
 * The stored messages matching each ref (`i`, 1-based): by id, or by a legacy id in a ticket of the same
 * conversation (tickets_thread_idx, then messages_ticket_idx). $1 channel, $2 ids, $3 prefixes, $4 conversation keys.
 */
const STORED_MATCHES = `
  with v as (select * from unnest($2::text[], $3::text[], $4::text[]) with ordinality as v(external_id, legacy_prefix, conversation_key, i)),
  found as (
    select v.i, 0 as legacy, m.id, m.sent_at
      from v join messages m on m.channel_id = $1 and m.external_id = v.external_id
    union all
    select v.i, 1, m.id, m.sent_at
      from v join tickets t on t.channel_id = $1 and t.conversation_key = v.conversation_key
             join messages m on m.ticket_id = t.id and m.channel_id = $1 and m.direction = 'inbound'
                            and starts_with(m.external_id, v.legacy_prefix)
     where v.legacy_prefix is not null
  )`;

function storedMatchParams(channelId: string, refs: StoredRef[]): unknown[] {
  return [
    channelId,
    refs.map((r) => r.externalId),
    refs.map((r) => (r.legacyIdPrefix && r.conversationKey ? r.legacyIdPrefix : null)),
    refs.map((r) => r.conversationKey ?? null),
  ];
}

/** A stored message a revision may change, with its ticket's category (an edit may escalate it). */
export interface RevisionTargetRow {
  /** The ref it matched, 0-based. */
  index: number;
  id: number;
  ticketId: number;
  direction: 'inbound' | 'outbound';
  text: string;
  attachments: unknown[];
  rating: number | null;
  sentAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  ticketCategory: Category;
  ticketConfidence: number | null;
  ticketCategorySource: 'auto' | 'manual';
}

/** Revision step: the stored message of each ref (the exact id first, else the newest legacy one); none for unknown refs. */
export async function revisionTargets(tx: Queryable, channelId: string, refs: StoredRef[]): Promise<RevisionTargetRow[]> {
  if (refs.length === 0) return [];
  const { rows } = await tx.query<{
    i: string;
    id: string;
    ticket_id: string;
    direction: 'inbound' | 'outbound';
    text: string;
    attachments: unknown[];
    rating: number | null;
    sent_at: Date;
    edited_at: Date | null;
    deleted_at: Date | null;
    category: Category;
    category_confidence: number | null;
    category_source: 'auto' | 'manual';
  }>(
    `${STORED_MATCHES},
     best as (select distinct on (i) i, id from found order by i, legacy, sent_at desc, id desc)
     select b.i, m.id, m.ticket_id, m.direction, m.text, m.attachments, m.rating, m.sent_at, m.edited_at, m.deleted_at,
            t.category, t.category_confidence, t.category_source
       from best b join messages m on m.id = b.id join tickets t on t.id = m.ticket_id
      -- an erased message (GDPR) takes no edit: its text would come back
      where m.erased_at is null
      order by b.i`,
    storedMatchParams(channelId, refs),
  );
  return rows.map((r) => ({
    index: Number(r.i) - 1,
    id: Number(r.id),
    ticketId: Number(r.ticket_id),
    direction: r.direction,
    text: r.text,
    attachments: r.attachments,
    rating: r.rating,
    sentAt: r.sent_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    ticketCategory: r.category,
    ticketConfidence: r.category_confidence,
    ticketCategorySource: r.category_source,
  }));
}

/** A message's new state after edits or a removal; `permalink` and `verdict` only when an edit gave them. */
export interface RevisedMessageRow {
  id: number;
  text: string;
  attachments: unknown[];
  rating: number | null;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Versions to append to messages.revisions. */
  replaced: unknown[];
  permalink?: string;
  verdict?: Classification;
}

export async function updateRevisedMessages(tx: Queryable, rows: RevisedMessageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `update messages m
        set text = v.text, attachments = v.attachments, rating = v.rating, edited_at = v.edited_at, deleted_at = v.deleted_at,
            revisions = m.revisions || v.replaced,
            permalink = coalesce(v.permalink, m.permalink),
            lang = coalesce(v.lang, m.lang),
            category = coalesce(v.category, m.category),
            category_confidence = coalesce(v.confidence, m.category_confidence),
            signals = coalesce(v.signals, m.signals),
            flags = coalesce(v.flags, m.flags)
       from unnest($1::int8[], $2::text[], $3::jsonb[], $4::int2[], $5::timestamptz[], $6::timestamptz[], $7::jsonb[],
                   $8::text[], $9::text[], $10::text[], $11::real[], $12::jsonb[], $13::jsonb[])
            as v(id, text, attachments, rating, edited_at, deleted_at, replaced, permalink, lang, category, confidence, signals, flags)
      where m.id = v.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.text),
      rows.map((r) => JSON.stringify(r.attachments)),
      rows.map((r) => r.rating),
      rows.map((r) => r.editedAt),
      rows.map((r) => r.deletedAt),
      rows.map((r) => JSON.stringify(r.replaced)),
      rows.map((r) => r.permalink ?? null),
      rows.map((r) => r.verdict?.lang ?? null),
      rows.map((r) => r.verdict?.category ?? null),
      rows.map((r) => r.verdict?.confidence ?? null),
      rows.map((r) => (r.verdict ? JSON.stringify(r.verdict.signals) : null)),
      rows.map((r) => (r.verdict ? JSON.stringify(r.verdict.flags) : null)),
    ],
  );
}

/** An edit that made a citizen's message carry its conversation escalates its ticket, as a new message would (automatic categories only). */
export async function escalateTickets(tx: Queryable, rows: Array<{ ticketId: number; lead: Classification; toCheck: boolean }>): Promise<number[]> {
  if (rows.length === 0) return [];
  const { rows: escalated } = await tx.query<{ id: string }>(
    `update tickets t
        set category = v.category, category_confidence = v.confidence, signals = v.signals, flags = v.flags, to_check = v.to_check, updated_at = now()
       from unnest($1::int8[], $2::text[], $3::real[], $4::jsonb[], $5::jsonb[], $6::bool[]) as v(id, category, confidence, signals, flags, to_check)
      where t.id = v.id and t.category_source = 'auto'
      returning t.id`,
    [
      rows.map((r) => r.ticketId),
      rows.map((r) => r.lead.category),
      rows.map((r) => r.lead.confidence),
      rows.map((r) => JSON.stringify(r.lead.signals)),
      rows.map((r) => JSON.stringify(r.lead.flags)),
      rows.map((r) => r.toCheck),
    ],
  );
  return escalated.map((r) => Number(r.id));
}

/** Contact step: one row per platform user, handle and name kept current. Returns platformUserId → contact id. */
export async function upsertContacts(tx: Queryable, platform: Platform, messages: InboundMessage[]): Promise<Map<string, number>> {
  const authors = new Map<string, InboundMessage['author']>();
  for (const message of messages) authors.set(message.author.platformUserId, message.author);
  if (authors.size === 0) return new Map();
  const list = [...authors.values()];
  // A known contact is written only when its handle or name changed: rewriting an unchanged row
  // would cost a new row version and an entry in each of its indexes.
  const { rows } = await tx.query<{ id: number; platform_user_id: string }>(
    `with v as (select * from unnest($2::text[], $3::text[], $4::text[]) as v(platform_user_id, handle, name)),
     known as (select c.id, c.platform_user_id, c.handle, c.name from contacts c join v using (platform_user_id) where c.platform = $1),
     changed as (
       update contacts c set handle = coalesce(v.handle, c.handle), name = coalesce(v.name, c.name), updated_at = now()
         from v join known k using (platform_user_id)
        where c.id = k.id and (coalesce(v.handle, k.handle) is distinct from k.handle or coalesce(v.name, k.name) is distinct from k.name)
     ),
     added as (
       insert into contacts (platform, platform_user_id, handle, name)
       select $1, v.platform_user_id, v.handle, v.name from v where not exists (select 1 from known k where k.platform_user_id = v.platform_user_id)
       on conflict (platform, platform_user_id) do update
         set handle = coalesce(excluded.handle, contacts.handle),
             name = coalesce(excluded.name, contacts.name),
             updated_at = now()
       returning id, platform_user_id
     )
     select id, platform_user_id from known union all select id, platform_user_id from added`,
    [platform, textArray(list.map((a) => a.platformUserId)), textArray(list.map((a) => a.handle ?? null)), textArray(list.map((a) => a.name ?? null))],
  );
  return new Map(rows.map((r) => [r.platform_user_id, r.id]));
}

/** The newest ticket of each conversation on the channel (open or not). */
export interface LatestTicket {
  id: number;
  /** The entity the ticket is in now: the channel's, or the one it was referred to. */
  entity_id: string;
  conversation_key: string;
  status: TicketStatus;
  category: Category;
  category_confidence: number | null;
  category_source: 'auto' | 'manual';
}

export async function latestTickets(tx: Queryable, channelId: string, conversationKeys: string[]): Promise<LatestTicket[]> {
  const { rows } = await tx.query<LatestTicket>(
    `select distinct on (conversation_key) id, entity_id, conversation_key, status, category, category_confidence, category_source
       from tickets where channel_id = $1 and conversation_key = any($2::text[])
      order by conversation_key, id desc`,
    [channelId, textArray(conversationKeys)],
  );
  return rows;
}

/** A ticket to open: its conversation, first author, leading verdict, messages and plan (SLA, assignee). */
export interface NewTicketRow {
  conversationKey: string;
  contactId: number | undefined;
  lead: Classification;
  /** The lead's certainty is below the entity's checkBelow, or it is a possible complaint. */
  toCheck: boolean;
  lang: string | null;
  messageCount: number;
  lastMessageAt: Date;
  openedAt: Date;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  assigneeId: number | null;
}

/** The columns of a new ticket, in the order ticketValues gives them. */
const TICKET_COLUMNS = [
  'entity_id', 'channel_id', 'contact_id', 'conversation_key', 'category', 'category_confidence', 'signals', 'flags', 'lang',
  'message_count', 'last_message_at', 'created_at', 'first_response_due_at', 'resolution_due_at', 'assignee_id', 'to_check',
] as const;

const TICKET_TYPES: Record<(typeof TICKET_COLUMNS)[number], string> = {
  entity_id: 'text', channel_id: 'text', contact_id: 'int8', conversation_key: 'text', category: 'text', category_confidence: 'real',
  signals: 'jsonb', flags: 'jsonb', lang: 'text', message_count: 'int', last_message_at: 'timestamptz', created_at: 'timestamptz',
  first_response_due_at: 'timestamptz', resolution_due_at: 'timestamptz', assignee_id: 'int8', to_check: 'bool',
};

function ticketValues(channel: { id: string; entityId: string }, r: NewTicketRow): unknown[] {
  return [
    channel.entityId,
    channel.id,
    r.contactId ?? null,
    r.conversationKey,
    r.lead.category,
    r.lead.confidence,
    r.lead.signals,
    r.lead.flags,
    r.lang,
    r.messageCount,
    r.lastMessageAt,
    r.openedAt,
    r.firstResponseDueAt,
    r.resolutionDueAt,
    r.assigneeId,
    r.toCheck,
  ];
}

/**
 * Opens the tickets; returns conversation key → ticket id. On a server by COPY, with ids taken from
 * the tickets' sequence beforehand (COPY returns none; it writes given values into the identity
 * column): no statement to parse per row and no JSON document to build and read. Elsewhere (PGlite)
 * one INSERT from a JSON document of the rows.
 */
export async function insertTickets(tx: Queryable, channel: { id: string; entityId: string }, rows: NewTicketRow[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const values = rows.map((r) => ticketValues(channel, r));
  if (tx.copyRows) {
    const { rows: ids } = await tx.query<{ id: number }>(
      // The sequence's name looked up once, not once per row (it is an argument of nextval).
      `with s as materialized (select pg_get_serial_sequence('tickets', 'id')::regclass as seq)
       select nextval(s.seq) as id from s, generate_series(1, $1)`,
      [rows.length],
    );
    await tx.copyRows('tickets', ['id', ...TICKET_COLUMNS], values.map((row, i) => [ids[i]!.id, ...row]));
    return new Map(rows.map((r, i) => [r.conversationKey, ids[i]!.id]));
  }
  const columns = TICKET_COLUMNS.slice(2);
  const { rows: created } = await tx.query<{ id: number; conversation_key: string }>(
    `insert into tickets (${TICKET_COLUMNS.join(', ')})
     select $1, $2, ${columns.map((c) => `v.${c}`).join(', ')}
       from json_to_recordset($3::json) as v(${columns.map((c) => `${c} ${TICKET_TYPES[c]}`).join(', ')})
     returning id, conversation_key`,
    [channel.entityId, channel.id, JSON.stringify(values.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i + 2]]))))],
  );
  return new Map(created.map((r) => [r.conversation_key, r.id]));
}

/** What new citizen messages change on an existing ticket; `lead` (and `toCheck`) only when a new message carries the conversation. */
export interface TicketUpdateRow {
  id: number;
  added: number;
  lastMessageAt: Date;
  status: TicketStatus;
  lead: Classification | undefined;
  toCheck: boolean | undefined;
}

export async function updateTicketsWithMessages(tx: Queryable, rows: TicketUpdateRow[]): Promise<void> {
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
            to_check = coalesce(v.to_check, t.to_check),
            -- the citizen wrote: a snoozed ticket wakes up
            snoozed_until = null,
            snoozed_until_reply = false,
            updated_at = now()
       from unnest($1::int8[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::real[], $7::jsonb[], $8::jsonb[], $9::bool[])
            as v(id, added, last_at, status, category, confidence, signals, flags, to_check)
      where t.id = v.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.added),
      rows.map((r) => r.lastMessageAt),
      rows.map((r) => r.status),
      rows.map((r) => r.lead?.category ?? null),
      rows.map((r) => r.lead?.confidence ?? null),
      rows.map((r) => (r.lead ? JSON.stringify(r.lead.signals) : null)),
      rows.map((r) => (r.lead ? JSON.stringify(r.lead.flags) : null)),
      rows.map((r) => r.toCheck ?? null),
    ],
  );
}

/** A message to store, with the ticket it joined and its verdict. */
export interface MessageRow {
  ticketId: number;
  message: InboundMessage;
  verdict: Classification;
}

/** The columns of a new citizen message, in the order messageValues gives them. */
const MESSAGE_COLUMNS = [
  'channel_id', 'ticket_id', 'external_id', 'direction', 'kind', 'visibility', 'conversation_key', 'parent_external_id', 'contact_id',
  'text', 'lang', 'category', 'category_confidence', 'signals', 'flags', 'attachments', 'permalink', 'raw', 'sent_at', 'rating', 'edited_at',
] as const;

const MESSAGE_TYPES: Record<(typeof MESSAGE_COLUMNS)[number], string> = {
  channel_id: 'text', ticket_id: 'int8', external_id: 'text', direction: 'text', kind: 'text', visibility: 'text', conversation_key: 'text',
  parent_external_id: 'text', contact_id: 'int8', text: 'text', lang: 'text', category: 'text', category_confidence: 'real', signals: 'jsonb',
  flags: 'jsonb', attachments: 'jsonb', permalink: 'text', raw: 'text', sent_at: 'timestamptz', rating: 'int2', edited_at: 'timestamptz',
};

function messageValues(channelId: string, { ticketId, message: m, verdict }: MessageRow, contactIds: Map<string, number>): unknown[] {
  return [
    channelId,
    ticketId,
    m.externalId,
    'inbound',
    m.kind,
    m.kind === 'dm' || m.kind === 'email' ? 'private' : 'public',
    m.conversationKey,
    m.parentExternalId ?? null,
    contactIds.get(m.author.platformUserId) ?? null,
    m.text,
    verdict.lang ?? null,
    verdict.category,
    verdict.confidence,
    verdict.signals,
    verdict.flags,
    m.attachments ?? [],
    m.permalink ?? null,
    // As JSON text already: a payload that is JSON null is stored as such, not as SQL NULL.
    rawJson(m.raw),
    m.sentAt,
    m.rating ?? null,
    m.editedAt ?? null,
  ];
}

/**
 * Persist step: the messages themselves, with their raw payload and classification. On a server by
 * COPY: the batch was deduplicated under the channel's lock (dropKnownMessages), and should another
 * writer have stored one of them since, unique(channel_id, external_id) refuses the COPY and the
 * batch is committed item by item (src/ingest/ingest.ts), where that message counts as a duplicate.
 * Elsewhere (PGlite) one INSERT from a JSON document of the rows, skipping known ones.
 */
export async function insertMessages(tx: Queryable, channelId: string, rows: MessageRow[], contactIds: Map<string, number>): Promise<number> {
  if (rows.length === 0) return 0;
  const values = rows.map((row) => messageValues(channelId, row, contactIds));
  if (tx.copyRows) return tx.copyRows('messages', [...MESSAGE_COLUMNS], values);
  const columns = MESSAGE_COLUMNS.slice(1);
  const result = await tx.query(
    `insert into messages (${MESSAGE_COLUMNS.join(', ')})
     select $1, ${columns.map((c) => (c === 'raw' ? 'v.raw::jsonb' : `v.${c}`)).join(', ')}
       from json_to_recordset($2::json) as v(${columns.map((c) => `${c} ${MESSAGE_TYPES[c]}`).join(', ')})
     on conflict (channel_id, external_id) do nothing`,
    [channelId, JSON.stringify(values.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i + 1]]))))],
  );
  return result.rowCount;
}

/** The channel's polling position, stored with the batch it covers. */
export async function storeCursor(tx: Queryable, channelId: string, cursor: Cursor): Promise<void> {
  await tx.query('update channels set cursor = $2::jsonb, updated_at = now() where id = $1', [channelId, JSON.stringify(cursor)]);
}

// ── Conversation links ──────────────────────────────────────────────────────────────────────────

/**
 * Links a private conversation to a ticket, on each channel its messages may arrive on. A later
 * private reply into the same conversation moves the link to its own ticket.
 */
export async function upsertConversationLinks(tx: Queryable, channelIds: string[], conversationKey: string, ticketId: number): Promise<void> {
  if (channelIds.length === 0) return;
  await tx.query(
    `insert into conversation_links (channel_id, conversation_key, ticket_id)
     select c, $2, $3 from unnest($1::text[]) as c
     on conflict (channel_id, conversation_key) do update set ticket_id = excluded.ticket_id, linked_at = now()`,
    [channelIds, conversationKey, ticketId],
  );
}

/** The linked ticket of each conversation key that has a link on the channel, in the shape latestTickets gives. */
export async function linkedTickets(tx: Queryable, channelId: string, conversationKeys: string[]): Promise<Array<LatestTicket & { linked_key: string }>> {
  if (conversationKeys.length === 0) return [];
  const { rows } = await tx.query<LatestTicket & { linked_key: string }>(
    `select l.conversation_key as linked_key, t.id, t.entity_id, t.conversation_key, t.status, t.category, t.category_confidence, t.category_source
       from conversation_links l join tickets t on t.id = l.ticket_id
      where l.channel_id = $1 and l.conversation_key = any($2::text[])`,
    [channelId, textArray(conversationKeys)],
  );
  return rows;
}
