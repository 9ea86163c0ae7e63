import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { LinkedInEmulator } from '../../connectors/linkedin/emulator.js';
import { refreshAccessToken } from '../../connectors/oauth/client.js';
import { EMULATOR_OAUTH_APP } from '../../connectors/oauth-emulator.js';
import { oauthFlowOf } from '../../connectors/oauth/platforms.js';
import { AuthExpiredError } from '../../connectors/types.js';
import { WhatsAppEmulator } from '../../connectors/whatsapp/emulator.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { createChannel, listChannelHealth, syncEntities, updateChannel } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { checkTokens } from '../../src/channels/token-lifecycle.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { closeApiTest, TEST_PASSWORD, xEntity } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink } from '../helpers/smtp.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * Tokens that keep living (issue 15), over real PostgreSQL, SMTP and the emulators over HTTP: refresh
 * before expiry (X, Google, LinkedIn), once across concurrent checks, a refused refresh marks the
 * channel for reconnection, a poll refused with a refresh token at hand refreshes and goes on, and a
 * Meta Page token whose /debug_token says it expires within 7 days warns the entity's admins once.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const secrets = new SecretBox(TEST_SECRET);

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let runtime: Runtime;
const stops: Array<() => Promise<void>> = [];

async function stored(id: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ credentials_encrypted: string }>('select credentials_encrypted from channels where id = $1', [id]);
  return secrets.decrypt(rows[0]!.credentials_encrypted, id);
}

async function row(id: string) {
  const { rows } = await db.query<{ status: string; token_expires_at: Date | null; token_refreshes: boolean; token_warned_for: Date | null }>(
    'select status, token_expires_at, token_refreshes, token_warned_for from channels where id = $1',
    [id],
  );
  return rows[0]!;
}

async function outages(id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from channel_outages where channel_id = $1', [id]);
  return rows[0]!.n;
}

async function audit(id: string, action: string): Promise<Array<{ details: unknown }>> {
  const { rows } = await db.query<{ details: unknown }>('select details from audit_log where subject_id = $1 and action = $2 order by id', [id, action]);
  return rows;
}

async function channel(id: string, entityId: string, platform: 'x' | 'google' | 'linkedin' | 'facebook' | 'instagram' | 'whatsapp', account: Record<string, string>, baseUrl: string, credentials: Record<string, string>) {
  expect(await createChannel(db, { id, entityId, platform, name: `Kanaal ${id}`, account, baseUrl, credentials, pollIntervalSeconds: 60, enabled: true }, secrets, 'test')).toBe(true);
}

/** Each test's channels stop taking part in later checks. */
async function retire(...ids: string[]): Promise<void> {
  await db.query('update channels set enabled = false where id = any($1::text[])', [ids]);
}

function body(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  smtp = await startSmtpSink();
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), smtpUrl: smtp.url });
  await syncEntities(db, [{ ...xEntity('t'), channels: [] }, { ...xEntity('u'), channels: [] }], secrets);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const [email, role, entities, language] of [
    ['admin-t-nl@test', 'admin', ['t'], 'nl'],
    ['admin-t-en@test', 'admin', ['t'], 'en'],
    ['agent-t@test', 'agent', ['t'], 'nl'],
    ['admin-u@test', 'admin', ['u'], 'nl'],
  ] as const) {
    await createUser(db, { email, name: email.split('@')[0]!, role, entities: [...entities], language, passwordHash });
  }
}, 60_000);

afterAll(async () => {
  for (const stop of stops) await stop();
  await closeApiTest({ runtime, db, redis });
  await smtp.stop();
});

async function xEmulator(): Promise<XEmulator> {
  const emu = new XEmulator();
  await emu.start();
  stops.push(() => emu.stop());
  return emu;
}

test('X: a token expiring in 5 minutes is refreshed once by concurrent checks; the poll uses the new token; the old refresh token is refused', async () => {
  const emu = await xEmulator();
  emu.addAccount({ userId: '7001', handle: 'stad', token: 'x-access-1', refreshToken: 'x-refresh-1' });
  await channel('t-x', 't', 'x', { userId: '7001' }, emu.url, { userAccessToken: 'x-access-1', refreshToken: 'x-refresh-1', tokenExpiresAt: new Date(Date.now() + 5 * MINUTE).toISOString() });

  const [a, b] = await Promise.all([checkTokens(runtime), checkTokens(runtime)]);
  expect(a.refreshed + b.refreshed).toBe(1);
  expect(emu.oauth.log.filter((e) => e.event === 'refresh')).toHaveLength(1);
  const after = await stored('t-x');
  expect(after.userAccessToken).toMatch(/^emu-access-/);
  expect(after.refreshToken).toMatch(/^emu-refresh-/);
  expect(new Date(after.tokenExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 100 * MINUTE);
  expect(await row('t-x')).toMatchObject({ token_refreshes: true, token_expires_at: new Date(after.tokenExpiresAt!) });
  // audited without any token value
  const entries = await audit('t-x', 'channel.token_refreshed');
  expect(entries).toHaveLength(1);
  expect(JSON.stringify(entries)).not.toMatch(/emu-access|emu-refresh|x-refresh|x-access/);

  // the poll reads with the new token, even once the old one is gone
  emu.revokeToken('x-access-1');
  emu.addMention({ toUserId: '7001', text: 'vraag na de vernieuwing', authorId: '9001', username: 'burger' });
  expect(await pollChannel(runtime, 't-x')).toMatchObject({ status: 'polled', inserted: 1 });

  // X rotates refresh tokens: the old one is refused now
  const flow = oauthFlowOf('x')!;
  await expect(refreshAccessToken(flow, { app: EMULATOR_OAUTH_APP, refreshToken: 'x-refresh-1', baseUrl: emu.url })).rejects.toBeInstanceOf(AuthExpiredError);

  // a second check finds nothing to do
  expect(await checkTokens(runtime)).toEqual({ refreshed: 0, refused: 0, inspected: 0, warned: 0 });
  expect(emu.oauth.log.filter((e) => e.event === 'refresh')).toHaveLength(1);
  const board = (await listChannelHealth(db, ['t'])).find((c) => c.id === 't-x');
  expect(board).toMatchObject({ tokenRefreshes: true, tokenExpiresAt: new Date(after.tokenExpiresAt!) });
  await retire('t-x');
});

test('X: a refused refresh marks the channel auth_expired and opens its outage', async () => {
  const emu = await xEmulator();
  emu.addAccount({ userId: '7002', handle: 'gemeente', token: 'x-access-2', refreshToken: 'x-refresh-2' });
  await channel('t-x2', 't', 'x', { userId: '7002' }, emu.url, { userAccessToken: 'x-access-2', refreshToken: 'x-refresh-2', tokenExpiresAt: new Date(Date.now() + 2 * MINUTE).toISOString() });
  emu.oauth.revokeToken('x-refresh-2');

  expect(await checkTokens(runtime)).toMatchObject({ refreshed: 0, refused: 1 });
  expect(await row('t-x2')).toMatchObject({ status: 'auth_expired' });
  expect(await outages('t-x2')).toBe(1);
  expect(await stored('t-x2')).toMatchObject({ userAccessToken: 'x-access-2', refreshToken: 'x-refresh-2' });
  // a channel waiting for reconnection is left alone
  expect(await checkTokens(runtime)).toMatchObject({ refreshed: 0, refused: 0 });
  await retire('t-x2');
});

test('X: a poll refused with a refresh token at hand refreshes and goes on, without an outage', async () => {
  const emu = await xEmulator();
  emu.addAccount({ userId: '7003', handle: 'provincie', token: 'x-access-3', refreshToken: 'x-refresh-3' });
  await channel('t-x3', 't', 'x', { userId: '7003' }, emu.url, { userAccessToken: 'x-access-3', refreshToken: 'x-refresh-3', tokenExpiresAt: new Date(Date.now() + 60 * MINUTE).toISOString() });
  emu.addMention({ toUserId: '7003', text: 'eerste vraag', authorId: '9002', username: 'inwoner' });
  expect(await pollChannel(runtime, 't-x3')).toMatchObject({ status: 'polled', inserted: 1 });

  // the platform stops accepting the access token before its stated expiry
  emu.revokeToken('x-access-3');
  emu.addMention({ toUserId: '7003', text: 'tweede vraag', authorId: '9002', username: 'inwoner' });
  expect(await pollChannel(runtime, 't-x3')).toMatchObject({ status: 'polled', inserted: 1 });
  expect(await row('t-x3')).toMatchObject({ status: 'ok' });
  expect(await outages('t-x3')).toBe(0);
  expect((await stored('t-x3')).userAccessToken).not.toBe('x-access-3');
  expect(await audit('t-x3', 'channel.token_refreshed')).toEqual([{ details: expect.objectContaining({ reason: 'refused' }) }]);
  await retire('t-x3');
});

test('Google and LinkedIn: tokens expiring soon are refreshed against their emulators', async () => {
  const google = new GoogleReviewsEmulator();
  await google.start();
  stops.push(() => google.stop());
  google.addLocation({ accountId: '1001', locationId: '2001', token: 'g-access-1' });
  google.oauth.registerRefreshToken('g-refresh-1', 'owner');
  await channel('t-google', 't', 'google', { accountId: '1001', locationId: '2001' }, google.url, { accessToken: 'g-access-1', refreshToken: 'g-refresh-1', tokenExpiresAt: new Date(Date.now() + 3 * MINUTE).toISOString() });

  const linkedin = new LinkedInEmulator();
  await linkedin.start();
  stops.push(() => linkedin.stop());
  linkedin.addOrganization({ organizationUrn: 'urn:li:organization:3001', token: 'li-access-1' });
  linkedin.oauth.registerRefreshToken('li-refresh-1', 'urn:li:person:emuAdmin01');
  await channel('t-linkedin', 't', 'linkedin', { organizationUrn: 'urn:li:organization:3001' }, linkedin.url, { accessToken: 'li-access-1', refreshToken: 'li-refresh-1', tokenExpiresAt: new Date(Date.now() - MINUTE).toISOString() });

  expect(await checkTokens(runtime)).toMatchObject({ refreshed: 2, refused: 0 });
  const g = await stored('t-google');
  expect(g.accessToken).toMatch(/^emu-access-/);
  expect(new Date(g.tokenExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 50 * MINUTE);
  const li = await stored('t-linkedin');
  expect(li.accessToken).toMatch(/^emu-access-/);
  expect(new Date(li.tokenExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 50 * DAY);
  // the polls read with the new tokens
  expect(await pollChannel(runtime, 't-google')).toMatchObject({ status: 'polled' });
  expect(await pollChannel(runtime, 't-linkedin')).toMatchObject({ status: 'polled' });
  expect(await checkTokens(runtime)).toMatchObject({ refreshed: 0 });
  await retire('t-google', 't-linkedin');
});

test('Facebook: a Page token expiring in 6 days warns the admins of its entity once; a renewed token with a later expiry clears the warning', async () => {
  const fb = new FacebookEmulator();
  const baseUrl = await fb.start();
  stops.push(() => fb.stop());
  const page = { pageId: '104000000099000', name: 'Stad', token: 'fb-page-1' };
  fb.addPage(page);
  const expiresAt = new Date(Math.floor((Date.now() + 6 * DAY) / 1000) * 1000);
  fb.setTokenExpiry(page.token, expiresAt);
  await channel('t-fb', 't', 'facebook', { pageId: page.pageId }, baseUrl, { accessToken: page.token, appSecret: 'page-app-secret' });
  const mailsBefore = smtp.mails.length;

  expect(await checkTokens(runtime)).toMatchObject({ inspected: 1, warned: 1 });
  const mails = smtp.mails.slice(mailsBefore);
  expect(mails.flatMap((m) => m.to).sort()).toEqual(['admin-t-en@test', 'admin-t-nl@test']);
  const nl = body(mails.find((m) => m.to[0] === 'admin-t-nl@test')!.raw);
  const en = body(mails.find((m) => m.to[0] === 'admin-t-en@test')!.raw);
  expect(nl).toMatch(/Subject: Token verloopt over 6 dagen: Kanaal t-fb/);
  expect(nl).toContain('Opnieuw verbinden');
  expect(nl).toContain('http://inbox.test/admin/channels#channel-t-fb');
  expect(en).toMatch(/Subject: Token expires in 6 days/);
  expect(nl + en).not.toContain(page.token);
  expect((await stored('t-fb')).tokenExpiresAt).toBe(expiresAt.toISOString());
  expect(await row('t-fb')).toMatchObject({ token_expires_at: expiresAt, token_refreshes: false, token_warned_for: expiresAt });
  const board = (await listChannelHealth(db, ['t'])).find((c) => c.id === 't-fb');
  expect(board).toMatchObject({ tokenExpiresAt: expiresAt, tokenRefreshes: false });

  // a second check (and a second worker) mail nothing and ask Meta nothing: read at most once a day
  const debugCalls = () => fb.requestLog.filter((r) => r.path === '/debug_token').length;
  expect(debugCalls()).toBe(1);
  const [a, b] = await Promise.all([checkTokens(runtime), checkTokens(runtime)]);
  expect(a.warned + b.warned + a.inspected + b.inspected).toBe(0);
  expect(smtp.mails.length).toBe(mailsBefore + 2);
  expect(debugCalls()).toBe(1);

  // a new token with a later expiry: read at once (new credentials), no warning
  fb.addPage({ ...page, token: 'fb-page-2' });
  const later = new Date(Math.floor((Date.now() + 55 * DAY) / 1000) * 1000);
  fb.setTokenExpiry('fb-page-2', later);
  await updateChannel(db, 't-fb', { credentials: { accessToken: 'fb-page-2' } }, secrets, 'test');
  expect(await checkTokens(runtime)).toMatchObject({ inspected: 1, warned: 0 });
  expect(await row('t-fb')).toMatchObject({ token_expires_at: later, token_warned_for: null });
  expect(smtp.mails.length).toBe(mailsBefore + 2);

  // another token expiring soon warns again, for its own expiry
  fb.addPage({ ...page, token: 'fb-page-3' });
  const soon = new Date(Math.floor((Date.now() + 3 * DAY) / 1000) * 1000);
  fb.setTokenExpiry('fb-page-3', soon);
  await updateChannel(db, 't-fb', { credentials: { accessToken: 'fb-page-3' } }, secrets, 'test');
  expect(await checkTokens(runtime)).toMatchObject({ inspected: 1, warned: 1 });
  expect(smtp.mails.length).toBe(mailsBefore + 4);
  await retire('t-fb');
});

test('Facebook: a Page token that never expires is stored without expiry and warns nobody', async () => {
  const fb = new FacebookEmulator();
  const baseUrl = await fb.start();
  stops.push(() => fb.stop());
  const page = { pageId: '104000000099001', name: 'Provincie', token: 'fb-page-never' };
  fb.addPage(page);
  await channel('u-fb', 'u', 'facebook', { pageId: page.pageId }, baseUrl, { accessToken: page.token, appSecret: 'page-app-secret' });
  const mailsBefore = smtp.mails.length;
  expect(await checkTokens(runtime)).toMatchObject({ inspected: 1, warned: 0 });
  expect(await row('u-fb')).toMatchObject({ token_expires_at: null, status: 'idle' });
  expect(smtp.mails.length).toBe(mailsBefore);
  await retire('u-fb');
});

test('Instagram: the earlier of the token\'s expiry and its data access expiry is the one that counts', async () => {
  const ig = new InstagramEmulator({ appSecret: 'ig-app-secret' });
  const baseUrl = await ig.start();
  stops.push(() => ig.stop());
  const own = { igUserId: '17841400000077000', username: 'stad_ig', token: 'ig-token-1' };
  ig.addAccount(own);
  const dataAccess = new Date(Math.floor((Date.now() + 2 * DAY) / 1000) * 1000);
  ig.setTokenExpiry(own.token, null, dataAccess);
  await channel('u-ig', 'u', 'instagram', { igUserId: own.igUserId, username: own.username }, baseUrl, { accessToken: own.token, appSecret: 'ig-app-secret' });
  const mailsBefore = smtp.mails.length;
  expect(await checkTokens(runtime)).toMatchObject({ inspected: 1, warned: 1 });
  expect(await row('u-ig')).toMatchObject({ token_expires_at: dataAccess, token_warned_for: dataAccess });
  expect(smtp.mails.slice(mailsBefore).flatMap((m) => m.to)).toEqual(['admin-u@test']);
  // a revoked token: the platform says it is no longer valid, the channel waits for reconnection
  ig.revokeToken(own.token);
  await db.query('update channels set token_checked_at = null where id = $1', ['u-ig']);
  await checkTokens(runtime);
  expect(await row('u-ig')).toMatchObject({ status: 'auth_expired' });
  await retire('u-ig');
});

test('WhatsApp: a system user token that expires is read and warned of like a Page token', async () => {
  const wa = new WhatsAppEmulator();
  const baseUrl = await wa.start();
  stops.push(() => wa.stop());
  const number = { phoneNumberId: '106540352242922', displayPhoneNumber: '+32 470 00 00 00', wabaId: '102290129340398', token: 'wa-system-1' };
  wa.addNumber(number);
  const expiresAt = new Date(Math.floor((Date.now() + 4 * DAY) / 1000) * 1000);
  wa.setTokenExpiry(number.token, expiresAt);
  await channel('u-wa', 'u', 'whatsapp', { phoneNumberId: number.phoneNumberId }, baseUrl, { accessToken: number.token, appSecret: 'wa-app-secret', verifyToken: 'wa-verify' });
  const mailsBefore = smtp.mails.length;
  expect(await checkTokens(runtime)).toMatchObject({ inspected: 1, warned: 1 });
  expect(await row('u-wa')).toMatchObject({ token_expires_at: expiresAt, token_refreshes: false });
  expect(smtp.mails.slice(mailsBefore).flatMap((m) => m.to)).toEqual(['admin-u@test']);
  await retire('u-wa');
});
