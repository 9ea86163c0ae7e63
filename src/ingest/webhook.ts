import { connectorFor } from '../../connectors/registry.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { loadChannel } from '../store/channels.js';
import { claimWebhookEvent, finishWebhookEvent } from '../store/webhook-events.js';
import { ingest } from './ingest.js';

const MAX_ATTEMPTS = 5;

/** Turns a stored webhook delivery into messages through the same ingest() as polling. */
export async function processWebhookEvent(runtime: Runtime, eventId: number): Promise<'processed' | 'skipped' | 'failed'> {
  const { db } = runtime;
  const event = await claimWebhookEvent(db, eventId);
  if (!event) return 'skipped';
  try {
    const channel = await loadChannel(db, event.channel_id, runtime.secrets);
    const connector = channel && connectorFor(runtime.connectors, channel.context.platform);
    if (!channel || !connector?.webhook) throw new Error(`channel ${event.channel_id} no longer takes webhooks`);
    let body: unknown;
    try {
      body = JSON.parse(event.body);
    } catch {
      throw new Error('body is not JSON');
    }
    const parsed = connector.webhook.parse(body, channel.context);
    const items = connector.webhook.enrich ? await connector.webhook.enrich(parsed, channel.context) : parsed;
    const result = await ingest(db, { channel: channel.context, items, normalize: connector.normalize });
    await finishWebhookEvent(db, eventId, {});
    await dispatchCommitted(runtime, result.outboxIds);
    return 'processed';
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await finishWebhookEvent(db, eventId, { error: message, retry: event.attempts < MAX_ATTEMPTS && !/not JSON|no longer/.test(message) });
    runtime.logger.warn({ eventId, channelId: event.channel_id, error: message }, 'webhook event not ingested');
    return 'failed';
  }
}
