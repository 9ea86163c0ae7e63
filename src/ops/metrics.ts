import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QUEUE_NAMES } from '../queue/queues.js';
import type { Runtime } from '../runtime.js';
import type { PollOutcome } from '../ingest/poll.js';
import { channelsByStatus } from '../channels/channels.js';
import { outboxLagSeconds } from '../db/outbox.js';
import { within } from './within.js';

/**
 * Prometheus metrics. What happens in this process (ingest, polls, process figures) is counted in
 * `processRegistry`; the installation's state (queue depths, outbox lag, channel states) is read on
 * each scrape by the API only, so several worker processes do not report the same numbers.
 */
export const processRegistry = new Registry();
let defaultsCollected = false;

const ingested = new Counter({
  name: 'inbox_messages_ingested_total',
  help: 'Messages stored (polls and webhook deliveries), by platform',
  labelNames: ['platform'] as const,
  registers: [processRegistry],
});

const pollDuration = new Histogram({
  name: 'inbox_poll_duration_seconds',
  help: 'Duration of one poll of one channel (fetch, classify, commit), skipped polls left out',
  labelNames: ['channel'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [processRegistry],
});

const pollErrors = new Counter({
  name: 'inbox_poll_errors_total',
  help: 'Polls that ended without ingesting, by channel and kind (failed, rate_limited, auth_expired, exception)',
  labelNames: ['channel', 'kind'] as const,
  registers: [processRegistry],
});

export function countIngested(platform: string, messages: number): void {
  if (messages > 0) ingested.inc({ platform }, messages);
}

/** Times a poll and counts its failure; a poll skipped (disabled, already running) is not a measurement. */
export async function observePoll(channel: string, poll: () => Promise<PollOutcome>): Promise<PollOutcome> {
  const stop = pollDuration.startTimer({ channel });
  try {
    const outcome = await poll();
    if (outcome.status !== 'skipped') stop();
    if (outcome.status === 'failed' || outcome.status === 'rate_limited' || outcome.status === 'auth_expired') pollErrors.inc({ channel, kind: outcome.status });
    return outcome;
  } catch (error) {
    stop();
    pollErrors.inc({ channel, kind: 'exception' });
    throw error;
  }
}

function processMetrics(): Registry {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: processRegistry });
    defaultsCollected = true;
  }
  return processRegistry;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
const SCRAPE_TIMEOUT_MS = 2_000;

/** The installation's state, read now: a part that does not answer in time is reported as not collected. */
async function stateRegistry(runtime: Runtime): Promise<Registry> {
  const registry = new Registry();
  const collected = new Gauge({ name: 'inbox_metrics_collected', help: '1 when this part of the state could be read for this scrape, else 0', labelNames: ['part'] as const, registers: [registry] });
  const jobs = new Gauge({ name: 'inbox_queue_jobs', help: 'BullMQ jobs per queue and state', labelNames: ['queue', 'state'] as const, registers: [registry] });
  const lag = new Gauge({ name: 'inbox_outbox_lag_seconds', help: 'Age of the oldest due outbox row not on a queue, or dispatched over a minute ago and not yet done', registers: [registry] });
  const channels = new Gauge({ name: 'inbox_channels', help: 'Channels per status', labelNames: ['status'] as const, registers: [registry] });

  const { queues, db } = runtime;
  const queueCounts =
    queues.connection.status === 'ready'
      ? within(SCRAPE_TIMEOUT_MS, () => Promise.all(Object.values(QUEUE_NAMES).map(async (name) => ({ name, counts: await queues[name].getJobCounts(...JOB_STATES) }))))
      : Promise.resolve({ ok: false as const });
  const [counts, outbox, states] = await Promise.all([queueCounts, within(SCRAPE_TIMEOUT_MS, () => outboxLagSeconds(db)), within(SCRAPE_TIMEOUT_MS, () => channelsByStatus(db))]);

  collected.set({ part: 'queues' }, counts.ok ? 1 : 0);
  if (counts.ok) for (const { name, counts: byState } of counts.value) for (const state of JOB_STATES) jobs.set({ queue: name, state }, byState[state] ?? 0);
  collected.set({ part: 'outbox' }, outbox.ok ? 1 : 0);
  if (outbox.ok) lag.set(outbox.value);
  collected.set({ part: 'channels' }, states.ok ? 1 : 0);
  if (states.ok) for (const { status, count } of states.value) channels.set({ status }, count);
  return registry;
}

export const METRICS_CONTENT_TYPE = processRegistry.contentType;

/** The exposition text: this process's figures, plus the installation's state when a runtime is given. */
export async function exposition(runtime?: Runtime): Promise<string> {
  const own = await processMetrics().metrics();
  if (!runtime) return own;
  return `${own}\n${await (await stateRegistry(runtime)).metrics()}`;
}
