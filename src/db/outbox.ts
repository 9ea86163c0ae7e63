import type { Queryable } from './db.js';
import { textArray } from './array-literal.js';

/** Each effect that follows a commit: the coordinator's mail and webhook, the intake of a complaint, a reply on the platform. */
export type OutboxKind = 'coordinator_mail' | 'coordinator_webhook' | 'intake' | 'reply' | 'letter_mail' | 'signal_mail' | 'moderation';

export interface OutboxEntry {
  kind: OutboxKind;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  idempotency_key: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'processing' | 'done' | 'failed';
  attempts: number;
}

/**
 * Work that must follow a commit, written inside the transaction. Returns the ids of new rows.
 * A row is written as dispatched: its writer hands it to a queue right after the commit
 * (dispatchCommitted), which marks it undispatched only when that fails. A writer that stops in
 * between leaves a row the sweeper finds once its dispatch is stale. Marking every row after its
 * dispatch instead cost a second row version per row: 20,000 updates per 10,000 complaints ingested.
 */
export async function enqueueOutbox(
  tx: Queryable,
  rows: OutboxEntry[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const result = await tx.query<{ id: number }>(
    `insert into outbox (kind, idempotency_key, payload, dispatched_at)
     select *, now() from unnest($1::text[], $2::text[], $3::jsonb[])
     on conflict (idempotency_key) do nothing
     returning id`,
    [textArray(rows.map((r) => r.kind)), textArray(rows.map((r) => r.idempotencyKey)), textArray(rows.map((r) => JSON.stringify(r.payload)))],
  );
  return result.rows.map((r) => r.id);
}

const LEASE_SECONDS = 120;

/** A dispatched row still pending after this long is taken for lost (Redis restarted, a writer stopped) and dispatched again. */
export const DISPATCH_STALE_SECONDS = 60;

/**
 * Takes a row for processing. Returns undefined when it is done, failed, not yet due, or being
 * processed by someone else: a job that runs twice does the work once.
 */
export async function claimOutbox(db: Queryable, id: number): Promise<OutboxRow | undefined> {
  const { rows } = await db.query<OutboxRow>(
    `update outbox set status = 'processing', attempts = attempts + 1,
            locked_until = now() + make_interval(secs => $2)
      where id = $1
        and ((status = 'pending' and available_at <= now()) or (status = 'processing' and locked_until < now()))
      returning id, kind, idempotency_key, payload, status, attempts`,
    [id, LEASE_SECONDS],
  );
  return rows[0];
}

export async function completeOutbox(db: Queryable, id: number): Promise<void> {
  await db.query(`update outbox set status = 'done', done_at = now(), locked_until = null, last_error = null where id = $1`, [id]);
}

export async function retryOutboxLater(db: Queryable, id: number, at: Date, error: string): Promise<void> {
  await db.query(
    `update outbox set status = 'pending', available_at = $2, locked_until = null, dispatched_at = null, last_error = $3 where id = $1`,
    [id, at, error],
  );
}

export async function failOutbox(db: Queryable, id: number, error: string): Promise<void> {
  await db.query(`update outbox set status = 'failed', locked_until = null, last_error = $2 where id = $1`, [id, error]);
}

/** Rows the sweeper handed to a queue again. */
export async function markDispatched(db: Queryable, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.query('update outbox set dispatched_at = now() where id = any($1::int8[])', [ids]);
}

/**
 * Rows that did not reach a queue (Redis unreachable after the commit) or were taken off one without
 * being carried out (a stopping worker): the sweeper sends them again at its next round.
 */
export async function markUndispatched(db: Queryable, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.query(`update outbox set dispatched_at = null where id = any($1::int8[]) and status = 'pending'`, [ids]);
}

/** Rows that should be on a queue but may not be: never dispatched, dispatch lost, or a lease expired. */
export async function findUndispatched(db: Queryable, staleSeconds: number, limit = 500): Promise<Array<{ id: number; kind: OutboxKind }>> {
  const { rows } = await db.query<{ id: number; kind: OutboxKind }>(
    `select id, kind from outbox
      where (status = 'pending' and available_at <= now()
             and (dispatched_at is null or dispatched_at < now() - make_interval(secs => $1)))
         or (status = 'processing' and locked_until < now())
      order by id limit $2`,
    [staleSeconds, limit],
  );
  return rows;
}

/** Wait before the next attempt of an outbox row: 5 s, doubling, at most 15 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(15 * 60_000, 5_000 * 2 ** (attempt - 1));
}

/**
 * Seconds the oldest outbox row that is due has waited without being carried out, counting rows that
 * did not reach a queue and rows whose dispatch is older than a minute (0 when none waits).
 */
export async function outboxLagSeconds(db: Queryable, staleSeconds = DISPATCH_STALE_SECONDS): Promise<number> {
  const { rows } = await db.query<{ lag: number | null }>(
    `select extract(epoch from now() - min(available_at))::float8 as lag from outbox
      where status = 'pending' and available_at <= now()
        and (dispatched_at is null or dispatched_at < now() - make_interval(secs => $1))`,
    [staleSeconds],
  );
  return Math.max(0, Number(rows[0]?.lag ?? 0));
}
