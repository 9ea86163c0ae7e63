import type { Sla, SlaState } from '../ticket/wire.js';

export interface SlaReading {
  state: SlaState;
  /** Which target the clock shows; null when nothing runs. */
  target: 'firstResponse' | 'resolution' | null;
  /** Minutes left (positive) or overdue (negative). */
  minutes: number;
  dueAt: string | null;
}

/** The running target: first response until someone answered, then resolution. */
export function readSla(sla: Sla, now: number): SlaReading {
  const [target, dueAt] = sla.firstResponseAt === null ? (['firstResponse', sla.firstResponseDueAt] as const) : (['resolution', sla.resolutionDueAt] as const);
  if (sla.state === 'none' || sla.state === 'met' || dueAt === null) return { state: sla.state, target: null, minutes: 0, dueAt: null };
  return { state: sla.state, target, minutes: Math.round((new Date(dueAt).getTime() - now) / 60_000), dueAt };
}
