import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
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
import { asSession, closeApiTest, logIn, TEST_PASSWORD, type Method, type Session } from '../helpers/api.js';
import { planNewTickets } from '../../src/tickets/round-robin.js';

/**
 * The agents' workflow through the API: queue filters, sorts and search, claim, status/priority/
 * assignee, notes, tags, merge, bulk actions, canned responses, saved views, SLA policies and due
 * dates, round-robin assignment — and entity B's subjects out of reach for entity A's people.
 */
const TOKEN = 'workflow-token';
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let now: Date | undefined;
const channels: Record<string, ChannelContext> = {};
const users: Record<string, number> = {};
let nextTweet = 10_000;

const sessions: Record<string, Session> = {};

function as(who: string, method: Method, url: string, payload?: unknown) {
  return asSession(api, sessions[who]!, method, url, payload);
}

function asToken(method: Method, url: string, payload?: unknown) {
  return api.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

function mention(author: string, text: string, sentAt = new Date(), conversationId?: string): RawItem {
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

/** Ingests one citizen message through the real ingest path; returns its ticket. */
async function newTicket(channelId: string, author: string, text: string, sentAt?: Date): Promise<number> {
  const item = mention(author, text, sentAt);
  await ingest(db, { channel: channels[channelId]!, items: [item], normalize: normalizeX });
  const { rows } = await db.query<{ ticket_id: number }>('select ticket_id from messages where channel_id = $1 and external_id = $2', [channelId, item.externalId]);
  return rows[0]!.ticket_id;
}

async function ticket(id: number) {
  const response = await asToken('GET', `/api/tickets/${id}`);
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function listIds(who: string, query: string): Promise<number[]> {
  const response = await as(who, 'GET', `/api/tickets?${query}`);
  expect({ query, status: response.statusCode }).toEqual({ query, status: 200 });
  return response.json().items.map((item: { id: number }) => item.id);
}

async function audits(action: string, ticketId: number) {
  const { rows } = await db.query<{ actor: string; details: Record<string, unknown> }>(
    `select actor, details from audit_log where action = $1 and subject_type = 'ticket' and subject_id = $2 order by id`,
    [action, String(ticketId)],
  );
  return rows;
}

const cet = (local: string) => new Date(`${local}+01:00`);

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  const entity = (id: string, platforms: Array<'x' | 'facebook'> = ['x']) => ({
    id,
    name: `Entiteit ${id.toUpperCase()}`,
    coordinator: { name: 'K', email: `k@${id}.test` },
    complaintThreshold: 0.5,
    timeZone: 'Europe/Brussels',
    channels: platforms.map((platform) => ({ id: `${id}-${platform}`, platform, account: { userId: `${id}-own` }, credentials: {}, pollIntervalSeconds: 60, enabled: true })),
  });
  const secrets = new SecretBox(TEST_SECRET);
  await syncEntities(db, [entity('a', ['x', 'facebook']), entity('b'), entity('sla'), entity('rr')], secrets);
  for (const id of ['a-x', 'a-facebook', 'b-x', 'sla-x', 'rr-x']) channels[id] = (await loadChannel(db, id, secrets))!.context;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const people: Array<[key: string, role: 'agent' | 'coordinator' | 'admin', entities: string[]]> = [
    ['ann', 'agent', ['a']],
    ['bob', 'agent', ['a']],
    ['adm', 'admin', ['a', 'sla']],
    ['coord', 'coordinator', ['a']],
    ['bea', 'agent', ['b']],
    ['gone', 'agent', ['a']],
    ['rr1', 'agent', ['rr']],
    ['rr2', 'agent', ['rr']],
    ['rradm', 'admin', ['rr']],
  ];
  for (const [key, role, entities] of people) {
    users[key] = (await createUser(db, { email: `${key}@test`, name: key.toUpperCase(), role, entities, passwordHash })).id;
  }
  await db.query('update users set disabled = true where id = $1', [users.gone]);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), now: () => now ?? new Date() });
  api = await buildApi(runtime, { apiToken: TOKEN });
  for (const key of ['ann', 'bob', 'adm', 'coord', 'bea']) sessions[key] = await logIn(api, `${key}@test`);
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

afterEach(() => {
  now = undefined;
});

describe('the queue', () => {
  let delay: number;
  let accents: number;
  let other: number;
  let facebook: number;

  beforeAll(async () => {
    delay = await newTicket('a-x', '101', 'Vertraging op lijn 4, al twintig minuten geen bus', new Date(Date.now() - 3 * 3600_000));
    accents = await newTicket('a-x', '102', 'Ik wacht al ÉÉN uur op de tréin naar Gent', new Date(Date.now() - 2 * 3600_000));
    other = await newTicket('a-x', '103', 'Wanneer is het loket open op zaterdag?', new Date(Date.now() - 3600_000));
    facebook = await newTicket('a-facebook', '104', 'Dank voor de snelle hulp gisteren');
  });

  test('full-text search over message texts (any case, accented letters too), by handle and by number', async () => {
    expect(await listIds('ann', 'q=vertraging')).toEqual([delay]);
    expect(await listIds('ann', 'q=VERTRAG')).toEqual([delay]);
    expect(await listIds('ann', 'q=tr%C3%89in')).toEqual([accents]);
    expect(await listIds('ann', 'q=%C3%A9%C3%A9n%20uur')).toEqual([accents]);
    expect(await listIds('ann', 'q=user103')).toEqual([other]);
    const { number } = await ticket(other);
    expect(await listIds('ann', `q=${number}`)).toEqual([other]);
    // operators are not syntax: nothing breaks, nothing is found
    expect(await listIds('ann', `q=${encodeURIComponent("lijn & !bus | ') (")}`)).toEqual([delay]);
    expect(await listIds('ann', 'q=%26%26')).toEqual([]);
  });

  test('filters: platform, multi-status, assignee, mine, unassigned, tag', async () => {
    expect(await listIds('ann', 'platform=facebook')).toEqual([facebook]);
    expect((await listIds('ann', 'platform=x')).sort()).toEqual(expect.arrayContaining([delay, accents, other]));
    expect(await listIds('ann', 'platform=x')).not.toContain(facebook);

    await asToken('PATCH', `/api/tickets/${delay}`, { status: 'pending' });
    await asToken('PATCH', `/api/tickets/${accents}`, { status: 'resolved' });
    expect((await listIds('ann', 'status=pending,resolved')).sort()).toEqual([delay, accents].sort());
    expect(await listIds('ann', 'status=pending')).toEqual([delay]);
    expect((await as('ann', 'GET', '/api/tickets?status=pending,nonsense')).statusCode).toBe(400);

    expect((await as('ann', 'POST', `/api/tickets/${other}/claim`)).statusCode).toBe(200);
    expect(await listIds('ann', 'mine=true')).toEqual([other]);
    expect(await listIds('bob', 'mine=true')).toEqual([]);
    expect(await listIds('bob', `assignee=${users.ann}`)).toEqual([other]);
    const unassigned = await listIds('bob', 'unassigned=true');
    expect(unassigned).toEqual(expect.arrayContaining([delay, accents, facebook]));
    expect(unassigned).not.toContain(other);
    expect((await asToken('GET', '/api/tickets?mine=true')).statusCode).toBe(400);

    await as('ann', 'PUT', `/api/tickets/${facebook}/tags`, { tags: ['Lof'] });
    expect(await listIds('ann', 'tag=lof')).toEqual([facebook]);
    expect(await listIds('ann', 'tag=LOF')).toEqual([facebook]);
  });

  test('sorts: updated (default), age, priority', async () => {
    const age = await listIds('ann', 'sort=age&entity=a');
    expect(age.indexOf(delay)).toBeLessThan(age.indexOf(accents));
    expect(age.indexOf(accents)).toBeLessThan(age.indexOf(other));

    await asToken('PATCH', `/api/tickets/${other}`, { priority: 'urgent' });
    await asToken('PATCH', `/api/tickets/${delay}`, { priority: 'low' });
    const priority = await listIds('ann', 'sort=priority&entity=a');
    expect(priority[0]).toBe(other);
    expect(priority.at(-1)).toBe(delay);

    // the last change comes first by default
    await as('ann', 'POST', `/api/tickets/${accents}/notes`, { text: 'nagekeken' });
    expect((await listIds('ann', 'entity=a'))[0]).toBe(accents);
    expect((await as('ann', 'GET', '/api/tickets?sort=random')).statusCode).toBe(400);
  });

  test('each item carries assignee, tags and the SLA clock', async () => {
    const response = await as('ann', 'GET', `/api/tickets?q=user103`);
    expect(response.json().items[0]).toMatchObject({
      id: other,
      assignee: { id: users.ann, name: 'ANN' },
      tags: [],
      sla: { firstResponseDueAt: expect.any(String), resolutionDueAt: expect.any(String), state: expect.stringMatching(/^(ok|due_soon|breached)$/) },
    });
  });
});

describe('claim, status, priority, assignee', () => {
  test('the first agent to claim gets the ticket; the second gets 409 with who has it', async () => {
    const id = await newTicket('a-x', '201', 'Mijn abonnement werd twee keer aangerekend');
    const first = await as('ann', 'POST', `/api/tickets/${id}/claim`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'open', assignee: { id: users.ann, name: 'ANN' } });
    const second = await as('bob', 'POST', `/api/tickets/${id}/claim`);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toEqual({ error: 'conflict', message: expect.stringContaining('ANN'), assignee: { id: users.ann, name: 'ANN' } });
    // claiming again is harmless
    expect((await as('ann', 'POST', `/api/tickets/${id}/claim`)).statusCode).toBe(200);
    expect(await audits('ticket.claimed', id)).toEqual([{ actor: 'user:ann@test', details: { from: null, to: users.ann } }]);
    expect((await asToken('POST', `/api/tickets/${id}/claim`)).statusCode).toBe(400);
    // a coordinator may not take tickets
    expect((await as('coord', 'POST', `/api/tickets/${id}/claim`)).statusCode).toBe(403);
  });

  test('two claims at the same moment: exactly one wins', async () => {
    const id = await newTicket('a-x', '202', 'Waar kan ik mijn verloren sjaal ophalen?');
    const results = await Promise.all([as('ann', 'POST', `/api/tickets/${id}/claim`), as('bob', 'POST', `/api/tickets/${id}/claim`)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  test('PATCH changes status, priority and assignee, each audited', async () => {
    const id = await newTicket('a-x', '203', 'De lift in station Berchem is stuk');
    const response = await as('ann', 'PATCH', `/api/tickets/${id}`, { status: 'resolved', priority: 'high', assigneeId: users.bob });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'resolved', priority: 'high', assignee: { id: users.bob, name: 'BOB' }, sla: { state: 'met' } });
    expect(await audits('ticket.status_changed', id)).toEqual([{ actor: 'user:ann@test', details: { from: 'new', to: 'resolved' } }]);
    expect(await audits('ticket.priority_changed', id)).toEqual([{ actor: 'user:ann@test', details: { from: 'medium', to: 'high' } }]);
    expect(await audits('ticket.assigned', id)).toEqual([{ actor: 'user:ann@test', details: { from: null, to: users.bob } }]);
    const stamps = await db.query<{ resolved_at: Date | null }>('select resolved_at from tickets where id = $1', [id]);
    expect(stamps.rows[0]!.resolved_at).not.toBeNull();

    const unassign = await as('ann', 'PATCH', `/api/tickets/${id}`, { assigneeId: null, status: 'open' });
    expect(unassign.json()).toMatchObject({ assignee: null, status: 'open' });
    expect((await db.query<{ resolved_at: Date | null }>('select resolved_at from tickets where id = $1', [id])).rows[0]!.resolved_at).toBeNull();

    // the ticket's history, as the ticket view shows it: names, not ids or e-mail addresses
    await as('ann', 'PUT', `/api/tickets/${id}/tags`, { tags: ['lift'] });
    const activity: Array<{ actor: string; action: string; from: string | null; to: string | null; added: string[] }> = (await ticket(id)).activity;
    expect(activity.map((a) => [a.actor, a.action, a.from, a.to])).toEqual([
      ['ANN', 'ticket.status_changed', 'new', 'resolved'],
      ['ANN', 'ticket.priority_changed', 'medium', 'high'],
      ['ANN', 'ticket.assigned', null, 'BOB'],
      ['ANN', 'ticket.status_changed', 'resolved', 'open'],
      ['ANN', 'ticket.assigned', 'BOB', null],
      ['ANN', 'ticket.tagged', null, null],
    ]);
    expect(activity.at(-1)!.added).toEqual(['lift']);
    expect(JSON.stringify(activity)).not.toContain('@test');
  });

  test('the people an agent can assign to: active accounts of the entity, names only', async () => {
    const response = await as('ann', 'GET', '/api/assignees?entity=a');
    expect(response.statusCode).toBe(200);
    const items: Array<{ id: number; name: string; entities: string[] }> = response.json().items;
    expect(items.map((i) => i.id).sort()).toEqual([users.ann, users.bob, users.adm, users.coord].sort());
    expect(items.find((i) => i.id === users.adm)!.entities).toEqual(['a']);
    expect(response.body).not.toContain('@test');
    // B's people are not A's to see, even when asked for
    expect((await as('ann', 'GET', '/api/assignees?entity=b')).json().items).toEqual([]);
    expect((await as('coord', 'GET', '/api/assignees?entity=a')).json().items).toEqual([]);
  });

  test('an assignee of another entity, a disabled or unknown user is refused with 400', async () => {
    const id = await newTicket('a-x', '204', 'Is de Kennedytunnel morgen open?');
    for (const assigneeId of [users.bea, users.gone, 999_999]) {
      const response = await as('ann', 'PATCH', `/api/tickets/${id}`, { assigneeId });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(/^assigneeId:/);
    }
    expect(await audits('ticket.assigned', id)).toEqual([]);
    expect((await as('ann', 'PATCH', `/api/tickets/${id}`, {})).statusCode).toBe(400);
    expect((await as('ann', 'PATCH', `/api/tickets/${id}`, { status: 'gone' })).statusCode).toBe(400);
    expect((await as('coord', 'PATCH', `/api/tickets/${id}`, { priority: 'low' })).statusCode).toBe(403);
  });
});

describe('notes and tags', () => {
  test('an internal note shows on the ticket with its author and is never sent', async () => {
    const id = await newTicket('a-x', '301', 'Waarom is de fietsbrug nog altijd dicht?');
    const created = await as('coord', 'POST', `/api/tickets/${id}/notes`, { text: 'Navragen bij de aannemer' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(Number), author: { id: users.coord, name: 'COORD' }, text: 'Navragen bij de aannemer', createdAt: expect.any(String) });
    const detail = await ticket(id);
    expect(detail.notes).toEqual([created.json()]);
    expect(detail.contact).toEqual({ id: expect.any(Number), handle: 'user301', name: 'Burger 301', platform: 'x' });
    expect(detail.replyVisibilities.length).toBeGreaterThan(0);
    expect(detail.replyVisibilities.every((v: string) => v === 'public' || v === 'private')).toBe(true);
    expect(detail.messages.every((m: { direction: string }) => m.direction === 'inbound')).toBe(true);
    expect((await db.query("select 1 from outbox where kind = 'reply'")).rows).toEqual([]);
    const audit = await audits('ticket.note_added', id);
    expect(audit).toEqual([{ actor: 'user:coord@test', details: { noteId: created.json().id } }]);
    expect((await as('ann', 'POST', `/api/tickets/${id}/notes`, { text: '   ' })).statusCode).toBe(400);
  });

  test('tags are trimmed, lower-cased, deduplicated and limited; GET /api/tags counts within my entities', async () => {
    const first = await newTicket('a-x', '302', 'Put in de weg op de N16');
    const second = await newTicket('a-x', '303', 'Nog een put in de N16');
    const set = await as('ann', 'PUT', `/api/tickets/${first}/tags`, { tags: ['  Wegen ', 'wegen', 'N16   Temse'] });
    expect(set.statusCode).toBe(200);
    expect(set.json().tags).toEqual(['n16 temse', 'wegen']);
    await as('ann', 'PUT', `/api/tickets/${second}/tags`, { tags: ['WEGEN'] });
    expect(await audits('ticket.tagged', first)).toEqual([{ actor: 'user:ann@test', details: { added: ['n16 temse', 'wegen'], removed: [] } }]);

    for (const tags of [[''], ['x'.repeat(41)], Array.from({ length: 21 }, (_, i) => `t${i}`)]) {
      const response = await as('ann', 'PUT', `/api/tickets/${first}/tags`, { tags });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(/^tags:/);
    }
    const bTicket = await newTicket('b-x', '304', 'Vraag over de bus in entiteit B');
    await asToken('PUT', `/api/tickets/${bTicket}/tags`, { tags: ['wegen', 'alleen-b'] });

    const mine = (await as('ann', 'GET', '/api/tags')).json().items;
    expect(mine).toContainEqual({ tag: 'wegen', count: 2 });
    expect(mine.map((i: { tag: string }) => i.tag)).not.toContain('alleen-b');
    expect((await as('ann', 'GET', '/api/tags?entity=b')).json().items).toEqual([]);
    expect((await asToken('GET', '/api/tags?entity=b')).json().items).toEqual([
      { tag: 'alleen-b', count: 1 },
      { tag: 'wegen', count: 1 },
    ]);

    const cleared = await as('ann', 'PUT', `/api/tickets/${first}/tags`, { tags: [] });
    expect(cleared.json().tags).toEqual([]);
  });
});

describe('merge', () => {
  test('merges two tickets of one person: messages, notes and tags move, the source is closed and hidden', async () => {
    const target = await newTicket('a-x', '401', 'Mijn bus kwam niet, lijn 12', new Date(Date.now() - 60_000));
    const source = await newTicket('a-x', '401', 'En vandaag weer niet, lijn 12');
    await as('ann', 'POST', `/api/tickets/${source}/notes`, { text: 'zelfde klacht als gisteren' });
    await as('ann', 'PUT', `/api/tickets/${source}/tags`, { tags: ['lijn 12'] });
    expect((await ticket(target)).otherTickets.map((t: { id: number }) => t.id)).toEqual([source]);

    const merged = await as('ann', 'POST', `/api/tickets/${target}/merge`, { sourceId: source });
    expect(merged.statusCode).toBe(200);
    const body = merged.json();
    expect(body.messages.map((m: { text: string }) => m.text)).toEqual(['Mijn bus kwam niet, lijn 12', 'En vandaag weer niet, lijn 12']);
    expect(body).toMatchObject({ messageCount: 2, tags: ['lijn 12'], notes: [{ text: 'zelfde klacht als gisteren' }], otherTickets: [] });
    const gone = await ticket(source);
    expect(gone).toMatchObject({ status: 'closed', mergedInto: target, messages: [], tags: [] });
    expect(await listIds('ann', 'q=lijn%2012')).toEqual([target]);
    expect(await audits('ticket.merged', source)).toEqual([{ actor: 'user:ann@test', details: { into: target } }]);
    // done once: again is a conflict
    expect((await as('ann', 'POST', `/api/tickets/${target}/merge`, { sourceId: source })).statusCode).toBe(409);
    expect((await as('ann', 'PATCH', `/api/tickets/${source}`, { status: 'open' })).statusCode).toBe(409);
  });

  test("another person's ticket is a conflict; another entity's ticket is not found", async () => {
    const target = await newTicket('a-x', '402', 'Vraag één');
    const stranger = await newTicket('a-x', '403', 'Vraag twee');
    const response = await as('ann', 'POST', `/api/tickets/${target}/merge`, { sourceId: stranger });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toContain('same person');
    const bTicket = await newTicket('b-x', '402', 'Vraag drie');
    expect((await as('ann', 'POST', `/api/tickets/${target}/merge`, { sourceId: bTicket })).statusCode).toBe(404);
    expect((await as('ann', 'POST', `/api/tickets/${target}/merge`, { sourceId: target })).statusCode).toBe(409);
    expect((await ticket(stranger)).mergedInto).toBeNull();
  });
});

describe('bulk actions', () => {
  test("assign, tag and close many tickets; another entity's ids are skipped as not found", async () => {
    const mine = [await newTicket('a-x', '501', 'bulk een'), await newTicket('a-x', '502', 'bulk twee')];
    const theirs = await newTicket('b-x', '503', 'bulk drie');
    const ids = [...mine, theirs, 999_999];

    const assign = await as('ann', 'POST', '/api/tickets/bulk', { ids, action: { type: 'assign', assigneeId: users.bob } });
    expect(assign.statusCode).toBe(200);
    expect(assign.json()).toEqual({ updated: mine, skipped: [{ id: theirs, reason: 'not_found' }, { id: 999_999, reason: 'not_found' }] });
    expect((await ticket(mine[0]!)).assignee).toEqual({ id: users.bob, name: 'BOB' });
    expect((await ticket(theirs)).assignee).toBeNull();
    expect(await audits('ticket.assigned', mine[1]!)).toEqual([{ actor: 'user:ann@test', details: { from: null, to: users.bob, bulk: true } }]);

    const tag = await as('ann', 'POST', '/api/tickets/bulk', { ids, action: { type: 'tag', tags: [' Bulk '] } });
    expect(tag.json().updated).toEqual(mine);
    expect((await ticket(mine[1]!)).tags).toEqual(['bulk']);
    expect((await ticket(theirs)).tags).toEqual([]);

    const close = await as('ann', 'POST', '/api/tickets/bulk', { ids, action: { type: 'close' } });
    expect(close.json().updated).toEqual(mine);
    expect((await ticket(mine[0]!)).status).toBe('closed');
    expect((await ticket(theirs)).status).toBe('new');

    // an assignee who does not work for the ticket's entity
    const wrong = await asToken('POST', '/api/tickets/bulk', { ids: [mine[0], theirs], action: { type: 'assign', assigneeId: users.bea } });
    expect(wrong.json()).toEqual({ updated: [theirs], skipped: [{ id: mine[0], reason: 'invalid_assignee' }] });

    const coordinator = await as('coord', 'POST', '/api/tickets/bulk', { ids: mine, action: { type: 'close' } });
    expect(coordinator.json()).toEqual({ updated: [], skipped: mine.map((id) => ({ id, reason: 'forbidden' })) });
    expect((await as('ann', 'POST', '/api/tickets/bulk', { ids: [], action: { type: 'close' } })).statusCode).toBe(400);
    expect((await as('ann', 'POST', '/api/tickets/bulk', { ids: Array.from({ length: 201 }, (_, i) => i + 1), action: { type: 'close' } })).statusCode).toBe(400);
  });
});

describe('canned responses', () => {
  test('CRUD within my entity, filled in for a ticket and for me', async () => {
    const created = await as('ann', 'POST', '/api/canned-responses', {
      entity: 'a',
      lang: 'nl',
      title: 'Bedankt',
      body: 'Dag {{contact.name}} ({{contact.handle}}), we bekijken ticket {{ticket.number}}. Groeten, {{agent.name}} van {{entity.name}}. {{onbekend}}',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await as('ann', 'POST', '/api/canned-responses', { entity: 'a', lang: 'fr', title: 'Merci', body: 'Bonjour {{contact.name}}' });
    expect((await as('bob', 'GET', '/api/canned-responses?lang=nl')).json().items.map((c: { id: number }) => c.id)).toEqual([id]);

    const ticketId = await newTicket('a-x', '601', 'Hoe vraag ik een parkeerkaart aan?');
    const { number } = await ticket(ticketId);
    const rendered = await as('bob', 'GET', `/api/tickets/${ticketId}/canned-responses?lang=nl`);
    expect(rendered.json()).toEqual({
      items: [{ id, title: 'Bedankt', lang: 'nl', text: `Dag Burger 601 (user601), we bekijken ticket ${number}. Groeten, BOB van Entiteit A. {{onbekend}}` }],
    });
    expect((await as('bob', 'GET', `/api/tickets/${ticketId}/canned-responses`)).json().items).toHaveLength(2);

    const patched = await as('bob', 'PATCH', `/api/canned-responses/${id}`, { title: 'Dank u' });
    expect(patched.json()).toMatchObject({ id, title: 'Dank u', lang: 'nl' });
    expect((await as('bob', 'PATCH', `/api/canned-responses/${id}`, { lang: 'de' })).statusCode).toBe(400);
    expect((await as('coord', 'PATCH', `/api/canned-responses/${id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await as('ann', 'DELETE', `/api/canned-responses/${id}`)).statusCode).toBe(204);
    expect((await as('ann', 'GET', '/api/canned-responses?lang=nl')).json().items).toEqual([]);
    expect((await as('ann', 'POST', '/api/canned-responses', { entity: 'a', lang: 'nl', title: '', body: 'x' })).statusCode).toBe(400);
  });
});

describe('saved views', () => {
  test('my own views and the shared ones of my entities; only the owner deletes', async () => {
    const own = await as('ann', 'POST', '/api/views', { name: 'Mijn open', filter: { mine: 'true', status: 'new,open' } });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ name: 'Mijn open', filter: { mine: 'true', status: 'new,open' }, shared: false, entity: 'a', mine: true });
    const shared = await as('ann', 'POST', '/api/views', { name: 'Klachten', filter: { category: 'complaint' }, shared: true });
    const bobs = await as('bob', 'POST', '/api/views', { name: 'Bob privé', filter: { overdue: true } });
    expect(bobs.json().filter).toEqual({ overdue: 'true' });

    const seenByBob = (await as('bob', 'GET', '/api/views')).json().items.map((v: { name: string }) => v.name);
    expect(seenByBob.sort()).toEqual(['Bob privé', 'Klachten']);
    expect((await as('bea', 'GET', '/api/views')).json().items).toEqual([]);

    expect((await as('bob', 'DELETE', `/api/views/${shared.json().id}`)).statusCode).toBe(403);
    expect((await as('bob', 'DELETE', `/api/views/${own.json().id}`)).statusCode).toBe(404);
    expect((await as('ann', 'DELETE', `/api/views/${own.json().id}`)).statusCode).toBe(204);
    expect((await as('ann', 'GET', '/api/views')).json().items.map((v: { name: string }) => v.name)).toEqual(['Klachten']);

    const badSort = await as('ann', 'POST', '/api/views', { name: 'Fout', filter: { sort: 'random' } });
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().message).toMatch(/^filter\.sort: /);
    expect((await as('ann', 'POST', '/api/views', { name: 'Fout', filter: { unknown: 'x' } })).statusCode).toBe(400);
    expect((await as('ann', 'POST', '/api/views', { name: 'B', filter: { entity: 'b' }, shared: true })).statusCode).toBe(404);
  });
});

describe('SLA', () => {
  test('defaults until set; new tickets get due dates in business hours of the entity', async () => {
    const defaults = await as('adm', 'GET', '/api/entities/sla/sla');
    expect(defaults.statusCode).toBe(200);
    expect(defaults.json()).toEqual({
      timeZone: 'Europe/Brussels',
      businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
      holidays: [],
      policies: [
        { priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 },
        { priority: 'high', firstResponseMinutes: 240, resolutionMinutes: 1440 },
        { priority: 'medium', firstResponseMinutes: 480, resolutionMinutes: 2880 },
        { priority: 'low', firstResponseMinutes: 1440, resolutionMinutes: 7200 },
      ],
    });
    // Monday 2 March 2026 10:00: medium = 8 and 48 business hours
    const id = await newTicket('sla-x', '701', 'Wanneer wordt mijn aanvraag behandeld?', cet('2026-03-02T10:00:00'));
    expect((await ticket(id)).sla).toMatchObject({
      firstResponseDueAt: cet('2026-03-03T10:00:00').toISOString(),
      resolutionDueAt: cet('2026-03-10T10:00:00').toISOString(),
    });

    const put = await as('adm', 'PUT', '/api/entities/sla/sla', {
      businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '16:00' })),
      holidays: ['2026-03-03'],
      policies: [{ priority: 'medium', firstResponseMinutes: 60, resolutionMinutes: 480 }],
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().policies).toContainEqual({ priority: 'medium', firstResponseMinutes: 60, resolutionMinutes: 480 });
    expect(put.json().policies).toContainEqual({ priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 });
    expect((await as('adm', 'GET', '/api/entities/sla/sla')).json()).toEqual(put.json());

    // the open ticket moves to the new rules; Tuesday is a holiday
    expect((await ticket(id)).sla).toMatchObject({
      firstResponseDueAt: cet('2026-03-02T11:00:00').toISOString(),
      resolutionDueAt: cet('2026-03-04T10:00:00').toISOString(),
    });
    // a new ticket on Monday afternoon waits for Wednesday
    const late = await newTicket('sla-x', '702', 'Nog een vraag', cet('2026-03-02T15:30:00'));
    expect((await ticket(late)).sla.firstResponseDueAt).toBe(cet('2026-03-04T08:30:00').toISOString());
    // a priority change recomputes
    const urgent = await asToken('PATCH', `/api/tickets/${late}`, { priority: 'high' });
    expect(urgent.json().sla.firstResponseDueAt).toBe(cet('2026-03-04T11:30:00').toISOString());

    const audit = await db.query("select actor from audit_log where action = 'entity.sla_changed' and subject_id = 'sla'");
    expect(audit.rows).toEqual([{ actor: 'user:adm@test' }]);
  });

  test('the overdue filter and the SLA state follow the time', async () => {
    const id = await newTicket('sla-x', '703', 'Dringend: mijn rijbewijs', cet('2026-03-05T09:00:00'));
    // under the policy above: first response due Thursday 10:00, resolution Thursday 16:00 + 1 h Friday 09:00
    now = cet('2026-03-05T08:00:00');
    expect(await listIds('adm', 'overdue=true&entity=sla')).not.toContain(id);
    expect((await ticket(id)).sla.state).toBe('ok');
    now = cet('2026-03-05T09:30:00');
    expect((await ticket(id)).sla.state).toBe('due_soon');
    now = cet('2026-03-05T10:01:00');
    expect(await listIds('adm', 'overdue=true&entity=sla')).toContain(id);
    const item = (await as('adm', 'GET', '/api/tickets?overdue=true&entity=sla')).json().items.find((t: { id: number }) => t.id === id);
    expect(item.sla.state).toBe('breached');

    // answered: the resolution target runs
    await db.query('update tickets set first_response_at = $2 where id = $1', [id, cet('2026-03-05T09:45:00')]);
    expect(await listIds('adm', 'overdue=true&entity=sla')).not.toContain(id);
    now = cet('2026-03-06T09:30:00');
    expect(await listIds('adm', 'overdue=true&entity=sla')).toContain(id);
    await asToken('PATCH', `/api/tickets/${id}`, { status: 'resolved' });
    expect(await listIds('adm', 'overdue=true&entity=sla')).not.toContain(id);
    expect((await ticket(id)).sla.state).toBe('met');
  });

  test('a resolved ticket the citizen writes to again: the resolution clock restarts from that message', async () => {
    const first = mention('707', 'De lift in het station is stuk', cet('2026-03-09T09:00:00'));
    await ingest(db, { channel: channels['sla-x']!, items: [first], normalize: normalizeX });
    const { rows } = await db.query<{ ticket_id: number }>('select ticket_id from messages where external_id = $1', [first.externalId]);
    const id = rows[0]!.ticket_id;
    await asToken('PATCH', `/api/tickets/${id}`, { status: 'resolved' });
    // Wednesday 11 March 09:00, 08:00–16:00 and 480 business minutes for medium: Thursday 09:00
    const again = mention('707', 'Nog altijd stuk!', cet('2026-03-11T09:00:00'), first.externalId);
    await ingest(db, { channel: channels['sla-x']!, items: [again], normalize: normalizeX });
    const reopened = await ticket(id);
    expect(reopened.status).toBe('open');
    expect(reopened.sla.resolutionDueAt).toBe(cet('2026-03-12T09:00:00').toISOString());
  });

  test('due sort: soonest running target first, nothing running last', async () => {
    const sooner = await newTicket('sla-x', '704', 'a', cet('2026-03-09T09:00:00'));
    const later = await newTicket('sla-x', '705', 'b', cet('2026-03-09T12:00:00'));
    const earliest = await newTicket('sla-x', '706', 'c', cet('2026-03-06T09:00:00'));
    await asToken('PATCH', `/api/tickets/${earliest}`, { status: 'closed' });
    const order = await listIds('adm', 'entity=sla&sort=due&limit=200');
    expect(order.indexOf(sooner)).toBeLessThan(order.indexOf(later));
    expect(order.at(-1)).toBe(earliest);
  });

  test('only admins of the entity may change it; bad hours are named', async () => {
    const body = { businessHours: [{ day: 1, start: '09:00', end: '17:00' }], holidays: [], policies: [] };
    expect((await as('ann', 'PUT', '/api/entities/a/sla', body)).statusCode).toBe(403);
    expect((await as('ann', 'GET', '/api/entities/a/sla')).statusCode).toBe(200);
    expect((await as('adm', 'PUT', '/api/entities/b/sla', body)).statusCode).toBe(404);
    expect((await as('adm', 'GET', '/api/entities/b/sla')).statusCode).toBe(404);
    expect((await as('adm', 'PUT', '/api/entities/nope/sla', body)).statusCode).toBe(404);
    const reversed = await as('adm', 'PUT', '/api/entities/a/sla', { ...body, businessHours: [{ day: 1, start: '17:00', end: '09:00' }] });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().message).toMatch(/^businessHours:/);
    expect((await as('adm', 'PUT', '/api/entities/a/sla', { ...body, holidays: ['3 maart'] })).statusCode).toBe(400);
    const twice = { ...body, policies: [{ priority: 'low', firstResponseMinutes: 10, resolutionMinutes: 20 }, { priority: 'low', firstResponseMinutes: 10, resolutionMinutes: 20 }] };
    expect((await as('adm', 'PUT', '/api/entities/a/sla', twice)).statusCode).toBe(400);
  });
});

describe('round-robin', () => {
  test("new tickets go to the entity's active agents in turn, least recently assigned first", async () => {
    const off = await newTicket('rr-x', '801', 'voor round robin aan staat');
    expect((await ticket(off)).assignee).toBeNull();

    await db.query(`update entities set settings = settings || '{"autoAssign": "round_robin"}'::jsonb where id = 'rr'`);
    const assigned: number[] = [];
    for (const author of ['802', '803', '804', '805']) assigned.push((await ticket(await newTicket('rr-x', author, `vraag van ${author}`))).assignee.id);
    expect(assigned).toEqual([users.rr1, users.rr2, users.rr1, users.rr2]);

    // a batch of several new tickets continues the turns; admins and disabled agents get none
    await db.query('update users set disabled = true where id = $1', [users.rr2]);
    const batch = ['806', '807'].map((author) => mention(author, `batch ${author}`));
    await ingest(db, { channel: channels['rr-x']!, items: batch, normalize: normalizeX });
    const { rows } = await db.query<{ assignee_id: number }>(
      `select t.assignee_id from tickets t join messages m on m.ticket_id = t.id where m.external_id = any($1::text[]) order by t.id`,
      [batch.map((b) => b.externalId)],
    );
    expect(rows.map((r) => r.assignee_id)).toEqual([users.rr1, users.rr1]);
    await db.query('update users set disabled = false where id = $1', [users.rr2]);
    // back in the rotation, the agent who waited longest is next
    const next = await newTicket('rr-x', '808', 'en nog één');
    expect((await ticket(next)).assignee.id).toBe(users.rr2);
  });

  test('two batches of one entity at the same moment (two channels) never hand out the same turn', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const at = [new Date()];
    // the first batch plans and stays open; the second must wait for its turns to be written
    const first = db.transaction(async (tx) => {
      const plan = await planNewTickets(tx, 'rr', at);
      await held;
      return plan;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = db.transaction((tx) => planNewTickets(tx, 'rr', at));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(new Set([a[0]!.assigneeId, b[0]!.assigneeId])).toEqual(new Set([users.rr1, users.rr2]));
  });
});

describe('live updates', () => {
  test('every ticket change is announced to /api/events listeners, ids only', async () => {
    const events: InboxEvent[] = [];
    const stop = await db.listen(EVENTS_CHANNEL, (payload) => {
      const event = parseEvent(payload);
      if (event) events.push(event);
    });
    try {
      const target = await newTicket('a-x', '950', 'live een', new Date(Date.now() - 1000));
      const source = await newTicket('a-x', '950', 'live twee');
      const announced = (id: number) => eventually(async () => events.some((e) => e.type === 'tickets' && e.entity === 'a' && (e.ids as number[]).includes(id)));
      const changes: Array<() => Promise<unknown>> = [
        () => as('ann', 'PATCH', `/api/tickets/${target}`, { priority: 'high' }),
        () => as('ann', 'POST', `/api/tickets/${target}/claim`),
        () => as('ann', 'POST', `/api/tickets/${target}/notes`, { text: 'x' }),
        () => as('ann', 'PUT', `/api/tickets/${target}/tags`, { tags: ['live'] }),
        () => as('ann', 'POST', `/api/tickets/${target}/replies`, { text: 'We kijken het na.', visibility: 'public' }),
        async () => as('ann', 'PATCH', `/api/tickets/${target}/category`, { category: (await ticket(target)).category === 'question' ? 'other' : 'question' }),
        () => as('ann', 'POST', '/api/tickets/bulk', { ids: [target], action: { type: 'close' } }),
      ];
      for (const change of changes) {
        events.length = 0;
        expect(((await change()) as { statusCode: number }).statusCode).toBeLessThan(300);
        await announced(target);
      }
      events.length = 0;
      await as('ann', 'POST', `/api/tickets/${target}/merge`, { sourceId: source });
      await announced(source);
      expect(JSON.stringify(events)).not.toContain('live een');
    } finally {
      await stop();
    }
  });
});

describe("entity B's subjects", () => {
  test('every workflow route answers 404 for them', async () => {
    const bTicket = await newTicket('b-x', '901', 'Een vraag aan entiteit B');
    const bCanned = (await asToken('POST', '/api/canned-responses', { entity: 'b', lang: 'nl', title: 'B', body: 'B' })).json().id;
    const bView = (await as('bea', 'POST', '/api/views', { name: 'B gedeeld', filter: {}, shared: true })).json().id;
    const aTicket = await newTicket('a-x', '902', 'Een vraag aan entiteit A');
    const routes: Array<[Method, string, unknown?]> = [
      ['GET', `/api/tickets/${bTicket}`],
      ['PATCH', `/api/tickets/${bTicket}`, { status: 'closed' }],
      ['PATCH', `/api/tickets/${bTicket}`, { assigneeId: users.ann }],
      ['POST', `/api/tickets/${bTicket}/claim`],
      ['POST', `/api/tickets/${bTicket}/notes`, { text: 'x' }],
      ['PUT', `/api/tickets/${bTicket}/tags`, { tags: ['x'] }],
      ['POST', `/api/tickets/${bTicket}/merge`, { sourceId: aTicket }],
      ['GET', `/api/tickets/${bTicket}/canned-responses`],
      ['PATCH', `/api/canned-responses/${bCanned}`, { title: 'x' }],
      ['DELETE', `/api/canned-responses/${bCanned}`],
      ['POST', '/api/canned-responses', { entity: 'b', lang: 'nl', title: 'x', body: 'x' }],
      ['DELETE', `/api/views/${bView}`],
      ['GET', '/api/entities/b/sla'],
      ['PUT', '/api/entities/b/sla', { businessHours: [{ day: 1, start: '09:00', end: '17:00' }], holidays: [], policies: [] }],
    ];
    for (const who of ['ann', 'adm', 'coord']) {
      for (const [method, url, payload] of routes) {
        const response = await as(who, method, url, payload);
        expect({ who, method, url, status: response.statusCode }).toEqual({ who, method, url, status: 404 });
      }
      const lists = ['/api/canned-responses', '/api/views', '/api/tags', '/api/tickets?q=entiteit'];
      for (const url of lists) {
        const body = (await as(who, 'GET', url)).json();
        expect(JSON.stringify(body)).not.toMatch(/"entity":"b"|B gedeeld|alleen-b/);
      }
    }
    for (const who of ['ann', 'adm']) {
      expect((await as(who, 'POST', `/api/tickets/${aTicket}/merge`, { sourceId: bTicket })).statusCode).toBe(404);
    }
    expect((await ticket(bTicket)).status).toBe('new');
    expect((await as('bea', 'GET', '/api/views')).json().items.map((v: { id: number }) => v.id)).toEqual([bView]);
  });
});
