import type { Queryable } from '../db/db.js';
import type { CannedLanguage } from './canned-responses.js';
import type { TicketActivity } from './history.js';
import type { BusinessPeriod, SlaTarget } from './sla.js';
import type { Priority } from './ticket.js';

/**
 * The SQL of notes, tags, history, SLA policies, canned responses and saved views. Each function is
 * one statement; the use cases in the feature files open the transactions and apply the rules.
 */

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
