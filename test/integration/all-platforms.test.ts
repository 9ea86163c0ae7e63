import { buildApi } from '../../src/http/server.js';
import { deliverDemoWebhooks, startPlatformDemos, type PlatformDemos } from '../../src/demo/platforms.js';
import type { Runtime } from '../../src/runtime.js';
import { listEnabledChannels, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { startWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * Every platform at once, through the real workers (BullMQ on Redis), the webhook ingress over HTTP
 * and PostgreSQL. The counts are the citizens' messages each emulator's seedDemo puts in: a test
 * fails if a platform loses one, imports an own post, or duplicates anything.
 */
const EXPECTED_MESSAGES: Record<string, number> = {
  facebook: 6, // 4 comments and 2 visitor posts; the page's own posts are not citizens' messages
  messenger: 6,
  instagram: 7, // 6 comments polled + 1 DM by webhook
  whatsapp: 8, // 8 deliveries, one a document and one a photo, each with a caption
  linkedin: 6,
  google: 6,
  youtube: 6,
  email: 6,
};

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let demos: PlatformDemos;
let runtime: Runtime;

async function messagesPerPlatform(): Promise<Record<string, number>> {
  const { rows } = await db.query<{ platform: string; n: number }>(
    `select ch.platform, count(*)::int as n from messages m join channels ch on ch.id = m.channel_id
      where m.direction = 'inbound' group by ch.platform order by ch.platform`,
  );
  return Object.fromEntries(rows.map((r) => [r.platform, r.n]));
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  demos = await startPlatformDemos();
  await syncEntities(db, demos.entities, new SecretBox(TEST_SECRET));
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
});

afterAll(async () => {
  await runtime.queues.close();
  runtime.mailer.close();
  await demos.stop();
  await db.close();
  await redis.stop();
});

test('all platforms land in one queue, each message once', async () => {
  const api = await buildApi(runtime, { apiToken: 'all-platforms' });
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  const workers = await startWorkers(runtime);
  try {
    const statuses = await deliverDemoWebhooks(apiUrl, demos.deliveries);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Meta retries deliveries: the same bytes again change nothing.
    await deliverDemoWebhooks(apiUrl, demos.deliveries);
    let seen: Record<string, number> = {};
    await eventually(async () => JSON.stringify((seen = await messagesPerPlatform())) === JSON.stringify(sorted(EXPECTED_MESSAGES)), 20_000, 250).catch(
      (error: Error) => {
        throw new Error(`${error.message}; messages per platform: ${JSON.stringify(seen)}`);
      },
    );
  } finally {
    await workers.close();
    await api.close();
  }

  // Polling every channel again changes nothing.
  for (const channel of await listEnabledChannels(db)) {
    const outcome = await pollChannel(runtime, channel.id);
    expect(outcome).toMatchObject({ status: 'polled', inserted: 0 });
  }
  expect(await messagesPerPlatform()).toEqual(sorted(EXPECTED_MESSAGES));

  const duplicates = await db.query(`select channel_id, external_id from messages where external_id is not null group by 1, 2 having count(*) > 1`);
  expect(duplicates.rows).toEqual([]);
  const health = await db.query<{ id: string; status: string }>(`select id, status from channels where status <> 'ok'`);
  expect(health.rows).toEqual([]);
  const tickets = await db.query<{ platform: string; n: number }>(
    `select ch.platform, count(*)::int as n from tickets t join channels ch on ch.id = t.channel_id group by 1`,
  );
  for (const row of tickets.rows) {
    expect(row.n).toBeGreaterThan(0);
    expect(row.n).toBeLessThanOrEqual(EXPECTED_MESSAGES[row.platform]!);
  }
  expect(tickets.rows.map((r) => r.platform).sort()).toEqual(Object.keys(EXPECTED_MESSAGES).sort());
}, 120_000);

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
