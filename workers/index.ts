import { Worker } from 'bullmq';
import { QUEUE_NAMES, scheduleDigest, syncPollSchedulers, type BackfillJob, type OutboxBatchJob, type OutboxJob, type PollJob } from '../src/queue/queues.js';
import { processBackfillJob, sweepBackfills } from '../src/backfill/job.js';
import { sendDeadlineDigests } from '../src/complaints/digest.js';
import type { Runtime } from '../src/runtime.js';
import { listEnabledChannels } from '../src/channels/channels.js';
import { checkChannelHealth } from '../src/channels/health-alerts.js';
import { checkTokens } from '../src/channels/token-lifecycle.js';
import { detectSpikesWhenDue } from '../src/signals/actions.js';
import { processOutbound } from '../src/tickets/send-reply.js';
import { pollChannel } from '../src/ingest/poll.js';
import { processRoute, processRoutes } from './route.js';
import { retentionEvery } from '../src/personal-data/actions.js';
import { processModeration } from '../src/moderation/carry-out.js';
import { sweepOutbox, sweepWebhookEvents } from './sweeper.js';
import { observePoll } from '../src/ops/metrics.js';
import { beat, forget, workerId } from '../src/ops/heartbeat.js';

export interface RunningWorkers {
  /** Lets running jobs finish, then stops. */
  close(): Promise<void>;
}

export async function startWorkers(runtime: Runtime): Promise<RunningWorkers> {
  const { queues, settings, logger } = runtime;
  const connection = queues.connection;
  const prefix = queues.prefix;
  let stopping = false;

  const workers = [
    new Worker<PollJob>(QUEUE_NAMES.poll, (job) => observePoll(job.data.channelId, () => pollChannel(runtime, job.data.channelId, () => stopping)), {
      connection,
      prefix,
      concurrency: settings.workers.pollConcurrency,
    }),
    new Worker<OutboxJob | OutboxBatchJob>(QUEUE_NAMES.route, (job) => ('outboxIds' in job.data ? processRoutes(runtime, job.data.outboxIds, () => stopping) : processRoute(runtime, job.data.outboxId)), {
      connection,
      prefix,
      concurrency: settings.workers.routeConcurrency,
    }),
    new Worker<OutboxJob>(QUEUE_NAMES.outbound, (job) => processOutbound(runtime, job.data.outboxId), {
      connection,
      prefix,
      concurrency: settings.workers.outboundConcurrency,
    }),
    new Worker<OutboxJob>(QUEUE_NAMES.moderation, (job) => processModeration(runtime, job.data.outboxId), {
      connection,
      prefix,
      concurrency: settings.workers.outboundConcurrency,
    }),
    new Worker(QUEUE_NAMES.digest, () => sendDeadlineDigests(runtime, runtime.now()), { connection, prefix, concurrency: 1 }),
    // Long jobs (a backfill reads pages until its window is done): two at a time, each on its own channel.
    new Worker<BackfillJob>(QUEUE_NAMES.backfill, (job) => processBackfillJob(runtime, job.data.backfillId, () => stopping), {
      connection,
      prefix,
      concurrency: 2,
      lockDuration: 120_000,
    }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, error) => logger.error({ queue: worker.name, jobId: job?.id, error: error.message }, 'job failed'));
    worker.on('error', (error) => logger.error({ queue: worker.name, error: error.message }, 'worker error'));
  }

  // Schedules live in Redis but are derived from the channels table: made again whenever Redis comes
  // back (it may have restarted empty) and checked at every sweep.
  let checking: Promise<void> | undefined;
  const ensureSchedules = (): Promise<void> =>
    (checking ??= restoreSchedules(runtime)
      .catch((error: unknown) => logger.warn({ error: String(error) }, 'job schedulers not checked'))
      .finally(() => (checking = undefined)));
  await ensureSchedules();
  const onRedisReady = () => void ensureSchedules();
  queues.connection.on('ready', onRedisReady);
  const heartbeatId = workerId();
  // Retention (issue 17): every entity's limits, applied once an hour by each worker (idempotent).
  const applyRetention = retentionEvery(3600_000);
  const sweep = async () => {
    try {
      await ensureSchedules();
      await sweepOutbox(runtime);
      await sweepWebhookEvents(runtime);
      await sweepBackfills(runtime);
      await checkChannelHealth(runtime);
      await checkTokens(runtime);
      await detectSpikesWhenDue(runtime);
      await applyRetention(runtime);
    } catch (error) {
      logger.warn({ error: String(error) }, 'outbox sweep failed');
    }
    // A completed sweep, even one that logged a failure, is the worker's heartbeat (readiness, healthcheck).
    await beat(queues.connection, prefix, heartbeatId, Date.now()).catch(() => undefined);
  };
  await sweep();
  const sweeper = setInterval(() => void sweep(), settings.workers.sweepIntervalSeconds * 1000);

  logger.info({ prefix }, 'workers started');
  return {
    async close() {
      stopping = true;
      clearInterval(sweeper);
      queues.connection.off('ready', onRedisReady);
      await Promise.all(workers.map((worker) => worker.close()));
      await forget(queues.connection, prefix, heartbeatId);
    },
  };
}

async function restoreSchedules(runtime: Runtime): Promise<void> {
  const made = await syncPollSchedulers(runtime.queues, await listEnabledChannels(runtime.db));
  const digest = await scheduleDigest(runtime.queues);
  if (made > 0 || digest) runtime.logger.info({ pollSchedulers: made, digest }, 'job schedulers established');
}
