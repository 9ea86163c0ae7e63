import type { Queryable } from '../db/db.js';

/** All of the referrals folder's SQL. */

export interface TicketToRefer {
  id: number;
  number: number;
  entityId: string;
  status: string;
  mergedInto: number | null;
  lang: string | null;
  complaint: { id: number; state: string; withdrawn: boolean } | null;
}

/** Locks the ticket (and reads its complaint case) for the referral's transaction. */
export async function lockTicketForReferral(tx: Queryable, ticketId: number): Promise<TicketToRefer | undefined> {
  const { rows } = await tx.query<{
    id: number;
    number: number;
    entity_id: string;
    status: string;
    merged_into_id: number | null;
    lang: string | null;
    complaint_id: number | null;
    complaint_status: string | null;
    withdrawn_at: Date | null;
  }>(
    `select t.id::int, t.number::int, t.entity_id, t.status, t.merged_into_id::int, t.lang,
            c.id::int as complaint_id, c.status as complaint_status, c.withdrawn_at
       from tickets t left join complaints c on c.ticket_id = t.id
      where t.id = $1 for update of t`,
    [ticketId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    number: row.number,
    entityId: row.entity_id,
    status: row.status,
    mergedInto: row.merged_into_id,
    lang: row.lang,
    complaint: row.complaint_id === null ? null : { id: row.complaint_id, state: row.complaint_status!, withdrawn: row.withdrawn_at !== null },
  };
}

/** Every entity of the installation, names only: where a ticket can be referred to. */
export async function allEntityNames(db: Queryable): Promise<Array<{ id: string; name: string }>> {
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from entities order by name, id');
  return rows;
}

export async function entityFacts(db: Queryable, id: string): Promise<{ name: string; hasWebhook: boolean } | undefined> {
  const { rows } = await db.query<{ name: string; has_webhook: boolean }>(`select name, settings ? 'complaintWebhook' as has_webhook from entities where id = $1`, [id]);
  return rows[0] ? { name: rows[0].name, hasWebhook: rows[0].has_webhook } : undefined;
}

export async function insertReferral(
  tx: Queryable,
  row: { ticketId: number; from: string; to: string; note: string; actor: string; actorName: string; complaintId: number | null },
): Promise<{ id: number; referredAt: Date }> {
  const { rows } = await tx.query<{ id: number; referred_at: Date }>(
    `insert into ticket_referrals (ticket_id, from_entity_id, to_entity_id, note, referred_by, referred_by_name, complaint_id)
     values ($1, $2, $3, $4, $5, $6, $7) returning id::int, referred_at`,
    [row.ticketId, row.from, row.to, row.note, row.actor, row.actorName, row.complaintId],
  );
  return { id: rows[0]!.id, referredAt: rows[0]!.referred_at };
}

export async function setReferralReply(tx: Queryable, referralId: number, messageId: number): Promise<void> {
  await tx.query('update ticket_referrals set reply_message_id = $2 where id = $1', [referralId, messageId]);
}

/**
 * The ticket moves to the receiving entity: its queue, its tags. What belonged to the sender's
 * people (the assignee, a snooze) does not come along; the ticket waits in the new queue as open.
 */
export async function moveTicket(tx: Queryable, ticketId: number, to: string): Promise<void> {
  await tx.query(
    `update tickets set entity_id = $2, assignee_id = null, snoozed_until = null, snoozed_until_reply = false,
            status = case when status in ('resolved', 'pending') then 'open' else status end,
            resolved_at = null, updated_at = now()
      where id = $1`,
    [ticketId, to],
  );
  await tx.query('update ticket_tags set entity_id = $2 where ticket_id = $1', [ticketId, to]);
  // the sender's people are no longer "on it" for the receiver's agents
  await tx.query('delete from ticket_presence where ticket_id = $1', [ticketId]);
}

/** The case moves with its ticket and keeps its receipt date; the sender's handler and notification do not come along. */
export async function moveComplaint(tx: Queryable, complaintId: number, to: string): Promise<void> {
  await tx.query('update complaints set entity_id = $2, handler = null, notified_at = null, updated_at = now() where id = $1', [complaintId, to]);
}

/** Drafts prepared in the sender's name (an intake question) are not the receiver's to send: discarded. */
export async function deleteDraftsOf(tx: Queryable, ticketId: number): Promise<number[]> {
  const { rows } = await tx.query<{ id: number }>(`delete from messages where ticket_id = $1 and direction = 'outbound' and delivery_status = 'draft' returning id::int`, [ticketId]);
  return rows.map((row) => row.id);
}

export interface ReferralRow {
  id: number;
  ticketId: number;
  ticketNumber: number;
  fromEntity: string;
  fromName: string;
  toEntity: string;
  toName: string;
  note: string;
  referredByName: string;
  referredAt: Date;
  replyMessageId: number | null;
  /** Read from the ticket now: where it is, its status, who handles it. */
  holderEntity: string;
  holderName: string;
  status: string;
  resolvedAt: Date | null;
  closedAt: Date | null;
  assigneeName: string | null;
  complaintState: string | null;
}

const SELECT_REFERRAL = `
  select r.id::int, r.ticket_id::int as "ticketId", t.number::int as "ticketNumber",
         r.from_entity_id as "fromEntity", fe.name as "fromName", r.to_entity_id as "toEntity", te.name as "toName",
         r.note, r.referred_by_name as "referredByName", r.referred_at as "referredAt", r.reply_message_id::int as "replyMessageId",
         t.entity_id as "holderEntity", he.name as "holderName", t.status, t.resolved_at as "resolvedAt", t.closed_at as "closedAt",
         au.name as "assigneeName", c.status as "complaintState"
    from ticket_referrals r
    join tickets t on t.id = r.ticket_id
    join entities fe on fe.id = r.from_entity_id
    join entities te on te.id = r.to_entity_id
    join entities he on he.id = t.entity_id
    left join users au on au.id = t.assignee_id
    left join complaints c on c.ticket_id = t.id`;

/** The referrals of one ticket, oldest first (for whoever holds the ticket now). */
export async function referralsOfTicket(db: Queryable, ticketId: number): Promise<ReferralRow[]> {
  const { rows } = await db.query<ReferralRow>(`${SELECT_REFERRAL} where r.ticket_id = $1 order by r.referred_at, r.id`, [ticketId]);
  return rows;
}

/** Referrals sent by or received in these entities (undefined = all), newest first. */
export async function referralRows(db: Queryable, filter: { entities: string[] | undefined; direction: 'sent' | 'received'; limit: number }): Promise<ReferralRow[]> {
  const column = filter.direction === 'sent' ? 'r.from_entity_id' : 'r.to_entity_id';
  const { rows } = await db.query<ReferralRow>(
    `${SELECT_REFERRAL} where ($1::text[] is null or ${column} = any($1::text[])) order by r.referred_at desc, r.id desc limit $2`,
    [filter.entities ?? null, filter.limit],
  );
  return rows;
}

/** Per counterpart entity: how many tickets this entity referred to it and received from it, in [from, to). */
export async function referralCountRows(
  db: Queryable,
  entity: string,
  from: Date,
  to: Date,
): Promise<Array<{ entity: string; name: string; sent: number; received: number }>> {
  const { rows } = await db.query<{ entity: string; name: string; sent: number; received: number }>(
    `select e.id as entity, e.name, count(*) filter (where r.from_entity_id = $1)::int as sent, count(*) filter (where r.to_entity_id = $1)::int as received
       from ticket_referrals r
       join entities e on e.id = case when r.from_entity_id = $1 then r.to_entity_id else r.from_entity_id end
      where (r.from_entity_id = $1 or r.to_entity_id = $1) and r.referred_at >= $2 and r.referred_at < $3
      group by e.id, e.name order by e.name, e.id`,
    [entity, from, to],
  );
  return rows;
}

export async function isReferralReply(db: Queryable, messageId: number): Promise<boolean> {
  const { rows } = await db.query('select 1 from ticket_referrals where reply_message_id = $1', [messageId]);
  return rows.length > 0;
}

export async function ticketLanguage(db: Queryable, ticketId: number): Promise<string | null> {
  const { rows } = await db.query<{ lang: string | null }>('select lang from tickets where id = $1', [ticketId]);
  return rows[0]?.lang ?? null;
}
