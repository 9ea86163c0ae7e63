import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { OutboxKind } from '../db/outbox.js';

export const QUEUE_NAMES = { poll: 'poll', route: 'route', outbound: 'outbound', digest: 'digest', backfill: 'backfill', moderation: 'moderation' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface PollJob {
  channelId: string;
}
export interface OutboxJob {
  outboxId: number;
}
/** Several committed outbox rows in one route job (an ingest batch's effects): each is claimed on its own. */
export interface OutboxBatchJob {
  outboxIds: number[];
}
export interface BackfillJob {
  backfillId: number;
}

export interface Queues {
  poll: Queue<PollJob>;
  route: Queue<OutboxJob | OutboxBatchJob>;
  outbound: Queue<OutboxJob>;
  digest: Queue<Record<string, never>>;
  backfill: Queue<BackfillJob>;
  /** Moderation actions on the platform (src/moderation/worker.ts). */
  moderation: Queue<OutboxJob>;
  connection: Redis;
  prefix: string;
  close(): Promise<void>;
}

export function connectRedis(url: string): Redis {
  // BullMQ workers block on Redis: commands must wait for a reconnect instead of failing.
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  // Connection errors surface through the commands that fail; ioredis keeps reconnecting.
  redis.on('error', () => undefined);
  return redis;
}

const jobDefaults = { removeOnComplete: true, removeOnFail: 1000 };

export function createQueues(redisUrl: string, prefix: string): Queues {
  const connection = connectRedis(redisUrl);
  const options = { connection, prefix, defaultJobOptions: jobDefaults };
  const queues = {
    poll: new Queue<PollJob>(QUEUE_NAMES.poll, options),
    route: new Queue<OutboxJob | OutboxBatchJob>(QUEUE_NAMES.route, options),
    outbound: new Queue<OutboxJob>(QUEUE_NAMES.outbound, options),
    digest: new Queue<Record<string, never>>(QUEUE_NAMES.digest, options),
    backfill: new Queue<BackfillJob>(QUEUE_NAMES.backfill, options),
    moderation: new Queue<OutboxJob>(QUEUE_NAMES.moderation, options),
  };
  // Unanswered 'error' events are printed by BullMQ; failures surface through the calls that fail.
  for (const queue of Object.values(queues)) queue.on('error', () => undefined);
  return {
    ...queues,
    connection,
    prefix,
    async close() {
      // Closing waits for pending commands; without a live connection there is nothing to wait for.
      if (connection.status !== 'ready') connection.disconnect();
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}

/**
 * Job schedulers are derived from the channels table: one per enabled channel, at its interval.
 * Missing ones (Redis restarted empty, a scheduler lost) are added, changed ones updated, those of
 * removed or disabled channels dropped; schedulers already right are left alone, so checking often
 * never postpones a poll. Returns how many were added or changed.
 */
export async function syncPollSchedulers(queues: Queues, channels: Array<{ id: string; pollIntervalSeconds: number }>): Promise<number> {
  const wanted = new Map(channels.map((c) => [schedulerId(c.id), c]));
  const existing = new Map<string, string>();
  for (const scheduler of await queues.poll.getJobSchedulers(0, -1)) {
    if (!scheduler.key) continue;
    if (wanted.has(scheduler.key)) existing.set(scheduler.key, `${scheduler.every}/${(scheduler as { offset?: number }).offset ?? 0}`);
    else await queues.poll.removeJobScheduler(scheduler.key);
  }
  let changed = 0;
  for (const [key, channel] of wanted) {
    const every = channel.pollIntervalSeconds * 1000;
    const offset = pollOffset(channel.id, every);
    if (existing.get(key) === `${every}/${offset}`) continue;
    await queues.poll.upsertJobScheduler(key, { every, ...(offset ? { offset } : {}) }, { name: 'poll', data: { channelId: channel.id } });
    changed++;
  }
  return changed;
}

/**
 * Where in its interval a channel is polled: spread by its id, so 150 channels of one interval do
 * not all become due in the same millisecond (a burst the workers then drain in a fixed order) but
 * arrive evenly, each once per interval. Stable: a restart keeps every channel's moment.
 */
export function pollOffset(channelId: string, everyMs: number): number {
  let hash = 2166136261;
  for (let i = 0; i < channelId.length; i++) hash = Math.imul(hash ^ channelId.charCodeAt(i), 16777619) >>> 0;
  return hash % everyMs;
}

/** Stops a (disabled or removed) channel's polling. */
export async function removePollScheduler(queues: Queues, channelId: string): Promise<void> {
  await queues.poll.removeJobScheduler(schedulerId(channelId));
}

/**
 * One poll of the channel now, outside its schedule ("test connection"). Clicking twice while the
 * first is still waiting or running adds no second job.
 */
export async function enqueuePollNow(queues: Queues, channelId: string): Promise<string | undefined> {
  const job = await queues.poll.add('poll', { channelId }, { deduplication: { id: `poll-now-${channelId}` } });
  return job.id;
}

/**
 * Runs a backfill on the backfill worker, now or after `delayMs` (a rate limit). The row is the
 * truth: a second job of one backfill finds it running elsewhere (its lock) and ends, and the
 * sweeper dispatches again a running backfill nobody moved for a while. `attempt` names a re-dispatch.
 */
export async function enqueueBackfill(queues: Queues, backfillId: number, opts: { delayMs?: number; attempt?: string } = {}): Promise<void> {
  const jobId = `backfill-${backfillId}${opts.attempt ? `-${opts.attempt}` : ''}`;
  await queues.backfill.add('backfill', { backfillId }, { jobId, ...(opts.delayMs ? { delay: opts.delayMs } : {}) });
}

const DIGEST_SCHEDULER = 'digest:daily';

/** The coordinators' deadline digest, every morning at 7 in Brussels. Returns whether it had to be (re)made. */
export async function scheduleDigest(queues: Queues): Promise<boolean> {
  if (await queues.digest.getJobScheduler(DIGEST_SCHEDULER)) return false;
  await queues.digest.upsertJobScheduler(DIGEST_SCHEDULER, { pattern: '0 7 * * *', tz: 'Europe/Brussels' }, { name: 'digest', data: {} });
  return true;
}

function schedulerId(channelId: string): string {
  return `poll:${channelId}`;
}

/** Which queue carries an outbox row: replies go out through the outbound worker, moderation through its own, the rest through the route worker. */
export type OutboxQueue = 'route' | 'reply' | 'moderation';

export function queueOf(kind: OutboxKind): OutboxQueue {
  if (kind === 'moderation') return 'moderation';
  return kind === 'reply' ? 'reply' : 'route';
}

/**
 * Puts committed outbox rows on their queue. A first dispatch uses the row id as job id, so a
 * second one of a waiting row is a no-op; a re-dispatch names its attempt. Running twice is safe
 * anyway: processors claim the outbox row.
 */
export async function dispatchOutbox(queues: Queues, rows: Array<{ id: number; queue: OutboxQueue }>, redispatch?: string): Promise<void> {
  const job = (row: { id: number; queue: OutboxQueue }) => ({
    name: row.queue,
    data: { outboxId: row.id },
    opts: { jobId: redispatch ? `outbox-${row.id}-${redispatch}` : `outbox-${row.id}` },
  });
  const routes = rows.filter((row) => row.queue === 'route').map(job);
  const replies = rows.filter((row) => row.queue === 'reply').map(job);
  // One round trip per queue, however many rows a page produced.
  if (routes.length) await queues.route.addBulk(routes);
  if (replies.length) await queues.outbound.addBulk(replies);
  const moderations = rows.filter((row) => row.queue === 'moderation').map(job);
  if (moderations.length) await queues.moderation.addBulk(moderations);
}
