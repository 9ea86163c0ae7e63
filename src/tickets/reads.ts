import type { Db } from '../db/db.js';
import { upsertTicketRead } from './sql.js';

/**
 * What each person has read: opening a ticket marks it read up to its newest citizen message, and
 * the ticket is `unread` for that person again when a newer one comes in (the summary's `unread`).
 */
export async function markTicketRead(db: Db, read: { ticketId: number; userId: number; now: Date }): Promise<void> {
  await upsertTicketRead(db, read.ticketId, read.userId, read.now);
}
