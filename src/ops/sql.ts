import type { Queryable } from '../db/db.js';

/** Answers when the database does: readiness only. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('select 1');
}
