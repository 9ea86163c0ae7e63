import type { Db, Queryable } from '../../src/db/db.js';
import { processCpuMs } from './cpu.js';

/**
 * BENCH_PROFILE=1: where the end-to-end run spends its wall time, by statement (its first words),
 * measured around each query as the caller sees it (serialization, round trip, server work), and
 * inside transactions the server process's CPU time (10 ms ticks: meaningful summed over many calls).
 */
export interface QueryProfile {
  db: Db;
  report(): Array<{ statement: string; calls: number; ms: number; serverCpuMs: number }>;
}

export function profiledDb(db: Db): QueryProfile {
  const totals = new Map<string, { calls: number; ns: bigint; cpu: number }>();
  const timed = (target: Queryable, pid?: number): Queryable['query'] =>
    async <T>(sql: string, params?: unknown[]) => {
      const started = process.hrtime.bigint();
      const cpuBefore = pid ? processCpuMs(pid) : 0;
      try {
        return await target.query<T>(sql, params);
      } finally {
        const key = label(sql);
        const entry = totals.get(key) ?? { calls: 0, ns: 0n, cpu: 0 };
        entry.calls++;
        entry.ns += process.hrtime.bigint() - started;
        if (pid) entry.cpu += processCpuMs(pid) - cpuBefore;
        totals.set(key, entry);
      }
    };
  const wrapped: Db = {
    ...db,
    kind: db.kind,
    query: timed(db),
    transaction: (work) =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
        const pid = rows[0]!.pid;
        const query = timed(tx, pid);
        if (!tx.copyRows) return work({ query });
        const copy = tx.copyRows.bind(tx);
        // A COPY is counted under its own name, with the rows it wrote as one call.
        const copyRows = async (table: string, columns: string[], rows: unknown[][]): Promise<number> =>
          (await timed({ query: async () => ({ rows: [], rowCount: await copy(table, columns, rows) }) }, pid)(`copy ${table}`)).rowCount;
        return work({ query, copyRows });
      }),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    listen: (channel, onPayload) => db.listen(channel, onPayload),
    whileHolding: (name, work) => db.whileHolding(name, work),
  };
  return {
    db: wrapped,
    report: () =>
      [...totals]
        .map(([statement, { calls, ns, cpu }]) => ({ statement, calls, ms: Math.round(Number(ns) / 1e6), serverCpuMs: cpu }))
        .sort((a, b) => b.serverCpuMs - a.serverCpuMs || b.ms - a.ms),
  };
}

function label(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 90);
}
