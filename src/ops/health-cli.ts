import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Settings } from '../config/schema.js';
import { freshWorkers, heartbeatMaxAgeMs } from './heartbeat.js';

const USAGE = 'usage: inbox health worker    (exit 0 when a worker on this host completed a sweep recently)';

/**
 * `inbox health worker`: a container's healthcheck. Healthy when a worker process on this host
 * (in a container: this container) wrote its heartbeat recently.
 */
export async function runHealthCommand(args: string[], settings: Settings, out: (line: string) => void = (line) => console.log(line)): Promise<number> {
  if (args[0] !== 'worker') {
    console.error(USAGE);
    return 2;
  }
  const redis = new Redis(settings.redis.url, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const here = `${hostname()}:`;
    const fresh = (await freshWorkers(redis, settings.queue.prefix, Date.now(), heartbeatMaxAgeMs(settings))).filter((id) => id.startsWith(here));
    if (fresh.length === 0) {
      out('unhealthy: no worker on this host completed a sweep recently');
      return 1;
    }
    out(`healthy: ${fresh.length} worker process${fresh.length === 1 ? '' : 'es'} on this host`);
    return 0;
  } catch {
    out('unhealthy: Redis does not answer');
    return 1;
  } finally {
    redis.disconnect();
  }
}
