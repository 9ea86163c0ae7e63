import type { Db } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { auditTickets } from './history.js';
import { insertNote, lockTicketForNote, touchTicketUpdatedAt } from './sql.js';
import type { TicketNote } from './tickets.js';

/** An internal note on a ticket: for colleagues only, never sent to a platform. */
export async function addNote(
  db: Db,
  note: { ticketId: number; author: { id: number | null; name: string }; text: string; actor: string },
): Promise<TicketNote | undefined> {
  return db.transaction(async (tx) => {
    const ticket = await lockTicketForNote(tx, note.ticketId);
    if (!ticket) return undefined;
    const created = await insertNote(tx, { ticketId: note.ticketId, authorId: note.author.id, authorName: note.author.name, text: note.text });
    await touchTicketUpdatedAt(tx, note.ticketId);
    // the note's id only: its text may hold personal data
    await auditTickets(tx, note.actor, 'ticket.note_added', [{ ticketId: note.ticketId, details: { noteId: created.id } }]);
    await notifyTickets(tx, ticket.entityId, [note.ticketId]);
    return { id: created.id, author: note.author, text: note.text, createdAt: created.createdAt };
  });
}
