import { DESCRIPTORS, PLATFORMS, type PlatformView } from '../../connectors/platforms.js';
import type { MessageKind } from '../../connectors/types.js';
import { createUser } from '../../src/accounts/users.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { buildApi } from '../../src/http/server.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { testRuntime } from '../helpers/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD } from '../helpers/api.js';

/**
 * GET /api/platforms serves the platform descriptors (connectors/<platform>/descriptor.ts) to any
 * logged-in principal: names, account and credential keys, replies, limits and webhooks; no values.
 * The descriptors agree with their connectors.
 */
const TOKEN = 'platforms-token';
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: TOKEN });
  await createUser(db, { email: 'agent@platforms.test', name: 'Agent', role: 'agent', entities: [], passwordHash: await hashPassword(TEST_PASSWORD) });
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

async function platforms(): Promise<PlatformView[]> {
  const agent = await logIn(api, 'agent@platforms.test');
  const response = await asSession(api, agent, 'GET', '/api/platforms');
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

test('without a session or token the platforms are refused', async () => {
  expect((await api.inject({ method: 'GET', url: '/api/platforms' })).statusCode).toBe(401);
});

test('an agent and the machine token get every platform, in the registry order', async () => {
  const items = await platforms();
  expect(items.map((p) => p.id)).toEqual([...PLATFORMS]);
  const machine = await api.inject({ method: 'GET', url: '/api/platforms', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(machine.statusCode).toBe(200);
  expect(machine.json().items).toEqual(items);
});

test('each platform has one name per language, its keys, replies, limits and webhook', async () => {
  const byId = new Map((await platforms()).map((p) => [p.id, p]));
  expect(byId.get('x')).toEqual({
    id: 'x',
    names: { nl: 'X', en: 'X' },
    account: { required: ['userId'], optional: ['handle'] },
    credentials: ['bearerToken', 'userAccessToken', 'refreshToken', 'tokenExpiresAt'],
    labels: {},
    replies: { dm: ['private'], post: ['public', 'private'], reply: ['public', 'private'] },
    limits: { replyTextLength: 280, privateReplyTextLength: 10_000 },
    webhook: null,
    history: true,
    oauth: true,
    // only replies in a conversation the entity's own post started can be hidden
    moderation: { reply: ['hide', 'unhide'] },
  });
  // WhatsApp only pushes: what is lost while a channel is down cannot be read back
  expect(byId.get('whatsapp')!.history).toBe(false);
  expect(byId.get('whatsapp')!.oauth).toBe(false);
  expect(byId.get('google')!.names).toEqual({ nl: 'Google reviews', en: 'Google reviews' });
  expect(byId.get('whatsapp')!.limits).toEqual({ replyTextLength: 4096 });
  // a Page's feed and Messenger share one callback URL; Instagram has its own
  expect(byId.get('facebook')!.webhook).toEqual({ maxBodyBytes: 3 * 1024 * 1024, shared: { group: 'meta-page', accountKey: 'pageId' } });
  expect(byId.get('messenger')!.webhook).toEqual(byId.get('facebook')!.webhook);
  expect(byId.get('instagram')!.webhook).toEqual({ maxBodyBytes: 3 * 1024 * 1024 });
  // a key only one platform has is named by that platform, so the web app names no platform itself
  expect(byId.get('instagram')!.labels).toEqual({ igUserId: { nl: 'Instagram-gebruikers-id', en: 'Instagram user id' } });
  for (const platform of byId.values()) {
    expect(platform.names.nl.length).toBeGreaterThan(0);
    expect(platform.names.en.length).toBeGreaterThan(0);
  }
});

test('no secret is served: key names only, and no functions', async () => {
  const response = await api.inject({ method: 'GET', url: '/api/platforms', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.body).not.toContain(TOKEN);
  for (const item of response.json().items as Array<Record<string, unknown>>) {
    expect(Object.keys(item).sort()).toEqual(['account', 'credentials', 'history', 'id', 'labels', 'limits', 'moderation', 'names', 'oauth', 'replies', 'webhook']);
  }
});

test('every descriptor agrees with its connector: platform, webhook support and reply visibilities', () => {
  const kinds: MessageKind[] = ['post', 'comment', 'reply', 'dm', 'review', 'email'];
  for (const descriptor of DESCRIPTORS) {
    const connector = runtime.connectors.get(descriptor.id)!;
    expect(connector.platform).toBe(descriptor.id);
    expect({ id: descriptor.id, webhook: Boolean(connector.webhook) }).toEqual({ id: descriptor.id, webhook: Boolean(descriptor.webhook) });
    for (const kind of kinds) expect(connector.replyVisibilities(kind)).toEqual([...(descriptor.replies[kind] ?? [])]);
  }
});
