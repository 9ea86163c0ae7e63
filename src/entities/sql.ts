import type { Queryable } from '../db/db.js';
import type { CONFIG_OWNED_FIELDS, EntityChanges, EntityView } from './entities.js';

/** All of the entities folder's SQL. */

const SELECT_ENTITY = `
  select e.id, e.name, e.coordinator_name as "coordinatorName", e.coordinator_email as "coordinatorEmail",
         round(e.complaint_threshold::numeric, 4) as "complaintThreshold", round(e.check_below::numeric, 4) as "checkBelow", e.time_zone as "timeZone",
         coalesce(e.settings->>'autoAssign', 'off') as "autoAssign", coalesce(e.settings->'templates', '{}'::jsonb) as templates,
         coalesce(e.settings->'autoSend', '{"enabled": false, "minConfidence": 0.9}'::jsonb) as "autoSend",
         (select count(*)::int from channels ch where ch.entity_id = e.id) as "channelCount", e.source
    from entities e`;

/** `entities` limits the list to those ids; undefined = all. */
export async function entityViews(db: Queryable, entities?: string[]): Promise<EntityView[]> {
  const { rows } = await db.query<EntityView>(`${SELECT_ENTITY} where ($1::text[] is null or e.id = any($1::text[])) order by e.name, e.id`, [entities ?? null]);
  return rows;
}

export async function entityView(db: Queryable, id: string): Promise<EntityView | undefined> {
  const { rows } = await db.query<EntityView>(`${SELECT_ENTITY} where e.id = $1`, [id]);
  return rows[0];
}

export async function complaintIntakeSettings(db: Queryable, id: string): Promise<{ mode?: 'ask_details' | 'point_to_form'; formUrl?: string } | undefined> {
  const { rows } = await db.query<{ intake: { mode?: 'ask_details' | 'point_to_form'; formUrl?: string } | null }>(
    `select settings->'complaintIntake' as intake from entities where id = $1`,
    [id],
  );
  return rows[0]?.intake ?? undefined;
}

type ConfigOwnedField = (typeof CONFIG_OWNED_FIELDS)[number];

const COLUMNS: Record<ConfigOwnedField, string> = {
  name: 'name',
  coordinatorName: 'coordinator_name',
  coordinatorEmail: 'coordinator_email',
  complaintThreshold: 'complaint_threshold',
  checkBelow: 'check_below',
  timeZone: 'time_zone',
};

/** Writes the defined `fields` and merges `settings` into the entity's settings; false when the entity does not exist. */
export async function updateEntityRow(tx: Queryable, id: string, fields: Pick<EntityChanges, ConfigOwnedField>, settings: Record<string, unknown>): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const field of Object.keys(COLUMNS) as ConfigOwnedField[]) {
    if (fields[field] === undefined) continue;
    params.push(fields[field]);
    sets.push(`${COLUMNS[field]} = $${params.length}`);
  }
  params.push(JSON.stringify(settings));
  sets.push(`settings = settings || $${params.length}::jsonb`);
  const { rowCount } = await tx.query(`update entities set ${sets.join(', ')}, updated_at = now() where id = $1`, params);
  return rowCount > 0;
}

export async function findEntityId(db: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('select id from entities where id = $1', [id]);
  return rows[0]?.id;
}

export async function entityIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from entities order by id');
  return rows.map((row) => row.id);
}

/** Whether some entity's id is not among `ids`. */
export async function anyEntityBesides(db: Queryable, ids: string[]): Promise<boolean> {
  const { rows } = await db.query('select 1 from entities where not (id = any($1::text[])) limit 1', [ids]);
  return rows.length > 0;
}
