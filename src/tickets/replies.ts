import { randomUUID } from 'node:crypto';
import type { MessageKind, Visibility } from '../../connectors/types.js';
import type { Db, Queryable } from '../db/db.js';
import { enqueueOutbox } from '../db/outbox.js';
import { notifyTicket } from '../db/events.js';
import { recordAudit } from '../db/audit.js';
import { statusAfterReplySent } from './ticket.js';
import { auditTickets } from './history.js';
import { settleLetterOfMessage } from '../complaints/letter-settle.js';
import { isReferralNotice } from '../referrals/notice.js';
import {
  approveDraftMessage,
  claimIfUnassigned,
  deleteDraft,
  draftByKey,
  endReplyDelivery,
  externalIdTaken,
  insertReplyMessage,
  lockDraft,
  lockOutboundMessage,
  lockTicketStatus,
  markMessageSent,
  queuedReplyByKey,
  recordReplySent,
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
 * Stores a reply as a queued outbound message and an outbox row, in one transaction. The same
 * idempotency key returns the reply already queued instead of a second one. A person's reply
 * (`claimFor`) claims a ticket nobody has yet. A `draft` is stored for a person to approve: no
 * outbox row, nothing goes out (a message the system prepares is a draft unless the entity opted in).
 */
export async function queueReply(
  db: Db,
  reply: {
    context: ReplyContext;
    text: string;
    visibility: Visibility;
    actor: string;
    idempotencyKey?: string;
    claimFor?: { userId: number };
    draft?: boolean;
  },
): Promise<{ messageId: number; outboxId: number | undefined; duplicate: boolean }> {
  return db.transaction((tx) => queueReplyIn(tx, reply));
}

/** `queueReply` inside the caller's transaction (a case letter and its message are one commit). */
export async function queueReplyIn(
  tx: Queryable,
  reply: Parameters<typeof queueReply>[1],
): Promise<{ messageId: number; outboxId: number | undefined; duplicate: boolean }> {
  const { context } = reply;
  const system = reply.actor === 'system';
  if (reply.idempotencyKey) {
    const existing = await queuedReplyByKey(tx, `reply:${context.ticketId}:${reply.idempotencyKey}`);
    if (existing) return { messageId: existing.messageId, outboxId: undefined, duplicate: true };
    const draft = await draftByKey(tx, context.ticketId, reply.idempotencyKey);
    if (draft !== undefined) return { messageId: draft, outboxId: undefined, duplicate: true };
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
    status: reply.draft ? 'draft' : 'queued',
    sentBy: system ? 'system' : 'person',
    ...(reply.draft && reply.idempotencyKey ? { draftKey: reply.idempotencyKey } : {}),
  });
  if (reply.draft) {
    await recordAudit(tx, { actor: reply.actor, action: 'ticket.draft_prepared', subjectType: 'ticket', subjectId: context.ticketId, details: { messageId, visibility: reply.visibility } });
    await notifyTicket(tx, context.ticketId);
    return { messageId, outboxId: undefined, duplicate: false };
  }
  if (reply.claimFor && (await claimIfUnassigned(tx, context.ticketId, reply.claimFor.userId))) {
    await auditTickets(tx, reply.actor, 'ticket.claimed', [{ ticketId: context.ticketId, details: { from: null, to: reply.claimFor.userId, reason: 'first reply' } }]);
  }
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
}

/**
 * A case letter that does not go out on the ticket's channel (by e-mail, or on paper) is still a
 * message of the ticket's conversation: queued until the mail went out or a person says it was posted.
 */
export async function recordLetterMessage(tx: Queryable, letter: { context: ReplyContext; text: string; route: 'email' | 'post'; actor: string }): Promise<number> {
  const messageId = await insertReplyMessage(tx, {
    ticketId: letter.context.ticketId,
    channelId: letter.context.channelId,
    kind: 'dm',
    visibility: 'private',
    conversationKey: letter.context.conversationKey,
    parentExternalId: null,
    text: letter.text,
    author: letter.actor,
    status: 'queued',
    sentBy: 'person',
    letterRoute: letter.route,
  });
  await notifyTicket(tx, letter.context.ticketId);
  return messageId;
}

/**
 * The outcome of a reply's send attempt as stored: 'sending' from just before the platform call
 * (committed first, so a crash leaves a trace), 'sent', 'failed' (refused), or 'uncertain' (it may
 * or may not be on the platform, and the platform cannot tell: an agent decides).
 */
export type DeliveryStatus = 'draft' | 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';

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
  const sent = await markMessageSent(tx, messageId, externalId);
  if (sent === undefined) return undefined;
  const { ticketId } = sent;
  await settleLetterOfMessage(tx, messageId, { sent: true });
  const was = await lockTicketStatus(tx, ticketId);
  // The notice that a question was passed on to another entity leaves the ticket to that entity's agents.
  const notice = await isReferralNotice(tx, messageId);
  const next = was && !notice ? statusAfterReplySent(was) : undefined;
  // What the system sends by itself is not an answer from the entity: only a person's reply is a first response.
  await recordReplySent(tx, ticketId, next ?? null, sent.sentBy !== 'system' && !notice);
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
  // An uncertain letter stays on its way: the agent's decision (sent, or send again) settles it.
  if (ticketId !== undefined && status === 'failed') await settleLetterOfMessage(tx, messageId, { sent: false, reason });
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

export type DraftDecision = { status: 'not_found' } | { status: 'too_long'; limit: number } | { status: 'done'; outboxId?: number; draftKey: string | null };

/**
 * A person approves a draft, with their edits: it is queued as their reply (and so counts as the
 * first response when it goes out). `limitOf` gives the platform's reply length limit.
 */
export async function approveDraft(
  db: Db,
  decision: { ticketId: number; messageId: number; text?: string; actor: string; limitOf: (platform: string, visibility: Visibility) => number | undefined },
): Promise<DraftDecision> {
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, decision.ticketId, decision.messageId);
    if (!draft) return { status: 'not_found' };
    const text = decision.text ?? draft.text;
    const limit = decision.limitOf(draft.platform, draft.visibility);
    if (limit !== undefined && text.length > limit) return { status: 'too_long', limit };
    await approveDraftMessage(tx, decision.messageId, text, decision.actor);
    const key = `reply:${decision.ticketId}:${draft.draftKey ?? `message-${decision.messageId}`}`;
    const [outboxId] = await enqueueOutbox(tx, [{ kind: 'reply', idempotencyKey: key, payload: { messageId: decision.messageId } }]);
    await recordAudit(tx, {
      actor: decision.actor,
      action: 'ticket.draft_approved',
      subjectType: 'ticket',
      subjectId: decision.ticketId,
      details: { messageId: decision.messageId, edited: text !== draft.text },
    });
    await notifyTicket(tx, decision.ticketId);
    return { status: 'done', ...(outboxId !== undefined ? { outboxId } : {}), draftKey: draft.draftKey };
  });
}

/**
 * The draft prepared under this key, while still a draft, gives way to what a person sent instead
 * (a coordinator's letter asking the same): it is discarded, and the history says why.
 */
export async function supersedeDraft(tx: Queryable, superseded: { ticketId: number; draftKey: string; actor: string; reason: string }): Promise<boolean> {
  const messageId = await draftByKey(tx, superseded.ticketId, superseded.draftKey);
  if (messageId === undefined || !(await lockDraft(tx, superseded.ticketId, messageId))) return false;
  await deleteDraft(tx, messageId);
  await recordAudit(tx, { actor: superseded.actor, action: 'ticket.draft_discarded', subjectType: 'ticket', subjectId: superseded.ticketId, details: { messageId, reason: superseded.reason } });
  await notifyTicket(tx, superseded.ticketId);
  return true;
}

/** A person discards a draft: nothing is sent, the history keeps that it was discarded. */
export async function discardDraft(db: Db, decision: { ticketId: number; messageId: number; actor: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const draft = await lockDraft(tx, decision.ticketId, decision.messageId);
    if (!draft) return false;
    await deleteDraft(tx, decision.messageId);
    await recordAudit(tx, { actor: decision.actor, action: 'ticket.draft_discarded', subjectType: 'ticket', subjectId: decision.ticketId, details: { messageId: decision.messageId } });
    await notifyTicket(tx, decision.ticketId);
    return true;
  });
}
