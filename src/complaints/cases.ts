import { LETTER_STEPS } from './letter-texts.js';
import { allowedActions, applyCaseAction, type CaseAction, type CaseSnapshot, type CaseState } from './procedure.js';
import type { z } from 'zod';
import { complaintDeadlines, deadlineStatus } from './deadlines.js';
import type { Db, Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';
import { caseAuditEntries, caseRow, caseRows, complaintEntityId, lockCase, openLetter, updateCase, type CaseRow } from './sql.js';
import type { caseAuditEntryWire, complaintCaseWire } from './wire.js';

export function toSnapshot(row: CaseRow): CaseSnapshot {
  const optional = <K extends keyof CaseSnapshot>(key: K, value: CaseSnapshot[K] | null): Partial<CaseSnapshot> =>
    value === null || value === undefined ? {} : ({ [key]: value } as Partial<CaseSnapshot>);
  return {
    state: row.status,
    intake: row.intake,
    involvedStaff: row.involved_staff,
    ombudsNorms: row.ombuds_norms,
    ...optional('handler', row.handler ?? null),
    ...optional('declineGround', row.decline_ground),
    ...optional('declineMotivation', row.decline_motivation),
    ...optional('outcome', row.outcome),
    ...optional('resolution', row.resolution),
    ...optional('theme', row.theme),
    ...optional('escalatedAt', row.escalated_at),
    ...optional('acknowledgedAt', row.acknowledged_at),
    ...optional('declinedAt', row.declined_at),
    ...optional('decidedAt', row.decided_at),
    ...optional('answeredAt', row.answered_at),
    ...optional('closedAt', row.closed_at),
  };
}

/** A case and its history entries are their wire shapes (./wire.ts) as the server holds them (dates as Dates). */
export type ComplaintCase = z.output<typeof complaintCaseWire>;

/** One step in a case's history, as the coordinator sees it (intake values are never in the log). */
export type CaseAuditEntry = z.output<typeof caseAuditEntryWire>;

/** The case's history: routing, every procedure step and withdrawal, in the order they happened. */
export async function caseAuditTrail(db: Queryable, id: number): Promise<CaseAuditEntry[]> {
  return caseAuditEntries(db, id);
}

function toCase(row: CaseRow, now: Date): ComplaintCase {
  const snapshot = toSnapshot(row);
  const deadlines = complaintDeadlines(row.received_at, row.time_zone);
  return {
    id: row.id,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    entity: row.entity_id,
    platform: row.platform,
    channel: row.channel_id,
    source: row.source,
    receivedAt: row.received_at,
    state: row.status,
    snapshot,
    escalationReason: row.escalation_reason,
    withdrawnReason: row.withdrawn_reason,
    coordinatorNotifiedAt: row.notified_at,
    possibleDuplicateOf: row.possible_duplicate_of === null ? undefined : Number(row.possible_duplicate_of),
    deadlines,
    deadlineStatus: deadlineStatus(deadlines, now, row.time_zone, { ...snapshot }),
    allowedActions: allowedActions(snapshot),
    themes: row.themes ?? [],
    complainant: { name: row.contact_name, handle: row.contact_handle },
    channelName: row.channel_name,
    subject: row.theme ?? subjectOf(row.first_message),
  };
}

const SUBJECT_LENGTH = 80;

/** The first ~80 characters of the citizen's first message (without the @mentions it opens with), cut at a word, on one line. */
export function subjectOf(text: string | null): string {
  const line = (text ?? '').replace(/\s+/g, ' ').trim().replace(/^(@\w+[\s,:]*)+/u, '');
  if (line.length <= SUBJECT_LENGTH) return line;
  const cut = line.slice(0, SUBJECT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUBJECT_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Days to the nearest open term (negative when overdue); undefined when both terms are met. */
export function nearestTerm(c: Pick<ComplaintCase, 'deadlineStatus'>): number | undefined {
  const days = [c.deadlineStatus.daysToAcknowledge, c.deadlineStatus.daysToAnswer].filter((d): d is number => d !== undefined);
  return days.length ? Math.min(...days) : undefined;
}

const WEEK = 7;

export interface CaseFilter {
  entity?: string;
  entities?: string[];
  state?: CaseState;
  /** Words to find in the complainant's name or handle, the ticket number or the ticket's messages. */
  q?: string;
  handler?: string;
  theme?: string;
  /** due_soon: a term falls due within 3 days; overdue: a term has passed; this_week: an open term falls due within 7 days (not passed). */
  due?: 'due_soon' | 'overdue' | 'this_week';
  limit: number;
  offset: number;
}

export async function listCases(db: Queryable, filter: CaseFilter, now: Date): Promise<{ items: ComplaintCase[]; total: number }> {
  const rows = await caseRows(db, filter);
  // Terms depend on each entity's calendar: filtered here, on at most the open cases of a few entities.
  let items = rows.map((row) => toCase(row, now));
  if (filter.due === 'this_week') {
    items = items.filter((c) => [c.deadlineStatus.daysToAcknowledge, c.deadlineStatus.daysToAnswer].some((d) => d !== undefined && d >= 0 && d <= WEEK));
  } else if (filter.due) {
    const wanted = filter.due === 'overdue' ? ['overdue'] : ['due_soon'];
    items = items.filter((c) => wanted.includes(c.deadlineStatus.acknowledge) || wanted.includes(c.deadlineStatus.answer));
  }
  // The nearest open term first (most overdue first); cases with both terms met last, oldest first (stable sort).
  items.sort((a, b) => (nearestTerm(a) ?? Infinity) - (nearestTerm(b) ?? Infinity));
  return { items: items.slice(filter.offset, filter.offset + filter.limit), total: items.length };
}

export async function getCase(db: Queryable, id: number, now: Date): Promise<ComplaintCase | undefined> {
  const row = await caseRow(db, id);
  return row ? toCase(row, now) : undefined;
}

export type CaseActionOutcome =
  | { ok: true; case: ComplaintCase }
  | { ok: false; status: 404 | 409 | 422; error: string };

/**
 * Performs one step of the procedure: the pure rules decide, this writes the new state and the
 * audit entry (who, when, why) in one transaction.
 */
export async function performCaseAction(db: Db, id: number, action: CaseAction, actor: string, now: Date): Promise<CaseActionOutcome> {
  return db.transaction((tx) => performCaseActionIn(tx, id, action, actor, now));
}


/**
 * `performCaseAction` inside the caller's transaction. While a letter of the case is on its way, the
 * steps a letter completes are refused (the letter takes its step when it is sent), unless this is
 * that letter (`byLetter`).
 */
export async function performCaseActionIn(tx: Queryable, id: number, action: CaseAction, actor: string, now: Date, options: { byLetter?: boolean } = {}): Promise<CaseActionOutcome> {
  const row = await lockCase(tx, id);
  if (!row) return { ok: false, status: 404, error: `complaint case ${id} not found` };
  if (!options.byLetter && LETTER_STEPS.includes(action.type)) {
    const pending = await openLetter(tx, id);
    if (pending) {
      return { ok: false, status: 409, error: `letter ${pending.id} (${pending.kind}) of this case is ${pending.status === 'to_post' ? 'waiting to be posted' : 'being sent'}: its step is taken when it is sent; cancel it first to take another step` };
    }
  }
  const result = applyCaseAction(toSnapshot(row), action, { actor, at: now, ...(row.themes ? { themes: row.themes } : {}) });
  if (!result.ok) return { ok: false, status: 409, error: result.error };
  const next = result.next;
  await updateCase(tx, id, next, {
    escalationReason: action.type === 'escalate' ? action.why : null,
    withdrawnAt: now,
    withdrawnReason: action.type === 'withdraw' ? action.why : null,
  });
  const audit = result.audit;
  await recordAudit(tx, {
    at: now,
    actor,
    action: `case.${audit.action}`,
    subjectType: 'complaint',
    subjectId: id,
    details: { from: audit.from, to: audit.to, why: audit.why ?? null, ...redactIntake(audit.details) },
  });
  const updated = await caseRow(tx, id);
  return { ok: true, case: toCase(updated!, now) };
}

/** The audit log records which intake fields arrived, not the citizen's name or address. */
function redactIntake(details: Record<string, unknown>): Record<string, unknown> {
  if (!details.details || typeof details.details !== 'object') return details;
  return { ...details, details: Object.keys(details.details as object) };
}

/** The entity a complaint belongs to (for the access check); undefined when there is none. */
export async function complaintEntity(db: Queryable, id: number): Promise<string | undefined> {
  return complaintEntityId(db, id);
}
