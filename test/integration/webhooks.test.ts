import { FacebookEmulator, signedWebhookRequest } from '../../connectors/facebook/emulator.js';
import { buildApi } from '../../src/http/server.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { sweepWebhookEvents } from '../../workers/sweeper.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

const PAGE_ID = '104000000000001';
const APP_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'verify-me';

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let emulator: FacebookEmulator;

function messengerDelivery(mid: string, text: string, psid = '7300000000000001') {
  return {
    object: 'page',
    entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text } }] }],
  };
}

function feedDelivery(commentId: string, text: string) {
  return {
    object: 'page',
    entry: [
      {
        id: PAGE_ID,
        time: Math.floor(Date.now() / 1000),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: '7400000000000001', name: 'Eva Claes' },
              post: { id: `${PAGE_ID}_555`, permalink_url: `https://www.facebook.com/${PAGE_ID}/posts/555` },
              message: text,
              post_id: `${PAGE_ID}_555`,
              comment_id: commentId,
              created_time: Math.floor(Date.now() / 1000),
              item: 'comment',
              parent_id: `${PAGE_ID}_555`,
              verb: 'add',
            },
          },
        ],
      },
    ],
  };
}

async function post(channelId: string, platform: string, delivery: ReturnType<typeof signedWebhookRequest>) {
  return api.inject({ method: 'POST', url: `/webhooks/${platform}/${channelId}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
}

async function count(sql: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql);
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  emulator = new FacebookEmulator();
  const url = await emulator.start();
  const credentials = { accessToken: 'page-token', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
  await syncEntities(
    db,
    [
      {
        id: 'anb',
        name: 'Agentschap Natuur en Bos',
        coordinator: { name: 'Klachten ANB', email: 'klachten@anb.test' },
        complaintThreshold: 0.6,
        timeZone: 'Europe/Brussels',
        channels: [
          { id: 'anb-fb', platform: 'facebook', account: { pageId: PAGE_ID }, baseUrl: url, credentials, pollIntervalSeconds: 600, enabled: true },
          { id: 'anb-messenger', platform: 'messenger', account: { pageId: PAGE_ID }, baseUrl: url, credentials, pollIntervalSeconds: 600, enabled: true },
        ],
      },
    ],
    new SecretBox(TEST_SECRET),
  );
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'unused' });
});

afterAll(async () => {
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await emulator.stop();
  await redis.stop();
});

test('the subscription handshake is answered only with the right verify token', async () => {
  const ok = await api.inject({ url: `/webhooks/facebook/anb-fb?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444` });
  expect(ok.statusCode).toBe(200);
  expect(ok.body).toBe('1158201444');
  const wrong = await api.inject({ url: '/webhooks/facebook/anb-fb?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1' });
  expect(wrong.statusCode).toBe(403);
  expect((await api.inject({ url: '/webhooks/facebook/nope?hub.mode=subscribe' })).statusCode).toBe(404);
});

test('a forged or unsigned delivery gets 401 and nothing is stored', async () => {
  const forged = signedWebhookRequest(APP_SECRET, messengerDelivery('m_forged', 'Hallo'), { forge: true });
  expect((await post('anb-messenger', 'messenger', forged)).statusCode).toBe(401);
  const unsigned = signedWebhookRequest(APP_SECRET, messengerDelivery('m_unsigned', 'Hallo'));
  delete unsigned.headers['x-hub-signature-256'];
  expect((await post('anb-messenger', 'messenger', unsigned)).statusCode).toBe(401);
  expect(await count('select count(*) as n from webhook_events')).toBe(0);
});

test('a valid delivery sent three times is ingested once', async () => {
  const delivery = signedWebhookRequest(APP_SECRET, messengerDelivery('m_abc123', 'Waar kan ik een kapvergunning aanvragen?'));
  const responses = [await post('anb-messenger', 'messenger', delivery), await post('anb-messenger', 'messenger', delivery), await post('anb-messenger', 'messenger', delivery)];
  expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
  expect(responses.map((r) => r.json().duplicate)).toEqual([false, true, true]);
  await eventually(async () => (await count(`select count(*) as n from messages where external_id = 'm_abc123'`)) === 1);
  // The same message re-sent with other bytes (Meta retries re-serialize) is still one message.
  const resent = signedWebhookRequest(APP_SECRET, { ...messengerDelivery('m_abc123', 'Waar kan ik een kapvergunning aanvragen?'), extra: 1 });
  expect((await post('anb-messenger', 'messenger', resent)).statusCode).toBe(200);
  await eventually(async () => (await count(`select count(*) as n from webhook_events where status = 'processed'`)) >= 2);
  expect(await count(`select count(*) as n from messages where external_id = 'm_abc123'`)).toBe(1);
  expect(await count(`select count(*) as n from tickets where channel_id = 'anb-messenger'`)).toBe(1);
});

test("one Page callback URL serves both the feed and Messenger channels", async () => {
  const comment = signedWebhookRequest(APP_SECRET, feedDelivery(`555_901`, 'Mogen honden los in het Zoniënwoud?'));
  expect((await post('anb-fb', 'facebook', comment)).statusCode).toBe(200);
  const dm = signedWebhookRequest(APP_SECRET, messengerDelivery('m_via_fb_url', 'Ik vond een gewonde ree, wie moet ik bellen?', '7300000000000009'));
  expect((await post('anb-fb', 'facebook', dm)).statusCode).toBe(200);
  await eventually(async () => (await count(`select count(*) as n from messages where external_id in ('555_901', 'm_via_fb_url')`)) === 2);
  const channels = await db.query<{ external_id: string; channel_id: string }>(
    `select external_id, channel_id from messages where external_id in ('555_901', 'm_via_fb_url') order by external_id`,
  );
  expect(channels.rows).toEqual([
    { external_id: '555_901', channel_id: 'anb-fb' },
    { external_id: 'm_via_fb_url', channel_id: 'anb-messenger' },
  ]);
});

test('a stored delivery that was never processed is picked up by the sweeper', async () => {
  await db.query(
    `insert into webhook_events (channel_id, body_sha256, body, received_at) values ('anb-messenger', 'manual', $1, now() - interval '5 minutes')`,
    [JSON.stringify(messengerDelivery('m_left_behind', 'Is het bos in Hallerbos open tijdens de bloei?'))],
  );
  expect(await sweepWebhookEvents(runtime, 60)).toBe(1);
  expect(await count(`select count(*) as n from messages where external_id = 'm_left_behind'`)).toBe(1);
});
