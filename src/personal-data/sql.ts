import type { Queryable } from '../db/db.js';
import { ERASED_NAME } from './rules.js';

/**
 * All of the personal-data folder's SQL. A contact's data within one entity is found from its
 * tickets there (`Scope`); what is not tied to a ticket (webhook deliveries, quarantined items) is
 * found on the entity's channels by the platform user id or the external ids it mentions.
 */

export interface ContactRow {
  id: number;
  platform: string;
  platform_user_id: string;
  handle: string | null;
  name: string | null;
  created_at: Date;
  updated_at: Date;
  erased_at: Date | null;
}

const CONTACT_COLUMNS = 'id::int as id, platform, platform_user_id, handle, name, created_at, updated_at, erased_at';

export async function contactById(db: Queryable, id: number): Promise<ContactRow | undefined> {
  const { rows } = await db.query<ContactRow>(`select ${CONTACT_COLUMNS} from contacts where id = $1`, [id]);
  return rows[0];
}

export async function contactByPlatformUser(db: Queryable, platform: string, platformUserId: string): Promise<ContactRow | undefined> {
  const { rows } = await db.query<ContactRow>(`select ${CONTACT_COLUMNS} from contacts where platform = $1 and platform_user_id = $2`, [platform, platformUserId]);
  return rows[0];
}

export async function channelOwner(db: Queryable, channelId: string): Promise<{ entity_id: string; platform: string } | undefined> {
  const { rows } = await db.query<{ entity_id: string; platform: string }>('select entity_id, platform from channels where id = $1', [channelId]);
  return rows[0];
}

/** The ids that make up a contact's data in one entity. */
export interface Scope {
  contactId: number;
  entityId: string;
  platformUserId: string;
  ticketIds: number[];
  ticketNumbers: number[];
  complaintIds: number[];
  letterIds: number[];
  messageIds: number[];
  externalIds: string[];
  channelIds: string[];
}

export async function contactScope(db: Queryable, contact: Pick<ContactRow, 'id' | 'platform_user_id'>, entityId: string): Promise<Scope> {
  const { rows } = await db.query<{ ticket_ids: string[] | null; numbers: string[] | null; complaint_ids: string[] | null; letter_ids: string[] | null; message_ids: string[] | null; external_ids: string[] | null; channel_ids: string[] | null }>(
    `with t as (select id, number from tickets where contact_id = $1 and entity_id = $2)
     select (select array_agg(id order by id) from t) as ticket_ids,
            (select array_agg(number order by id) from t) as numbers,
            (select array_agg(c.id order by c.id) from complaints c where c.ticket_id in (select id from t)) as complaint_ids,
            (select array_agg(l.id order by l.id) from case_letters l join complaints c on c.id = l.complaint_id where c.ticket_id in (select id from t)) as letter_ids,
            (select array_agg(m.id order by m.id) from messages m where m.ticket_id in (select id from t)) as message_ids,
            (select array_agg(m.external_id) from messages m where m.ticket_id in (select id from t) and m.external_id is not null) as external_ids,
            (select array_agg(id order by id) from channels where entity_id = $2) as channel_ids`,
    [contact.id, entityId],
  );
  const row = rows[0]!;
  const numbers = (list: string[] | null) => (list ?? []).map(Number);
  return {
    contactId: contact.id,
    entityId,
    platformUserId: contact.platform_user_id,
    ticketIds: numbers(row.ticket_ids),
    ticketNumbers: numbers(row.numbers),
    complaintIds: numbers(row.complaint_ids),
    letterIds: numbers(row.letter_ids),
    messageIds: numbers(row.message_ids),
    externalIds: row.external_ids ?? [],
    channelIds: row.channel_ids ?? [],
  };
}

// A delivery or quarantined item is the contact's when it names their platform user id or one of their messages' external ids.
const MENTIONS = `(position($2::text in {col}) > 0 or exists (select 1 from unnest($3::text[]) x where length(x) >= 4 and position(x in {col}) > 0))`;
const mentions = (column: string) => MENTIONS.replaceAll('{col}', column);

// ── Export ───────────────────────────────────────────────────────────────────────────────────────

export async function exportTickets(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    `select t.id::int as id, t.number::int as number, t.entity_id, t.channel_id, ch.platform, t.conversation_key, t.category, t.category_confidence, t.category_source,
            t.signals, t.flags, t.lang, t.status, t.priority, t.message_count, t.created_at, t.updated_at, t.first_response_at, t.resolved_at, t.closed_at, t.merged_into_id::int as merged_into_id,
            coalesce((select array_agg(tag order by tag) from ticket_tags tt where tt.ticket_id = t.id), '{}') as tags
       from tickets t join channels ch on ch.id = t.channel_id where t.id = any($1::bigint[]) order by t.id`,
    [scope.ticketIds],
  );
  return rows;
}

export async function exportMessages(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    `select id::int as id, ticket_id::int as ticket_id, channel_id, external_id, direction, kind, visibility, parent_external_id, text, lang, category,
            signals, flags, attachments, permalink, raw, rating, revisions, sent_at, edited_at, deleted_at, delivery_status, sent_by, erased_at
       from messages where ticket_id = any($1::bigint[]) order by sent_at, id`,
    [scope.ticketIds],
  );
  return rows;
}

export async function exportNotes(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(`select id::int as id, ticket_id::int as ticket_id, author_name, text, created_at from ticket_notes where ticket_id = any($1::bigint[]) order by id`, [scope.ticketIds]);
  return rows;
}

export async function exportReferrals(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    `select id::int as id, ticket_id::int as ticket_id, from_entity_id, to_entity_id, note, referred_by_name, referred_at from ticket_referrals where ticket_id = any($1::bigint[]) order by id`,
    [scope.ticketIds],
  );
  return rows;
}

export async function exportCorrections(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    `select id::int as id, ticket_id::int as ticket_id, from_category, to_category, actor, reason, created_at from classification_corrections where ticket_id = any($1::bigint[]) order by id`,
    [scope.ticketIds],
  );
  return rows;
}

export async function exportCases(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    `select c.id::int as id, c.ticket_id::int as ticket_id, c.status, c.received_at, c.intake, c.handler, c.involved_staff, c.decline_ground, c.decline_motivation,
            c.outcome, c.resolution, c.ombuds_norms, c.theme, c.source, c.acknowledged_at, c.declined_at, c.decided_at, c.answered_at, c.closed_at,
            c.escalated_at, c.escalation_reason, c.withdrawn_at, c.withdrawn_reason,
            coalesce((select json_agg(json_build_object('id', l.id, 'kind', l.kind, 'language', l.language, 'subject', l.subject, 'body', l.body, 'route', l.route,
                                                        'recipient', l.recipient, 'status', l.status, 'createdAt', l.created_at, 'sentAt', l.sent_at) order by l.id)
                        from case_letters l where l.complaint_id = c.id), '[]') as letters
       from complaints c where c.id = any($1::bigint[]) order by c.id`,
    [scope.complaintIds],
  );
  return rows;
}

export async function exportAudit(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(`select at, actor, action, subject_type, subject_id, details from audit_log where ${AUDIT_OF_SCOPE} order by at, id`, auditParams(scope));
  return rows;
}

export async function exportWebhookDeliveries(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    // metadata only: one delivery can carry several citizens' items (Meta, WhatsApp batch them)
    `select id::int as id, channel_id, status, received_at, processed_at from webhook_events
      where channel_id = any($1::text[]) and body <> '' and ${mentions('body')} order by id`,
    [scope.channelIds, scope.platformUserId, scope.externalIds],
  );
  return rows;
}

export async function exportQuarantine(db: Queryable, scope: Scope): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    `select id::int as id, channel_id, item_type, external_id, reason, raw, resolution from quarantine
      where channel_id = any($1::text[]) and raw is not null and ${mentions('raw::text')} order by id`,
    [scope.channelIds, scope.platformUserId, scope.externalIds],
  );
  return rows;
}

export async function erasuresOf(db: Queryable, contactId: number, entityId: string): Promise<Array<{ erased_at: Date; actor: string; counts: Record<string, unknown> }>> {
  const { rows } = await db.query<{ erased_at: Date; actor: string; counts: Record<string, unknown> }>(
    'select erased_at, actor, counts from contact_erasures where contact_id = $1 and entity_id = $2 order by id',
    [contactId, entityId],
  );
  return rows;
}

// The audit entries about the contact's tickets, cases and messages, and about the contact itself.
const AUDIT_OF_SCOPE = `((subject_type = 'ticket' and subject_id = any($1::text[]))
   or (subject_type = 'complaint' and subject_id = any($2::text[]))
   or (subject_type = 'message' and subject_id = any($3::text[]))
   or (subject_type = 'contact' and subject_id = $4 and details->>'entityId' = $5)
   or (details ? 'ticketId' and details->>'ticketId' = any($1::text[])))`;

// the contact's own entries (exported, erased) only of this entity: another entity's are none of its business
const auditParams = (scope: Scope) => [scope.ticketIds.map(String), scope.complaintIds.map(String), scope.messageIds.map(String), String(scope.contactId), scope.entityId];

// ── Erase ────────────────────────────────────────────────────────────────────────────────────────

/** Counts what an erasure of the scope would remove (the confirmation shows them). */
export async function erasableCounts(db: Queryable, scope: Scope): Promise<{
  messages: number; rawPayloads: number; attachments: number; notes: number; letters: number; webhookDeliveries: number; quarantined: number; auditEntries: number;
}> {
  const { rows } = await db.query<Record<string, number>>(
    `select (select count(*)::int from messages where ticket_id = any($1::bigint[]) and erased_at is null) as messages,
            (select count(*)::int from messages where ticket_id = any($1::bigint[]) and raw is not null) as raw_payloads,
            (select coalesce(sum(jsonb_array_length(attachments)), 0)::int from messages where ticket_id = any($1::bigint[])) as attachments,
            (select count(*)::int from ticket_notes where ticket_id = any($1::bigint[]) and text <> '') as notes,
            (select count(*)::int from case_letters where id = any($2::bigint[]) and body <> '') as letters,
            (select count(*)::int from webhook_events where channel_id = any($3::text[]) and body <> '' and ${mentions('body').replaceAll('$2', '$4').replaceAll('$3', '$5')}) as webhook_deliveries,
            (select count(*)::int from quarantine where channel_id = any($3::text[]) and raw is not null and ${mentions('raw::text').replaceAll('$2', '$4').replaceAll('$3', '$5')}) as quarantined`,
    [scope.ticketIds, scope.letterIds, scope.channelIds, scope.platformUserId, scope.externalIds],
  );
  const audit = await db.query<{ n: number }>(`select count(*)::int as n from audit_log where ${AUDIT_OF_SCOPE} and details <> '{}'::jsonb`, auditParams(scope));
  const row = rows[0]!;
  return {
    messages: row.messages!,
    rawPayloads: row.raw_payloads!,
    attachments: row.attachments!,
    notes: row.notes!,
    letters: row.letters!,
    webhookDeliveries: row.webhook_deliveries!,
    quarantined: row.quarantined!,
    auditEntries: audit.rows[0]!.n,
  };
}

/** Messages of the scope: text, raw payload, earlier versions, attachments and links go; the row, its category and dates stay. */
export async function eraseMessages(tx: Queryable, ticketIds: number[], at: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `update messages set text = '', raw = null, revisions = '[]', attachments = '[]', permalink = null, delivery_error = null, erased_at = coalesce(erased_at, $2)
      where ticket_id = any($1::bigint[])`,
    [ticketIds, at],
  );
  return rowCount;
}

export async function eraseNotes(tx: Queryable, ticketIds: number[]): Promise<void> {
  await tx.query(`update ticket_notes set text = '' where ticket_id = any($1::bigint[])`, [ticketIds]);
  await tx.query(`update classification_corrections set reason = null where ticket_id = any($1::bigint[]) and reason is not null`, [ticketIds]);
  // A referral's note (migration 023) is an agent's text about the citizen.
  await tx.query(`update ticket_referrals set note = '' where ticket_id = any($1::bigint[]) and note <> ''`, [ticketIds]);
}

/** The case's personal fields (intake: name, address, e-mail, facts; free-text motivations); its state, dates and decisions stay for the annual report. */
export async function eraseCases(tx: Queryable, complaintIds: number[]): Promise<void> {
  await tx.query(
    `update complaints set intake = '{}', decline_motivation = null, escalation_reason = null, withdrawn_reason = null
      where id = any($1::bigint[])`,
    [complaintIds],
  );
  await tx.query(`update case_letters set subject = '', body = '', recipient = null, error = null where complaint_id = any($1::bigint[])`, [complaintIds]);
}

/** Work still waiting to send one of these messages or mail about these cases is stopped: it would send an erased text. */
export async function stopPendingEffects(tx: Queryable, messageIds: number[], complaintIds: number[]): Promise<void> {
  await tx.query(
    `update outbox set status = 'failed', last_error = 'contact erased', locked_until = null
      where status in ('pending', 'processing')
        and (payload->>'messageId' = any($1::text[]) or payload->>'complaintId' = any($2::text[]))`,
    [messageIds.map(String), complaintIds.map(String)],
  );
}

export async function eraseWebhookDeliveries(tx: Queryable, scope: Scope): Promise<number> {
  const { rowCount } = await tx.query(
    `update webhook_events set body = '', error = case when status = 'pending' then 'contact erased' else error end,
            status = case when status = 'pending' then 'failed' else status end
      where channel_id = any($1::text[]) and body <> '' and ${mentions('body')}`,
    [scope.channelIds, scope.platformUserId, scope.externalIds],
  );
  return rowCount;
}

export async function eraseQuarantine(tx: Queryable, scope: Scope): Promise<number> {
  const { rowCount } = await tx.query(
    `update quarantine set raw = null where channel_id = any($1::text[]) and raw is not null and ${mentions('raw::text')}`,
    [scope.channelIds, scope.platformUserId, scope.externalIds],
  );
  return rowCount;
}

export async function eraseAuditDetails(tx: Queryable, scope: Scope): Promise<number> {
  const { rowCount } = await tx.query(`update audit_log set details = '{}' where ${AUDIT_OF_SCOPE} and details <> '{}'::jsonb`, auditParams(scope));
  return rowCount;
}

/** Whether the contact still has tickets in another entity that were not erased. */
export async function contactLivesElsewhere(tx: Queryable, contactId: number, entityId: string): Promise<boolean> {
  const { rows } = await tx.query(
    `select 1 from tickets t where t.contact_id = $1 and t.entity_id <> $2
        and not exists (select 1 from contact_erasures e where e.contact_id = t.contact_id and e.entity_id = t.entity_id and e.erased_at >= t.updated_at)
      limit 1`,
    [contactId, entityId],
  );
  return rows.length > 0;
}

export async function tombstoneContact(tx: Queryable, contactId: number, at: Date): Promise<void> {
  await tx.query(`update contacts set name = $2, handle = null, erased_at = $3, updated_at = $3 where id = $1`, [contactId, ERASED_NAME, at]);
}

/** Contacts of these tickets with no message text left anywhere become tombstones (the retention job). */
export async function tombstoneEmptiedContacts(tx: Queryable, ticketIds: number[], at: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `update contacts c set name = $2, handle = null, erased_at = $3, updated_at = $3
      where c.erased_at is null and c.id in (select contact_id from tickets where id = any($1::bigint[]))
        and not exists (select 1 from tickets t join messages m on m.ticket_id = t.id where t.contact_id = c.id and m.erased_at is null)`,
    [ticketIds, ERASED_NAME, at],
  );
  return rowCount;
}

export async function insertErasure(tx: Queryable, erasure: { contactId: number; entityId: string; at: Date; actor: string; counts: unknown }): Promise<void> {
  await tx.query('insert into contact_erasures (contact_id, entity_id, erased_at, actor, counts) values ($1, $2, $3, $4, $5::jsonb)', [
    erasure.contactId,
    erasure.entityId,
    erasure.at,
    erasure.actor,
    JSON.stringify(erasure.counts),
  ]);
}

// ── Retention ────────────────────────────────────────────────────────────────────────────────────

export async function entityRetentionRows(db: Queryable, entityId?: string): Promise<Array<{ id: string; retention: unknown }>> {
  const { rows } = await db.query<{ id: string; retention: unknown }>(
    `select id, settings->'retention' as retention from entities where ($1::text is null or id = $1) order by id`,
    [entityId ?? null],
  );
  return rows;
}

export async function saveRetention(db: Queryable, entityId: string, retention: unknown): Promise<boolean> {
  const { rowCount } = await db.query(`update entities set settings = jsonb_set(settings, '{retention}', $2::jsonb), updated_at = now() where id = $1`, [entityId, JSON.stringify(retention)]);
  return rowCount > 0;
}

/** Raw payloads older than `before` on the entity's channels: messages, webhook deliveries, quarantined items. */
export async function dropRawPayloads(tx: Queryable, entityId: string, before: Date): Promise<{ messages: number; webhookDeliveries: number; quarantined: number }> {
  const messages = await tx.query(
    `update messages set raw = null where raw is not null and sent_at < $2 and channel_id in (select id from channels where entity_id = $1)`,
    [entityId, before],
  );
  // A delivery still waiting to be processed keeps its body: it is not ingested yet.
  const deliveries = await tx.query(
    `update webhook_events set body = '' where body <> '' and status <> 'pending' and received_at < $2 and channel_id in (select id from channels where entity_id = $1)`,
    [entityId, before],
  );
  const quarantined = await tx.query(
    `update quarantine set raw = null where raw is not null and created_at < $2 and channel_id in (select id from channels where entity_id = $1)`,
    [entityId, before],
  );
  return { messages: messages.rowCount, webhookDeliveries: deliveries.rowCount, quarantined: quarantined.rowCount };
}

/** The entity's tickets closed before `before` whose texts are still there. */
export async function closedTicketsWithText(tx: Queryable, entityId: string, before: Date): Promise<number[]> {
  const { rows } = await tx.query<{ id: string }>(
    `select t.id from tickets t where t.entity_id = $1 and t.status = 'closed' and t.closed_at < $2
        and exists (select 1 from messages m where m.ticket_id = t.id and m.erased_at is null)
      order by t.id limit 5000`,
    [entityId, before],
  );
  return rows.map((row) => Number(row.id));
}

export async function complaintsOfTickets(tx: Queryable, ticketIds: number[]): Promise<number[]> {
  const { rows } = await tx.query<{ id: string }>('select id from complaints where ticket_id = any($1::bigint[])', [ticketIds]);
  return rows.map((row) => Number(row.id));
}
