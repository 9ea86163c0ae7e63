import type { Db } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { auditTickets } from './history.js';
import type { TicketNote } from './tickets.js';

/** An internal note on a ticket: for colleagues only, never sent to a platform. */
export async function addNote(
  db: Db,
  note: { ticketId: number; author: { id: number | null; name: string }; text: string; actor: string },
): Promise<TicketNote | undefined> {
  return db.transaction(async (tx) => {
    const ticket = await tx.query<{ entity_id: string }>('select entity_id from tickets where id = $1 for update', [note.ticketId]);
    const entityId = ticket.rows[0]?.entity_id;
    if (entityId === undefined) return undefined;
    const { rows } = await tx.query<{ id: number; created_at: Date }>(
      'insert into ticket_notes (ticket_id, author_id, author_name, text) values ($1, $2, $3, $4) returning id, created_at',
      [note.ticketId, note.author.id, note.author.name, note.text],
    );
    const created = rows[0]!;
    await tx.query('update tickets set updated_at = now() where id = $1', [note.ticketId]);
    // the note's id only: its text may hold personal data
    await auditTickets(tx, note.actor, 'ticket.note_added', [{ ticketId: note.ticketId, details: { noteId: created.id } }]);
    await notifyTickets(tx, entityId, [note.ticketId]);
    return { id: created.id, author: note.author, text: note.text, createdAt: created.created_at };
  });
}
