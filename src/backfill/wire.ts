import { z } from 'zod';
import { reached, BACKFILL_STATUSES, type Backfill } from './progress.js';

/** A backfill as the API and the app see it: its window, status, counters and how far it got. */
export const backfillWire = z.object({
  id: z.number(),
  channelId: z.string(),
  since: z.string(),
  until: z.string(),
  status: z.enum(BACKFILL_STATUSES),
  pages: z.number(),
  fetched: z.number(),
  inserted: z.number(),
  duplicates: z.number(),
  oldestAt: z.string().nullable(),
  /** Share of the window read, 0..1, from the newest end down to the oldest message reached; null before the first batch. */
  reached: z.number().nullable(),
  error: z.string().nullable(),
  waitUntil: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BackfillWire = z.infer<typeof backfillWire>;

export const backfillListWire = z.object({
  /** False when the platform gives no history back (it only pushes new messages). */
  supported: z.boolean(),
  backfills: z.array(backfillWire),
});

export function toBackfillWire(b: Backfill): BackfillWire {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: b.id,
    channelId: b.channelId,
    since: b.since.toISOString(),
    until: b.until.toISOString(),
    status: b.status,
    pages: b.pages,
    fetched: b.fetched,
    inserted: b.inserted,
    duplicates: b.duplicates,
    oldestAt: iso(b.oldestAt),
    reached: reached(b),
    error: b.error,
    waitUntil: iso(b.waitUntil),
    requestedBy: b.requestedBy,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    finishedAt: iso(b.finishedAt),
  };
}
