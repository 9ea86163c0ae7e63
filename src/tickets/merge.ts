import { weightier, type Category } from './ticket.js';
import type { Db } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { auditTickets } from './history.js';

export type MergeOutcome =
  | { status: 'merged' }
  | { status: 'not_found'; which: 'target' | 'source' }
  | { status: 'conflict'; reason: string };

interface MergeRow {
  id: number;
  entity_id: string;
  contact_id: number;
  category: Category;
  merged_into_id: number | null;
  message_count: number;
  last_message_at: Date | null;
}

/**
 * Merges the source ticket into the target: both of one entity and one contact. Messages, notes and
 * tags move; a complaint moves when the target has none. The source is closed and points at the
 * target. `canSee` hides tickets of entities the caller may not see (reported as not found).
 */
export async function mergeTickets(
  db: Db,
  input: { targetId: number; sourceId: number; actor: string; canSee: (entityId: string) => boolean },
): Promise<MergeOutcome> {
  if (input.targetId === input.sourceId) return { status: 'conflict', reason: 'a ticket cannot be merged into itself' };
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<MergeRow>(
      `select id, entity_id, contact_id, category, merged_into_id, message_count, last_message_at
         from tickets where id = any($1::int8[]) order by id for update`,
      [[input.targetId, input.sourceId]],
    );
    const target = rows.find((r) => r.id === input.targetId);
    const source = rows.find((r) => r.id === input.sourceId);
    if (!target || !input.canSee(target.entity_id)) return { status: 'not_found', which: 'target' };
    if (!source || !input.canSee(source.entity_id)) return { status: 'not_found', which: 'source' };
    if (source.entity_id !== target.entity_id) return { status: 'conflict', reason: 'the tickets belong to different entities' };
    if (source.contact_id !== target.contact_id) return { status: 'conflict', reason: 'only tickets of the same person can be merged' };
    if (target.merged_into_id !== null) return { status: 'conflict', reason: `ticket ${target.id} was itself merged into ${target.merged_into_id}` };
    if (source.merged_into_id !== null) return { status: 'conflict', reason: `ticket ${source.id} was already merged into ${source.merged_into_id}` };

    await tx.query('update messages set ticket_id = $1 where ticket_id = $2', [target.id, source.id]);
    await tx.query('update ticket_notes set ticket_id = $1 where ticket_id = $2', [target.id, source.id]);
    await tx.query(
      `insert into ticket_tags (ticket_id, entity_id, tag) select $1, entity_id, tag from ticket_tags where ticket_id = $2 on conflict do nothing`,
      [target.id, source.id],
    );
    await tx.query('delete from ticket_tags where ticket_id = $1', [source.id]);
    const movedComplaint = await tx.query(
      `update complaints set ticket_id = $1, updated_at = now() where ticket_id = $2 and not exists (select 1 from complaints where ticket_id = $1)`,
      [target.id, source.id],
    );
    const category = movedComplaint.rowCount > 0 ? weightier(target.category, 'complaint') : target.category;
    await tx.query(
      `update tickets set message_count = message_count + $2, last_message_at = greatest(last_message_at, $3::timestamptz),
              category = $4, updated_at = now()
        where id = $1`,
      [target.id, source.message_count, source.last_message_at, category],
    );
    await tx.query(
      `update tickets set merged_into_id = $2, status = 'closed', closed_at = coalesce(closed_at, now()), message_count = 0, updated_at = now()
        where id = $1`,
      [source.id, target.id],
    );
    await auditTickets(tx, input.actor, 'ticket.merged', [
      { ticketId: target.id, details: { source: source.id, messages: source.message_count } },
      { ticketId: source.id, details: { into: target.id } },
    ]);
    await notifyTickets(tx, target.entity_id, [target.id, source.id]);
    return { status: 'merged' };
  });
}
