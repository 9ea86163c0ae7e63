/**
 * Moderation on the platform (issue 17): an agent asks to hide, unhide, hold, reject, publish or
 * delete a citizen's public message, or the entity's policy asks for a flagged one as it is ingested.
 * Either way the request is stored and audited, and an outbox row carries the platform call to the
 * worker (carry-out.ts), which records the outcome on the request.
 */
import { moderationActions } from '../../connectors/platforms.js';
import type { Queryable, Db } from '../db/db.js';
import { recordAudit } from '../db/audit.js';
import { enqueueOutbox } from '../db/outbox.js';
import {
  availableActions,
  moderatable,
  policyAction,
  readPolicy,
  type ModerationAction,
  type ModerationPolicy,
  type ModerationState,
} from './rules.js';
import { findTicketMessage, flaggedForPolicy, insertModerations, loadPolicy, storePolicy, ticketMessages, ticketModerations, type NewModeration } from './sql.js';

/** The actor of every automatic request, in the requests and in the audit log. */
export const POLICY_ACTOR = 'policy';

export type RequestOutcome =
  | { status: 'queued'; id: number; outboxIds: number[] }
  | { status: 'not_found' }
  | { status: 'refused'; reason: string };

/** An agent's request: only an action the platform offers for this message in its current state. */
export async function requestModeration(
  db: Db,
  input: { ticketId: number; messageId: number; action: ModerationAction; actor: string; flag?: string | undefined },
): Promise<RequestOutcome> {
  return db.transaction(async (tx) => {
    const message = await findTicketMessage(tx, input.ticketId, input.messageId);
    if (!message) return { status: 'not_found' };
    if (!message.externalId || !moderatable(message)) return { status: 'refused', reason: 'only a citizen’s public message can be moderated' };
    const supported = moderationActions(message.platform, message.kind);
    if (!supported.includes(input.action)) return { status: 'refused', reason: `${message.platform} offers no ${input.action} for a ${message.kind}` };
    const state = currentState(await ticketModerations(tx, input.ticketId), message.id);
    if (!availableActions(supported, state).includes(input.action)) return { status: 'refused', reason: `the message is ${state} already` };
    const [created] = await insertModerations(tx, [{ ...input, entityId: message.entityId }]);
    if (!created) return { status: 'refused', reason: 'not stored' };
    const outboxIds = await queueRequests(tx, [{ id: created.id, messageId: message.id, ticketId: message.ticketId, action: input.action, actor: input.actor, flag: input.flag, platform: message.platform }]);
    return { status: 'queued', id: created.id, outboxIds };
  });
}

/**
 * Inside the ingest transaction: the batch's new citizen messages that carry a flag the entity's
 * policy names get the policy's action (hide, else hold), once per message. Returns the outbox rows.
 */
export async function moderateByPolicy(tx: Queryable, channel: { id: string; entityId: string; platform: string }, externalIds: string[]): Promise<number[]> {
  const flagged = await flaggedForPolicy(tx, channel.id, channel.entityId, externalIds);
  if (flagged.length === 0) return [];
  const policy = readPolicy(flagged[0]!.policy);
  const wanted: NewModeration[] = [];
  for (const message of flagged) {
    if (!moderatable({ direction: 'inbound', kind: message.kind })) continue;
    const chosen = policyAction(moderationActions(channel.platform, message.kind), message.flags, policy);
    if (chosen) wanted.push({ messageId: message.id, ticketId: message.ticketId, entityId: channel.entityId, action: chosen.action, actor: POLICY_ACTOR, flag: chosen.flag });
  }
  const created = await insertModerations(tx, wanted);
  const byMessage = new Map(wanted.map((w) => [w.messageId, w]));
  return queueRequests(
    tx,
    created.map(({ id, messageId }) => ({ ...byMessage.get(messageId)!, id, platform: channel.platform })),
  );
}

async function queueRequests(
  tx: Queryable,
  requests: Array<{ id: number; messageId: number; ticketId: number; action: ModerationAction; actor: string; flag?: string | undefined; platform: string }>,
): Promise<number[]> {
  if (requests.length === 0) return [];
  await recordAudit(
    tx,
    requests.map((r) => ({
      actor: r.actor,
      action: 'moderation.request',
      subjectType: 'message',
      subjectId: r.messageId,
      details: { request: r.id, ticketId: r.ticketId, action: r.action, platform: r.platform, ...(r.flag ? { flag: r.flag } : {}) },
    })),
  );
  return enqueueOutbox(
    tx,
    requests.map((r) => ({ kind: 'moderation' as const, idempotencyKey: `moderation:${r.id}`, payload: { moderationId: r.id } })),
  );
}

/** The state of a message on the platform: that of its newest request carried out; visible when none. */
function currentState(rows: Array<{ messageId: number; status: string; state: ModerationState | null }>, messageId: number): ModerationState {
  let state: ModerationState = 'visible';
  for (const row of rows) if (row.messageId === messageId && row.status === 'done' && row.state) state = row.state;
  return state;
}

export interface MessageModeration {
  messageId: number;
  platform: string;
  state: ModerationState;
  /** What an agent can do now (empty: the platform offers nothing, or the message is deleted). */
  actions: ModerationAction[];
  /** The newest request, whatever became of it. */
  last?: {
    id: number;
    action: ModerationAction;
    status: 'queued' | 'done' | 'failed' | 'superseded';
    /** 'policy', or the user's name (their id when the account is gone). */
    by: string;
    byPolicy: boolean;
    flag: string | null;
    error: string | null;
    requestedAt: string;
    doneAt: string | null;
  };
}

/** Per citizen message of the ticket that can be moderated or was: its state, actions and last request. */
export async function ticketModeration(db: Queryable, ticketId: number): Promise<MessageModeration[]> {
  const [messages, rows] = await Promise.all([ticketMessages(db, ticketId), ticketModerations(db, ticketId)]);
  const out: MessageModeration[] = [];
  for (const message of messages) {
    const supported = message.externalId && moderatable(message) ? moderationActions(message.platform, message.kind) : [];
    const mine = rows.filter((r) => r.messageId === message.id);
    if (supported.length === 0 && mine.length === 0) continue;
    const state = currentState(mine, message.id);
    const last = mine[mine.length - 1];
    const pending = last?.status === 'queued';
    const item: MessageModeration = { messageId: message.id, platform: message.platform, state, actions: pending ? [] : availableActions(supported, state) };
    if (last) {
      item.last = {
        id: last.id,
        action: last.action,
        status: last.status,
        by: last.actor === POLICY_ACTOR ? POLICY_ACTOR : (last.actorName ?? last.actor),
        byPolicy: last.actor === POLICY_ACTOR,
        flag: last.flag,
        error: last.error,
        requestedAt: new Date(last.requestedAt).toISOString(),
        doneAt: last.doneAt ? new Date(last.doneAt).toISOString() : null,
      };
    }
    out.push(item);
  }
  return out;
}

export async function getModerationPolicy(db: Queryable, entityId: string): Promise<ModerationPolicy> {
  return readPolicy(await loadPolicy(db, entityId));
}

/** An admin sets the entity's policy; an empty list turns it off. Audited. False: no such entity. */
export async function setModerationPolicy(db: Db, entityId: string, policy: ModerationPolicy, actor: string): Promise<boolean> {
  const clean = readPolicy(policy);
  return db.transaction(async (tx) => {
    if (!(await storePolicy(tx, entityId, clean.autoHide.length ? clean : null))) return false;
    await recordAudit(tx, { actor, action: 'moderation.policy', subjectType: 'entity', subjectId: entityId, details: { autoHide: clean.autoHide } });
    return true;
  });
}
