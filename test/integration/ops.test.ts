import { createServer } from 'node:net';
import { XEmulator } from '../../connectors/x/emulator.js';
import { createXConnector } from '../../connectors/x/connector.js';
import type { ConnectorRegistry } from '../../connectors/registry.js';
import { buildApi } from '../../src/http/server.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import type { Runtime } from '../../src/runtime.js';
import { startMetricsServer } from '../../src/ops/metrics-server.js';
import { startWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { closeApiTest } from '../helpers/api.js';

/** /healthz, /readyz and /metrics against the real database, Redis and the X emulator. */
const METRICS_TOKEN = 'metrics-test-token';
const ACCOUNT = { userId: '7001', handle: 'ops_entity', token: 'tok-ops' };

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let emulator: XEmulator;
let connector: ReturnType<typeof createXConnector>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  emulator = new XEmulator();
  const baseUrl = await emulator.start();
  emulator.addAccount({ ...ACCOUNT });
  await syncEntities(
    db,
    [
      {
        id: 'ops',
        name: 'Ops',
        complaintThreshold: 0.6,
        timeZone: 'Europe/Brussels',
        channels: [
          {
            id: 'ops-x',
            platform: 'x',
            account: { userId: ACCOUNT.userId, handle: ACCOUNT.handle },
            baseUrl,
            credentials: { bearerToken: ACCOUNT.token, userAccessToken: ACCOUNT.token },
            pollIntervalSeconds: 1,
            enabled: true,
          },
        ],
      },
    ],
    new SecretBox(TEST_SECRET),
  );
  connector = createXConnector({ timeoutMs: 5000 });
  const connectors: ConnectorRegistry = new Map([['x', connector]]);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), connectors });
  api = await buildApi(runtime, { apiToken: 'api-token', metricsToken: METRICS_TOKEN });
});

afterAll(async () => {
  connector.close();
  await closeApiTest({ api, runtime, db, redis });
  await emulator.stop();
});

test('/healthz answers without credentials and asks nothing of the database or Redis', async () => {
  const response = await api.inject({ url: '/healthz' });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'ok' });
});

test('/readyz is 503 naming the workers until a worker sweeps, then 200 until it stops; it reveals no addresses or errors', async () => {
  const before = await api.inject({ url: '/readyz' });
  expect(before.statusCode).toBe(503);
  expect(before.json()).toEqual({ status: 'not_ready', checks: { database: 'ok', redis: 'ok', workers: 'no_heartbeat' }, notReady: ['workers'] });

  const workers = await startWorkers(runtime);
  try {
    const after = await api.inject({ url: '/readyz' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok', workers: 'ok' }, notReady: [] });
    expect(after.body).not.toMatch(/127\.0\.0\.1|redis:\/\/|postgres/);
  } finally {
    await workers.close();
  }
  // a worker that stops takes its heartbeat along: not ready at once, not after the heartbeat goes stale
  expect((await api.inject({ url: '/readyz' })).json()).toMatchObject({ checks: { workers: 'no_heartbeat' } });
});

test('/readyz with Redis unreachable: 503 naming redis (and the workers it cannot ask), within the check timeout', async () => {
  const unusedPort = await freePort();
  const offline = testRuntime({ db, redisUrl: `redis://127.0.0.1:${unusedPort}`, prefix: uniquePrefix() });
  const offlineApi = await buildApi(offline, { apiToken: 'api-token' });
  try {
    const started = Date.now();
    const response = await offlineApi.inject({ url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'not_ready', checks: { database: 'ok', redis: 'unreachable', workers: 'unknown' }, notReady: ['redis', 'workers'] });
    // metrics are off without a token, and the state a scrape cannot read is marked, not waited for
    expect((await offlineApi.inject({ url: '/metrics' })).statusCode).toBe(404);
  } finally {
    await offlineApi.close();
    await offline.queues.close();
    offline.mailer.close();
  }
});

test('/metrics needs the bearer token; after a poll it has ingest, poll latency, queue depths, outbox lag and channel states', async () => {
  expect((await api.inject({ url: '/metrics' })).statusCode).toBe(401);
  expect((await api.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);

  emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '801', username: 'an', text: '@ops_entity waar blijft mijn premie?' });
  emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '802', username: 'bo', text: '@ops_entity de website werkt niet' });
  const workers = await startWorkers(runtime);
  try {
    await runtime.queues.poll.add('poll', { channelId: 'ops-x' });
    const text = await eventually(async () => {
      const response = await api.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      return /inbox_messages_ingested_total\{platform="x"\} 2\b/.test(response.body) && /inbox_poll_duration_seconds_count\{channel="ops-x"\} [1-9]/.test(response.body) ? response.body : undefined;
    });
    expect(text).toMatch(/^inbox_queue_jobs\{queue="poll",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^inbox_queue_jobs\{queue="route",state="failed"\} \d+$/m);
    expect(text).toMatch(/^inbox_outbox_lag_seconds \d+(\.\d+)?(e[-+]?\d+)?$/m);
    expect(text).toMatch(/^inbox_channels\{status="ok"\} 1$/m);
    expect(text).toMatch(/^inbox_metrics_collected\{part="queues"\} 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toContain('# TYPE inbox_poll_errors_total counter');
  } finally {
    await workers.close();
  }
});

test('a failing poll counts as a poll error of its channel', async () => {
  emulator.failNext(500);
  const workers = await startWorkers(runtime);
  try {
    await runtime.queues.poll.add('poll', { channelId: 'ops-x' });
    await eventually(async () => {
      const body = (await api.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
      return /inbox_poll_errors_total\{channel="ops-x",kind="failed"\} [1-9]/.test(body);
    });
  } finally {
    await workers.close();
  }
});

test("a worker process's own metrics server: token required, its counters only", async () => {
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0, token: METRICS_TOKEN });
  try {
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('inbox_messages_ingested_total');
    expect(body).not.toContain('inbox_queue_jobs');
  } finally {
    await server.close();
  }
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
