/**
 * Moderation on the platform (issue 17): real PostgreSQL and Redis, the connectors talking to each
 * platform's emulator over real HTTP, the API through Fastify. The worker is called as the moderation
 * and route queues call it; what the platform then holds is read back from the emulator over HTTP.
 */
import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { InstagramEmulator } from '../../connectors/instagram/emulator.js';
import { LinkedInEmulator } from '../../connectors/linkedin/emulator.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { YouTubeEmulator } from '../../connectors/youtube/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { processModeration } from '../../src/moderation/carry-out.js';
import type { Runtime } from '../../src/runtime.js';
import { processRoute } from '../../workers/route.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

const PAGE = { pageId: '104000000000777', name: 'MDK', token: 'EAAmdkPageToken0001' };
const IG = { igUserId: '17841400000000777', username: 'mdk', token: 'ig-mdk-token-0001' };
const XACC = { userId: '7770001', handle: 'mdk', token: 'x-mdk-token-0001' };
const YT = { channelId: 'UCmdkOwnChannel000000001', title: '@mdk', accessToken: 'ya29.mdk-token-0001' };
const ORG = 'urn:li:organization:777';
const LI_TOKEN = 'li-mdk-token-0001';
const INSULT = 'Jullie zijn een stelletje idioten, nog altijd geen veerboot';

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let fb: FacebookEmulator;
let ig: InstagramEmulator;
let x: XEmulator;
let yt: YouTubeEmulator;
let li: LinkedInEmulator;
let agent: Session;
let fbPost: string;

function entities(): EntityConfig[] {
  const channel = (id: string, platform: EntityConfig['channels'][number]['platform'], account: Record<string, string>, baseUrl: string, credentials: Record<string, string>) => ({
    id,
    platform,
    account,
    baseUrl,
    credentials,
    pollIntervalSeconds: 60,
    enabled: true,
  });
  return [
    {
      id: 'mdk',
      name: 'MDK',
      complaintThreshold: 0.99,
      timeZone: 'Europe/Brussels',
      channels: [
        channel('mdk-fb', 'facebook', { pageId: PAGE.pageId }, fb.url, { accessToken: PAGE.token }),
        channel('mdk-ig', 'instagram', { igUserId: IG.igUserId, username: IG.username }, ig.url, { accessToken: IG.token }),
        channel('mdk-x', 'x', { userId: XACC.userId, handle: XACC.handle }, x.url, { bearerToken: XACC.token, userAccessToken: XACC.token }),
        channel('mdk-yt', 'youtube', { channelId: YT.channelId }, yt.url, { accessToken: YT.accessToken }),
        channel('mdk-li', 'linkedin', { organizationUrn: ORG }, li.url, { accessToken: LI_TOKEN }),
      ],
    },
    {
      id: 'vdab',
      name: 'VDAB',
      complaintThreshold: 0.99,
      timeZone: 'Europe/Brussels',
      channels: [],
    },
  ];
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  fb = new FacebookEmulator();
  fb.addPage(PAGE);
  await fb.start();
  ig = new InstagramEmulator();
  ig.addAccount(IG);
  await ig.start();
  x = new XEmulator();
  x.addAccount(XACC);
  await x.start();
  yt = new YouTubeEmulator();
  yt.addAccount(YT);
  await yt.start();
  li = new LinkedInEmulator();
  li.addOrganization({ organizationUrn: ORG, token: LI_TOKEN, memberUrn: 'urn:li:person:AdminMdk' });
  await li.start();
  await syncEntities(db, entities(), new SecretBox(TEST_SECRET));
  await createUser(db, { email: 'agent@mdk.test', name: 'Agent MDK', role: 'agent', entities: ['mdk'], passwordHash: await hashPassword(TEST_PASSWORD) });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'moderation-token' });
  agent = await logIn(api, 'agent@mdk.test');
  fbPost = fb.addPagePost(PAGE.pageId, 'Dienstregeling veerboot', new Date(Date.now() - 3_600_000));
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
  for (const emulator of [fb, ig, x, yt, li]) await emulator.stop();
});

async function messageOf(channelId: string, externalId: string): Promise<{ id: number; ticketId: number; flags: string[] }> {
  const { rows } = await db.query<{ id: number; ticketId: number; flags: string[] }>(
    'select id::int as id, ticket_id::int as "ticketId", flags from messages where channel_id = $1 and external_id = $2',
    [channelId, externalId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** The outbox row of the newest moderation request of a message. */
async function outboxOf(messageId: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `select o.id::int as id from outbox o join moderation_actions a on o.idempotency_key = 'moderation:' || a.id
      where a.message_id = $1 order by a.id desc limit 1`,
    [messageId],
  );
  return rows[0]!.id;
}

async function moderation(ticketId: number, messageId: number) {
  const response = await asSession(api, agent, 'GET', `/api/tickets/${ticketId}/moderation`);
  expect(response.statusCode).toBe(200);
  return (response.json() as { items: Array<{ messageId: number; state: string; actions: string[]; last?: { action: string; status: string; by: string; byPolicy: boolean; flag: string | null; error: string | null } }> }).items.find(
    (item) => item.messageId === messageId,
  )!;
}

async function ask(ticketId: number, messageId: number, action: string) {
  return asSession(api, agent, 'POST', `/api/tickets/${ticketId}/messages/${messageId}/moderation`, { action });
}

/** An agent's request, carried out by the moderation worker. */
async function moderate(ticketId: number, messageId: number, action: string): Promise<string> {
  const response = await ask(ticketId, messageId, action);
  expect(response.statusCode).toBe(202);
  return processModeration(runtime, await outboxOf(messageId));
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function audits(messageId: number): Promise<Array<{ actor: string; action: string; details: Record<string, unknown> }>> {
  const { rows } = await db.query<{ actor: string; action: string; details: Record<string, unknown> }>(
    `select actor, action, details from audit_log where subject_type = 'message' and subject_id = $1 and action like 'moderation.%' order by id`,
    [String(messageId)],
  );
  return rows;
}

describe('moderation on the platform', () => {
  it('a flagged insult is hidden on the Facebook emulator and unhidden again, audited both times', async () => {
    const policy = await asSession(api, await logInAdmin(), 'PUT', '/api/entities/mdk/moderation-policy', { autoHide: ['insult', 'hate'] });
    expect(policy.statusCode).toBe(200);
    expect(policy.json()).toEqual({ autoHide: ['insult', 'hate'] });

    const commentId = fb.addComment({ postId: fbPost, fromId: '900001', fromName: 'Jan Burger', message: INSULT });
    expect(await pollChannel(runtime, 'mdk-fb')).toMatchObject({ status: 'polled', inserted: 1 });
    const message = await messageOf('mdk-fb', commentId);
    expect(message.flags).toContain('insult');

    // The policy's request was written in the ingest transaction; ingest dispatches it to the route queue.
    expect(await processRoute(runtime, await outboxOf(message.id))).toBe('sent');
    const node = `${fb.url}v21.0/${commentId}?fields=is_hidden,message`;
    expect(await getJson(node, { authorization: `Bearer ${PAGE.token}` })).toMatchObject({ id: commentId, is_hidden: true });
    expect(await moderation(message.ticketId, message.id)).toMatchObject({
      state: 'hidden',
      actions: ['unhide'],
      last: { action: 'hide', status: 'done', by: 'policy', byPolicy: true, flag: 'insult' },
    });

    expect(await moderate(message.ticketId, message.id, 'unhide')).toBe('sent');
    expect(await getJson(node, { authorization: `Bearer ${PAGE.token}` })).toMatchObject({ is_hidden: false });
    expect(await moderation(message.ticketId, message.id)).toMatchObject({
      state: 'visible',
      actions: ['hide'],
      last: { action: 'unhide', status: 'done', by: 'Agent MDK', byPolicy: false },
    });

    expect(await audits(message.id)).toEqual([
      { actor: 'policy', action: 'moderation.request', details: expect.objectContaining({ action: 'hide', flag: 'insult', platform: 'facebook' }) },
      { actor: 'system', action: 'moderation.done', details: expect.objectContaining({ action: 'hide', requestedBy: 'policy', flag: 'insult', state: 'hidden' }) },
      { actor: 'user:agent@mdk.test', action: 'moderation.request', details: expect.objectContaining({ action: 'unhide', platform: 'facebook' }) },
      { actor: 'system', action: 'moderation.done', details: expect.objectContaining({ action: 'unhide', requestedBy: 'user:agent@mdk.test', state: 'visible' }) },
    ]);
  });

  it('the policy is off by default and names only its own flags', async () => {
    const off = await asSession(api, await logInAdmin(), 'PUT', '/api/entities/mdk/moderation-policy', { autoHide: ['spam'] });
    expect(off.statusCode).toBe(200);
    const commentId = fb.addComment({ postId: fbPost, fromId: '900002', fromName: 'Piet Burger', message: INSULT });
    await pollChannel(runtime, 'mdk-fb');
    const message = await messageOf('mdk-fb', commentId);
    expect(message.flags).toContain('insult');
    expect(await audits(message.id)).toEqual([]);
    expect(fb.isHidden(commentId)).toBe(false);
    expect(await moderation(message.ticketId, message.id)).toMatchObject({ state: 'visible', actions: ['hide'] });
    const vdab = await asSession(api, await logInAdmin(), 'GET', '/api/entities/vdab/moderation-policy');
    expect(vdab.json()).toEqual({ autoHide: [] });
  });

  it('the configuration file can set an entity’s policy', async () => {
    const [, vdab] = entities();
    await syncEntities(db, [...entities().slice(0, 1), { ...vdab!, moderation: { autoHide: ['threat', 'hate'] } }], new SecretBox(TEST_SECRET));
    const response = await asSession(api, await logInAdmin(), 'GET', '/api/entities/vdab/moderation-policy');
    expect(response.json()).toEqual({ autoHide: ['threat', 'hate'] });
  });

  it('Instagram: a comment is hidden and unhidden (hide=true|false)', async () => {
    const media = ig.addMedia({ ownerId: IG.igUserId, caption: 'Nieuwe dienstregeling' });
    const commentId = ig.addComment({ mediaId: media, text: 'Waarom vaart de boot niet?', fromId: '17841400000009001', username: 'an.burger' });
    await pollChannel(runtime, 'mdk-ig');
    const message = await messageOf('mdk-ig', commentId);
    const node = `${ig.url}v21.0/${commentId}?fields=hidden,text`;
    expect(await moderate(message.ticketId, message.id, 'hide')).toBe('sent');
    expect(await getJson(node, { authorization: `Bearer ${IG.token}` })).toMatchObject({ id: commentId, hidden: true });
    expect(await moderate(message.ticketId, message.id, 'unhide')).toBe('sent');
    expect(await getJson(node, { authorization: `Bearer ${IG.token}` })).toMatchObject({ hidden: false });
  });

  it('X: a reply in the entity’s conversation is hidden (PUT /2/tweets/:id/hidden); a mention offers nothing', async () => {
    const reply = x.addMention({ toUserId: XACC.userId, authorId: '880001', username: 'burger', text: '@mdk wanneer komt de veerboot?', inReplyToTweetId: '7770000099' });
    const mention = x.addMention({ toUserId: XACC.userId, authorId: '880002', username: 'burger2', text: '@mdk hallo?' });
    await pollChannel(runtime, 'mdk-x');
    const message = await messageOf('mdk-x', reply);
    expect(await moderate(message.ticketId, message.id, 'hide')).toBe('sent');
    expect(await getJson(`${x.url}2/tweets/${reply}/hidden`, { authorization: `Bearer ${XACC.token}` })).toEqual({ data: { hidden: true } });
    expect(await moderation(message.ticketId, message.id)).toMatchObject({ state: 'hidden', actions: ['unhide'] });

    const post = await messageOf('mdk-x', mention);
    expect(await moderation(post.ticketId, post.id)).toBeUndefined();
    expect((await ask(post.ticketId, post.id, 'hide')).statusCode).toBe(422);
  });

  it('YouTube: a comment is held for review, then published again (comments.setModerationStatus)', async () => {
    const commentId = yt.addComment({ channelId: YT.channelId, videoId: 'vid000001', authorChannelId: 'UCburger0000000000000001', authorDisplayName: '@burger', text: 'Koop nu goedkope tickets' });
    await pollChannel(runtime, 'mdk-yt');
    const message = await messageOf('mdk-yt', commentId);
    expect((await moderation(message.ticketId, message.id)).actions).toEqual(['hold', 'reject']);
    expect(await moderate(message.ticketId, message.id, 'hold')).toBe('sent');
    const read = await getJson(`${yt.url}youtube/v3/comments?part=snippet&id=${commentId}`, { authorization: `Bearer ${YT.accessToken}` });
    expect(read.items).toEqual([expect.objectContaining({ id: commentId, snippet: expect.objectContaining({ moderationStatus: 'heldForReview' }) })]);
    // as on YouTube: gone from the public listing, listed for the owner as held
    const threads = (status: string) =>
      getJson(`${yt.url}youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=${YT.channelId}&moderationStatus=${status}`, { authorization: `Bearer ${YT.accessToken}` });
    const ids = (list: Record<string, unknown>) => (list.items as Array<{ id: string }>).map((thread) => thread.id);
    expect(ids(await threads('published'))).not.toContain(commentId);
    expect(ids(await threads('heldForReview'))).toContain(commentId);
    expect(await moderation(message.ticketId, message.id)).toMatchObject({ state: 'held', actions: ['reject', 'publish'] });
    expect(await moderate(message.ticketId, message.id, 'publish')).toBe('sent');
    expect(yt.moderationStatusOf(commentId)).toBe('published');
    expect(ids(await threads('published'))).toContain(commentId);
    expect(ids(await threads('heldForReview'))).not.toContain(commentId);
  });

  it('LinkedIn: a comment can only be deleted; afterwards nothing more is offered', async () => {
    const { share } = li.addPost({ author: ORG, commentary: 'Nieuwe veerdienst' });
    li.addComment({ post: share, actor: 'urn:li:person:Burger1', text: 'Schande, jullie idioten' });
    await pollChannel(runtime, 'mdk-li');
    const { rows } = await db.query<{ external_id: string }>(`select external_id from messages where channel_id = 'mdk-li' and direction = 'inbound'`);
    expect(rows).toHaveLength(1);
    const message = await messageOf('mdk-li', rows[0]!.external_id);
    expect((await moderation(message.ticketId, message.id)).actions).toEqual(['delete']);
    expect(await moderate(message.ticketId, message.id, 'delete')).toBe('sent');
    expect(li.isDeleted(rows[0]!.external_id)).toBe(true);
    expect(await moderation(message.ticketId, message.id)).toMatchObject({ state: 'deleted', actions: [] });
  });

  it('a refused or expired token ends the request failed on the message, the worker carries on', async () => {
    const commentId = fb.addComment({ postId: fbPost, fromId: '900003', fromName: 'Els Burger', message: 'Wanneer vaart de boot weer?' });
    await pollChannel(runtime, 'mdk-fb');
    const message = await messageOf('mdk-fb', commentId);

    fb.failNext('permission', { path: new RegExp(commentId) });
    expect(await moderate(message.ticketId, message.id, 'hide')).toBe('failed');
    expect(await moderation(message.ticketId, message.id)).toMatchObject({
      state: 'visible',
      actions: ['hide'],
      last: { action: 'hide', status: 'failed', error: expect.stringContaining('pages_manage_engagement') },
    });

    fb.failNext(503, { path: new RegExp(commentId) });
    expect(await moderate(message.ticketId, message.id, 'hide')).toBe('retry');
    expect(await moderation(message.ticketId, message.id)).toMatchObject({ last: { status: 'queued', error: expect.stringContaining('503') } });
    await db.query(`update outbox set available_at = now() where id = $1`, [await outboxOf(message.id)]);
    expect(await processModeration(runtime, await outboxOf(message.id))).toBe('sent');
    expect(fb.isHidden(commentId)).toBe(true);

    fb.revokeToken(PAGE.token);
    try {
      expect(await moderate(message.ticketId, message.id, 'unhide')).toBe('failed');
      expect(await moderation(message.ticketId, message.id)).toMatchObject({
        state: 'hidden',
        last: { action: 'unhide', status: 'failed', error: expect.stringContaining('reconnect needed') },
      });
      const { rows } = await db.query<{ status: string }>(`select status from channels where id = 'mdk-fb'`);
      expect(rows[0]!.status).toBe('auth_expired');
      expect(fb.isHidden(commentId)).toBe(true);
      expect((await audits(message.id)).map((a) => a.action)).toEqual([
        'moderation.request', 'moderation.failed', 'moderation.request', 'moderation.done', 'moderation.request', 'moderation.failed',
      ]);
    } finally {
      fb.restoreToken(PAGE.token);
    }
  });

  it('the platforms say which actions they allow; private and review platforms allow none', async () => {
    const response = await asSession(api, agent, 'GET', '/api/platforms');
    const byId = new Map((response.json() as { items: Array<{ id: string; moderation: Record<string, string[]> }> }).items.map((p) => [p.id, p.moderation]));
    expect(byId.get('facebook')).toEqual({ comment: ['hide', 'unhide'], reply: ['hide', 'unhide'] });
    expect(byId.get('x')).toEqual({ reply: ['hide', 'unhide'] });
    expect(byId.get('youtube')).toEqual({ comment: ['hold', 'reject', 'publish'], reply: ['hold', 'reject', 'publish'] });
    expect(byId.get('linkedin')).toEqual({ comment: ['delete'], reply: ['delete'] });
    for (const none of ['google', 'whatsapp', 'messenger', 'email']) expect(byId.get(none)).toEqual({});
  });
});

let adminSession: Session | undefined;
async function logInAdmin(): Promise<Session> {
  if (!adminSession) {
    await createUser(db, { email: 'admin@mdk.test', name: 'Admin MDK', role: 'admin', entities: ['mdk', 'vdab'], passwordHash: await hashPassword(TEST_PASSWORD) });
    adminSession = await logIn(api, 'admin@mdk.test');
  }
  return adminSession;
}
