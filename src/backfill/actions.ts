/**
 * Backfill use cases: ask for one, run it batch by batch through the poll's ingest path, cancel it.
 * The backfills row is the truth; a runner (the CLI in-process, or the backfill worker) holds the
 * channel's backfill lock so two never read one channel's history at once.
 */
import type { Connector, Cursor, HistoryWindow, RawItem } from '../../connectors/types.js';
import { loadChannel, type ChannelState } from '../channels/channels.js';
import { recordAudit } from '../db/audit.js';
import { commitBatch, prepareBatch } from '../ingest/ingest.js';
import type { Runtime } from '../runtime.js';
import { ITEMS_PER_BATCH, PAGES_PER_BATCH, isOpen, oldest, sameWindow, type Backfill } from './progress.js';
import { onError } from './error-outcome.js';
import { advanceBackfill, backfillById, backfillsOf, insertBackfill, openBackfillOf, setBackfillStatus, touchBackfill } from './sql.js';

export type BackfillDeps = Pick<Runtime, 'db' | 'secrets' | 'connectors' | 'logger' | 'now'>;

export type RequestOutcome =
  | { kind: 'started' | 'resumed' | 'running'; backfill: Backfill }
  | { kind: 'no_history' }
  | { kind: 'unknown_channel' }
  | { kind: 'conflict'; backfill: Backfill };

/** Whether the channel's platform can give history back at all. */
export function canBackfill(deps: Pick<BackfillDeps, 'connectors'>, platform: ChannelState['context']['platform']): boolean {
  return typeof deps.connectors.get(platform)?.history === 'function';
}

/**
 * Asks for a backfill of the channel over the window. The same window as the channel's open backfill
 * resumes it (a paused one runs again); another window while one is open is a conflict.
 */
export async function requestBackfill(deps: BackfillDeps, channelId: string, window: HistoryWindow, requestedBy: string): Promise<RequestOutcome> {
  const { db } = deps;
  const channel = await loadChannel(db, channelId, undefined);
  if (!channel) return { kind: 'unknown_channel' };
  if (!canBackfill(deps, channel.context.platform)) return { kind: 'no_history' };
  for (let attempt = 0; attempt < 2; attempt++) {
    const open = await openBackfillOf(db, channelId);
    if (open) {
      if (!sameWindow(open, window)) return { kind: 'conflict', backfill: open };
      if (open.status === 'running') return { kind: 'running', backfill: open };
      const resumed = await setBackfillStatus(db, open.id, 'running');
      if (!resumed) continue;
      await recordAudit(db, { actor: requestedBy, action: 'backfill.resumed', subjectType: 'channel', subjectId: channelId, details: { backfillId: open.id } });
      return { kind: 'resumed', backfill: resumed };
    }
    const made = await insertBackfill(db, { channelId, since: window.since, until: window.until, requestedBy });
    if (!made) continue;
    await recordAudit(db, {
      actor: requestedBy,
      action: 'backfill.requested',
      subjectType: 'channel',
      subjectId: channelId,
      details: { backfillId: made.id, since: window.since.toISOString(), until: window.until.toISOString() },
    });
    return { kind: 'started', backfill: made };
  }
  const open = await openBackfillOf(db, channelId);
  return open ? { kind: 'conflict', backfill: open } : { kind: 'unknown_channel' };
}

export async function cancelBackfill(deps: Pick<BackfillDeps, 'db'>, id: number, actor: string): Promise<Backfill | undefined> {
  const cancelled = await setBackfillStatus(deps.db, id, 'cancelled');
  if (cancelled) await recordAudit(deps.db, { actor, action: 'backfill.cancelled', subjectType: 'channel', subjectId: cancelled.channelId, details: { backfillId: id } });
  return cancelled;
}

export async function listBackfills(deps: Pick<BackfillDeps, 'db'>, channelId: string): Promise<Backfill[]> {
  return backfillsOf(deps.db, channelId);
}

export async function getBackfill(deps: Pick<BackfillDeps, 'db'>, id: number): Promise<Backfill | undefined> {
  return backfillById(deps.db, id);
}

export async function openBackfill(deps: Pick<BackfillDeps, 'db'>, channelId: string): Promise<Backfill | undefined> {
  return openBackfillOf(deps.db, channelId);
}

export interface RunOptions {
  /** Asked between batches: true ends the run after the batch that is committing. */
  shouldStop?: () => boolean;
  /** A stop by shouldStop pauses the backfill (the CLI's Ctrl-C) or leaves it running for another worker (shutdown). */
  onStop?: 'pause' | 'leave';
  /** Stop (paused) after this many pages in this run. */
  maxPages?: number;
  /** Wait out a rate limit in-process (the CLI) instead of ending the run with `waiting` (the worker). */
  waitInProcess?: boolean;
  /** After each committed batch. */
  onProgress?: (backfill: Backfill) => void;
  /** Before waiting out a rate limit or a retry. */
  onWait?: (until: Date, reason: string) => void;
  /** Outbox rows a batch wrote (complaints to route); without it the outbox sweeper dispatches them. */
  dispatch?: (outboxIds: number[]) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

export type RunOutcome =
  | { status: 'done' | 'paused' | 'failed' | 'cancelled' | 'stopped'; backfill: Backfill }
  | { status: 'waiting'; backfill: Backfill; until: Date }
  | { status: 'busy' }
  | { status: 'unknown' };

/** Runs an open backfill until it is done, stopped, paused or failed. Another runner on the channel: busy. */
export async function runBackfill(deps: BackfillDeps, id: number, options: RunOptions = {}): Promise<RunOutcome> {
  const first = await backfillById(deps.db, id);
  if (!first) return { status: 'unknown' };
  const held = await deps.db.whileHolding(`backfill:${first.channelId}`, () => runHeld(deps, id, options));
  return held.busy ? { status: 'busy' } : held.value;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function runHeld(deps: BackfillDeps, id: number, options: RunOptions): Promise<RunOutcome> {
  const { db, logger } = deps;
  const sleep = options.sleep ?? defaultSleep;
  let backfill = await backfillById(db, id);
  if (!backfill) return { status: 'unknown' };
  if (backfill.status !== 'running') return { status: finalStatus(backfill), backfill };
  const channel = await loadChannel(db, backfill.channelId, deps.secrets);
  const connector = channel && deps.connectors.get(channel.context.platform);
  if (!channel || !connector?.history) {
    const failed = await setBackfillStatus(db, id, 'failed', { error: channel ? 'this platform gives no history back' : 'the channel is gone' });
    return { status: 'failed', backfill: failed ?? backfill };
  }
  await touchBackfill(db, id);
  const window: HistoryWindow = { since: backfill.since, until: backfill.until };
  let pagesThisRun = 0;
  let transientInARow = 0;
  for (;;) {
    if (options.shouldStop?.()) return stopped(deps, backfill, options.onStop ?? 'pause', 'stopped');
    if (options.maxPages !== undefined && pagesThisRun >= options.maxPages) return stopped(deps, backfill, 'pause', `stopped after ${pagesThisRun} pages`);
    const current = await backfillById(db, id);
    if (!current) return { status: 'unknown' };
    if (current.status !== 'running') return { status: finalStatus(current), backfill: current };
    const pageLimit = Math.min(PAGES_PER_BATCH, options.maxPages === undefined ? PAGES_PER_BATCH : options.maxPages - pagesThisRun);
    try {
      const batch = await fetchBatch(connector, channel, window, current.cursor, pageLimit);
      const prepared = prepareBatch(channel.context, batch.items, connector.normalize);
      const oldestAt = prepared.batch.messages.reduce<Date | null>((at, m) => oldest(at, m.sentAt), null);
      let advanced: Backfill | undefined;
      const result = await commitBatch(db, prepared, undefined, async (tx, r) => {
        advanced = await advanceBackfill(tx, id, {
          cursor: batch.cursor,
          pages: batch.pages,
          fetched: batch.items.length,
          inserted: r.inserted,
          duplicates: r.duplicates,
          oldestAt,
          done: !batch.more,
        });
      });
      transientInARow = 0;
      pagesThisRun += batch.pages;
      if (options.dispatch && result.outboxIds.length) await options.dispatch(result.outboxIds);
      if (!advanced) {
        // Cancelled (or finished elsewhere) while the batch was read: what it held is stored, nothing more is read.
        const now = await backfillById(db, id);
        return now ? { status: finalStatus(now), backfill: now } : { status: 'unknown' };
      }
      backfill = advanced;
      options.onProgress?.(backfill);
      if (backfill.status === 'done') {
        logger.info({ backfillId: id, channelId: backfill.channelId, pages: backfill.pages, inserted: backfill.inserted }, 'backfill done');
        return { status: 'done', backfill };
      }
    } catch (error) {
      const outcome = onError(error, deps.now(), transientInARow);
      logger.warn({ backfillId: id, channelId: backfill.channelId, outcome: outcome.kind }, 'backfill batch failed');
      if (outcome.kind === 'retry') {
        transientInARow++;
        options.onWait?.(new Date(deps.now().getTime() + outcome.afterMs), outcome.reason);
        await sleep(outcome.afterMs);
        continue;
      }
      if (outcome.kind === 'wait') {
        const waiting = (await setBackfillStatus(db, id, 'running', { error: outcome.reason, waitUntil: outcome.until })) ?? backfill;
        if (!options.waitInProcess) return { status: 'waiting', backfill: waiting, until: outcome.until };
        options.onWait?.(outcome.until, outcome.reason);
        await sleepUntil(deps, sleep, outcome.until, options.shouldStop);
        continue;
      }
      const status = outcome.kind === 'pause' ? 'paused' : 'failed';
      const ended = (await setBackfillStatus(db, id, status, { error: outcome.reason })) ?? backfill;
      return { status, backfill: ended };
    }
  }
}

/** Waits in small steps so a stop asked meanwhile is honoured quickly. */
async function sleepUntil(deps: BackfillDeps, sleep: (ms: number) => Promise<void>, until: Date, shouldStop?: () => boolean): Promise<void> {
  while (deps.now() < until && !shouldStop?.()) await sleep(Math.min(1000, until.getTime() - deps.now().getTime()));
}

async function stopped(deps: BackfillDeps, backfill: Backfill, how: 'pause' | 'leave', reason: string): Promise<RunOutcome> {
  if (how === 'leave') return { status: 'stopped', backfill };
  const paused = await setBackfillStatus(deps.db, backfill.id, 'paused', { error: reason });
  return { status: 'paused', backfill: paused ?? backfill };
}

function finalStatus(backfill: Backfill): 'done' | 'paused' | 'failed' | 'cancelled' | 'stopped' {
  return backfill.status === 'running' ? 'stopped' : backfill.status;
}

interface FetchedBatch {
  items: RawItem[];
  cursor: Cursor;
  more: boolean;
  pages: number;
}

/** Several history pages into one ingest transaction, as a poll does with a backlog. */
async function fetchBatch(connector: Connector, channel: ChannelState, window: HistoryWindow, from: Cursor | null, pageLimit: number): Promise<FetchedBatch> {
  const history = connector.history!.bind(connector);
  let page = await history(channel.context, window, from);
  const items: RawItem[] = [...page.items];
  let pages = 1;
  while (page.more && items.length < ITEMS_PER_BATCH && pages < pageLimit) {
    page = await history(channel.context, window, page.cursor);
    items.push(...page.items);
    pages++;
  }
  return { items, cursor: page.cursor, more: page.more, pages };
}

/** Whether the backfill still needs a runner. */
export function needsRunner(backfill: Backfill): boolean {
  return isOpen(backfill.status) && backfill.status === 'running';
}
