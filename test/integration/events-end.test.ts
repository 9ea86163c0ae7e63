import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { buildApi } from '../../src/http/server.js';
import { runUserCommand } from '../../src/accounts/cli-user.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { notifyChannels } from '../../src/db/events.js';
import { parseSessionsEnded } from '../../src/accounts/session-events.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { createUser } from '../../src/accounts/users.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, xEntity, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * Over real HTTP: an open live-update stream (GET /api/events) ends within a couple of seconds when
 * its user is disabled, logs out or changes their password, instead of running on to the end of its
 * lifetime (ten minutes). Streams of other sessions and of the machine token go on.
 */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let baseUrl: string;
const aborts: AbortController[] = [];
const ENDS_WITHIN_MS = 3000;

interface Stream {
  channelIds: string[];
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  isEnded: () => boolean;
}

async function openStream(headers: Record<string, string>): Promise<Stream> {
  const abort = new AbortController();
  aborts.push(abort);
  const response = await fetch(`${baseUrl}/api/events`, { headers, signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const stream: Stream = { channelIds: [], ended: Promise.resolve(), isEnded: () => done };
  let done = false;
  let connected = false;
  let raw = '';
  stream.ended = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        raw += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = raw.indexOf('\n\n')) >= 0) {
          const block = raw.slice(0, end);
          raw = raw.slice(end + 2);
          if (block === ': connected') connected = true;
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (data) stream.channelIds.push(...(JSON.parse(data) as { ids: string[] }).ids);
        }
      }
    } catch {
      // aborted by the test
    }
    done = true;
  })();
  await eventually(async () => connected);
  return stream;
}

/** True when the stream ends within `ms`, false when it is still open then. */
async function endsWithin(stream: Stream, ms = ENDS_WITHIN_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([stream.ended.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

/** The stream still delivers: a fresh channel event reaches it. */
async function stillDelivers(stream: Stream, marker: string): Promise<void> {
  await notifyChannels(db, 'a', [marker]);
  await eventually(async () => stream.channelIds.includes(marker), 5000);
  expect(stream.isEnded()).toBe(false);
}

const cookieOf = (session: Session) => ({ cookie: session.cookie });

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  await syncEntities(db, [xEntity('a'), xEntity('b')], new SecretBox(TEST_SECRET));
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const email of ['disabled-by-admin@test', 'logs-out@test', 'changes-password@test', 'disabled-by-cli@test', 'bystander@test', 'moves@test']) {
    await createUser(db, { email, name: email, role: 'agent', entities: ['a'], passwordHash });
  }
  await createUser(db, { email: 'admin@test', name: 'Admin', role: 'admin', entities: ['a', 'b'], passwordHash });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'events-end-token' });
  await api.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const abort of aborts) abort.abort();
  await closeApiTest({ api, runtime, db, redis });
});

test('an admin disabling the user ends all of that user’s streams at once; others go on', async () => {
  const user = await logIn(api, 'disabled-by-admin@test');
  const secondTab = await openStream(cookieOf(user));
  const stream = await openStream(cookieOf(user));
  const bystander = await openStream(cookieOf(await logIn(api, 'bystander@test')));
  const machine = await openStream({ authorization: 'Bearer events-end-token' });
  await stillDelivers(stream, 'before-disable');

  const admin = await logIn(api, 'admin@test');
  const { rows } = await db.query<{ id: number }>(`select id from users where email = 'disabled-by-admin@test'`);
  const patched = await asSession(api, admin, 'PATCH', `/api/users/${rows[0]!.id}`, { disabled: true });
  expect(patched.statusCode).toBe(200);

  expect(await endsWithin(stream)).toBe(true);
  expect(await endsWithin(secondTab)).toBe(true);
  await stillDelivers(bystander, 'after-disable');
  await stillDelivers(machine, 'after-disable-machine');
  // and a new stream is refused
  expect((await fetch(`${baseUrl}/api/events`, { headers: cookieOf(user) })).status).toBe(401);
});

test('logging out ends that session’s stream, not the same user’s other session', async () => {
  const here = await logIn(api, 'logs-out@test');
  const elsewhere = await logIn(api, 'logs-out@test');
  const stream = await openStream(cookieOf(here));
  const other = await openStream(cookieOf(elsewhere));

  expect((await asSession(api, here, 'POST', '/api/auth/logout')).statusCode).toBe(204);
  expect(await endsWithin(stream)).toBe(true);
  await stillDelivers(other, 'after-logout');
});

test('changing one’s password ends the streams of the old sessions', async () => {
  const session = await logIn(api, 'changes-password@test');
  const stream = await openStream(cookieOf(session));
  const changed = await asSession(api, session, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' });
  expect(changed.statusCode).toBe(200);
  expect(await endsWithin(stream)).toBe(true);
  // the renewed session may listen again
  const renewed = String(changed.headers['set-cookie']).split(';')[0]!;
  await stillDelivers(await openStream({ cookie: renewed }), 'after-password');
});

test('`inbox user disable` ends the user’s streams too', async () => {
  const stream = await openStream(cookieOf(await logIn(api, 'disabled-by-cli@test')));
  const io = { stdin: Readable.from(['']), out: () => undefined, err: () => undefined };
  expect(await runUserCommand(['disable', '--email', 'disabled-by-cli@test'], db, io)).toBe(0);
  expect(await endsWithin(stream)).toBe(true);
});

test('an admin changing the user’s entities ends the stream; the reconnect shows the new entities only', async () => {
  const user = await logIn(api, 'moves@test');
  const stream = await openStream(cookieOf(user));
  const admin = await logIn(api, 'admin@test');
  const { rows } = await db.query<{ id: number }>(`select id from users where email = 'moves@test'`);
  expect((await asSession(api, admin, 'PATCH', `/api/users/${rows[0]!.id}`, { entities: ['b'] })).statusCode).toBe(200);
  expect(await endsWithin(stream)).toBe(true);

  const reconnected = await openStream(cookieOf(user));
  await notifyChannels(db, 'a', ['a-after-move']);
  await notifyChannels(db, 'b', ['b-after-move']);
  await eventually(async () => reconnected.channelIds.includes('b-after-move'), 5000);
  expect(reconnected.channelIds).not.toContain('a-after-move');
});

test('session notifications are told apart from ticket and channel events', () => {
  expect(parseSessionsEnded(JSON.stringify({ type: 'sessions_ended', userId: 4, sessionIds: [] }))).toEqual({ userId: 4, sessionIds: [] });
  expect(parseSessionsEnded(JSON.stringify({ type: 'sessions_ended', sessionIds: ['ab'] }))).toEqual({ sessionIds: ['ab'] });
  expect(parseSessionsEnded(JSON.stringify({ type: 'channels', entity: 'a', ids: ['a-x'] }))).toBeUndefined();
  expect(parseSessionsEnded(JSON.stringify({ type: 'sessions_ended', userId: '4', sessionIds: [] }))).toBeUndefined();
  expect(parseSessionsEnded('not json')).toBeUndefined();
});
