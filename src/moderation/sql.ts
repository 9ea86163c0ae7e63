/** The moderation feature's SQL: requests (moderation_actions), their targets, and the entity's policy. */
import type { Queryable } from '../db/db.js';
import type { ModerationAction, ModerationState } from './rules.js';

export interface ModerationMessage {
  id: number;
  ticketId: number;
  entityId: string;
  channelId: string;
  platform: string;
  direction: string;
  kind: string;
  visibility: string | null;
  externalId: string | null;
  parentExternalId: string | null;
  conversationKey: string;
  raw: unknown;
  flags: string[];
}

const MESSAGE_COLUMNS = `m.id::int as id, m.ticket_id::int as "ticketId", t.entity_id as "entityId", m.channel_id as "channelId",
  c.platform, m.direction, m.kind, m.visibility, m.external_id as "externalId", m.parent_external_id as "parentExternalId",
  m.conversation_key as "conversationKey", m.raw, m.flags`;

/** One message of a ticket, with what a platform call needs. */
export async function findTicketMessage(db: Queryable, ticketId: number, messageId: number): Promise<ModerationMessage | undefined> {
  const { rows } = await db.query<ModerationMessage>(
    `select ${MESSAGE_COLUMNS}
       from messages m join tickets t on t.id = m.ticket_id join channels c on c.id = m.channel_id
      where m.id = $1 and m.ticket_id = $2`,
    [messageId, ticketId],
  );
  return rows[0];
}

export interface ModerationRow {
  id: number;
  messageId: number;
  ticketId: number;
  entityId: string;
  action: ModerationAction;
  actor: string;
  flag: string | null;
  status: 'queued' | 'done' | 'failed' | 'superseded';
  state: ModerationState | null;
  error: string | null;
  requestedAt: Date;
  doneAt: Date | null;
}

const ROW_COLUMNS = `a.id::int as id, a.message_id::int as "messageId", a.ticket_id::int as "ticketId", a.entity_id as "entityId",
  a.action, a.actor, a.flag, a.status, a.state, a.error, a.requested_at as "requestedAt", a.done_at as "doneAt"`;

export interface NewModeration {
  messageId: number;
  ticketId: number;
  entityId: string;
  action: ModerationAction;
  actor: string;
  flag?: string | undefined;
}

/** Stores requests; a second policy request for a message is ignored (returns no row for it). */
export async function insertModerations(tx: Queryable, rows: NewModeration[]): Promise<Array<{ id: number; messageId: number }>> {
  if (rows.length === 0) return [];
  const { rows: inserted } = await tx.query<{ id: number; messageId: number }>(
    `insert into moderation_actions (message_id, ticket_id, entity_id, action, actor, flag)
     select * from unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[])
     on conflict do nothing
     returning id::int as id, message_id::int as "messageId"`,
    [rows.map((r) => r.messageId), rows.map((r) => r.ticketId), rows.map((r) => r.entityId), rows.map((r) => r.action), rows.map((r) => r.actor), rows.map((r) => r.flag ?? null)],
  );
  return inserted;
}

/** A request with the message and channel it is about. */
export async function loadModeration(db: Queryable, id: number): Promise<(ModerationRow & { message: ModerationMessage }) | undefined> {
  const { rows } = await db.query<ModerationRow & { message: ModerationMessage }>(
    `select ${ROW_COLUMNS},
            (select row_to_json(x) from (select ${MESSAGE_COLUMNS}
               from messages m join tickets t on t.id = m.ticket_id join channels c on c.id = m.channel_id where m.id = a.message_id) x) as message
       from moderation_actions a where a.id = $1`,
    [id],
  );
  return rows[0];
}

/** Whether a later request for the same message is queued or done: the newest intent wins. */
export async function newerRequestExists(db: Queryable, id: number, messageId: number): Promise<boolean> {
  const { rows } = await db.query(`select 1 from moderation_actions where message_id = $1 and id > $2 and status in ('queued', 'done') limit 1`, [messageId, id]);
  return rows.length > 0;
}

export async function endModeration(
  tx: Queryable,
  id: number,
  outcome: { status: 'done'; state: ModerationState } | { status: 'failed' | 'superseded'; error: string },
): Promise<void> {
  await tx.query(`update moderation_actions set status = $2, state = $3, error = $4, done_at = now() where id = $1`, [
    id,
    outcome.status,
    outcome.status === 'done' ? outcome.state : null,
    outcome.status === 'done' ? null : outcome.error,
  ]);
}

/** A failure that will be retried: the message shows it until the next attempt ends. */
export async function noteModerationError(db: Queryable, id: number, error: string): Promise<void> {
  await db.query(`update moderation_actions set error = $2 where id = $1 and status = 'queued'`, [id, error]);
}

/** Every request on a ticket's messages, oldest first, with the requesting user's name. */
export async function ticketModerations(db: Queryable, ticketId: number): Promise<Array<ModerationRow & { actorName: string | null }>> {
  const { rows } = await db.query<ModerationRow & { actorName: string | null }>(
    `select ${ROW_COLUMNS}, u.name as "actorName"
       from moderation_actions a
       left join users u on a.actor like 'user:%' and u.email = substr(a.actor, 6)
      where a.ticket_id = $1 order by a.id`,
    [ticketId],
  );
  return rows;
}

/** The kind of a ticket's messages, for the actions each may get. */
export async function ticketMessages(db: Queryable, ticketId: number): Promise<Array<{ id: number; direction: string; kind: string; visibility: string | null; platform: string; externalId: string | null }>> {
  const { rows } = await db.query<{ id: number; direction: string; kind: string; visibility: string | null; platform: string; externalId: string | null }>(
    `select m.id::int as id, m.direction, m.kind, m.visibility, c.platform, m.external_id as "externalId"
       from messages m join channels c on c.id = m.channel_id where m.ticket_id = $1 order by m.id`,
    [ticketId],
  );
  return rows;
}

/**
 * New inbound messages of a batch that carry a flag the entity's policy names, with the policy's
 * value: one statement, nothing read when the policy is off.
 */
export async function flaggedForPolicy(
  tx: Queryable,
  channelId: string,
  entityId: string,
  externalIds: string[],
): Promise<Array<{ id: number; ticketId: number; kind: string; flags: string[]; policy: unknown }>> {
  if (externalIds.length === 0) return [];
  const { rows } = await tx.query<{ id: number; ticketId: number; kind: string; flags: string[]; policy: unknown }>(
    `with policy as (
       select e.settings->'moderation' as policy,
              array(select jsonb_array_elements_text(case when jsonb_typeof(e.settings->'moderation'->'autoHide') = 'array' then e.settings->'moderation'->'autoHide' else '[]'::jsonb end)) as flags
         from entities e where e.id = $2)
     select m.id::int as id, m.ticket_id::int as "ticketId", m.kind, m.flags, p.policy
       from policy p join messages m on m.channel_id = $1 and m.external_id = any($3::text[])
      where cardinality(p.flags) > 0 and m.direction = 'inbound' and m.flags ?| p.flags`,
    [channelId, entityId, externalIds],
  );
  return rows;
}

/** Sets (or clears, with null) the entity's policy; false when there is no such entity. */
export async function storePolicy(tx: Queryable, entityId: string, policy: { autoHide: string[] } | null): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update entities set settings = case when $2::jsonb is null then settings - 'moderation' else jsonb_set(settings, '{moderation}', $2::jsonb) end, updated_at = now() where id = $1`,
    [entityId, policy === null ? null : JSON.stringify(policy)],
  );
  return (rowCount ?? 0) > 0;
}

export async function loadPolicy(db: Queryable, entityId: string): Promise<unknown> {
  const { rows } = await db.query<{ policy: unknown }>(`select settings->'moderation' as policy from entities where id = $1`, [entityId]);
  return rows[0]?.policy;
}
