/**
 * Backfills through the API and the workers: asked over HTTP, run by the backfill worker through
 * BullMQ on a real Redis, followed by GET; a backfill whose job was lost is dispatched again by the
 * sweeper; cancel and the one-open-backfill-per-channel rule.
 */
import { buildApi } from '../../src/http/server.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import type { Runtime } from '../../src/runtime.js';
import { requestBackfill, runBackfill } from '../../src/backfill/actions.js';
import { sweepBackfills } from '../../src/backfill/job.js';
import { startWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { startX, type SeededPlatform } from '../helpers/backfill-platforms.js';

const TOKEN = 'backfill-api-token';
const auth = { authorization: `Bearer ${TOKEN}` };
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let x: SeededPlatform;
let api: Awaited<ReturnType<typeof buildApi>>;
let workers: Awaited<ReturnType<typeof startWorkers>>;

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  x = await startX(3, 'api-x');
  // Not polled: only the backfill reads it.
  const channel = { ...x.channel, enabled: false };
  await syncEntities(db, [{ id: 'api', name: 'API', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [channel] }], new SecretBox(TEST_SECRET));
  for (let i = 0; i < 10; i++) await x.add(new Date(Date.UTC(2026, 3, 1 + i, 9)), i);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: TOKEN });
  workers = await startWorkers(runtime);
});

afterAll(async () => {
  await workers.close();
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await x.stop();
  await db.close();
  await redis.stop();
});

async function list(): Promise<{ supported: boolean; backfills: Array<{ id: number; status: string; inserted: number; duplicates: number; pages: number; reached: number | null }> }> {
  const response = await api.inject({ method: 'GET', url: '/api/channels/api-x/backfills', headers: auth });
  expect(response.statusCode).toBe(200);
  return response.json();
}

test('asked over HTTP, run by the worker, followed by GET; again: only duplicates', async () => {
  const asked = await api.inject({ method: 'POST', url: '/api/channels/api-x/backfills', headers: auth, payload: { since: '2026-04-03', until: '2026-04-08' } });
  expect(asked.statusCode).toBe(202);
  const { id } = asked.json<{ id: number }>();
  const done = await eventually(async () => (await list()).backfills.find((b) => b.id === id && b.status === 'done'), 15_000, 100);
  // 3–8 April: 6 messages, one a day at 09:00.
  expect(done).toMatchObject({ inserted: 6, duplicates: 0, reached: 1 });
  expect((await list()).supported).toBe(true);

  const again = await api.inject({ method: 'POST', url: '/api/channels/api-x/backfills', headers: auth, payload: { since: '2026-04-03', until: '2026-04-08' } });
  const second = again.json<{ id: number }>().id;
  expect(await eventually(async () => (await list()).backfills.find((b) => b.id === second && b.status === 'done'), 15_000, 100)).toMatchObject({ inserted: 0, duplicates: 6 });

  const bad = await api.inject({ method: 'POST', url: '/api/channels/api-x/backfills', headers: auth, payload: { since: '2026-04-08', until: '2026-04-01' } });
  expect(bad.statusCode).toBe(400);
}, 30_000);

test('a backfill whose job was lost is dispatched again by the sweeper; cancel; one open per channel', async () => {
  const window = { since: new Date('2026-04-01T00:00:00Z'), until: new Date('2026-04-11T00:00:00Z') };
  // Asked without a job (as if Redis lost it): the sweeper finds it running and untouched.
  const asked = await requestBackfill(runtime, 'api-x', window, 'test');
  expect(asked.kind).toBe('started');
  const id = (asked as { backfill: { id: number } }).backfill.id;
  expect(await sweepBackfills(runtime, 0)).toBe(1);
  expect(await eventually(async () => (await list()).backfills.find((b) => b.id === id && b.status === 'done'), 15_000, 100)).toMatchObject({ inserted: 4, duplicates: 6 });

  // Paused midway: another window is refused until it is cancelled.
  const other = await requestBackfill(runtime, 'api-x', { since: window.since, until: new Date('2026-04-05T00:00:00Z') }, 'test');
  const otherId = (other as { backfill: { id: number } }).backfill.id;
  expect((await runBackfill(runtime, otherId, { maxPages: 1 })).status).toBe('paused');
  const conflict = await api.inject({ method: 'POST', url: '/api/channels/api-x/backfills', headers: auth, payload: { since: '2026-03-01' } });
  expect(conflict.statusCode).toBe(409);
  const cancel = await api.inject({ method: 'POST', url: `/api/backfills/${otherId}/cancel`, headers: auth });
  expect(cancel.json()).toMatchObject({ id: otherId, status: 'cancelled' });
  expect((await api.inject({ method: 'POST', url: `/api/backfills/${otherId}/cancel`, headers: auth })).statusCode).toBe(409);
  expect((await api.inject({ method: 'POST', url: '/api/backfills/999999/cancel', headers: auth })).statusCode).toBe(404);
}, 30_000);
