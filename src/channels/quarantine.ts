import type { ConnectorRegistry } from '../../connectors/registry.js';
import { connectorFor } from '../../connectors/registry.js';
import type { ChannelContext, Connector } from '../../connectors/types.js';
import { commitBatch, prepareBatch, type IngestResult } from '../ingest/ingest.js';
import { describeError } from '../ingest/normalize-batch.js';
import { ingestWebhookBody, WEBHOOK_ITEM_TYPE } from '../ingest/webhook.js';
import { webhookEventBody } from './webhook-events.js';
import { loadChannel } from './channels.js';
import type { Db, Queryable } from '../db/db.js';
import { notifyChannels } from '../db/events.js';
import type { SecretBox } from './secrets.js';
import { recordAudit } from '../db/audit.js';
import {
  quarantineReason,
  resolveQuarantineItem,
  setQuarantineReason,
  unresolvedQuarantineEntity,
  unresolvedQuarantineItem,
  unresolvedQuarantineItems,
} from './sql.js';

/** A quarantined item as admins see it: no raw payload (it may hold a citizen's text). */
export interface QuarantineItem {
  id: number;
  itemType: string;
  externalId: string | null;
  reason: string;
  seenCount: number;
  createdAt: Date;
  lastSeenAt: Date;
}

/** The unresolved items of a channel, most recently seen first. */
export async function listQuarantine(db: Queryable, channelId: string, limit = 200): Promise<QuarantineItem[]> {
  return unresolvedQuarantineItems(db, channelId, limit);
}

/** The entity of an unresolved quarantined item (for the access check); undefined when there is none. */
export async function quarantineEntity(db: Queryable, id: number): Promise<string | undefined> {
  return unresolvedQuarantineEntity(db, id);
}

export type RetryOutcome =
  | { status: 'ingested' | 'ignored'; outboxIds: number[] }
  | { status: 'quarantined'; reason: string }
  | { status: 'not_found' };

/**
 * Puts a quarantined item through its connector's normalize and ingest again, as a poll would:
 * once it becomes a message (or is recognised as one to ignore) the item is resolved; otherwise it
 * stays quarantined with the new reason.
 */
export async function retryQuarantined(
  db: Db,
  deps: { connectors: ConnectorRegistry; secrets: SecretBox | undefined },
  id: number,
  actor: string,
): Promise<RetryOutcome> {
  const item = await unresolvedQuarantineItem(db, id);
  if (!item) return { status: 'not_found' };
  const channel = await loadChannel(db, item.channelId, deps.secrets);
  if (!channel) return { status: 'not_found' };
  const connector = connectorFor(deps.connectors, channel.context.platform);
  if (item.itemType === WEBHOOK_ITEM_TYPE) return retryDelivery(db, channel.context, connector, id, item.raw, actor);
  const raw = { type: item.itemType, ...(item.externalId !== null ? { externalId: item.externalId } : {}), payload: item.raw };
  const prepared = prepareBatch(channel.context, [raw], connector.normalize);
  const failure = prepared.batch.quarantined[0];
  if (failure) {
    await setQuarantineReason(db, id, failure.reason);
    await audit(db, actor, 'quarantine.retry_failed', id, { channel: item.channelId });
    return { status: 'quarantined', reason: failure.reason };
  }
  // No cursor: a retried item must not move the channel's polling position.
  const result = await commitBatch(db, prepared);
  return settleRetry(db, id, actor, item.channelId, result, prepared.batch.messages.length > 0);
}

/** A whole webhook delivery that could not be read: its body is read again from the stored event. */
async function retryDelivery(db: Db, channel: ChannelContext, connector: Connector, id: number, raw: unknown, actor: string): Promise<RetryOutcome> {
  const eventId = Number((raw as { webhookEventId?: unknown } | null)?.webhookEventId);
  const event = Number.isInteger(eventId) ? await webhookEventBody(db, eventId) : undefined;
  if (!event || !connector.webhook) return { status: 'not_found' };
  try {
    const result = await ingestWebhookBody(db, channel, connector, event.body);
    return await settleRetry(db, id, actor, channel.id, result, result.inserted + result.duplicates > 0);
  } catch (error) {
    const reason = describeError(error);
    await setQuarantineReason(db, id, reason);
    await audit(db, actor, 'quarantine.retry_failed', id, { channel: channel.id });
    return { status: 'quarantined', reason };
  }
}

/** Resolved once nothing of the item was quarantined again. */
async function settleRetry(db: Db, id: number, actor: string, channelId: string, result: IngestResult, hadMessages: boolean): Promise<RetryOutcome> {
  if (result.quarantined > 0) {
    const reason = await quarantineReason(db, id);
    await audit(db, actor, 'quarantine.retry_failed', id, { channel: channelId });
    return { status: 'quarantined', reason: reason ?? 'still not storable' };
  }
  const status = hadMessages ? 'ingested' : 'ignored';
  await resolve(db, id, status, actor);
  return { status, outboxIds: result.outboxIds };
}

/** An admin decides the item is not worth ingesting. False when it was not (or no longer) quarantined. */
export async function dismissQuarantined(db: Db, id: number, actor: string): Promise<boolean> {
  return resolve(db, id, 'dismissed', actor);
}

async function resolve(db: Db, id: number, resolution: 'ingested' | 'ignored' | 'dismissed', actor: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await resolveQuarantineItem(tx, id, resolution);
    if (!row) return false;
    await audit(tx, actor, `quarantine.${resolution}`, id, { channel: row.channelId });
    await notifyChannels(tx, row.entityId, [row.channelId]);
    return true;
  });
}

async function audit(db: Queryable, actor: string, action: string, id: number, details: Record<string, unknown>): Promise<void> {
  await recordAudit(db, { actor, action, subjectType: 'quarantine', subjectId: id, details });
}
