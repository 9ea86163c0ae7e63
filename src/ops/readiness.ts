import type { Redis } from 'ioredis';
import type { Runtime } from '../runtime.js';
import { freshWorkers, heartbeatMaxAgeMs } from './heartbeat.js';
import { pingDatabase } from './sql.js';
import { within } from './within.js';

export type CheckResult = 'ok' | 'unreachable' | 'no_heartbeat' | 'unknown';

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: { database: CheckResult; redis: CheckResult; workers: CheckResult };
  /** The parts that are not ok, for a quick read. */
  notReady: Array<'database' | 'redis' | 'workers'>;
}

const CHECK_TIMEOUT_MS = 2_000;
/** A connection that is (re)connecting gets this long to come up before Redis counts as unreachable. */
const CONNECT_WAIT_MS = 1_000;

/**
 * Whether this installation can do its work: the database and Redis answer, and at least one worker
 * completed a sweep recently. Says only which part is not ready, never why (no addresses, no errors).
 */
export async function checkReadiness(runtime: Runtime): Promise<Readiness> {
  const { queues } = runtime;
  const database = within(CHECK_TIMEOUT_MS, () => pingDatabase(runtime.db));
  const redisUp = await redisAnswers(queues.connection);
  const workers = redisUp
    ? await within(CHECK_TIMEOUT_MS, () => freshWorkers(queues.connection, queues.prefix, Date.now(), heartbeatMaxAgeMs(runtime.settings)))
    : undefined;
  const checks: Readiness['checks'] = {
    database: (await database).ok ? 'ok' : 'unreachable',
    redis: redisUp ? 'ok' : 'unreachable',
    workers: !workers ? 'unknown' : !workers.ok ? 'unreachable' : workers.value.length > 0 ? 'ok' : 'no_heartbeat',
  };
  const notReady = (Object.keys(checks) as Array<keyof Readiness['checks']>).filter((part) => checks[part] !== 'ok');
  return { status: notReady.length ? 'not_ready' : 'ready', checks, notReady };
}

/** The queue connection waits for Redis instead of failing: one that is not up is given a moment to come up, else it is not asked. */
async function redisAnswers(connection: Redis): Promise<boolean> {
  if (connection.status !== 'ready') {
    let onReady: (() => void) | undefined;
    const ready = await within(CONNECT_WAIT_MS, () => new Promise<void>((resolve) => connection.once('ready', (onReady = resolve))));
    if (onReady) connection.off('ready', onReady);
    if (!ready.ok) return false;
  }
  return (await within(CHECK_TIMEOUT_MS, () => connection.ping())).ok;
}
