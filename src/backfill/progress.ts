/**
 * The rules of a backfill, without I/O: its window, what an error does to it, how far it got.
 * A backfill reads one channel's history inside [since, until) through the same ingest as polling.
 * Import-free: the web app shares it through wire.ts.
 */

export const BACKFILL_STATUSES = ['running', 'paused', 'done', 'failed', 'cancelled'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

export interface Backfill {
  id: number;
  channelId: string;
  since: Date;
  until: Date;
  status: BackfillStatus;
  cursor: Record<string, unknown> | null;
  pages: number;
  fetched: number;
  inserted: number;
  duplicates: number;
  /** The oldest message time reached so far (history is read newest first on most platforms). */
  oldestAt: Date | null;
  error: string | null;
  waitUntil: Date | null;
  requestedBy: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Pages one batch (one ingest transaction) may hold, and the items after which it commits early. */
export const PAGES_PER_BATCH = 5;
export const ITEMS_PER_BATCH = 1000;

export function isOpen(status: BackfillStatus): boolean {
  return status === 'running' || status === 'paused';
}

export type WindowCheck = { ok: true; since: Date; until: Date } | { ok: false; error: string };

/**
 * A window as asked: `since` a date (YYYY-MM-DD, from midnight UTC) or a time, `until` likewise or now.
 * A date-only `until` includes that whole day.
 */
export function parseWindow(since: string | undefined, until: string | undefined, now: Date): WindowCheck {
  if (!since) return { ok: false, error: 'since is required, e.g. 2026-01-01' };
  const from = parseMoment(since, false);
  if (!from) return { ok: false, error: `since is not a date: "${since}"` };
  const to = until ? parseMoment(until, true) : now;
  if (!to) return { ok: false, error: `until is not a date: "${until}"` };
  const end = to > now ? now : to;
  if (from >= end) return { ok: false, error: 'since must be before until (and before now)' };
  return { ok: true, since: from, until: end };
}

function parseMoment(text: string, endOfDay: boolean): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (day) {
    const at = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (endOfDay ? 1 : 0)));
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** Two requests for the same channel and window are one backfill: the second resumes the first. */
export function sameWindow(a: { since: Date; until: Date }, b: { since: Date; until: Date }): boolean {
  return a.since.getTime() === b.since.getTime() && a.until.getTime() === b.until.getTime();
}

/** How much of the window lies between `until` and the oldest message reached, 0..1; null before any. */
export function reached(backfill: Pick<Backfill, 'since' | 'until' | 'oldestAt' | 'status'>): number | null {
  if (backfill.status === 'done') return 1;
  if (!backfill.oldestAt) return null;
  const span = backfill.until.getTime() - backfill.since.getTime();
  const covered = backfill.until.getTime() - Math.max(backfill.oldestAt.getTime(), backfill.since.getTime());
  return span > 0 ? Math.min(1, Math.max(0, covered / span)) : 1;
}

/** The oldest of two moments, either possibly absent. */
export function oldest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}
