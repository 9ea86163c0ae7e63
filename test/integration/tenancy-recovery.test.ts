import { FacebookEmulator, signedWebhookRequest } from '../../connectors/facebook/emulator.js';
import { createFacebookConnector, createMessengerConnector } from '../../connectors/facebook/connector.js';
import { createXConnector } from '../../connectors/x/connector.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import type { Connector } from '../../connectors/types.js';
import type { ConnectorRegistry } from '../../connectors/registry.js';
import { buildApi } from '../../src/http/server.js';
import type { EntityConfig } from '../../src/config/schema.js';
import { MAX_RATE_LIMIT_PAUSE_MS } from '../../src/channels/rate-limit.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import { isConnectionError, openPostgres, type Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { startWorkers } from '../../workers/index.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { processRoute } from '../../workers/route.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * One entity's platform account is never another's; the system recovers from Redis and PostgreSQL
 * restarts without a process restart; a platform cannot pause a channel for years; one poll per
 * channel at a time; every effect after routing is retried until done.
 */
const TOKEN = 'machine-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const VDAB_PAGE = '104000000000100';
const VDAB_SECRET = 'vdab-app-secret';
const LIJN = { userId: '4001', handle: 'delijn', token: 'tok-lijn' };

let db: Db & { url?: string };
let redis: Awaited<ReturnType<typeof testRedis>>;
let facebook: FacebookEmulator;
let x: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let fbUrl: string;
let xUrl: string;
const xConnector = createXConnector({ timeoutMs: 5000 });

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

function entities(): EntityConfig[] {
  const meta = { accessToken: 'vdab-page-token', appSecret: VDAB_SECRET, verifyToken: 'v' };
  return [
    {
      id: 'vdab',
      name: 'VDAB',
      coordinator: { name: 'Klachten VDAB', email: 'klachten@vdab.test' },
      complaintThreshold: 0.6,
      timeZone: 'Europe/Brussels',
      channels: [{ id: 'vdab-messenger', platform: 'messenger', account: { pageId: VDAB_PAGE }, baseUrl: fbUrl, credentials: meta, pollIntervalSeconds: 600, enabled: true }],
    },
    {
      id: 'de-lijn',
      name: 'De Lijn',
      coordinator: { name: 'Klachten De Lijn', email: 'klachten@delijn.test' },
      complaintThreshold: 0.6,
      timeZone: 'Europe/Brussels',
      // opted in to automatic sending: the intake then queues replies (the path whose retries are tested here)
      autoSend: { enabled: true, minConfidence: 0.5 },
      channels: [
        { id: 'delijn-x', platform: 'x', account: { userId: LIJN.userId, handle: LIJN.handle }, baseUrl: xUrl, credentials: { bearerToken: LIJN.token, userAccessToken: LIJN.token }, pollIntervalSeconds: 1, enabled: true },
      ],
    },
  ];
}

function messengerDelivery(mid: string, text: string) {
  return {
    object: 'page',
    entry: [{ id: VDAB_PAGE, time: Date.now(), messaging: [{ sender: { id: '7300000000000123' }, recipient: { id: VDAB_PAGE }, timestamp: Date.now(), message: { mid, text } }] }],
  };
}

function newRuntime(connectors?: ConnectorRegistry): Runtime {
  return testRuntime({
    db,
    redisUrl: redis.url,
    prefix: uniquePrefix(),
    connectors: connectors ?? new Map<Connector['platform'], Connector>([
      ['x', xConnector],
      ['facebook', createFacebookConnector()],
      ['messenger', createMessengerConnector()],
    ]),
  });
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  facebook = new FacebookEmulator();
  x = new XEmulator();
  fbUrl = await facebook.start();
  xUrl = await x.start();
  x.addAccount({ ...LIJN });
  await syncEntities(db, entities(), new SecretBox(TEST_SECRET));
  runtime = newRuntime();
  api = await buildApi(runtime, { apiToken: TOKEN });
});

afterAll(async () => {
  await api.close();
  xConnector.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await facebook.stop();
  await x.stop();
  await redis.stop();
});

/** An admin adds a Meta channel for a Page through the API. */
function addPageChannel(id: string, entity: string, platform: 'facebook' | 'messenger', pageId: string) {
  return api.inject({
    method: 'POST',
    url: '/api/channels',
    headers: auth,
    payload: { id, entity, platform, account: { pageId }, credentials: {}, pollIntervalSeconds: 600, enabled: true },
  });
}

describe('a platform account belongs to one entity', () => {
  test("another entity's admin cannot connect a channel to VDAB's page, nor move a channel onto it", async () => {
    const claim = await addPageChannel('lijn-fb', 'de-lijn', 'facebook', VDAB_PAGE);
    expect(claim.statusCode).toBe(409);
    expect(claim.json().message).toBe('this platform account is already connected to another entity');
    expect(await count(`select count(*) as n from channels where id = 'lijn-fb'`)).toBe(0);

    const own = await addPageChannel('lijn-fb', 'de-lijn', 'facebook', '104000000000200');
    expect(own.statusCode).toBe(201);
    const move = await api.inject({ method: 'PATCH', url: '/api/channels/lijn-fb', headers: auth, payload: { account: { pageId: VDAB_PAGE } } });
    expect(move.statusCode).toBe(409);
    // The same entity may have a feed and a Messenger channel on one Page.
    const sibling = await addPageChannel('lijn-messenger', 'de-lijn', 'messenger', '104000000000200');
    expect(sibling.statusCode).toBe(201);
  });

  test('a configuration file giving one account to two entities is refused', async () => {
    const twice = entities();
    twice[1]!.channels.push({ id: 'lijn-claims-vdab', platform: 'messenger', account: { pageId: VDAB_PAGE }, credentials: {}, pollIntervalSeconds: 600, enabled: true });
    await expect(syncEntities(db, twice, new SecretBox(TEST_SECRET))).rejects.toThrow(/already connected to another entity/);
  });

  test("a delivery signed with one entity's secret never reaches another entity's channel", async () => {
    // A channel that claims VDAB's page, as rows written before accounts were checked could.
    const box = new SecretBox(TEST_SECRET);
    await db.query(
      `insert into channels (id, entity_id, platform, account, base_url, credentials_encrypted, poll_interval_seconds, enabled, status)
       values ('lijn-rogue', 'de-lijn', 'facebook', $1::jsonb, $2, $3, 600, true, 'idle')`,
      [JSON.stringify({ pageId: VDAB_PAGE }), fbUrl, box.encrypt({ accessToken: 'x', appSecret: 'attacker-secret', verifyToken: 'v' }, 'lijn-rogue')],
    );
    try {
      const forged = signedWebhookRequest('attacker-secret', messengerDelivery('m_injected', 'Ik wil een klacht indienen over VDAB'));
      const response = await api.inject({ method: 'POST', url: '/webhooks/facebook/lijn-rogue', headers: forged.headers as Record<string, string>, payload: forged.rawBody });
      expect(response.statusCode).toBe(200);
      await eventually(async () => (await count(`select count(*) as n from webhook_events where channel_id = 'lijn-rogue' and status <> 'pending'`)) === 1);
      expect(await count(`select count(*) as n from webhook_events where channel_id = 'vdab-messenger'`)).toBe(0);
      expect(await count(`select count(*) as n from messages where external_id = 'm_injected'`)).toBe(0);

      // VDAB's own delivery to VDAB's URL still arrives.
      const real = signedWebhookRequest(VDAB_SECRET, messengerDelivery('m_vdab_real', 'Hoe schrijf ik me in?'));
      expect((await api.inject({ method: 'POST', url: '/webhooks/messenger/vdab-messenger', headers: real.headers as Record<string, string>, payload: real.rawBody })).statusCode).toBe(200);
      await eventually(async () => (await count(`select count(*) as n from messages where external_id = 'm_vdab_real' and channel_id = 'vdab-messenger'`)) === 1);
    } finally {
      await db.query(`delete from webhook_events where channel_id = 'lijn-rogue'`);
      await db.query(`delete from channels where id = 'lijn-rogue'`);
    }
  });
});

describe('recovery without a restart', () => {
  test('polling resumes by itself after Redis lost every key', async () => {
    const workerRuntime = newRuntime();
    const workers = await startWorkers(workerRuntime);
    try {
      const first = x.addMention({ toUserId: LIJN.userId, authorId: '930001', username: 'voor', text: '@delijn rijdt tram 1 vandaag?' });
      await eventually(async () => (await count(`select count(*) as n from messages where external_id = $1`, [first])) === 1);
      // What a Redis restart without persistence leaves of this installation's keys: nothing.
      const keys = await workerRuntime.queues.connection.keys(`${workerRuntime.queues.prefix}:*`);
      if (keys.length) await workerRuntime.queues.connection.del(...keys);
      expect(await workerRuntime.queues.poll.getJobSchedulers(0, -1)).toEqual([]);

      const second = x.addMention({ toUserId: LIJN.userId, authorId: '930002', username: 'na', text: '@delijn en tram 2?' });
      await eventually(async () => (await count(`select count(*) as n from messages where external_id = $1`, [second])) === 1, 20_000);
      const schedulers = await workerRuntime.queues.poll.getJobSchedulers(0, -1);
      expect(schedulers.map((s) => s.key).sort()).toEqual(['poll:delijn-x', 'poll:lijn-fb', 'poll:lijn-messenger', 'poll:vdab-messenger']);
    } finally {
      await workers.close();
      await workerRuntime.queues.close();
      workerRuntime.mailer.close();
    }
  }, 40_000);

  const onServer = process.env.TEST_DATABASE_URL ? test : test.skip;
  onServer('connections cut by a server restart fail their work, not the process; the pool recovers', async () => {
    const other = openPostgres(db.url!, { max: 2 });
    try {
      const cut = other.transaction(async (tx) => {
        await tx.query('select 1');
        await db.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name = ''
                          and pid in (select pid from pg_stat_activity where state like 'idle in transaction%')`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.query('select 2');
      });
      const error = await cut.then(() => undefined, (e: unknown) => e);
      expect(isConnectionError(error)).toBe(true);
      // The next piece of work gets a fresh connection.
      expect((await other.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await other.close();
    }
  });

  test('the API answers 503 while its database does not answer', async () => {
    const away = testRuntime({ db: openPostgres('postgres://postgres@127.0.0.1:1/none', { max: 1 }), redisUrl: redis.url, prefix: uniquePrefix() });
    const awayApi = await buildApi(away, { apiToken: TOKEN });
    try {
      const response = await awayApi.inject({ url: '/api/tickets', headers: auth });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
    } finally {
      await awayApi.close();
      await away.queues.close();
      away.mailer.close();
      await away.db.close();
    }
  });
});

describe('platforms cannot stall a channel', () => {
  test('a rate-limit reset ten years ahead pauses the channel for an hour at most', async () => {
    const now = Date.now();
    x.rateLimitUntil(new Date(now + 10 * 365 * 24 * 3600_000), new RegExp(`/2/users/${LIJN.userId}/mentions`));
    try {
      const outcome = await pollChannel(runtime, 'delijn-x');
      expect(outcome.status).toBe('rate_limited');
      const until = (outcome as { until: Date }).until.getTime();
      expect(until).toBeGreaterThan(now);
      expect(until).toBeLessThanOrEqual(Date.now() + MAX_RATE_LIMIT_PAUSE_MS);
    } finally {
      x.clearFailures();
      await db.query(`update channels set status = 'ok', rate_limited_until = null where id = 'delijn-x'`);
    }
  });

  test('a poll that finds another poll of the channel running is skipped, in this process or another', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let fetches = 0;
    const slow: Connector = {
      ...xConnector,
      async fetch(channel, cursor) {
        fetches++;
        await gate;
        return xConnector.fetch(channel, cursor);
      },
    };
    const slowRuntime = newRuntime(new Map([['x', slow]]));
    try {
      const first = pollChannel(slowRuntime, 'delijn-x');
      await eventually(async () => fetches === 1);
      expect(await pollChannel(slowRuntime, 'delijn-x')).toEqual({ status: 'skipped', reason: 'already_polling' });
      if (db.url) {
        // Another worker process: another connection to the same database.
        const otherProcess = openPostgres(db.url, { max: 2 });
        try {
          expect(await pollChannel({ ...slowRuntime, db: otherProcess }, 'delijn-x')).toEqual({ status: 'skipped', reason: 'already_polling' });
        } finally {
          await otherProcess.close();
        }
      }
      // The skipped polls asked the platform nothing.
      expect(fetches).toBe(1);
      release();
      expect(await first).toMatchObject({ status: 'polled' });
      // Once done, the next poll runs.
      expect(await pollChannel(slowRuntime, 'delijn-x')).toMatchObject({ status: 'polled' });
    } finally {
      release();
      await slowRuntime.queues.close();
      slowRuntime.mailer.close();
    }
  });
});

describe('effects after routing', () => {
  test('the intake of a routed complaint is its own outbox row, retried until it is done', async () => {
    const mention = x.addMention({ toUserId: LIJN.userId, authorId: '940001', username: 'klager', text: '@delijn ik wil een klacht indienen: bus 45 reed vanmorgen voorbij zonder te stoppen aan halte Zuid' });
    await pollChannel(runtime, 'delijn-x');
    const { rows } = await db.query<{ id: number; kind: string }>(
      `select o.id, o.kind from outbox o join complaints c on c.id = (o.payload->>'complaintId')::int8
         join messages m on m.ticket_id = c.ticket_id where m.external_id = $1 order by o.id`,
      [mention],
    );
    expect(rows.map((r) => r.kind)).toEqual(['coordinator_mail', 'intake']);
    const intake = rows[1]!.id;

    // The first attempt fails (no connector for the platform in this process): the row waits for a retry.
    const broken = newRuntime(new Map());
    try {
      expect(await processRoute(broken, intake)).toBe('retry');
    } finally {
      await broken.queues.close();
      broken.mailer.close();
    }
    const waiting = await db.query<{ status: string; last_error: string }>(`select status, last_error from outbox where id = $1`, [intake]);
    expect(waiting.rows[0]).toMatchObject({ status: 'pending', last_error: expect.stringContaining('no connector') });

    await db.query(`update outbox set available_at = now() where id = $1`, [intake]);
    expect(await processRoute(runtime, intake)).toBe('sent');
    expect(await count(`select count(*) as n from outbox where id = $1 and status = 'done'`, [intake])).toBe(1);
    const queued = await db.query<{ n: number }>(
      `select count(*)::int as n from outbox where kind = 'reply' and idempotency_key like 'reply:' || (select ticket_id from messages where external_id = $1) || ':intake-%'`,
      [mention],
    );
    expect(queued.rows[0]!.n).toBeGreaterThan(0);
    // Run again: nothing more is queued.
    await db.query(`update outbox set status = 'pending', available_at = now() where id = $1`, [intake]);
    await processRoute(runtime, intake);
    const again = await db.query<{ n: number }>(
      `select count(*)::int as n from outbox where kind = 'reply' and idempotency_key like 'reply:' || (select ticket_id from messages where external_id = $1) || ':intake-%'`,
      [mention],
    );
    expect(again.rows[0]!.n).toBe(queued.rows[0]!.n);
  });
});
