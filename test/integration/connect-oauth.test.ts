import { FacebookEmulator, seedDemo as seedFacebook, seedMessengerDemo } from '../../connectors/facebook/emulator.js';
import { GoogleReviewsEmulator, seedDemo as seedGoogle } from '../../connectors/google/emulator.js';
import { InstagramEmulator, seedDemo as seedInstagram } from '../../connectors/instagram/emulator.js';
import { LinkedInEmulator, seedDemo as seedLinkedIn } from '../../connectors/linkedin/emulator.js';
import { EMULATOR_OAUTH_APP } from '../../connectors/oauth-emulator.js';
import { xOAuth } from '../../connectors/x/oauth.js';
import { refreshAccessToken } from '../../connectors/oauth/client.js';
import type { Cursor, Platform } from '../../connectors/types.js';
import { AuthExpiredError } from '../../connectors/types.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { YouTubeEmulator, seedDemo as seedYouTube } from '../../connectors/youtube/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import type { Runtime } from '../../src/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * "Connect, don't paste" against each platform's emulator over real HTTP: start → the emulator's
 * authorize page → "Authorize app" → the callback → the accounts → attach → the new channel's
 * connector reads with the issued token. Also: Cancel, a wrong or spent state, another session,
 * another entity's admin, renewing a channel of the file whose credentials are managed in the app.
 */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
const x = new XEmulator();
const facebook = new FacebookEmulator();
const instagram = new InstagramEmulator();
const linkedin = new LinkedInEmulator();
const youtube = new YouTubeEmulator();
const google = new GoogleReviewsEmulator();
let admin: Session;
let adminBravo: Session;

const PAGE_ID = '104000000000321';
const IG_USER = '17841400000000321';
const ORG = 'urn:li:organization:90321';
const YT_CHANNEL = 'UCalfaStadskanaal0000321';
const LOCATION = { accountId: '1010321', locationId: '2020321' };

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  const urls = {
    x: await x.start(),
    facebook: await facebook.start(),
    instagram: await instagram.start(),
    linkedin: await linkedin.start(),
    youtube: await youtube.start(),
    google: await google.start(),
  };
  x.addAccount({ userId: '7001', handle: 'stadalfa', name: 'Stad Alfa', token: 'seed-x-token' });
  x.addMention({ toUserId: '7001', text: 'Wanneer is het stadhuis open?', authorId: '8001', username: 'burger' });
  facebook.addPage({ pageId: PAGE_ID, name: 'Stad Alfa', token: 'seed-page-token' });
  seedFacebook(facebook, { pageId: PAGE_ID });
  seedMessengerDemo(facebook, { pageId: PAGE_ID });
  instagram.addAccount({ igUserId: IG_USER, username: 'stad.alfa', token: 'seed-ig-token' });
  seedInstagram(instagram, { igUserId: IG_USER });
  seedLinkedIn(linkedin, { organizationUrn: ORG, accessToken: 'seed-li-token' });
  youtube.addAccount({ channelId: YT_CHANNEL, title: 'Stad Alfa TV', accessToken: 'seed-yt-token' });
  seedYouTube(youtube, { channelId: YT_CHANNEL });
  seedGoogle(google, { ...LOCATION, accessToken: 'seed-g-token' });

  const secrets = new SecretBox(TEST_SECRET);
  await syncEntities(
    db,
    [
      {
        id: 'alfa',
        name: 'Stad Alfa',
        complaintThreshold: 0.5,
        timeZone: 'Europe/Brussels',
        channels: [
          // the file names the account; the token is connected in the app
          { id: 'alfa-file-x', platform: 'x', account: { userId: '7001' }, baseUrl: urls.x, credentials: {}, pollIntervalSeconds: 3600, enabled: true, credentialsManagedInApp: true },
          { id: 'alfa-file-locked', platform: 'youtube', account: { channelId: YT_CHANNEL }, baseUrl: urls.youtube, credentials: { apiKey: 'k' }, pollIntervalSeconds: 3600, enabled: true },
        ],
      },
      { id: 'bravo', name: 'Stad Bravo', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [] },
    ],
    secrets,
  );
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'admin-alfa@test', name: 'Admin Alfa', role: 'admin', entities: ['alfa'], passwordHash });
  await createUser(db, { email: 'admin-bravo@test', name: 'Admin Bravo', role: 'admin', entities: ['bravo'], passwordHash });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  const app = { clientId: EMULATOR_OAUTH_APP.clientId, clientSecret: EMULATOR_OAUTH_APP.clientSecret };
  runtime.settings.oauth = {
    x: { ...app, baseUrl: urls.x },
    facebook: { ...app, baseUrl: urls.facebook },
    messenger: { ...app, baseUrl: urls.facebook },
    instagram: { ...app, baseUrl: urls.instagram },
    linkedin: { ...app, baseUrl: urls.linkedin },
    youtube: { ...app, baseUrl: urls.youtube },
    google: { ...app, baseUrl: urls.google },
  };
  api = await buildApi(runtime, { apiToken: 'connect-token' });
  admin = await logIn(api, 'admin-alfa@test');
  adminBravo = await logIn(api, 'admin-bravo@test');
});

afterAll(async () => {
  await Promise.all([x.stop(), facebook.stop(), instagram.stop(), linkedin.stop(), youtube.stop(), google.stop()]);
  await closeApiTest({ api, runtime, db, redis });
});

/** The hidden fields of the emulator's authorize form, as a browser would send them. */
function formOf(html: string): URLSearchParams {
  const form = new URLSearchParams();
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, unescape(m[2]!));
  const option = /<select name="identity"><option value="([^"]+)"/.exec(html);
  if (option) form.set('identity', unescape(option[1]!));
  return form;
}

/** Start as `session`, answer the authorize page with `decision`: the callback URL the emulator sends the browser to. */
async function authorize(platform: string, decision: 'allow' | 'deny', session = admin, body: Record<string, unknown> = { entity: 'alfa' }): Promise<URL> {
  const start = await asSession(api, session, 'POST', `/api/channels/connect/${platform}/start`, body);
  expect(start.statusCode).toBe(200);
  const authorizeUrl = start.json().authorizeUrl as string;
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Authorize app');
  expect(html).toContain('Cancel');
  const form = formOf(html);
  form.set('decision', decision);
  const answer = await fetch(authorizeUrl, { method: 'POST', body: form, redirect: 'manual' });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location')!);
  expect(back.origin + back.pathname).toBe('http://inbox.test/oauth/callback');
  return back;
}

function callback(back: URL, session: Session | undefined = admin) {
  return api.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: session ? { cookie: session.cookie } : {} });
}

/** The whole flow up to the picker: the connection id. */
async function authorized(platform: string, body?: Record<string, unknown>): Promise<string> {
  const answer = await callback(await authorize(platform, 'allow', admin, body));
  expect(answer.statusCode).toBe(302);
  const location = new URL(answer.headers.location as string, 'http://inbox.test');
  expect(location.pathname).toBe('/admin/channels');
  return location.searchParams.get('connection')!;
}

/** Fetches pages from a null cursor until the connector returns items (some walk posts before comments). */
async function firstItems(channelId: string): Promise<number> {
  const channel = (await loadChannel(db, channelId, runtime.secrets))!;
  const connector = runtime.connectors.get(channel.context.platform)!;
  let cursor: Cursor | null = null;
  for (let page = 0; page < 8; page++) {
    const result = await connector.fetch(channel.context, cursor);
    if (result.items.length > 0) return result.items.length;
    if (!result.more) return 0;
    cursor = result.cursor;
  }
  return 0;
}

const CASES: Array<{ platform: Platform; account: Record<string, string>; credentialKeys: string[] }> = [
  { platform: 'x', account: { userId: '7001', handle: 'stadalfa' }, credentialKeys: ['refreshToken', 'tokenExpiresAt', 'userAccessToken'] },
  { platform: 'facebook', account: { pageId: PAGE_ID }, credentialKeys: ['accessToken', 'appSecret'] },
  { platform: 'messenger', account: { pageId: PAGE_ID }, credentialKeys: ['accessToken', 'appSecret'] },
  { platform: 'instagram', account: { igUserId: IG_USER, username: 'stad.alfa', pageId: IG_USER }, credentialKeys: ['accessToken', 'appSecret'] },
  { platform: 'linkedin', account: { organizationUrn: ORG }, credentialKeys: ['accessToken', 'clientSecret', 'refreshToken', 'tokenExpiresAt'] },
  { platform: 'youtube', account: { channelId: YT_CHANNEL }, credentialKeys: ['accessToken', 'refreshToken', 'tokenExpiresAt'] },
  { platform: 'google', account: LOCATION, credentialKeys: ['accessToken', 'refreshToken', 'tokenExpiresAt'] },
];

test.each(CASES)('$platform: authorize, pick, attach; the new channel reads with the issued token', async ({ platform, account, credentialKeys }) => {
  const connection = await authorized(platform);
  const listed = await asSession(api, admin, 'GET', `/api/channels/connections/${connection}/accounts`);
  expect(listed.statusCode).toBe(200);
  const accounts = listed.json().accounts as Array<{ id: string; name: string; account: Record<string, string> }>;
  expect(accounts).toHaveLength(1);
  expect(accounts[0]!.account).toEqual(account);
  // tokens never reach the browser
  expect(listed.body).not.toMatch(/emu-access|EAAemu|emu-refresh/);

  const id = `alfa-${platform}-oauth`;
  const attached = await asSession(api, admin, 'POST', `/api/channels/connections/${connection}/attach`, { account: accounts[0]!.id, channel: { id } });
  expect(attached.statusCode).toBe(200);
  expect(attached.json()).toMatchObject({ id, entity: 'alfa', platform, account, source: 'app', status: 'idle', credentialKeys });
  expect(await firstItems(id)).toBeGreaterThan(0);
  // the pending row is gone: attaching again is refused
  expect((await asSession(api, admin, 'POST', `/api/channels/connections/${connection}/attach`, { account: accounts[0]!.id, channel: { id: `${id}-2` } })).statusCode).toBe(404);
  const audit = await db.query<{ action: string }>("select action from audit_log where subject_id = $1 and action = 'channel.oauth_connect'", [id]);
  expect(audit.rows).toHaveLength(1);
});

test('Cancel on the authorize page: the callback sends the admin back with a clear error, nothing is kept', async () => {
  const back = await authorize('facebook', 'deny');
  expect(back.searchParams.get('error')).toBe('access_denied');
  const answer = await callback(back);
  expect(answer.statusCode).toBe(302);
  expect(answer.headers.location).toBe('/admin/channels?connectError=denied&platform=facebook');
  expect((await db.query('select 1 from oauth_connections where status = $1', ['authorized'])).rowCount).toBe(0);
});

test('a wrong, spent or expired state, or another session, answers 400', async () => {
  const back = await authorize('x', 'allow');
  const wrong = new URL(back);
  wrong.searchParams.set('state', 'not-the-state');
  expect((await callback(wrong)).statusCode).toBe(400);
  // another browser (no session, or another admin's) cannot complete it, and it is spent
  expect((await callback(back, adminBravo)).statusCode).toBe(400);
  expect((await callback(back)).statusCode).toBe(400);

  const late = await authorize('x', 'allow');
  await db.query("update oauth_connections set expires_at = now() - interval '1 second' where status = 'started'");
  const answer = await callback(late);
  expect(answer.statusCode).toBe(400);
  expect(answer.body).toContain('10 minutes');
});

test("another entity's admin cannot start for alfa, nor see or attach alfa's connection", async () => {
  const start = await asSession(api, adminBravo, 'POST', '/api/channels/connect/x/start', { entity: 'alfa' });
  expect([403, 404]).toContain(start.statusCode);
  const connection = await authorized('x');
  expect((await asSession(api, adminBravo, 'GET', `/api/channels/connections/${connection}/accounts`)).statusCode).toBe(404);
  expect((await asSession(api, adminBravo, 'POST', `/api/channels/connections/${connection}/attach`, { account: '7001', channel: { id: 'stolen' } })).statusCode).toBe(404);
  // the machine token has no session to bind the authorization to
  const machine = await api.inject({ method: 'POST', url: '/api/channels/connect/x/start', headers: { authorization: 'Bearer connect-token' }, payload: { entity: 'alfa' } });
  expect(machine.statusCode).toBe(409);
});

test('a channel of the file whose credentials are managed in the app is reconnected through the flow and kept by the next sync', async () => {
  await db.query("update channels set status = 'auth_expired' where id = 'alfa-file-x'");
  const connection = await authorized('x', { entity: 'alfa', channelId: 'alfa-file-x' });
  const attached = await asSession(api, admin, 'POST', `/api/channels/connections/${connection}/attach`, { account: '7001' });
  expect(attached.statusCode).toBe(200);
  expect(attached.json()).toMatchObject({ id: 'alfa-file-x', source: 'config', credentialsManagedInApp: true, status: 'idle' });
  expect(await firstItems('alfa-file-x')).toBeGreaterThan(0);
  // PATCH of credentials is allowed too, other changes are not
  expect((await asSession(api, admin, 'PATCH', '/api/channels/alfa-file-x', { credentials: { bearerToken: 'pasted-bearer' } })).statusCode).toBe(200);
  expect((await asSession(api, admin, 'PATCH', '/api/channels/alfa-file-x', { pollIntervalSeconds: 60 })).statusCode).toBe(409);
  // a channel of the file with its own credentials cannot be connected in the app
  expect((await asSession(api, admin, 'POST', '/api/channels/connect/youtube/start', { entity: 'alfa', channelId: 'alfa-file-locked' })).statusCode).toBe(409);

  const before = (await loadChannel(db, 'alfa-file-x', runtime.secrets))!.context.credentials;
  expect(before.userAccessToken).toMatch(/^emu-access-/);
  await syncEntities(
    db,
    [
      {
        id: 'alfa',
        name: 'Stad Alfa',
        complaintThreshold: 0.5,
        timeZone: 'Europe/Brussels',
        channels: [{ id: 'alfa-file-x', platform: 'x', account: { userId: '7001' }, baseUrl: x.url, credentials: {}, pollIntervalSeconds: 3600, enabled: true, credentialsManagedInApp: true }],
      },
      { id: 'bravo', name: 'Stad Bravo', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [] },
    ],
    runtime.secrets,
  );
  expect((await loadChannel(db, 'alfa-file-x', runtime.secrets))!.context.credentials).toEqual(before);
});

test('refreshAccessToken renews an X token (rotating the refresh token) and a refused one is AuthExpiredError', async () => {
  const credentials = (await loadChannel(db, 'alfa-x-oauth', runtime.secrets))!.context.credentials;
  const app = { clientId: EMULATOR_OAUTH_APP.clientId, clientSecret: EMULATOR_OAUTH_APP.clientSecret };
  const renewed = await refreshAccessToken(xOAuth, { app, refreshToken: credentials.refreshToken!, baseUrl: x.url });
  expect(renewed.accessToken).not.toBe(credentials.userAccessToken);
  expect(renewed.refreshToken).toBeDefined();
  expect(renewed.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 7000 * 1000);
  const me = await fetch(`${x.url}2/users/me`, { headers: { authorization: `Bearer ${renewed.accessToken}` } });
  expect(me.status).toBe(200);
  await expect(refreshAccessToken(xOAuth, { app, refreshToken: credentials.refreshToken!, baseUrl: x.url })).rejects.toBeInstanceOf(AuthExpiredError);
});

test('demo mode: every platform with a flow gets its emulator’s client, and its authorize page answers', async () => {
  const { startPlatformDemos } = await import('../../src/demo/platforms.js');
  const { buildAuthorizeUrl } = await import('../../connectors/oauth/client.js');
  const { oauthFlowOf } = await import('../../connectors/oauth/platforms.js');
  const demos = await startPlatformDemos({ citizens: 'examples' });
  try {
    expect(Object.keys(demos.oauth).sort()).toEqual(['facebook', 'google', 'instagram', 'linkedin', 'messenger', 'x', 'youtube']);
    for (const [platform, app] of Object.entries(demos.oauth)) {
      const flow = oauthFlowOf(platform as Platform)!;
      const url = buildAuthorizeUrl(flow, { app: app!, redirectUri: 'http://127.0.0.1/oauth/callback', state: 's', codeVerifier: 'v'.repeat(43), baseUrl: app!.baseUrl });
      const page = await fetch(url);
      expect({ platform, status: page.status }).toEqual({ platform, status: 200 });
      expect(await page.text()).toContain('Authorize app');
    }
  } finally {
    await demos.stop();
  }
});
