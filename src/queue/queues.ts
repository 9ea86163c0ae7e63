import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const QUEUE_NAMES = { poll: 'poll', route: 'route', outbound: 'outbound', digest: 'digest' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface PollJob {
  channelId: string;
}
export interface OutboxJob {
  outboxId: number;
}

export interface Queues {
  poll: Queue<PollJob>;
  route: Queue<OutboxJob>;
  outbound: Queue<OutboxJob>;
  digest: Queue<Record<string, never>>;
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
    route: new Queue<OutboxJob>(QUEUE_NAMES.route, options),
    outbound: new Queue<OutboxJob>(QUEUE_NAMES.outbound, options),
    digest: new Queue<Record<string, never>>(QUEUE_NAMES.digest, options),
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

/** One job scheduler per enabled channel; schedulers of removed or disabled channels are dropped. */
export async function syncPollSchedulers(queues: Queues, channels: Array<{ id: string; pollIntervalSeconds: number }>): Promise<void> {
  const wanted = new Set(channels.map((c) => schedulerId(c.id)));
  for (const scheduler of await queues.poll.getJobSchedulers(0, -1)) {
    if (scheduler.key && !wanted.has(scheduler.key)) await queues.poll.removeJobScheduler(scheduler.key);
  }
  for (const channel of channels) {
    await queues.poll.upsertJobScheduler(
      schedulerId(channel.id),
      { every: channel.pollIntervalSeconds * 1000 },
      { name: 'poll', data: { channelId: channel.id } },
    );
  }
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

/** The coordinators' deadline digest, every morning at 7 in Brussels. */
export async function scheduleDigest(queues: Queues): Promise<void> {
  await queues.digest.upsertJobScheduler('digest:daily', { pattern: '0 7 * * *', tz: 'Europe/Brussels' }, { name: 'digest', data: {} });
}

function schedulerId(channelId: string): string {
  return `poll:${channelId}`;
}

/**
 * Puts committed outbox rows on their queue. A first dispatch uses the row id as job id, so a
 * second one of a waiting row is a no-op; a re-dispatch names its attempt. Running twice is safe
 * anyway: processors claim the outbox row.
 */
export async function dispatchOutbox(queues: Queues, rows: Array<{ id: number; kind: 'route' | 'reply' }>, redispatch?: string): Promise<void> {
  const job = (row: { id: number; kind: string }) => ({
    name: row.kind,
    data: { outboxId: row.id },
    opts: { jobId: redispatch ? `outbox-${row.id}-${redispatch}` : `outbox-${row.id}` },
  });
  const routes = rows.filter((row) => row.kind === 'route').map(job);
  const replies = rows.filter((row) => row.kind === 'reply').map(job);
  // One round trip per queue, however many rows a page produced.
  if (routes.length) await queues.route.addBulk(routes);
  if (replies.length) await queues.outbound.addBulk(replies);
}
