import { dueDates } from './sla.js';
import type { Queryable } from '../db/db.js';
import type { Priority } from './ticket.js';
import { calendarOf, loadSlaSettings, targetFor, toSlaSettings } from './sla-policies.js';
import { lockAssignmentTurns, saveAssignmentTurns, setResolutionDueDates, slaAndTurnOrder, ticketPriorities } from './sql.js';

/** What a new ticket starts with besides its messages: SLA due dates and, with round-robin on, an assignee. */
export interface NewTicketPlan {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  assigneeId: number | null;
}

/** New tickets start at the default priority; a priority change later recomputes the due dates. */
const NEW_TICKET_PRIORITY: Priority = 'medium';

/**
 * Plans a batch's new tickets in one statement (the entity's calendar, targets and, when
 * auto-assign is 'round_robin', its active agents least recently assigned first) plus one write of
 * whose turn it was.
 */
export async function planNewTickets(tx: Queryable, entityId: string, openedAt: Date[]): Promise<NewTicketPlan[]> {
  if (openedAt.length === 0) return [];
  await lockAssignmentTurns(tx, entityId);
  const row = await slaAndTurnOrder(tx, entityId);
  if (!row) throw new Error(`entity ${entityId} does not exist`);
  const settings = toSlaSettings(row);
  const calendar = calendarOf(settings);
  const target = targetFor(settings, NEW_TICKET_PRIORITY);
  const assignees = roundRobin(row.agents ?? [], openedAt.length);
  await recordTurns(tx, entityId, assignees);
  return openedAt.map((at, index) => ({ ...dueDates(at, target, calendar), assigneeId: assignees[index] ?? null }));
}

/** Agents in turn, starting with the first (least recently assigned); [] when there are none. */
export function roundRobin(agents: number[], count: number): number[] {
  if (agents.length === 0) return [];
  return Array.from({ length: count }, (_, index) => agents[index % agents.length]!);
}

/** Each agent's last turn of this batch, in order, so the next batch starts with the one who waited longest. */
async function recordTurns(tx: Queryable, entityId: string, assignees: number[]): Promise<void> {
  if (assignees.length === 0) return;
  const lastTurn = new Map<number, number>();
  assignees.forEach((userId, index) => lastTurn.set(userId, index));
  await saveAssignmentTurns(tx, entityId, lastTurn);
}

/**
 * A resolved ticket that a citizen writes to again is work again: its resolution clock restarts from
 * that message (the first response, long given, stays met). Rare, so one lookup per batch that has one.
 */
export async function restartResolutionClocks(tx: Queryable, entityId: string, reopened: Array<{ ticketId: number; at: Date }>): Promise<void> {
  if (reopened.length === 0) return;
  const settings = await loadSlaSettings(tx, entityId);
  if (!settings) return;
  const priorities = await ticketPriorities(tx, reopened.map((r) => r.ticketId));
  const calendar = calendarOf(settings);
  const due = reopened.map((r) => dueDates(r.at, targetFor(settings, priorities.get(r.ticketId) ?? NEW_TICKET_PRIORITY), calendar).resolutionDueAt);
  await setResolutionDueDates(tx, reopened.map((r) => r.ticketId), due);
}
