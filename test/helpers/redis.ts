import { randomBytes } from 'node:crypto';
import { ensureRedis, REDIS_HELP, type LocalRedis } from '../../src/queue/local-redis.js';

/** The Redis at REDIS_URL (default 127.0.0.1:6379), or a private redis-server started for the test. */
export async function testRedis(): Promise<LocalRedis> {
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (!redis) throw new Error(REDIS_HELP);
  return redis;
}

/** Each test gets its own BullMQ key prefix, so tests sharing one Redis never see each other's jobs. */
export function uniquePrefix(): string {
  return `test-${process.pid}-${randomBytes(4).toString('hex')}`;
}
