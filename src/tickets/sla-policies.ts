import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_TARGETS, dueDates, type BusinessCalendar, type BusinessPeriod, type SlaTarget } from './sla.js';
import { PRIORITIES, type Priority } from './ticket.js';
import type { Db, Queryable } from '../db/db.js';
import { notifyTickets } from '../db/events.js';
import { recordAudit } from '../db/audit.js';
import { deleteSlaPolicies, insertSlaPolicies, slaSettingsRow, ticketsWithRunningSla, updateTicketDueDates, upsertSlaCalendar, type SlaRow } from './sql.js';

export interface SlaSettings {
  timeZone: string;
  businessHours: BusinessPeriod[];
  holidays: string[];
  /** One per priority, urgent first; defaults where the entity set none. */
  policies: SlaTarget[];
}

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
  const row = await slaSettingsRow(db, entityId);
  return row ? toSlaSettings(row) : undefined;
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
    await upsertSlaCalendar(tx, entityId, change.businessHours, [...new Set(change.holidays)].sort());
    await deleteSlaPolicies(tx, entityId);
    if (change.policies.length > 0) await insertSlaPolicies(tx, entityId, change.policies);
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
  const rows = await ticketsWithRunningSla(tx, entityId, ticketIds);
  if (rows.length === 0) return [];
  const calendar = calendarOf(settings);
  await updateTicketDueDates(
    tx,
    rows.map((row) => ({ id: row.id, ...dueDates(new Date(row.created_at), targetFor(settings, row.priority), calendar) })),
  );
  const ids = rows.map((r) => r.id);
  await notifyTickets(tx, entityId, ids);
  return ids;
}
