/**
 * Single sign-on end to end over real HTTP: a real OpenID Provider (oidc-provider, with its
 * development login and consent pages) on 127.0.0.1, our app on another port, and a small browser
 * made of fetch and a cookie jar that follows the redirects and submits the provider's forms.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuth } from '../../src/accounts/access.js';
import type { OidcSettings } from '../../src/accounts/oidc.js';
import { registerAuthRoutes } from '../../src/accounts/routes.js';
import { SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/db/db.js';
import { createUser, disable, findByEmail } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';

/** The part of oidc-provider (ESM, untyped) this test uses. */
interface ProviderInstance {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

const CLIENT_ID = 'social-inbox';
const CLIENT_SECRET = 'oidc-test-client-secret-0123456789';

/** The provider's people, by the login typed into its development sign-in form. */
const ACCOUNTS: Record<string, { email?: string; email_verified?: boolean; name?: string }> = {
  'sub-agent': { email: 'Agent@AWV.test', email_verified: true, name: 'Agent Smit' },
  'sub-stranger': { email: 'stranger@elders.test', email_verified: true, name: 'Een Vreemde' },
  'sub-unverified': { email: 'coordinator@awv.test', email_verified: false },
  'sub-gone': { email: 'gone@awv.test', email_verified: true },
  'sub-newcomer': { email: 'newcomer@awv.test', email_verified: true, name: 'Nieuwe Collega' },
};

let db: Db;
let providerServer: Server;
let issuer: string;
const apps: FastifyInstance[] = [];

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * A free port on loopback, so the app's redirect URI is known before it starts. Taken below the
 * kernel's ephemeral range: a port the OS handed out (port 0) could be handed to another test's
 * server or client between this probe and the app's listen (that raced once in CI: EADDRINUSE).
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const probe = createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      return port;
    }
    if (attempt > 50) throw new Error('no free port below the ephemeral range');
  }
}

async function startApp(port: number, oidc: Partial<OidcSettings> = {}): Promise<string> {
  const origin = `http://127.0.0.1:${port}`;
  const deps = {
    db,
    apiToken: undefined,
    publicUrl: origin,
    logger: createLogger('test', 'silent'),
    oidc: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${origin}/api/auth/oidc/callback`, ...oidc },
  };
  const app = Fastify({ logger: false });
  await registerAuth(app, deps);
  await registerAuthRoutes(app, deps);
  await app.listen({ host: '127.0.0.1', port });
  apps.push(app);
  return origin;
}

/** Cookies per origin (host and port): enough of a browser for these redirects. */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    this.byOrigin.set(origin, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()),
      );
      if (!value || expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(origin)?.get(name);
  }
}

/** The form on a provider page: its action and its fields, with the sign-in form's login filled in. */
function formOf(html: string, login: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the provider's page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  if ('login' in fields) Object.assign(fields, { login, password: 'any password: the development login accepts all' });
  return { action: action.replace(/&amp;/g, '&'), fields };
}

/**
 * Clicks "log in with single sign-on" on `origin` and goes through the provider's pages as `login`,
 * up to and including our callback. Answers the callback's response.
 */
async function signIn(origin: string, login: string, jar = new CookieJar(), tamper?: (callbackUrl: URL) => void) {
  let url = `${origin}/api/auth/oidc/start`;
  let init: RequestInit = {};
  const visited: string[] = [];
  for (let step = 0; step < 20; step++) {
    const target = new URL(url);
    if (target.pathname === '/api/auth/oidc/callback' && tamper) tamper(target);
    const response = await fetch(target, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
    jar.store(url, response);
    visited.push(`${init.method ?? 'GET'} ${target.origin === origin ? 'app' : 'idp'}${target.pathname} → ${response.status}`);
    if (target.pathname === '/api/auth/oidc/callback') return { response, jar, visited, callbackUrl: target };
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      init = {};
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${target.href} answered ${response.status}: ${html.slice(0, 300)}`);
    const form = formOf(html, login);
    url = new URL(form.action, url).href;
    init = { method: 'POST', body: new URLSearchParams(form.fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error(`the callback was never reached: ${visited.join(', ')}`);
}

async function me(origin: string, jar: CookieJar) {
  const response = await fetch(`${origin}/api/auth/me`, { headers: { cookie: jar.header(origin) } });
  return { status: response.status, body: (await response.json()) as { user: { email: string; role: string; entities: string[] } | null; csrfToken: string } };
}

let origin: string;
let provisioningOrigin: string;

beforeAll(async () => {
  db = await createTestDb();
  await db.query(`insert into entities (id, name) values ('awv', 'Agentschap Wegen en Verkeer'), ('vdab', 'VDAB')`);
  await createUser(db, { email: 'agent@awv.test', name: 'Agent', role: 'agent', entities: ['awv'] });
  await createUser(db, { email: 'coordinator@awv.test', name: 'Coordinator', role: 'coordinator', entities: ['awv'] });
  const gone = await createUser(db, { email: 'gone@awv.test', name: 'Gone', role: 'agent', entities: ['awv'] });
  await disable(db, gone.id);

  const [appPort, provisioningPort] = [await freePort(), await freePort()];
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.end();
  providerServer = createServer((request, response) => handle(request, response));
  issuer = `http://127.0.0.1:${await listen(providerServer)}`;

  const configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [appPort, provisioningPort].map((port) => `http://127.0.0.1:${port}/api/auth/oidc/callback`),
      },
    ],
    async findAccount(_context: unknown, accountId: string) {
      return { accountId, claims: async () => ({ sub: accountId, ...ACCOUNTS[accountId] }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-test-cookie-signing-key'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  };
  // The provider warns about its development defaults (keys, login pages, memory adapter, Node 20): expected here.
  const warn = console.warn;
  console.warn = () => undefined;
  let provider: ProviderInstance;
  try {
    const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderConstructor };
    provider = new Provider(issuer, configuration);
  } finally {
    console.warn = warn;
  }
  handle = provider.callback();

  origin = await startApp(appPort);
  provisioningOrigin = await startApp(provisioningPort, { autoProvision: { role: 'agent', entities: ['vdab'] } });
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await new Promise<void>((resolve) => (providerServer ? providerServer.close(() => resolve()) : resolve()));
  await db?.close();
});

test('start redirects to the provider with PKCE (S256), state and nonce, and keeps the login in a short-lived cookie', async () => {
  const response = await fetch(`${origin}/api/auth/oidc/start`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(location.origin).toBe(issuer);
  expect(Object.fromEntries(location.searchParams)).toMatchObject({
    client_id: CLIENT_ID,
    response_type: 'code',
    scope: 'openid email profile',
    redirect_uri: `${origin}/api/auth/oidc/callback`,
    code_challenge_method: 'S256',
    state: expect.any(String),
    nonce: expect.any(String),
    code_challenge: expect.any(String),
  });
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('inbox_oidc='))!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).toMatch(/Max-Age=600/);
});

test('the full code flow logs an existing user in by verified e-mail, links the identity, and sets the session', async () => {
  const { response, jar, visited } = await signIn(origin, 'sub-agent');
  expect(visited).toEqual([
    'GET app/api/auth/oidc/start → 302',
    expect.stringMatching(/^GET idp\/auth → 303$/),
    expect.stringMatching(/^GET idp\/interaction\/[\w-]+ → 200$/), // sign-in page
    expect.stringMatching(/^POST idp\/interaction\/[\w-]+ → 303$/),
    expect.stringMatching(/^GET idp\/auth\/[\w-]+ → 303$/),
    expect.stringMatching(/^GET idp\/interaction\/[\w-]+ → 200$/), // consent page
    expect.stringMatching(/^POST idp\/interaction\/[\w-]+ → 303$/),
    expect.stringMatching(/^GET idp\/auth\/[\w-]+ → 303$/),
    'GET app/api/auth/oidc/callback → 302',
  ]);
  expect(response.headers.get('location')).toBe('/');
  const sessionCookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))!;
  expect(sessionCookie).toMatch(/HttpOnly/);
  expect(sessionCookie).toMatch(/SameSite=Lax/);
  expect(sessionCookie).not.toMatch(/Secure/); // http://127.0.0.1 public URL
  expect(jar.get(origin, 'inbox_oidc')).toBeUndefined(); // single use, cleared

  const who = await me(origin, jar);
  expect(who.status).toBe(200);
  expect(who.body.user).toMatchObject({ email: 'agent@awv.test', role: 'agent', entities: ['awv'] });
  expect(who.body.csrfToken).toMatch(/^[\w-]{43}$/);
  const linked = (await findByEmail(db, 'agent@awv.test'))!;
  expect({ issuer: linked.oidcIssuer, subject: linked.oidcSubject }).toEqual({ issuer, subject: 'sub-agent' });
  expect(linked.lastLoginAt).not.toBeNull();
});

test('the next login finds the user by (issuer, subject), even when the e-mail at the provider changed', async () => {
  ACCOUNTS['sub-agent']!.email = 'agent.smit@awv.test';
  try {
    const { response, jar } = await signIn(origin, 'sub-agent');
    expect(response.headers.get('location')).toBe('/');
    expect((await me(origin, jar)).body.user?.email).toBe('agent@awv.test');
  } finally {
    ACCOUNTS['sub-agent']!.email = 'Agent@AWV.test';
  }
});

test('an unknown subject is refused without autoProvision: no session, no account created', async () => {
  const { response, jar } = await signIn(origin, 'sub-stranger');
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe('/?login_error=no_account');
  expect(jar.get(origin, SESSION_COOKIE)).toBeUndefined();
  expect((await me(origin, jar)).status).toBe(401);
  expect(await findByEmail(db, 'stranger@elders.test')).toBeUndefined();
});

test('an unverified e-mail never links to an existing account', async () => {
  const { response } = await signIn(origin, 'sub-unverified');
  expect(response.headers.get('location')).toBe('/?login_error=no_account');
  expect((await findByEmail(db, 'coordinator@awv.test'))!.oidcSubject).toBeNull();
});

test('a disabled account is refused', async () => {
  const { response, jar } = await signIn(origin, 'sub-gone');
  expect(response.headers.get('location')).toBe('/?login_error=disabled');
  expect(jar.get(origin, SESSION_COOKIE)).toBeUndefined();
});

test('a forged state, and a replayed callback, are refused', async () => {
  const forged = await signIn(origin, 'sub-agent', new CookieJar(), (url) => url.searchParams.set('state', 'forged-state'));
  expect(forged.response.headers.get('location')).toBe('/?login_error=failed');
  expect(forged.jar.get(origin, SESSION_COOKIE)).toBeUndefined();

  // A genuine callback works once; the same URL and cookie a second time do not.
  const jar = new CookieJar();
  let handle = '';
  const first = await signIn(origin, 'sub-agent', jar, () => {
    handle = jar.get(origin, 'inbox_oidc')!;
  });
  expect(first.response.headers.get('location')).toBe('/');
  const replay = await fetch(first.callbackUrl, { redirect: 'manual', headers: { cookie: `inbox_oidc=${handle}` } });
  expect(replay.headers.get('location')).toBe('/?login_error=failed');
});

test('with autoProvision an unknown verified identity becomes a user with the configured role and entities', async () => {
  const { response, jar } = await signIn(provisioningOrigin, 'sub-newcomer');
  expect(response.headers.get('location')).toBe('/');
  const who = await me(provisioningOrigin, jar);
  expect(who.body.user).toMatchObject({ email: 'newcomer@awv.test', name: 'Nieuwe Collega', role: 'agent', entities: ['vdab'] });
  const created = (await findByEmail(db, 'newcomer@awv.test'))!;
  expect(created.passwordHash).toBeNull();
  expect(created.oidcSubject).toBe('sub-newcomer');
});
