import { allowedActions, applyCaseAction, type CaseAction, type CaseActionType, type CaseSnapshot, type CaseState } from './procedure.js';
import { complaintDeadlines, deadlineStatus, type ComplaintDeadlines, type DeadlineStatus } from './deadlines.js';
import type { Db, Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';

interface CaseRow {
  id: number;
  ticket_id: number;
  ticket_number: number;
  entity_id: string;
  time_zone: string;
  platform: string;
  channel_id: string;
  source: string;
  status: CaseState;
  received_at: Date;
  intake: CaseSnapshot['intake'];
  handler: string | null;
  involved_staff: string[];
  decline_ground: CaseSnapshot['declineGround'] | null;
  decline_motivation: string | null;
  outcome: CaseSnapshot['outcome'] | null;
  resolution: CaseSnapshot['resolution'] | null;
  ombuds_norms: string[];
  theme: string | null;
  acknowledged_at: Date | null;
  declined_at: Date | null;
  decided_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  escalated_at: Date | null;
  escalation_reason: string | null;
  withdrawn_reason: string | null;
  notified_at: Date | null;
  themes: string[] | null;
}

const CASE_COLUMNS = `
  c.id, c.ticket_id, t.number as ticket_number, c.entity_id, e.time_zone, ch.platform, ch.id as channel_id, c.source, c.status,
  c.received_at, c.intake, c.handler, c.involved_staff, c.decline_ground, c.decline_motivation, c.outcome, c.resolution,
  c.ombuds_norms, c.theme, c.acknowledged_at, c.declined_at, c.decided_at, c.answered_at, c.closed_at, c.escalated_at,
  c.escalation_reason, c.withdrawn_reason, c.notified_at, e.settings->'themes' as themes`;
const CASE_FROM = `from complaints c join tickets t on t.id = c.ticket_id join entities e on e.id = c.entity_id join channels ch on ch.id = t.channel_id`;

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

export interface ComplaintCase {
  id: number;
  ticketId: number;
  ticketNumber: number;
  entity: string;
  platform: string;
  channel: string;
  source: string;
  receivedAt: Date;
  state: CaseState;
  snapshot: CaseSnapshot;
  escalationReason: string | null;
  withdrawnReason: string | null;
  coordinatorNotifiedAt: Date | null;
  deadlines: ComplaintDeadlines;
  deadlineStatus: DeadlineStatus;
  /** The steps the procedure allows from the current state. */
  allowedActions: CaseActionType[];
  /** The entity's complaint themes (for the decision), [] when it has none. */
  themes: string[];
}

/** One step in a case's history, as the coordinator sees it (intake values are never in the log). */
export interface CaseAuditEntry {
  at: Date;
  actor: string;
  action: string;
  from: string | null;
  to: string | null;
  why: string | null;
}

/** The case's history: routing, every procedure step and withdrawal, in the order they happened. */
export async function caseAuditTrail(db: Queryable, id: number): Promise<CaseAuditEntry[]> {
  const { rows } = await db.query<CaseAuditEntry>(
    `select at, actor, action, details->>'from' as "from", details->>'to' as "to", coalesce(details->>'why', details->>'reason') as why
       from audit_log
      where (subject_type = 'complaint' and subject_id = $1)
         or (subject_type = 'ticket' and action = 'complaint.routed' and details->>'complaintId' = $1)
      order by id`,
    [String(id)],
  );
  return rows;
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
    deadlines,
    deadlineStatus: deadlineStatus(deadlines, now, row.time_zone, { ...snapshot }),
    allowedActions: allowedActions(snapshot),
    themes: row.themes ?? [],
  };
}

export interface CaseFilter {
  entity?: string;
  entities?: string[];
  state?: CaseState;
  /** due_soon: a term falls due within 3 days; overdue: a term has passed. */
  due?: 'due_soon' | 'overdue';
  limit: number;
  offset: number;
}

export async function listCases(db: Queryable, filter: CaseFilter, now: Date): Promise<{ items: ComplaintCase[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.entity) add((p) => `c.entity_id = ${p}`, filter.entity);
  if (filter.entities) add((p) => `c.entity_id = any(${p}::text[])`, filter.entities);
  if (filter.state) add((p) => `c.status = ${p}`, filter.state);
  const { rows } = await db.query<CaseRow>(
    `select ${CASE_COLUMNS} ${CASE_FROM} ${where.length ? `where ${where.join(' and ')}` : ''} order by c.received_at, c.id`,
    params,
  );
  // Terms depend on each entity's calendar: filtered here, on at most the open cases of a few entities.
  let items = rows.map((row) => toCase(row, now));
  if (filter.due) {
    const wanted = filter.due === 'overdue' ? ['overdue'] : ['due_soon'];
    items = items.filter((c) => wanted.includes(c.deadlineStatus.acknowledge) || wanted.includes(c.deadlineStatus.answer));
  }
  return { items: items.slice(filter.offset, filter.offset + filter.limit), total: items.length };
}

export async function getCase(db: Queryable, id: number, now: Date): Promise<ComplaintCase | undefined> {
  const { rows } = await db.query<CaseRow>(`select ${CASE_COLUMNS} ${CASE_FROM} where c.id = $1`, [id]);
  return rows[0] ? toCase(rows[0], now) : undefined;
}

export type CaseActionOutcome =
  | { ok: true; case: ComplaintCase }
  | { ok: false; status: 404 | 409 | 422; error: string };

/**
 * Performs one step of the procedure: the pure rules decide, this writes the new state and the
 * audit entry (who, when, why) in one transaction.
 */
export async function performCaseAction(db: Db, id: number, action: CaseAction, actor: string, now: Date): Promise<CaseActionOutcome> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<CaseRow>(`select ${CASE_COLUMNS} ${CASE_FROM} where c.id = $1 for update of c`, [id]);
    const row = rows[0];
    if (!row) return { ok: false, status: 404, error: `complaint case ${id} not found` };
    const result = applyCaseAction(toSnapshot(row), action, { actor, at: now, ...(row.themes ? { themes: row.themes } : {}) });
    if (!result.ok) return { ok: false, status: 409, error: result.error };
    const next = result.next;
    await tx.query(
      `update complaints set status = $2, intake = $3::jsonb, handler = $4, involved_staff = $5::jsonb, decline_ground = $6,
              decline_motivation = $7, outcome = $8, resolution = $9, ombuds_norms = $10::jsonb, theme = $11,
              acknowledged_at = $12, declined_at = $13, decided_at = $14, answered_at = $15, closed_at = $16, escalated_at = $17,
              escalation_reason = case when $18::text is null then escalation_reason else $18 end,
              withdrawn_at = case when $2 = 'withdrawn' then coalesce(withdrawn_at, $19) else withdrawn_at end,
              withdrawn_reason = case when $2 = 'withdrawn' then coalesce($20, withdrawn_reason) else withdrawn_reason end,
              updated_at = now()
        where id = $1`,
      [
        id,
        next.state,
        JSON.stringify(next.intake),
        next.handler ?? null,
        JSON.stringify(next.involvedStaff),
        next.declineGround ?? null,
        next.declineMotivation ?? null,
        next.outcome ?? null,
        next.resolution ?? null,
        JSON.stringify(next.ombudsNorms),
        next.theme ?? null,
        next.acknowledgedAt ?? null,
        next.declinedAt ?? null,
        next.decidedAt ?? null,
        next.answeredAt ?? null,
        next.closedAt ?? null,
        next.escalatedAt ?? null,
        action.type === 'escalate' ? action.why : null,
        now,
        action.type === 'withdraw' ? action.why : null,
      ],
    );
    const audit = result.audit;
    await recordAudit(tx, {
      at: now,
      actor,
      action: `case.${audit.action}`,
      subjectType: 'complaint',
      subjectId: id,
      details: { from: audit.from, to: audit.to, why: audit.why ?? null, ...redactIntake(audit.details) },
    });
    const { rows: updated } = await tx.query<CaseRow>(`select ${CASE_COLUMNS} ${CASE_FROM} where c.id = $1`, [id]);
    return { ok: true, case: toCase(updated[0]!, now) };
  });
}

/** The audit log records which intake fields arrived, not the citizen's name or address. */
function redactIntake(details: Record<string, unknown>): Record<string, unknown> {
  if (!details.details || typeof details.details !== 'object') return details;
  return { ...details, details: Object.keys(details.details as object) };
}

/** The entity a complaint belongs to (for the access check); undefined when there is none. */
export async function complaintEntity(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>('select entity_id from complaints where id = $1', [id]);
  return rows[0]?.entity_id;
}
