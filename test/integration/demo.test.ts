import { buildApi } from '../../src/http/server.js';
import { startDemo, type RunningDemo } from '../../src/demo/demo.js';
import { mentionsAny } from '../../src/demo/domain.js';
import { domainOf } from '../../src/demo/domains/index.js';
import { createLogger } from '../../src/log.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * Demo mode as `npm start` runs it, on the real workers, API, PostgreSQL and Redis: a fresh
 * database gets the backlog of the last hours, its tickets end up in the states a team leaves
 * behind, and then citizens write in at the configured pace. The pace is checked through the
 * scheduler the demo asks to wait (the test runs each wait at once), never by the clock.
 */
const INTERVAL = 60;
const BACKLOG = { messages: 30, hours: 3 };
const TICKS = 24;

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let demo: RunningDemo;
let runtime: Runtime;
let workers: RunningWorkers;
let api: Awaited<ReturnType<typeof buildApi>>;
/** The waits the demo asked for, and what to run after each. */
const waits: Array<{ delayMs: number; run: () => void; cancelled: boolean }> = [];

interface StoredMessage {
  ticket_id: number;
  entity_id: string;
  contact_id: number;
  text: string;
  status: string;
  assignee_id: number | null;
}

async function inbound(): Promise<StoredMessage[]> {
  const { rows } = await db.query<StoredMessage>(
    `select m.ticket_id, t.entity_id, m.contact_id, m.text, t.status, t.assignee_id
       from messages m join tickets t on t.id = m.ticket_id where m.direction = 'inbound' order by m.sent_at, m.id`,
  );
  return rows;
}

/** Conversations (one person, one entity, one conversation key) that became more than one ticket. */
async function splitConversations(): Promise<unknown[]> {
  const { rows } = await db.query(
    `select t.entity_id, m.contact_id, t.conversation_key from messages m join tickets t on t.id = m.ticket_id
      where m.direction = 'inbound' group by 1, 2, 3 having count(distinct t.id) > 1`,
  );
  return rows;
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  demo = await startDemo({
    messageIntervalSeconds: INTERVAL,
    logger: createLogger('test', process.env.LOG_LEVEL ?? 'silent'),
    seed: 12,
    start: 1_000,
    backlog: BACKLOG,
    schedule: (delayMs, run) => {
      const wait = { delayMs, run, cancelled: false };
      waits.push(wait);
      return { cancel: () => void (wait.cancelled = true) };
    },
  });
  await syncEntities(db, demo.entities, new SecretBox(TEST_SECRET));
  await demo.seed(db);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'demo-test' });
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  workers = await startWorkers(runtime);
  await demo.begin(runtime, apiUrl);
});

afterAll(async () => {
  await demo.stop();
  await workers.close();
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await redis.stop();
});

test('the backlog: the last hours’ messages, each conversation one ticket, each entity only about its own services', async () => {
  let stored: StoredMessage[] = [];
  await eventually(async () => (stored = await inbound()).length >= BACKLOG.messages, 60_000, 250).catch((error: Error) => {
    throw new Error(`${error.message}; ${stored.length} of ${BACKLOG.messages} backlog messages stored`);
  });
  expect(stored).toHaveLength(BACKLOG.messages);
  // A second message in a conversation is in the same ticket, never a new one.
  expect(await splitConversations()).toEqual([]);
  const { rows: twice } = await db.query(`select ticket_id from messages where direction = 'inbound' group by 1 having count(*) > 1`);
  expect(twice.length).toBeGreaterThan(0);
  const { rows: perTicket } = await db.query<{ n: number }>(`select count(*)::int as n from tickets`);
  expect(perTicket[0]!.n).toBeLessThan(BACKLOG.messages);
  expect(perTicket[0]!.n).toBeGreaterThan(BACKLOG.messages / 2);
  for (const m of stored) expect(mentionsAny(m.text, domainOf(m.entity_id).keywords)).toBe(true);
  // Every demo entity's channels hear from citizens over a backlog of this size.
  expect(new Set(stored.map((m) => m.entity_id)).size).toBeGreaterThanOrEqual(8);
  // The messages are spread over the last hours, not all from just now.
  const { rows: span } = await db.query<{ hours: number }>(`select extract(epoch from max(sent_at) - min(sent_at))::float / 3600 as hours from messages where direction = 'inbound'`);
  expect(span[0]!.hours).toBeGreaterThan(BACKLOG.hours * 0.6);
}, 90_000);

test('the backlog’s tickets are in the states a team leaves behind: answered and resolved, waiting, claimed with a note, new', async () => {
  let statuses: Record<string, number> = {};
  await eventually(async () => {
    const { rows } = await db.query<{ status: string; n: number }>(`select status, count(*)::int as n from tickets group by 1`);
    statuses = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    return (statuses.resolved ?? 0) > 0 && (statuses.pending ?? 0) > 0;
  }, 90_000, 500).catch((error: Error) => {
    throw new Error(`${error.message}; statuses: ${JSON.stringify(statuses)}`);
  });
  expect(statuses.new ?? 0).toBeGreaterThan(0);
  const { rows: owners } = await db.query<{ name: string }>(`select distinct u.name from tickets t join users u on u.id = t.assignee_id`);
  expect(owners.length).toBeGreaterThanOrEqual(2);
  const { rows: unassignedNew } = await db.query(`select 1 from tickets where status = 'new' and assignee_id is null`);
  expect(unassignedNew.length).toBeGreaterThan(0);
  const { rows: tags } = await db.query(`select 1 from ticket_tags`);
  expect(tags.length).toBeGreaterThan(0);
  const { rows: notes } = await db.query<{ author_name: string }>(`select author_name from ticket_notes`);
  expect(notes.length).toBeGreaterThan(0);
  // The team's replies reach the platforms (the emulators), sent by a person.
  await eventually(async () => (await db.query(`select 1 from messages where direction = 'outbound' and delivery_status = 'sent' and sent_by = 'person'`)).rows.length > 0, 60_000, 500);
}, 150_000);

test('then citizens write at the configured pace: one wait per message, on average the interval; a complainant writing twice stays one ticket', async () => {
  const before = (await inbound()).length;
  // begin() asked for the first wait; each wait run writes one message and asks for the next.
  expect(waits).toHaveLength(1);
  for (let i = 0; i < TICKS; i++) {
    const wait = waits[waits.length - 1]!;
    wait.run();
    await eventually(async () => waits.length > i + 1, 20_000, 20);
  }
  const delays = waits.map((w) => w.delayMs / 1000);
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(INTERVAL / 2);
  expect(Math.max(...delays)).toBeLessThanOrEqual(INTERVAL * 1.5);
  const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
  expect(mean).toBeGreaterThan(INTERVAL * 0.8);
  expect(mean).toBeLessThan(INTERVAL * 1.2);

  let stored: StoredMessage[] = [];
  await eventually(async () => (stored = await inbound()).length >= before + TICKS, 60_000, 250).catch((error: Error) => {
    throw new Error(`${error.message}; ${stored.length - before} of ${TICKS} new messages stored`);
  });
  // Nobody's text twice.
  const pairs = stored.map((m) => `${m.contact_id}|${m.text}`);
  expect(pairs.filter((p, i) => pairs.indexOf(p) !== i)).toEqual([]);
  // Whoever wrote twice to an entity in one conversation has one ticket for it, and at most one complaint case.
  expect(await splitConversations()).toEqual([]);
  const { rows: cases } = await db.query(
    `select t.entity_id, t.contact_id, t.conversation_key from complaints c join tickets t on t.id = c.ticket_id group by 1, 2, 3 having count(*) > 1`,
  );
  expect(cases).toEqual([]);
}, 150_000);
