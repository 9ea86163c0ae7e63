import type { Queryable } from '../db/db.js';

/** Answers when the database does: readiness only. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('select 1');
}

/** Seconds the oldest outbox row that is due has waited without reaching a queue (0 when none waits). */
export async function outboxLagSeconds(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ lag: number | null }>(
    `select extract(epoch from now() - min(available_at))::float8 as lag from outbox
      where status = 'pending' and dispatched_at is null and available_at <= now()`,
  );
  return Math.max(0, Number(rows[0]?.lag ?? 0));
}

/** How many channels are in each status. */
export async function channelsByStatus(db: Queryable): Promise<Array<{ status: string; count: number }>> {
  const { rows } = await db.query<{ status: string; count: number }>('select status, count(*)::int as count from channels group by status');
  return rows;
}
