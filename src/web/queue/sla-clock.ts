import type { Sla, SlaState } from '../ticket/wire.js';

export interface SlaReading {
  state: SlaState;
  /** Which target the clock shows; null when nothing runs. */
  target: 'firstResponse' | 'resolution' | null;
  /** Minutes left (positive) or overdue (negative). */
  minutes: number;
  dueAt: string | null;
}

/**
 * Which due date a clock shows. The server's state says whether a running target is breached; the
 * wire format does not say whether the first response went out, so: when not breached, the nearest
 * future due date (a past one must have been met); when breached, the latest past one (a met first
 * response that came late is older than a breached resolution).
 */
export function readSla(sla: Sla, now: number): SlaReading {
  const dues = (
    [
      ['firstResponse', sla.firstResponseDueAt],
      ['resolution', sla.resolutionDueAt],
    ] as const
  )
    .filter((entry): entry is readonly ['firstResponse' | 'resolution', string] => entry[1] !== null)
    .map(([target, at]) => ({ target, at, time: new Date(at).getTime() }));
  if (sla.state === 'none' || sla.state === 'met' || dues.length === 0) return { state: sla.state, target: null, minutes: 0, dueAt: null };
  const pick =
    sla.state === 'breached'
      ? dues.filter((due) => due.time <= now).sort((a, b) => b.time - a.time)[0]
      : dues.filter((due) => due.time > now).sort((a, b) => a.time - b.time)[0];
  const chosen = pick ?? dues.sort((a, b) => a.time - b.time)[0]!;
  return { state: sla.state, target: chosen.target, minutes: Math.round((chosen.time - now) / 60_000), dueAt: chosen.at };
}
