import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { buildApi } from '../../src/http/server.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities, loadChannel } from '../../src/channels/channels.js';
import { correctionsForCorpus } from '../../src/tickets/corrections.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { processRoute } from '../../workers/route.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { startSmtpSink } from '../helpers/smtp.js';

const API_TOKEN = 'retag-token';
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let runtime: Runtime;
let channel: ChannelContext;
let api: Awaited<ReturnType<typeof buildApi>>;
let nextId = 5000;

function mention(author: string, text: string, conversationId?: string): RawItem {
  const id = String(nextId++);
  return {
    type: 'mention',
    externalId: id,
    payload: {
      tweet: { id, text, author_id: author, conversation_id: conversationId ?? id, created_at: new Date().toISOString() },
      author: { id: author, username: `user${author}` },
    },
  };
}

async function newTicket(author: string, text: string): Promise<number> {
  await ingest(db, { channel, items: [mention(author, text)], normalize: normalizeX });
  const { rows } = await db.query<{ id: number }>(
    `select t.id from tickets t join contacts c on c.id = t.contact_id where c.platform_user_id = $1 order by t.id desc limit 1`,
    [author],
  );
  return rows[0]!.id;
}

async function retag(ticketId: number, category: string, reason?: string) {
  return api.inject({
    method: 'PATCH',
    url: `/api/tickets/${ticketId}/category`,
    headers: { authorization: `Bearer ${API_TOKEN}` },
    payload: { category, ...(reason ? { reason } : {}) },
  });
}

/** Pending work of the route worker (coordinator mail and webhook, intake), or of one kind of it. */
async function pendingRoutes(kind?: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`select id from outbox where kind <> 'reply' and kind = coalesce($1, kind) and status = 'pending' order by id`, [kind ?? null]);
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  smtp = await startSmtpSink();
  await syncEntities(
    db,
    [
      {
        id: 'awv',
        name: 'Agentschap Wegen en Verkeer',
        coordinator: { name: 'Klachtendienst AWV', email: 'klachten@awv.test' },
        complaintThreshold: 0.5,
        timeZone: 'Europe/Brussels',
        channels: [{ id: 'awv-x', platform: 'x', account: { userId: '42' }, credentials: {}, pollIntervalSeconds: 60, enabled: true }],
      },
    ],
    new SecretBox(TEST_SECRET),
  );
  channel = (await loadChannel(db, 'awv-x', new SecretBox(TEST_SECRET)))!.context;
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), smtpUrl: smtp.url });
  api = await buildApi(runtime, { apiToken: API_TOKEN });
});

afterAll(async () => {
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await smtp.stop();
  await redis.stop();
});

test('re-tagging a question as complaint routes it and records the correction', async () => {
  const ticketId = await newTicket('1', 'waarom staat het licht aan de Kennedytunnel al een week op rood');
  smtp.mails.length = 0;
  const response = await retag(ticketId, 'complaint', 'concrete defect reported twice');
  expect(response.statusCode).toBe(200);
  expect(response.json()).toMatchObject({ category: 'complaint', categorySource: 'manual', complaint: { status: 'received' } });
  for (const id of await pendingRoutes()) await processRoute(runtime, id);
  expect(smtp.mails.map((m) => m.to)).toEqual([['klachten@awv.test']]);

  const exported = [];
  for await (const record of correctionsForCorpus(db)) exported.push(record);
  expect(exported).toContainEqual(
    expect.objectContaining({ text: 'waarom staat het licht aan de Kennedytunnel al een week op rood', category: 'complaint', platform: 'x', entity: 'awv', source: 'correction' }),
  );
});

test('re-tagging away from complaint before the coordinator acts withdraws it and tells the coordinator', async () => {
  const ticketId = await newTicket('2', 'ik wil een klacht indienen over de put in de N16 ter hoogte van nummer 12');
  for (const id of await pendingRoutes()) await processRoute(runtime, id);
  smtp.mails.length = 0;

  const response = await retag(ticketId, 'dissatisfaction', 'general venting, no concrete case');
  expect(response.statusCode).toBe(200);
  const complaint = await db.query<{ withdrawn_reason: string }>(`select withdrawn_reason from complaints where ticket_id = $1`, [ticketId]);
  expect(complaint.rows[0]!.withdrawn_reason).toBe('general venting, no concrete case');
  for (const id of await pendingRoutes()) await processRoute(runtime, id);
  expect(smtp.mails).toHaveLength(1);
  expect(smtp.mails[0]!.raw.replace(/=\r?\n/g, '')).toContain('general venting, no concrete case');

  // An agent's tag stands: the citizen writing again does not re-route it.
  await ingest(db, {
    channel,
    items: [mention('2', 'ik wil een klacht indienen, nog altijd niet hersteld', await conversationOf(ticketId))],
    normalize: normalizeX,
  });
  const after = await db.query<{ category: string; message_count: number }>(`select category, message_count from tickets where id = $1`, [ticketId]);
  expect(after.rows[0]).toEqual({ category: 'dissatisfaction', message_count: 2 });
});

test('withdrawn before the mail went out: nothing is sent', async () => {
  const ticketId = await newTicket('3', 'ik wil een klacht indienen: de fietsostrade in Mechelen ligt al 3 maanden open zonder omleiding');
  const routes = await pendingRoutes('coordinator_mail');
  expect(routes).toHaveLength(1);
  expect((await retag(ticketId, 'other')).statusCode).toBe(200);
  smtp.mails.length = 0;
  expect(await processRoute(runtime, routes[0]!)).toBe('skipped');
  expect(smtp.mails).toHaveLength(0);
});

test('once the coordinator has acted, re-tagging away is refused', async () => {
  const ticketId = await newTicket('4', 'ik wil een klacht indienen over de boete die ik onterecht kreeg op 3/10');
  await db.query(`update complaints set status = 'acknowledged' where ticket_id = $1`, [ticketId]);
  const response = await retag(ticketId, 'question');
  expect(response.statusCode).toBe(409);
  expect(response.json().message).toContain('acknowledged');
  expect((await retag(ticketId, 'nonsense')).statusCode).toBe(400);
  expect((await retag(999_999, 'question')).statusCode).toBe(404);
});

async function conversationOf(ticketId: number): Promise<string> {
  const { rows } = await db.query<{ external_id: string }>(`select external_id from messages where ticket_id = $1 order by id limit 1`, [ticketId]);
  return rows[0]!.external_id;
}
