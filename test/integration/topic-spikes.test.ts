import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { detectSpikes } from '../../src/signals/actions.js';
import { startWorkers } from '../../workers/index.js';
import { processRoute } from '../../workers/route.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, xEntity, type Method, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { startSmtpSink } from '../helpers/smtp.js';

/**
 * Topic spikes (issue 17), over real PostgreSQL, Redis and SMTP: after a quiet week, 30 messages in
 * an hour about one thing raise one signal for entity A, with its explanation (tickets, baseline),
 * one mail to A's service that names the topic, counts and tickets but no citizen's text; 3 such
 * messages at entity B raise nothing. Detection run again raises nothing new; B's people do not see
 * A's signal; an agent acknowledges it (audited); when the topic falls back the episode ends.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
const base = Date.now();
let ahead = 0;
const sessions = new Map<string, Session>();
let tweetId = 1000;

async function as(email: string, method: Method, url: string, payload?: unknown) {
  if (!sessions.has(email)) sessions.set(email, await logIn(api, email));
  return asSession(api, sessions.get(email)!, method, url, payload);
}

function mention(text: string, at: number, author: string): RawItem {
  const id = String(tweetId++);
  return { type: 'mention', externalId: id, payload: { tweet: { id, text, author_id: author, created_at: new Date(at).toISOString() }, author: { id: author, username: `u${author}` } } };
}

/** Everyday messages, spread over the 7 days before the last hour: a quiet week. */
const QUIET = [
  'Wat zijn de openingsuren van het loket in Gent?',
  'Hoe kan ik mijn abonnement verlengen via de app?',
  'Mijn bus had vanochtend twintig minuten vertraging',
  'Is er een korting voor studenten op het jaarabonnement?',
  'Bedankt voor de snelle hulp gisteren!',
  'Waar vind ik de dienstregeling voor de zomer?',
  'De chauffeur van lijn 7 was heel vriendelijk',
];

/** Thirty messages about one thing, in various words. */
function spikeText(i: number): string {
  const forms = [
    `Lift kapot in station Brugge, ik zit met mijn rolstoel vast op perron ${i}`,
    `@NMBS de lift kapot in station Brugge?? Al ${i + 5} minuten wachten`,
    'Waarom is de lift kapot in station Brugge, geen omleiding aangegeven',
  ];
  return forms[i % forms.length]!;
}

async function feed(entity: 'a' | 'b' | 'c', items: RawItem[]): Promise<void> {
  const channel = (await loadChannel(db, `${entity}-x`, new SecretBox(TEST_SECRET)))!.context as ChannelContext;
  await ingest(db, { channel, items, normalize: normalizeX });
}

function body(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

async function signalMailRows() {
  const { rows } = await db.query<{ id: string; status: string }>(`select id, status from outbox where kind = 'signal_mail' order by id`);
  return rows;
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  smtp = await startSmtpSink();
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), smtpUrl: smtp.url, now: () => new Date(base + ahead) });
  await syncEntities(db, [xEntity('a', { signals: { email: 'dienst-a@example.org' } }), xEntity('b', { signals: { email: 'dienst-b@example.org' } })], new SecretBox(TEST_SECRET));
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const [email, role, entity] of [
    ['agent-a@test', 'agent', 'a'],
    ['coord-a@test', 'coordinator', 'a'],
    ['admin-a@test', 'admin', 'a'],
    ['agent-b@test', 'agent', 'b'],
  ] as const) {
    await createUser(db, { email, name: email.split('@')[0]!, role, entities: [entity], passwordHash });
  }
  api = await buildApi(runtime, { apiToken: 'topic-spikes-token' });

  // A quiet week at both entities: three messages a day on everyday things, one about the lift.
  for (const entity of ['a', 'b'] as const) {
    const week: RawItem[] = [];
    for (let day = 1; day <= 7; day++) {
      for (let k = 0; k < 3; k++) week.push(mention(QUIET[(day + k) % QUIET.length]!, base - day * DAY + k * HOUR, `${entity}${day}${k}`));
    }
    week.push(mention('De lift kapot in station Brugge, alweer', base - 3 * DAY, `${entity}-lift`));
    await feed(entity, week);
  }
  // The last hour: 30 citizens at A, 3 at B, about the broken lift.
  await feed('a', Array.from({ length: 30 }, (_, i) => mention(spikeText(i), base - 55 * MINUTE + i * MINUTE, `spike-a-${i}`)));
  await feed('b', Array.from({ length: 3 }, (_, i) => mention(spikeText(i), base - 30 * MINUTE + i * MINUTE, `spike-b-${i}`)));
}, 120_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
  await smtp.stop();
});

test('a spike of 30 messages on one topic in an hour against a quiet week raises one signal and 3 messages do not', async () => {
  const first = await detectSpikes(runtime);
  expect(first).toMatchObject({ caughtUp: true, ended: [] });
  expect(first.raised).toHaveLength(1);
  const { rows } = await db.query<{ entity_id: string; phrase: string; related: string[]; message_count: number; baseline_count: number; baseline_days: number; message_ids: number[]; ratio: number }>(
    'select entity_id, phrase, related, message_count, baseline_count, baseline_days, message_ids, ratio from topic_signals',
  );
  expect(rows).toHaveLength(1);
  const signal = rows[0]!;
  expect(signal.entity_id).toBe('a');
  // One story: "lift kapot" leads, the words of the same messages are merged into it.
  expect(signal.phrase).toBe('lift kapot');
  expect(signal.related).toEqual(expect.arrayContaining(['station brugge', 'lift', 'kapot', 'station', 'brugge']));
  expect(signal).toMatchObject({ message_count: 30, baseline_count: 1, baseline_days: 7 });
  expect(signal.message_ids).toHaveLength(30);
  expect(signal.ratio).toBeGreaterThan(100);

  // Running detection again raises no second signal, and neither does a detection at the same time.
  const [again1, again2] = await Promise.all([detectSpikes(runtime), detectSpikes(runtime)]);
  expect([...again1.raised, ...again2.raised]).toEqual([]);
  expect((await db.query('select 1 from topic_signals')).rows).toHaveLength(1);
});

test('the service is mailed once, with the topic, the counts and the tickets but no citizen text', async () => {
  const outbox = await signalMailRows();
  expect(outbox).toHaveLength(1);
  expect(await processRoute(runtime, Number(outbox[0]!.id))).toBe('sent');
  expect(await processRoute(runtime, Number(outbox[0]!.id))).toBe('skipped');
  await detectSpikes(runtime);
  expect(await signalMailRows()).toEqual([expect.objectContaining({ status: 'done' })]);
  expect(smtp.mails).toHaveLength(1);
  const mail = smtp.mails[0]!;
  expect(mail.to).toEqual(['dienst-a@example.org']);
  const text = body(mail.raw);
  expect(text).toContain('lift kapot');
  expect(text).toContain('30 in 60 minuten');
  expect(text).toContain('1 in de 7 dagen ervoor');
  const { rows: tickets } = await db.query<{ id: string; number: string }>(`select id, number from tickets where entity_id = 'a' and contact_id in (select id from contacts where platform_user_id like 'spike-a-%')`);
  expect(tickets).toHaveLength(30);
  for (const ticket of tickets) {
    expect(text).toContain(`#${ticket.number}`);
    expect(text).toContain(`http://inbox.test/tickets/${ticket.id}`);
  }
  expect(text).not.toMatch(/rolstoel vast|minuten wachten|omleiding aangegeven/);
});

test('each entity sees only its own signals; an agent acknowledges one, audited, and the banner empties', async () => {
  const listA = (await as('agent-a@test', 'GET', '/api/signals')).json();
  expect(listA.items).toHaveLength(1);
  const signal = listA.items[0];
  expect(signal).toMatchObject({ entity: 'a', phrase: 'lift kapot', messageCount: 30, baselineCount: 1, baselineDays: 7, status: 'open', endedAt: null });
  expect(signal.tickets).toHaveLength(30);
  expect(signal.expected).toBeCloseTo((2 * 60) / (7 * 24 * 60), 5);
  expect((await as('coord-a@test', 'GET', '/api/signals?active=true')).json().items).toHaveLength(1);

  expect((await as('agent-b@test', 'GET', '/api/signals')).json().items).toEqual([]);
  expect((await as('agent-b@test', 'POST', `/api/signals/${signal.id}/acknowledge`)).statusCode).toBe(404);
  expect((await as('agent-b@test', 'POST', '/api/signals/detect', { entity: 'a' })).statusCode).toBe(404);
  // a coordinator reads signals but does not work tickets
  expect((await as('coord-a@test', 'POST', `/api/signals/${signal.id}/dismiss`)).statusCode).toBe(403);

  const acknowledged = await as('agent-a@test', 'POST', `/api/signals/${signal.id}/acknowledge`);
  expect(acknowledged.statusCode).toBe(200);
  expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', handledBy: 'agent-a', handledAt: expect.any(String) });
  expect((await as('agent-a@test', 'POST', `/api/signals/${signal.id}/dismiss`)).statusCode).toBe(409);
  expect((await as('agent-a@test', 'GET', '/api/signals?active=true')).json().items).toEqual([]);
  const { rows: audit } = await db.query<{ action: string; actor: string }>(`select action, actor from audit_log where subject_type = 'signal' order by id`);
  expect(audit.map((row) => row.action)).toEqual(['signal.raised', 'signal.mailed', 'signal.acknowledged']);
  expect(audit[2]!.actor).toBe('user:agent-a@test');
});

test('the episode ends when the topic falls back; the API trigger runs detection for an admin', async () => {
  ahead = 2 * HOUR;
  const later = await as('admin-a@test', 'POST', '/api/signals/detect', { entity: 'a' });
  expect(later.statusCode).toBe(200);
  expect(later.json()).toEqual({ raised: [], ended: [expect.any(Number)], caughtUp: true });
  expect((await as('agent-a@test', 'GET', '/api/signals')).json().items[0]).toMatchObject({ endedAt: expect.any(String) });
  expect((await detectSpikes(runtime)).raised).toEqual([]);
  expect(smtp.mails).toHaveLength(1);
});

test("the workers' sweep looks for spikes by itself and the route worker mails the service", async () => {
  await syncEntities(
    db,
    [xEntity('a', { signals: { email: 'dienst-a@example.org' } }), xEntity('b', { signals: { email: 'dienst-b@example.org' } }), xEntity('c', { signals: { email: 'dienst-c@example.org', language: 'en' } })],
    new SecretBox(TEST_SECRET),
  );
  const now = base + ahead;
  await feed('c', Array.from({ length: 12 }, (_, i) => mention(`Website onbereikbaar sinds vanochtend (${i})`, now - 20 * MINUTE + i * MINUTE, `spike-c-${i}`)));
  // a new entity has no usual volume yet: nothing spikes before it has a day of history
  expect(await detectSpikes(runtime, { entityId: 'c' })).toEqual({ raised: [], ended: [], caughtUp: true });
  await feed('c', QUIET.map((text, i) => mention(text, now - (i + 1) * DAY, `c-week-${i}`)));
  const workers = await startWorkers(runtime);
  try {
    const mail = await eventually(async () => smtp.mails.find((m) => m.to.includes('dienst-c@example.org')), 20_000);
    expect(body(mail.raw)).toContain('12 in 60 minutes');
    expect(body(mail.raw)).toContain('C is receiving unusually many messages about');
    expect(body(mail.raw)).toContain('website onbereikbaar');
  } finally {
    await workers.close();
  }
  const { rows } = await db.query<{ entity_id: string; phrase: string }>(`select entity_id, phrase from topic_signals where entity_id = 'c'`);
  expect(rows).toEqual([{ entity_id: 'c', phrase: 'website onbereikbaar' }]);
  expect(smtp.mails).toHaveLength(2);
});
