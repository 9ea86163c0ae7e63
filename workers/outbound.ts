import { AuthExpiredError, PermanentError, RateLimitedError, type Visibility } from '../connectors/types.js';
import { connectorFor } from '../connectors/registry.js';
import type { Runtime } from '../src/runtime.js';
import { channelHealth, loadChannel } from '../src/store/channels.js';
import { claimOutbox, completeOutbox, failOutbox, retryOutboxLater } from '../src/store/outbox.js';
import { loadReplyContext } from '../src/store/replies.js';
import { backoffMs } from './route.js';
import { notifyTicket } from '../src/store/events.js';

export type OutboundOutcome = 'sent' | 'skipped' | 'failed' | 'retry';

const MAX_ATTEMPTS = 6;

/** Posts a queued reply on the platform, once: the outbox claim makes a second run a no-op. */
export async function processOutbound(runtime: Runtime, outboxId: number): Promise<OutboundOutcome> {
  const { db, logger } = runtime;
  const row = await claimOutbox(db, outboxId);
  if (!row) return 'skipped';
  const messageId = Number(row.payload.messageId);
  const { rows } = await db.query<{ ticket_id: number; text: string; visibility: Visibility; channel_id: string }>(
    `select ticket_id, text, visibility, channel_id from messages where id = $1 and direction = 'outbound'`,
    [messageId],
  );
  const message = rows[0];
  const context = message && (await loadReplyContext(db, message.ticket_id));
  const channel = message && (await loadChannel(db, message.channel_id, runtime.secrets));
  if (!message || !context?.inReplyTo || !channel) {
    return giveUp(runtime, outboxId, messageId, 'nothing to reply to: the ticket has no citizen message');
  }
  try {
    const connector = connectorFor(runtime.connectors, channel.context.platform);
    const sent = await connector.reply(
      channel.context,
      {
        visibility: message.visibility,
        inReplyToExternalId: context.inReplyTo.externalId,
        inReplyToKind: context.inReplyTo.kind,
        conversationKey: context.conversationKey,
        recipientPlatformUserId: context.inReplyTo.authorPlatformUserId,
        inReplyToRaw: context.inReplyTo.raw,
      },
      message.text,
    );
    await db.transaction(async (tx) => {
      await tx.query(`update messages set external_id = $2, delivery_status = 'sent', delivery_error = null, sent_at = now() where id = $1`, [
        messageId,
        sent.externalId,
      ]);
      await tx.query(
        `update tickets set first_response_at = coalesce(first_response_at, now()),
                status = case when status in ('new', 'open') then 'pending' else status end, updated_at = now()
          where id = $1`,
        [message.ticket_id],
      );
      await notifyTicket(tx, message.ticket_id);
    });
    await completeOutbox(db, outboxId);
    logger.info({ messageId, ticketId: message.ticket_id }, 'reply delivered');
    return 'sent';
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (error instanceof RateLimitedError) {
      await retryOutboxLater(db, outboxId, error.resetAt, reason);
      return 'retry';
    }
    if (error instanceof AuthExpiredError) {
      await channelHealth.authExpired(db, channel.context.id, reason);
      return giveUp(runtime, outboxId, messageId, `reconnect needed: ${reason}`);
    }
    if (error instanceof PermanentError || row.attempts >= MAX_ATTEMPTS) return giveUp(runtime, outboxId, messageId, reason);
    await retryOutboxLater(db, outboxId, new Date(runtime.now().getTime() + backoffMs(row.attempts)), reason);
    logger.warn({ messageId, attempt: row.attempts, error: reason }, 'reply failed, will retry');
    return 'retry';
  }
}

async function giveUp(runtime: Runtime, outboxId: number, messageId: number, reason: string): Promise<OutboundOutcome> {
  await runtime.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ ticket_id: number }>(
      `update messages set delivery_status = 'failed', delivery_error = $2 where id = $1 returning ticket_id`,
      [messageId, reason],
    );
    if (rows[0]) await notifyTicket(tx, rows[0].ticket_id);
  });
  await failOutbox(runtime.db, outboxId, reason);
  runtime.logger.warn({ messageId, error: reason }, 'reply failed');
  return 'failed';
}
