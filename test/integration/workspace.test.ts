import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { ROLE_PERMISSIONS } from '../../src/accounts/access.js';
import { buildApi } from '../../src/http/server.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { EVENTS_CHANNEL, parseEvent, type InboxEvent } from '../../src/db/events.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { createUser } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, xEntity, type Method, type Session } from '../helpers/api.js';

/**
 * The agent's workspace through the API (issue 12): snoozing a ticket (until a time, until the
 * citizen writes again), read state per person, who else is on a ticket, and the permissions
 * /api/auth/me hands the web app.
 */
const TOKEN = 'workspace-token';
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let now: Date | undefined;
let channel: ChannelContext;
const users: Record<string, number> = {};
const sessions: Record<string, Session> = {};
let nextTweet = 50_000;

function as(who: string, method: Method, url: string, payload?: unknown) {
  return asSession(api, sessions[who]!, method, url, payload);
}

function asToken(method: Method, url: string, payload?: unknown) {
  return api.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

function mention(author: string, text: string, sentAt: Date, conversationId?: string): RawItem {
  const id = String(nextTweet++);
  return {
    type: 'mention',
    externalId: id,
    payload: {
      tweet: { id, text, author_id: author, conversation_id: conversationId ?? id, created_at: sentAt.toISOString() },
      author: { id: author, username: `user${author}`, name: `Burger ${author}` },
    },
  };
}

/** A citizen writes through the real ingest path; returns the ticket and the tweet (to write again in its thread). */
async function citizenWrites(author: string, text: string, options: { sentAt?: Date; thread?: string } = {}): Promise<{ ticket: number; tweet: string }> {
  const item = mention(author, text, options.sentAt ?? new Date(), options.thread);
  await ingest(db, { channel, items: [item], normalize: normalizeX });
  const { rows } = await db.query<{ ticket_id: number }>('select ticket_id from messages where channel_id = $1 and external_id = $2', [channel.id, item.externalId]);
  return { ticket: rows[0]!.ticket_id, tweet: item.externalId! };
}

async function detail(who: string, id: number) {
  const response = await as(who, 'GET', `/api/tickets/${id}`);
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function listIds(who: string, query = ''): Promise<number[]> {
  const response = await as(who, 'GET', `/api/tickets?entity=ws&limit=200${query}`);
  expect({ query, status: response.statusCode }).toEqual({ query, status: 200 });
  return response.json().items.map((item: { id: number }) => item.id);
}

async function summary(who: string, id: number) {
  const response = await as(who, 'GET', `/api/tickets?entity=ws&limit=200&snoozed=false`);
  return response.json().items.find((item: { id: number }) => item.id === id);
}

const inAnHour = () => new Date((now ?? new Date()).getTime() + 3600_000);

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  const secrets = new SecretBox(TEST_SECRET);
  await syncEntities(db, [xEntity('ws'), xEntity('elders')], secrets);
  channel = (await loadChannel(db, 'ws-x', secrets))!.context as ChannelContext;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const people: Array<[key: string, role: 'agent' | 'coordinator' | 'admin', entities: string[]]> = [
    ['ann', 'agent', ['ws']],
    ['bob', 'agent', ['ws']],
    ['coord', 'coordinator', ['ws']],
    ['adm', 'admin', ['ws']],
    ['eve', 'agent', ['elders']],
  ];
  for (const [key, role, entities] of people) {
    users[key] = (await createUser(db, { email: `${key}@test`, name: key.toUpperCase(), role, entities, passwordHash })).id;
  }
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), now: () => now ?? new Date() });
  api = await buildApi(runtime, { apiToken: TOKEN });
  for (const key of Object.keys(users)) sessions[key] = await logIn(api, `${key}@test`);
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

afterEach(() => {
  now = undefined;
});

describe('snooze', () => {
  test('a snoozed ticket leaves the queue and shows with snoozed=true; waking it brings it back', async () => {
    const { ticket } = await citizenWrites('201', 'Mijn aanvraag voor een parkeerkaart is nog niet behandeld');
    const { ticket: awake } = await citizenWrites('202', 'Waar vind ik het formulier voor een premie?');
    expect(await listIds('ann')).toEqual(expect.arrayContaining([ticket, awake]));

    const until = inAnHour();
    const snoozed = await as('ann', 'POST', `/api/tickets/${ticket}/snooze`, { until: until.toISOString() });
    expect(snoozed.statusCode).toBe(200);
    expect(snoozed.json()).toMatchObject({ id: ticket, snoozedUntil: until.toISOString(), snoozedUntilReply: false });

    expect(await listIds('ann')).not.toContain(ticket);
    expect(await listIds('ann')).toContain(awake);
    expect(await listIds('bob', '&snoozed=false')).not.toContain(ticket);
    expect(await listIds('bob', '&snoozed=true')).toEqual([ticket]);
    // the detail still opens, and says until when
    expect(await detail('bob', ticket)).toMatchObject({ snoozedUntil: until.toISOString(), snoozedUntilReply: false });
    expect((await detail('bob', ticket)).activity.map((a: { action: string }) => a.action)).toContain('ticket.snoozed');

    const woken = await as('bob', 'DELETE', `/api/tickets/${ticket}/snooze`);
    expect(woken.statusCode).toBe(200);
    expect(woken.json()).toMatchObject({ snoozedUntil: null, snoozedUntilReply: false });
    expect(await listIds('ann')).toContain(ticket);
    expect(await listIds('ann', '&snoozed=true')).toEqual([]);
    expect((await detail('ann', ticket)).activity.map((a: { action: string }) => a.action)).toContain('ticket.unsnoozed');
    // waking a ticket that is not snoozed changes nothing and is no error
    expect((await as('bob', 'DELETE', `/api/tickets/${ticket}/snooze`)).statusCode).toBe(200);
  });

  test('once its time has passed, a ticket is simply not snoozed any more (no job needed)', async () => {
    const { ticket } = await citizenWrites('203', 'Wanneer wordt het afval opgehaald in mijn straat?');
    now = new Date();
    await as('ann', 'POST', `/api/tickets/${ticket}/snooze`, { until: new Date(now.getTime() + 15 * 60_000).toISOString() });
    expect(await listIds('ann')).not.toContain(ticket);

    now = new Date(now.getTime() + 16 * 60_000);
    expect(await listIds('ann')).toContain(ticket);
    expect(await listIds('ann', '&snoozed=true')).not.toContain(ticket);
    expect(await detail('ann', ticket)).toMatchObject({ snoozedUntil: null, snoozedUntilReply: false });
  });

  test('"until the citizen writes again": hidden however long it takes, woken by their next message (ingest)', async () => {
    const first = await citizenWrites('204', 'Ik stuurde mijn attest, laat het weten als er iets ontbreekt', { sentAt: new Date(Date.now() - 60_000) });
    const { ticket } = first;
    const response = await as('ann', 'POST', `/api/tickets/${ticket}/snooze`, { untilReply: true });
    expect(response.json()).toMatchObject({ snoozedUntil: null, snoozedUntilReply: true });
    // (hours, not days: the test's sessions must stay alive)
    now = new Date(Date.now() + 6 * 3600_000);
    expect(await listIds('ann')).not.toContain(ticket);
    expect(await listIds('ann', '&snoozed=true')).toContain(ticket);
    now = undefined;

    const again = await citizenWrites('204', 'Hier is nog het tweede blad', { thread: first.tweet });
    expect(again.ticket).toBe(ticket);
    expect(await listIds('ann')).toContain(ticket);
    expect(await detail('ann', ticket)).toMatchObject({ snoozedUntil: null, snoozedUntilReply: false, messageCount: 2 });
  });

  test('a citizen message wakes a ticket snoozed until a time too, and a resolved one reopens awake', async () => {
    const first = await citizenWrites('205', 'Is de zwembadkaart ook geldig in het andere zwembad?', { sentAt: new Date(Date.now() - 60_000) });
    const { ticket } = first;
    expect((await as('ann', 'PATCH', `/api/tickets/${ticket}`, { status: 'resolved' })).statusCode).toBe(200);
    await as('ann', 'POST', `/api/tickets/${ticket}/snooze`, { until: inAnHour().toISOString(), untilReply: true });
    expect(await listIds('ann')).not.toContain(ticket);

    await citizenWrites('205', 'En voor kinderen?', { thread: first.tweet });
    expect(await detail('ann', ticket)).toMatchObject({ status: 'open', snoozedUntil: null, snoozedUntilReply: false });
    expect(await listIds('ann')).toContain(ticket);
  });

  test('bad requests: neither a time nor untilReply, a time in the past, no such ticket, a closed or merged ticket', async () => {
    const { ticket } = await citizenWrites('206', 'Vraag over mijn belastingaangifte');
    const status = async (payload: unknown, id = ticket) => (await as('ann', 'POST', `/api/tickets/${id}/snooze`, payload)).statusCode;
    expect(await status({})).toBe(400);
    expect(await status({ untilReply: false })).toBe(400);
    expect(await status({ until: 'morgen' })).toBe(400);
    expect(await status({ until: new Date(Date.now() - 60_000).toISOString() })).toBe(400);
    expect(await status({ untilReply: true }, 999_999)).toBe(404);
    expect(await listIds('ann')).toContain(ticket);

    const { ticket: source } = await citizenWrites('206', 'Nog een vraag over mijn aangifte');
    expect((await as('ann', 'POST', `/api/tickets/${ticket}/merge`, { sourceId: source })).statusCode).toBe(200);
    const merged = await as('ann', 'POST', `/api/tickets/${source}/snooze`, { untilReply: true });
    expect(merged.statusCode).toBe(409);
    expect(merged.json()).toMatchObject({ error: 'conflict', mergedInto: ticket });

    await as('ann', 'PATCH', `/api/tickets/${ticket}`, { status: 'closed' });
    expect(await status({ untilReply: true })).toBe(409);
  });

  test('the access rules: tickets.work in the ticket’s entity (a coordinator may not, another entity sees nothing)', async () => {
    const { ticket } = await citizenWrites('207', 'Wie kan mij helpen met mijn huurpremie?');
    const until = inAnHour().toISOString();
    expect((await as('coord', 'POST', `/api/tickets/${ticket}/snooze`, { until })).statusCode).toBe(403);
    expect((await as('coord', 'DELETE', `/api/tickets/${ticket}/snooze`)).statusCode).toBe(403);
    expect((await as('eve', 'POST', `/api/tickets/${ticket}/snooze`, { until })).statusCode).toBe(404);
    expect((await as('eve', 'DELETE', `/api/tickets/${ticket}/snooze`)).statusCode).toBe(404);
    expect((await as('eve', 'POST', `/api/tickets/${ticket}/read`)).statusCode).toBe(404);
    expect((await as('eve', 'POST', `/api/tickets/${ticket}/presence`, { state: 'viewing' })).statusCode).toBe(404);
    expect(await listIds('ann')).toContain(ticket);
    // an admin of the entity and the machine token may
    expect((await as('adm', 'POST', `/api/tickets/${ticket}/snooze`, { until })).statusCode).toBe(200);
    expect((await asToken('DELETE', `/api/tickets/${ticket}/snooze`)).statusCode).toBe(200);
  });
});

describe('read state per person', () => {
  test('unread until I open it, for me only; unread again when the citizen writes again', async () => {
    const sentAt = new Date(Date.now() - 5 * 60_000);
    const first = await citizenWrites('301', 'Mijn identiteitskaart is verlopen, wat moet ik doen?', { sentAt });
    const { ticket } = first;
    expect(await summary('ann', ticket)).toMatchObject({ unread: true, lastInboundAt: sentAt.toISOString() });
    expect(await summary('bob', ticket)).toMatchObject({ unread: true });
    expect(await detail('ann', ticket)).toMatchObject({ unread: true, lastInboundAt: sentAt.toISOString() });

    expect((await as('ann', 'POST', `/api/tickets/${ticket}/read`)).statusCode).toBe(204);
    expect(await summary('ann', ticket)).toMatchObject({ unread: false });
    expect(await detail('ann', ticket)).toMatchObject({ unread: false });
    expect(await summary('bob', ticket)).toMatchObject({ unread: true });
    // reading again changes nothing
    expect((await as('ann', 'POST', `/api/tickets/${ticket}/read`)).statusCode).toBe(204);
    expect(await summary('ann', ticket)).toMatchObject({ unread: false });

    // even a message the platform dates before my read (a late poll) makes it unread: what counts is when it arrived
    const late = new Date(sentAt.getTime() + 60_000);
    await citizenWrites('301', 'Ik heb ook geen pasfoto', { sentAt: late, thread: first.tweet });
    expect(await summary('ann', ticket)).toMatchObject({ unread: true, lastInboundAt: late.toISOString() });
    expect(await summary('bob', ticket)).toMatchObject({ unread: true });
    await as('bob', 'POST', `/api/tickets/${ticket}/read`);
    expect(await summary('bob', ticket)).toMatchObject({ unread: false });
    expect(await summary('ann', ticket)).toMatchObject({ unread: true });
  });

  test('a coordinator has read state too; the machine token reads everything as read and has none to set', async () => {
    const { ticket } = await citizenWrites('302', 'Ik wil een klacht indienen over de behandeling aan het loket');
    expect(await detail('coord', ticket)).toMatchObject({ unread: true });
    expect((await as('coord', 'POST', `/api/tickets/${ticket}/read`)).statusCode).toBe(204);
    expect(await detail('coord', ticket)).toMatchObject({ unread: false });

    const list = await asToken('GET', '/api/tickets?entity=ws&limit=200');
    expect(list.json().items.find((item: { id: number }) => item.id === ticket)).toMatchObject({ unread: false });
    expect((await asToken('GET', `/api/tickets/${ticket}`)).json()).toMatchObject({ unread: false });
    expect((await asToken('POST', `/api/tickets/${ticket}/read`)).statusCode).toBe(400);
  });

  test('a ticket without a citizen message is never unread, and lastInboundAt is null', async () => {
    const { ticket } = await citizenWrites('303', 'Hallo');
    // as if every citizen message were gone: what the summary makes of a ticket with outbound messages only
    await db.query(`update messages set direction = 'outbound', delivery_status = 'sent' where ticket_id = $1`, [ticket]);
    expect(await detail('ann', ticket)).toMatchObject({ unread: false, lastInboundAt: null });
  });
});

describe('presence', () => {
  test('others on the ticket show for 30 seconds, never the caller', async () => {
    const { ticket } = await citizenWrites('401', 'Kan ik mijn afspraak verplaatsen?');
    now = new Date();
    expect((await detail('bob', ticket)).presence).toEqual([]);
    expect((await as('ann', 'POST', `/api/tickets/${ticket}/presence`, { state: 'viewing' })).statusCode).toBe(204);
    expect((await detail('bob', ticket)).presence).toEqual([{ userId: users.ann, name: 'ANN', state: 'viewing' }]);
    expect((await detail('ann', ticket)).presence).toEqual([]);

    await as('bob', 'POST', `/api/tickets/${ticket}/presence`, { state: 'viewing' });
    now = new Date(now.getTime() + 10_000);
    await as('ann', 'POST', `/api/tickets/${ticket}/presence`, { state: 'typing' });
    expect((await detail('bob', ticket)).presence).toEqual([{ userId: users.ann, name: 'ANN', state: 'typing' }]);
    expect((await detail('ann', ticket)).presence).toEqual([{ userId: users.bob, name: 'BOB', state: 'viewing' }]);
    // a coordinator who opens it is there too
    expect((await as('coord', 'POST', `/api/tickets/${ticket}/presence`, { state: 'viewing' })).statusCode).toBe(204);
    expect((await detail('bob', ticket)).presence.map((p: { name: string }) => p.name)).toEqual(['ANN', 'COORD']);

    // bob's report was 25 s ago: still there; 31 s after ann's last one, she is gone
    now = new Date(now.getTime() + 15_000);
    expect((await detail('ann', ticket)).presence.map((p: { name: string }) => p.name)).toEqual(['BOB', 'COORD']);
    now = new Date(now.getTime() + 16_000);
    expect((await detail('bob', ticket)).presence).toEqual([]);
    // and the machine token sees nobody there and has no presence to report
    expect((await asToken('GET', `/api/tickets/${ticket}`)).json().presence).toEqual([]);
    expect((await asToken('POST', `/api/tickets/${ticket}/presence`, { state: 'viewing' })).statusCode).toBe(400);
    expect((await as('ann', 'POST', `/api/tickets/${ticket}/presence`, { state: 'away' })).statusCode).toBe(400);
  });

  test('a live tickets event when someone arrives, changes state or comes back; a heartbeat that changes nothing sends none', async () => {
    const { ticket } = await citizenWrites('402', 'Mijn pakje is niet geleverd');
    const start = new Date();
    const events: InboxEvent[] = [];
    const stop = await db.listen(EVENTS_CHANNEL, (payload) => {
      const event = parseEvent(payload);
      if (event?.type === 'tickets' && event.ids.includes(ticket)) events.push(event);
    });
    const report = async (state: 'viewing' | 'typing', atSeconds: number) => {
      now = new Date(start.getTime() + atSeconds * 1000);
      expect((await as('ann', 'POST', `/api/tickets/${ticket}/presence`, { state })).statusCode).toBe(204);
    };
    // events of one listener arrive in commit order: once an expected one is in, any earlier one would be too
    const eventCount = async (count: number) => eventually(async () => events.length >= count && events.length);
    try {
      await report('viewing', 0);
      expect(await eventCount(1)).toBe(1);
      expect(events[0]).toEqual({ type: 'tickets', entity: 'ws', ids: [ticket] });
      await report('viewing', 10);
      await report('viewing', 20);
      await report('typing', 22);
      expect(await eventCount(2)).toBe(2);
      await report('typing', 25);
      await report('viewing', 27);
      expect(await eventCount(3)).toBe(3);
      // gone for longer than 30 s, then back: news again
      await report('viewing', 60);
      expect(await eventCount(4)).toBe(4);
    } finally {
      await stop();
    }
  });
});

describe('permissions in /api/auth/me', () => {
  test.each([
    ['ann', 'agent'],
    ['coord', 'coordinator'],
    ['adm', 'admin'],
  ] as const)('%s (%s) gets the permissions of the role', async (who, role) => {
    const me = await as(who, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ role, permissions: [...ROLE_PERMISSIONS[role]] });
  });

  test('what the web app decides by: an agent replies and snoozes, a coordinator acts on cases, only an admin manages users', async () => {
    const permissions = async (who: string): Promise<string[]> => (await as(who, 'GET', '/api/auth/me')).json().user.permissions;
    expect(await permissions('ann')).toEqual(expect.arrayContaining(['tickets.read', 'tickets.reply', 'tickets.work']));
    expect(await permissions('ann')).not.toContain('users.manage');
    expect(await permissions('ann')).not.toContain('cases.act');
    expect(await permissions('coord')).toEqual(expect.arrayContaining(['tickets.read', 'cases.act']));
    expect(await permissions('coord')).not.toContain('tickets.reply');
    expect(await permissions('coord')).not.toContain('tickets.work');
    expect(await permissions('adm')).toContain('users.manage');
    // the login answers the same
    const login = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'coord@test', password: TEST_PASSWORD } });
    expect(login.json().user.permissions).toEqual([...ROLE_PERMISSIONS.coordinator]);
    // the machine token is no user
    expect((await asToken('GET', '/api/auth/me')).json()).toMatchObject({ user: null, machineToken: true });
  });
});
