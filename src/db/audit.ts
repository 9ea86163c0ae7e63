import type { Queryable } from './db.js';
import { textArray } from './array-literal.js';

/** One line of the audit log: who did what to which subject. Details hold ids and choices, never citizens' texts. */
export interface AuditEntry {
  /** 'system', 'cli', or 'user:<id>'. */
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | number;
  details?: unknown;
  /** When it happened; the database's now() when omitted. */
  at?: Date;
}

/** The only writer of the audit log: one statement however many entries. */
export async function recordAudit(db: Queryable, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.query(
    `insert into audit_log (at, actor, action, subject_type, subject_id, details)
     select coalesce(v.at, now()), v.actor, v.action, v.subject_type, v.subject_id, v.details
       from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
            as v(at, actor, action, subject_type, subject_id, details)`,
    [
      textArray(list.map((e) => e.at?.toISOString() ?? null)),
      textArray(list.map((e) => e.actor)),
      textArray(list.map((e) => e.action)),
      textArray(list.map((e) => e.subjectType)),
      textArray(list.map((e) => String(e.subjectId))),
      textArray(list.map((e) => JSON.stringify(e.details ?? {}))),
    ],
  );
}
