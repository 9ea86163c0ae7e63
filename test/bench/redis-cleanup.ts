import type { Queues } from '../../src/queue/queues.js';

/**
 * Removes every key under the run's queue prefix (jobs no worker took, queue metadata, events);
 * returns how many are left afterwards (0 unless something else writes under the prefix).
 */
export async function removeQueueKeys(queues: Queues): Promise<number> {
  for (const queue of [queues.poll, queues.route, queues.outbound, queues.digest, queues.backfill]) await queue.obliterate({ force: true });
  const redis = queues.connection;
  const pattern = `${queues.prefix}:*`;
  const scan = async (remove: boolean): Promise<number> => {
    let cursor = '0';
    let found = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found += keys.length;
      if (remove && keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    return found;
  };
  await scan(true);
  return scan(false);
}
