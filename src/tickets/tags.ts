import type { Db, Queryable } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { auditTickets } from './history.js';
import { deleteTicketTags, insertTicketTags, lockTicketForTags, tagCountRows, ticketTagList, touchTicketUpdatedAt } from './sql.js';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Tags as stored: trimmed, inner spaces collapsed, lower-cased, without duplicates, sorted. */
export function normalizeTags(tags: string[]): { tags: string[] } | { problem: string } {
  const normalized = [...new Set(tags.map((tag) => tag.trim().replace(/\s+/g, ' ').toLowerCase()))].sort();
  const bad = normalized.find((tag) => tag.length < 1 || tag.length > MAX_TAG_LENGTH);
  if (bad !== undefined) return { problem: `a tag must be 1–${MAX_TAG_LENGTH} characters${bad ? `: "${bad.slice(0, 50)}"` : ''}` };
  if (normalized.length > MAX_TAGS) return { problem: `at most ${MAX_TAGS} tags per ticket` };
  return { tags: normalized };
}

export type SetTagsOutcome = { status: 'not_found' } | { status: 'merged'; into: number } | { status: 'updated'; tags: string[] };

/** Replaces a ticket's tags (already normalized); audits what was added and removed. */
export async function setTicketTags(db: Db, change: { ticketId: number; tags: string[]; actor: string }): Promise<SetTagsOutcome> {
  return db.transaction(async (tx) => {
    const ticket = await lockTicketForTags(tx, change.ticketId);
    if (!ticket) return { status: 'not_found' };
    if (ticket.mergedIntoId !== null) return { status: 'merged', into: ticket.mergedIntoId };
    const before = await tagsOf(tx, change.ticketId);
    const added = change.tags.filter((tag) => !before.includes(tag));
    const removed = before.filter((tag) => !change.tags.includes(tag));
    if (added.length === 0 && removed.length === 0) return { status: 'updated', tags: before };
    await deleteTicketTags(tx, change.ticketId, removed);
    await insertTags(tx, ticket.entityId, added.map((tag) => ({ ticketId: change.ticketId, tag })));
    await touchTicketUpdatedAt(tx, change.ticketId);
    await auditTickets(tx, change.actor, 'ticket.tagged', [{ ticketId: change.ticketId, details: { added, removed } }]);
    await notifyTickets(tx, ticket.entityId, [change.ticketId]);
    return { status: 'updated', tags: change.tags };
  });
}

export async function tagsOf(db: Queryable, ticketId: number): Promise<string[]> {
  return ticketTagList(db, ticketId);
}

export async function insertTags(tx: Queryable, entityId: string, pairs: Array<{ ticketId: number; tag: string }>): Promise<void> {
  await insertTicketTags(tx, entityId, pairs);
}

/** Tags in use and on how many tickets, within these entities (undefined = all). */
export async function tagCounts(db: Queryable, scope: { entities?: string[]; entity?: string }): Promise<Array<{ tag: string; count: number }>> {
  return tagCountRows(db, scope);
}
