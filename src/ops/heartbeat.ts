import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Settings } from '../config/schema.js';
import { within } from './within.js';

/**
 * Workers' heartbeats: one sorted set in Redis, a member per worker process (`host:pid`) scored
 * with the time of its last completed sweep. Readiness asks whether any worker beat recently; a
 * container's healthcheck asks whether a worker on its own host did.
 */
export function heartbeatKey(prefix: string): string {
  return `${prefix}:ops:worker-heartbeats`;
}

export function workerId(): string {
  return `${hostname()}:${process.pid}`;
}

/** A sweep runs every sweepIntervalSeconds; a worker is stale after missing several. */
export function heartbeatMaxAgeMs(settings: Pick<Settings, 'workers'>): number {
  return Math.max(120_000, settings.workers.sweepIntervalSeconds * 4_000);
}

const FORGET_AFTER_MS = 24 * 3_600_000;

export async function beat(redis: Redis, prefix: string, id: string, at: number): Promise<void> {
  const key = heartbeatKey(prefix);
  await redis.multi().zadd(key, at, id).zremrangebyscore(key, '-inf', at - FORGET_AFTER_MS).pexpire(key, FORGET_AFTER_MS).exec();
}

/** Worker ids that beat within maxAgeMs of `now`. */
export async function freshWorkers(redis: Redis, prefix: string, now: number, maxAgeMs: number): Promise<string[]> {
  return redis.zrangebyscore(heartbeatKey(prefix), now - maxAgeMs, '+inf');
}

/** A worker that stops says so at once (not after its heartbeat goes stale); a Redis that is away is not waited for. */
export async function forget(redis: Redis, prefix: string, id: string): Promise<void> {
  if (redis.status === 'ready') await within(1_000, () => redis.zrem(heartbeatKey(prefix), id));
}
