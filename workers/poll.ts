import { AuthExpiredError, RateLimitedError, type Cursor } from '../connectors/types.js';
import { connectorFor } from '../connectors/registry.js';
import { ingest } from '../src/ingest/ingest.js';
import { dispatchOutbox } from '../src/queue/queues.js';
import type { Runtime } from '../src/runtime.js';
import { channelHealth, loadChannel } from '../src/store/channels.js';
import { markDispatched } from '../src/store/outbox.js';

export type PollOutcome =
  | { status: 'polled'; pages: number; inserted: number; quarantined: number }
  | { status: 'skipped'; reason: 'unknown' | 'disabled' | 'auth_expired' | 'rate_limited' }
  | { status: 'rate_limited'; until: Date }
  | { status: 'auth_expired' }
  | { status: 'failed'; error: string };

/** Pages one poll may fetch before yielding the worker to other channels; the cursor resumes the rest. */
const MAX_PAGES_PER_POLL = 50;

/**
 * One poll of one channel: fetch pages and ingest each in its own transaction until the
 * connector has no more. The poll worker alone turns connector errors into channel health.
 */
export async function pollChannel(runtime: Runtime, channelId: string, shouldStop: () => boolean = () => false): Promise<PollOutcome> {
  const { db, logger } = runtime;
  const state = await loadChannel(db, channelId, runtime.secrets);
  if (!state) return { status: 'skipped', reason: 'unknown' };
  if (!state.enabled) return { status: 'skipped', reason: 'disabled' };
  if (state.status === 'auth_expired') return { status: 'skipped', reason: 'auth_expired' };
  if (state.rateLimitedUntil && state.rateLimitedUntil > runtime.now()) return { status: 'skipped', reason: 'rate_limited' };

  const connector = connectorFor(runtime.connectors, state.context.platform);
  let cursor: Cursor | null = state.cursor;
  let pages = 0;
  let inserted = 0;
  let quarantined = 0;
  try {
    for (;;) {
      const page = await connector.fetch(state.context, cursor);
      const result = await ingest(db, { channel: state.context, items: page.items, cursor: page.cursor, normalize: connector.normalize });
      cursor = page.cursor;
      pages++;
      inserted += result.inserted;
      quarantined += result.quarantined;
      await dispatchCommitted(runtime, result.outboxIds);
      if (!page.more || pages >= MAX_PAGES_PER_POLL || shouldStop()) break;
    }
    await channelHealth.polled(db, channelId);
    if (inserted > 0 || quarantined > 0) logger.info({ channelId, pages, inserted, quarantined }, 'channel polled');
    return { status: 'polled', pages, inserted, quarantined };
  } catch (error) {
    return recordFailure(runtime, channelId, error);
  }
}

async function recordFailure(runtime: Runtime, channelId: string, error: unknown): Promise<PollOutcome> {
  const { db, logger } = runtime;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof RateLimitedError) {
    await channelHealth.rateLimited(db, channelId, error.resetAt, message);
    logger.warn({ channelId, until: error.resetAt }, 'channel rate limited');
    return { status: 'rate_limited', until: error.resetAt };
  }
  if (error instanceof AuthExpiredError) {
    const first = await channelHealth.authExpired(db, channelId, message);
    if (first) logger.error({ channelId }, 'channel token refused: reconnect needed');
    return { status: 'auth_expired' };
  }
  await channelHealth.failed(db, channelId, message);
  logger.warn({ channelId, error: message }, 'channel poll failed');
  return { status: 'failed', error: message };
}

// Commands wait for Redis to come back (workers need that); a dispatch must not wait that long.
const DISPATCH_TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Dispatch after commit. If Redis is down the rows stay in the outbox and the sweeper sends them later. */
export async function dispatchCommitted(runtime: Runtime, outboxIds: number[], kind: 'route' | 'reply' = 'route'): Promise<void> {
  if (outboxIds.length === 0) return;
  try {
    await withTimeout(dispatchOutbox(runtime.queues, outboxIds.map((id) => ({ id, kind }))), DISPATCH_TIMEOUT_MS);
    await markDispatched(runtime.db, outboxIds);
  } catch (error) {
    runtime.logger.warn({ outboxIds, error: String(error) }, 'dispatch deferred to the sweeper');
  }
}
