import type { AddressInfo } from 'node:net';
import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { buildApi } from '../../src/http/server.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { notifyChannels, parseEvent } from '../../src/db/events.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { createUser } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { closeApiTest, logIn, TEST_PASSWORD, xEntity } from '../helpers/api.js';

/**
 * Live updates over real HTTP: GET /api/events streams what changed (ids only) when a message is
 * ingested, to the people of that entity only; the machine token sees every entity.
 */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let baseUrl: string;
const streams: AbortController[] = [];

interface Stream {
  events: Array<{ type: string; data: { entity: string; ids: Array<number | string> } }>;
  connected: boolean;
}

/** Opens the event stream and collects what arrives until the test ends. */
async function openStream(headers: Record<string, string>): Promise<Stream> {
  const abort = new AbortController();
  streams.push(abort);
  const response = await fetch(`${baseUrl}/api/events`, { headers, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const stream: Stream = { events: [], connected: false };
  let raw = '';
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        raw += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = raw.indexOf('\n\n')) >= 0) {
          const block = raw.slice(0, end);
          raw = raw.slice(end + 2);
          if (block === ': connected') stream.connected = true;
          const type = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (type && data) stream.events.push({ type, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  // the server writes ': connected' once it listens: events after this point are not missed
  await eventually(async () => stream.connected);
  return stream;
}

async function login(email: string): Promise<Record<string, string>> {
  return { cookie: (await logIn(api, email)).cookie };
}

function mention(id: string, author: string): RawItem {
  return {
    type: 'mention',
    externalId: id,
    payload: { tweet: { id, text: 'wanneer rijdt lijn 4 weer?', author_id: author, created_at: new Date().toISOString() }, author: { id: author, username: `u${author}` } },
  };
}

async function ingestFor(entity: 'a' | 'b', id: string): Promise<number> {
  const channel = (await loadChannel(db, `${entity}-x`, new SecretBox(TEST_SECRET)))!.context as ChannelContext;
  await ingest(db, { channel, items: [mention(id, `${entity}-author`)], normalize: normalizeX });
  const { rows } = await db.query<{ ticket_id: number }>('select ticket_id from messages where external_id = $1', [id]);
  return rows[0]!.ticket_id;
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  await syncEntities(db, [xEntity('a'), xEntity('b')], new SecretBox(TEST_SECRET));
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'agent-a@test', name: 'Agent A', role: 'agent', entities: ['a'], passwordHash });
  await createUser(db, { email: 'coord-b@test', name: 'Coordinator B', role: 'coordinator', entities: ['b'], passwordHash });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'events-token' });
  await api.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const stream of streams) stream.abort();
  await closeApiTest({ api, runtime, db, redis });
});

test('without a session or token the stream is refused', async () => {
  const response = await fetch(`${baseUrl}/api/events`);
  expect(response.status).toBe(401);
});

test('a new message reaches the streams of its entity only, as ids without text', async () => {
  const agentA = await openStream(await login('agent-a@test'));
  const coordinatorB = await openStream(await login('coord-b@test'));
  const machine = await openStream({ authorization: 'Bearer events-token' });

  const ticketA = await ingestFor('a', 'a-1');
  await eventually(async () => agentA.events.some((e) => e.type === 'tickets' && e.data.ids.includes(ticketA)));
  const ticketB = await ingestFor('b', 'b-1');
  await eventually(async () => coordinatorB.events.some((e) => e.data.ids.includes(ticketB)));
  await eventually(async () => machine.events.some((e) => e.data.ids.includes(ticketA)) && machine.events.some((e) => e.data.ids.includes(ticketB)));

  // B's event arrived after A's at every stream: had A's leaked to B, it would be there by now
  expect(coordinatorB.events.every((e) => e.data.entity === 'b')).toBe(true);
  expect(agentA.events.some((e) => e.data.entity === 'b')).toBe(false);
  expect(agentA.events[0]).toEqual({ type: 'tickets', data: { entity: 'a', ids: [ticketA] } });
});

test("a follow-up of a ticket referred to another entity reaches that entity's streams, not the channel's", async () => {
  const agentA = await openStream(await login('agent-a@test'));
  const coordinatorB = await openStream(await login('coord-b@test'));
  const ticket = await ingestFor('a', 'a-referred');
  // what a referral does to the ticket (src/referrals): it moves to the receiving entity
  await db.query(`update tickets set entity_id = 'b' where id = $1`, [ticket]);
  const channel = (await loadChannel(db, 'a-x', new SecretBox(TEST_SECRET)))!.context as ChannelContext;
  const followUp = mention('a-referred-2', 'a-author');
  (followUp.payload as { tweet: Record<string, unknown> }).tweet.conversation_id = 'a-referred';
  (followUp.payload as { tweet: Record<string, unknown> }).tweet.in_reply_to_tweet_id = 'a-referred';
  await ingest(db, { channel, items: [followUp], normalize: normalizeX });
  const { rows } = await db.query<{ ticket_id: number }>(`select ticket_id from messages where external_id = 'a-referred-2'`);
  expect(Number(rows[0]!.ticket_id)).toBe(ticket);
  await eventually(async () => coordinatorB.events.some((e) => e.data.entity === 'b' && e.data.ids.includes(ticket)));
  expect(agentA.events.some((e) => e.type === 'tickets' && e.data.ids.includes(ticket) && e.data.entity === 'a')).toBe(true); // the first message, before the move
  expect(agentA.events.filter((e) => e.type === 'tickets' && e.data.ids.includes(ticket))).toHaveLength(1);
});

test('channel events go to those who may read channels: an agent yes, a coordinator no', async () => {
  const agentA = await openStream(await login('agent-a@test'));
  const coordinatorB = await openStream(await login('coord-b@test'));
  await notifyChannels(db, 'b', ['b-x']);
  await notifyChannels(db, 'a', ['a-x']);
  const ticketB = await ingestFor('b', 'b-2');
  await eventually(async () => agentA.events.some((e) => e.type === 'channels' && e.data.ids.includes('a-x')));
  await eventually(async () => coordinatorB.events.some((e) => e.data.ids.includes(ticketB)));
  expect(coordinatorB.events.some((e) => e.type === 'channels')).toBe(false);
  expect(agentA.events.some((e) => e.data.ids.includes('b-x'))).toBe(false);
});

test('a notification inside a rolled-back transaction is never sent', async () => {
  const machine = await openStream({ authorization: 'Bearer events-token' });
  await expect(
    db.transaction(async (tx) => {
      await notifyChannels(tx, 'a', ['rolled-back']);
      throw new Error('abort');
    }),
  ).rejects.toThrow('abort');
  await notifyChannels(db, 'a', ['committed']);
  await eventually(async () => machine.events.some((e) => e.data.ids.includes('committed')));
  expect(machine.events.some((e) => e.data.ids.includes('rolled-back'))).toBe(false);
});

test('payloads that are not ours are ignored', () => {
  expect(parseEvent('not json')).toBeUndefined();
  expect(parseEvent(JSON.stringify({ type: 'tickets', entity: 'a', ids: ['x'] }))).toBeUndefined();
  expect(parseEvent(JSON.stringify({ type: 'other', entity: 'a', ids: [] }))).toBeUndefined();
  expect(parseEvent(JSON.stringify({ type: 'channels', entity: 'a', ids: ['a-x'] }))).toEqual({ type: 'channels', entity: 'a', ids: ['a-x'] });
});

test('closing the API ends open streams instead of waiting for them', async () => {
  const other = await buildApi(runtime, { apiToken: 'events-token' });
  await other.listen({ host: '127.0.0.1', port: 0 });
  const response = await fetch(`http://127.0.0.1:${(other.server.address() as AddressInfo).port}/api/events`, { headers: { authorization: 'Bearer events-token' } });
  const reader = response.body!.getReader();
  await reader.read();
  await other.close();
  let done = false;
  while (!done) ({ done } = await reader.read());
  expect(done).toBe(true);
});
