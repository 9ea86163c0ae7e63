import type { Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';

export const CANNED_LANGUAGES = ['nl', 'fr', 'en'] as const;
export type CannedLanguage = (typeof CANNED_LANGUAGES)[number];

export interface CannedResponse {
  id: number;
  entity: string;
  lang: CannedLanguage;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

interface CannedRow {
  id: number;
  entity_id: string;
  lang: CannedLanguage;
  title: string;
  body: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, entity_id, lang, title, body, created_at, updated_at';

function toCanned(row: CannedRow): CannedResponse {
  return { id: row.id, entity: row.entity_id, lang: row.lang, title: row.title, body: row.body, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Within these entities (undefined = all), optionally one entity and one language; by title. */
export async function listCannedResponses(
  db: Queryable,
  filter: { entities?: string[]; entity?: string; lang?: CannedLanguage },
): Promise<CannedResponse[]> {
  const { rows } = await db.query<CannedRow>(
    `select ${COLUMNS} from canned_responses
      where ($1::text[] is null or entity_id = any($1::text[])) and ($2::text is null or entity_id = $2) and ($3::text is null or lang = $3)
      order by lower(title), id`,
    [filter.entities ?? null, filter.entity ?? null, filter.lang ?? null],
  );
  return rows.map(toCanned);
}

export async function getCannedResponse(db: Queryable, id: number): Promise<CannedResponse | undefined> {
  const { rows } = await db.query<CannedRow>(`select ${COLUMNS} from canned_responses where id = $1`, [id]);
  return rows[0] ? toCanned(rows[0]) : undefined;
}

async function audit(db: Queryable, actor: string, action: string, id: number, details: unknown): Promise<void> {
  await recordAudit(db, { actor, action, subjectType: 'canned_response', subjectId: id, details });
}

export async function createCannedResponse(
  db: Queryable,
  input: { entity: string; lang: CannedLanguage; title: string; body: string; actor: string },
): Promise<CannedResponse> {
  const { rows } = await db.query<CannedRow>(
    `insert into canned_responses (entity_id, lang, title, body, created_by) values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
    [input.entity, input.lang, input.title, input.body, input.actor],
  );
  await audit(db, input.actor, 'canned_response.created', rows[0]!.id, { entity: input.entity, lang: input.lang });
  return toCanned(rows[0]!);
}

export async function updateCannedResponse(
  db: Queryable,
  id: number,
  change: { lang?: CannedLanguage; title?: string; body?: string; actor: string },
): Promise<CannedResponse | undefined> {
  const { rows } = await db.query<CannedRow>(
    `update canned_responses set lang = coalesce($2, lang), title = coalesce($3, title), body = coalesce($4, body), updated_at = now()
      where id = $1 returning ${COLUMNS}`,
    [id, change.lang ?? null, change.title ?? null, change.body ?? null],
  );
  if (!rows[0]) return undefined;
  await audit(db, change.actor, 'canned_response.updated', id, { fields: Object.keys(change).filter((key) => key !== 'actor') });
  return toCanned(rows[0]);
}

export async function deleteCannedResponse(db: Queryable, id: number, actor: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from canned_responses where id = $1', [id]);
  if (rowCount > 0) await audit(db, actor, 'canned_response.deleted', id, {});
  return rowCount > 0;
}

/** What the variables of a canned response stand for on one ticket (see src/tickets/canned.ts). */
export async function cannedValuesForTicket(
  db: Queryable,
  ticketId: number,
): Promise<{ entity: string; contactName: string | null; contactHandle: string | null; ticketNumber: number; entityName: string } | undefined> {
  const { rows } = await db.query<{ entity_id: string; name: string | null; handle: string | null; number: number; entity_name: string }>(
    `select t.entity_id, co.name, co.handle, t.number, e.name as entity_name
       from tickets t join contacts co on co.id = t.contact_id join entities e on e.id = t.entity_id where t.id = $1`,
    [ticketId],
  );
  const row = rows[0];
  return row ? { entity: row.entity_id, contactName: row.name, contactHandle: row.handle, ticketNumber: row.number, entityName: row.entity_name } : undefined;
}
