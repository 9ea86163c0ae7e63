import type { Db, Queryable } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { ticketPresenceRows, upsertPresence } from './sql.js';

/**
 * Who is on a ticket: the web app reports 'viewing' every 10 seconds while a ticket is open, and
 * 'typing' while a person writes; a report not renewed for 30 seconds no longer counts.
 */

export type PresenceState = 'viewing' | 'typing';

/** How long a report counts. */
export const PRESENCE_WINDOW_MS = 30_000;

/**
 * Whether the others should hear of this report: someone arrives (no report, or one that no longer
 * counted) or changes state. A heartbeat that changes nothing is not news, so it sends no event. Pure.
 */
export function presenceIsNews(previous: { state: string; seenAt: Date } | undefined, state: PresenceState, now: Date): boolean {
  if (!previous) return true;
  return previous.state !== state || now.getTime() - previous.seenAt.getTime() >= PRESENCE_WINDOW_MS;
}

/** Records the user on the ticket (of `entityId`) now; a live `tickets` event when it is news. */
export async function reportPresence(
  db: Db,
  report: { ticketId: number; entityId: string; userId: number; state: PresenceState; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const previous = await upsertPresence(tx, { ticketId: report.ticketId, userId: report.userId, state: report.state, at: report.now });
    if (presenceIsNews(previous, report.state, report.now)) await notifyTickets(tx, report.entityId, [report.ticketId]);
  });
}

/** The others on the ticket at `now`: everyone seen within the window but the viewer (null: nobody is left out). */
export async function ticketPresence(db: Queryable, ticketId: number, viewerId: number | null, now: Date) {
  return ticketPresenceRows(db, ticketId, new Date(now.getTime() - PRESENCE_WINDOW_MS), viewerId);
}
