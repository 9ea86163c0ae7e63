import {
  AuthExpiredError,
  CannotTellError,
  PermanentError,
  RateLimitedError,
  type ChannelContext,
  type Connector,
  type ReplySent,
  type ReplyTarget,
} from '../../connectors/types.js';
import { connectorFor } from '../../connectors/registry.js';
import { cappedReset } from '../channels/rate-limit.js';
import type { Runtime } from '../runtime.js';
import { recordOutsideEffect } from '../db/db.js';
import { channelHealth, loadChannel, webhookSiblings } from '../channels/channels.js';
import { linkConversation } from '../ingest/links.js';
import { backoffMs, claimOutbox, completeOutbox, failOutbox, retryOutboxLater, type OutboxRow } from '../db/outbox.js';
import {
  externalIdTaken,
  loadOutboundReply,
  loadReplyContext,
  markReplyEnded,
  markReplyNotSent,
  markReplySending,
  markReplySent,
  type OutboundReply,
} from './replies.js';

export type OutboundOutcome = 'sent' | 'skipped' | 'failed' | 'retry' | 'uncertain';

const MAX_ATTEMPTS = 6;

/**
 * Posts a queued reply on the platform at most once.
 *
 * The outbox claim makes a second run of the job a no-op. Before the platform call the reply is
 * marked 'sending' (committed), and its outcome and the outbox row's end are stored in one
 * transaction. A claim that finds the reply still 'sending' knows an earlier attempt may have
 * posted it (the worker died, or the call timed out or got a 5xx), so it first asks the platform
 * (connector.findSentReply): found → sent with that id; not there → send; the platform cannot
 * tell → 'uncertain', and an agent decides in the ticket. Clear refusals (4xx, 429) reset the
 * reply to 'queued' or fail it: the platform did not post it.
 */
export async function processOutbound(runtime: Runtime, outboxId: number): Promise<OutboundOutcome> {
  const { db } = runtime;
  const row = await claimOutbox(db, outboxId);
  if (!row) return 'skipped';
  const messageId = Number(row.payload.messageId);
  const message = await loadOutboundReply(db, messageId);
  if (message && message.deliveryStatus !== 'queued' && message.deliveryStatus !== 'sending') {
    // Decided already: a crash after the outcome was stored, or an agent's decision.
    if (message.deliveryStatus === 'sent') await completeOutbox(db, outboxId);
    else await failOutbox(db, outboxId, `the reply is already ${message.deliveryStatus}`);
    return 'skipped';
  }
  const context = message && (await loadReplyContext(db, message.ticketId));
  const channel = message && (await loadChannel(db, message.channelId, runtime.secrets));
  if (!message || !context?.inReplyTo || !channel) {
    return end(runtime, outboxId, messageId, 'failed', 'nothing to reply to: the ticket has no citizen message');
  }
  const connector = connectorFor(runtime.connectors, channel.context.platform);
  const target: ReplyTarget = {
    visibility: message.visibility,
    inReplyToExternalId: context.inReplyTo.externalId,
    inReplyToKind: context.inReplyTo.kind,
    conversationKey: context.conversationKey,
    recipientPlatformUserId: context.inReplyTo.authorPlatformUserId,
    inReplyToRaw: context.inReplyTo.raw,
  };

  if (message.deliveryStatus === 'sending') {
    const checked = await lookUp(runtime, row, message, connector, channel.context, target);
    if (checked !== 'absent') return checked;
  }

  await markReplySending(db, messageId);
  let sent: ReplySent;
  try {
    sent = await connector.reply(channel.context, target, message.text);
  } catch (error) {
    const reason = reasonOf(error);
    if (error instanceof RateLimitedError) {
      // Refused before posting: the next attempt needs no lookup.
      await markReplyNotSent(db, messageId, reason);
      await retryOutboxLater(db, outboxId, cappedReset(error.resetAt, runtime.now()), reason);
      return 'retry';
    }
    if (error instanceof AuthExpiredError) {
      await channelHealth.authExpired(db, channel.context.id, reason);
      return end(runtime, outboxId, messageId, 'failed', `reconnect needed: ${reason}`);
    }
    if (error instanceof PermanentError) return end(runtime, outboxId, messageId, 'failed', reason);
    // A timeout, a reset connection, a 5xx: the platform may have posted it. The reply stays
    // 'sending', so the next attempt looks before it sends.
    return ambiguous(runtime, row, messageId, reason, 'reply failed, may have been posted; will look before retrying');
  }
  return delivered(runtime, outboxId, message, sent, 'reply delivered', channel.context, target);
}

/**
 * The earlier attempt started and did not finish: is the reply on the platform? 'absent' means
 * looked and not there (send now); any other value is the job's outcome.
 */
async function lookUp(
  runtime: Runtime,
  row: OutboxRow,
  message: OutboundReply,
  connector: Connector,
  channel: ChannelContext,
  target: ReplyTarget,
): Promise<OutboundOutcome | 'absent'> {
  const { db, logger } = runtime;
  const since = message.sendStartedAt ?? new Date(0);
  if (!connector.findSentReply) {
    return end(runtime, row.id, message.id, 'uncertain', `an earlier attempt may have posted this reply and ${channel.platform} cannot tell whether it did`);
  }
  let found: ReplySent | null;
  try {
    found = await connector.findSentReply(channel, target, message.text, since);
  } catch (error) {
    const reason = reasonOf(error);
    if (error instanceof CannotTellError) {
      return end(runtime, row.id, message.id, 'uncertain', `an earlier attempt may have posted this reply and the platform cannot tell: ${reason}`);
    }
    if (error instanceof RateLimitedError) {
      await retryOutboxLater(db, row.id, cappedReset(error.resetAt, runtime.now()), reason);
      return 'retry';
    }
    if (error instanceof AuthExpiredError) {
      await channelHealth.authExpired(db, channel.id, reason);
      return end(runtime, row.id, message.id, 'uncertain', `an earlier attempt may have posted this reply; reconnect needed to find out: ${reason}`);
    }
    if (error instanceof PermanentError) {
      return end(runtime, row.id, message.id, 'uncertain', `an earlier attempt may have posted this reply; looking for it failed: ${reason}`);
    }
    return ambiguous(runtime, row, message.id, reason, 'looking for an earlier attempt failed, will retry');
  }
  if (!found) {
    logger.info({ messageId: message.id, ticketId: message.ticketId }, 'earlier attempt not found on the platform, sending');
    return 'absent';
  }
  if (await externalIdTaken(db, message.channelId, found.externalId, message.id)) {
    return end(runtime, row.id, message.id, 'uncertain', 'an earlier attempt may have posted this reply; the matching post belongs to another message');
  }
  return delivered(runtime, row.id, message, found, 'reply found on the platform from an earlier attempt', channel, target);
}

async function delivered(
  runtime: Runtime,
  outboxId: number,
  message: OutboundReply,
  { externalId, privateConversationKey }: ReplySent,
  what: string,
  channel: ChannelContext,
  target: ReplyTarget,
): Promise<OutboundOutcome> {
  // A private reply to a public message: the citizen's answers in that private conversation join this ticket.
  const linkKey = privateConversationKey !== undefined && privateConversationKey !== target.conversationKey ? privateConversationKey : undefined;
  const linkChannels = linkKey ? [channel.id, ...(await webhookSiblings(runtime.db, channel))] : [];
  await recordOutsideEffect(() =>
    runtime.db.transaction(async (tx) => {
      await markReplySent(tx, message.id, externalId);
      await completeOutbox(tx, outboxId);
      if (linkKey) await linkConversation(tx, { channelIds: linkChannels, conversationKey: linkKey, ticketId: message.ticketId });
    }),
  );
  runtime.logger.info({ messageId: message.id, ticketId: message.ticketId, externalId }, what);
  return 'sent';
}

/** A failure after which the reply may be on the platform: retry (with a lookup first) or, out of attempts, 'uncertain'. */
async function ambiguous(runtime: Runtime, row: OutboxRow, messageId: number, reason: string, what: string): Promise<OutboundOutcome> {
  if (row.attempts >= MAX_ATTEMPTS) {
    return end(runtime, row.id, messageId, 'uncertain', `may or may not have been posted; gave up after ${row.attempts} attempts: ${reason}`);
  }
  await retryOutboxLater(runtime.db, row.id, new Date(runtime.now().getTime() + backoffMs(row.attempts)), reason);
  runtime.logger.warn({ messageId, attempt: row.attempts, error: reason }, what);
  return 'retry';
}

/** The reply ends 'failed' (refused) or 'uncertain' (an agent decides); the outbox row ends with it. */
async function end(runtime: Runtime, outboxId: number, messageId: number, status: 'failed' | 'uncertain', reason: string): Promise<OutboundOutcome> {
  await runtime.db.transaction(async (tx) => {
    await markReplyEnded(tx, messageId, status, reason);
    await failOutbox(tx, outboxId, reason);
  });
  runtime.logger.warn({ messageId, error: reason }, status === 'failed' ? 'reply failed' : 'reply uncertain');
  return status;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
