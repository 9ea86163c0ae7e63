import { randomUUID } from 'node:crypto';
import type { MessageKind, Visibility } from '../../connectors/types.js';
import type { Db, Queryable } from '../db/db.js';
import { enqueueOutbox } from '../db/outbox.js';
import { notifyTicket } from '../db/events.js';
import { recordAudit } from '../db/audit.js';
import { statusAfterReplySent, type TicketStatus } from './ticket.js';

export interface ReplyContext {
  ticketId: number;
  channelId: string;
  platform: string;
  conversationKey: string;
  /** The latest citizen message: the one a reply answers. */
  inReplyTo: { externalId: string; kind: MessageKind; authorPlatformUserId: string; raw: unknown } | undefined;
}

export async function loadReplyContext(db: Queryable, ticketId: number): Promise<ReplyContext | undefined> {
  const { rows } = await db.query<{
    channel_id: string;
    platform: string;
    conversation_key: string;
    external_id: string | null;
    kind: MessageKind | null;
    platform_user_id: string | null;
    raw: unknown;
  }>(
    `select t.channel_id, ch.platform, t.conversation_key, m.external_id, m.kind, co.platform_user_id, m.raw
       from tickets t
       join channels ch on ch.id = t.channel_id
       left join lateral (select external_id, kind, contact_id, raw from messages
                           where ticket_id = t.id and direction = 'inbound' order by sent_at desc, id desc limit 1) m on true
       left join contacts co on co.id = m.contact_id
      where t.id = $1`,
    [ticketId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ticketId,
    channelId: row.channel_id,
    platform: row.platform,
    conversationKey: row.conversation_key,
    inReplyTo:
      row.external_id && row.kind && row.platform_user_id
        ? { externalId: row.external_id, kind: row.kind, authorPlatformUserId: row.platform_user_id, raw: row.raw }
        : undefined,
  };
}

/**
 * Stores an agent's reply as a queued outbound message and an outbox row, in one transaction.
 * The same idempotency key returns the reply already queued instead of a second one.
 */
export async function queueReply(
  db: Db,
  reply: { context: ReplyContext; text: string; visibility: Visibility; actor: string; idempotencyKey?: string },
): Promise<{ messageId: number; outboxId: number | undefined; duplicate: boolean }> {
  const { context } = reply;
  return db.transaction(async (tx) => {
    if (reply.idempotencyKey) {
      const existing = await tx.query<{ id: number; message_id: number }>(
        `select id, (payload->>'messageId')::int8 as message_id from outbox where idempotency_key = $1`,
        [`reply:${context.ticketId}:${reply.idempotencyKey}`],
      );
      if (existing.rows[0]) return { messageId: existing.rows[0].message_id, outboxId: undefined, duplicate: true };
    }
    const { rows } = await tx.query<{ id: number }>(
      `insert into messages (ticket_id, channel_id, direction, kind, visibility, conversation_key, parent_external_id, text, delivery_status, sent_at, raw)
       values ($1, $2, 'outbound', $3, $4, $5, $6, $7, 'queued', now(), $8::jsonb) returning id`,
      [
        context.ticketId,
        context.channelId,
        reply.visibility === 'private' ? 'dm' : 'reply',
        reply.visibility,
        context.conversationKey,
        context.inReplyTo?.externalId ?? null,
        reply.text,
        JSON.stringify({ author: reply.actor }),
      ],
    );
    const messageId = rows[0]!.id;
    const key = `reply:${context.ticketId}:${reply.idempotencyKey ?? `message-${messageId}`}`;
    const [outboxId] = await enqueueOutbox(tx, [{ kind: 'reply', idempotencyKey: key, payload: { messageId } }]);
    await recordAudit(tx, {
      actor: reply.actor,
      action: 'ticket.reply_queued',
      subjectType: 'ticket',
      subjectId: context.ticketId,
      details: { messageId, visibility: reply.visibility },
    });
    await notifyTicket(tx, context.ticketId);
    return { messageId, outboxId, duplicate: false };
  });
}

/**
 * The outcome of a reply's send attempt as stored: 'sending' from just before the platform call
 * (committed first, so a crash leaves a trace), 'sent', 'failed' (refused), or 'uncertain' (it may
 * or may not be on the platform, and the platform cannot tell: an agent decides).
 */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';

export interface OutboundReply {
  id: number;
  ticketId: number;
  channelId: string;
  text: string;
  visibility: Visibility;
  deliveryStatus: DeliveryStatus;
  sendStartedAt: Date | null;
  externalId: string | null;
}

export async function loadOutboundReply(db: Queryable, messageId: number): Promise<OutboundReply | undefined> {
  const { rows } = await db.query<OutboundReply>(
    `select id, ticket_id as "ticketId", channel_id as "channelId", text, visibility, delivery_status as "deliveryStatus",
            send_started_at as "sendStartedAt", external_id as "externalId"
       from messages where id = $1 and direction = 'outbound'`,
    [messageId],
  );
  const row = rows[0];
  return row ? { ...row, id: Number(row.id), ticketId: Number(row.ticketId) } : undefined;
}

/**
 * Records that a send attempt starts, before the platform is called: the reply becomes 'sending'.
 * A reply already 'sending' (a lookup found it absent) keeps its first start, so a later lookup
 * covers every attempt. Returns the start.
 */
export async function markReplySending(db: Queryable, messageId: number): Promise<Date> {
  const { rows } = await db.query<{ send_started_at: Date }>(
    `update messages set delivery_status = 'sending', send_started_at = coalesce(send_started_at, now()), delivery_error = null
      where id = $1 returning send_started_at`,
    [messageId],
  );
  return rows[0]!.send_started_at;
}

/** The platform clearly refused before posting (a 429): the next attempt sends without a lookup. */
export async function markReplyNotSent(db: Queryable, messageId: number, reason: string): Promise<void> {
  await db.query(`update messages set delivery_status = 'queued', send_started_at = null, delivery_error = $2 where id = $1`, [messageId, reason]);
}

/** The reply is on the platform (under `externalId` when known): the message and the ticket show it (first response, pending). */
export async function markReplySent(tx: Queryable, messageId: number, externalId: string | null): Promise<number | undefined> {
  const { rows } = await tx.query<{ ticket_id: number }>(
    `update messages set external_id = coalesce($2, external_id), delivery_status = 'sent', delivery_error = null, sent_at = now()
      where id = $1 returning ticket_id`,
    [messageId, externalId],
  );
  const ticketId = rows[0] ? Number(rows[0].ticket_id) : undefined;
  if (ticketId === undefined) return undefined;
  const { rows: current } = await tx.query<{ status: TicketStatus }>('select status from tickets where id = $1 for update', [ticketId]);
  const was = current[0]?.status;
  const next = was && statusAfterReplySent(was);
  await tx.query(`update tickets set first_response_at = coalesce(first_response_at, now()), status = coalesce($2, status), updated_at = now() where id = $1`, [
    ticketId,
    next ?? null,
  ]);
  const change = was && next ? { was, status: next } : undefined;
  if (change && change.was !== change.status) {
    // The system changed the status, not a person: the history says so.
    await recordAudit(tx, { actor: 'system', action: 'ticket.status_changed', subjectType: 'ticket', subjectId: ticketId, details: { from: change.was, to: change.status, reason: 'reply sent' } });
  }
  await notifyTicket(tx, ticketId);
  return ticketId;
}

/** The reply ends as 'failed' or 'uncertain' with its reason; the ticket view is told. */
export async function markReplyEnded(tx: Queryable, messageId: number, status: 'failed' | 'uncertain', reason: string): Promise<number | undefined> {
  const { rows } = await tx.query<{ ticket_id: number }>(
    `update messages set delivery_status = $2, delivery_error = $3 where id = $1 returning ticket_id`,
    [messageId, status, reason],
  );
  const ticketId = rows[0] ? Number(rows[0].ticket_id) : undefined;
  if (ticketId !== undefined) await notifyTicket(tx, ticketId);
  return ticketId;
}

/** Another message of the channel already carries this platform id (so a lookup's match is not this reply). */
export async function externalIdTaken(db: Queryable, channelId: string, externalId: string, messageId: number): Promise<boolean> {
  const { rows } = await db.query(`select 1 from messages where channel_id = $1 and external_id = $2 and id <> $3`, [channelId, externalId, messageId]);
  return rows.length > 0;
}

export type UncertainDecision =
  | { status: 'not_found' }
  | { status: 'not_uncertain'; deliveryStatus: string | null }
  | { status: 'conflict'; message: string }
  | { status: 'done'; outboxId?: number };

async function lockUncertain(tx: Queryable, ticketId: number, messageId: number): Promise<UncertainDecision | { status: 'uncertain'; channelId: string }> {
  const { rows } = await tx.query<{ delivery_status: string | null; channel_id: string }>(
    `select delivery_status, channel_id from messages where id = $1 and ticket_id = $2 and direction = 'outbound' for update`,
    [messageId, ticketId],
  );
  const row = rows[0];
  if (!row) return { status: 'not_found' };
  if (row.delivery_status !== 'uncertain') return { status: 'not_uncertain', deliveryStatus: row.delivery_status };
  return { status: 'uncertain', channelId: row.channel_id };
}

/**
 * An agent's decision on an uncertain reply: send it again. A new outbox row; the reply is 'queued'
 * with no earlier attempt on record, so the worker sends without a lookup. Audited.
 */
export async function resendUncertainReply(db: Db, decision: { ticketId: number; messageId: number; actor: string }): Promise<UncertainDecision> {
  return db.transaction(async (tx) => {
    const state = await lockUncertain(tx, decision.ticketId, decision.messageId);
    if (state.status !== 'uncertain') return state;
    await tx.query(`update messages set delivery_status = 'queued', send_started_at = null, delivery_error = null where id = $1`, [decision.messageId]);
    const [outboxId] = await enqueueOutbox(tx, [
      { kind: 'reply', idempotencyKey: `reply:${decision.ticketId}:again-${decision.messageId}-${randomUUID()}`, payload: { messageId: decision.messageId } },
    ]);
    await recordAudit(tx, {
      actor: decision.actor,
      action: 'ticket.reply_resent',
      subjectType: 'ticket',
      subjectId: decision.ticketId,
      details: { messageId: decision.messageId },
    });
    await notifyTicket(tx, decision.ticketId);
    return outboxId === undefined ? { status: 'done' } : { status: 'done', outboxId };
  });
}

/** An agent's decision on an uncertain reply: it is on the platform (under this id, if given). Nothing is sent. Audited. */
export async function confirmUncertainReply(
  db: Db,
  decision: { ticketId: number; messageId: number; actor: string; externalId?: string },
): Promise<UncertainDecision> {
  return db.transaction(async (tx) => {
    const state = await lockUncertain(tx, decision.ticketId, decision.messageId);
    if (state.status !== 'uncertain') return state;
    if (decision.externalId && (await externalIdTaken(tx, state.channelId, decision.externalId, decision.messageId))) {
      return { status: 'conflict', message: 'another message of this channel already has that platform id' };
    }
    await markReplySent(tx, decision.messageId, decision.externalId ?? null);
    await recordAudit(tx, {
      actor: decision.actor,
      action: 'ticket.reply_marked_sent',
      subjectType: 'ticket',
      subjectId: decision.ticketId,
      details: { messageId: decision.messageId, ...(decision.externalId ? { externalId: decision.externalId } : {}) },
    });
    return { status: 'done' };
  });
}
