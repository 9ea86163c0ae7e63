/**
 * The moderation worker: one outbox row, one platform call. Every moderation call is idempotent on
 * the platform (hiding a hidden comment changes nothing; a deleted LinkedIn comment answers 404,
 * read as deleted), so a retry after a timeout is safe and needs no lookup first.
 *
 * Outcomes, stored on the request (the ticket shows them) and audited: done with the new state;
 * failed with the platform's reason (401/expired token: the channel is marked to reconnect; 403, 404,
 * other 4xx: refused); 429 and 5xx/timeouts are retried (at the platform's reset, or with backoff)
 * and fail after MAX_ATTEMPTS. A newer request for the same message supersedes an older one not yet
 * carried out, so hide-then-unhide never ends hidden.
 */
import { AuthExpiredError, PermanentError, RateLimitedError, type ModerationTarget } from '../../connectors/types.js';
import { connectorFor } from '../../connectors/registry.js';
import { recordAudit } from '../db/audit.js';
import { recordOutsideEffect } from '../db/db.js';
import { backoffMs, claimOutbox, completeOutbox, failOutbox, retryOutboxLater, type OutboxRow } from '../db/outbox.js';
import { channelHealth, loadChannel } from '../channels/channels.js';
import { cappedReset } from '../channels/rate-limit.js';
import type { Runtime } from '../runtime.js';
import type { ModerationState } from './rules.js';
import { endModeration, loadModeration, newerRequestExists, noteModerationError, type ModerationRow } from './sql.js';

export type ModerationOutcome = 'sent' | 'skipped' | 'failed' | 'retry';

const MAX_ATTEMPTS = 6;

/** The moderation queue's processor. */
export async function processModeration(runtime: Runtime, outboxId: number): Promise<ModerationOutcome> {
  const row = await claimOutbox(runtime.db, outboxId);
  if (!row) return 'skipped';
  return carryOutModeration(runtime, row);
}

/** Carries out a claimed 'moderation' outbox row (also when it reached the route worker, as ingest dispatches there). */
export async function carryOutModeration(runtime: Runtime, row: OutboxRow): Promise<ModerationOutcome> {
  const { db, logger } = runtime;
  const requestId = Number(row.payload.moderationId);
  const request = await loadModeration(db, requestId);
  if (!request || request.status !== 'queued') {
    await completeOutbox(db, row.id);
    return 'skipped';
  }
  if (await newerRequestExists(db, request.id, request.messageId)) {
    await end(runtime, row, request, { status: 'superseded', error: 'a newer request for this message replaced it' });
    return 'skipped';
  }
  const message = request.message;
  const channel = await loadChannel(db, message.channelId, runtime.secrets);
  if (!channel || !message.externalId) return end(runtime, row, request, { status: 'failed', error: 'the message or its channel no longer exists' });
  const target: ModerationTarget = {
    externalId: message.externalId,
    kind: message.kind as ModerationTarget['kind'],
    conversationKey: message.conversationKey,
    raw: message.raw,
    ...(message.parentExternalId ? { parentExternalId: message.parentExternalId } : {}),
  };
  const connector = connectorFor(runtime.connectors, channel.context.platform);
  if (!connector.moderate) return end(runtime, row, request, { status: 'failed', error: `${channel.context.platform} offers no moderation` });
  let state: ModerationState;
  try {
    state = await connector.moderate(channel.context, target, request.action);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (error instanceof AuthExpiredError) {
      await channelHealth.authExpired(db, channel.context.id, reason);
      return end(runtime, row, request, { status: 'failed', error: `reconnect needed: ${reason}` });
    }
    if (error instanceof PermanentError) return end(runtime, row, request, { status: 'failed', error: reason });
    if (row.attempts >= MAX_ATTEMPTS) return end(runtime, row, request, { status: 'failed', error: `gave up after ${row.attempts} attempts: ${reason}` });
    const at = error instanceof RateLimitedError ? cappedReset(error.resetAt, runtime.now()) : new Date(runtime.now().getTime() + backoffMs(row.attempts));
    await noteModerationError(db, request.id, reason);
    await retryOutboxLater(db, row.id, at, reason);
    logger.warn({ moderationId: request.id, messageId: request.messageId, attempt: row.attempts, error: reason }, 'moderation failed, will retry');
    return 'retry';
  }
  return end(runtime, row, request, { status: 'done', state });
}

async function end(
  runtime: Runtime,
  row: OutboxRow,
  request: ModerationRow,
  outcome: { status: 'done'; state: ModerationState } | { status: 'failed' | 'superseded'; error: string },
): Promise<ModerationOutcome> {
  await recordOutsideEffect(() =>
    runtime.db.transaction(async (tx) => {
      await endModeration(tx, request.id, outcome);
      if (outcome.status === 'failed') await failOutbox(tx, row.id, outcome.error);
      else await completeOutbox(tx, row.id);
      await recordAudit(tx, {
        actor: 'system',
        action: `moderation.${outcome.status}`,
        subjectType: 'message',
        subjectId: request.messageId,
        details: {
          request: request.id,
          ticketId: request.ticketId,
          action: request.action,
          requestedBy: request.actor,
          ...(request.flag ? { flag: request.flag } : {}),
          ...(outcome.status === 'done' ? { state: outcome.state } : { error: outcome.error }),
        },
      });
    }),
  );
  const log = { moderationId: request.id, messageId: request.messageId, action: request.action, status: outcome.status };
  if (outcome.status === 'failed') runtime.logger.warn({ ...log, error: outcome.error }, 'moderation failed');
  else runtime.logger.info(log, 'moderation ended');
  return outcome.status === 'done' ? 'sent' : outcome.status === 'failed' ? 'failed' : 'skipped';
}
