import { dueDates } from './sla.js';
import type { Queryable } from '../db/db.js';
import type { Priority } from './ticket.js';
import { calendarOf, loadSlaSettings, SLA_SELECT_FOR_ENTITY, targetFor, toSlaSettings, type SlaRow } from './sla-policies.js';

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
  // With round-robin on, batches of the entity's channels take turns here until commit, so two
  // concurrent batches never hand out the same turn (other entities, and entities without it, go on).
  await tx.query(
    `select pg_advisory_xact_lock(hashtext('assign:' || id)) from entities where id = $1 and settings->>'autoAssign' = 'round_robin'`,
    [entityId],
  );
  const { rows } = await tx.query<SlaRow & { agents: number[] | null }>(
    `select s.*,
            case when e.settings->>'autoAssign' = 'round_robin' then
              (select coalesce(jsonb_agg(u.id order by turn.last_assigned_at nulls first, u.id), '[]'::jsonb)
                 from users u
                 join user_entities ue on ue.user_id = u.id and ue.entity_id = e.id
                 left join assignment_turns turn on turn.entity_id = e.id and turn.user_id = u.id
                where u.role = 'agent' and not u.disabled)
            end as agents
       from (${SLA_SELECT_FOR_ENTITY}) s, entities e where e.id = $1`,
    [entityId],
  );
  const row = rows[0];
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
  await tx.query(
    `insert into assignment_turns (entity_id, user_id, last_assigned_at)
     select $1, v.user_id, now() + make_interval(secs => v.turn / 1000000.0)
       from unnest($2::int8[], $3::int[]) as v(user_id, turn)
     on conflict (entity_id, user_id) do update set last_assigned_at = excluded.last_assigned_at`,
    [entityId, [...lastTurn.keys()], [...lastTurn.values()]],
  );
}

/**
 * A resolved ticket that a citizen writes to again is work again: its resolution clock restarts from
 * that message (the first response, long given, stays met). Rare, so one lookup per batch that has one.
 */
export async function restartResolutionClocks(tx: Queryable, entityId: string, reopened: Array<{ ticketId: number; at: Date }>): Promise<void> {
  if (reopened.length === 0) return;
  const settings = await loadSlaSettings(tx, entityId);
  if (!settings) return;
  const { rows } = await tx.query<{ id: number; priority: Priority }>('select id, priority from tickets where id = any($1::int8[])', [reopened.map((r) => r.ticketId)]);
  const priorities = new Map(rows.map((row) => [row.id, row.priority]));
  const calendar = calendarOf(settings);
  const due = reopened.map((r) => dueDates(r.at, targetFor(settings, priorities.get(r.ticketId) ?? NEW_TICKET_PRIORITY), calendar).resolutionDueAt);
  await tx.query(
    `update tickets t set resolution_due_at = v.due from unnest($1::int8[], $2::timestamptz[]) as v(id, due) where t.id = v.id`,
    [reopened.map((r) => r.ticketId), due],
  );
}
