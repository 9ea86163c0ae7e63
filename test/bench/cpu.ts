import { readFileSync } from 'node:fs';
import type { Db } from '../../src/db/db.js';

/**
 * CPU time spent by each side of a measurement, read from /proc (Linux, database on this machine):
 * on a busy shared machine wall time follows the load, CPU time follows the work.
 */
const TICK_MS = 10; // CLK_TCK is 100 on Linux

export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU milliseconds of each server process serving the database, by pid. */
export async function backendsCpu(db: Db): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

/** Server CPU milliseconds between two readings (backends that ended in between are not counted). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export function nodeCpuMs(since?: NodeJS.CpuUsage): { ms: number; now: NodeJS.CpuUsage } {
  const now = process.cpuUsage();
  const delta = since ? process.cpuUsage(since) : now;
  return { ms: Math.round((delta.user + delta.system) / 1000), now };
}
