import { XEmulator } from '../../connectors/x/emulator.js';
import { buildApi } from '../../src/http/server.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser, disable } from '../../src/accounts/users.js';
import { channelHealth, createChannel, syncEntities, updateChannel } from '../../src/channels/channels.js';
import { checkChannelHealth } from '../../src/channels/health-alerts.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, xEntity, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { startSmtpSink } from '../helpers/smtp.js';

/**
 * Health that reaches people (issue 15), over real PostgreSQL, Redis, SMTP and the X emulator over
 * HTTP: a revoked token opens an outage; once it has lasted health.alertAfterMinutes (15) each admin
 * of the channel's entity gets one mail in their language, nobody else; every user of the entity sees
 * the banner; new credentials and a poll close the outage, catch up what was written meanwhile, and
 * mail the recovery once.
 */
const TOKEN_A = 'x-token-entity-a';
const TOKEN_B = 'x-token-entity-b';
const MINUTE = 60_000;

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let emu: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
// runtime.now() runs this far ahead of the clock
let ahead = 0;
const sessions = new Map<string, Session>();

async function as(email: string, url: string) {
  if (!sessions.has(email)) sessions.set(email, await logIn(api, email));
  return asSession(api, sessions.get(email)!, 'GET', url);
}

function recipients(from = 0): string[] {
  return smtp.mails.slice(from).flatMap((mail) => mail.to).sort();
}

/** The mail as read: quoted-printable soft line breaks and escapes undone. */
function body(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function subjectOf(raw: string): string {
  return /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
}

async function outages(channelId: string) {
  const { rows } = await db.query<{ ended_at: Date | null; reason: string; alert_mailed_at: Date | null; recovery_mailed_at: Date | null }>(
    'select ended_at, reason, alert_mailed_at, recovery_mailed_at from channel_outages where channel_id = $1 order by id',
    [channelId],
  );
  return rows;
}

function mention(text: string): void {
  emu.addMention({ toUserId: '5001', text, authorId: '9001', username: 'burger' });
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  smtp = await startSmtpSink();
  emu = new XEmulator({ pageSize: 2 });
  emu.addAccount({ userId: '5001', handle: 'entiteit_a', token: TOKEN_A });
  emu.addAccount({ userId: '5002', handle: 'entiteit_b', token: TOKEN_B });
  await emu.start();
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), smtpUrl: smtp.url, now: () => new Date(Date.now() + ahead) });
  const secrets = new SecretBox(TEST_SECRET);
  await syncEntities(db, [{ ...xEntity('a'), channels: [] }, { ...xEntity('b'), channels: [] }], secrets);
  for (const [id, entityId, userId, token] of [['a-x', 'a', '5001', TOKEN_A], ['b-x', 'b', '5002', TOKEN_B]] as const) {
    const channel = { id, entityId, platform: 'x' as const, name: `Burgerlijn ${entityId}`, account: { userId }, baseUrl: emu.url, credentials: { userAccessToken: token }, pollIntervalSeconds: 60, enabled: true };
    expect(await createChannel(db, channel, secrets, 'test')).toBe(true);
  }
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const [email, role, entities, language] of [
    ['admin-a-nl@test', 'admin', ['a'], 'nl'],
    ['admin-a-en@test', 'admin', ['a'], 'en'],
    ['admin-ab@test', 'admin', ['a', 'b'], 'nl'],
    ['admin-a-gone@test', 'admin', ['a'], 'nl'],
    ['agent-a@test', 'agent', ['a'], 'nl'],
    ['coord-a@test', 'coordinator', ['a'], 'nl'],
    ['admin-b@test', 'admin', ['b'], 'nl'],
    ['agent-b@test', 'agent', ['b'], 'nl'],
  ] as const) {
    const user = await createUser(db, { email, name: email.split('@')[0]!, role, entities: [...entities], language, passwordHash });
    if (email === 'admin-a-gone@test') await disable(db, user.id);
  }
  api = await buildApi(runtime, { apiToken: 'health-alerts-token' });
}, 60_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
  await emu.stop();
  await smtp.stop();
});

test('a revoked token: one alert per admin of the entity after the threshold, the banner for its users, one recovery after reconnecting', async () => {
  mention('eerste vraag over de openingsuren');
  expect(await pollChannel(runtime, 'a-x')).toMatchObject({ status: 'polled', inserted: 1 });
  expect(await pollChannel(runtime, 'b-x')).toMatchObject({ status: 'polled' });
  expect(await outages('a-x')).toEqual([]);

  emu.revokeToken(TOKEN_A);
  expect(await pollChannel(runtime, 'a-x')).toEqual({ status: 'auth_expired' });
  expect(await outages('a-x')).toEqual([expect.objectContaining({ ended_at: null, reason: 'auth_expired', alert_mailed_at: null })]);
  // written while the channel cannot read: more than one page of the emulator
  for (let i = 1; i <= 5; i++) mention(`vraag ${i} tijdens de storing`);

  // before the threshold: no mail, no banner, but the board says since when
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 0 });
  expect(smtp.mails).toHaveLength(0);
  expect((await as('agent-a@test', '/api/channels/alerts')).json()).toEqual({ alertAfterMinutes: 15, items: [] });
  const board = (await as('admin-ab@test', '/api/channels')).json().items as Array<{ id: string; unhealthySince: string | null; lastOutage: unknown }>;
  expect(board.find((c) => c.id === 'a-x')).toMatchObject({ unhealthySince: expect.any(String), lastOutage: null });
  expect(board.find((c) => c.id === 'b-x')).toMatchObject({ unhealthySince: null, lastOutage: null });

  // past the threshold: each active admin of a once, in their language; two checks at once change nothing
  ahead = 16 * MINUTE;
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 1, recoveries: 0 });
  expect(recipients()).toEqual(['admin-a-en@test', 'admin-a-nl@test', 'admin-ab@test']);
  const [again1, again2] = await Promise.all([checkChannelHealth(runtime), checkChannelHealth(runtime)]);
  expect(again1.alerts + again2.alerts).toBe(0);
  expect(smtp.mails).toHaveLength(3);
  const byRecipient = new Map(smtp.mails.map((mail) => [mail.to[0], body(mail.raw)]));
  expect(subjectOf(byRecipient.get('admin-a-nl@test')!)).toBe('Kanaal werkt niet: Burgerlijn a (X) (A)');
  expect(subjectOf(byRecipient.get('admin-a-en@test')!)).toBe('Channel not working: Burgerlijn a (X) (A)');
  expect(byRecipient.get('admin-a-nl@test')).toContain('http://inbox.test/admin/channels#channel-a-x');
  expect(byRecipient.get('admin-a-nl@test')).toContain('toegangssleutel');
  // no citizen's text in the mails
  expect(smtp.mails.some((mail) => /vraag|openingsuren/.test(body(mail.raw)))).toBe(false);

  // the banner: every user of a (agent, coordinator, admin), nobody of b
  for (const email of ['agent-a@test', 'coord-a@test', 'admin-a-nl@test']) {
    const alerts = await as(email, '/api/channels/alerts');
    expect({ email, status: alerts.statusCode }).toEqual({ email, status: 200 });
    expect(alerts.json().items).toEqual([{ channelId: 'a-x', channelName: 'Burgerlijn a', platform: 'x', entity: 'a', reason: 'auth_expired', since: expect.any(String) }]);
  }
  for (const email of ['agent-b@test', 'admin-b@test']) expect((await as(email, '/api/channels/alerts')).json().items).toEqual([]);

  // new credentials end "reconnect needed"; the next poll reads what was written meanwhile and ends the outage
  emu.restoreToken(TOKEN_A);
  expect(await updateChannel(db, 'a-x', { credentials: { userAccessToken: TOKEN_A } }, new SecretBox(TEST_SECRET), 'test')).toBeDefined();
  expect(await outages('a-x')).toEqual([expect.objectContaining({ ended_at: null })]);
  expect(await pollChannel(runtime, 'a-x')).toMatchObject({ status: 'polled', inserted: 5 });
  expect(await outages('a-x')).toEqual([expect.objectContaining({ ended_at: expect.any(Date), recovery_mailed_at: null })]);
  expect((await as('agent-a@test', '/api/channels/alerts')).json().items).toEqual([]);

  const before = smtp.mails.length;
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 1 });
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 0 });
  expect(recipients(before)).toEqual(['admin-a-en@test', 'admin-a-nl@test', 'admin-ab@test']);
  const recovery = body(smtp.mails.slice(before).find((mail) => mail.to[0] === 'admin-a-en@test')!.raw);
  expect(subjectOf(recovery)).toBe('Channel works again: Burgerlijn a (X) (A)');
  expect(recovery).toContain('Read so far: 5 messages written during the outage');

  const after = (await as('admin-a-nl@test', '/api/channels')).json().items.find((c: { id: string }) => c.id === 'a-x');
  expect(after).toMatchObject({ status: 'ok', unhealthySince: null, lastOutage: { startedAt: expect.any(String), endedAt: expect.any(String), caughtUp: 5 } });
  const messages = await db.query<{ n: number }>(`select count(*)::int as n from messages where channel_id = 'a-x' and direction = 'inbound'`);
  expect(messages.rows[0]!.n).toBe(6);
}, 60_000);

test('an outage that ends before the threshold mails nobody, not even a recovery', async () => {
  ahead = 0;
  const before = smtp.mails.length;
  emu.failNext(503, { count: 1 });
  expect(await pollChannel(runtime, 'b-x')).toMatchObject({ status: 'failed' });
  expect(await outages('b-x')).toEqual([expect.objectContaining({ ended_at: null, reason: 'failed' })]);
  expect(await pollChannel(runtime, 'b-x')).toMatchObject({ status: 'polled' });
  ahead = 60 * MINUTE;
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 0 });
  expect(smtp.mails.length).toBe(before);
});

test('a rate limit is an outage only beyond its reset: lifted in time, it leaves nothing', async () => {
  ahead = 0;
  await channelHealth.rateLimited(db, 'b-x', new Date(Date.now() + 10 * MINUTE), 'RateLimitedError: 429');
  expect((await outages('b-x')).filter((o) => o.ended_at === null)).toEqual([expect.objectContaining({ reason: 'rate_limited' })]);
  expect((await as('admin-b@test', '/api/channels')).json().items[0]).toMatchObject({ id: 'b-x', unhealthySince: null });
  await channelHealth.polled(db, 'b-x');
  expect((await outages('b-x')).filter((o) => o.ended_at === null)).toEqual([]);
  expect(await outages('b-x')).toHaveLength(1);
});

test('when no mail can be sent the claim is given back, and the next check sends it once', async () => {
  ahead = 0;
  await channelHealth.failed(db, 'b-x', 'TransientError: 503');
  ahead = 20 * MINUTE;
  // nothing listens on port 9 (discard): every mail fails
  const broken = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), smtpUrl: 'smtp://127.0.0.1:9', now: () => new Date(Date.now() + ahead) });
  try {
    expect(await checkChannelHealth(broken)).toEqual({ alerts: 0, recoveries: 0 });
  } finally {
    await broken.queues.close();
    broken.mailer.close();
  }
  expect((await outages('b-x')).at(-1)).toMatchObject({ ended_at: null, alert_mailed_at: null });
  const before = smtp.mails.length;
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 1, recoveries: 0 });
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 0 });
  expect(recipients(before)).toEqual(['admin-ab@test', 'admin-b@test']);
  await channelHealth.polled(db, 'b-x');
  expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 1 });
  expect(recipients(before)).toEqual(['admin-ab@test', 'admin-ab@test', 'admin-b@test', 'admin-b@test']);
});
