/**
 * What the API bench measures with: a Db that records the statements a request runs (with their
 * parameters and when each started and ended), their replay on the same pool in the same
 * concurrency (statements a route runs at once, e.g. a page and its count, are replayed at once),
 * and percentiles.
 */
import type { Db, Queryable } from '../../../src/db/db.js';

export interface Statement {
  sql: string;
  params: unknown[];
  startedMs: number;
  endedMs: number;
}

export interface Recorder {
  db: Db;
  /** Runs `work` and returns the statements it sent to the database, in the order they started. */
  capture(work: () => Promise<void>): Promise<Statement[]>;
}

/** Wraps `db` so that, during a capture, every query (also inside transactions) is recorded. */
export function recordingDb(db: Db): Recorder {
  let recording: Statement[] | undefined;
  const wrap = (target: Queryable): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      if (!recording) return target.query<T>(sql, params);
      const statement: Statement = { sql, params: params ?? [], startedMs: performance.now(), endedMs: 0 };
      recording.push(statement);
      try {
        return await target.query<T>(sql, params);
      } finally {
        statement.endedMs = performance.now();
      }
    },
  });
  const wrapped: Db = {
    ...db,
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
  };
  return {
    db: wrapped,
    async capture(work) {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = undefined;
      }
    },
  };
}

/**
 * The statements grouped as the route ran them: a statement that started before every statement
 * of the current group had ended ran alongside them.
 */
export function waves(statements: Statement[]): Statement[][] {
  const groups: Statement[][] = [];
  let openUntil = -Infinity;
  for (const statement of [...statements].sort((a, b) => a.startedMs - b.startedMs)) {
    if (groups.length === 0 || statement.startedMs >= openUntil) groups.push([statement]);
    else groups[groups.length - 1]!.push(statement);
    openUntil = Math.max(statement.startedMs >= openUntil ? statement.endedMs : openUntil, statement.endedMs);
  }
  return groups;
}

/** Replays the captured statements once, wave by wave; returns the total and each statement's time (ms). */
export async function replay(db: Queryable, groups: Statement[][]): Promise<{ totalMs: number; each: number[] }> {
  const each: number[] = [];
  const started = performance.now();
  for (const group of groups) {
    const times = await Promise.all(
      group.map(async (statement) => {
        const t0 = performance.now();
        await db.query(statement.sql, statement.params);
        return performance.now() - t0;
      }),
    );
    each.push(...times);
  }
  return { totalMs: performance.now() - started, each };
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const round = (value: number) => +value.toFixed(2);
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1] ?? NaN) };
}

/**
 * Runs `once` up to `count` times in a row, stopping early (after at least `minimum` runs) when the
 * time budget is spent, so that a route taking seconds per request does not take the bench hours.
 */
export async function repeat(count: number, budgetMs: number, once: (i: number) => Promise<number>, minimum = 3): Promise<number[]> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    samples.push(await once(i));
    if (samples.length >= minimum && performance.now() - started > budgetMs) break;
  }
  return samples;
}
