import type { ChannelContext, Connector, RawItem, WebhookSupport } from '../../connectors/types.js';
import { connectorFor } from '../../connectors/registry.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { loadChannel } from '../channels/channels.js';
import { isConnectionError, type Db } from '../db/db.js';
import { claimWebhookEvent, finishWebhookEvent } from '../channels/webhook-events.js';
import { commitBatch, prepareBatch, type IngestResult } from './ingest.js';
import { describeError, quarantinedItem } from './normalize-batch.js';
import { quarantineItems } from './sql.js';

const MAX_ATTEMPTS = 5;
/** The quarantine's item type for a whole delivery that could not be read. */
export const WEBHOOK_ITEM_TYPE = 'webhook_delivery';

/** A delivery's body cannot be read into items: retrying the same bytes will not help. */
class UnreadableDeliveryError extends Error {
  override name = 'UnreadableDeliveryError';
}

/**
 * Turns a stored webhook delivery into messages through the same ingest() as polling. A delivery
 * that cannot be read, or still fails after its retries, is quarantined with its body and the
 * reason — never dropped without a trace.
 */
export async function processWebhookEvent(runtime: Runtime, eventId: number): Promise<'processed' | 'skipped' | 'failed' | 'quarantined'> {
  try {
    return await processClaimed(runtime, eventId);
  } catch (error) {
    // The database went away: the event stays pending and the sweeper takes it up again.
    runtime.logger.warn({ eventId, error: describeError(error) }, 'webhook delivery left for the sweeper');
    return 'failed';
  }
}

async function processClaimed(runtime: Runtime, eventId: number): Promise<'processed' | 'skipped' | 'failed' | 'quarantined'> {
  const { db, logger } = runtime;
  const event = await claimWebhookEvent(db, eventId);
  if (!event) return 'skipped';
  const channel = await loadChannel(db, event.channel_id, runtime.secrets);
  const connector = channel && connectorFor(runtime.connectors, channel.context.platform);
  if (!channel || !connector?.webhook) {
    await finishWebhookEvent(db, eventId, { error: 'the channel no longer takes webhooks', retry: false });
    return 'failed';
  }
  try {
    const result = await ingestWebhookBody(db, channel.context, connector, event.body);
    await finishWebhookEvent(db, eventId, {});
    await dispatchCommitted(runtime, result.outboxIds);
    return 'processed';
  } catch (error) {
    const reason = describeError(error);
    if (isConnectionError(error)) throw error;
    const lastTry = error instanceof UnreadableDeliveryError || event.attempts >= MAX_ATTEMPTS;
    if (lastTry) {
      // A lost database would fail this too: then the event stays pending and the sweeper tries again.
      await quarantineDelivery(db, channel.context.id, eventId, reason);
      await finishWebhookEvent(db, eventId, { error: reason, retry: false });
      logger.warn({ eventId, channelId: event.channel_id, error: reason }, 'webhook delivery quarantined');
      return 'quarantined';
    }
    await finishWebhookEvent(db, eventId, { error: reason, retry: true });
    logger.warn({ eventId, channelId: event.channel_id, attempt: event.attempts, error: reason }, 'webhook delivery not ingested, will retry');
    return 'failed';
  }
}

/** Parse, enrich and ingest one delivery's body (also used to retry a quarantined delivery). */
export async function ingestWebhookBody(db: Db, channel: ChannelContext, connector: Connector, body: string): Promise<IngestResult> {
  const webhook = connector.webhook as WebhookSupport;
  const items = await readDelivery(webhook, channel, body);
  return commitBatch(db, prepareBatch(channel, items, connector.normalize));
}

async function readDelivery(webhook: WebhookSupport, channel: ChannelContext, body: string): Promise<RawItem[]> {
  let parsed: RawItem[];
  try {
    parsed = webhook.parse(JSON.parse(body), channel);
  } catch (error) {
    throw new UnreadableDeliveryError(`the body cannot be read: ${describeError(error)}`);
  }
  return webhook.enrich ? webhook.enrich(parsed, channel) : parsed;
}

/** The body stays in webhook_events; the quarantine names the event, and a retry reads it from there. */
async function quarantineDelivery(db: Db, channelId: string, eventId: number, reason: string): Promise<void> {
  const item = quarantinedItem({ type: WEBHOOK_ITEM_TYPE, externalId: `event:${eventId}`, payload: { webhookEventId: eventId } }, reason);
  await quarantineItems(db, channelId, [item]);
}
