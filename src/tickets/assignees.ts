import type { Queryable } from '../db/db.js';

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

export interface Assignee {
  id: number;
  name: string;
  role: string;
  /** Of the entities asked about, those this person works for. */
  entities: string[];
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
