import { AuthExpiredError, RateLimitedError, type ChannelContext, type Cursor, type FetchResult } from '../../connectors/types.js';
import { connectorFor } from '../../connectors/registry.js';
import { BatchPreparation, commitBatch, type PreparedBatch } from './ingest.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import { cappedReset } from '../channels/rate-limit.js';
import type { Runtime } from '../runtime.js';
import { channelHealth, loadChannel } from '../channels/channels.js';
import { refreshAfterRefusal } from '../channels/token-lifecycle.js';
import { appBudgetsOf } from '../channels/app-budget.js';

export type PollOutcome =
  | { status: 'polled'; pages: number; inserted: number; quarantined: number }
  | { status: 'skipped'; reason: 'unknown' | 'disabled' | 'auth_expired' | 'rate_limited' | 'already_polling' }
  /** The app's rate budget is spent (src/channels/app-budget.ts): the next scheduled poll tries again; health untouched. */
  | { status: 'deferred'; reason: 'app_budget'; retryInMs: number }
  | { status: 'rate_limited'; until: Date }
  | { status: 'auth_expired' }
  | { status: 'failed'; error: string };

/**
 * How long one poll may go on catching up on a backlog before it lets its worker slot go to other
 * channels; the cursor resumes the rest at the channel's next poll. Time rather than pages: a page
 * holds 100 items on X and 25 on Facebook, and every poll starts with a batch fetched and prepared
 * before anything can be committed (100 pages made that a tenth of the time of a large backlog).
 */
const POLL_SLICE_MS = 10_000;
/** And at most this many pages: a connector whose cursor never ends (empty pages with `more`) stops here. */
const MAX_PAGES_PER_POLL = 1000;
/**
 * Items per ingest transaction while catching up on a backlog: 20 pages of most platforms. Each
 * transaction has a fixed cost (a dozen statements, a commit); 1,000 items spent a tenth of the
 * ingest's time on it, 500 a fifth.
 */
export const BATCH_ITEMS = 2000;

/**
 * One poll of one channel: fetch pages and ingest each in its own transaction until the
 * connector has no more. The poll worker alone turns connector errors into channel health.
 * One poll per channel at a time, across all worker processes: a poll that finds another one
 * running (a slow platform, a hanging request) is skipped, not run beside it.
 */
export async function pollChannel(runtime: Runtime, channelId: string, shouldStop: () => boolean = () => false): Promise<PollOutcome> {
  const held = await runtime.db.whileHolding(`poll:${channelId}`, () => pollOnce(runtime, channelId, shouldStop, false));
  return held.busy ? { status: 'skipped', reason: 'already_polling' } : held.value;
}

async function pollOnce(runtime: Runtime, channelId: string, shouldStop: () => boolean, refreshed: boolean): Promise<PollOutcome> {
  const { db, logger } = runtime;
  const state = await loadChannel(db, channelId, runtime.secrets);
  if (!state) return { status: 'skipped', reason: 'unknown' };
  if (!state.enabled) return { status: 'skipped', reason: 'disabled' };
  if (state.status === 'auth_expired') return { status: 'skipped', reason: 'auth_expired' };
  if (state.rateLimitedUntil && state.rateLimitedUntil > runtime.now()) return { status: 'skipped', reason: 'rate_limited' };

  const connector = connectorFor(runtime.connectors, state.context.platform);
  const budgets = appBudgetsOf(runtime);
  // Each page is one call against the app's budget: the first refused defers the poll, a later one ends it where it is.
  const first = await budgets.take(state.context);
  if (!first.granted) return { status: 'deferred', reason: 'app_budget', retryInMs: first.retryInMs };
  let firstPagePaid = true;
  const takeBudget = async (): Promise<boolean> => {
    if (!firstPagePaid) return (await budgets.take(state.context)).granted;
    firstPagePaid = false;
    return true;
  };
  let pages = 0;
  let inserted = 0;
  let quarantined = 0;
  const sliceEnds = performance.now() + POLL_SLICE_MS;
  let pagesAsked = 0;
  /** Whether the poll may ask for another page: its time and pages not spent, its worker not stopping. */
  const mayGoOn = () => performance.now() < sliceEnds && pagesAsked < MAX_PAGES_PER_POLL && !shouldStop();
  const fetchBatch = async (from: Cursor | null): Promise<FetchedBatch> => {
    // A backlog is ingested in batches of several pages: one transaction per batch, not per page.
    if (!(await takeBudget())) return { prepared: new BatchPreparation(state.context, connector.normalize).prepared(), cursor: from ?? {}, more: false, fetched: 0 };
    const preparation = new BatchPreparation(state.context, connector.normalize);
    pagesAsked++;
    let page = await connector.fetch(state.context, from);
    let fetched = 1;
    let items = page.items.length;
    let spent = false;
    for (;;) {
      // The next page is asked for before this one is prepared, so the two go on at once.
      let next: Promise<Settled<FetchResult>> | undefined;
      if (page.more && items < BATCH_ITEMS && mayGoOn()) {
        if (await takeBudget()) {
          pagesAsked++;
          next = settle(connector.fetch(state.context, page.cursor));
        } else spent = true;
      }
      await preparation.add(page.items);
      if (!next) break;
      page = unwrap(await next);
      fetched++;
      items += page.items.length;
    }
    // Ended by the app's budget: the cursor resumes at the next poll.
    return { prepared: preparation.prepared(), cursor: page.cursor, more: page.more && !spent, fetched };
  };
  const dispatches: Array<Promise<void>> = [];
  try {
    let batch = await fetchBatch(state.cursor);
    for (;;) {
      if (batch.fetched === 0) break;
      // The next batch is fetched and classified while this one commits; it is used only after the commit.
      const next = batch.more && mayGoOn() ? settle(fetchBatch(batch.cursor)) : undefined;
      const result = await commitBatch(db, batch.prepared, batch.cursor);
      pages += batch.fetched;
      inserted += result.inserted;
      quarantined += result.quarantined;
      // Handing committed rows to the queue goes on beside the next commit (it never throws).
      dispatches.push(dispatchCommitted(runtime, result.outboxIds));
      if (!next) break;
      batch = await next.then(unwrap);
    }
    await channelHealth.polled(db, channelId);
    if (inserted > 0 || quarantined > 0) logger.info({ channelId, pages, inserted, quarantined }, 'channel polled');
    return { status: 'polled', pages, inserted, quarantined };
  } catch (error) {
    // A refused token that can be refreshed: one refresh, then the poll goes on with the new token.
    if (error instanceof AuthExpiredError && !refreshed && (await refreshAfterRefusal(runtime, state.context))) return pollOnce(runtime, channelId, shouldStop, true);
    return recordFailure(runtime, state.context, error);
  } finally {
    await Promise.all(dispatches);
  }
}

interface FetchedBatch {
  prepared: PreparedBatch;
  cursor: Cursor;
  more: boolean;
  fetched: number;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Holds a prefetch's outcome so a failure is reported when the page is needed, not as an unhandled rejection. */
function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function unwrap<T>(settled: Settled<T>): T {
  if (settled.ok) return settled.value;
  throw settled.error;
}

async function recordFailure(runtime: Runtime, context: ChannelContext, error: unknown): Promise<PollOutcome> {
  const { db, logger } = runtime;
  const channelId = context.id;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof RateLimitedError) {
    const until = cappedReset(error.resetAt, runtime.now());
    if (error.appWide && (await appBudgetsOf(runtime).pause(context, until, runtime.now()))) {
      logger.warn({ channelId, platform: context.platform, until }, 'app rate limited: every channel of the app waits');
    }
    await channelHealth.rateLimited(db, channelId, until, message);
    logger.warn({ channelId, until }, 'channel rate limited');
    return { status: 'rate_limited', until };
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
