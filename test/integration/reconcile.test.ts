/**
 * Reconciliation of push sources (issue 15): a webhook delivery that never reaches the ingress (the
 * platform recorded the message, the delivery was lost) is found by the next reconciliation poll,
 * exactly once; a delivered message is not stored twice. Messenger reconciles at every poll (its
 * conversations are polled), LinkedIn too (its notifications are polled), Instagram's DMs every ten
 * minutes (connectors/instagram/reconcile.ts; the clock is the connector's). Real PostgreSQL, Redis,
 * webhook ingress over HTTP and emulators.
 */
import { FacebookEmulator, messageEvent, messagingWebhookBody, signedWebhookRequest } from '../../connectors/facebook/emulator.js';
import { createInstagramConnector } from '../../connectors/instagram/connector.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { RECONCILE_INTERVAL_MS } from '../../connectors/instagram/reconcile.js';
import { LinkedInEmulator, linkedInWebhookDelivery } from '../../connectors/linkedin/emulator.js';
import { createConnectorRegistry } from '../../connectors/registry.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { ChannelConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { deliverDemoWebhooks } from '../../src/demo/platforms.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

const ENTITY = 'reconcile';
const APP_SECRET = 'reconcile-app-secret';
const PAGE = { pageId: '104000000061000', name: 'Reconcile', token: 'reconcile-page-token' };
const IG = { igUserId: '17841400000061000', username: 'reconcile', token: 'reconcile-ig-token' };
const ORG = { organizationUrn: 'urn:li:organization:61000', token: 'reconcile-li-token', memberUrn: 'urn:li:person:ReconcileAdmin' };
const LI_SECRET = 'reconcile-li-secret';

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let apiUrl: string;
let facebook: FacebookEmulator;
let instagram: InstagramEmulator;
let linkedin: LinkedInEmulator;
/** The Instagram connector's clock: reconciliation is due an interval after the last one. */
let clock = Date.now();

function channel(id: string, platform: ChannelConfig['platform'], baseUrl: string, account: Record<string, string>, credentials: Record<string, string>): ChannelConfig {
  return { id, platform, account, baseUrl, credentials, pollIntervalSeconds: 3600, enabled: true };
}

/** external id → rows stored for it on the channel. */
async function storedCount(channelId: string, externalId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from messages where channel_id = $1 and external_id = $2`, [channelId, externalId]);
  return rows[0]!.n;
}

async function post(platform: string, channelId: string, delivery: { rawBody: Buffer; headers: Record<string, string | undefined> }): Promise<void> {
  const headers = Object.fromEntries(Object.entries(delivery.headers).filter((e): e is [string, string] => e[1] !== undefined));
  expect(await deliverDemoWebhooks(apiUrl, [{ channelId, platform, rawBody: delivery.rawBody, headers }])).toEqual([200]);
}

beforeAll(async () => {
  facebook = new FacebookEmulator();
  facebook.addPage(PAGE);
  instagram = new InstagramEmulator({ appSecret: APP_SECRET });
  instagram.addAccount(IG);
  linkedin = new LinkedInEmulator();
  linkedin.addOrganization(ORG);
  const [fbUrl, igUrl, liUrl] = await Promise.all([facebook.start(), instagram.start(), linkedin.start()]);
  db = await createTestDb();
  redis = await testRedis();
  const meta = { appSecret: APP_SECRET, verifyToken: 'reconcile-verify' };
  await syncEntities(
    db,
    [{
      id: ENTITY, name: 'Reconcile', complaintThreshold: 0.6, timeZone: 'Europe/Brussels',
      channels: [
        channel('rc-messenger', 'messenger', fbUrl!, { pageId: PAGE.pageId }, { accessToken: PAGE.token, ...meta }),
        channel('rc-instagram', 'instagram', igUrl!, { igUserId: IG.igUserId, username: IG.username }, { accessToken: IG.token, ...meta }),
        channel('rc-linkedin', 'linkedin', liUrl!, { organizationUrn: ORG.organizationUrn }, { accessToken: ORG.token, clientSecret: LI_SECRET }),
      ],
    }],
    new SecretBox(TEST_SECRET),
  );
  const connectors = createConnectorRegistry();
  connectors.set('instagram', createInstagramConnector({ now: () => clock }));
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), connectors });
  api = await buildApi(runtime, { apiToken: undefined });
  apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await redis.stop();
  await Promise.all([facebook.stop(), instagram.stop(), linkedin.stop()]);
});

test('messenger: the conversations poll finds a message whose delivery was lost, once', async () => {
  expect(await pollChannel(runtime, 'rc-messenger')).toMatchObject({ status: 'polled', inserted: 0 });

  const delivered = facebook.addMessage({ pageId: PAGE.pageId, psid: '6300000000000001', name: 'Anna', text: 'Via de webhook' }).messageId;
  const event = messageEvent({ pageId: PAGE.pageId, psid: '6300000000000001', mid: delivered, text: 'Via de webhook' });
  await post('messenger', 'rc-messenger', signedWebhookRequest(APP_SECRET, messagingWebhookBody(PAGE.pageId, [event])));
  await eventually(async () => (await storedCount('rc-messenger', delivered)) === 1);
  // Recorded by the platform, its delivery never posted.
  const dropped = facebook.addMessage({ pageId: PAGE.pageId, psid: '6300000000000002', name: 'Bram', text: 'Verloren levering' }).messageId;
  expect(await storedCount('rc-messenger', dropped)).toBe(0);

  expect(await pollChannel(runtime, 'rc-messenger')).toMatchObject({ status: 'polled', inserted: 1 });
  expect(await storedCount('rc-messenger', dropped)).toBe(1);
  expect(await storedCount('rc-messenger', delivered)).toBe(1);
  expect(await pollChannel(runtime, 'rc-messenger')).toMatchObject({ status: 'polled', inserted: 0 });
});

test('instagram: a DM whose delivery was lost is found by the next reconciliation (every ten minutes), once', async () => {
  // The first poll starts the reconciliation clock.
  expect(await pollChannel(runtime, 'rc-instagram')).toMatchObject({ status: 'polled', inserted: 0 });

  const sent = instagram.dmWebhook({ igUserId: IG.igUserId, fromId: '7300000000000001', text: 'Via de webhook' });
  await post('instagram', 'rc-instagram', sent.delivery);
  await eventually(async () => (await storedCount('rc-instagram', sent.mid)) === 1);
  const lost = instagram.dmWebhook({ igUserId: IG.igUserId, fromId: '7300000000000002', text: 'Verloren levering' });
  const lostInKnownConversation = instagram.dmWebhook({ igUserId: IG.igUserId, fromId: '7300000000000001', text: 'Nog een verloren levering' });

  // Comments are polled at every poll; DMs are not reconciled before the interval is over.
  clock += RECONCILE_INTERVAL_MS / 2;
  expect(await pollChannel(runtime, 'rc-instagram')).toMatchObject({ status: 'polled', inserted: 0 });
  expect(await storedCount('rc-instagram', lost.mid)).toBe(0);
  expect(instagram.requestLog.filter((r) => r.path.endsWith('/conversations'))).toHaveLength(0);

  clock += RECONCILE_INTERVAL_MS / 2;
  expect(await pollChannel(runtime, 'rc-instagram')).toMatchObject({ status: 'polled', inserted: 2 });
  for (const mid of [sent.mid, lost.mid, lostInKnownConversation.mid]) expect(await storedCount('rc-instagram', mid)).toBe(1);
  expect(instagram.requestLog.filter((r) => r.path.endsWith('/conversations'))).toHaveLength(1);
  // The found DM is the webhook's message: same conversation and text as a delivery would have given.
  const { rows } = await db.query<{ conversation_key: string; text: string }>(
    `select t.conversation_key, m.text from messages m join tickets t on t.id = m.ticket_id where m.channel_id = 'rc-instagram' and m.external_id = $1`,
    [lost.mid],
  );
  expect(rows).toEqual([{ conversation_key: 'ig:dm:7300000000000002', text: 'Verloren levering' }]);

  // The next walk starts where this one ended: nothing new, nothing twice.
  clock += RECONCILE_INTERVAL_MS;
  expect(await pollChannel(runtime, 'rc-instagram')).toMatchObject({ status: 'polled', inserted: 0 });
  expect(instagram.requestLog.filter((r) => r.path.endsWith('/conversations'))).toHaveLength(2);
});

test('linkedin: the notifications poll finds a comment whose delivery was lost, once', async () => {
  const { share } = linkedin.addPost({ author: ORG.organizationUrn, commentary: 'Nieuwe openingsuren', createdAt: new Date(Date.now() - 60_000) });
  expect(await pollChannel(runtime, 'rc-linkedin')).toMatchObject({ status: 'polled', inserted: 0 });

  const since = Date.now();
  const delivered = linkedin.addComment({ post: share, actor: 'urn:li:person:Anna', text: 'Via de webhook' });
  const delivery = linkedInWebhookDelivery(LI_SECRET, linkedin.notificationsFor(ORG.organizationUrn, since));
  const dropped = linkedin.addMention({ organizationUrn: ORG.organizationUrn, author: 'urn:li:person:Bram', commentary: 'Verloren levering' });
  await post('linkedin', 'rc-linkedin', delivery);
  await eventually(async () => (await storedCount('rc-linkedin', delivered)) === 1);
  expect(await storedCount('rc-linkedin', dropped)).toBe(0);

  expect(await pollChannel(runtime, 'rc-linkedin')).toMatchObject({ status: 'polled', inserted: 1 });
  expect(await storedCount('rc-linkedin', dropped)).toBe(1);
  expect(await storedCount('rc-linkedin', delivered)).toBe(1);
  expect(await pollChannel(runtime, 'rc-linkedin')).toMatchObject({ status: 'polled', inserted: 0 });
});
