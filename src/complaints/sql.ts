import { platformName } from '../../connectors/platforms.js';
import type { AutoSendSetting } from './auto-send.js';
import type { Queryable } from '../db/db.js';
import type { EntityTemplates } from '../entities/entities.js';
import type { CaseAuditEntry, CaseFilter } from './cases.js';
import { publicLink, type RoutedComplaint } from './coordinator-mail.js';
import type { IntakePolicy } from './intake-texts.js';
import type { CaseAction, CaseSnapshot, CaseState } from './procedure.js';
import type { LetterKind, LetterLanguage, LetterTemplates } from './letter-texts.js';
import type { LetterRoute, LetterStatus } from './letter-delivery.js';

export interface LoadedComplaint extends RoutedComplaint {
  entityId: string;
  withdrawnReason: string | null;
  webhook: { url: string; secretEncrypted: string } | undefined;
}

/** A routed complaint as its coordinator mail and webhook show it; undefined without a coordinator e-mail. */
export async function loadRoutedComplaint(db: Queryable, complaintId: number, publicUrl: string): Promise<LoadedComplaint | undefined> {
  const { rows } = await db.query<{
    ticket_id: number;
    number: number;
    entity_name: string;
    coordinator_name: string | null;
    coordinator_email: string | null;
    channel_name: string | null;
    platform: string;
    handle: string | null;
    name: string | null;
    received_at: Date;
    signals: string[];
    category_confidence: number | null;
    withdrawn_reason: string | null;
    withdrawn_at: Date | null;
    entity_id: string;
    time_zone: string;
    webhook: { url: string; secretEncrypted: string } | null;
  }>(
    `select t.id as ticket_id, t.number, e.name as entity_name, e.coordinator_name, e.coordinator_email,
            ch.name as channel_name, ch.platform, co.handle, co.name, c.received_at,
            t.signals, t.category_confidence, c.withdrawn_reason, c.withdrawn_at, e.id as entity_id, e.time_zone,
            e.settings->'complaintWebhook' as webhook
       from complaints c
       join tickets t on t.id = c.ticket_id
       join entities e on e.id = c.entity_id
       join channels ch on ch.id = t.channel_id
       join contacts co on co.id = t.contact_id
      where c.id = $1`,
    [complaintId],
  );
  const found = rows[0];
  if (!found?.coordinator_email) return undefined;
  const messages = await db.query<{ text: string; sent_at: Date; permalink: string | null }>(
    `select text, sent_at, permalink from messages where ticket_id = $1 and direction = 'inbound' order by sent_at, id limit 20`,
    [found.ticket_id],
  );
  return {
    complaintId,
    ticketNumber: found.number,
    ticketUrl: publicLink(publicUrl, `/tickets/${found.ticket_id}`),
    entityName: found.entity_name,
    coordinatorName: found.coordinator_name,
    coordinatorEmail: found.coordinator_email,
    channelName: found.channel_name?.trim() || platformName(found.platform),
    platform: found.platform,
    timeZone: found.time_zone,
    authorHandle: found.handle,
    authorName: found.name,
    receivedAt: found.received_at,
    messages: messages.rows.map((m) => ({ text: m.text, sentAt: m.sent_at, permalink: m.permalink })),
    signals: found.signals,
    confidence: found.category_confidence,
    withdrawnReason: found.withdrawn_at ? (found.withdrawn_reason ?? 'not a complaint') : null,
    entityId: found.entity_id,
    webhook: found.webhook ?? undefined,
  };
}

/** Entities whose coordinator has an e-mail address, for the deadline digest. */
export async function coordinatorsToMail(db: Queryable): Promise<Array<{ id: string; name: string; coordinator_name: string | null; coordinator_email: string; time_zone: string }>> {
  const { rows } = await db.query<{ id: string; name: string; coordinator_name: string | null; coordinator_email: string; time_zone: string }>(
    `select id, name, coordinator_name, coordinator_email, time_zone from entities where coordinator_email is not null order by id`,
  );
  return rows;
}

/** Whether the entity's digest for that local day went out already (the audit log says so). */
export async function digestSent(db: Queryable, entityId: string, day: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from audit_log where action = 'digest.sent' and subject_id = $1 and details->>'day' = $2`, [entityId, day]);
  return rows.length > 0;
}

// Routing

/**
 * One complaint record per ticket (none for a ticket that has one already), received when the
 * ticket was, in the ticket's entity (a referred ticket's follow-ups arrive on the sender's channel); returns the new ones and whether their entity has its own complaint system (webhook).
 */
export async function insertComplaints(tx: Queryable, entityId: string, ticketIds: number[]): Promise<Array<{ id: number; ticketId: number; hasWebhook: boolean }>> {
  const { rows } = await tx.query<{ id: number; ticket_id: number; has_webhook: boolean }>(
    `with routed as (
       insert into complaints (ticket_id, entity_id, received_at)
       select t.id, coalesce(t.entity_id, $1), t.created_at from tickets t where t.id = any($2::int8[])
       on conflict (ticket_id) do nothing
       returning id, ticket_id, entity_id
     )
     select r.id, r.ticket_id, coalesce((select settings ? 'complaintWebhook' from entities where id = r.entity_id), false) as has_webhook from routed r`,
    [entityId, ticketIds],
  );
  return rows.map((r) => ({ id: r.id, ticketId: r.ticket_id, hasWebhook: r.has_webhook }));
}

/** The text of a ticket's first inbound message (the complaint as the citizen wrote it). */
const FIRST_TEXT = `(select m.text from messages m where m.ticket_id = %t and m.direction = 'inbound' order by m.sent_at, m.id limit 1)`;

export async function markCoordinatorNotified(tx: Queryable, complaintId: number): Promise<void> {
  await tx.query('update complaints set notified_at = now(), updated_at = now() where id = $1', [complaintId]);
}

// Intake

export interface IntakeFacts {
  ticketId: number;
  status: string;
  entityName: string;
  intake: (Partial<IntakePolicy> & { auto?: boolean }) | null;
  ownTemplates: EntityTemplates | null;
  lang: string | null;
  /** The ticket's complaint confidence (0–1), for the entity's automatic-sending threshold. */
  confidence: number | null;
  autoSend: AutoSendSetting | undefined;
}

/** What the intake of a complaint needs: its state, the entity's intake policy and texts, the ticket's language. */
export async function intakeFacts(db: Queryable, complaintId: number): Promise<IntakeFacts | undefined> {
  const { rows } = await db.query<{
    ticket_id: number;
    status: string;
    entity_name: string;
    intake: IntakeFacts['intake'];
    own_templates: EntityTemplates | null;
    lang: string | null;
    confidence: number | null;
    auto_send: IntakeFacts['autoSend'] | null;
  }>(
    `select c.ticket_id, c.status, e.name as entity_name, e.settings->'complaintIntake' as intake, e.settings->'templates' as own_templates, t.lang,
            t.category_confidence as confidence, e.settings->'autoSend' as auto_send
       from complaints c join entities e on e.id = c.entity_id join tickets t on t.id = c.ticket_id where c.id = $1`,
    [complaintId],
  );
  const row = rows[0];
  return row
    ? {
        ticketId: row.ticket_id,
        status: row.status,
        entityName: row.entity_name,
        intake: row.intake,
        ownTemplates: row.own_templates,
        lang: row.lang,
        confidence: row.confidence,
        autoSend: row.auto_send ?? undefined,
      }
    : undefined;
}

/** The complaint case of a ticket, if it has one. */
export async function complaintOfTicket(db: Queryable, ticketId: number): Promise<{ id: number; status: string } | undefined> {
  const { rows } = await db.query<{ id: number; status: string }>(`select id, status from complaints where ticket_id = $1`, [ticketId]);
  return rows[0] ? { id: Number(rows[0].id), status: rows[0].status } : undefined;
}

// Cases

/** A complaint with what its procedure needs: the ticket, the entity's time zone and themes, the channel. */
export interface CaseRow {
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
  /** The case this one is likely a duplicate of (bigint: may come as a string). */
  possible_duplicate_of: number | string | null;
  themes: string[] | null;
  contact_name: string | null;
  contact_handle: string | null;
  channel_name: string | null;
  /** The text of the citizen's first message on the ticket (null when there is none). */
  first_message: string | null;
}

const CASE_COLUMNS = `
  c.id, c.ticket_id, t.number as ticket_number, c.entity_id, e.time_zone, ch.platform, ch.id as channel_id, c.source, c.status,
  c.received_at, c.intake, c.handler, c.involved_staff, c.decline_ground, c.decline_motivation, c.outcome, c.resolution,
  c.ombuds_norms, c.theme, c.acknowledged_at, c.declined_at, c.decided_at, c.answered_at, c.closed_at, c.escalated_at,
  c.escalation_reason, c.withdrawn_reason, c.notified_at, c.possible_duplicate_of, e.settings->'themes' as themes,
  co.name as contact_name, co.handle as contact_handle, ch.name as channel_name,
  (select m.text from messages m where m.ticket_id = c.ticket_id and m.direction = 'inbound' order by m.sent_at, m.id limit 1) as first_message`;
const CASE_FROM = `from complaints c join tickets t on t.id = c.ticket_id join entities e on e.id = c.entity_id join channels ch on ch.id = t.channel_id
  left join contacts co on co.id = t.contact_id`;

/**
 * The cases of the entity / entities / state / handler / theme (each only when given), oldest first;
 * `q` finds the words in the complainant's name or handle, the ticket number or any message of the ticket.
 */
export async function caseRows(db: Queryable, filter: Pick<CaseFilter, 'entity' | 'entities' | 'state' | 'q' | 'handler' | 'theme'>): Promise<CaseRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.entity) add((p) => `c.entity_id = ${p}`, filter.entity);
  if (filter.entities) add((p) => `c.entity_id = any(${p}::text[])`, filter.entities);
  if (filter.state) add((p) => `c.status = ${p}`, filter.state);
  if (filter.handler) add((p) => `c.handler = ${p}`, filter.handler);
  if (filter.theme) add((p) => `c.theme = ${p}`, filter.theme);
  const words = (filter.q ?? '').split(/\s+/).map((word) => (word.length > 1 ? word.replace(/^[#@]/, '') : word));
  for (const word of words.filter(Boolean)) {
    add(
      (p) =>
        `(co.name ilike ${p} escape '\\' or co.handle ilike ${p} escape '\\' or t.number::text ilike ${p} escape '\\'
          or exists (select 1 from messages m where m.ticket_id = c.ticket_id and m.text ilike ${p} escape '\\'))`,
      `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`,
    );
  }
  const { rows } = await db.query<CaseRow>(
    `select ${CASE_COLUMNS} ${CASE_FROM} ${where.length ? `where ${where.join(' and ')}` : ''} order by c.received_at, c.id`,
    params,
  );
  return rows;
}

export async function caseRow(db: Queryable, id: number): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(`select ${CASE_COLUMNS} ${CASE_FROM} where c.id = $1`, [id]);
  return rows[0];
}

/** The case, its complaint row locked until the transaction ends. */
export async function lockCase(tx: Queryable, id: number): Promise<CaseRow | undefined> {
  const { rows } = await tx.query<CaseRow>(`select ${CASE_COLUMNS} ${CASE_FROM} where c.id = $1 for update of c`, [id]);
  return rows[0];
}

/**
 * Writes the procedure's new state. The escalation reason is kept unless a new one is given; the
 * withdrawal's time and reason are set only when the new state is withdrawn (a first time stays).
 */
export async function updateCase(
  tx: Queryable,
  id: number,
  next: CaseSnapshot,
  extra: { escalationReason: string | null; withdrawnAt: Date; withdrawnReason: string | null },
): Promise<void> {
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
      extra.escalationReason,
      extra.withdrawnAt,
      extra.withdrawnReason,
    ],
  );
}

/** The case's entries in the audit log, routing included, in the order they were written; a user's actor is their name (as in a ticket's history). */
export async function caseAuditEntries(db: Queryable, id: number): Promise<CaseAuditEntry[]> {
  const { rows } = await db.query<CaseAuditEntry>(
    `select at, coalesce((select u.name from users u where 'user:' || u.email = actor), actor) as actor, action, details->>'from' as "from", details->>'to' as "to", coalesce(details->>'why', details->>'reason') as why
       from audit_log
      where (subject_type = 'complaint' and subject_id = $1)
         or (subject_type = 'ticket' and action = 'complaint.routed' and details->>'complaintId' = $1)
      order by id`,
    [String(id)],
  );
  return rows;
}

export async function complaintEntityId(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>('select entity_id from complaints where id = $1', [id]);
  return rows[0]?.entity_id;
}

/** A private message the citizen sent about a case, for the coordinator's detail suggestions. */
export interface CitizenPrivateMessage {
  id: number;
  text: string;
  sent_at: Date;
}

/**
 * The citizen's private inbound messages since the case was received, newest first: on the case's
 * ticket, and on the same channel from the same contact (a DM answer to a public complaint opens its
 * own conversation). Removed messages are left out.
 */
export async function citizenPrivateMessages(db: Queryable, caseId: number, limit = 50): Promise<CitizenPrivateMessage[]> {
  const { rows } = await db.query<CitizenPrivateMessage>(
    `select m.id, m.text, m.sent_at
       from complaints c
       join tickets t on t.id = c.ticket_id
       join messages m on m.direction = 'inbound' and m.visibility = 'private' and m.deleted_at is null and m.sent_at >= c.received_at
                      and (m.ticket_id = t.id or (m.channel_id = t.channel_id and m.contact_id = t.contact_id))
      where c.id = $1
      order by m.sent_at desc, m.id desc
      limit $2`,
    [caseId, limit],
  );
  return rows;
}

// Letters

export interface LetterRow {
  id: number;
  complaint_id: number;
  kind: LetterKind;
  step: CaseAction | null;
  language: LetterLanguage;
  subject: string;
  body: string;
  route: LetterRoute;
  recipient: string | null;
  message_id: number | null;
  status: LetterStatus;
  error: string | null;
  created_by: string;
  created_at: Date;
  sent_at: Date | null;
}

const LETTER_COLUMNS = `id, complaint_id, kind, step, language, subject, body, route, recipient, message_id, status, error, created_by, created_at, sent_at`;

export async function insertLetter(
  tx: Queryable,
  letter: Pick<LetterRow, 'complaint_id' | 'kind' | 'step' | 'language' | 'subject' | 'body' | 'route' | 'recipient' | 'message_id' | 'status' | 'created_by'>,
): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into case_letters (complaint_id, kind, step, language, subject, body, route, recipient, message_id, status, created_by)
     values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [
      letter.complaint_id,
      letter.kind,
      letter.step === null ? null : JSON.stringify(letter.step),
      letter.language,
      letter.subject,
      letter.body,
      letter.route,
      letter.recipient,
      letter.message_id,
      letter.status,
      letter.created_by,
    ],
  );
  return Number(rows[0]!.id);
}

/** The case's letters, oldest first. */
export async function letterRows(db: Queryable, complaintId: number): Promise<LetterRow[]> {
  const { rows } = await db.query<LetterRow>(`select ${LETTER_COLUMNS} from case_letters where complaint_id = $1 order by id`, [complaintId]);
  return rows;
}

/** One letter of the case. */
export async function letterRow(db: Queryable, complaintId: number, letterId: number): Promise<LetterRow | undefined> {
  const { rows } = await db.query<LetterRow>(`select ${LETTER_COLUMNS} from case_letters where id = $1 and complaint_id = $2`, [letterId, complaintId]);
  return rows[0];
}

/** One letter of the case, locked until the transaction ends. */
export async function lockLetter(tx: Queryable, complaintId: number, letterId: number): Promise<LetterRow | undefined> {
  const { rows } = await tx.query<LetterRow>(`select ${LETTER_COLUMNS} from case_letters where id = $1 and complaint_id = $2 for update`, [letterId, complaintId]);
  return rows[0];
}

/** The letter a ticket message carries, locked; undefined for an ordinary reply. */
export async function lockLetterOfMessage(tx: Queryable, messageId: number): Promise<LetterRow | undefined> {
  const { rows } = await tx.query<LetterRow>(`select ${LETTER_COLUMNS} from case_letters where message_id = $1 for update`, [messageId]);
  return rows[0];
}

/** The letter of this case still on its way (sending, or waiting to be posted), if any. */
export async function openLetter(tx: Queryable, complaintId: number): Promise<{ id: number; kind: LetterKind; status: LetterStatus } | undefined> {
  const { rows } = await tx.query<{ id: number; kind: LetterKind; status: LetterStatus }>(
    `select id, kind, status from case_letters where complaint_id = $1 and status in ('sending', 'to_post') limit 1`,
    [complaintId],
  );
  return rows[0];
}

export async function setLetterStatus(tx: Queryable, letterId: number, status: LetterStatus, error: string | null, sentAt: Date | null): Promise<void> {
  await tx.query(`update case_letters set status = $2, error = $3, sent_at = coalesce($4, sent_at) where id = $1`, [letterId, status, error, sentAt]);
}

export interface LetterSender {
  entity_name: string;
  coordinator_name: string | null;
  coordinator_email: string | null;
  time_zone: string;
  letters: { senderLines?: string[]; place?: string; templates?: LetterTemplates } | null;
  form_url: string | null;
  ticket_lang: string | null;
  contact_name: string | null;
}

/** What a case's letters are written with: the entity (sender, texts, time zone), the ticket's language, the contact's name. */
export async function letterSender(db: Queryable, complaintId: number): Promise<LetterSender | undefined> {
  const { rows } = await db.query<LetterSender>(
    `select e.name as entity_name, e.coordinator_name, e.coordinator_email, e.time_zone, e.settings->'letters' as letters,
            e.settings->'complaintIntake'->>'formUrl' as form_url, t.lang as ticket_lang, co.name as contact_name
       from complaints c join entities e on e.id = c.entity_id join tickets t on t.id = c.ticket_id
       left join contacts co on co.id = t.contact_id
      where c.id = $1`,
    [complaintId],
  );
  return rows[0];
}

/**
 * A new complaint's text and the same contact's earlier complaints to the same entity of the week
 * before, for the duplicate rule; each earlier one with the case it is itself marked a duplicate of.
 */
export interface DuplicateCandidates {
  text: string;
  receivedAt: Date;
  earlier: Array<{ id: number; duplicateOf: number | null; text: string; receivedAt: Date }>;
}

/** The duplicate candidates of many new complaints in one statement, by complaint id (none: not in the map). */
export async function duplicateCandidatesOf(tx: Queryable, complaintIds: number[], windowMs: number): Promise<Map<number, DuplicateCandidates>> {
  const found = new Map<number, DuplicateCandidates>();
  if (complaintIds.length === 0) return found;
  // Read once for the batch, not once per complaint. A contact created by this very transaction has
  // no complaints but the batch's own: the entity's complaints of the week are scanned only when a
  // complaint comes from a contact known before, each compared with the known contacts as an array
  // (an `in (select …)` from the CTE became a nested loop over it: complaints × contacts rows).
  const { rows } = await tx.query<{
    complaint_id: number;
    own_text: string | null;
    own_received_at: Date;
    id: number;
    duplicate_of: number | null;
    text: string | null;
    received_at: Date;
  }>(
    `with own as materialized (
       select c.id, c.entity_id, c.ticket_id, c.received_at, c.possible_duplicate_of, t.contact_id, co.created_at <> now() as known_contact
         from complaints c join tickets t on t.id = c.ticket_id left join contacts co on co.id = t.contact_id
        where c.id = any($1::int8[])
     ),
     earlier as materialized (
       select o.id, o.entity_id, o.possible_duplicate_of, o.received_at, o.contact_id, o.ticket_id from own o
       union all
       select c2.id, c2.entity_id, c2.possible_duplicate_of, c2.received_at, t2.contact_id, c2.ticket_id
         from complaints c2 join tickets t2 on t2.id = c2.ticket_id
        where exists (select 1 from own where known_contact)
          and c2.entity_id in (select entity_id from own)
          and c2.received_at >= (select min(received_at) from own) - $2 * interval '1 millisecond'
          and c2.received_at <= (select max(received_at) from own)
          and t2.contact_id = any(array(select contact_id from own where known_contact))
          and c2.id <> all($1::int8[])
     ),
     pairs as materialized (
       select o.id as complaint_id, o.ticket_id as own_ticket_id, o.received_at as own_received_at,
              e.id, e.possible_duplicate_of as duplicate_of, e.ticket_id, e.received_at
         from own o
         join earlier e on e.contact_id = o.contact_id and e.entity_id = o.entity_id and e.id <> o.id
                       and (e.received_at, e.id) < (o.received_at, o.id) and e.received_at >= o.received_at - $2 * interval '1 millisecond'
     )
     -- texts only for the complaints that have an earlier one to be compared with: most have none
     select p.complaint_id, ${FIRST_TEXT.replace('%t', 'p.own_ticket_id')} as own_text, p.own_received_at,
            p.id, p.duplicate_of, ${FIRST_TEXT.replace('%t', 'p.ticket_id')} as text, p.received_at
       from pairs p`,
    [complaintIds, windowMs],
  );
  for (const r of rows) {
    let entry = found.get(r.complaint_id);
    if (!entry) found.set(r.complaint_id, (entry = { text: r.own_text ?? '', receivedAt: r.own_received_at, earlier: [] }));
    entry.earlier.push({ id: r.id, duplicateOf: r.duplicate_of, text: r.text ?? '', receivedAt: r.received_at });
  }
  return found;
}

/** markPossibleDuplicate for many complaints in one statement. */
export async function markPossibleDuplicates(tx: Queryable, marks: Array<{ complaintId: number; duplicateOf: number }>): Promise<void> {
  if (marks.length === 0) return;
  await tx.query(
    `update complaints c set possible_duplicate_of = v.duplicate_of, updated_at = now()
       from unnest($1::int8[], $2::int8[]) as v(id, duplicate_of) where c.id = v.id`,
    [marks.map((m) => m.complaintId), marks.map((m) => m.duplicateOf)],
  );
}
