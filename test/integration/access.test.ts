import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { buildApi } from '../../src/http/server.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { createUser } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, xEntity, type Method, type Session } from '../helpers/api.js';

/**
 * Users see and act only for their own entities, in every API route; an agent cannot do a
 * coordinator's or an admin's work. Entity A's people get 404 on entity B's subjects.
 */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
const ids: Record<'a' | 'b', { ticket: number; case: number }> = { a: { ticket: 0, case: 0 }, b: { ticket: 0, case: 0 } };

const login = (email: string) => logIn(api, email);
const as = (session: Session, method: Method, url: string, payload?: unknown) => asSession(api, session, method, url, payload);

function complaint(id: string, author: string): RawItem {
  return {
    type: 'mention',
    externalId: id,
    payload: { tweet: { id, text: 'ik wil een klacht indienen: de bus van 8u10 reed door aan mijn halte', author_id: author, created_at: new Date().toISOString() }, author: { id: author, username: `u${author}` } },
  };
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  const entity = (id: string) => xEntity(id, { coordinator: { name: 'K', email: `k@${id}.test` } });
  await syncEntities(db, [entity('a'), entity('b')], new SecretBox(TEST_SECRET));
  for (const [key, author] of [['a', '11'], ['b', '22']] as const) {
    const channel = (await loadChannel(db, `${key}-x`, new SecretBox(TEST_SECRET)))!.context as ChannelContext;
    await ingest(db, { channel, items: [complaint(`${key}100`, author)], normalize: normalizeX });
    const { rows } = await db.query<{ ticket: number; case: number }>(
      `select t.id as ticket, c.id as case from tickets t join complaints c on c.ticket_id = t.id where t.entity_id = $1`,
      [key],
    );
    ids[key] = rows[0]!;
  }
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'agent-a@test', name: 'Agent A', role: 'agent', entities: ['a'], passwordHash });
  await createUser(db, { email: 'coord-a@test', name: 'Coordinator A', role: 'coordinator', entities: ['a'], passwordHash });
  await createUser(db, { email: 'admin-a@test', name: 'Admin A', role: 'admin', entities: ['a'], passwordHash });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'access-token' });
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

test('an encoded path does not get past authentication', async () => {
  for (const url of ['/%61pi/tickets', '/api/%74ickets', '/%61pi/cases', '/api/channels']) {
    expect((await api.inject({ url })).statusCode).toBe(401);
  }
});

// Every route × entity B's subjects is in access-routes.test.ts; here: what each role may do in its own entity.
test('an agent works tickets but cannot act on complaint cases or reports', async () => {
  const agent = await login('agent-a@test');
  expect((await as(agent, 'GET', `/api/tickets/${ids.a.ticket}`)).statusCode).toBe(200);
  expect((await as(agent, 'POST', `/api/cases/${ids.a.case}/actions`, { type: 'request_details' })).statusCode).toBe(404);
  expect((await as(agent, 'GET', '/api/cases')).json().items).toEqual([]);
  expect((await as(agent, 'GET', '/api/reports/complaints?year=2026&entity=a')).statusCode).toBe(404);
});

test('a coordinator acts on their cases but does not reply on the platforms', async () => {
  const coordinator = await login('coord-a@test');
  expect((await as(coordinator, 'POST', `/api/cases/${ids.a.case}/actions`, { type: 'request_details', sentElsewhere: 'per telefoon' })).json().state).toBe('intake_incomplete');
  expect((await as(coordinator, 'POST', `/api/tickets/${ids.a.ticket}/replies`, { text: 'Dag', visibility: 'private' })).statusCode).toBe(403);
  const report = await as(coordinator, 'GET', '/api/reports/complaints?year=2026');
  expect(report.statusCode).toBe(200);
  const audit = await db.query<{ actor: string }>(`select actor from audit_log where action = 'case.request_details' and subject_id = $1`, [String(ids.a.case)]);
  expect(audit.rows.map((r) => r.actor)).toContain('user:coord-a@test');
});

test('state-changing requests without the CSRF header are refused', async () => {
  const coordinator = await login('coord-a@test');
  const response = await api.inject({
    method: 'POST',
    url: `/api/cases/${ids.a.case}/actions`,
    headers: { cookie: coordinator.cookie },
    payload: { type: 'escalate', why: 'test' },
  });
  expect(response.statusCode).toBe(403);
});
