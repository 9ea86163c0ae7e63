import type { Queryable } from '../db/db.js';
import type { Backfill, BackfillStatus } from './progress.js';

interface Row {
  id: string | number;
  channel_id: string;
  since: Date;
  until: Date;
  status: BackfillStatus;
  cursor: Record<string, unknown> | null;
  pages: number;
  fetched: number;
  inserted: number;
  duplicates: number;
  oldest_at: Date | null;
  error: string | null;
  wait_until: Date | null;
  requested_by: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const COLUMNS = `id, channel_id, since, until, status, cursor, pages, fetched, inserted, duplicates, oldest_at, error, wait_until,
  requested_by, created_at, updated_at, finished_at`;

function toBackfill(r: Row): Backfill {
  return {
    id: Number(r.id),
    channelId: r.channel_id,
    since: new Date(r.since),
    until: new Date(r.until),
    status: r.status,
    cursor: r.cursor,
    pages: r.pages,
    fetched: r.fetched,
    inserted: r.inserted,
    duplicates: r.duplicates,
    oldestAt: r.oldest_at ? new Date(r.oldest_at) : null,
    error: r.error,
    waitUntil: r.wait_until ? new Date(r.wait_until) : null,
    requestedBy: r.requested_by,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  };
}

export async function backfillById(db: Queryable, id: number): Promise<Backfill | undefined> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from backfills where id = $1`, [id]);
  return rows[0] && toBackfill(rows[0]);
}

export async function openBackfillOf(db: Queryable, channelId: string): Promise<Backfill | undefined> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from backfills where channel_id = $1 and status in ('running', 'paused')`, [channelId]);
  return rows[0] && toBackfill(rows[0]);
}

export async function backfillsOf(db: Queryable, channelId: string, limit = 20): Promise<Backfill[]> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from backfills where channel_id = $1 order by created_at desc, id desc limit $2`, [channelId, limit]);
  return rows.map(toBackfill);
}

/** Undefined when the channel has an open backfill already (the unique index decides, across processes). */
export async function insertBackfill(db: Queryable, b: { channelId: string; since: Date; until: Date; requestedBy: string }): Promise<Backfill | undefined> {
  const { rows } = await db.query<Row>(
    `insert into backfills (channel_id, since, until, requested_by) values ($1, $2, $3, $4)
     on conflict (channel_id) where status in ('running', 'paused') do nothing
     returning ${COLUMNS}`,
    [b.channelId, b.since, b.until, b.requestedBy],
  );
  return rows[0] && toBackfill(rows[0]);
}

/** A batch committed: the backfill's cursor and counters, in the batch's own transaction. */
export async function advanceBackfill(
  tx: Queryable,
  id: number,
  step: { cursor: Record<string, unknown>; pages: number; fetched: number; inserted: number; duplicates: number; oldestAt: Date | null; done: boolean },
): Promise<Backfill | undefined> {
  const { rows } = await tx.query<Row>(
    `update backfills
        set cursor = $2, pages = pages + $3, fetched = fetched + $4, inserted = inserted + $5, duplicates = duplicates + $6,
            oldest_at = case when $7::timestamptz is null then oldest_at when oldest_at is null then $7::timestamptz else least(oldest_at, $7::timestamptz) end,
            status = case when $8 then 'done' else status end,
            finished_at = case when $8 then now() else finished_at end,
            error = null, wait_until = null, updated_at = now()
      where id = $1 and status = 'running'
      returning ${COLUMNS}`,
    [id, JSON.stringify(step.cursor), step.pages, step.fetched, step.inserted, step.duplicates, step.oldestAt, step.done],
  );
  return rows[0] && toBackfill(rows[0]);
}

/** Moves an open backfill to another status; a finished one stays as it is. */
export async function setBackfillStatus(
  db: Queryable,
  id: number,
  status: BackfillStatus,
  extra: { error?: string | null; waitUntil?: Date | null } = {},
): Promise<Backfill | undefined> {
  const finished = status === 'done' || status === 'failed' || status === 'cancelled';
  const { rows } = await db.query<Row>(
    `update backfills
        set status = $2, error = $3, wait_until = $4, updated_at = now(), finished_at = case when $5 then now() else null end
      where id = $1 and status in ('running', 'paused')
      returning ${COLUMNS}`,
    [id, status, extra.error ?? null, extra.waitUntil ?? null, finished],
  );
  return rows[0] && toBackfill(rows[0]);
}

/** Running backfills nobody has moved for a while and that are not waiting out a rate limit: their job was lost. */
export async function staleRunningBackfills(db: Queryable, staleSeconds: number): Promise<number[]> {
  const { rows } = await db.query<{ id: string | number }>(
    `select id from backfills
      where status = 'running' and updated_at < now() - make_interval(secs => $1)
        and (wait_until is null or wait_until <= now())
      order by id limit 100`,
    [staleSeconds],
  );
  return rows.map((r) => Number(r.id));
}

/** Marks that a runner is on it, so the sweeper leaves it alone for a while. */
export async function touchBackfill(db: Queryable, id: number): Promise<void> {
  await db.query(`update backfills set updated_at = now() where id = $1 and status = 'running'`, [id]);
}
