import { createHmac } from 'node:crypto';
import http from 'node:http';
import { FacebookEmulator, signedWebhookRequest } from '../../connectors/facebook/emulator.js';
import { createFacebookConnector, createMessengerConnector } from '../../connectors/facebook/connector.js';
import { createXConnector } from '../../connectors/x/connector.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import type { ConnectorRegistry } from '../../connectors/registry.js';
import { buildApi } from '../../src/http/server.js';
import { commitBatch, prepareBatch } from '../../src/ingest/ingest.js';
import { LIMITS } from '../../src/ingest/storable.js';
import type { Runtime } from '../../src/runtime.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { retryQuarantined } from '../../src/channels/quarantine.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * What a platform sends can be anything: no item may stop a channel (the cursor moves past it, the
 * rest of the batch arrives) and no delivery may vanish (it is stored or quarantined with a reason).
 */
const MDK = { userId: '3001', handle: 'mdk', token: 'tok-mdk' };
const PAGE_ID = '104000000000777';
const APP_SECRET = 'hostile-test-app-secret';

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let x: XEmulator;
let facebook: FacebookEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
const xConnector = createXConnector({ timeoutMs: 5000 });

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

function deepObject(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

function messengerDelivery(mid: string, text: string) {
  return {
    object: 'page',
    entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: '7300000000000777' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid, text } }] }],
  };
}

function signedRaw(body: Buffer): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` };
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  x = new XEmulator();
  facebook = new FacebookEmulator();
  const xUrl = await x.start();
  const fbUrl = await facebook.start();
  x.addAccount({ ...MDK });
  const credentials = { accessToken: 'page-token', appSecret: APP_SECRET, verifyToken: 'verify' };
  await syncEntities(
    db,
    [
      {
        id: 'mdk',
        name: 'Maritieme Dienstverlening en Kust',
        coordinator: { name: 'Klachten MDK', email: 'klachten@mdk.test' },
        complaintThreshold: 0.6,
        timeZone: 'Europe/Brussels',
        channels: [
          { id: 'mdk-x', platform: 'x', account: { userId: MDK.userId, handle: MDK.handle }, baseUrl: xUrl, credentials: { bearerToken: MDK.token, userAccessToken: MDK.token }, pollIntervalSeconds: 60, enabled: true },
          { id: 'mdk-messenger', platform: 'messenger', account: { pageId: PAGE_ID }, baseUrl: fbUrl, credentials, pollIntervalSeconds: 600, enabled: true },
        ],
      },
    ],
    new SecretBox(TEST_SECRET),
  );
  const connectors: ConnectorRegistry = new Map([
    ['x', xConnector],
    ['facebook', createFacebookConnector()],
    ['messenger', createMessengerConnector()],
  ]);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), connectors });
  api = await buildApi(runtime, { apiToken: 'unused' });
});

afterAll(async () => {
  await api.close();
  xConnector.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await x.stop();
  await facebook.stop();
  await redis.stop();
});

describe('a poll full of hostile items', () => {
  test('every item is stored or quarantined, the good ones arrive and the cursor moves past them all', async () => {
    const author = (i: number) => ({ toUserId: MDK.userId, authorId: String(910_000 + i), username: `hostile${i}` });
    const before = x.addMention({ ...author(0), text: '@mdk is het strand in Oostende bewaakt vandaag?' });
    x.addMention({ ...author(1), text: '@mdk wanneer\u0000 vertrekt de veerboot?' });
    x.addMention({ ...author(2), text: '@mdk lone surrogate \ud800 here' });
    x.addMention({ ...author(3), name: 'Evil\u0000Name\udc00', text: '@mdk hallo' });
    x.addMention({ ...author(4), text: `@mdk ${'a'.repeat(1024 * 1024)}` });
    x.addMention({ ...author(5), text: `@mdk ${'😡'.repeat(10_000)}` });
    x.addMention({ ...author(6), text: '@mdk \u202Ekaap\u202C en \u2066bidi\u2069 teksten' });
    x.addRawMention(MDK.userId, { id: '1999000000000000001', author_id: '910007', text: '@mdk diep', created_at: new Date().toISOString(), nested: deepObject(3000) });
    x.addRawMention(MDK.userId, { author_id: '910008', text: '@mdk zonder id', created_at: new Date().toISOString() });
    const after = x.addMention({ ...author(9), text: '@mdk bedankt voor de snelle hulp gisteren' });

    const outcome = await pollChannel(runtime, 'mdk-x');
    expect(outcome).toMatchObject({ status: 'polled' });
    // The good mentions on either side of the hostile ones are there.
    expect(await count(`select count(*) as n from messages where channel_id = 'mdk-x' and external_id = any($1::text[])`, [[before, after]])).toBe(2);
    // Every hostile item is a message or a quarantined item: nothing vanished.
    const stored = await count(`select count(*) as n from messages where channel_id = 'mdk-x'`);
    const quarantined = await count(`select count(*) as n from quarantine where channel_id = 'mdk-x'`);
    expect(stored + quarantined).toBe(10);
    expect(await count(`select count(*) as n from messages where channel_id = 'mdk-x' and text like '%vertrekt de veerboot%'`)).toBe(1);
    // Made storable: no NUL, lone surrogates replaced, the megabyte cut at the limit.
    const texts = await db.query<{ text: string; name: string | null }>(
      `select m.text, co.name from messages m join contacts co on co.id = m.contact_id where m.channel_id = 'mdk-x'`,
    );
    for (const row of texts.rows) {
      expect(row.text).not.toContain('\u0000');
      expect(row.text.length).toBeLessThanOrEqual(LIMITS.textChars);
    }
    expect(texts.rows.some((r) => r.text.includes('surrogate \ufffd here'))).toBe(true);
    expect(texts.rows.some((r) => r.name === 'EvilName\ufffd')).toBe(true);
    expect(texts.rows.some((r) => r.text.includes('\u202Ekaap'))).toBe(true);

    // The cursor is past them all: the next poll asks only for what is newer than the last one.
    x.requestLog.length = 0;
    expect(await pollChannel(runtime, 'mdk-x')).toMatchObject({ status: 'polled', inserted: 0 });
    const request = x.requestLog.find((r) => r.path.endsWith('/mentions'));
    expect(new URLSearchParams(request?.query).get('since_id')).toBe(after);
  });

  test('an item PostgreSQL still refuses is quarantined alone; the rest of the batch and the cursor commit', async () => {
    const state = (await loadChannel(db, 'mdk-x', new SecretBox(TEST_SECRET)))!;
    const good = x.addMention({ toUserId: MDK.userId, authorId: '920001', username: 'goed', text: '@mdk waar vind ik de getijdentabel?' });
    const bad = x.addMention({ toUserId: MDK.userId, authorId: '920002', username: 'slecht', text: '@mdk dit wordt onleesbaar gemaakt' });
    const page = await xConnector.fetch(state.context, state.cursor);
    const prepared = prepareBatch(state.context, page.items, xConnector.normalize);
    // Defence in depth: should anything unstorable ever pass normalization, it must not stop the batch.
    const message = prepared.batch.messages.find((m) => m.externalId === bad)!;
    message.text = 'NUL\u0000inside';
    const result = await commitBatch(db, prepared, page.cursor);
    expect(result).toMatchObject({ inserted: 1, quarantined: 1 });
    expect(await count(`select count(*) as n from messages where external_id = $1`, [good])).toBe(1);
    const reason = await db.query<{ reason: string; item_type: string }>(`select reason, item_type from quarantine where external_id = $1`, [bad]);
    expect(reason.rows[0]).toMatchObject({ item_type: 'mention', reason: expect.stringMatching(/^not storable: .*(0x00|Unicode escape)/) });
    const cursor = await db.query<{ cursor: unknown }>(`select cursor from channels where id = 'mdk-x'`);
    expect(cursor.rows[0]!.cursor).toEqual(JSON.parse(JSON.stringify(page.cursor)));
    // Retrying it from the quarantine reads the stored payload again: now a message.
    const { rows } = await db.query<{ id: number }>(`select id from quarantine where external_id = $1`, [bad]);
    const retried = await retryQuarantined(db, { connectors: runtime.connectors, secrets: runtime.secrets }, rows[0]!.id, 'test');
    expect(retried.status).toBe('ingested');
    expect(await count(`select count(*) as n from messages where external_id = $1`, [bad])).toBe(1);
  });
});

describe('hostile webhook deliveries', () => {
  const post = (headers: Record<string, string>, payload: Buffer | string) =>
    api.inject({ method: 'POST', url: '/webhooks/messenger/mdk-messenger', headers, payload });

  test('a signed delivery with NUL and a lone surrogate in its text becomes a message', async () => {
    const delivery = signedWebhookRequest(APP_SECRET, messengerDelivery('m_hostile_nul', 'Mijn boot\u0000 ligt \ud800 vast'));
    expect((await post(delivery.headers as Record<string, string>, delivery.rawBody)).statusCode).toBe(200);
    await eventually(async () => (await count(`select count(*) as n from messages where external_id = 'm_hostile_nul'`)) === 1);
    const { rows } = await db.query<{ text: string }>(`select text from messages where external_id = 'm_hostile_nul'`);
    expect(rows[0]!.text).toBe('Mijn boot ligt \ufffd vast');
  });

  test('a raw 0x00 byte in a signed body is accepted (not a 500) and the message arrives without it', async () => {
    const json = JSON.stringify(messengerDelivery('m_raw_nul', 'boei NULL kapot'));
    const [head, tail] = json.split('NULL');
    const body = Buffer.concat([Buffer.from(head!), Buffer.from([0]), Buffer.from(tail!)]);
    const response = await post(signedRaw(body), body);
    expect(response.statusCode).toBe(200);
    await eventually(async () => (await count(`select count(*) as n from messages where external_id = 'm_raw_nul'`)) === 1);
    const { rows } = await db.query<{ text: string }>(`select text from messages where external_id = 'm_raw_nul'`);
    expect(rows[0]!.text).toBe('boei  kapot');
  });

  test('an unreadable delivery is quarantined at once instead of being retried and dropped', async () => {
    const body = Buffer.from('{"object":"page","entry": [truncated');
    expect((await post(signedRaw(body), body)).statusCode).toBe(200);
    await eventually(async () => (await count(`select count(*) as n from quarantine where channel_id = 'mdk-messenger' and item_type = 'webhook_delivery'`)) === 1);
    const { rows } = await db.query<{ reason: string; raw: { webhookEventId: number } }>(
      `select reason, raw from quarantine where channel_id = 'mdk-messenger' and item_type = 'webhook_delivery' order by id desc limit 1`,
    );
    expect(rows[0]!.reason).toMatch(/cannot be read/);
    const event = await db.query<{ status: string }>(`select status from webhook_events where id = $1`, [rows[0]!.raw.webhookEventId]);
    expect(event.rows[0]!.status).toBe('failed');
    // Retrying fails again, with its reason, and the item stays for an admin to see.
    const { rows: items } = await db.query<{ id: number }>(`select id from quarantine where channel_id = 'mdk-messenger' and item_type = 'webhook_delivery' order by id desc limit 1`);
    const retried = await retryQuarantined(db, { connectors: runtime.connectors, secrets: runtime.secrets }, items[0]!.id, 'test');
    expect(retried).toMatchObject({ status: 'quarantined', reason: expect.stringMatching(/cannot be read/) });
  });

  test('bodies above the platform limit are refused before they are read, and unknown channels before anything', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 0x20);
    expect((await post(signedRaw(big), big)).statusCode).toBe(413);
    const unknown = await api.inject({ method: 'POST', url: '/webhooks/messenger/nobody', headers: signedRaw(Buffer.from('{}')), payload: '{}' });
    expect(unknown.statusCode).toBe(404);
  });

  test('at most 8 unverified bodies are read at once; the next sender is asked to retry, and the slots come back', async () => {
    const listening = await buildApi(runtime, { apiToken: 'unused' });
    await listening.listen({ host: '127.0.0.1', port: 0 });
    const { port } = listening.server.address() as { port: number };
    const open: http.ClientRequest[] = [];
    const start = (length: number) =>
      new Promise<{ request: http.ClientRequest; status: Promise<number> }>((resolve) => {
        const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/webhooks/messenger/mdk-messenger', headers: { 'content-type': 'application/json', 'content-length': length } });
        const status = new Promise<number>((done) => request.on('response', (response) => {
          response.resume();
          done(response.statusCode ?? 0);
        }));
        request.on('error', () => undefined);
        // Half a body, then nothing: the server is left reading.
        request.write(Buffer.alloc(Math.floor(length / 2), 0x20), () => resolve({ request, status }));
      });
    try {
      for (let i = 0; i < 8; i++) open.push((await start(1024 * 1024)).request);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const ninth = await start(1024);
      open.push(ninth.request);
      expect(await ninth.status).toBe(503);
      // Slow senders that give up free their slots.
      for (const request of open) request.destroy();
      await eventually(async () => {
        const body = Buffer.from('{}');
        const response = await fetch(`http://127.0.0.1:${port}/webhooks/messenger/mdk-messenger`, { method: 'POST', headers: signedRaw(body), body });
        return response.status === 200;
      }, 5_000);
    } finally {
      for (const request of open) request.destroy();
      await listening.close();
    }
  });

  test('verify-token guessing is throttled per client and channel', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      statuses.push((await api.inject({ url: `/webhooks/messenger/mdk-messenger?hub.mode=subscribe&hub.verify_token=guess${i}&hub.challenge=1` })).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
  });
});
