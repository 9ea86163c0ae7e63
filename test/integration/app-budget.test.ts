import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * App-level rate budgets on real Redis, PostgreSQL and the Facebook emulator over HTTP: two Pages
 * polled with one Meta app share its budget (the second waits, unhurt), a Page of another app goes
 * on, an app-level throttle pauses every channel of the app, and without Redis polling goes on.
 */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let emulator: FacebookEmulator;
const runtimes: Runtime[] = [];

const page = (id: string, pageId: string, appSecret: string, url: string) => ({
  id,
  platform: 'facebook' as const,
  account: { pageId },
  baseUrl: url,
  credentials: { accessToken: `token-${pageId}`, appSecret },
  pollIntervalSeconds: 60,
  enabled: true,
});

function runtimeWithBudget(redisUrl: string, requests: number): Runtime {
  const runtime = testRuntime({ db, redisUrl, prefix: uniquePrefix() });
  runtime.settings.rateBudgets = { meta: { platforms: ['facebook', 'messenger'], requests, perSeconds: 3600 } };
  runtimes.push(runtime);
  return runtime;
}

async function health(id: string): Promise<{ status: string; last_error: string | null; rate_limited_until: Date | null }> {
  const { rows } = await db.query<{ status: string; last_error: string | null; rate_limited_until: Date | null }>('select status, last_error, rate_limited_until from channels where id = $1', [id]);
  return rows[0]!;
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  emulator = new FacebookEmulator();
  const url = await emulator.start();
  for (const pageId of ['501', '502', '503']) emulator.addPage({ pageId, name: `Page ${pageId}`, token: `token-${pageId}` });
  const entities: EntityConfig[] = [
    {
      id: 'budget-entity',
      name: 'Budget',
      complaintThreshold: 0.5,
      timeZone: 'Europe/Brussels',
      channels: [page('app-a-one', '501', 'secret-of-app-a', url), page('app-a-two', '502', 'secret-of-app-a', url), page('app-b', '503', 'secret-of-app-b', url)],
    },
  ];
  await syncEntities(db, entities, new SecretBox(TEST_SECRET));
});

afterAll(async () => {
  for (const runtime of runtimes.splice(0)) {
    await runtime.queues.close();
    runtime.mailer.close();
  }
  await emulator.stop();
  await db.close();
  await redis.stop();
});

test('two channels of one app share its budget: the second waits without being marked unhealthy; another app goes on', async () => {
  const runtime = runtimeWithBudget(redis.url, 2);
  expect((await pollChannel(runtime, 'app-a-one')).status).toBe('polled');
  expect((await pollChannel(runtime, 'app-a-one')).status).toBe('polled');
  const waited = await pollChannel(runtime, 'app-a-two');
  expect(waited).toMatchObject({ status: 'deferred', reason: 'app_budget' });
  if (waited.status === 'deferred') expect(waited.retryInMs).toBeGreaterThan(0);
  expect(await health('app-a-two')).toMatchObject({ status: 'idle', last_error: null, rate_limited_until: null });
  // The first channel cannot jump the queue: the one that waited is served first when calls come back.
  expect((await pollChannel(runtime, 'app-a-one')).status).toBe('deferred');
  // Another Meta app's Page is not touched by app A's budget.
  expect((await pollChannel(runtime, 'app-b')).status).toBe('polled');
  expect((await pollChannel(runtime, 'app-b')).status).toBe('polled');
  expect((await pollChannel(runtime, 'app-b')).status).toBe('deferred');
});

test('channels that waited are served first, oldest wait first, as the bucket refills', async () => {
  const runtime = runtimeWithBudget(redis.url, 1);
  // One call an hour: refill is simulated by giving the bucket a token back.
  expect((await pollChannel(runtime, 'app-a-one')).status).toBe('polled');
  expect((await pollChannel(runtime, 'app-a-two')).status).toBe('deferred');
  expect((await pollChannel(runtime, 'app-a-one')).status).toBe('deferred');
  const bucket = `${runtime.queues.prefix}:app-budget:meta:secret:`;
  const keys = await runtime.queues.connection.keys(`${bucket}*:bucket`);
  expect(keys).toHaveLength(1);
  await runtime.queues.connection.hset(keys[0]!, 'tokens', '1');
  expect((await pollChannel(runtime, 'app-a-one')).status).toBe('deferred');
  expect((await pollChannel(runtime, 'app-a-two')).status).toBe('polled');
});

test("an app-level throttle (Meta code 4, X-App-Usage 100 %) pauses every channel of the app, not another app's", async () => {
  const runtime = runtimeWithBudget(redis.url, 1000);
  emulator.failNext('app_throttle', { count: 1 });
  const limited = await pollChannel(runtime, 'app-a-one');
  expect(limited.status).toBe('rate_limited');
  const other = await pollChannel(runtime, 'app-a-two');
  expect(other).toMatchObject({ status: 'deferred', reason: 'app_budget' });
  expect(await health('app-a-two')).toMatchObject({ last_error: null, rate_limited_until: null });
  expect((await pollChannel(runtime, 'app-b')).status).toBe('polled');
});

test('Redis unavailable: the budget fails open and polling goes on', async () => {
  const runtime = runtimeWithBudget('redis://127.0.0.1:1', 1);
  // (app-a-one is still throttled from the test before)
  for (let i = 0; i < 3; i++) expect((await pollChannel(runtime, 'app-a-two')).status).toBe('polled');
  expect((await pollChannel(runtime, 'app-b')).status).toBe('polled');
});
