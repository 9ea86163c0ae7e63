/**
 * Catch-up as a guarantee (issue 15): for every polled platform, a channel polls fine, its token is
 * revoked at the emulator, citizens write more than one API page meanwhile, the channel says it needs
 * reconnecting and its entity's admin is mailed once (past health.alertAfterMinutes), an admin gives
 * new credentials through the HTTP API (X through the OAuth flow against its emulator, the others by
 * pasting a token), and the polls that follow read from the stored cursor until level: every message
 * written meanwhile (and those written just before the revocation, never polled) is stored exactly
 * once, each in a ticket. Real PostgreSQL, Redis, SMTP, HTTP API and emulators; the connectors as the
 * registry makes them (production page sizes), the emulators' pages made small where they have the option.
 */
import { EmailEmulator } from '../../connectors/email/emulator.js';
import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { LinkedInEmulator } from '../../connectors/linkedin/emulator.js';
import { EMULATOR_OAUTH_APP } from '../../connectors/oauth-emulator.js';
import type { Platform } from '../../connectors/types.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { YouTubeEmulator } from '../../connectors/youtube/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { syncEntities } from '../../src/channels/channels.js';
import { checkChannelHealth } from '../../src/channels/health-alerts.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel, type PollOutcome } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { startSmtpSink } from '../helpers/smtp.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

const ENTITY = 'catch-up';
const MINUTE = 60_000;
const ADMIN = 'admin@catch-up.test';

/** One platform's emulator, set up for one channel. */
interface Platformed {
  account: Record<string, string>;
  baseUrl?: string;
  credentials: Record<string, string>;
  /** A citizen writes message number `n`; returns the external id its normalizer gives it. */
  write(n: number): Promise<string>;
  /** The channel's token stops working at the emulator. */
  revoke(): void;
  /** Credentials the emulator accepts from now on (a newly issued token where the emulator can issue one). */
  reconnect(): Record<string, string>;
  stop(): Promise<void>;
}

interface Adapter {
  platform: Platform;
  /** How many messages citizens write while the token is revoked: more than one page of the API as the connector reads it. */
  meanwhile: number;
  /** Reconnected through "Connect with …" (the OAuth flow against the emulator) instead of pasted credentials. */
  connect?: 'oauth';
  start(): Promise<Platformed>;
}

const PERSON = (n: number) => ({ id: String(7_000_000 + (n % 7)), name: `Burger ${n % 7}` });

const ADAPTERS: Adapter[] = [
  {
    platform: 'x',
    meanwhile: 13, // pages of 5 (emulator), mentions and DMs
    connect: 'oauth',
    async start() {
      const emu = new XEmulator({ pageSize: 5 });
      const own = { userId: '51000', handle: 'catchup', name: 'Catch-up', token: 'x-token-1' };
      emu.addAccount(own);
      const baseUrl = await emu.start();
      return {
        account: { userId: own.userId, handle: own.handle },
        baseUrl,
        credentials: { bearerToken: own.token, userAccessToken: own.token },
        async write(n) {
          const who = PERSON(n);
          if (n % 2 === 0) return emu.addDm({ toUserId: own.userId, senderId: who.id, username: `burger${n % 7}`, text: `dm ${n}` });
          return emu.addMention({ toUserId: own.userId, authorId: who.id, username: `burger${n % 7}`, text: `@catchup vraag ${n}` });
        },
        revoke: () => emu.revokeToken(own.token),
        reconnect() {
          emu.addAccount({ ...own, token: 'x-token-2' });
          return { bearerToken: 'x-token-2', userAccessToken: 'x-token-2' };
        },
        stop: () => emu.stop(),
      };
    },
  },
  {
    platform: 'facebook',
    meanwhile: 60, // the feed is read 25 posts a page: 40 visitor posts, 20 comments
    async start() {
      const emu = new FacebookEmulator();
      const page = { pageId: '104000000051000', name: 'Catch-up', token: 'fb-token-1' };
      emu.addPage(page);
      const baseUrl = await emu.start();
      const own = emu.addPagePost(page.pageId, 'Nieuwe openingsuren', new Date(Date.now() - 3_600_000));
      return {
        account: { pageId: page.pageId },
        baseUrl,
        credentials: { accessToken: page.token, appSecret: 'catch-up-secret', verifyToken: 'catch-up-verify' },
        async write(n) {
          const who = PERSON(n);
          if (n % 3 === 0) return emu.addComment({ postId: own, fromId: who.id, fromName: who.name, message: `reactie ${n}` });
          return emu.addPost({ pageId: page.pageId, fromId: who.id, fromName: who.name, message: `bericht ${n}` });
        },
        revoke: () => emu.revokeToken(page.token),
        reconnect() {
          emu.addPage({ ...page, token: 'fb-token-2' });
          return { accessToken: 'fb-token-2' };
        },
        stop: () => emu.stop(),
      };
    },
  },
  {
    platform: 'messenger',
    meanwhile: 52, // 25 conversations a page, 20 messages a page within one
    async start() {
      const emu = new FacebookEmulator();
      const page = { pageId: '104000000052000', name: 'Catch-up', token: 'ms-token-1' };
      emu.addPage(page);
      const baseUrl = await emu.start();
      return {
        account: { pageId: page.pageId },
        baseUrl,
        credentials: { accessToken: page.token, appSecret: 'catch-up-secret', verifyToken: 'catch-up-verify' },
        async write(n) {
          // one talkative citizen (more than a page of messages in one conversation), and many others
          const psid = n % 2 === 0 ? '6100000000000001' : String(6_200_000_000_000_000 + n);
          return emu.addMessage({ pageId: page.pageId, psid, name: `Burger ${n}`, text: `bericht ${n}` }).messageId;
        },
        revoke: () => emu.revokeToken(page.token),
        reconnect() {
          emu.addPage({ ...page, token: 'ms-token-2' });
          return { accessToken: 'ms-token-2' };
        },
        stop: () => emu.stop(),
      };
    },
  },
  {
    platform: 'instagram',
    meanwhile: 13, // pages of 5 (emulator)
    async start() {
      const emu = new InstagramEmulator({ pageSize: 5, appSecret: 'catch-up-secret' });
      const own = { igUserId: '17841400000051000', username: 'catchup', token: 'ig-token-1' };
      emu.addAccount(own);
      const baseUrl = await emu.start();
      const media = [0, 1].map((i) => emu.addMedia({ ownerId: own.igUserId, caption: `post ${i}`, at: new Date(Date.now() - (2 - i) * 3_600_000) }));
      return {
        account: { igUserId: own.igUserId, username: own.username },
        baseUrl,
        credentials: { accessToken: own.token, appSecret: 'catch-up-secret', verifyToken: 'catch-up-verify' },
        async write(n) {
          const who = PERSON(n);
          return emu.addComment({ mediaId: media[n % 2]!, text: `reactie ${n}`, fromId: who.id, username: `burger${n % 7}` });
        },
        revoke: () => emu.revokeToken(own.token),
        reconnect() {
          emu.addAccount({ ...own, token: 'ig-token-2' });
          return { accessToken: 'ig-token-2' };
        },
        stop: () => emu.stop(),
      };
    },
  },
  {
    platform: 'linkedin',
    meanwhile: 13, // count at most 5 (emulator)
    async start() {
      const emu = new LinkedInEmulator({ maxCount: 5 });
      const org = { organizationUrn: 'urn:li:organization:51000', token: 'li-token-1', memberUrn: 'urn:li:person:CatchUpAdmin' };
      emu.addOrganization(org);
      const baseUrl = await emu.start();
      const { share } = emu.addPost({ author: org.organizationUrn, commentary: 'Nieuwe openingsuren', createdAt: new Date(Date.now() - 3_600_000) });
      return {
        account: { organizationUrn: org.organizationUrn },
        baseUrl,
        credentials: { accessToken: org.token, clientSecret: 'catch-up-secret' },
        async write(n) {
          const author = `urn:li:person:Burger${n % 7}`;
          if (n % 3 === 0) return emu.addMention({ organizationUrn: org.organizationUrn, author, commentary: `vermelding ${n}` });
          return emu.addComment({ post: share, actor: author, text: `reactie ${n}` });
        },
        revoke: () => emu.revokeToken(org.token),
        reconnect() {
          emu.addOrganization({ ...org, token: 'li-token-2' });
          return { accessToken: 'li-token-2' };
        },
        stop: () => emu.stop(),
      };
    },
  },
  {
    platform: 'youtube',
    meanwhile: 13, // pages of 5 (emulator)
    async start() {
      const emu = new YouTubeEmulator({ pageSize: 5 });
      const own = { channelId: 'UCcatchup0000000000051000', accessToken: 'yt-token-1' };
      emu.addAccount(own);
      const baseUrl = await emu.start();
      return {
        account: { channelId: own.channelId },
        baseUrl,
        credentials: { accessToken: own.accessToken },
        async write(n) {
          const who = PERSON(n);
          return emu.addComment({ channelId: own.channelId, videoId: `vid0000000${n % 2}`, authorChannelId: `UCburger${who.id}`, authorDisplayName: who.name, text: `reactie ${n}` });
        },
        revoke: () => emu.revokeToken(own.accessToken),
        reconnect() {
          emu.addAccount({ ...own, accessToken: 'yt-token-2' });
          return { accessToken: 'yt-token-2' };
        },
        stop: () => emu.stop(),
      };
    },
  },
  {
    platform: 'google',
    meanwhile: 13, // pages of 5 (emulator)
    async start() {
      const emu = new GoogleReviewsEmulator({ maxPageSize: 5 });
      const location = { accountId: '51000', locationId: '52000', token: 'g-token-1' };
      emu.addLocation(location);
      const baseUrl = await emu.start();
      return {
        account: { accountId: location.accountId, locationId: location.locationId },
        baseUrl,
        credentials: { accessToken: location.token },
        async write(n) {
          return emu.addReview({ accountId: location.accountId, locationId: location.locationId, starRating: 'TWO', comment: `review ${n}`, displayName: `Burger ${n}` });
        },
        revoke: () => emu.revokeToken(location.token),
        reconnect() {
          emu.addLocation({ ...location, token: 'g-token-2' });
          return { accessToken: 'g-token-2' };
        },
        stop: () => emu.stop(),
      };
    },
  },
  {
    platform: 'email',
    meanwhile: 56, // the connector fetches 50 mails a page; the emulator has one password, restored
    async start() {
      const emu = new EmailEmulator({ address: 'info@catch-up.test' });
      await emu.start();
      return {
        account: { address: 'info@catch-up.test' },
        credentials: emu.credentials(),
        write: (n) => emu.addMail({ from: `burger${n % 7}@example.org`, subject: `Vraag ${n}`, text: `mail ${n}` }),
        revoke: () => emu.revokeToken(emu.password),
        reconnect() {
          emu.restoreToken(emu.password);
          return emu.credentials();
        },
        stop: () => emu.stop(),
      };
    },
  },
];

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let apiUrl: string;
let session: { cookie: string; csrf: string };
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
/** How far the runtime's clock is ahead: the outage alert is due past health.alertAfterMinutes. */
let ahead = 0;

async function http(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function health(channelId: string): Promise<{ status: string; reconnectNeeded: boolean; lastError: string | null }> {
  const list = await http('GET', '/api/channels');
  expect(list.status).toBe(200);
  const found = (list.json as { items: Array<{ id: string; status: string; reconnectNeeded: boolean; lastError: string | null }> }).items.find((c) => c.id === channelId);
  if (!found) throw new Error(`channel ${channelId} not in GET /api/channels`);
  return found;
}

/** The hidden fields of the emulator's authorize form and its first identity, as a browser sends them. */
function authorizeForm(html: string): URLSearchParams {
  const form = new URLSearchParams();
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, unescape(m[2]!));
  const identity = /<select name="identity"><option value="([^"]+)"/.exec(html);
  if (identity) form.set('identity', unescape(identity[1]!));
  return form;
}

/** "Connect with …" for the channel that needs reconnecting: start, the emulator's authorize page, the callback, attach. */
async function reconnectThroughOAuth(platform: Platform, channelId: string, baseUrl: string): Promise<{ status: number }> {
  runtime.settings.oauth = { ...runtime.settings.oauth, [platform]: { clientId: EMULATOR_OAUTH_APP.clientId, clientSecret: EMULATOR_OAUTH_APP.clientSecret, baseUrl } };
  const start = await http('POST', `/api/channels/connect/${platform}/start`, { entity: ENTITY, channelId });
  expect(start.status).toBe(200);
  const authorizeUrl = (start.json as { authorizeUrl: string }).authorizeUrl;
  const form = authorizeForm(await (await fetch(authorizeUrl)).text());
  form.set('decision', 'allow');
  const allowed = await fetch(authorizeUrl, { method: 'POST', body: form, redirect: 'manual' });
  const back = new URL(allowed.headers.get('location')!);
  const callback = await fetch(`${apiUrl}${back.pathname}${back.search}`, { headers: { cookie: session.cookie }, redirect: 'manual' });
  expect(callback.status).toBe(302);
  const connection = new URL(callback.headers.get('location')!, apiUrl).searchParams.get('connection')!;
  const accounts = await http('GET', `/api/channels/connections/${connection}/accounts`);
  const [account] = (accounts.json as { accounts: Array<{ id: string }> }).accounts;
  return http('POST', `/api/channels/connections/${connection}/attach`, { account: account!.id });
}

/** Polls until a poll finds nothing new; each poll is what one scheduled job does. */
async function pollUntilLevel(channelId: string): Promise<PollOutcome[]> {
  const outcomes: PollOutcome[] = [];
  for (let i = 0; i < 20; i++) {
    const outcome = await pollChannel(runtime, channelId);
    outcomes.push(outcome);
    if (outcome.status !== 'polled') throw new Error(`poll ${i + 1}: ${JSON.stringify(outcome)}`);
    if (outcome.inserted === 0) return outcomes;
  }
  throw new Error(`not level after 20 polls: ${JSON.stringify(outcomes)}`);
}

/** The channel's inbound messages: external id → how many rows, and how many are in no ticket. */
async function stored(channelId: string): Promise<{ counts: Map<string, number>; withoutTicket: number }> {
  const { rows } = await db.query<{ external_id: string; n: number; orphans: number }>(
    `select external_id, count(*)::int as n, count(*) filter (where ticket_id is null)::int as orphans
       from messages where channel_id = $1 and direction = 'inbound' group by external_id`,
    [channelId],
  );
  return { counts: new Map(rows.map((r) => [r.external_id, r.n])), withoutTicket: rows.reduce((sum, r) => sum + r.orphans, 0) };
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  smtp = await startSmtpSink();
  await syncEntities(db, [{ id: ENTITY, name: 'Catch-up', complaintThreshold: 0.6, timeZone: 'Europe/Brussels', channels: [] }], new SecretBox(TEST_SECRET));
  await createUser(db, { email: ADMIN, name: 'Admin', role: 'admin', entities: [ENTITY], passwordHash: await hashPassword(TEST_PASSWORD) });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), smtpUrl: smtp.url, now: () => new Date(Date.now() + ahead) });
  api = await buildApi(runtime, { apiToken: undefined });
  apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  session = { cookie: String(login.headers.get('set-cookie')).split(';')[0]!, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
});

afterAll(async () => {
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await redis.stop();
  await smtp.stop();
});

describe.each(ADAPTERS.map((a) => [a.platform, a] as const))('%s: after a revoked token', (platform, adapter) => {
  test('the channel says so, its admin is mailed once, it reconnects and catches up: every message written meanwhile once, in a ticket', async () => {
    const emu = await adapter.start();
    const channelId = `catch-up-${platform}`;
    ahead = 0; // the outage opens on the database's clock
    try {
      const created = await http('POST', '/api/channels', {
        id: channelId,
        entity: ENTITY,
        platform,
        account: emu.account,
        ...(emu.baseUrl ? { baseUrl: emu.baseUrl } : {}),
        credentials: emu.credentials,
        pollIntervalSeconds: 3600,
      });
      expect(created.status).toBe(201);

      let n = 0;
      const written: string[] = [];
      const write = async (count: number) => {
        for (let i = 0; i < count; i++) written.push(await emu.write(n++));
      };

      await write(3);
      expect(await pollChannel(runtime, channelId)).toMatchObject({ status: 'polled', inserted: 3 });
      expect(await health(channelId)).toMatchObject({ status: 'ok', reconnectNeeded: false });

      await write(2); // just before the revocation: never polled with the old token
      emu.revoke();
      await write(adapter.meanwhile);

      expect(await pollChannel(runtime, channelId)).toEqual({ status: 'auth_expired' });
      expect(await pollChannel(runtime, channelId)).toEqual({ status: 'skipped', reason: 'auth_expired' });
      expect(await health(channelId)).toMatchObject({ status: 'auth_expired', reconnectNeeded: true });
      expect((await http('POST', `/api/channels/${channelId}/poll`)).status).toBe(409);

      // Past the alert threshold the entity's admin is mailed, once however often the workers check.
      const mailed = smtp.mails.length;
      expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 0 });
      ahead += 16 * MINUTE;
      expect(await checkChannelHealth(runtime)).toEqual({ alerts: 1, recoveries: 0 });
      expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 0 });
      expect(smtp.mails.slice(mailed).map((mail) => mail.to)).toEqual([[ADMIN]]);

      const reconnected = adapter.connect === 'oauth'
        ? await reconnectThroughOAuth(platform, channelId, emu.baseUrl!)
        : await http('PATCH', `/api/channels/${channelId}`, { credentials: emu.reconnect() });
      expect(reconnected.status).toBe(200);
      expect(await health(channelId)).toMatchObject({ reconnectNeeded: false });

      await write(2); // after the reconnection, before its first poll
      await pollUntilLevel(channelId);
      expect(await health(channelId)).toMatchObject({ status: 'ok', reconnectNeeded: false });

      const { counts, withoutTicket } = await stored(channelId);
      const missing = written.filter((id) => !counts.has(id));
      const duplicated = [...counts].filter(([, c]) => c > 1).map(([id]) => id);
      const unexpected = [...counts.keys()].filter((id) => !written.includes(id));
      expect({ missing, duplicated, unexpected, withoutTicket }).toEqual({ missing: [], duplicated: [], unexpected: [], withoutTicket: 0 });
      expect(counts.size).toBe(3 + 2 + adapter.meanwhile + 2);

      // Level means level: one more poll changes nothing.
      expect(await pollChannel(runtime, channelId)).toMatchObject({ status: 'polled', inserted: 0 });
      // The outage ended: one recovery mail, still one alert.
      expect(await checkChannelHealth(runtime)).toEqual({ alerts: 0, recoveries: 1 });
      expect(smtp.mails.slice(mailed).map((mail) => mail.to)).toEqual([[ADMIN], [ADMIN]]);
    } finally {
      await emu.stop();
    }
  }, 60_000);
});
