import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuth } from '../../src/accounts/access.js';
import { runUserCommand } from '../../src/accounts/cli-user.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { registerAuthRoutes } from '../../src/accounts/routes.js';
import { SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/db/db.js';
import { createUser, disable, findByEmail } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';

/**
 * Who logged in, who failed to, who logged out, and what `inbox user` changed: in the audit log,
 * with ids — never a password, never an address typed for an account that does not exist.
 */
const PASSWORD = 'correct horse battery staple';
let db: Db;
let app: FastifyInstance;
let nextIp = 1;

interface AuditRow {
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Record<string, unknown>;
}

beforeAll(async () => {
  db = await createTestDb();
  await db.query(`insert into entities (id, name) values ('awv', 'Agentschap Wegen en Verkeer')`);
  const deps = {
    db,
    apiToken: undefined,
    publicUrl: 'https://inbox.vlaanderen.test',
    logger: createLogger('test', 'silent'),
    loginThrottle: { perIpPerMinute: 1000, clientFailures: 5, accountFailures: 50, windowSeconds: 900 },
  };
  app = Fastify({ logger: false });
  await registerAuth(app, deps);
  await registerAuthRoutes(app, deps);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function addUser(email: string) {
  return createUser(db, { email, name: email.split('@')[0]!, role: 'agent', entities: ['awv'], passwordHash: await hashPassword(PASSWORD) });
}

async function login(email: string, password: string, ip = `10.9.0.${nextIp++}`) {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });
  return { status: response.statusCode, token: response.cookies.find((c) => c.name === SESSION_COOKIE)?.value, csrf: response.statusCode === 200 ? (response.json().csrfToken as string) : '' };
}

async function auditOf(subjectId: string | number, action?: string): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select actor, action, subject_type, subject_id, details from audit_log where subject_type = 'user' and subject_id = $1 and ($2::text is null or action = $2) order by id`,
    [String(subjectId), action ?? null],
  );
  return rows;
}

async function auditContains(text: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from audit_log where actor ilike $1 or subject_id ilike $1 or details::text ilike $1`, [`%${text}%`]);
  return rows.length > 0;
}

test('a successful login is audited with the account, the method and the address', async () => {
  const user = await addUser('in@awv.test');
  expect((await login(user.email, PASSWORD, '10.1.0.1')).status).toBe(200);
  expect(await auditOf(user.id, 'user.login')).toEqual([
    { actor: 'user:in@awv.test', action: 'user.login', subject_type: 'user', subject_id: String(user.id), details: { method: 'password', ip: '10.1.0.1' } },
  ]);
});

test('a wrong password is audited against the account, without the password', async () => {
  const user = await addUser('typo@awv.test');
  expect((await login(user.email, 'Tr0ub4dor&3 is not it', '10.1.0.2')).status).toBe(401);
  expect(await auditOf(user.id)).toEqual([
    { actor: 'anonymous', action: 'user.login_failed', subject_type: 'user', subject_id: String(user.id), details: { method: 'password', reason: 'wrong_password', ip: '10.1.0.2' } },
  ]);
  expect(await auditContains('Tr0ub4dor')).toBe(false);
});

test('an unknown address is audited as subject "unknown", and the address typed is kept nowhere in the log', async () => {
  expect((await login('Nobody.Here@Example.test', 'some password or other', '10.1.0.3')).status).toBe(401);
  const rows = (await auditOf('unknown', 'user.login_failed')).filter((row) => row.details.ip === '10.1.0.3');
  expect(rows).toEqual([{ actor: 'anonymous', action: 'user.login_failed', subject_type: 'user', subject_id: 'unknown', details: { method: 'password', reason: 'unknown_account', ip: '10.1.0.3' } }]);
  expect(await auditContains('nobody.here')).toBe(false);
  expect(await auditContains('some password or other')).toBe(false);
});

test('a disabled account and a throttled attempt are audited as failures with their reason', async () => {
  const gone = await addUser('gone@awv.test');
  await disable(db, gone.id);
  expect((await login(gone.email, PASSWORD)).status).toBe(401);
  expect((await auditOf(gone.id)).map((row) => row.details.reason)).toEqual(['disabled']);

  const guessed = await addUser('guessed@awv.test');
  for (let attempt = 0; attempt < 5; attempt++) expect((await login(guessed.email, `guess number ${attempt}`, '10.1.0.4')).status).toBe(401);
  expect((await login(guessed.email, PASSWORD, '10.1.0.4')).status).toBe(429);
  expect((await auditOf(guessed.id)).map((row) => [row.action, row.details.reason])).toEqual([
    ...Array.from({ length: 5 }, () => ['user.login_failed', 'wrong_password']),
    ['user.login_failed', 'throttled'],
  ]);
  expect(await auditContains('guess number')).toBe(false);
});

test('logging out is audited; a wrong current password at the password change too, without it', async () => {
  const user = await addUser('out@awv.test');
  const session = await login(user.email, PASSWORD);
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}`, 'x-csrf-token': session.csrf };
  const wrong = await app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword: 'not my password', newPassword: 'a new long passphrase' } });
  expect(wrong.statusCode).toBe(403);
  expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
  expect((await auditOf(user.id)).map((row) => [row.actor, row.action])).toEqual([
    ['user:out@awv.test', 'user.login'],
    ['user:out@awv.test', 'user.password_change_failed'],
    ['user:out@awv.test', 'user.logout'],
  ]);
  expect(await auditContains('not my password')).toBe(false);
});

test('`inbox user add|password|disable` are audited with the actor "cli", without the password', async () => {
  const io = (stdin = '') => ({ stdin: Readable.from([stdin]), out: () => undefined, err: () => undefined });
  expect(await runUserCommand(['add', '--email', 'cli@awv.test', '--name', 'Cli', '--role', 'agent', '--entity', 'awv', '--password-stdin'], db, io('first cli passphrase'))).toBe(0);
  const user = (await findByEmail(db, 'cli@awv.test'))!;
  const session = await login(user.email, 'first cli passphrase');
  expect(session.status).toBe(200);
  expect(await runUserCommand(['password', '--email', 'cli@awv.test', '--password-stdin'], db, io('second cli passphrase'))).toBe(0);
  // a reset from the command line ends the account's sessions, like an admin's in the app
  expect((await app.inject({ url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${session.token}` } })).statusCode).toBe(401);
  expect((await login(user.email, 'second cli passphrase')).status).toBe(200);
  expect(await runUserCommand(['disable', '--email', 'cli@awv.test'], db, io())).toBe(0);
  expect((await findByEmail(db, 'cli@awv.test'))!.disabled).toBe(true);

  const cli = (await auditOf(user.id)).filter((row) => row.actor === 'cli');
  expect(cli.map((row) => [row.action, row.details])).toEqual([
    ['user.create', { role: 'agent', entities: ['awv'] }],
    ['user.update', { changed: ['password'] }],
    ['user.update', { changed: ['disabled'] }],
  ]);
  expect(await auditContains('cli passphrase')).toBe(false);
});
