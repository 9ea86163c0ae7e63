import type { Note, Ticket, TicketMessage } from './wire.js';

export type TimelineEntry = { kind: 'message'; at: string; message: TicketMessage } | { kind: 'note'; at: string; note: Note };

/** Messages and internal notes in one timeline, oldest first (a note stays where it was written; ties keep messages first). */
export function timeline(ticket: Pick<Ticket, 'messages' | 'notes'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...ticket.messages.map((message): TimelineEntry => ({ kind: 'message', at: message.sentAt, message })),
    ...ticket.notes.map((note): TimelineEntry => ({ kind: 'note', at: note.createdAt, note })),
  ];
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
