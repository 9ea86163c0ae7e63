import { randomUUID } from 'node:crypto';
import type { MessageKind, Visibility } from '../../connectors/types.js';
import type { Db, Queryable } from '../db/db.js';
import { enqueueOutbox } from '../db/outbox.js';
import { notifyTicket } from '../db/events.js';
import { recordAudit } from '../db/audit.js';
import { statusAfterReplySent } from './ticket.js';
import {
  endReplyDelivery,
  externalIdTaken,
  insertReplyMessage,
  lockOutboundMessage,
  lockTicketStatus,
  markMessageSent,
  queuedReplyByKey,
  recordFirstResponse,
  requeueReply,
} from './sql.js';

export interface ReplyContext {
  ticketId: number;
  channelId: string;
  platform: string;
  conversationKey: string;
  /** The latest citizen message: the one a reply answers. */
  inReplyTo: { externalId: string; kind: MessageKind; authorPlatformUserId: string; raw: unknown } | undefined;
}

export { loadReplyContext } from './sql.js';

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
      const existing = await queuedReplyByKey(tx, `reply:${context.ticketId}:${reply.idempotencyKey}`);
      if (existing) return { messageId: existing.messageId, outboxId: undefined, duplicate: true };
    }
    const messageId = await insertReplyMessage(tx, {
      ticketId: context.ticketId,
      channelId: context.channelId,
      kind: reply.visibility === 'private' ? 'dm' : 'reply',
      visibility: reply.visibility,
      conversationKey: context.conversationKey,
      parentExternalId: context.inReplyTo?.externalId ?? null,
      text: reply.text,
      author: reply.actor,
    });
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

export { loadOutboundReply, markReplyNotSent, markReplySending } from './sql.js';

/** The reply is on the platform (under `externalId` when known): the message and the ticket show it (first response, pending). */
export async function markReplySent(tx: Queryable, messageId: number, externalId: string | null): Promise<number | undefined> {
  const ticketId = await markMessageSent(tx, messageId, externalId);
  if (ticketId === undefined) return undefined;
  const was = await lockTicketStatus(tx, ticketId);
  const next = was && statusAfterReplySent(was);
  await recordFirstResponse(tx, ticketId, next ?? null);
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
  const ticketId = await endReplyDelivery(tx, messageId, status, reason);
  if (ticketId !== undefined) await notifyTicket(tx, ticketId);
  return ticketId;
}

export { externalIdTaken } from './sql.js';

export type UncertainDecision =
  | { status: 'not_found' }
  | { status: 'not_uncertain'; deliveryStatus: string | null }
  | { status: 'conflict'; message: string }
  | { status: 'done'; outboxId?: number };

async function lockUncertain(tx: Queryable, ticketId: number, messageId: number): Promise<UncertainDecision | { status: 'uncertain'; channelId: string }> {
  const row = await lockOutboundMessage(tx, ticketId, messageId);
  if (!row) return { status: 'not_found' };
  if (row.deliveryStatus !== 'uncertain') return { status: 'not_uncertain', deliveryStatus: row.deliveryStatus };
  return { status: 'uncertain', channelId: row.channelId };
}

/**
 * An agent's decision on an uncertain reply: send it again. A new outbox row; the reply is 'queued'
 * with no earlier attempt on record, so the worker sends without a lookup. Audited.
 */
export async function resendUncertainReply(db: Db, decision: { ticketId: number; messageId: number; actor: string }): Promise<UncertainDecision> {
  return db.transaction(async (tx) => {
    const state = await lockUncertain(tx, decision.ticketId, decision.messageId);
    if (state.status !== 'uncertain') return state;
    await requeueReply(tx, decision.messageId);
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
