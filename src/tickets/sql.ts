import type { Attachment, MessageKind, Visibility } from '../../connectors/types.js';
import type { Queryable } from '../db/db.js';
import { attachmentsWithHref } from './attachment-links.js';
import type { Assignee } from './assignees.js';
import type { CannedLanguage } from './canned-responses.js';
import type { TicketActivity } from './history.js';
import type { OutboundReply, ReplyContext } from './replies.js';
import type { BusinessPeriod, SlaTarget } from './sla.js';
import type { Category, Priority, TicketStatus } from './ticket.js';
import type { OtherTicket, TicketComplaint, TicketFilter, TicketMessage, TicketNote, TicketSort } from './tickets.js';
import type { CaseState } from '../complaints/procedure.js';
import {
  containsPattern,
  estimatedTotal,
  pageWithAllStrong,
  parseSearch,
  substringTerms,
  tsqueryText,
  walkDecides,
  walkWindow,
  type RankedId,
  type SearchTerms,
  type WalkResult,
} from './search-query.js';

/**
 * The tickets feature's SQL: the list and one ticket, replies, merge, re-tag, the workflow (claim,
 * update, bulk), round-robin planning, assignees, notes, tags, history, SLA policies, canned
 * responses, saved views and the agents' corrections. Each function is one statement (the list: its
 * page and its count); the use cases in the feature files open the transactions and apply the rules.
 */

// ── The ticket list and one ticket ──────────────────────────────────────────────────────────────

const SUMMARY_COLUMNS = `
  t.id, t.number, t.entity_id, t.channel_id, ch.platform, t.category, t.category_confidence, t.category_source,
  t.signals, t.flags, t.to_check, t.status, t.priority, t.contact_id, co.handle, co.name, co.platform as contact_platform,
  t.message_count, t.created_at, t.updated_at, t.assignee_id, au.name as assignee_name,
  t.first_response_due_at, t.resolution_due_at, t.first_response_at, t.merged_into_id,
  t.snoozed_until, t.snoozed_until_reply,
  (select max(m.sent_at) from messages m where m.ticket_id = t.id and m.direction = 'inbound') as last_inbound_at,
  coalesce((select array_agg(tt.tag order by tt.tag) from ticket_tags tt where tt.ticket_id = t.id), '{}') as tags,
  (select left(m.text, 160) from messages m where m.ticket_id = t.id and m.direction = 'inbound'
    order by m.sent_at desc, m.id desc limit 1) as preview`;

const SUMMARY_FROM = `from tickets t join channels ch on ch.id = t.channel_id join contacts co on co.id = t.contact_id
  left join users au on au.id = t.assignee_id`;

export interface SummaryRow {
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
  to_check: boolean;
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
  snoozed_until: Date | null;
  snoozed_until_reply: boolean;
  last_inbound_at: Date | null;
  /** For the reader of the query (see unreadColumn); false without one. */
  unread: boolean;
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

/**
 * Counts are exact up to here (a count reads every match); beyond it the list shows PostgreSQL's
 * estimate ("≈ 48.000"), which costs nothing.
 */
export const COUNT_CAP = 1_000;

/**
 * The page of tickets the filter asks for (never merged ones) and how many match in all, counted up
 * to COUNT_CAP (`totalCapped` beyond); a search that reads the queue newest first estimates its total
 * (`totalEstimated`). The page's ids come from tickets alone (and the search's matches); only those
 * rows are joined to what the list shows.
 */
export async function findTickets(db: Queryable, filter: TicketFilter): Promise<TicketPage> {
  const conditions = filterConditions(filter);
  if (filter.q !== undefined) return searchTickets(db, filter, conditions, parseSearch(filter.q));
  const { where, params } = conditions;
  const order = ORDER_BY[filter.sort ?? 'updated'];
  const matching = `select t.* from tickets t where ${where.join(' and ')}`;
  const reader = `$${params.length + 1}`;
  const [page, count] = await Promise.all([
    db.query<SummaryRow>(
      // the reader is the page's last parameter: the count has no use for it
      `with page as (select t.id from (${matching}) t order by ${order} limit ${filter.limit} offset ${filter.offset})
       select ${SUMMARY_COLUMNS}, ${unreadColumn(reader)} from page p join tickets t on t.id = p.id
         join channels ch on ch.id = t.channel_id join contacts co on co.id = t.contact_id left join users au on au.id = t.assignee_id
        order by ${order}`,
      [...params, filter.readerId ?? null],
    ),
    cappedCount(db, matching, params, { sql: `select 1 from tickets t where ${where.join(' and ')}`, params }),
  ]);
  return { rows: page.rows, ...count };
}

export interface TicketPage {
  rows: SummaryRow[];
  total: number;
  totalCapped: boolean;
  /** The total is an estimate (a search that read only the newest tickets). */
  totalEstimated?: boolean;
  /** How a search read the database: the newest tickets first, or every match from the indexes. */
  searchedBy?: 'walk' | 'indexes';
}

interface Conditions {
  where: string[];
  params: unknown[];
  param: (value: unknown) => string;
}


/** The filter as conditions on tickets `t`, with their parameters. */
/** Parameters as they are added to a statement: `param(value)` gives its placeholder. */
function parameterList(initial: readonly unknown[] = []): { params: unknown[]; param: (value: unknown) => string } {
  const params = [...initial];
  return {
    params,
    param: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

function filterConditions(filter: TicketFilter): Conditions {
  const where: string[] = ['t.merged_into_id is null'];
  const { params, param } = parameterList();
  // one entity as an equality: the (entity_id, updated_at) index then gives the page in order
  let oneEntity: string | undefined;
  if (filter.entity) where.push(`t.entity_id = ${(oneEntity = param(filter.entity))}`);
  if (filter.entities?.length === 1) {
    const scope = param(filter.entities[0]);
    where.push(`t.entity_id = ${scope}`);
    oneEntity ??= scope;
  } else if (filter.entities) where.push(`t.entity_id = any(${param(filter.entities)}::text[])`);
  if (filter.platform) where.push(`t.channel_id in (select ch.id from channels ch where ch.platform = ${param(filter.platform)})`);
  if (filter.category) where.push(`t.category = ${param(filter.category)}`);
  if (filter.statuses?.length) where.push(`t.status = any(${param(filter.statuses)}::text[])`);
  if (filter.assigneeId !== undefined) where.push(`t.assignee_id = ${param(filter.assigneeId)}`);
  if (filter.unassigned) where.push('t.assignee_id is null');
  if (filter.toCheck) where.push('t.to_check');
  if (filter.tag) {
    // within one entity, its tags are read by ticket_tags_entity_idx: a count need not visit every ticket of the entity
    const sameEntity = oneEntity ? ` and tt.entity_id = ${oneEntity}` : '';
    where.push(`exists (select 1 from ticket_tags tt where tt.ticket_id = t.id and tt.tag = ${param(filter.tag.trim().toLowerCase())}${sameEntity})`);
  }
  if (filter.overdue) {
    const now = param(filter.now);
    where.push(`t.status not in ('resolved', 'closed')
      and ((t.first_response_at is null and t.first_response_due_at < ${now}) or t.resolution_due_at < ${now})`);
  }
  const now = param(filter.now);
  where.push(filter.snoozed ? snoozedCondition(now) : notSnoozedCondition(now));
  return { where, params, param };
}

/** The matches counted up to COUNT_CAP; beyond it, `estimate` (a query PostgreSQL estimates instead). */
async function cappedCount(
  db: Queryable,
  matching: string,
  params: unknown[],
  estimate: { sql: string; params: unknown[] },
): Promise<Pick<TicketPage, 'total' | 'totalCapped' | 'totalEstimated'>> {
  const { rows } = await db.query<{ total: number }>(`select count(*)::int8 as total from (${matching} limit ${COUNT_CAP + 1}) counted`, params);
  const total = Number(rows[0]?.total ?? 0);
  if (total <= COUNT_CAP) return { total, totalCapped: false };
  const estimated = await estimatedRows(db, estimate.sql, estimate.params);
  return { total: Math.max(COUNT_CAP + 1, Math.round(estimated)), totalCapped: true, totalEstimated: true };
}

/** The list's rows of these tickets, in this order. */
async function summariesInOrder(db: Queryable, ids: number[], readerId: number | undefined): Promise<SummaryRow[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<SummaryRow>(
    `select ${SUMMARY_COLUMNS}, ${unreadColumn('$2')} from unnest($1::int8[]) with ordinality p(id, position) join tickets t on t.id = p.id
       join channels ch on ch.id = t.channel_id join contacts co on co.id = t.contact_id left join users au on au.id = t.assignee_id
      order by p.position`,
    [ids, readerId ?? null],
  );
  return rows;
}

/**
 * What a search matches, as conditions: `strong` on a message `m` (every word, stemmed, as a prefix,
 * and every phrase exactly: rank 2), `weak` on a message `m` (every word and phrase in the folded
 * text: parts of compound words, rank 1), `contact` on a contact `co` (handle or name, rank 1), and
 * the ticket number (rank 3). Only the `parts` asked for are made (their parameters alone are added).
 * `once`: the query's values as scalar subqueries, computed once per statement rather than per row
 * read (a walk); otherwise as expressions the planner can estimate.
 */
interface SearchMatch {
  strong: string | null;
  weak: string | null;
  contact: string | null;
  number: string | null;
}

type MatchPart = keyof SearchMatch;
const ALL_PARTS: readonly MatchPart[] = ['strong', 'weak', 'contact', 'number'];

function searchMatch(terms: SearchTerms, param: (value: unknown) => string, options: { once?: boolean; parts?: readonly MatchPart[] } = {}): SearchMatch {
  const parts = new Set(options.parts ?? ALL_PARTS);
  const value = (expression: string) => (options.once ? `(select ${expression})` : expression);
  const contains = (column: string, term: string) => `${column} like ${value(`inbox_fold(${param(containsPattern(term))})`)}`;
  const tsquery = tsqueryText({ ...terms, phrases: [] });
  let strong: string | null = null;
  if (tsquery && parts.has('strong')) {
    const query = param(tsquery);
    const anyLanguage = ['inbox_nl', 'inbox_fr', 'inbox_en'].map((config) => `to_tsquery('${config}', ${query})`).join(' || ');
    // phrases are checked on the folded text: a phrase tsquery would need the words' positions
    strong = [`m.search_vector @@ ${value(`(${anyLanguage})`)}`, ...terms.phrases.map((phrase) => contains('m.search_text', phrase))].join(' and ');
  }
  const substrings = parts.has('weak') ? substringTerms(terms) : [];
  const weak = substrings.length ? substrings.map((term) => contains('m.search_text', term)).join(' and ') : null;
  const names = parts.has('contact') ? [...terms.words, ...terms.phrases] : [];
  const contact = names.length
    ? names.map((term) => `inbox_fold(coalesce(co.handle, '') || ' ' || coalesce(co.name, '')) like inbox_fold(${param(containsPattern(term))})`).join(' and ')
    : null;
  const number = terms.number !== undefined && parts.has('number') ? param(terms.number) : null;
  return { strong, weak, contact, number };
}

/**
 * A search: read the newest tickets of the filter and stop once a page is full when PostgreSQL expects
 * many matches (walkWindow); otherwise, or when that walk did not decide the page, collect every match
 * from the indexes and rank them.
 */
async function searchTickets(db: Queryable, filter: TicketFilter, conditions: Conditions, terms: SearchTerms): Promise<TicketPage> {
  const filtered = { sql: conditions.where.join(' and '), params: [...conditions.params] };
  const match = searchMatch(terms, conditions.param);
  if (!match.strong && !match.weak && !match.contact && !match.number) return { rows: [], total: 0, totalCapped: false };
  const need = filter.offset + filter.limit;
  const walkable = (filter.sort ?? 'updated') === 'updated' && match.number === null && (match.strong ?? match.weak) !== null;
  if (walkable) {
    const share = await matchingShare(db, terms);
    const window = walkWindow(need, share);
    if (window !== null) {
      const walk = await walkNewest(db, filtered, terms, window, need);
      let pageIds: number[] | null = walkDecides(walk, need) ? walk.ranked.slice(0, need).map((r) => r.id) : null;
      let total = walk.hits;
      let fromShare = false;
      if (!pageIds && walk.strongest === 2) {
        // the strong matches are fewer than a page in the newest tickets: read them all from the index
        const allStrong = await strongMatches(db, filtered, terms, need);
        pageIds = pageWithAllStrong(walk.ranked, need, walk.strongest, allStrong);
        if (allStrong.length < need) total += allStrong.length - walk.strongHits;
        // the newest tickets are no sample of the matches: estimate from PostgreSQL's share instead
        else fromShare = true;
      }
      if (pageIds) {
        const ids = pageIds.slice(filter.offset, need);
        const exhausted = walk.walked < walk.window;
        const [rows, filteredTickets] = await Promise.all([
          summariesInOrder(db, ids, filter.readerId),
          exhausted ? Promise.resolve(0) : estimatedRows(db, `select 1 from tickets t where ${filtered.sql}`, filtered.params),
        ]);
        return exhausted
          ? { rows, total, totalCapped: false, searchedBy: 'walk' }
          : {
              rows,
              total: fromShare ? Math.max(need, Math.round(share * filteredTickets)) : estimatedTotal({ ...walk, hits: total }, filteredTickets),
              totalCapped: false,
              totalEstimated: true,
              searchedBy: 'walk',
            };
      }
    }
  }
  return searchByIndexes(db, filter, conditions, match);
}

/** PostgreSQL's estimate of the share of tickets with a matching message (0..1). */
async function matchingShare(db: Queryable, terms: SearchTerms): Promise<number> {
  const { params, param } = parameterList();
  const { strong, weak } = searchMatch(terms, param, { parts: ['strong', 'weak'] });
  const messageMatch = [strong, weak].filter((condition) => condition !== null).join(' or ');
  const [messages, tickets] = await Promise.all([
    estimatedRows(db, `select 1 from messages m where ${messageMatch}`, params),
    db.query<{ tickets: number }>(`select greatest(reltuples, 1)::float8 as tickets from pg_class where oid = 'tickets'::regclass`),
  ]);
  return messages / Math.max(Number(tickets.rows[0]?.tickets ?? 1), 1);
}

/** The planner's estimate of the rows a query returns (EXPLAIN, nothing executed). */
async function estimatedRows(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${sql}`, params);
  const plan = rows[0]?.['QUERY PLAN'];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan?: { 'Plan Rows'?: number } }>;
  return Number(parsed[0]?.Plan?.['Plan Rows'] ?? 0);
}

/**
 * The `window` newest tickets of the filter, each ranked by its messages and contact: the first
 * `need` matches in page order, and how many matched among all read. One statement, one row.
 */
async function walkNewest(
  db: Queryable,
  filtered: { sql: string; params: unknown[] },
  terms: SearchTerms,
  window: number,
  need: number,
): Promise<WalkResult & { ranked: RankedId[]; strongest: number }> {
  const { params, param } = parameterList(filtered.params);
  const match = searchMatch(terms, param, { once: true, parts: ['strong', 'weak', 'contact'] });
  const rankOfMessages = match.strong
    ? `case when ${match.strong} then 2${match.weak ? ` when ${match.weak} then 1` : ''} end`
    : `case when ${match.weak} then 1 end`;
  const strongest = match.strong ? 2 : 1;
  const contactRank = match.contact ? `case when exists (select 1 from contacts co where co.id = w.contact_id and ${match.contact}) then 1 end` : 'null::int';
  const order = 'rank desc, updated_at desc, id desc';
  const { rows } = await db.query<{ ids: number[] | null; ranks: number[] | null; hits: number; strong_hits: number; walked: number }>(
    `with walked as materialized (
       select t.id, t.contact_id, t.updated_at from tickets t where ${filtered.sql}
        order by t.updated_at desc, t.id desc limit ${window}),
     -- materialized: each ticket's rank (its subqueries) computed once, not once per aggregate below
     ranked as materialized (
       select w.id, w.updated_at, coalesce((select max(${rankOfMessages}) from messages m where m.ticket_id = w.id), ${contactRank}) as rank
         from walked w)
     select (array_agg(id order by ${order}) filter (where rank is not null))[1:${need}]::int8[] as ids,
            (array_agg(rank order by ${order}) filter (where rank is not null))[1:${need}]::int[] as ranks,
            count(rank)::int as hits, count(*) filter (where rank = ${strongest})::int as strong_hits, count(*)::int as walked
       from ranked`,
    params,
  );
  const row = rows[0]!;
  const ranks = row.ranks ?? [];
  return {
    ranked: (row.ids ?? []).map((id, index) => ({ id: Number(id), rank: Number(ranks[index]) })),
    strongest,
    walked: Number(row.walked),
    window,
    hits: Number(row.hits),
    strongHits: Number(row.strong_hits),
  };
}

/** The filter's tickets with a strong match (every word stemmed), newest first, at most `limit`. */
async function strongMatches(db: Queryable, filtered: { sql: string; params: unknown[] }, terms: SearchTerms, limit: number): Promise<number[]> {
  const { params, param } = parameterList(filtered.params);
  const { strong } = searchMatch(terms, param, { parts: ['strong'] });
  const { rows } = await db.query<{ id: number }>(
    `select t.id from tickets t where ${filtered.sql} and exists (select 1 from messages m where m.ticket_id = t.id and ${strong})
      order by t.updated_at desc, t.id desc limit ${limit}`,
    params,
  );
  return rows.map((row) => Number(row.id));
}

/**
 * Every match from the indexes, each its own indexed query (messages by their stored tsvector and
 * folded text, contacts by their folded handle and name, the ticket number), ranked and paged.
 */
async function searchByIndexes(db: Queryable, filter: TicketFilter, conditions: Conditions, match: SearchMatch): Promise<TicketPage> {
  const branches: string[] = [];
  if (match.strong) branches.push(`select m.ticket_id, 2 as rank from messages m where ${match.strong}`);
  if (match.weak) branches.push(`select m.ticket_id, 1 as rank from messages m where ${match.weak}`);
  if (match.contact) {
    branches.push(`select c.id as ticket_id, 1 as rank from tickets c where c.merged_into_id is null
      and c.contact_id in (select co.id from contacts co where ${match.contact})`);
  }
  if (match.number) branches.push(`select n.id as ticket_id, 3 as rank from tickets n where n.number = ${match.number}`);
  const hits = `select ticket_id, max(rank) as rank from (${branches.join(' union all ')}) found group by ticket_id`;
  const matching = `with hits as (${hits}) select t.*, h.rank from tickets t join hits h on h.ticket_id = t.id where ${conditions.where.join(' and ')}`;
  const order = ORDER_BY[filter.sort ?? 'updated'];
  const [page, count] = await Promise.all([
    db.query<{ id: number }>(`select t.id from (${matching}) t order by t.rank desc, ${order} limit ${filter.limit} offset ${filter.offset}`, conditions.params),
    cappedCount(db, matching, conditions.params, {
      sql: `with hits as (${hits}) select 1 from tickets t join hits h on h.ticket_id = t.id where ${conditions.where.join(' and ')}`,
      params: conditions.params,
    }),
  ]);
  const rows = await summariesInOrder(db, page.rows.map((row) => Number(row.id)), filter.readerId);
  return { rows, ...count, searchedBy: 'indexes' };
}

/** One ticket as the list shows it, merged or not; `unread` for the reader (a user id) when given. */
export async function ticketSummaryRow(db: Queryable, id: number, readerId: number | null = null): Promise<SummaryRow | undefined> {
  const { rows } = await db.query<SummaryRow>(`select ${SUMMARY_COLUMNS}, ${unreadColumn('$2')} ${SUMMARY_FROM} where t.id = $1`, [id, readerId]);
  return rows[0];
}

/** The ticket's conversation in order, both directions. */
export async function ticketMessages(db: Queryable, ticketId: number): Promise<TicketMessage[]> {
  const { rows } = await db.query<{
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
    attachments: Attachment[];
    rating: number | null;
    permalink: string | null;
    delivery_status: string | null;
    delivery_error: string | null;
    sent_by: 'person' | 'system' | null;
    sent_at: Date;
    edited_at: Date | null;
    deleted_at: Date | null;
    letter_route: 'email' | 'post' | null;
  }>(
    `select id, external_id, direction, kind, visibility, text, lang, category, category_confidence, signals, flags,
            attachments, rating, permalink, delivery_status, delivery_error, sent_by, sent_at, edited_at, deleted_at, letter_route
       from messages where ticket_id = $1 order by sent_at, id`,
    [ticketId],
  );
  return rows.map((m) => ({
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
    attachments: attachmentsWithHref(ticketId, Number(m.id), m.attachments),
    rating: m.rating,
    permalink: m.permalink,
    deliveryStatus: m.delivery_status,
    deliveryError: m.delivery_error,
    sentBy: m.sent_by,
    sentAt: m.sent_at,
    editedAt: m.edited_at,
    deletedAt: m.deleted_at,
    ...(m.letter_route ? { letterRoute: m.letter_route } : {}),
  }));
}

/** The ticket's complaint case (status and its dates), null when it has none. */
export async function ticketComplaint(db: Queryable, ticketId: number): Promise<TicketComplaint | null> {
  const { rows } = await db.query<TicketComplaint>(`select id, status, received_at as "receivedAt", notified_at as "notifiedAt", withdrawn_at as "withdrawnAt"
                from complaints where ticket_id = $1`, [ticketId]);
  return rows[0] ?? null;
}

export async function ticketNotes(db: Queryable, ticketId: number): Promise<TicketNote[]> {
  const { rows } = await db.query<{ id: number; author_id: number | null; author_name: string; text: string; created_at: Date }>(
    'select id, author_id, author_name, text, created_at from ticket_notes where ticket_id = $1 order by created_at, id',
    [ticketId],
  );
  return rows.map((n) => ({ id: n.id, author: { id: n.author_id, name: n.author_name }, text: n.text, createdAt: n.created_at }));
}

/** The contact's other tickets of the entity (not merged ones), newest first, at most 20. */
export async function otherTicketsOfContact(db: Queryable, ticket: { id: number; contactId: number; entityId: string }): Promise<OtherTicket[]> {
  const { rows } = await db.query<{ id: number; number: number; status: TicketStatus; category: Category; created_at: Date; preview: string | null }>(
    `select o.id, o.number, o.status, o.category, o.created_at,
            (select left(m.text, 160) from messages m where m.ticket_id = o.id and m.direction = 'inbound'
              order by m.sent_at desc, m.id desc limit 1) as preview
       from tickets o
      where o.contact_id = $1 and o.entity_id = $2 and o.id <> $3 and o.merged_into_id is null
      order by o.created_at desc, o.id desc limit 20`,
    [ticket.contactId, ticket.entityId, ticket.id],
  );
  return rows.map((o) => ({ id: o.id, number: o.number, status: o.status, category: o.category, createdAt: o.created_at, preview: o.preview ?? '' }));
}

/** The entity of a ticket, for access checks before acting on it. */
export async function ticketEntity(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>('select entity_id from tickets where id = $1', [id]);
  return rows[0]?.entity_id;
}

// ── Replies ─────────────────────────────────────────────────────────────────────────────────────

export async function loadReplyContext(db: Queryable, ticketId: number): Promise<ReplyContext | undefined> {
  const { rows } = await db.query<{
    channel_id: string;
    platform: string;
    conversation_key: string;
    external_id: string | null;
    kind: MessageKind | null;
    platform_user_id: string | null;
    raw: unknown;
  }>(
    `select t.channel_id, ch.platform, t.conversation_key, m.external_id, m.kind, co.platform_user_id, m.raw
       from tickets t
       join channels ch on ch.id = t.channel_id
       left join lateral (select external_id, kind, contact_id, raw from messages
                           where ticket_id = t.id and direction = 'inbound' order by sent_at desc, id desc limit 1) m on true
       left join contacts co on co.id = m.contact_id
      where t.id = $1`,
    [ticketId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ticketId,
    channelId: row.channel_id,
    platform: row.platform,
    conversationKey: row.conversation_key,
    inReplyTo:
      row.external_id && row.kind && row.platform_user_id
        ? { externalId: row.external_id, kind: row.kind, authorPlatformUserId: row.platform_user_id, raw: row.raw }
        : undefined,
  };
}

/** The reply already queued under this outbox idempotency key, if any. */
export async function queuedReplyByKey(tx: Queryable, idempotencyKey: string): Promise<{ messageId: number } | undefined> {
  const { rows } = await tx.query<{ id: number; message_id: number }>(
    `select id, (payload->>'messageId')::int8 as message_id from outbox where idempotency_key = $1`,
    [idempotencyKey],
  );
  return rows[0] ? { messageId: rows[0].message_id } : undefined;
}

/** Stores a reply as a queued (or draft) outbound message; returns its id. */
export async function insertReplyMessage(
  tx: Queryable,
  reply: {
    ticketId: number;
    channelId: string;
    kind: 'dm' | 'reply';
    visibility: Visibility;
    conversationKey: string;
    parentExternalId: string | null;
    text: string;
    author: string;
    status: 'queued' | 'draft';
    sentBy: 'person' | 'system';
    /** A draft's idempotency key (drafts have no outbox row to carry one). */
    draftKey?: string;
    /** A case letter sent by e-mail or on paper instead of on the channel. */
    letterRoute?: 'email' | 'post';
  },
): Promise<number> {
  const raw = { author: reply.author, ...(reply.draftKey ? { draftKey: reply.draftKey } : {}) };
  const { rows } = await tx.query<{ id: number }>(
    `insert into messages (ticket_id, channel_id, direction, kind, visibility, conversation_key, parent_external_id, text, delivery_status, sent_by, sent_at, raw, letter_route)
     values ($1, $2, 'outbound', $3, $4, $5, $6, $7, $8, $9, now(), $10::jsonb, $11) returning id`,
    [reply.ticketId, reply.channelId, reply.kind, reply.visibility, reply.conversationKey, reply.parentExternalId, reply.text, reply.status, reply.sentBy, JSON.stringify(raw), reply.letterRoute ?? null],
  );
  return rows[0]!.id;
}

export async function loadOutboundReply(db: Queryable, messageId: number): Promise<OutboundReply | undefined> {
  const { rows } = await db.query<OutboundReply>(
    `select id, ticket_id as "ticketId", channel_id as "channelId", text, visibility, delivery_status as "deliveryStatus",
            send_started_at as "sendStartedAt", external_id as "externalId"
       from messages where id = $1 and direction = 'outbound'`,
    [messageId],
  );
  const row = rows[0];
  return row ? { ...row, id: Number(row.id), ticketId: Number(row.ticketId) } : undefined;
}

/**
 * Records that a send attempt starts, before the platform is called: the reply becomes 'sending'.
 * A reply already 'sending' (a lookup found it absent) keeps its first start, so a later lookup
 * covers every attempt. Returns the start.
 */
export async function markReplySending(db: Queryable, messageId: number): Promise<Date> {
  const { rows } = await db.query<{ send_started_at: Date }>(
    `update messages set delivery_status = 'sending', send_started_at = coalesce(send_started_at, now()), delivery_error = null
      where id = $1 returning send_started_at`,
    [messageId],
  );
  return rows[0]!.send_started_at;
}

/** The platform clearly refused before posting (a 429): the next attempt sends without a lookup. */
export async function markReplyNotSent(db: Queryable, messageId: number, reason: string): Promise<void> {
  await db.query(`update messages set delivery_status = 'queued', send_started_at = null, delivery_error = $2 where id = $1`, [messageId, reason]);
}

/** The reply message is on the platform (under `externalId` when known); returns its ticket. */
export async function markMessageSent(
  tx: Queryable,
  messageId: number,
  externalId: string | null,
): Promise<{ ticketId: number; sentBy: 'person' | 'system' | null } | undefined> {
  const { rows } = await tx.query<{ ticket_id: number; sent_by: 'person' | 'system' | null }>(
    `update messages set external_id = coalesce($2, external_id), delivery_status = 'sent', delivery_error = null, sent_at = now()
      where id = $1 returning ticket_id, sent_by`,
    [messageId, externalId],
  );
  return rows[0] ? { ticketId: Number(rows[0].ticket_id), sentBy: rows[0].sent_by } : undefined;
}

/** Locks the ticket and reads its status. */
export async function lockTicketStatus(tx: Queryable, ticketId: number): Promise<TicketStatus | undefined> {
  const { rows } = await tx.query<{ status: TicketStatus }>('select status from tickets where id = $1 for update', [ticketId]);
  return rows[0]?.status;
}

/** Sets the status when one is given and, for a person's reply, stamps the first response (once). */
export async function recordReplySent(tx: Queryable, ticketId: number, status: TicketStatus | null, firstResponse: boolean): Promise<void> {
  await tx.query(
    `update tickets set first_response_at = case when $3 then coalesce(first_response_at, now()) else first_response_at end,
            status = coalesce($2, status), updated_at = now() where id = $1`,
    [ticketId, status, firstResponse],
  );
}

/** The reply ends as 'failed' or 'uncertain' with its reason; returns its ticket. */
export async function endReplyDelivery(tx: Queryable, messageId: number, status: 'failed' | 'uncertain', reason: string): Promise<number | undefined> {
  const { rows } = await tx.query<{ ticket_id: number }>(
    `update messages set delivery_status = $2, delivery_error = $3 where id = $1 returning ticket_id`,
    [messageId, status, reason],
  );
  return rows[0] ? Number(rows[0].ticket_id) : undefined;
}

/** Another message of the channel already carries this platform id (so a lookup's match is not this reply). */
export async function externalIdTaken(db: Queryable, channelId: string, externalId: string, messageId: number): Promise<boolean> {
  const { rows } = await db.query(`select 1 from messages where channel_id = $1 and external_id = $2 and id <> $3`, [channelId, externalId, messageId]);
  return rows.length > 0;
}

/** Locks an outbound message of the ticket; undefined when the ticket has no such reply. */
export async function lockOutboundMessage(
  tx: Queryable,
  ticketId: number,
  messageId: number,
): Promise<{ deliveryStatus: string | null; channelId: string } | undefined> {
  const { rows } = await tx.query<{ delivery_status: string | null; channel_id: string }>(
    `select delivery_status, channel_id from messages where id = $1 and ticket_id = $2 and direction = 'outbound' for update`,
    [messageId, ticketId],
  );
  const row = rows[0];
  return row ? { deliveryStatus: row.delivery_status, channelId: row.channel_id } : undefined;
}

/** The reply is 'queued' again with no earlier attempt on record. */
export async function requeueReply(tx: Queryable, messageId: number): Promise<void> {
  await tx.query(`update messages set delivery_status = 'queued', send_started_at = null, delivery_error = null where id = $1`, [messageId]);
}

// ── Merge ───────────────────────────────────────────────────────────────────────────────────────

export interface MergeRow {
  id: number;
  entity_id: string;
  contact_id: number;
  category: Category;
  merged_into_id: number | null;
  message_count: number;
  last_message_at: Date | null;
}

/** Locks both tickets in id order, as every multi-ticket lock does (no deadlock between concurrent writers). */
export async function lockTicketsForMerge(tx: Queryable, ids: number[]): Promise<MergeRow[]> {
  const { rows } = await tx.query<MergeRow>(
    `select id, entity_id, contact_id, category, merged_into_id, message_count, last_message_at
       from tickets where id = any($1::int8[]) order by id for update`,
    [ids],
  );
  return rows;
}

export async function moveMessages(tx: Queryable, toTicketId: number, fromTicketId: number): Promise<void> {
  await tx.query('update messages set ticket_id = $1 where ticket_id = $2', [toTicketId, fromTicketId]);
}

export async function moveNotes(tx: Queryable, toTicketId: number, fromTicketId: number): Promise<void> {
  await tx.query('update ticket_notes set ticket_id = $1 where ticket_id = $2', [toTicketId, fromTicketId]);
}

export async function copyTags(tx: Queryable, toTicketId: number, fromTicketId: number): Promise<void> {
  await tx.query(
    `insert into ticket_tags (ticket_id, entity_id, tag) select $1, entity_id, tag from ticket_tags where ticket_id = $2 on conflict do nothing`,
    [toTicketId, fromTicketId],
  );
}

export async function deleteAllTags(tx: Queryable, ticketId: number): Promise<void> {
  await tx.query('delete from ticket_tags where ticket_id = $1', [ticketId]);
}

/** Moves the complaint when the target has none; whether it moved. */
export async function moveComplaint(tx: Queryable, toTicketId: number, fromTicketId: number): Promise<boolean> {
  const moved = await tx.query(
    `update complaints set ticket_id = $1, updated_at = now() where ticket_id = $2 and not exists (select 1 from complaints where ticket_id = $1)`,
    [toTicketId, fromTicketId],
  );
  return moved.rowCount > 0;
}

/** The target takes over the source's messages (count, latest) and gets its new category. */
export async function addMergedMessages(
  tx: Queryable,
  targetId: number,
  source: { messageCount: number; lastMessageAt: Date | null },
  category: Category,
): Promise<void> {
  await tx.query(
    `update tickets set message_count = message_count + $2, last_message_at = greatest(last_message_at, $3::timestamptz),
            category = $4, updated_at = now()
      where id = $1`,
    [targetId, source.messageCount, source.lastMessageAt, category],
  );
}

/** The source is closed, empty, and points at the target. */
export async function closeAsMerged(tx: Queryable, sourceId: number, targetId: number): Promise<void> {
  await tx.query(
    `update tickets set merged_into_id = $2, status = 'closed', closed_at = coalesce(closed_at, now()), message_count = 0, updated_at = now()
      where id = $1`,
    [sourceId, targetId],
  );
}

// ── Re-tag ──────────────────────────────────────────────────────────────────────────────────────

export interface RetagRow {
  category: Category;
  entity_id: string;
  complaint_id: number | null;
  complaint_status: string | null;
  withdrawn_at: Date | null;
  notified_at: Date | null;
}

/** Locks the ticket (not its complaint) and reads its category and complaint, if any. */
export async function lockTicketForRetag(tx: Queryable, ticketId: number): Promise<RetagRow | undefined> {
  const { rows } = await tx.query<RetagRow>(
    `select t.category, t.entity_id, c.id as complaint_id, c.status as complaint_status, c.withdrawn_at, c.notified_at
       from tickets t left join complaints c on c.ticket_id = t.id where t.id = $1 for update of t`,
    [ticketId],
  );
  return rows[0];
}

/** The category stays; that a person confirmed it is recorded (and it needs no more checking). */
export async function confirmCategory(tx: Queryable, ticketId: number): Promise<void> {
  await tx.query(`update tickets set category_source = 'manual', to_check = false, updated_at = now() where id = $1`, [ticketId]);
}

export async function setManualCategory(tx: Queryable, ticketId: number, category: Category): Promise<void> {
  await tx.query(
    `update tickets set category = $2, category_source = 'manual', category_confidence = null, to_check = false, updated_at = now() where id = $1`,
    [ticketId, category],
  );
}

export async function insertClassificationCorrection(
  tx: Queryable,
  correction: { ticketId: number; from: Category; to: Category; actor: string; reason: string | null },
): Promise<void> {
  await tx.query(
    `insert into classification_corrections (ticket_id, from_category, to_category, actor, reason) values ($1, $2, $3, $4, $5)`,
    [correction.ticketId, correction.from, correction.to, correction.actor, correction.reason],
  );
}

/** A withdrawn complaint becomes 'received' again, as if new (not notified). */
export async function reopenComplaint(tx: Queryable, complaintId: number): Promise<void> {
  await tx.query(`update complaints set status = 'received', withdrawn_at = null, withdrawn_reason = null, notified_at = null, updated_at = now() where id = $1`, [complaintId]);
}

/** A new or pending ticket becomes open. */
export async function openWaitingTicket(tx: Queryable, ticketId: number): Promise<void> {
  await tx.query(`update tickets set status = 'open' where id = $1 and status in ('new', 'pending')`, [ticketId]);
}

export async function withdrawComplaint(tx: Queryable, complaintId: number, reason: string): Promise<void> {
  await tx.query(`update complaints set status = 'withdrawn', withdrawn_at = now(), withdrawn_reason = $2, updated_at = now() where id = $1`, [
    complaintId,
    reason,
  ]);
}

// ── Workflow: update, claim, bulk ───────────────────────────────────────────────────────────────

export interface LockedTicket {
  id: number;
  entity_id: string;
  status: TicketStatus;
  priority: Priority;
  assignee_id: number | null;
  merged_into_id: number | null;
}

// Resolving and closing stamp the time once; moving back to a working status clears it.
const SET_STATUS = `
  status = v.status,
  resolved_at = case when v.status = 'resolved' then coalesce(t.resolved_at, now())
                     when v.status in ('new', 'open', 'pending') then null else t.resolved_at end,
  closed_at = case when v.status = 'closed' then coalesce(t.closed_at, now())
                   when v.status in ('new', 'open', 'pending') then null else t.closed_at end`;

/** Locks the tickets in id order. */
export async function lockTickets(tx: Queryable, ids: number[]): Promise<LockedTicket[]> {
  const { rows } = await tx.query<LockedTicket>(
    'select id, entity_id, status, priority, assignee_id, merged_into_id from tickets where id = any($1::int8[]) order by id for update',
    [ids],
  );
  return rows;
}

export async function updateTicketFields(
  tx: Queryable,
  ticketId: number,
  next: { status: TicketStatus; priority: Priority; assigneeId: number | null },
): Promise<void> {
  await tx.query(
    `update tickets t set ${SET_STATUS}, priority = v.priority, assignee_id = v.assignee_id, updated_at = now()
       from (select $2::text as status, $3::text as priority, $4::int8 as assignee_id) v
      where t.id = $1`,
    [ticketId, next.status, next.priority, next.assigneeId],
  );
}

/** Gives the ticket to the user; a new ticket becomes open. */
export async function assignClaimedTicket(tx: Queryable, ticketId: number, userId: number): Promise<void> {
  await tx.query(
    `update tickets set assignee_id = $2, status = case when status = 'new' then 'open' else status end, updated_at = now() where id = $1`,
    [ticketId, userId],
  );
}

export async function assignTickets(tx: Queryable, ticketIds: number[], assigneeId: number | null): Promise<void> {
  await tx.query('update tickets set assignee_id = $2, updated_at = now() where id = any($1::int8[])', [ticketIds, assigneeId]);
}

export async function closeTickets(tx: Queryable, ticketIds: number[]): Promise<void> {
  await tx.query(
    `update tickets t set ${SET_STATUS}, updated_at = now() from (select 'closed'::text as status) v where t.id = any($1::int8[])`,
    [ticketIds],
  );
}

/** Ticket id → its tags (tickets without tags are absent). */
export async function tagsOfTickets(tx: Queryable, ticketIds: number[]): Promise<Map<number, string[]>> {
  const { rows } = await tx.query<{ ticket_id: number; tags: string[] }>(
    'select ticket_id, array_agg(tag) as tags from ticket_tags where ticket_id = any($1::int8[]) group by ticket_id',
    [ticketIds],
  );
  return new Map(rows.map((r) => [r.ticket_id, r.tags]));
}

export async function touchTickets(tx: Queryable, ticketIds: number[]): Promise<void> {
  await tx.query('update tickets set updated_at = now() where id = any($1::int8[])', [ticketIds]);
}

// ── Round-robin: planning new tickets ───────────────────────────────────────────────────────────

/**
 * With round-robin on, batches of the entity's channels take turns here until commit, so two
 * concurrent batches never hand out the same turn (other entities, and entities without it, go on).
 */
export async function lockAssignmentTurns(tx: Queryable, entityId: string): Promise<void> {
  await tx.query(
    `select pg_advisory_xact_lock(hashtext('assign:' || id)) from entities where id = $1 and settings->>'autoAssign' = 'round_robin'`,
    [entityId],
  );
}

/**
 * The entity's calendar and targets and, when auto-assign is 'round_robin', its active agents least
 * recently assigned first (null otherwise), in one statement; undefined when the entity does not exist.
 */
export async function slaAndTurnOrder(tx: Queryable, entityId: string): Promise<(SlaRow & { agents: number[] | null }) | undefined> {
  const { rows } = await tx.query<SlaRow & { agents: number[] | null }>(
    `select s.*,
            case when e.settings->>'autoAssign' = 'round_robin' then
              (select coalesce(jsonb_agg(u.id order by turn.last_assigned_at nulls first, u.id), '[]'::jsonb)
                 from users u
                 join user_entities ue on ue.user_id = u.id and ue.entity_id = e.id
                 left join assignment_turns turn on turn.entity_id = e.id and turn.user_id = u.id
                where u.role = 'agent' and not u.disabled)
            end as agents
       from (${SLA_SELECT_FOR_ENTITY}) s, entities e where e.id = $1`,
    [entityId],
  );
  return rows[0];
}

/** Agent → their last turn of the batch (0-based), stored a microsecond apart per turn from now. */
export async function saveAssignmentTurns(tx: Queryable, entityId: string, lastTurn: Map<number, number>): Promise<void> {
  await tx.query(
    `insert into assignment_turns (entity_id, user_id, last_assigned_at)
     select $1, v.user_id, now() + make_interval(secs => v.turn / 1000000.0)
       from unnest($2::int8[], $3::int[]) as v(user_id, turn)
     on conflict (entity_id, user_id) do update set last_assigned_at = excluded.last_assigned_at`,
    [entityId, [...lastTurn.keys()], [...lastTurn.values()]],
  );
}

/** Ticket id → priority. */
export async function ticketPriorities(tx: Queryable, ticketIds: number[]): Promise<Map<number, Priority>> {
  const { rows } = await tx.query<{ id: number; priority: Priority }>('select id, priority from tickets where id = any($1::int8[])', [ticketIds]);
  return new Map(rows.map((row) => [row.id, row.priority]));
}

/** `dueAt[i]` is the new resolution due date of `ticketIds[i]`. */
export async function setResolutionDueDates(tx: Queryable, ticketIds: number[], dueAt: Date[]): Promise<void> {
  await tx.query(
    `update tickets t set resolution_due_at = v.due from unnest($1::int8[], $2::timestamptz[]) as v(id, due) where t.id = v.id`,
    [ticketIds, dueAt],
  );
}

// ── Assignees ───────────────────────────────────────────────────────────────────────────────────

/** A person a ticket of the entity can be given to: an account that is not disabled and works for that entity. */
export async function isAssignable(db: Queryable, userId: number, entityId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from users u join user_entities ue on ue.user_id = u.id where u.id = $1 and ue.entity_id = $2 and not u.disabled`,
    [userId, entityId],
  );
  return rows.length > 0;
}

/** The entities a user can be assigned tickets of ([] for an unknown or disabled account). */
export async function assignableEntities(db: Queryable, userId: number): Promise<Set<string>> {
  const { rows } = await db.query<{ entity_id: string }>(
    `select ue.entity_id from users u join user_entities ue on ue.user_id = u.id where u.id = $1 and not u.disabled`,
    [userId],
  );
  return new Set(rows.map((r) => r.entity_id));
}

export async function userName(db: Queryable, userId: number): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('select name from users where id = $1', [userId]);
  return rows[0]?.name;
}

/** Who tickets of these entities can be given to: active accounts of at least one of them (names only, no e-mail). */
export async function listAssignees(db: Queryable, entities: string[]): Promise<Assignee[]> {
  const { rows } = await db.query<Assignee>(
    `select u.id, u.name, u.role, array_agg(ue.entity_id order by ue.entity_id) as entities
       from users u join user_entities ue on ue.user_id = u.id
      where not u.disabled and ue.entity_id = any($1::text[])
      group by u.id order by lower(u.name), u.id`,
    [entities],
  );
  return rows;
}

// ── Notes ───────────────────────────────────────────────────────────────────────────────────────

/** Locks the ticket a note is added to; undefined when it does not exist. */
export async function lockTicketForNote(tx: Queryable, ticketId: number): Promise<{ entityId: string } | undefined> {
  const ticket = await tx.query<{ entity_id: string }>('select entity_id from tickets where id = $1 for update', [ticketId]);
  const entityId = ticket.rows[0]?.entity_id;
  return entityId === undefined ? undefined : { entityId };
}

export async function insertNote(
  tx: Queryable,
  note: { ticketId: number; authorId: number | null; authorName: string; text: string },
): Promise<{ id: number; createdAt: Date }> {
  const { rows } = await tx.query<{ id: number; created_at: Date }>(
    'insert into ticket_notes (ticket_id, author_id, author_name, text) values ($1, $2, $3, $4) returning id, created_at',
    [note.ticketId, note.authorId, note.authorName, note.text],
  );
  const created = rows[0]!;
  return { id: created.id, createdAt: created.created_at };
}

/** Marks the ticket as changed now (a note or tags count as a change). */
export async function touchTicketUpdatedAt(tx: Queryable, ticketId: number): Promise<void> {
  await tx.query('update tickets set updated_at = now() where id = $1', [ticketId]);
}

// ── Tags ────────────────────────────────────────────────────────────────────────────────────────

/** Locks the ticket whose tags change; undefined when it does not exist. */
export async function lockTicketForTags(tx: Queryable, ticketId: number): Promise<{ entityId: string; mergedIntoId: number | null } | undefined> {
  const { rows } = await tx.query<{ entity_id: string; merged_into_id: number | null }>(
    'select entity_id, merged_into_id from tickets where id = $1 for update',
    [ticketId],
  );
  const ticket = rows[0];
  return ticket ? { entityId: ticket.entity_id, mergedIntoId: ticket.merged_into_id } : undefined;
}

export async function ticketTagList(db: Queryable, ticketId: number): Promise<string[]> {
  const { rows } = await db.query<{ tag: string }>('select tag from ticket_tags where ticket_id = $1 order by tag', [ticketId]);
  return rows.map((r) => r.tag);
}

export async function deleteTicketTags(tx: Queryable, ticketId: number, tags: string[]): Promise<void> {
  await tx.query('delete from ticket_tags where ticket_id = $1 and tag = any($2::text[])', [ticketId, tags]);
}

export async function insertTicketTags(tx: Queryable, entityId: string, pairs: Array<{ ticketId: number; tag: string }>): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    `insert into ticket_tags (ticket_id, entity_id, tag) select v.ticket_id, $1, v.tag from unnest($2::int8[], $3::text[]) as v(ticket_id, tag)
     on conflict do nothing`,
    [entityId, pairs.map((p) => p.ticketId), pairs.map((p) => p.tag)],
  );
}

/** Tags in use and on how many tickets, within these entities (undefined = all). */
export async function tagCountRows(db: Queryable, scope: { entities?: string[]; entity?: string }): Promise<Array<{ tag: string; count: number }>> {
  const { rows } = await db.query<{ tag: string; count: number }>(
    `select tag, count(*)::int8 as count from ticket_tags
      where ($1::text[] is null or entity_id = any($1::text[])) and ($2::text is null or entity_id = $2)
      group by tag order by count(*) desc, tag limit 500`,
    [scope.entities ?? null, scope.entity ?? null],
  );
  return rows;
}

// ── History ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The ticket's audit rows, oldest first; user ids and actors become names, texts never appear.
 * `personActions` are the actions whose from/to are user ids.
 */
export async function ticketActivityRows(db: Queryable, ticketId: number, personActions: string[]): Promise<TicketActivity[]> {
  const { rows } = await db.query<TicketActivity>(
    `select a.at,
            coalesce((select u.name from users u where 'user:' || u.email = a.actor), a.actor) as actor,
            a.action,
            case when a.action = any($2::text[]) then (select u.name from users u where u.id::text = a.details->>'from') else a.details->>'from' end as "from",
            case when a.action = any($2::text[]) then (select u.name from users u where u.id::text = a.details->>'to') else a.details->>'to' end as "to",
            a.details->>'reason' as reason,
            coalesce(array(select jsonb_array_elements_text(case when jsonb_typeof(a.details->'added') = 'array' then a.details->'added' else '[]'::jsonb end)), '{}') as added,
            coalesce(array(select jsonb_array_elements_text(case when jsonb_typeof(a.details->'removed') = 'array' then a.details->'removed' else '[]'::jsonb end)), '{}') as removed
       from audit_log a
      where a.subject_type = 'ticket' and a.subject_id = $1
      order by a.id`,
    [String(ticketId), personActions],
  );
  return rows;
}

// ── SLA policies ────────────────────────────────────────────────────────────────────────────────

export interface SlaRow {
  time_zone: string;
  business_hours: BusinessPeriod[] | null;
  holidays: string[] | null;
  policies: Array<{ priority: Priority; firstResponseMinutes: number; resolutionMinutes: number }> | null;
}

/** One statement for an entity's calendar and targets; also used once per ingest batch. */
const SLA_SELECT = `
  select e.time_zone, c.business_hours, c.holidays,
         (select jsonb_agg(jsonb_build_object('priority', p.priority, 'firstResponseMinutes', p.first_response_minutes,
                                              'resolutionMinutes', p.resolution_minutes))
            from sla_policies p where p.entity_id = e.id) as policies
    from entities e left join sla_calendars c on c.entity_id = e.id`;

/** The same for one entity ($1): ingest selects it together with the entity's auto-assign agents. */
export const SLA_SELECT_FOR_ENTITY = `${SLA_SELECT} where e.id = $1`;

/** The entity's calendar and own targets as stored; undefined when the entity does not exist. */
export async function slaSettingsRow(db: Queryable, entityId: string): Promise<SlaRow | undefined> {
  const { rows } = await db.query<SlaRow>(SLA_SELECT_FOR_ENTITY, [entityId]);
  return rows[0];
}

export async function upsertSlaCalendar(tx: Queryable, entityId: string, businessHours: BusinessPeriod[], holidays: string[]): Promise<void> {
  await tx.query(
    `insert into sla_calendars (entity_id, business_hours, holidays) values ($1, $2::jsonb, $3::jsonb)
     on conflict (entity_id) do update set business_hours = excluded.business_hours, holidays = excluded.holidays, updated_at = now()`,
    [entityId, JSON.stringify(businessHours), JSON.stringify(holidays)],
  );
}

export async function deleteSlaPolicies(tx: Queryable, entityId: string): Promise<void> {
  await tx.query('delete from sla_policies where entity_id = $1', [entityId]);
}

export async function insertSlaPolicies(tx: Queryable, entityId: string, policies: SlaTarget[]): Promise<void> {
  await tx.query(
    `insert into sla_policies (entity_id, priority, first_response_minutes, resolution_minutes)
     select $1, * from unnest($2::text[], $3::int[], $4::int[])`,
    [entityId, policies.map((p) => p.priority), policies.map((p) => p.firstResponseMinutes), policies.map((p) => p.resolutionMinutes)],
  );
}

/**
 * The entity's tickets whose SLA clock still runs (or only those of `ticketIds`): not resolved,
 * closed or merged.
 */
export async function ticketsWithRunningSla(
  tx: Queryable,
  entityId: string,
  ticketIds: number[] | undefined,
): Promise<Array<{ id: number; created_at: Date; priority: Priority }>> {
  const { rows } = await tx.query<{ id: number; created_at: Date; priority: Priority }>(
    `select id, created_at, priority from tickets
      where entity_id = $1 and status not in ('resolved', 'closed') and merged_into_id is null
        and ($2::int8[] is null or id = any($2::int8[]))`,
    [entityId, ticketIds ?? null],
  );
  return rows;
}

export async function updateTicketDueDates(
  tx: Queryable,
  due: Array<{ id: number; firstResponseDueAt: Date | null; resolutionDueAt: Date | null }>,
): Promise<void> {
  await tx.query(
    `update tickets t set first_response_due_at = v.first_due, resolution_due_at = v.resolution_due
       from unnest($1::int8[], $2::timestamptz[], $3::timestamptz[]) as v(id, first_due, resolution_due)
      where t.id = v.id`,
    [due.map((d) => d.id), due.map((d) => d.firstResponseDueAt), due.map((d) => d.resolutionDueAt)],
  );
}

// ── Canned responses ────────────────────────────────────────────────────────────────────────────

export interface CannedRow {
  id: number;
  entity_id: string;
  lang: CannedLanguage;
  title: string;
  body: string;
  created_at: Date;
  updated_at: Date;
}

const CANNED_COLUMNS = 'id, entity_id, lang, title, body, created_at, updated_at';

/** Within these entities (undefined = all), optionally one entity and one language; by title. */
export async function cannedResponseRows(
  db: Queryable,
  filter: { entities?: string[]; entity?: string; lang?: CannedLanguage },
): Promise<CannedRow[]> {
  const { rows } = await db.query<CannedRow>(
    `select ${CANNED_COLUMNS} from canned_responses
      where ($1::text[] is null or entity_id = any($1::text[])) and ($2::text is null or entity_id = $2) and ($3::text is null or lang = $3)
      order by lower(title), id`,
    [filter.entities ?? null, filter.entity ?? null, filter.lang ?? null],
  );
  return rows;
}

export async function cannedResponseRow(db: Queryable, id: number): Promise<CannedRow | undefined> {
  const { rows } = await db.query<CannedRow>(`select ${CANNED_COLUMNS} from canned_responses where id = $1`, [id]);
  return rows[0];
}

export async function insertCannedResponse(
  db: Queryable,
  input: { entity: string; lang: CannedLanguage; title: string; body: string; createdBy: string },
): Promise<CannedRow> {
  const { rows } = await db.query<CannedRow>(
    `insert into canned_responses (entity_id, lang, title, body, created_by) values ($1, $2, $3, $4, $5) returning ${CANNED_COLUMNS}`,
    [input.entity, input.lang, input.title, input.body, input.createdBy],
  );
  return rows[0]!;
}

/** Changes the fields given (others kept); undefined when there is no such canned response. */
export async function updateCannedResponseRow(
  db: Queryable,
  id: number,
  change: { lang?: CannedLanguage; title?: string; body?: string },
): Promise<CannedRow | undefined> {
  const { rows } = await db.query<CannedRow>(
    `update canned_responses set lang = coalesce($2, lang), title = coalesce($3, title), body = coalesce($4, body), updated_at = now()
      where id = $1 returning ${CANNED_COLUMNS}`,
    [id, change.lang ?? null, change.title ?? null, change.body ?? null],
  );
  return rows[0];
}

/** Whether a row was deleted. */
export async function deleteCannedResponseRow(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('delete from canned_responses where id = $1', [id]);
  return rowCount > 0;
}

/** What the variables of a canned response stand for on one ticket (see src/tickets/canned.ts). */
export async function cannedValuesRow(
  db: Queryable,
  ticketId: number,
): Promise<{ entity_id: string; name: string | null; handle: string | null; number: number; entity_name: string } | undefined> {
  const { rows } = await db.query<{ entity_id: string; name: string | null; handle: string | null; number: number; entity_name: string }>(
    `select t.entity_id, co.name, co.handle, t.number, e.name as entity_name
       from tickets t join contacts co on co.id = t.contact_id join entities e on e.id = t.entity_id where t.id = $1`,
    [ticketId],
  );
  return rows[0];
}

// ── Saved views ─────────────────────────────────────────────────────────────────────────────────

export interface SavedViewRow {
  id: number;
  name: string;
  filter: Record<string, unknown>;
  shared: boolean;
  entity_id: string | null;
  user_id: number;
  owner_name: string;
  created_at: Date;
}

const SAVED_VIEW_SELECT = `select v.id, v.name, v.filter, v.shared, v.entity_id, v.user_id, u.name as owner_name, v.created_at
  from saved_views v join users u on u.id = v.user_id`;

/** The user's own views (first) and those shared within `entities` (undefined = every shared view). */
export async function savedViewRows(db: Queryable, viewer: { userId: number | null; entities?: string[] }): Promise<SavedViewRow[]> {
  const { rows } = await db.query<SavedViewRow>(
    `${SAVED_VIEW_SELECT} where v.user_id = $1 or (v.shared and ($2::text[] is null or v.entity_id = any($2::text[])))
      order by (v.user_id = $1) desc nulls last, lower(v.name), v.id`,
    [viewer.userId, viewer.entities ?? null],
  );
  return rows;
}

export async function savedViewRow(db: Queryable, id: number): Promise<SavedViewRow | undefined> {
  const { rows } = await db.query<SavedViewRow>(`${SAVED_VIEW_SELECT} where v.id = $1`, [id]);
  return rows[0];
}

/** Returns the new view's id. */
export async function insertSavedView(
  db: Queryable,
  view: { userId: number; name: string; filter: Record<string, unknown>; shared: boolean; entity: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'insert into saved_views (user_id, entity_id, name, filter, shared) values ($1, $2, $3, $4::jsonb, $5) returning id',
    [view.userId, view.entity, view.name, JSON.stringify(view.filter), view.shared],
  );
  return rows[0]!.id;
}

export async function deleteSavedView(db: Queryable, id: number): Promise<void> {
  await db.query('delete from saved_views where id = $1', [id]);
}

// ── Corrections (for retraining the classifier) ───────────────────────────────────────────────

export interface LatestCorrection {
  id: number;
  /** The ticket's first citizen message. */
  text: string;
  toCategory: string;
  fromCategory: string;
  lang: string | null;
  platform: string;
  entityId: string;
  createdAt: Date;
}

/** The latest correction of each ticket (made since `since`, when given), by ticket id. */
export async function latestCorrections(db: Queryable, since: Date | null): Promise<LatestCorrection[]> {
  const { rows } = await db.query<{
    id: number;
    text: string;
    to_category: string;
    from_category: string;
    lang: string | null;
    platform: string;
    entity_id: string;
    created_at: Date;
  }>(
    `select distinct on (cc.ticket_id) cc.id, m.text, cc.to_category, cc.from_category, m.lang, ch.platform, t.entity_id, cc.created_at
       from classification_corrections cc
       join tickets t on t.id = cc.ticket_id
       join channels ch on ch.id = t.channel_id
       join lateral (select text, lang from messages where ticket_id = t.id and direction = 'inbound' order by sent_at, id limit 1) m on true
      where ($1::timestamptz is null or cc.created_at >= $1)
      order by cc.ticket_id, cc.created_at desc, cc.id desc`,
    [since],
  );
  return rows.map((row) => ({
    id: row.id,
    text: row.text,
    toCategory: row.to_category,
    fromCategory: row.from_category,
    lang: row.lang,
    platform: row.platform,
    entityId: row.entity_id,
    createdAt: row.created_at,
  }));
}

// ── Drafts (messages the system prepared, sent when a person approves) ──────────────────────────

/** The draft of the ticket prepared under this key, if there is one. */
export async function draftByKey(tx: Queryable, ticketId: number, draftKey: string): Promise<number | undefined> {
  const { rows } = await tx.query<{ id: number }>(
    `select id from messages where ticket_id = $1 and direction = 'outbound' and raw->>'draftKey' = $2`,
    [ticketId, draftKey],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}

/** Locks a draft of the ticket; undefined when the ticket has no such draft. */
export async function lockDraft(
  tx: Queryable,
  ticketId: number,
  messageId: number,
): Promise<{ text: string; draftKey: string | null; channelId: string; platform: string; visibility: Visibility } | undefined> {
  const { rows } = await tx.query<{ text: string; draft_key: string | null; channel_id: string; platform: string; visibility: Visibility }>(
    `select m.text, m.raw->>'draftKey' as draft_key, m.channel_id, ch.platform, m.visibility
       from messages m join channels ch on ch.id = m.channel_id
      where m.id = $1 and m.ticket_id = $2 and m.direction = 'outbound' and m.delivery_status = 'draft' for update of m`,
    [messageId, ticketId],
  );
  const row = rows[0];
  return row ? { text: row.text, draftKey: row.draft_key, channelId: row.channel_id, platform: row.platform, visibility: row.visibility } : undefined;
}

/** A person approved the draft (with this text): it is queued as theirs. */
export async function approveDraftMessage(tx: Queryable, messageId: number, text: string, author: string): Promise<void> {
  await tx.query(
    `update messages set text = $2, delivery_status = 'queued', sent_by = 'person', sent_at = now(),
            raw = coalesce(raw, '{}'::jsonb) || jsonb_build_object('author', $3::text) where id = $1`,
    [messageId, text, author],
  );
}

export async function deleteDraft(tx: Queryable, messageId: number): Promise<void> {
  await tx.query(`delete from messages where id = $1 and delivery_status = 'draft'`, [messageId]);
}

/** Assigns an unassigned ticket to the user; whether it did. */
export async function claimIfUnassigned(tx: Queryable, ticketId: number, userId: number): Promise<boolean> {
  const { rows } = await tx.query(`update tickets set assignee_id = $2, updated_at = now() where id = $1 and assignee_id is null returning id`, [ticketId, userId]);
  return rows.length > 0;
}

// ── The workspace: snooze, read state, presence ─────────────────────────────────────────────────

/**
 * The condition "the ticket is snoozed at `now`" (a placeholder): until a time that has not passed,
 * or, without a time, until the citizen writes again. The same rule as activeSnooze() in snooze.ts.
 */
function snoozedCondition(now: string): string {
  // never null (a ticket without a snooze time would drop out of `not …` as well)
  return `(coalesce(t.snoozed_until > ${now}::timestamptz, false) or (t.snoozed_until is null and t.snoozed_until_reply))`;
}

/**
 * The opposite of snoozedCondition, as a WHERE clause, written so the planner estimates it from the
 * columns' statistics (nearly every ticket): `not (coalesce(…))` it guesses at a half, and then prefers
 * sorting a whole entity's category over reading its index in order to a deep page.
 */
function notSnoozedCondition(now: string): string {
  return `((t.snoozed_until is null and not t.snoozed_until_reply) or t.snoozed_until <= ${now}::timestamptz)`;
}

/**
 * The summary column `unread` for a reader (a placeholder holding a user id, or null: then false): the
 * ticket has a citizen message stored after the newest one the reader had when they last read it.
 */
function unreadColumn(reader: string): string {
  return `(${reader}::int8 is not null and coalesce(
    (select max(m.id) from messages m where m.ticket_id = t.id and m.direction = 'inbound')
      > coalesce((select r.last_read_message_id from ticket_reads r where r.user_id = ${reader}::int8 and r.ticket_id = t.id), 0),
    false)) as unread`;
}

export interface SnoozeRow {
  entity_id: string;
  status: TicketStatus;
  merged_into_id: number | null;
  snoozed_until: Date | null;
  snoozed_until_reply: boolean;
}

/** Locks the ticket whose snooze changes; undefined when it does not exist. */
export async function lockTicketForSnooze(tx: Queryable, ticketId: number): Promise<SnoozeRow | undefined> {
  const { rows } = await tx.query<SnoozeRow>(
    'select entity_id, status, merged_into_id, snoozed_until, snoozed_until_reply from tickets where id = $1 for update',
    [ticketId],
  );
  return rows[0];
}

/** Sets (or, with null and false, clears) the snooze; the ticket's updated_at stays: a snooze is no news. */
export async function setTicketSnooze(tx: Queryable, ticketId: number, until: Date | null, untilReply: boolean): Promise<void> {
  await tx.query('update tickets set snoozed_until = $2, snoozed_until_reply = $3 where id = $1', [ticketId, until, untilReply]);
}

/** The user has read the ticket up to its newest citizen message (never moves back). */
export async function upsertTicketRead(db: Queryable, ticketId: number, userId: number, at: Date): Promise<void> {
  await db.query(
    `insert into ticket_reads (ticket_id, user_id, last_read_message_id, read_at)
     select $1, $2, coalesce(max(m.id), 0), $3 from messages m where m.ticket_id = $1 and m.direction = 'inbound'
     on conflict (user_id, ticket_id) do update
       set last_read_message_id = greatest(ticket_reads.last_read_message_id, excluded.last_read_message_id), read_at = excluded.read_at`,
    [ticketId, userId, at],
  );
}

/** Records that the user is on the ticket in this state at `at`; returns the row as it was before (undefined: none). */
export async function upsertPresence(
  db: Queryable,
  presence: { ticketId: number; userId: number; state: 'viewing' | 'typing'; at: Date },
): Promise<{ state: string; seenAt: Date } | undefined> {
  const { rows } = await db.query<{ state: string | null; seen_at: Date | null }>(
    // `previous` reads the statement's snapshot, before the upsert (a FOR UPDATE there would see nothing:
    // the row is changed by this same statement); two heartbeats at once at worst both announce
    `with previous as (select state, seen_at from ticket_presence where ticket_id = $1 and user_id = $2),
          upserted as (
            insert into ticket_presence (ticket_id, user_id, state, seen_at) values ($1, $2, $3, $4)
            on conflict (ticket_id, user_id) do update set state = excluded.state, seen_at = excluded.seen_at
            returning 1)
     select (select state from previous) as state, (select seen_at from previous) as seen_at from upserted`,
    [presence.ticketId, presence.userId, presence.state, presence.at],
  );
  const row = rows[0];
  return row?.state && row.seen_at ? { state: row.state, seenAt: row.seen_at } : undefined;
}

/** The people seen on the ticket after `since`, but `exceptUserId`; by name. */
export async function ticketPresenceRows(
  db: Queryable,
  ticketId: number,
  since: Date,
  exceptUserId: number | null,
): Promise<Array<{ userId: number; name: string; state: 'viewing' | 'typing' }>> {
  const { rows } = await db.query<{ user_id: number; name: string; state: 'viewing' | 'typing' }>(
    `select p.user_id, u.name, p.state from ticket_presence p join users u on u.id = p.user_id
      where p.ticket_id = $1 and p.seen_at > $2 and ($3::int8 is null or p.user_id <> $3) and not u.disabled
      order by u.name, p.user_id`,
    [ticketId, since, exceptUserId],
  );
  return rows.map((row) => ({ userId: row.user_id, name: row.name, state: row.state }));
}

// ── Attachments ─────────────────────────────────────────────────────────────────────────────────

/** A message of the ticket with its channel and stored attachments; undefined when the ticket has no such message. */
export async function messageAttachments(db: Queryable, ticketId: number, messageId: number): Promise<{ channelId: string; attachments: Attachment[] } | undefined> {
  const { rows } = await db.query<{ channel_id: string; attachments: Attachment[] | null }>(
    'select channel_id, attachments from messages where id = $1 and ticket_id = $2',
    [messageId, ticketId],
  );
  const row = rows[0];
  return row ? { channelId: row.channel_id, attachments: Array.isArray(row.attachments) ? row.attachments : [] } : undefined;
}

/** The ticket's complaint case with what its terms need (the entity's time zone), for the ticket view's banner. */
export async function ticketCaseRow(db: Queryable, ticketId: number): Promise<TicketCaseRow | undefined> {
  const { rows } = await db.query<TicketCaseRow>(
    `select c.id, c.status as state, c.received_at as "receivedAt", c.acknowledged_at as "acknowledgedAt", c.declined_at as "declinedAt",
            c.answered_at as "answeredAt", e.time_zone as "timeZone"
       from complaints c join entities e on e.id = c.entity_id
      where c.ticket_id = $1
      order by c.id desc limit 1`,
    [ticketId],
  );
  const row = rows[0];
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export interface TicketCaseRow {
  id: number;
  state: CaseState;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  declinedAt: Date | null;
  answeredAt: Date | null;
  timeZone: string;
}
