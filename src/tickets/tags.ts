import type { Db, Queryable } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { auditTickets } from './history.js';

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
    const { rows } = await tx.query<{ entity_id: string; merged_into_id: number | null }>(
      'select entity_id, merged_into_id from tickets where id = $1 for update',
      [change.ticketId],
    );
    const ticket = rows[0];
    if (!ticket) return { status: 'not_found' };
    if (ticket.merged_into_id !== null) return { status: 'merged', into: ticket.merged_into_id };
    const before = await tagsOf(tx, change.ticketId);
    const added = change.tags.filter((tag) => !before.includes(tag));
    const removed = before.filter((tag) => !change.tags.includes(tag));
    if (added.length === 0 && removed.length === 0) return { status: 'updated', tags: before };
    await tx.query('delete from ticket_tags where ticket_id = $1 and tag = any($2::text[])', [change.ticketId, removed]);
    await insertTags(tx, ticket.entity_id, added.map((tag) => ({ ticketId: change.ticketId, tag })));
    await tx.query('update tickets set updated_at = now() where id = $1', [change.ticketId]);
    await auditTickets(tx, change.actor, 'ticket.tagged', [{ ticketId: change.ticketId, details: { added, removed } }]);
    await notifyTickets(tx, ticket.entity_id, [change.ticketId]);
    return { status: 'updated', tags: change.tags };
  });
}

export async function tagsOf(db: Queryable, ticketId: number): Promise<string[]> {
  const { rows } = await db.query<{ tag: string }>('select tag from ticket_tags where ticket_id = $1 order by tag', [ticketId]);
  return rows.map((r) => r.tag);
}

export async function insertTags(tx: Queryable, entityId: string, pairs: Array<{ ticketId: number; tag: string }>): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    `insert into ticket_tags (ticket_id, entity_id, tag) select v.ticket_id, $1, v.tag from unnest($2::int8[], $3::text[]) as v(ticket_id, tag)
     on conflict do nothing`,
    [entityId, pairs.map((p) => p.ticketId), pairs.map((p) => p.tag)],
  );
}

/** Tags in use and on how many tickets, within these entities (undefined = all). */
export async function tagCounts(db: Queryable, scope: { entities?: string[]; entity?: string }): Promise<Array<{ tag: string; count: number }>> {
  const { rows } = await db.query<{ tag: string; count: number }>(
    `select tag, count(*)::int8 as count from ticket_tags
      where ($1::text[] is null or entity_id = any($1::text[])) and ($2::text is null or entity_id = $2)
      group by tag order by count(*) desc, tag limit 500`,
    [scope.entities ?? null, scope.entity ?? null],
  );
  return rows;
}
