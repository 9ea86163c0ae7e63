import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  can,
  canManageUser,
  entityScope,
  PERMISSIONS,
  registerAuth,
  ROLE_PERMISSIONS,
  type AuthDeps,
  type Permission,
} from '../../src/accounts/access.js';
import { runUserCommand } from '../../src/accounts/cli-user.js';
import { CSRF_HEADER } from '../../src/accounts/csrf.js';
import { hashPassword, needsRehash, verifyPassword } from '../../src/accounts/passwords.js';
import type { Principal } from '../../src/accounts/principal.js';
import { ROLES, type Role } from '../../src/accounts/roles.js';
import { registerAuthRoutes, type LoginThrottle } from '../../src/accounts/routes.js';
import { createSession, DEFAULT_SESSION_LIFETIMES, SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/db/db.js';
import { createUser, disable, findByEmail, listUsers, setEntities } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';

const API_TOKEN = 'auth-test-machine-token';
const PASSWORD = 'correct horse battery staple';
const BASE_TIME = Date.UTC(2026, 2, 2, 9, 0, 0);
const HOUR = 3600 * 1000;

let db: Db;
let clock = new Date(BASE_TIME);
let app: FastifyInstance;
let nextIp = 1;

/** The permission check of these test routes (the app's routes declare theirs: src/http/route-access.ts). */
function requirePermission(request: FastifyRequest, reply: FastifyReply, permission: Permission, entityId?: string): boolean {
  if (can(request.principal, permission, entityId)) return true;
  void reply.code(403).send({ error: 'forbidden', message: `${permission} is not allowed${entityId === undefined ? '' : ` for entity ${entityId}`}` });
  return false;
}

/** Each login comes from its own address unless a test says otherwise: the per-IP limit is tested apart. */
const freshIp = () => `10.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

async function buildApp(overrides: Partial<AuthDeps> & { loginThrottle?: LoginThrottle } = {}): Promise<FastifyInstance> {
  const deps = {
    db,
    apiToken: API_TOKEN,
    publicUrl: 'https://inbox.vlaanderen.test',
    logger: createLogger('test', 'silent'),
    now: () => clock,
    ...overrides,
  };
  const built = Fastify({ logger: false });
  await registerAuth(built, deps);
  await registerAuthRoutes(built, deps);
  built.get('/health', async () => ({ status: 'ok' }));
  built.get<{ Params: { entity: string } }>('/api/things/:entity', async (request, reply) => {
    if (!requirePermission(request, reply, 'tickets.read', request.params.entity)) return reply;
    return { entity: request.params.entity, scope: entityScope(request.principal, 'tickets.read') };
  });
  built.post<{ Params: { entity: string } }>('/api/things/:entity', async (request, reply) => {
    if (!requirePermission(request, reply, 'tickets.reply', request.params.entity)) return reply;
    return { replied: true };
  });
  // A route that forgets requirePermission: only the onRequest hook stands in front of it.
  built.get('/api/unguarded', async (request) => ({ kind: request.principal?.kind ?? null }));
  await built.ready();
  return built;
}

async function login(email: string, password = PASSWORD, options: { app?: FastifyInstance; ip?: string; cookie?: string } = {}) {
  const response = await (options.app ?? app).inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: options.ip ?? freshIp(),
    ...(options.cookie ? { headers: { cookie: `${SESSION_COOKIE}=${options.cookie}` } } : {}),
  });
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  return { response, token: cookie?.value, csrf: response.statusCode === 200 ? (response.json().csrfToken as string) : undefined };
}

function withSession(token: string, extra: Record<string, string> = {}) {
  return { cookie: `${SESSION_COOKIE}=${token}`, ...extra };
}

async function addUser(email: string, role: Role, entities: string[], options: { password?: string | null } = {}) {
  const password = options.password === undefined ? PASSWORD : options.password;
  return createUser(db, { email, name: email.split('@')[0]!, role, entities, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
}

beforeAll(async () => {
  db = await createTestDb();
  await db.query(`insert into entities (id, name) values ('awv', 'Agentschap Wegen en Verkeer'), ('vdab', 'VDAB'), ('de-lijn', 'De Lijn')`);
  await addUser('agent@awv.test', 'agent', ['awv']);
  await addUser('coordinator@awv.test', 'coordinator', ['awv']);
  await addUser('admin@awv.test', 'admin', ['awv', 'vdab']);
  const gone = await addUser('gone@awv.test', 'agent', ['awv']);
  await disable(db, gone.id);
  app = await buildApp({ loginThrottle: { perIpPerMinute: 1000, clientFailures: 5, accountFailures: 50, windowSeconds: 900 } });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

beforeEach(() => {
  clock = new Date(BASE_TIME);
});

describe('password login', () => {
  test('a correct login answers the user and a CSRF token, and sets a hardened session cookie', async () => {
    const { response, token, csrf } = await login(' Agent@AWV.test ');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: { id: expect.any(Number), email: 'agent@awv.test', name: 'agent', role: 'agent', entities: ['awv'], language: 'nl', permissions: [...ROLE_PERMISSIONS.agent] },
      csrfToken: csrf,
    });
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: true });
    expect(cookie.maxAge).toBeUndefined();

    // Only the token's sha256 is stored.
    const { rows } = await db.query<{ id: string; csrf_token: string }>('select id, csrf_token from sessions');
    expect(rows.map((r) => r.id)).toContain(createHash('sha256').update(token!).digest('hex'));
    expect(rows.map((r) => r.id)).not.toContain(token);
    const { rows: user } = await db.query<{ last_login_at: Date }>(`select last_login_at from users where email = 'agent@awv.test'`);
    expect(new Date(user[0]!.last_login_at).getTime()).toBe(BASE_TIME);
  });

  test('the cookie has no Secure flag when the public URL is http on localhost or 127.0.0.1 only', async () => {
    for (const [publicUrl, secure] of [
      ['http://localhost:3000', false],
      ['http://127.0.0.1:3000', false],
      ['http://inbox.intranet.test', true],
    ] as const) {
      const local = await buildApp({ publicUrl });
      const { response } = await login('agent@awv.test', PASSWORD, { app: local });
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)?.secure ?? false).toBe(secure);
      await local.close();
    }
  });

  test('wrong password, unknown e-mail and a disabled account get the very same answer', async () => {
    const wrong = await login('agent@awv.test', 'not the password at all');
    const unknown = await login('nobody@awv.test');
    const disabled = await login('gone@awv.test');
    for (const attempt of [wrong, unknown, disabled]) {
      expect(attempt.response.statusCode).toBe(401);
      expect(attempt.response.json()).toEqual({ error: 'unauthorized', message: 'e-mail address or password is incorrect' });
      expect(attempt.token).toBeUndefined();
    }
  });

  test('a malformed body is a 400, not a login attempt', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'agent@awv.test' }, remoteAddress: freshIp() });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('bad_request');
  });

  test('logging in again rotates the session: the cookie the browser came with stops working', async () => {
    const first = await login('agent@awv.test');
    const second = await login('agent@awv.test', PASSWORD, { cookie: first.token! });
    expect(second.token).not.toBe(first.token);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(first.token!) })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(second.token!) })).statusCode).toBe(200);
  });

  test('a hash made with older, cheaper parameters is upgraded at the next successful login', async () => {
    const { hash } = await import('@node-rs/argon2');
    const user = await createUser(db, { email: 'old-hash@awv.test', name: 'Old', role: 'agent', entities: ['awv'], passwordHash: await hash(PASSWORD, { memoryCost: 19_456, timeCost: 2 }) });
    expect((await login(user.email)).response.statusCode).toBe(200);
    const stored = (await findByEmail(db, user.email))!.passwordHash!;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword(stored, PASSWORD)).toBe(true);
  });
});

describe('sessions', () => {
  test('GET /api/auth/me answers the user and the same CSRF token as the login', async () => {
    const { token, csrf } = await login('coordinator@awv.test');
    const me = await app.inject({ url: '/api/auth/me', headers: withSession(token!) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'coordinator@awv.test', role: 'coordinator', entities: ['awv'], language: 'nl' }, csrfToken: csrf });
  });

  test('no credentials, or an unknown cookie, is a 401 on every /api route; /health stays public', async () => {
    for (const url of ['/api/auth/me', '/api/things/awv', '/api/does-not-exist']) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'unauthorized', message: expect.any(String) });
    }
    // The router decodes %61 to "a": the check must follow the matched route, not the raw URL.
    for (const url of ['/api/unguarded', '/%61pi/unguarded', '/%61pi/things/awv', '/api//unguarded']) {
      expect((await app.inject({ url })).statusCode).toBe(401);
    }
    expect((await app.inject({ url: '/%61pi/unguarded', headers: { authorization: `Bearer ${API_TOKEN}` } })).json()).toEqual({ kind: 'token' });
    const forged = await app.inject({ url: '/api/things/awv', headers: withSession('A'.repeat(43)) });
    expect(forged.statusCode).toBe(401);
    expect(forged.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe(''); // cleared
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  test('a user reaches their own entities only', async () => {
    const { token } = await login('agent@awv.test');
    const own = await app.inject({ url: '/api/things/awv', headers: withSession(token!) });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ entity: 'awv', scope: ['awv'] });
    const other = await app.inject({ url: '/api/things/vdab', headers: withSession(token!) });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual({ error: 'forbidden', message: 'tickets.read is not allowed for entity vdab' });
  });

  test('a role without the permission gets 403 on its own entity', async () => {
    const { token, csrf } = await login('coordinator@awv.test');
    const response = await app.inject({ method: 'POST', url: '/api/things/awv', headers: withSession(token!, { [CSRF_HEADER]: csrf! }) });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toBe('forbidden');
  });

  test('logout ends the session and clears the cookie', async () => {
    const { token, csrf } = await login('agent@awv.test');
    const refused = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: withSession(token!) });
    expect(refused.statusCode).toBe(403); // logout is state-changing: CSRF header required
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: withSession(token!, { [CSRF_HEADER]: csrf! }) });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cleared.value).toBe('');
    expect(cleared.expires!.getTime()).toBeLessThan(Date.now());
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(401);
  });

  test('a session ends after 12 hours without use', async () => {
    const { token } = await login('agent@awv.test');
    clock = new Date(BASE_TIME + 11 * HOUR);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(200);
    clock = new Date(BASE_TIME + 23 * HOUR); // 12 h after the last use
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(401);
    const { rows } = await db.query('select 1 from sessions where id = $1', [createHash('sha256').update(token!).digest('hex')]);
    expect(rows).toHaveLength(0);
  });

  test('a session ends 7 days after login even when used all along', async () => {
    const { token } = await login('agent@awv.test');
    for (let hours = 10; hours < 7 * 24; hours += 10) {
      clock = new Date(BASE_TIME + hours * HOUR);
      expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(200);
    }
    clock = new Date(BASE_TIME + 7 * 24 * HOUR);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(401);
  });

  test('a session whose expires_at has passed is refused', async () => {
    const { token } = await login('agent@awv.test');
    await db.query(`update sessions set expires_at = $2 where id = $1`, [createHash('sha256').update(token!).digest('hex'), new Date(BASE_TIME - 1000)]);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(401);
  });

  test('disabling a user ends their sessions and refuses new logins', async () => {
    const user = await addUser('leaving@awv.test', 'agent', ['awv']);
    const { token } = await login(user.email);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(200);
    await disable(db, user.id);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(token!) })).statusCode).toBe(401);
    expect((await login(user.email)).response.statusCode).toBe(401);
  });

  test('PATCH /api/auth/me sets the language (nl or en)', async () => {
    const user = await addUser('english@awv.test', 'agent', ['awv']);
    const { token, csrf } = await login(user.email);
    const headers = withSession(token!, { [CSRF_HEADER]: csrf! });
    const changed = await app.inject({ method: 'PATCH', url: '/api/auth/me', headers, payload: { language: 'en' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user.language).toBe('en');
    expect((await app.inject({ url: '/api/auth/me', headers })).json().user.language).toBe('en');
    expect((await app.inject({ method: 'PATCH', url: '/api/auth/me', headers, payload: { language: 'fr' } })).statusCode).toBe(400);
    const machine = await app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { authorization: `Bearer ${API_TOKEN}` }, payload: { language: 'en' } });
    expect(machine.statusCode).toBe(400);
  });

  test('security headers: a same-origin CSP, no framing, HSTS on https', async () => {
    const response = await app.inject({ url: '/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toContain('max-age=15552000');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('changing my password', () => {
  const NEW_PASSWORD = 'a much longer new passphrase';
  const change = (token: string, csrf: string, payload: unknown) =>
    app.inject({ method: 'POST', url: '/api/auth/password', headers: withSession(token, { 'x-csrf-token': csrf }), payload: payload as object });

  test('the current password is checked; other sessions end; this one continues with a new cookie; the new password works', async () => {
    await addUser('changer@awv.test', 'agent', ['awv']);
    const here = await login('changer@awv.test');
    const elsewhere = await login('changer@awv.test');

    const wrong = await change(here.token!, here.csrf!, { currentPassword: 'not it at all', newPassword: NEW_PASSWORD });
    expect([wrong.statusCode, wrong.json().error]).toEqual([403, 'forbidden']);
    expect((await change(here.token!, here.csrf!, { currentPassword: PASSWORD, newPassword: 'short' })).statusCode).toBe(400);
    expect((await change(here.token!, here.csrf!, { currentPassword: PASSWORD, newPassword: PASSWORD })).json().message).toMatch(/differ/);

    const changed = await change(here.token!, here.csrf!, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(200);
    const renewed = changed.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    expect(renewed).not.toBe(here.token);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(renewed) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(elsewhere.token!) })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: withSession(here.token!) })).statusCode).toBe(401);
    expect((await login('changer@awv.test')).response.statusCode).toBe(401);
    expect((await login('changer@awv.test', NEW_PASSWORD)).response.statusCode).toBe(200);
    const audit = await db.query(`select actor from audit_log where action = 'user.password_changed'`);
    expect(audit.rows).toEqual([{ actor: 'user:changer@awv.test' }]);
  });

  test('guessing the current password through a session is throttled like the login', async () => {
    await addUser('session-guess@awv.test', 'agent', ['awv']);
    const session = await login('session-guess@awv.test');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await change(session.token!, session.csrf!, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD })).statusCode);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    // even the right one now waits
    expect((await change(session.token!, session.csrf!, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(429);
  });

  test('an account without a password (identity provider only) changes it there', async () => {
    const sso = await addUser('sso@awv.test', 'agent', ['awv'], { password: null });
    // (what an OpenID Connect login leaves behind: a session for an account without a password)
    const { token, session } = await createSession(db, { userId: sso.id, ip: undefined, userAgent: undefined, now: new Date(), lifetimes: DEFAULT_SESSION_LIFETIMES });
    const csrf = session.csrfToken;
    const response = await change(token, csrf, { currentPassword: 'x', newPassword: NEW_PASSWORD });
    expect([response.statusCode, response.json().message]).toEqual([409, expect.stringMatching(/identity provider/)]);
  });
});

describe('CSRF', () => {
  test('a state-changing cookie request needs the x-csrf-token header of its session', async () => {
    const { token, csrf } = await login('agent@awv.test');
    const other = await login('admin@awv.test');
    const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/things/awv', headers: withSession(token!, headers) });

    const missing = await post({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual({ error: 'forbidden', message: 'missing or wrong x-csrf-token header' });
    expect((await post({ [CSRF_HEADER]: 'x'.repeat(43) })).statusCode).toBe(403);
    expect((await post({ [CSRF_HEADER]: other.csrf! })).statusCode).toBe(403); // another session's token
    const accepted = await post({ [CSRF_HEADER]: csrf! });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ replied: true });
    // Reads need none.
    expect((await app.inject({ url: '/api/things/awv', headers: withSession(token!) })).statusCode).toBe(200);
  });
});

describe('machine token', () => {
  test('the bearer token keeps full access, needs no CSRF header, and /me says it is the machine', async () => {
    const headers = { authorization: `Bearer ${API_TOKEN}` };
    const read = await app.inject({ url: '/api/things/de-lijn', headers });
    expect(read.statusCode).toBe(200);
    expect(read.json().scope).toBe('all');
    expect((await app.inject({ method: 'POST', url: '/api/things/vdab', headers })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers })).json()).toEqual({ user: null, machineToken: true, csrfToken: null });
  });

  test('a wrong bearer token is a 401 even next to a valid session cookie', async () => {
    const { token } = await login('agent@awv.test');
    const response = await app.inject({ url: '/api/things/awv', headers: withSession(token!, { authorization: 'Bearer wrong' }) });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  test('without a configured token no bearer is accepted', async () => {
    const tokenless = await buildApp({ apiToken: undefined });
    expect((await tokenless.inject({ url: '/api/things/awv', headers: { authorization: 'Bearer ' } })).statusCode).toBe(401);
    expect((await tokenless.inject({ url: '/api/things/awv', headers: { authorization: `Bearer ${API_TOKEN}` } })).statusCode).toBe(401);
    await tokenless.close();
  });
});

describe('throttling', () => {
  test('after 5 failures in 15 minutes from one address that address is refused for the account with 429 and retry-after, even with the right password', async () => {
    const user = await addUser('guessed@awv.test', 'agent', ['awv']);
    const ip = '198.51.100.20';
    for (let attempt = 0; attempt < 5; attempt++) {
      clock = new Date(BASE_TIME + attempt * 60_000);
      expect((await login(user.email, `wrong guess ${attempt}`, { ip })).response.statusCode).toBe(401);
    }
    clock = new Date(BASE_TIME + 5 * 60_000);
    const locked = await login(user.email, PASSWORD, { ip });
    expect(locked.response.statusCode).toBe(429);
    expect(locked.response.json()).toEqual({ error: 'too_many_requests', message: 'too many failed logins for this account from this address; try again later' });
    expect(locked.response.headers['retry-after']).toBe(String(10 * 60)); // the first failure leaves the window at 15 min
    expect(locked.token).toBeUndefined();

    clock = new Date(BASE_TIME + 15 * 60_000 + 1000);
    expect((await login(user.email, PASSWORD, { ip })).response.statusCode).toBe(200);
    // A success clears that address's failures for the account.
    expect((await login(user.email, 'wrong again', { ip })).response.statusCode).toBe(401);
    expect((await login(user.email, PASSWORD, { ip })).response.statusCode).toBe(200);
  });

  test('an unknown address is throttled the same way (no way to tell accounts apart)', async () => {
    const ip = '198.51.100.21';
    for (let attempt = 0; attempt < 5; attempt++) expect((await login('ghost@awv.test', 'whatever it is', { ip })).response.statusCode).toBe(401);
    const locked = await login('ghost@awv.test', 'whatever it is', { ip });
    expect(locked.response.statusCode).toBe(429);
    expect(locked.response.headers['retry-after']).toBe(String(15 * 60));
  });

  test('more than 10 login attempts a minute from one address get 429', async () => {
    const limited = await buildApp();
    const ip = '192.0.2.7';
    for (let attempt = 0; attempt < 10; attempt++) {
      const { response } = await login(`spray-${attempt}@awv.test`, 'some password', { app: limited, ip });
      expect(response.statusCode).toBe(401);
    }
    const blocked = await login('agent@awv.test', PASSWORD, { app: limited, ip });
    expect(blocked.response.statusCode).toBe(429);
    expect(blocked.response.json()).toEqual({ error: 'too_many_requests', message: expect.stringContaining('too many login attempts') });
    expect(Number(blocked.response.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('agent@awv.test', PASSWORD, { app: limited, ip: '192.0.2.8' })).response.statusCode).toBe(200);
    await limited.close();
  });
});

describe('can() and entityScope()', () => {
  // Read as: which roles hold the permission (within their own entities). Written out, not derived from the code's table.
  const EXPECTED: Record<Permission, Role[]> = {
    'tickets.read': ['agent', 'coordinator', 'admin'],
    'tickets.reply': ['agent', 'admin'],
    'tickets.retag': ['agent', 'coordinator', 'admin'],
    'tickets.assign': ['agent', 'admin'],
    'tickets.work': ['agent', 'admin'],
    'tickets.note': ['agent', 'coordinator', 'admin'],
    'canned.manage': ['agent', 'admin'],
    'views': ['agent', 'coordinator', 'admin'],
    'cases.read': ['coordinator', 'admin'],
    'cases.act': ['coordinator', 'admin'],
    'reports.read': ['coordinator', 'admin'],
    'channels.read': ['agent', 'admin'],
    'channels.manage': ['admin'],
    'entities.manage': ['admin'],
    'users.manage': ['admin'],
    'queues.board': ['admin'],
    'contacts.export': ['coordinator', 'admin'],
    'contacts.erase': ['admin'],
  };
  const user = (role: Role, entities = ['awv']): Principal => ({
    kind: 'user',
    userId: 1,
    email: `${role}@awv.test`,
    name: role,
    role,
    entities,
    language: 'nl',
  });
  const cases = ROLES.flatMap((role) =>
    PERMISSIONS.flatMap((permission) => [
      { role, permission, entity: 'awv', expected: EXPECTED[permission].includes(role) },
      { role, permission, entity: 'vdab', expected: false },
    ]),
  );

  test('the table covers every permission', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort());
    expect(cases).toHaveLength(3 * PERMISSIONS.length * 2);
  });

  test.each(cases)('$role · $permission · entity $entity → $expected', ({ role, permission, entity, expected }) => {
    expect(can(user(role), permission, entity)).toBe(expected);
  });

  test.each(ROLES.flatMap((role) => PERMISSIONS.map((permission) => ({ role, permission }))))(
    '$role · $permission without an entity: the role holds it for one of its entities',
    ({ role, permission }) => {
      expect(can(user(role), permission)).toBe(EXPECTED[permission].includes(role));
      expect(can(user(role, []), permission)).toBe(false);
      expect(entityScope(user(role), permission)).toEqual(EXPECTED[permission].includes(role) ? ['awv'] : []);
    },
  );

  test.each([...PERMISSIONS])('the machine token · %s · any entity', (permission) => {
    expect(can({ kind: 'token' }, permission, 'awv')).toBe(true);
    expect(can({ kind: 'token' }, permission, 'vdab')).toBe(true);
    expect(can({ kind: 'token' }, permission)).toBe(true);
    expect(entityScope({ kind: 'token' }, permission)).toBe('all');
  });

  test('entityScope: own entities for every role, all for the token, none without a principal', () => {
    for (const role of ROLES) expect(entityScope(user(role, ['awv', 'de-lijn']))).toEqual(['awv', 'de-lijn']);
    expect(entityScope({ kind: 'token' })).toBe('all');
    expect(entityScope(null)).toEqual([]);
    expect(can(null, 'tickets.read', 'awv')).toBe(false);
  });

  test('an admin manages users only when all their entities are the admin\'s own', () => {
    const admin = user('admin', ['awv', 'vdab']);
    expect(canManageUser(admin, ['awv'])).toBe(true);
    expect(canManageUser(admin, ['awv', 'vdab'])).toBe(true);
    expect(canManageUser(admin, ['awv', 'de-lijn'])).toBe(false);
    expect(canManageUser(admin, [])).toBe(false);
    expect(canManageUser(user('coordinator', ['awv']), ['awv'])).toBe(false);
    expect(canManageUser({ kind: 'token' }, ['de-lijn'])).toBe(true);
  });
});

describe('users store and `inbox user`', () => {
  function io(stdin = '') {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { stdin: Readable.from([stdin]), out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
  }

  test('user add --password-stdin creates a user who can log in with that password', async () => {
    const run = io('a long enough password\n');
    const code = await runUserCommand(
      ['add', '--email', 'Nieuw@VDAB.test', '--name', 'Nieuwe Collega', '--role', 'coordinator', '--entity', 'vdab,de-lijn', '--password-stdin'],
      db,
      run.io,
    );
    expect(code).toBe(0);
    expect(run.out.join('\n')).not.toContain('password (shown once)');
    const { response } = await login('nieuw@vdab.test', 'a long enough password');
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ name: 'Nieuwe Collega', role: 'coordinator', entities: ['de-lijn', 'vdab'] });
  });

  test('user add without --password-stdin prints a generated password once', async () => {
    const run = io();
    expect(await runUserCommand(['add', '--email', 'gen@awv.test', '--name', 'Gen', '--role', 'agent', '--entity', 'awv'], db, run.io)).toBe(0);
    const line = run.out.find((l) => l.startsWith('password (shown once): '))!;
    const password = line.slice('password (shown once): '.length);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await login('gen@awv.test', password)).response.statusCode).toBe(200);
  });

  test('user add refuses bad input', async () => {
    const base = ['add', '--email', 'x@awv.test', '--name', 'X', '--entity', 'awv'];
    expect(await runUserCommand([...base, '--role', 'superuser'], db, io().io)).toBe(2);
    expect(await runUserCommand(['add', '--email', 'not-an-address', '--name', 'X', '--role', 'agent', '--entity', 'awv'], db, io().io)).toBe(2);
    const unknown = io();
    expect(await runUserCommand(['add', '--email', 'x@awv.test', '--name', 'X', '--role', 'agent', '--entity', 'awv,nope'], db, unknown.io)).toBe(1);
    expect(unknown.err).toEqual(['unknown entity: nope']);
    expect(await runUserCommand(['add', '--email', 'AGENT@awv.test', '--name', 'X', '--role', 'agent', '--entity', 'awv'], db, io().io)).toBe(1);
    const short = io('short\n');
    expect(await runUserCommand([...base, '--role', 'agent', '--password-stdin'], db, short.io)).toBe(1);
    expect(short.err[0]).toContain('at least 12');
    expect(await findByEmail(db, 'x@awv.test')).toBeUndefined();
  });

  test('user list shows every account; listUsers narrows to a scope; setEntities replaces', async () => {
    const run = io();
    expect(await runUserCommand(['list'], db, run.io)).toBe(0);
    expect(run.out[0]).toBe('id\temail\tname\trole\tentities\tlanguage\tlogin\tstatus\tlast login');
    expect(run.out.some((l) => l.includes('admin@awv.test\tadmin\tadmin\tawv,vdab\tnl\tpassword\tactive'))).toBe(true);
    expect(run.out.some((l) => l.includes('gone@awv.test') && l.includes('\tdisabled\t'))).toBe(true);

    const vdabOnly = await listUsers(db, ['vdab']);
    expect(vdabOnly.map((u) => u.email)).toContain('admin@awv.test');
    expect(vdabOnly.map((u) => u.email)).not.toContain('agent@awv.test');
    expect(vdabOnly.every((u) => !('passwordHash' in u))).toBe(true);

    const moved = await addUser('moved@awv.test', 'agent', ['awv']);
    await setEntities(db, moved.id, ['de-lijn']);
    expect((await findByEmail(db, 'moved@awv.test'))!.entities).toEqual(['de-lijn']);
  });

  test('user password and user disable', async () => {
    await addUser('reset@awv.test', 'agent', ['awv']);
    expect(await runUserCommand(['password', '--email', 'reset@awv.test', '--password-stdin'], db, io('brand new password 2026').io)).toBe(0);
    expect((await login('reset@awv.test', PASSWORD)).response.statusCode).toBe(401);
    expect((await login('reset@awv.test', 'brand new password 2026')).response.statusCode).toBe(200);
    expect(await runUserCommand(['disable', '--email', 'reset@awv.test'], db, io().io)).toBe(0);
    expect((await login('reset@awv.test', 'brand new password 2026')).response.statusCode).toBe(401);
    expect(await runUserCommand(['disable', '--email', 'nobody@awv.test'], db, io().io)).toBe(1);
  });

  test('a password-less (single sign-on) account cannot log in with a password', async () => {
    await addUser('sso-only@awv.test', 'agent', ['awv'], { password: null });
    expect((await login('sso-only@awv.test', '')).response.statusCode).toBe(400);
    expect((await login('sso-only@awv.test', 'anything at all')).response.statusCode).toBe(401);
  });
});
