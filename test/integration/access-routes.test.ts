import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { PUBLIC_API_ROUTES } from '../../src/accounts/access.js';
import { buildApi } from '../../src/http/server.js';
import { isDocsRoute } from '../../src/http/openapi.js';
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
import { closeApiTest, logIn, TEST_PASSWORD, xEntity, type Method, type Session } from '../helpers/api.js';

/**
 * Every API route, enumerated from the app's own route table: a route added without a line in
 * ROUTES below fails this test. For each one, people of entity "alfa" (agent, coordinator, admin)
 * get 403 or 404 on entity "bravo"'s tickets, cases, channels, users, views, canned responses and
 * quarantined items, lists never show bravo's data, and agents get 403/404 on every admin action.
 */
const TOKEN = 'access-routes-token';
// Everything entity bravo owns carries this word, so a leak shows up in any response body.
const BRAVO = /bravo/i;

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

interface Subjects {
  ticket: number;
  otherTicket: number;
  case: number;
  channel: string;
  user: number;
  view: number;
  canned: number;
  quarantine: number;
  backfill: number;
  contact: number;
  signal: number;
}
const subjects: Record<'alfa' | 'bravo', Subjects> = { alfa: {} as Subjects, bravo: {} as Subjects };

type Request = [url: string, payload?: unknown];
interface RouteCase {
  /** The request against `s`, one entity's subjects. */
  request: (s: Subjects, entity: string) => Request;
  /** 'subject': acts on one entity's thing; 'list': answers with the caller's scope; 'self': about the caller only. */
  kind: 'subject' | 'list' | 'self';
  /** Only admins (channels, entities, users, SLA policies): an agent of the same entity is refused. */
  admin?: boolean;
}

const SLA = {
  businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
  holidays: ['2026-12-25'],
  policies: [{ priority: 'high', firstResponseMinutes: 120, resolutionMinutes: 960 }],
};

const ROUTES: Record<string, RouteCase> = {
  'POST /api/auth/logout': { kind: 'self', request: () => ['/api/auth/logout'] },
  'GET /api/auth/me': { kind: 'self', request: () => ['/api/auth/me'] },
  'PATCH /api/auth/me': { kind: 'self', request: () => ['/api/auth/me', { language: 'nl' }] },
  'POST /api/auth/password': { kind: 'self', request: () => ['/api/auth/password', { currentPassword: 'x', newPassword: 'y' }] },
  'GET /api/events': { kind: 'self', request: () => ['/api/events'] },
  'GET /api/tickets': { kind: 'list', request: (_, e) => [`/api/tickets?entity=${e}`] },
  'GET /api/tickets/:id': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}`] },
  'GET /api/tickets/:id/messages/:messageId/attachments/:index': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/messages/1/attachments/0`] },
  'PATCH /api/tickets/:id/category': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/category`, { category: 'question' }] },
  'POST /api/tickets/:id/category/confirm': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/category/confirm`] },
  'POST /api/tickets/:id/replies': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/replies`, { text: 'Dag', visibility: 'private' }] },
  'POST /api/tickets/:id/replies/:messageId/resend': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/replies/1/resend`] },
  'POST /api/tickets/:id/replies/:messageId/mark-sent': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/replies/1/mark-sent`, {}] },
  'POST /api/tickets/:id/replies/:messageId/approve': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/replies/1/approve`, {}] },
  'DELETE /api/tickets/:id/replies/:messageId': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/replies/1`] },
  'PATCH /api/tickets/:id': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}`, { priority: 'high' }] },
  'POST /api/tickets/:id/claim': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/claim`] },
  'POST /api/tickets/:id/notes': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/notes`, { text: 'intern' }] },
  'PUT /api/tickets/:id/tags': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/tags`, { tags: ['x'] }] },
  'POST /api/tickets/:id/snooze': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/snooze`, { untilReply: true }] },
  'DELETE /api/tickets/:id/snooze': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/snooze`] },
  'POST /api/tickets/:id/read': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/read`] },
  'POST /api/tickets/:id/presence': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/presence`, { state: 'viewing' }] },
  // every entity's name, the same for every principal: a referral may go to any entity
  'GET /api/referral-targets': { kind: 'self', request: () => ['/api/referral-targets'] },
  'GET /api/tickets/:id/referral-preview': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/referral-preview?to=alfa`] },
  'POST /api/tickets/:id/referrals': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/referrals`, { to: 'alfa', note: 'doorverwezen', reply: null }] },
  'GET /api/tickets/:id/referrals': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/referrals`] },
  'GET /api/referrals': { kind: 'list', request: (_, e) => [`/api/referrals?direction=sent&entity=${e}`] },
  'GET /api/reports/referrals': { kind: 'subject', request: (_, e) => [`/api/reports/referrals?entity=${e}`] },
  'GET /api/tickets/:id/moderation': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/moderation`] },
  // the message need not exist: the ticket decides who may ask
  'POST /api/tickets/:id/messages/:messageId/moderation': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/messages/1/moderation`, { action: 'hide' }] },
  'GET /api/entities/:id/moderation-policy': { kind: 'subject', request: (_, e) => [`/api/entities/${e}/moderation-policy`] },
  'PUT /api/entities/:id/moderation-policy': { kind: 'subject', admin: true, request: (_, e) => [`/api/entities/${e}/moderation-policy`, { autoHide: [] }] },
  'GET /api/assignees': { kind: 'list', request: (_, e) => [`/api/assignees?entity=${e}`] },
  'GET /api/tags': { kind: 'list', request: (_, e) => [`/api/tags?entity=${e}`] },
  'POST /api/tickets/:id/merge': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/merge`, { sourceId: s.otherTicket }] },
  'POST /api/tickets/bulk': { kind: 'list', request: (s) => ['/api/tickets/bulk', { ids: [s.ticket], action: { type: 'close' } }] },
  'GET /api/tickets/:id/canned-responses': { kind: 'subject', request: (s) => [`/api/tickets/${s.ticket}/canned-responses`] },
  'GET /api/canned-responses': { kind: 'list', request: (_, e) => [`/api/canned-responses?entity=${e}`] },
  'POST /api/canned-responses': { kind: 'subject', request: (_, e) => ['/api/canned-responses', { entity: e, lang: 'nl', title: 'T', body: 'B' }] },
  'PATCH /api/canned-responses/:id': { kind: 'subject', request: (s) => [`/api/canned-responses/${s.canned}`, { title: 'T2' }] },
  'DELETE /api/canned-responses/:id': { kind: 'subject', request: (s) => [`/api/canned-responses/${s.canned}`] },
  'GET /api/views': { kind: 'list', request: () => ['/api/views'] },
  'POST /api/views': { kind: 'self', request: () => ['/api/views', { name: 'mijn view', filter: {} }] },
  'DELETE /api/views/:id': { kind: 'subject', request: (s) => [`/api/views/${s.view}`] },
  'GET /api/entities': { kind: 'list', request: () => ['/api/entities'] },
  'PATCH /api/entities/:id': { kind: 'subject', admin: true, request: (_, e) => [`/api/entities/${e}`, { autoAssign: 'round_robin' }] },
  'GET /api/entities/:id/sla': { kind: 'subject', request: (_, e) => [`/api/entities/${e}/sla`] },
  'PUT /api/entities/:id/sla': { kind: 'subject', admin: true, request: (_, e) => [`/api/entities/${e}/sla`, SLA] },
  'GET /api/channels': { kind: 'list', request: () => ['/api/channels'] },
  'GET /api/channels/alerts': { kind: 'list', request: () => ['/api/channels/alerts'] },
  'GET /api/platforms': { kind: 'self', request: () => ['/api/platforms'] }, // the same for every principal
  'GET /api/channels/:id': { kind: 'subject', request: (s) => [`/api/channels/${s.channel}`] },
  'POST /api/channels': { kind: 'subject', admin: true, request: (_, e) => ['/api/channels', { id: `${e}-new`, entity: e, platform: 'x', account: { userId: '9' } }] },
  'PATCH /api/channels/:id': { kind: 'subject', admin: true, request: (s) => [`/api/channels/${s.channel}`, { pollIntervalSeconds: 120 }] },
  'POST /api/channels/:id/poll': { kind: 'subject', admin: true, request: (s) => [`/api/channels/${s.channel}/poll`] },
  'POST /api/channels/:id/backfills': { kind: 'subject', admin: true, request: (s) => [`/api/channels/${s.channel}/backfills`, { since: '2026-01-01' }] },
  'GET /api/channels/:id/backfills': { kind: 'subject', request: (s) => [`/api/channels/${s.channel}/backfills`] },
  'POST /api/backfills/:id/cancel': { kind: 'subject', admin: true, request: (s) => [`/api/backfills/${s.backfill}/cancel`] },
  'POST /api/channels/connect/:platform/start': { kind: 'subject', admin: true, request: (_, e) => ['/api/channels/connect/x/start', { entity: e }] },
  'GET /api/channels/connections/:id/accounts': { kind: 'subject', admin: true, request: (_, e) => [`/api/channels/connections/${e}-connection/accounts`] },
  'POST /api/channels/connections/:id/attach': { kind: 'subject', admin: true, request: (_, e) => [`/api/channels/connections/${e}-connection/attach`, { account: '1', channel: { id: `${e}-oauth` } }] },
  'GET /api/channels/:id/quarantine': { kind: 'subject', request: (s) => [`/api/channels/${s.channel}/quarantine`] },
  'POST /api/quarantine/:id/retry': { kind: 'subject', admin: true, request: (s) => [`/api/quarantine/${s.quarantine}/retry`] },
  'POST /api/quarantine/:id/dismiss': { kind: 'subject', admin: true, request: (s) => [`/api/quarantine/${s.quarantine}/dismiss`] },
  'GET /api/users': { kind: 'list', admin: true, request: () => ['/api/users'] },
  'POST /api/users': { kind: 'subject', admin: true, request: (_, e) => ['/api/users', { email: `new-${e}@example.org`, name: 'N', role: 'agent', entities: [e] }] },
  'PATCH /api/users/:id': { kind: 'subject', admin: true, request: (s) => [`/api/users/${s.user}`, { name: 'Renamed' }] },
  'GET /api/dashboard': { kind: 'subject', request: (_, e) => [`/api/dashboard?entity=${e}`] },
  'GET /api/reports/classifier': { kind: 'subject', request: (_, e) => [`/api/reports/classifier?entity=${e}`] },
  'GET /api/cases': { kind: 'list', request: (_, e) => [`/api/cases?entity=${e}`] },
  'GET /api/cases/:id': { kind: 'subject', request: (s) => [`/api/cases/${s.case}`] },
  'GET /api/cases/:id/suggested-details': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/suggested-details`] },
  'POST /api/cases/:id/actions': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/actions`, { type: 'request_details', sentElsewhere: 'per telefoon' }] },
  'GET /api/cases/:id/letters': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/letters`] },
  'POST /api/cases/:id/letters/preview': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/letters/preview`, { kind: 'interim' }] },
  'POST /api/cases/:id/letters': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/letters`, { kind: 'interim', language: 'nl', subject: 'Stand van zaken', body: 'We behandelen uw klacht nog.', route: 'channel' }] },
  'POST /api/cases/:id/letters/:letterId/posted': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/letters/999999/posted`] },
  'DELETE /api/cases/:id/letters/:letterId': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/letters/999999`] },
  'GET /api/cases/:id/letters/:letterId/pdf': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/letters/999999/pdf`] },
  'POST /api/cases/:id/intake': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/intake`, { name: 'X' }] },
  'POST /api/cases/:id/not-a-complaint': { kind: 'subject', request: (s) => [`/api/cases/${s.case}/not-a-complaint`, { reason: 'r' }] },
  'GET /api/reports/complaints': { kind: 'subject', request: (_, e) => [`/api/reports/complaints?year=2026&entity=${e}`] },
  'GET /api/entities/:entity/contacts/:contactId': { kind: 'subject', request: (s, e) => [`/api/entities/${e}/contacts/${s.contact}`] },
  'GET /api/entities/:entity/contacts/:contactId/export': { kind: 'subject', request: (s, e) => [`/api/entities/${e}/contacts/${s.contact}/export`] },
  'GET /api/entities/:entity/contacts/:contactId/erasure': { kind: 'subject', admin: true, request: (s, e) => [`/api/entities/${e}/contacts/${s.contact}/erasure`] },
  'POST /api/entities/:entity/contacts/:contactId/erasure': { kind: 'subject', admin: true, request: (s, e) => [`/api/entities/${e}/contacts/${s.contact}/erasure`, { confirm: true }] },
  'GET /api/entities/:id/retention': { kind: 'subject', request: (_, e) => [`/api/entities/${e}/retention`] },
  'GET /api/signals': { kind: 'list', request: () => ['/api/signals?days=30'] },
  'POST /api/signals/:id/acknowledge': { kind: 'subject', request: (s) => [`/api/signals/${s.signal}/acknowledge`] },
  'POST /api/signals/:id/dismiss': { kind: 'subject', request: (s) => [`/api/signals/${s.signal}/dismiss`] },
  'POST /api/signals/detect': { kind: 'subject', admin: true, request: (_, e) => ['/api/signals/detect', { entity: e }] },
  'PUT /api/entities/:id/retention': { kind: 'subject', admin: true, request: (_, e) => [`/api/entities/${e}/retention`, { rawPayloadDays: 90, closedTicketTextYears: 5 }] },
};

const login = (email: string) => logIn(api, email);

function send(method: Method, [url, payload]: Request, headers: Record<string, string>) {
  return api.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

const asUser = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });
const asMachine = { authorization: `Bearer ${TOKEN}` };

function complaint(id: string, author: string, marker: string): RawItem {
  const text = `ik wil een klacht indienen over ${marker}: de bus van 8u10 reed door aan mijn halte`;
  return { type: 'mention', externalId: id, payload: { tweet: { id, text, author_id: author, created_at: new Date().toISOString() }, author: { id: author, username: `${marker}user` } } };
}

function routeKey(route: { method: string; url: string }): string {
  return `${route.method} ${route.url}`;
}

/** The routes the access rules apply to: every /api route but login, OIDC and the public docs. */
function guardedRoutes(): string[] {
  return api.routeTable.filter((r) => r.url.startsWith('/api/') && !PUBLIC_API_ROUTES.has(r.url) && !isDocsRoute(r.url)).map(routeKey);
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  const entity = (id: 'alfa' | 'bravo') => xEntity(id, { coordinator: { name: 'K', email: `k@${id}.test` } });
  const secrets = new SecretBox(TEST_SECRET);
  await syncEntities(db, [entity('alfa'), entity('bravo')], secrets);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: TOKEN });

  for (const key of ['alfa', 'bravo'] as const) {
    const channel = (await loadChannel(db, `${key}-x`, secrets))!.context as ChannelContext;
    const malformed: RawItem = { type: 'mention', externalId: `${key}-broken`, payload: { tweet: { id: `${key}-broken` } } };
    await ingest(db, { channel, items: [complaint(`${key}-1`, `${key}-author`, key), complaint(`${key}-2`, `${key}-author`, key), malformed], normalize: normalizeX });
    const tickets = await db.query<{ id: number; contact_id: number }>('select id, contact_id from tickets where entity_id = $1 order by id', [key]);
    const cases = await db.query<{ id: number }>('select id from complaints where entity_id = $1 order by id limit 1', [key]);
    const quarantined = await db.query<{ id: number }>('select id from quarantine where channel_id = $1', [`${key}-x`]);
    const backfill = await db.query<{ id: number }>(
      `insert into backfills (channel_id, since, until, status, requested_by) values ($1, '2026-01-01', '2026-01-02', 'done', 'test') returning id::int`,
      [`${key}-x`],
    );
    const signal = await db.query<{ id: number }>(
      `insert into topic_signals (entity_id, topic, phrase, window_start, window_end, message_count, baseline_count, baseline_days, expected, ratio, p_value)
       values ($1, 42, $2, now() - interval '1 hour', now(), 30, 1, 7, 0.2, 150, 1e-12) returning id::int`,
      [key, `${key} stremming`],
    );
    const admin = await createUser(db, { email: `admin-${key}@test`, name: `Admin ${key}`, role: 'admin', entities: [key], passwordHash });
    const session = await login(`admin-${key}@test`);
    const view = await send('POST', ['/api/views', { name: `${key} view`, filter: {}, shared: true }], asUser(session));
    const canned = await send('POST', ['/api/canned-responses', { entity: key, lang: 'nl', title: `${key} antwoord`, body: `Dag {{contact.name}}, ${key}` }], asMachine);
    await send('PUT', [`/api/tickets/${tickets.rows[0]!.id}/tags`, { tags: [`${key}-tag`] }], asMachine);
    await send('POST', [`/api/tickets/${tickets.rows[0]!.id}/notes`, { text: `${key} note` }], asMachine);
    expect([view.statusCode, canned.statusCode]).toEqual([201, 201]);
    subjects[key] = {
      ticket: tickets.rows[0]!.id,
      otherTicket: tickets.rows[1]?.id ?? tickets.rows[0]!.id,
      case: cases.rows[0]!.id,
      channel: `${key}-x`,
      user: admin.id,
      view: view.json().id,
      canned: canned.json().id,
      quarantine: quarantined.rows[0]!.id,
      backfill: backfill.rows[0]!.id,
      contact: Number(tickets.rows[0]!.contact_id),
      signal: signal.rows[0]!.id,
    };
  }
  await createUser(db, { email: 'agent-alfa@test', name: 'Agent Alfa', role: 'agent', entities: ['alfa'], passwordHash });
  await createUser(db, { email: 'coord-alfa@test', name: 'Coordinator Alfa', role: 'coordinator', entities: ['alfa'], passwordHash });
}, 60_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

test('every guarded API route is in the table (add new routes to ROUTES)', () => {
  const routes = guardedRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(Object.keys(ROUTES).length);
  expect(routes.filter((route) => !(route in ROUTES))).toEqual([]);
  expect(Object.keys(ROUTES).filter((route) => !routes.includes(route))).toEqual([]);
});

test('without a session or token every guarded route answers 401', async () => {
  for (const key of guardedRoutes()) {
    const method = key.split(' ')[0] as Method;
    const response = await send(method, ROUTES[key]!.request(subjects.bravo, 'bravo'), {});
    expect({ key, status: response.statusCode }).toEqual({ key, status: 401 });
  }
});

test.each(['agent-alfa@test', 'coord-alfa@test', 'admin-alfa@test'])("%s gets 403 or 404 on bravo's subjects and never sees bravo's data", async (email) => {
  const session = await login(email);
  const leaks: string[] = [];
  for (const key of guardedRoutes()) {
    const method = key.split(' ')[0] as Method;
    const route = ROUTES[key]!;
    if (route.kind === 'self' || key === 'GET /api/events') continue;
    const response = await send(method, route.request(subjects.bravo, 'bravo'), asUser(session));
    if (route.kind === 'subject') {
      if (![403, 404].includes(response.statusCode)) leaks.push(`${key} → ${response.statusCode}`);
    } else if (response.statusCode < 400 && BRAVO.test(response.body)) {
      leaks.push(`${key} shows bravo's data`);
    } else if (response.statusCode === 200 && key === 'POST /api/tickets/bulk' && response.json().updated.length > 0) {
      leaks.push(`${key} updated bravo's ticket`);
    }
  }
  expect(leaks).toEqual([]);
  // and the tickets of bravo are untouched
  const bravo = await db.query<{ status: string; priority: string }>('select status, priority from tickets where id = $1', [subjects.bravo.ticket]);
  expect(bravo.rows[0]).toMatchObject({ priority: 'medium' });
  expect(bravo.rows[0]!.status).not.toBe('closed');
});

test('the leak check sees a leak: the machine token, which may see every entity, gets bravo in every list', async () => {
  // views, the health banner and referrals are empty here for everyone: there is nothing of bravo's to leak
  const empty = ['GET /api/views', 'GET /api/channels/alerts', 'GET /api/referrals'];
  for (const key of guardedRoutes().filter((k) => ROUTES[k]!.kind === 'list' && k.startsWith('GET ') && !empty.includes(k))) {
    const response = await send('GET', ROUTES[key]!.request(subjects.bravo, 'bravo'), asMachine);
    expect({ key, status: response.statusCode, leak: BRAVO.test(response.body) }).toEqual({ key, status: 200, leak: true });
  }
});

test('an agent is refused every admin action, even in its own entity', async () => {
  const agent = await login('agent-alfa@test');
  const allowed: string[] = [];
  for (const key of guardedRoutes()) {
    const route = ROUTES[key]!;
    if (!route.admin) continue;
    const response = await send(key.split(' ')[0] as Method, route.request(subjects.alfa, 'alfa'), asUser(agent));
    if (![403, 404].includes(response.statusCode)) allowed.push(`${key} → ${response.statusCode}`);
  }
  expect(allowed).toEqual([]);
  const board = await api.inject({ method: 'GET', url: '/admin/queues', headers: asUser(agent) });
  expect(board.statusCode).toBe(403);
});

test("alfa's admin can do those admin actions in alfa (the refusals above are about the role, not a broken route)", async () => {
  const admin = await login('admin-alfa@test');
  // channels from the configuration file are changed in the file: this one is made through the API
  const created = await send('POST', ['/api/channels', { id: 'alfa-app', entity: 'alfa', platform: 'x', account: { userId: 'alfa-2' } }], asUser(admin));
  expect(created.statusCode).toBe(201);
  const statuses: Record<string, number> = {};
  for (const key of ['GET /api/users', 'POST /api/users', 'PATCH /api/entities/:id', 'GET /api/channels/:id', 'PATCH /api/channels/:id', 'PUT /api/entities/:id/sla', 'POST /api/quarantine/:id/dismiss']) {
    statuses[key] = (await send(key.split(' ')[0] as Method, ROUTES[key]!.request({ ...subjects.alfa, channel: 'alfa-app' }, 'alfa'), asUser(admin))).statusCode;
  }
  expect(statuses).toEqual({
    'GET /api/users': 200,
    'POST /api/users': 201,
    'PATCH /api/entities/:id': 200,
    'GET /api/channels/:id': 200,
    'PATCH /api/channels/:id': 200,
    'PUT /api/entities/:id/sla': 200,
    'POST /api/quarantine/:id/dismiss': 200,
  });
});

// Last: it moves one of bravo's tickets to alfa.
test("a ticket bravo refers to alfa crosses alone: bravo keeps only the trace, alfa sees none of bravo's other tickets", async () => {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'agent-bravo@test', name: 'Agent Bravo', role: 'agent', entities: ['bravo'], passwordHash });
  const bravo = await login('agent-bravo@test');
  const referred = subjects.bravo.otherTicket;
  expect(referred).not.toBe(subjects.bravo.ticket);
  expect((await send('POST', [`/api/tickets/${referred}/notes`, { text: 'bravo-only notitie' }], asUser(bravo))).statusCode).toBe(201);
  const created = await send('POST', [`/api/tickets/${referred}/referrals`, { to: 'alfa', note: 'voor alfa', reply: null }], asUser(bravo));
  expect(created.statusCode).toBe(201);

  // bravo's agent: every route on the referred ticket answers 404 now (its messages, notes, replies, status…)
  const reached: string[] = [];
  for (const key of guardedRoutes().filter((k) => k.includes('/api/tickets/:id'))) {
    const response = await send(key.split(' ')[0] as Method, ROUTES[key]!.request({ ...subjects.bravo, ticket: referred, otherTicket: referred }, 'bravo'), asUser(bravo));
    if (response.statusCode !== 404) reached.push(`${key} → ${response.statusCode}`);
  }
  expect(reached).toEqual([]);
  // only the trace: to whom, the note, the outcome; none of the citizen's words, none of the ticket's notes
  const trace = await send('GET', ['/api/referrals?direction=sent'], asUser(bravo));
  expect(trace.json().items).toMatchObject([{ ticketId: referred, to: { id: 'alfa' }, note: 'voor alfa', outcome: { entity: { id: 'alfa' } } }]);
  expect(trace.body).not.toMatch(/klacht indienen|bravo-only notitie/);

  // alfa's agent: the referred ticket, and nothing else of bravo's
  const alfa = await login('agent-alfa@test');
  const queue = (await send('GET', ['/api/tickets'], asUser(alfa))).json().items.map((t: { id: number }) => t.id);
  expect(queue).toContain(referred);
  expect(queue).not.toContain(subjects.bravo.ticket);
  expect((await send('GET', [`/api/tickets/${subjects.bravo.ticket}`], asUser(alfa))).statusCode).toBe(404);
  expect((await send('GET', [`/api/tickets/${referred}`], asUser(alfa))).statusCode).toBe(200);
  expect((await send('GET', [`/api/cases/${subjects.bravo.case}`], asUser(await login('coord-alfa@test')))).statusCode).toBe(404);
});
