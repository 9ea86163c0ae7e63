import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_TARGETS, dueDates, type BusinessCalendar, type BusinessPeriod, type SlaTarget } from './sla.js';
import { PRIORITIES, type Priority } from './ticket.js';
import type { Db, Queryable } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { recordAudit } from '../db/audit.js';

export interface SlaSettings {
  timeZone: string;
  businessHours: BusinessPeriod[];
  holidays: string[];
  /** One per priority, urgent first; defaults where the entity set none. */
  policies: SlaTarget[];
}

export interface SlaRow {
  time_zone: string;
  business_hours: BusinessPeriod[] | null;
  holidays: string[] | null;
  policies: Array<{ priority: Priority; firstResponseMinutes: number; resolutionMinutes: number }> | null;
}

/** One statement for an entity's calendar and targets; also used once per ingest batch. */
const SLA_SELECT = `
  select e.time_zone, c.business_hours, c.holidays,
         (select jsonb_agg(jsonb_build_object('priority', p.priority, 'firstResponseMinutes', p.first_response_minutes,
                                              'resolutionMinutes', p.resolution_minutes))
            from sla_policies p where p.entity_id = e.id) as policies
    from entities e left join sla_calendars c on c.entity_id = e.id`;

/** The same for one entity ($1): ingest selects it together with the entity's auto-assign agents. */
export const SLA_SELECT_FOR_ENTITY = `${SLA_SELECT} where e.id = $1`;

export function toSlaSettings(row: SlaRow): SlaSettings {
  const own = new Map((row.policies ?? []).map((p) => [p.priority, p]));
  return {
    timeZone: row.time_zone,
    businessHours: row.business_hours ?? DEFAULT_BUSINESS_HOURS,
    holidays: row.holidays ?? [],
    policies: [...PRIORITIES].reverse().map((priority) => ({ ...DEFAULT_SLA_TARGETS[priority], ...own.get(priority) })),
  };
}

export function calendarOf(settings: SlaSettings): BusinessCalendar {
  return { timeZone: settings.timeZone, hours: settings.businessHours, holidays: settings.holidays };
}

export function targetFor(settings: SlaSettings, priority: Priority): SlaTarget {
  return settings.policies.find((p) => p.priority === priority) ?? DEFAULT_SLA_TARGETS[priority];
}

export async function loadSlaSettings(db: Queryable, entityId: string): Promise<SlaSettings | undefined> {
  const { rows } = await db.query<SlaRow>(SLA_SELECT_FOR_ENTITY, [entityId]);
  return rows[0] ? toSlaSettings(rows[0]) : undefined;
}

/**
 * Replaces an entity's business hours, holidays and targets, and moves the due dates of its tickets
 * still being worked on to the new rules (from when each ticket was opened).
 */
export async function saveSlaSettings(
  db: Db,
  entityId: string,
  change: { businessHours: BusinessPeriod[]; holidays: string[]; policies: SlaTarget[]; actor: string },
): Promise<SlaSettings> {
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into sla_calendars (entity_id, business_hours, holidays) values ($1, $2::jsonb, $3::jsonb)
       on conflict (entity_id) do update set business_hours = excluded.business_hours, holidays = excluded.holidays, updated_at = now()`,
      [entityId, JSON.stringify(change.businessHours), JSON.stringify([...new Set(change.holidays)].sort())],
    );
    await tx.query('delete from sla_policies where entity_id = $1', [entityId]);
    if (change.policies.length > 0) {
      await tx.query(
        `insert into sla_policies (entity_id, priority, first_response_minutes, resolution_minutes)
         select $1, * from unnest($2::text[], $3::int[], $4::int[])`,
        [entityId, change.policies.map((p) => p.priority), change.policies.map((p) => p.firstResponseMinutes), change.policies.map((p) => p.resolutionMinutes)],
      );
    }
    await recordAudit(tx, {
      actor: change.actor,
      action: 'entity.sla_changed',
      subjectType: 'entity',
      subjectId: entityId,
      details: { businessHours: change.businessHours, holidays: change.holidays, policies: change.policies },
    });
    const settings = (await loadSlaSettings(tx, entityId))!;
    await recomputeDueDates(tx, entityId, settings);
    return settings;
  });
}

/**
 * New due dates for the entity's open tickets (or only `ticketIds`) from their opening time under
 * `settings`. Resolved, closed and merged tickets keep theirs: their clock has stopped.
 */
export async function recomputeDueDates(tx: Queryable, entityId: string, settings: SlaSettings, ticketIds?: number[]): Promise<number[]> {
  const { rows } = await tx.query<{ id: number; created_at: Date; priority: Priority }>(
    `select id, created_at, priority from tickets
      where entity_id = $1 and status not in ('resolved', 'closed') and merged_into_id is null
        and ($2::int8[] is null or id = any($2::int8[]))`,
    [entityId, ticketIds ?? null],
  );
  if (rows.length === 0) return [];
  const calendar = calendarOf(settings);
  const due = rows.map((row) => dueDates(new Date(row.created_at), targetFor(settings, row.priority), calendar));
  await tx.query(
    `update tickets t set first_response_due_at = v.first_due, resolution_due_at = v.resolution_due
       from unnest($1::int8[], $2::timestamptz[], $3::timestamptz[]) as v(id, first_due, resolution_due)
      where t.id = v.id`,
    [rows.map((r) => r.id), due.map((d) => d.firstResponseDueAt), due.map((d) => d.resolutionDueAt)],
  );
  const ids = rows.map((r) => r.id);
  await notifyTickets(tx, entityId, ids);
  return ids;
}
