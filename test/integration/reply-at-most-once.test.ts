/**
 * At most once towards citizens: a worker that dies (or times out) after the platform posted a
 * reply but before the outcome was stored must not post it again. Real PostgreSQL and Redis, the
 * connectors talking to the emulators over real HTTP. A "crash" is a worker whose platform call
 * never returns: the post reached the emulator, the outbox row stays 'processing' until its lease
 * expires (made to expire at once here), and the next worker claims it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorRegistry } from '../../connectors/registry.js';
import type { Connector, Platform } from '../../connectors/types.js';
import { createWhatsAppConnector } from '../../connectors/whatsapp/connector.js';
import { WhatsAppEmulator } from '../../connectors/whatsapp/emulator.js';
import { createXConnector } from '../../connectors/x/connector.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { buildApi } from '../../src/http/server.js';
import type { EntityConfig } from '../../src/config/schema.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { loadReplyContext, queueReply } from '../../src/tickets/replies.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

const DELIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };
const VDAB = { userId: '1002', handle: 'VDAB_be', token: 'tok-vdab' };
const WA = { phoneNumberId: '106540352242922', displayPhoneNumber: '3292001122', wabaId: '102290129340398', token: 'wa-token-0001' };
const WA_SECRET = 'wa-app-secret-0001';
const API_TOKEN = 'at-most-once-token';
const auth = { authorization: `Bearer ${API_TOKEN}` };

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let x: XEmulator;
let wa: WhatsAppEmulator;
let slow: SlowProxy;
let runtime: Runtime;
let xConnector: ReturnType<typeof createXConnector>;
let waConnector: ReturnType<typeof createWhatsAppConnector>;
let api: Awaited<ReturnType<typeof buildApi>>;

/**
 * A network between us and the X emulator that loses the answers to POSTs while `losePostAnswers`
 * is on: the emulator gets and handles the request, the client never hears back (a timeout).
 */
interface SlowProxy {
  url: string;
  losePostAnswers: boolean;
  stop(): Promise<void>;
}

async function startSlowProxy(upstream: string): Promise<SlowProxy> {
  const held = new Set<http.ServerResponse>();
  const proxy: SlowProxy = { url: '', losePostAnswers: false, stop: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = new URL(req.url ?? '/', upstream);
      const forward = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          if (req.method === 'POST' && proxy.losePostAnswers) {
            held.add(res);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(body));
        });
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  proxy.stop = async () => {
    for (const res of held) res.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  return proxy;
}

function entities(): EntityConfig[] {
  const xChannel = (id: string, account: typeof DELIJN, baseUrl: string) => ({
    id,
    platform: 'x' as const,
    name: `@${account.handle}`,
    account: { userId: account.userId, handle: account.handle },
    baseUrl,
    credentials: { bearerToken: account.token, userAccessToken: account.token },
    pollIntervalSeconds: 60,
    enabled: true,
  });
  const entity = (id: string, channels: EntityConfig['channels']): EntityConfig => ({
    id,
    name: id,
    coordinator: { name: 'Klachtendienst', email: `klachten@${id}.test` },
    complaintThreshold: 0.99,
    timeZone: 'Europe/Brussels',
    channels,
  });
  return [
    entity('de-lijn', [xChannel('delijn-x', DELIJN, x.url)]),
    entity('vdab', [xChannel('vdab-x', VDAB, slow.url)]),
    entity('wegen', [
      {
        id: 'wegen-wa',
        platform: 'whatsapp',
        name: 'WhatsApp',
        account: { phoneNumberId: WA.phoneNumberId },
        baseUrl: wa.url,
        credentials: { accessToken: WA.token, appSecret: WA_SECRET, verifyToken: 'verify' },
        pollIntervalSeconds: 60,
        enabled: true,
      },
    ]),
  ];
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  x = new XEmulator();
  await x.start();
  x.addAccount({ ...DELIJN });
  x.addAccount({ ...VDAB });
  slow = await startSlowProxy(x.url);
  wa = new WhatsAppEmulator({ appSecret: WA_SECRET });
  wa.addNumber(WA);
  await wa.start();
  await syncEntities(db, entities(), new SecretBox(TEST_SECRET));
  xConnector = createXConnector({ timeoutMs: 1000 });
  waConnector = createWhatsAppConnector({ timeoutMs: 5000 });
  const connectors: ConnectorRegistry = new Map<Platform, Connector>([
    ['x', xConnector],
    ['whatsapp', waConnector],
  ]);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), connectors });
  api = await buildApi(runtime, { apiToken: API_TOKEN });

  x.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'an', text: '@delijn wanneer rijdt lijn 4 weer?' });
  x.addMention({ toUserId: DELIJN.userId, authorId: '502', username: 'bert', text: '@delijn is de tram naar het station gestaakt?' });
  x.addMention({ toUserId: DELIJN.userId, authorId: '504', username: 'dirk', text: '@delijn waarom stopt bus 9 niet aan de kerk?' });
  x.addDm({ toUserId: DELIJN.userId, senderId: '503', username: 'carla', text: 'Ik verloor een sjaal op tram 2.' });
  x.addMention({ toUserId: VDAB.userId, authorId: '601', username: 'els', text: '@VDAB_be hoe schrijf ik me in als werkzoekende?' });
  expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'polled', inserted: 4 });
  expect(await pollChannel(runtime, 'vdab-x')).toMatchObject({ status: 'polled', inserted: 1 });

  const channel = (await loadChannel(db, 'wegen-wa', new SecretBox(TEST_SECRET)))!.context;
  for (const [from, name, text] of [
    ['32471000001', 'Griet', 'Wanneer gaat de E40 richting Gent weer open?'],
    ['32471000002', 'Hans', 'Er ligt een gat in het fietspad op de N9.'],
  ] as const) {
    const delivery = wa.receiveText({ phoneNumberId: WA.phoneNumberId, from, name, text });
    const items = waConnector.webhook!.parse(JSON.parse(delivery.rawBody.toString()), channel);
    await ingest(db, { channel, items, normalize: waConnector.normalize });
  }
});

afterAll(async () => {
  await api.close();
  xConnector.close();
  waConnector.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await slow.stop();
  await x.stop();
  await wa.stop();
  await redis.stop();
});

async function ticketOf(channelId: string, contact: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `select t.id from tickets t join contacts co on co.id = t.contact_id where t.channel_id = $1 and (co.handle = $2 or co.name = $2)`,
    [channelId, contact],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

async function queue(ticketId: number, text: string, visibility: 'public' | 'private'): Promise<{ messageId: number; outboxId: number }> {
  const context = await loadReplyContext(db, ticketId);
  const queued = await queueReply(db, { context: context!, text, visibility, actor: 'user:agent@test' });
  return { messageId: queued.messageId, outboxId: queued.outboxId! };
}

/** The runtime of a worker that dies once the platform has its request: the call never returns. */
function dying(platform: Platform, when: 'after the post' | 'before the post'): Runtime {
  const real = runtime.connectors.get(platform)!;
  const connector: Connector = {
    ...real,
    async reply(channel, target, text) {
      if (when === 'after the post') await real.reply(channel, target, text);
      return new Promise<never>(() => {});
    },
  };
  return { ...runtime, connectors: new Map([...runtime.connectors, [platform, connector]]) };
}

async function state(messageId: number, outboxId: number) {
  const { rows } = await db.query<{ delivery: string; external_id: string | null; error: string | null; started: Date | null; outbox: string; ticket: string }>(
    `select m.delivery_status as delivery, m.external_id, m.delivery_error as error, m.send_started_at as started, o.status as outbox, t.status as ticket
       from messages m join tickets t on t.id = m.ticket_id, outbox o where m.id = $1 and o.id = $2`,
    [messageId, outboxId],
  );
  return rows[0]!;
}

/** The dead worker's lease runs out (120 s in production). */
async function expireLease(outboxId: number): Promise<void> {
  await db.query(`update outbox set locked_until = now() - interval '1 second' where id = $1 and status = 'processing'`, [outboxId]);
}

const xRepliesWith = (text: string) => x.replies.filter((r) => r.text === text);

describe('a worker that dies between the post and its record', () => {
  test('X public reply: the next worker finds the post and records it; the citizen gets one reply', async () => {
    const ticketId = await ticketOf('delijn-x', 'an');
    const text = 'Dag An, lijn 4 rijdt vanaf maandag weer. Groeten, Sarah';
    const { messageId, outboxId } = await queue(ticketId, text, 'public');

    void processOutbound(dying('x', 'after the post'), outboxId);
    await eventually(async () => xRepliesWith(text).length === 1);
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'sending', outbox: 'processing', started: expect.any(Date) });

    await expireLease(outboxId);
    const logFrom = x.requestLog.length;
    expect(await processOutbound(runtime, outboxId)).toBe('sent');

    expect(xRepliesWith(text)).toHaveLength(1);
    const posted = xRepliesWith(text)[0]!;
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'sent', external_id: posted.id, outbox: 'done', ticket: 'pending' });
    expect(x.requestLog.slice(logFrom).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /2/users/${DELIJN.userId}/tweets`]);
    // A job for the row that runs once more does nothing.
    expect(await processOutbound(runtime, outboxId)).toBe('skipped');
    expect(xRepliesWith(text)).toHaveLength(1);
  });

  test('X DM: the next worker finds the DM in the conversation and records it', async () => {
    const ticketId = await ticketOf('delijn-x', 'carla');
    const text = 'Dag Carla, uw sjaal ligt in ons verloren voorwerpenbureau in Gent.';
    const { messageId, outboxId } = await queue(ticketId, text, 'private');

    void processOutbound(dying('x', 'after the post'), outboxId);
    await eventually(async () => xRepliesWith(text).length === 1);
    await expireLease(outboxId);
    const logFrom = x.requestLog.length;
    expect(await processOutbound(runtime, outboxId)).toBe('sent');

    expect(xRepliesWith(text)).toHaveLength(1);
    expect(xRepliesWith(text)[0]).toMatchObject({ kind: 'dm', participantId: '503' });
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'sent', external_id: xRepliesWith(text)[0]!.id, outbox: 'done' });
    expect(x.requestLog.slice(logFrom).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /2/dm_conversations/with/503/dm_events']);
  });

  test('a worker that died before its request reached X: the lookup finds nothing, the reply goes out once', async () => {
    const ticketId = await ticketOf('delijn-x', 'bert');
    const text = 'Dag Bert, de tram rijdt vandaag normaal.';
    const { messageId, outboxId } = await queue(ticketId, text, 'public');

    void processOutbound(dying('x', 'before the post'), outboxId);
    await eventually(async () => (await state(messageId, outboxId)).delivery === 'sending');
    await expireLease(outboxId);
    const logFrom = x.requestLog.length;
    expect(await processOutbound(runtime, outboxId)).toBe('sent');

    expect(xRepliesWith(text)).toHaveLength(1);
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'sent', external_id: xRepliesWith(text)[0]!.id });
    expect(x.requestLog.slice(logFrom).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /2/users/${DELIJN.userId}/tweets`, 'POST /2/tweets']);
  });
});

describe('an ambiguous failure', () => {
  test('a timeout after X posted the reply: the retry looks first, finds it, and does not post again', async () => {
    const ticketId = await ticketOf('vdab-x', 'els');
    const text = 'Dag Els, inschrijven kan online op vdab.be of in een VDAB-kantoor.';
    const { messageId, outboxId } = await queue(ticketId, text, 'public');

    slow.losePostAnswers = true;
    try {
      expect(await processOutbound(runtime, outboxId)).toBe('retry');
    } finally {
      slow.losePostAnswers = false;
    }
    expect(xRepliesWith(text)).toHaveLength(1);
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'sending', outbox: 'pending' });

    await db.query('update outbox set available_at = now() where id = $1', [outboxId]);
    const logFrom = x.requestLog.length;
    expect(await processOutbound(runtime, outboxId)).toBe('sent');
    expect(xRepliesWith(text)).toHaveLength(1);
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'sent', external_id: xRepliesWith(text)[0]!.id, outbox: 'done' });
    expect(x.requestLog.slice(logFrom).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /2/users/${VDAB.userId}/tweets`]);
  });
});

describe('a clean first attempt', () => {
  test('is recorded as started before the platform call, and makes no lookup', async () => {
    const ticketId = await ticketOf('delijn-x', 'an');
    const text = 'En de nachtbus rijdt ook weer, An.';
    const { messageId, outboxId } = await queue(ticketId, text, 'public');
    const real = runtime.connectors.get('x')!;
    let seenAtCall: { delivery: string; started: Date | null } | undefined;
    const observing: Runtime = {
      ...runtime,
      connectors: new Map([
        ...runtime.connectors,
        [
          'x',
          {
            ...real,
            async reply(channel, target, replyText) {
              // What another worker would see if this one died now: committed, not inside a transaction.
              seenAtCall = await state(messageId, outboxId);
              return real.reply(channel, target, replyText);
            },
          },
        ],
      ]),
    };
    const logFrom = x.requestLog.length;
    expect(await processOutbound(observing, outboxId)).toBe('sent');
    expect(seenAtCall).toMatchObject({ delivery: 'sending', started: expect.any(Date) });
    expect(x.requestLog.slice(logFrom).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /2/tweets']);
    expect(xRepliesWith(text)).toHaveLength(1);
  });

  test('after a 429 (a clear refusal) the reply is queued again, with no attempt on record, and the next attempt makes no lookup', async () => {
    const ticketId = await ticketOf('delijn-x', 'dirk');
    const text = 'Dag Dirk, de halte aan de kerk is verplaatst wegens werken.';
    const { messageId, outboxId } = await queue(ticketId, text, 'public');
    x.failNext(429, { path: /^\/2\/tweets$/ });
    expect(await processOutbound(runtime, outboxId)).toBe('retry');
    // The ticket shows why the reply waits.
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'queued', started: null, outbox: 'pending', error: expect.stringMatching(/^RateLimitedError/) });

    await db.query('update outbox set available_at = now() where id = $1', [outboxId]);
    const logFrom = x.requestLog.length;
    expect(await processOutbound(runtime, outboxId)).toBe('sent');
    expect(xRepliesWith(text)).toHaveLength(1);
    expect(x.requestLog.slice(logFrom).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /2/tweets']);
  });
});

describe('a platform that cannot tell (WhatsApp)', () => {
  async function uncertainReply(contact: string, text: string) {
    const ticketId = await ticketOf('wegen-wa', contact);
    const { messageId, outboxId } = await queue(ticketId, text, 'private');
    void processOutbound(dying('whatsapp', 'after the post'), outboxId);
    await eventually(async () => wa.replies.filter((r) => r.text === text).length === 1);
    await expireLease(outboxId);
    expect(await processOutbound(runtime, outboxId)).toBe('uncertain');
    return { ticketId, messageId, outboxId };
  }

  async function auditActions(ticketId: number): Promise<string[]> {
    const { rows } = await db.query<{ action: string }>(`select action from audit_log where subject_type = 'ticket' and subject_id = $1 order by id`, [String(ticketId)]);
    return rows.map((r) => r.action);
  }

  test("the reply becomes uncertain, nothing is re-sent; the agent's 'send again' sends it exactly once", async () => {
    const text = 'Dag Griet, de E40 gaat morgen om 6 uur weer open.';
    const { ticketId, messageId, outboxId } = await uncertainReply('Griet', text);
    expect(wa.replies.filter((r) => r.text === text)).toHaveLength(1);
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'uncertain', outbox: 'failed', error: expect.stringMatching(/whatsapp cannot tell/) });

    const detail = await api.inject({ url: `/api/tickets/${ticketId}`, headers: auth });
    const shown = detail.json().messages.find((m: { id: number }) => m.id === messageId);
    expect(shown).toMatchObject({ deliveryStatus: 'uncertain', deliveryError: expect.stringMatching(/cannot tell/) });

    const again = await api.inject({ method: 'POST', url: `/api/tickets/${ticketId}/replies/${messageId}/resend`, headers: auth });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ messageId, deliveryStatus: 'queued' });
    // A second click finds it no longer uncertain.
    expect((await api.inject({ method: 'POST', url: `/api/tickets/${ticketId}/replies/${messageId}/resend`, headers: auth })).statusCode).toBe(409);

    const rows = await db.query<{ id: number }>(`select id from outbox where kind = 'reply' and payload->>'messageId' = $1 and status = 'pending'`, [String(messageId)]);
    expect(rows.rows).toHaveLength(1);
    const resendId = rows.rows[0]!.id;
    const logFrom = wa.requestLog.length;
    expect(await processOutbound(runtime, resendId)).toBe('sent');
    expect(await processOutbound(runtime, resendId)).toBe('skipped');
    expect(wa.replies.filter((r) => r.text === text)).toHaveLength(2);
    expect(wa.requestLog.slice(logFrom)).toHaveLength(1);
    expect(await state(messageId, resendId)).toMatchObject({ delivery: 'sent', external_id: wa.replies[wa.replies.length - 1]!.id, outbox: 'done' });
    // The reply that went out moved the ticket to pending: the system's change is audited too.
    expect(await auditActions(ticketId)).toEqual(['ticket.reply_queued', 'ticket.reply_resent', 'ticket.status_changed']);
  });

  test("'mark as sent' records it without sending anything", async () => {
    const text = 'Dag Hans, we herstellen het fietspad deze week.';
    const { ticketId, messageId, outboxId } = await uncertainReply('Hans', text);
    const logFrom = wa.requestLog.length;
    const marked = await api.inject({ method: 'POST', url: `/api/tickets/${ticketId}/replies/${messageId}/mark-sent`, headers: auth, payload: {} });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toMatchObject({ status: 'pending' });
    const firstResponse = await db.query('select 1 from tickets where id = $1 and first_response_at is not null', [ticketId]);
    expect(firstResponse.rows).toHaveLength(1);
    expect(marked.json().messages.find((m: { id: number }) => m.id === messageId)).toMatchObject({ deliveryStatus: 'sent' });
    expect(await state(messageId, outboxId)).toMatchObject({ delivery: 'sent', external_id: null, outbox: 'failed' });
    expect(wa.requestLog.slice(logFrom)).toHaveLength(0);
    expect(wa.replies.filter((r) => r.text === text)).toHaveLength(1);
    const pending = await db.query(`select 1 from outbox where payload->>'messageId' = $1 and status in ('pending', 'processing')`, [String(messageId)]);
    expect(pending.rows).toHaveLength(0);
    expect(await auditActions(ticketId)).toEqual(['ticket.reply_queued', 'ticket.status_changed', 'ticket.reply_marked_sent']);
    // Deciding twice is refused; so is deciding on another ticket's reply.
    expect((await api.inject({ method: 'POST', url: `/api/tickets/${ticketId}/replies/${messageId}/mark-sent`, headers: auth, payload: {} })).statusCode).toBe(409);
    const other = await ticketOf('wegen-wa', 'Griet');
    expect((await api.inject({ method: 'POST', url: `/api/tickets/${other}/replies/${messageId}/resend`, headers: auth })).statusCode).toBe(404);
  });
});
