import { weightier } from './ticket.js';
import type { Db } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { auditTickets } from './history.js';
import { addMergedMessages, closeAsMerged, copyTags, deleteAllTags, lockTicketsForMerge, moveComplaint, moveMessages, moveNotes } from './sql.js';

export type MergeOutcome =
  | { status: 'merged' }
  | { status: 'not_found'; which: 'target' | 'source' }
  | { status: 'conflict'; reason: string };

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
    const rows = await lockTicketsForMerge(tx, [input.targetId, input.sourceId]);
    const target = rows.find((r) => r.id === input.targetId);
    const source = rows.find((r) => r.id === input.sourceId);
    if (!target || !input.canSee(target.entity_id)) return { status: 'not_found', which: 'target' };
    if (!source || !input.canSee(source.entity_id)) return { status: 'not_found', which: 'source' };
    if (source.entity_id !== target.entity_id) return { status: 'conflict', reason: 'the tickets belong to different entities' };
    if (source.contact_id !== target.contact_id) return { status: 'conflict', reason: 'only tickets of the same person can be merged' };
    if (target.merged_into_id !== null) return { status: 'conflict', reason: `ticket ${target.id} was itself merged into ${target.merged_into_id}` };
    if (source.merged_into_id !== null) return { status: 'conflict', reason: `ticket ${source.id} was already merged into ${source.merged_into_id}` };

    await moveMessages(tx, target.id, source.id);
    await moveNotes(tx, target.id, source.id);
    await copyTags(tx, target.id, source.id);
    await deleteAllTags(tx, source.id);
    const movedComplaint = await moveComplaint(tx, target.id, source.id);
    const category = movedComplaint ? weightier(target.category, 'complaint') : target.category;
    await addMergedMessages(tx, target.id, { messageCount: source.message_count, lastMessageAt: source.last_message_at }, category);
    await closeAsMerged(tx, source.id, target.id);
    await auditTickets(tx, input.actor, 'ticket.merged', [
      { ticketId: target.id, details: { source: source.id, messages: source.message_count } },
      { ticketId: source.id, details: { into: target.id } },
    ]);
    await notifyTickets(tx, target.entity_id, [target.id, source.id]);
    return { status: 'merged' };
  });
}
