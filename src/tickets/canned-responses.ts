import type { z } from 'zod';
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';
import {
  cannedResponseRow,
  cannedResponseRows,
  cannedValuesRow,
  deleteCannedResponseRow,
  insertCannedResponse,
  updateCannedResponseRow,
  type CannedRow,
} from './sql.js';
import type { cannedResponseWire } from './wire.js';

export { CANNED_LANGUAGES } from './wire.js';
export type CannedLanguage = CannedResponse['lang'];

/** A canned response as stored (its wire shape, src/tickets/wire.ts). */
export type CannedResponse = z.output<typeof cannedResponseWire>;

function toCanned(row: CannedRow): CannedResponse {
  return { id: row.id, entity: row.entity_id, lang: row.lang, title: row.title, body: row.body, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Within these entities (undefined = all), optionally one entity and one language; by title. */
export async function listCannedResponses(
  db: Queryable,
  filter: { entities?: string[]; entity?: string; lang?: CannedLanguage },
): Promise<CannedResponse[]> {
  return (await cannedResponseRows(db, filter)).map(toCanned);
}

export async function getCannedResponse(db: Queryable, id: number): Promise<CannedResponse | undefined> {
  const row = await cannedResponseRow(db, id);
  return row ? toCanned(row) : undefined;
}

async function audit(db: Queryable, actor: string, action: string, id: number, details: unknown): Promise<void> {
  await recordAudit(db, { actor, action, subjectType: 'canned_response', subjectId: id, details });
}

export async function createCannedResponse(
  db: Queryable,
  input: { entity: string; lang: CannedLanguage; title: string; body: string; actor: string },
): Promise<CannedResponse> {
  const row = await insertCannedResponse(db, { entity: input.entity, lang: input.lang, title: input.title, body: input.body, createdBy: input.actor });
  await audit(db, input.actor, 'canned_response.created', row.id, { entity: input.entity, lang: input.lang });
  return toCanned(row);
}

export async function updateCannedResponse(
  db: Queryable,
  id: number,
  change: { lang?: CannedLanguage; title?: string; body?: string; actor: string },
): Promise<CannedResponse | undefined> {
  const row = await updateCannedResponseRow(db, id, change);
  if (!row) return undefined;
  await audit(db, change.actor, 'canned_response.updated', id, { fields: Object.keys(change).filter((key) => key !== 'actor') });
  return toCanned(row);
}

export async function deleteCannedResponse(db: Queryable, id: number, actor: string): Promise<boolean> {
  const deleted = await deleteCannedResponseRow(db, id);
  if (deleted) await audit(db, actor, 'canned_response.deleted', id, {});
  return deleted;
}

/** What the variables of a canned response stand for on one ticket (see src/tickets/canned.ts). */
export async function cannedValuesForTicket(
  db: Queryable,
  ticketId: number,
): Promise<{ entity: string; contactName: string | null; contactHandle: string | null; ticketNumber: number; entityName: string } | undefined> {
  const row = await cannedValuesRow(db, ticketId);
  return row ? { entity: row.entity_id, contactName: row.name, contactHandle: row.handle, ticketNumber: row.number, entityName: row.entity_name } : undefined;
}
