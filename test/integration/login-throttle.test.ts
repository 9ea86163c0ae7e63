import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuth } from '../../src/accounts/access.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { DEFAULT_LOGIN_THROTTLE, registerAuthRoutes, type LoginThrottle } from '../../src/accounts/routes.js';
import { SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/db/db.js';
import { createUser } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';

/**
 * Failed logins count per account *and* client address: a stranger who knows an e-mail address
 * cannot lock its owner out from everywhere, while guessing spread over many addresses still meets
 * a cap for the account. Real PostgreSQL, the real auth routes.
 */
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'an entirely different passphrase';
const BASE_TIME = Date.UTC(2026, 2, 2, 9, 0, 0);
// The real per-client limit; a lower account cap than the default (50) keeps the test quick.
const THROTTLE: LoginThrottle = { perIpPerMinute: 1000, clientFailures: 5, accountFailures: 12, windowSeconds: 900 };

let db: Db;
let app: FastifyInstance;
let clock = new Date(BASE_TIME);

beforeAll(async () => {
  db = await createTestDb();
  await db.query(`insert into entities (id, name) values ('awv', 'Agentschap Wegen en Verkeer')`);
  const deps = { db, apiToken: undefined, publicUrl: 'https://inbox.vlaanderen.test', logger: createLogger('test', 'silent'), now: () => clock, loginThrottle: THROTTLE };
  app = Fastify({ logger: false });
  await registerAuth(app, deps);
  await registerAuthRoutes(app, deps);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

beforeEach(() => {
  clock = new Date(BASE_TIME);
});

async function addUser(email: string) {
  return createUser(db, { email, name: email.split('@')[0]!, role: 'agent', entities: ['awv'], passwordHash: await hashPassword(PASSWORD) });
}

async function login(email: string, password: string, ip: string) {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });
  const token = response.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  return { status: response.statusCode, body: response.json() as { message?: string; csrfToken?: string }, retryAfter: response.headers['retry-after'], token };
}

test('the defaults: 5 failures per account and address, 50 per account, in 15 minutes; 10 attempts a minute per address', () => {
  expect(DEFAULT_LOGIN_THROTTLE).toEqual({ perIpPerMinute: 10, clientFailures: 5, accountFailures: 50, windowSeconds: 900 });
});

test('five wrong passwords from one address block that address for that account, not the owner elsewhere', async () => {
  const owner = await addUser('owner@awv.test');
  const attacker = '203.0.113.66';
  for (let attempt = 0; attempt < 5; attempt++) expect((await login(owner.email, `guess ${attempt}`, attacker)).status).toBe(401);

  const blocked = await login(owner.email, PASSWORD, attacker);
  expect(blocked.status).toBe(429);
  expect(blocked.body.message).toBe('too many failed logins for this account from this address; try again later');
  expect(blocked.retryAfter).toBe(String(15 * 60));

  // the owner, from home
  const home = await login(owner.email, PASSWORD, '198.51.100.5');
  expect(home.status).toBe(200);
  expect(home.token).toBeDefined();
  // the owner's success elsewhere does not wipe the guesser's count
  expect((await login(owner.email, PASSWORD, attacker)).status).toBe(429);
  // the blocked address may still log in to another account (the per-address rate limit aside)
  await addUser('colleague@awv.test');
  expect((await login('colleague@awv.test', PASSWORD, attacker)).status).toBe(200);
});

test('guessing spread over many addresses meets the cap per account', async () => {
  const target = await addUser('target@awv.test');
  // four guesses from each of three addresses: under the per-address limit everywhere, 12 for the account
  for (let source = 1; source <= 3; source++) {
    for (let attempt = 0; attempt < 4; attempt++) {
      clock = new Date(BASE_TIME + (source * 4 + attempt) * 1000);
      expect((await login(target.email, `guess ${source}/${attempt}`, `192.0.2.${source}`)).status).toBe(401);
    }
  }
  clock = new Date(BASE_TIME + 60_000);
  const fresh = await login(target.email, PASSWORD, '198.51.100.9');
  expect(fresh.status).toBe(429);
  expect(fresh.body.message).toBe('too many failed logins for this account; try again later');
  expect(Number(fresh.retryAfter)).toBe(15 * 60 - 60 + 4); // the first failure (at 4 s) leaves the window

  clock = new Date(BASE_TIME + 15 * 60_000 + 5000);
  expect((await login(target.email, PASSWORD, '198.51.100.9')).status).toBe(200);
});

test('below the account cap, other addresses are not held back by someone else’s failures', async () => {
  const user = await addUser('busy@awv.test');
  for (let source = 1; source <= 2; source++) {
    for (let attempt = 0; attempt < 5; attempt++) expect((await login(user.email, `guess ${attempt}`, `192.0.2.${100 + source}`)).status).toBe(401);
  }
  expect((await login(user.email, PASSWORD, '192.0.2.101')).status).toBe(429);
  expect((await login(user.email, PASSWORD, '192.0.2.102')).status).toBe(429);
  expect((await login(user.email, PASSWORD, '198.51.100.10')).status).toBe(200);
});

test('the password change is throttled per account and address too: a guessing session does not lock the owner out', async () => {
  const user = await addUser('changes@awv.test');
  const stolen = await login(user.email, PASSWORD, '203.0.113.77');
  const change = (session: { token?: string | undefined; body: { csrfToken?: string } }, ip: string, currentPassword: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/password',
      remoteAddress: ip,
      headers: { cookie: `${SESSION_COOKIE}=${session.token}`, 'x-csrf-token': session.body.csrfToken! },
      payload: { currentPassword, newPassword: NEW_PASSWORD },
    });
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 6; attempt++) statuses.push((await change(stolen, '203.0.113.77', `guess ${attempt}`)).statusCode);
  expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
  // those guesses count against the login from that address as well
  expect((await login(user.email, PASSWORD, '203.0.113.77')).status).toBe(429);

  const own = await login(user.email, PASSWORD, '198.51.100.11');
  expect(own.status).toBe(200);
  expect((await change(own, '198.51.100.11', PASSWORD)).statusCode).toBe(200);
});
