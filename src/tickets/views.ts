import type { Queryable } from '../db/db.js';

export interface SavedView {
  id: number;
  name: string;
  filter: Record<string, unknown>;
  shared: boolean;
  entity: string | null;
  owner: { id: number; name: string };
  mine: boolean;
  createdAt: Date;
}

interface ViewRow {
  id: number;
  name: string;
  filter: Record<string, unknown>;
  shared: boolean;
  entity_id: string | null;
  user_id: number;
  owner_name: string;
  created_at: Date;
}

function toView(row: ViewRow, userId: number | null): SavedView {
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

const SELECT = `select v.id, v.name, v.filter, v.shared, v.entity_id, v.user_id, u.name as owner_name, v.created_at
  from saved_views v join users u on u.id = v.user_id`;

/** The user's own views and those shared within `entities` (undefined = every shared view). */
export async function listViews(db: Queryable, viewer: { userId: number | null; entities?: string[] }): Promise<SavedView[]> {
  const { rows } = await db.query<ViewRow>(
    `${SELECT} where v.user_id = $1 or (v.shared and ($2::text[] is null or v.entity_id = any($2::text[])))
      order by (v.user_id = $1) desc nulls last, lower(v.name), v.id`,
    [viewer.userId, viewer.entities ?? null],
  );
  return rows.map((row) => toView(row, viewer.userId));
}

export async function getView(db: Queryable, id: number, userId: number | null): Promise<SavedView | undefined> {
  const { rows } = await db.query<ViewRow>(`${SELECT} where v.id = $1`, [id]);
  return rows[0] ? toView(rows[0], userId) : undefined;
}

export async function createView(
  db: Queryable,
  view: { userId: number; name: string; filter: Record<string, unknown>; shared: boolean; entity: string | null },
): Promise<SavedView> {
  const { rows } = await db.query<{ id: number }>(
    'insert into saved_views (user_id, entity_id, name, filter, shared) values ($1, $2, $3, $4::jsonb, $5) returning id',
    [view.userId, view.entity, view.name, JSON.stringify(view.filter), view.shared],
  );
  return (await getView(db, rows[0]!.id, view.userId))!;
}

export async function deleteView(db: Queryable, id: number): Promise<void> {
  await db.query('delete from saved_views where id = $1', [id]);
}
