import { readFileSync } from 'node:fs';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { loadEntities } from '../../src/config/load.js';
import type { Db } from '../../src/db/db.js';
import { governmentYaml, type GovernmentRecord } from '../../src/demo/government-config.js';
import { GOVERNMENT_FILE, startGovernmentDemo } from '../../src/demo/government.js';
import type { RunningDemo } from '../../src/demo/demo.js';
import { createLogger } from '../../src/log.js';
import type { Runtime } from '../../src/runtime.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * The whole Flemish government as one installation: the generated file, and every one of its
 * channels polled on the emulators (real HTTP, PostgreSQL, Redis, BullMQ workers), none starved.
 */
const root = path.resolve(import.meta.dirname, '../..');
const file = path.join(root, GOVERNMENT_FILE);
const records = JSON.parse(readFileSync(path.resolve(root, '../shared/data/flemish-entities.json'), 'utf8')) as GovernmentRecord[];

test('the generated file is up to date, parses, and has the 63 entities with their platforms', () => {
  expect(readFileSync(file, 'utf8')).toBe(governmentYaml(records));
  const entities = loadEntities(file, {});
  expect(entities).toHaveLength(63);
  const ours: Record<string, string | undefined> = { 'google-business': 'google', pinterest: undefined };
  for (const record of records) {
    const entity = entities.find((e) => e.id === record.id)!;
    const wanted = record.platforms.map((p) => (p in ours ? ours[p] : p)).filter(Boolean);
    expect(entity.channels.map((c) => c.platform)).toEqual(wanted);
  }
  expect(entities.flatMap((e) => e.channels)).toHaveLength(153);
  expect(entities.find((e) => e.id === 'lantis')?.complaintIntake).toMatchObject({ auto: true, mode: 'ask_details' });
});

describe('every channel polled fairly', () => {
  let db: Db;
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let demo: RunningDemo;
  let runtime: Runtime;
  let workers: RunningWorkers;
  const polls = new Map<string, number>();
  let events: QueueEvents;

  beforeAll(async () => {
    db = await createTestDb();
    redis = await testRedis();
    demo = await startGovernmentDemo({ file, logger: createLogger('test', 'silent'), pollIntervalSeconds: 3 });
    await syncEntities(db, demo.entities, new SecretBox(TEST_SECRET));
    runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
    // Each completed scheduled poll job is one turn of its channel (job ids: repeat:poll:<channel>:<time>).
    events = new QueueEvents('poll', { connection: { url: redis.url }, prefix: runtime.queues.prefix });
    events.on('completed', ({ jobId }) => {
      const channel = /^repeat:poll:(.+):\d+$/.exec(jobId)?.[1];
      if (channel) polls.set(channel, (polls.get(channel) ?? 0) + 1);
    });
    await events.waitUntilReady();
    runtime.settings.oauth = demo.oauth;
    workers = await startWorkers(runtime);
  }, 60_000);

  afterAll(async () => {
    await workers.close();
    await events.close();
    await runtime.queues.close();
    runtime.mailer.close();
    await demo.stop();
    await db.close();
    await redis.stop();
  });

  test('within a bounded time every channel has been polled, and no channel got far more turns than another', async () => {
    const ids = demo.entities.flatMap((e) => e.channels.map((c) => c.id));
    expect(ids).toHaveLength(153);
    const started = Date.now();
    await eventually(async () => {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from channels where last_polled_at is null');
      return rows[0]!.n === 0;
    }, 20_000, 250);
    const allPolledMs = Date.now() - started;
    // Three more intervals: each channel gets its turn every interval.
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    const counts = ids.map((id) => polls.get(id) ?? 0);
    const min = Math.min(...counts);
    const max = Math.max(...counts);
    console.log(`government: ${ids.length} channels all polled within ${allPolledMs} ms; polls per channel min ${min}, max ${max}`);
    expect(min).toBeGreaterThanOrEqual(2);
    expect(max).toBeLessThanOrEqual(min * 3);
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from channels where status <> 'ok'");
    expect(rows[0]!.n).toBe(0);
  }, 60_000);
});
