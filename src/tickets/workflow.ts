import type { Priority, TicketStatus } from './ticket.js';
import type { Db, Queryable } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { recomputeDueDates, loadSlaSettings } from './sla-policies.js';
import { auditTickets } from './history.js';
import { insertTags, MAX_TAGS } from './tags.js';
import {
  assignableEntities,
  assignClaimedTicket,
  assignTickets,
  closeTickets,
  isAssignable,
  lockTickets,
  tagsOfTickets,
  touchTickets,
  updateTicketFields,
  userName,
  type LockedTicket,
} from './sql.js';

export interface TicketChange {
  status?: TicketStatus;
  priority?: Priority;
  assigneeId?: number | null;
}

export type UpdateOutcome =
  | { status: 'not_found' }
  | { status: 'merged'; into: number }
  | { status: 'invalid_assignee' }
  | { status: 'updated'; changed: Array<keyof TicketChange> };

/** Status, priority and assignee of one ticket; each change is audited, a new priority moves the due dates. */
export async function updateTicket(db: Db, input: { ticketId: number; change: TicketChange; actor: string }): Promise<UpdateOutcome> {
  return db.transaction(async (tx) => {
    const [ticket] = await lockTickets(tx, [input.ticketId]);
    if (!ticket) return { status: 'not_found' };
    if (ticket.merged_into_id !== null) return { status: 'merged', into: ticket.merged_into_id };
    const { change } = input;
    const next = {
      status: change.status ?? ticket.status,
      priority: change.priority ?? ticket.priority,
      assigneeId: change.assigneeId === undefined ? ticket.assignee_id : change.assigneeId,
    };
    if (next.assigneeId !== null && next.assigneeId !== ticket.assignee_id && !(await isAssignable(tx, next.assigneeId, ticket.entity_id))) {
      return { status: 'invalid_assignee' };
    }
    const audits: Array<{ action: string; from: unknown; to: unknown; field: keyof TicketChange }> = [];
    if (next.status !== ticket.status) audits.push({ field: 'status', action: 'ticket.status_changed', from: ticket.status, to: next.status });
    if (next.priority !== ticket.priority) audits.push({ field: 'priority', action: 'ticket.priority_changed', from: ticket.priority, to: next.priority });
    if (next.assigneeId !== ticket.assignee_id) audits.push({ field: 'assigneeId', action: 'ticket.assigned', from: ticket.assignee_id, to: next.assigneeId });
    if (audits.length === 0) return { status: 'updated', changed: [] };
    await updateTicketFields(tx, ticket.id, next);
    for (const audit of audits) await auditTickets(tx, input.actor, audit.action, [{ ticketId: ticket.id, details: { from: audit.from, to: audit.to } }]);
    if (next.priority !== ticket.priority) {
      const settings = await loadSlaSettings(tx, ticket.entity_id);
      if (settings) await recomputeDueDates(tx, ticket.entity_id, settings, [ticket.id]);
    }
    await notifyTickets(tx, ticket.entity_id, [ticket.id]);
    return { status: 'updated', changed: audits.map((a) => a.field) };
  });
}

export type ClaimOutcome =
  | { status: 'not_found' }
  | { status: 'merged'; into: number }
  | { status: 'claimed' }
  | { status: 'taken'; assignee: { id: number; name: string } };

/**
 * "I take this one": assigns the ticket to the user when nobody has it (or they already do) and
 * opens a new ticket. The row lock makes the second of two agents claiming at once see the first.
 */
export async function claimTicket(db: Db, input: { ticketId: number; userId: number; actor: string }): Promise<ClaimOutcome> {
  return db.transaction(async (tx) => {
    const [ticket] = await lockTickets(tx, [input.ticketId]);
    if (!ticket) return { status: 'not_found' };
    if (ticket.merged_into_id !== null) return { status: 'merged', into: ticket.merged_into_id };
    if (ticket.assignee_id !== null && ticket.assignee_id !== input.userId) {
      return { status: 'taken', assignee: { id: ticket.assignee_id, name: (await userName(tx, ticket.assignee_id)) ?? '' } };
    }
    if (ticket.assignee_id === input.userId && ticket.status !== 'new') return { status: 'claimed' };
    await assignClaimedTicket(tx, ticket.id, input.userId);
    await auditTickets(tx, input.actor, 'ticket.claimed', [{ ticketId: ticket.id, details: { from: ticket.assignee_id, to: input.userId } }]);
    await notifyTickets(tx, ticket.entity_id, [ticket.id]);
    return { status: 'claimed' };
  });
}

export type BulkAction = { type: 'assign'; assigneeId: number | null } | { type: 'tag'; tags: string[] } | { type: 'close' };
export type SkipReason = 'not_found' | 'forbidden' | 'merged' | 'invalid_assignee' | 'too_many_tags';

export interface BulkOutcome {
  updated: number[];
  skipped: Array<{ id: number; reason: SkipReason }>;
}

/**
 * One action over many tickets in one transaction. `access` says per entity whether the caller
 * may act ('ok'), only see ('forbidden') or not even see ('not_found') its tickets.
 */
export async function bulkUpdate(
  db: Db,
  input: { ids: number[]; action: BulkAction; actor: string; access: (entityId: string) => 'ok' | 'forbidden' | 'not_found' },
): Promise<BulkOutcome> {
  const ids = [...new Set(input.ids)];
  return db.transaction(async (tx) => {
    const locked = new Map((await lockTickets(tx, ids)).map((t) => [t.id, t]));
    const skipped: BulkOutcome['skipped'] = [];
    const candidates: LockedTicket[] = [];
    for (const id of ids) {
      const ticket = locked.get(id);
      const access = ticket ? input.access(ticket.entity_id) : 'not_found';
      if (!ticket || access !== 'ok') skipped.push({ id, reason: access === 'ok' ? 'not_found' : access });
      else if (ticket.merged_into_id !== null) skipped.push({ id, reason: 'merged' });
      else candidates.push(ticket);
    }
    const apply = await applyBulk(tx, candidates, input.action, input.actor);
    skipped.push(...apply.skipped);
    const byEntity = new Map<string, number[]>();
    for (const ticket of candidates.filter((t) => apply.updated.includes(t.id))) {
      byEntity.set(ticket.entity_id, [...(byEntity.get(ticket.entity_id) ?? []), ticket.id]);
    }
    for (const [entityId, ticketIds] of byEntity) await notifyTickets(tx, entityId, ticketIds);
    return { updated: apply.updated, skipped: skipped.sort((a, b) => a.id - b.id) };
  });
}

async function applyBulk(tx: Queryable, tickets: LockedTicket[], action: BulkAction, actor: string): Promise<BulkOutcome> {
  if (tickets.length === 0) return { updated: [], skipped: [] };
  if (action.type === 'assign') {
    const entities = action.assigneeId === null ? undefined : await assignableEntities(tx, action.assigneeId);
    const ok = tickets.filter((t) => !entities || entities.has(t.entity_id));
    const changed = ok.filter((t) => t.assignee_id !== action.assigneeId);
    if (changed.length) {
      await assignTickets(tx, changed.map((t) => t.id), action.assigneeId);
      await auditTickets(tx, actor, 'ticket.assigned', changed.map((t) => ({ ticketId: t.id, details: { from: t.assignee_id, to: action.assigneeId, bulk: true } })));
    }
    return {
      updated: ok.map((t) => t.id),
      skipped: tickets.filter((t) => !ok.includes(t)).map((t) => ({ id: t.id, reason: 'invalid_assignee' as const })),
    };
  }
  if (action.type === 'close') {
    const changed = tickets.filter((t) => t.status !== 'closed');
    if (changed.length) {
      await closeTickets(tx, changed.map((t) => t.id));
      await auditTickets(tx, actor, 'ticket.status_changed', changed.map((t) => ({ ticketId: t.id, details: { from: t.status, to: 'closed', bulk: true } })));
    }
    return { updated: tickets.map((t) => t.id), skipped: [] };
  }
  const existing = await tagsOfTickets(tx, tickets.map((t) => t.id));
  const updated: number[] = [];
  const skipped: BulkOutcome['skipped'] = [];
  const byEntity = new Map<string, Array<{ ticketId: number; tag: string }>>();
  const audits: Array<{ ticketId: number; details: unknown }> = [];
  for (const ticket of tickets) {
    const before = existing.get(ticket.id) ?? [];
    const added = action.tags.filter((tag) => !before.includes(tag));
    if (before.length + added.length > MAX_TAGS) {
      skipped.push({ id: ticket.id, reason: 'too_many_tags' });
      continue;
    }
    updated.push(ticket.id);
    if (added.length === 0) continue;
    byEntity.set(ticket.entity_id, [...(byEntity.get(ticket.entity_id) ?? []), ...added.map((tag) => ({ ticketId: ticket.id, tag }))]);
    audits.push({ ticketId: ticket.id, details: { added, removed: [], bulk: true } });
  }
  for (const [entityId, pairs] of byEntity) await insertTags(tx, entityId, pairs);
  if (audits.length) {
    await touchTickets(tx, audits.map((a) => a.ticketId));
    await auditTickets(tx, actor, 'ticket.tagged', audits);
  }
  return { updated, skipped };
}
