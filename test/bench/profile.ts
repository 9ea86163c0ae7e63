import type { Db, Queryable } from '../../src/db/db.js';

/**
 * BENCH_PROFILE=1: where the end-to-end run spends its wall time, by statement (its first words),
 * measured around each query as the caller sees it (serialization, round trip, server work).
 */
export interface QueryProfile {
  db: Db;
  report(): Array<{ statement: string; calls: number; ms: number }>;
}

export function profiledDb(db: Db): QueryProfile {
  const totals = new Map<string, { calls: number; ns: bigint }>();
  const timed = (target: Queryable): Queryable['query'] =>
    async <T>(sql: string, params?: unknown[]) => {
      const started = process.hrtime.bigint();
      try {
        return await target.query<T>(sql, params);
      } finally {
        const key = label(sql);
        const entry = totals.get(key) ?? { calls: 0, ns: 0n };
        entry.calls++;
        entry.ns += process.hrtime.bigint() - started;
        totals.set(key, entry);
      }
    };
  const wrapped: Db = {
    ...db,
    kind: db.kind,
    query: timed(db),
    transaction: (work) => db.transaction((tx) => work({ query: timed(tx) })),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    listen: (channel, onPayload) => db.listen(channel, onPayload),
    whileHolding: (name, work) => db.whileHolding(name, work),
  };
  return {
    db: wrapped,
    report: () =>
      [...totals]
        .map(([statement, { calls, ns }]) => ({ statement, calls, ms: Math.round(Number(ns) / 1e6) }))
        .sort((a, b) => b.ms - a.ms),
  };
}

function label(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 90);
}
