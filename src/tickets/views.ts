import type { z } from 'zod';
import type { Queryable } from '../db/db.js';
import type { savedViewWire } from './wire.js';
import { deleteSavedView, insertSavedView, savedViewRow, savedViewRows, type SavedViewRow } from './sql.js';

/** A saved view as the API shows it (its wire shape, src/tickets/wire.ts). */
export type SavedView = z.output<typeof savedViewWire>;

function toView(row: SavedViewRow, userId: number | null): SavedView {
  return {
    id: row.id,
    name: row.name,
    filter: row.filter,
    shared: row.shared,
    entity: row.entity_id,
    owner: { id: row.user_id, name: row.owner_name },
    mine: row.user_id === userId,
    createdAt: row.created_at,
  };
}

/** The user's own views and those shared within `entities` (undefined = every shared view). */
export async function listViews(db: Queryable, viewer: { userId: number | null; entities?: string[] }): Promise<SavedView[]> {
  return (await savedViewRows(db, viewer)).map((row) => toView(row, viewer.userId));
}

export async function getView(db: Queryable, id: number, userId: number | null): Promise<SavedView | undefined> {
  const row = await savedViewRow(db, id);
  return row ? toView(row, userId) : undefined;
}

export async function createView(
  db: Queryable,
  view: { userId: number; name: string; filter: Record<string, unknown>; shared: boolean; entity: string | null },
): Promise<SavedView> {
  const id = await insertSavedView(db, view);
  return (await getView(db, id, view.userId))!;
}

export async function deleteView(db: Queryable, id: number): Promise<void> {
  await deleteSavedView(db, id);
}
