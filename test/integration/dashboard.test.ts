import { buildApi } from '../../src/http/server.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { createUser } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD } from '../helpers/api.js';

/**
 * The dashboard's numbers for a small fixture, worked out by hand. "Now" is Tuesday 10 March 2026,
 * 13:00 in Brussels (CET, UTC+1); the last 3 days are 8, 9 and 10 March, Brussels time.
 */
const NOW = new Date('2026-03-10T12:00:00.000Z');
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

const MINUTE = 60_000;

async function ticket(entity: string, channel: string, category: string, createdAt: string, times: { response?: number; resolved?: number; closed?: number } = {}): Promise<number> {
  const created = new Date(createdAt);
  const after = (minutes: number | undefined) => (minutes === undefined ? null : new Date(created.getTime() + minutes * MINUTE));
  const { rows } = await db.query<{ id: number }>(
    `insert into tickets (entity_id, channel_id, contact_id, conversation_key, category, created_at, first_response_at, resolved_at, closed_at)
     values ($1, $2, (select id from contacts limit 1), $3, $4, $5, $6, $7, $8) returning id`,
    [entity, channel, `k-${createdAt}`, category, created, after(times.response), after(times.resolved), after(times.closed)],
  );
  return rows[0]!.id;
}

async function complaint(ticketId: number, status: string, receivedAt: string, dates: { acknowledgedAt?: string; declinedAt?: string } = {}): Promise<void> {
  await db.query(
    `insert into complaints (ticket_id, entity_id, status, received_at, acknowledged_at, declined_at)
     select id, entity_id, $2, $3, $4, $5 from tickets where id = $1`,
    [ticketId, status, receivedAt, dates.acknowledgedAt ?? null, dates.declinedAt ?? null],
  );
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  const channel = (id: string, platform: 'x' | 'facebook', account: Record<string, string>) => ({ id, platform, account, credentials: {}, pollIntervalSeconds: 60, enabled: true });
  await syncEntities(
    db,
    [
      { id: 'd', name: 'D', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [channel('d-x', 'x', { userId: '1' }), channel('d-fb', 'facebook', { pageId: '2' })] },
      { id: 'o', name: 'O', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [channel('o-x', 'x', { userId: '3' })] },
    ],
    new SecretBox(TEST_SECRET),
  );
  await db.query(`insert into contacts (platform, platform_user_id, handle) values ('x', '77', 'burger')`);

  // 23:30 on 9 March in Brussels: answered after 30 min, resolved after 2 h.
  const t1 = await ticket('d', 'd-x', 'question', '2026-03-09T22:30:00Z', { response: 30, resolved: 120 });
  // 00:30 on 10 March in Brussels (still 9 March in UTC): answered after 1 h, closed (not resolved) after 10 h.
  const t2 = await ticket('d', 'd-x', 'question', '2026-03-09T23:30:00Z', { response: 60, closed: 600 });
  // merged into t2 a minute later (closed by the merge): counted in t2, neither as volume nor as a resolution
  const merged = await ticket('d', 'd-x', 'question', '2026-03-09T23:31:00Z', { closed: 1 });
  await db.query('update tickets set merged_into_id = $2 where id = $1', [merged, t2]);
  // 10 March: answered after 90 min, still open.
  const t3 = await ticket('d', 'd-fb', 'complaint', '2026-03-10T08:00:00Z', { response: 90 });
  // 23:59 on 7 March in Brussels: before the window, so its 1-minute answer does not count.
  const t4 = await ticket('d', 'd-x', 'question', '2026-03-07T22:59:00Z', { response: 1, resolved: 2 });
  // 00:01 on 8 March in Brussels: the window's first minute; never answered.
  const t5 = await ticket('d', 'd-x', 'other', '2026-03-07T23:01:00Z');
  // Another entity's ticket, in the window.
  await ticket('o', 'o-x', 'question', '2026-03-10T09:00:00Z', { response: 5 });

  // Received 20 Feb, not acknowledged: the 10-day term ended 2 March → overdue.
  await complaint(t1, 'received', '2026-02-20T10:00:00Z');
  // Received 3 March: acknowledge by 13 March, 3 days left → due soon.
  await complaint(t2, 'intake_incomplete', '2026-03-03T10:00:00Z');
  // Acknowledged; the answer is due 23 April → on track.
  await complaint(t3, 'acknowledged', '2026-03-09T10:00:00Z', { acknowledgedAt: '2026-03-09T12:00:00Z' });
  // Finished procedures count no more, however old.
  await complaint(t4, 'closed', '2026-01-01T10:00:00Z', { acknowledgedAt: '2026-01-02T10:00:00Z' });
  await complaint(t5, 'declined', '2026-01-20T10:00:00Z', { declinedAt: '2026-01-21T10:00:00Z' });

  // The tickets' own state and SLA targets: t1 and t4 resolved, t2 (and the merged one) closed; t3 and
  // t5 are worked on. t5 was never answered and its first response was due an hour ago: past its SLA.
  // t3's resolution is due tomorrow. The other entity's ticket is past its target but not counted for d.
  await db.query(`update tickets set status = 'resolved' where id = any($1::int8[])`, [[t1, t4]]);
  await db.query(`update tickets set status = 'closed' where id = any($1::int8[])`, [[t2, merged]]);
  await db.query(`update tickets set first_response_due_at = $2 where id = $1`, [t5, new Date(NOW.getTime() - 60 * MINUTE)]);
  await db.query(`update tickets set resolution_due_at = $2 where id = $1`, [t3, new Date(NOW.getTime() + 24 * 60 * MINUTE)]);
  await db.query(`update tickets set resolution_due_at = $1 where entity_id = 'o'`, [new Date(NOW.getTime() - MINUTE)]);

  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'coord-d@test', name: 'Coordinator D', role: 'coordinator', entities: ['d'], passwordHash });
  await createUser(db, { email: 'admin-do@test', name: 'Admin DO', role: 'admin', entities: ['d', 'o'], passwordHash });
  await createUser(db, { email: 'agent-d@test', name: 'Agent D', role: 'agent', entities: ['d'], passwordHash });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), now: () => NOW });
  api = await buildApi(runtime, { apiToken: undefined });
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

async function dashboard(email: string, query: string) {
  return asSession(api, await logIn(api, email), 'GET', `/api/dashboard${query}`);
}

test("one entity's last 3 days: volume by local day, medians, complaint deadlines, tickets past their SLA", async () => {
  const response = await dashboard('coord-d@test', '?entity=d&days=3');
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({
    volume: [
      { day: '2026-03-08', platform: 'x', category: 'other', count: 1 },
      { day: '2026-03-09', platform: 'x', category: 'question', count: 1 },
      { day: '2026-03-10', platform: 'facebook', category: 'complaint', count: 1 },
      { day: '2026-03-10', platform: 'x', category: 'question', count: 1 },
    ],
    // 30, 60 and 90 minutes (t5 was never answered)
    medianFirstResponseMinutes: 60,
    // 120 (resolved) and 600 (closed) minutes
    medianResolutionMinutes: 360,
    openComplaints: { overdue: 1, dueSoon: 1, onTrack: 1 },
    // complaints past a legal term and tickets past their SLA are different figures: t3 and t5 are open, t5 is late
    openTickets: { total: 2, overSla: 1 },
  });
});

test('without an entity, all of the caller\'s entities; a longer window takes in the older ticket', async () => {
  const response = await dashboard('admin-do@test', '?days=4');
  const body = response.json();
  expect(body.volume).toEqual([
    { day: '2026-03-07', platform: 'x', category: 'question', count: 1 },
    { day: '2026-03-08', platform: 'x', category: 'other', count: 1 },
    { day: '2026-03-09', platform: 'x', category: 'question', count: 1 },
    { day: '2026-03-10', platform: 'facebook', category: 'complaint', count: 1 },
    { day: '2026-03-10', platform: 'x', category: 'question', count: 2 },
  ]);
  // 1, 5, 30, 60, 90
  expect(body.medianFirstResponseMinutes).toBe(30);
  // 2, 120, 600
  expect(body.medianResolutionMinutes).toBe(120);
  // d's t3 and t5, and o's ticket, whose resolution was due a minute ago
  expect(body.openTickets).toEqual({ total: 3, overSla: 2 });
});

test('"today" is the Brussels day: the ticket of 00:30 counts, its UTC date does not matter; bad input is named', async () => {
  const today = await dashboard('coord-d@test', '?entity=d&days=1');
  expect(today.json()).toMatchObject({
    volume: [
      { day: '2026-03-10', platform: 'facebook', category: 'complaint', count: 1 },
      { day: '2026-03-10', platform: 'x', category: 'question', count: 1 },
    ],
    medianFirstResponseMinutes: 75,
    medianResolutionMinutes: 600,
  });
  await db.query(`insert into entities (id, name) values ('quiet', 'Quiet')`);
  await db.query(`insert into user_entities (user_id, entity_id) select id, 'quiet' from users where email = 'admin-do@test'`);
  expect((await dashboard('admin-do@test', '?entity=quiet')).json()).toEqual({
    volume: [],
    medianFirstResponseMinutes: null,
    medianResolutionMinutes: null,
    openComplaints: { overdue: 0, dueSoon: 0, onTrack: 0 },
    openTickets: { total: 0, overSla: 0 },
  });
  expect((await dashboard('coord-d@test', '?entity=d&days=0')).json().message).toMatch(/^days:/);
  expect((await dashboard('coord-d@test', '?entity=o')).statusCode).toBe(404);
  // the communication team sees its own entity's numbers too, not another's
  const agent = await dashboard('agent-d@test', '?entity=d&days=3');
  expect(agent.statusCode).toBe(200);
  expect(agent.json()).toEqual((await dashboard('coord-d@test', '?entity=d&days=3')).json());
  expect((await dashboard('agent-d@test', '?entity=o')).statusCode).toBe(404);
});
