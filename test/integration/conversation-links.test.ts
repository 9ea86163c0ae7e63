import { FacebookEmulator } from '../../connectors/facebook/emulator.js';
import { InstagramEmulator, type InstagramDelivery } from '../../connectors/instagram/emulator.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { syncEntities } from '../../src/channels/channels.js';
import { complaintDeadlines } from '../../src/complaints/deadlines.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { processRoute } from '../../workers/route.js';
import { closeApiTest } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * The case and its ticket are one story: when the entity answers a public message privately (an X DM,
 * a Facebook private reply that opens a Messenger thread, an Instagram private reply that opens a DM),
 * the citizen's answer in that private conversation lands on the same ticket, over real HTTP against
 * the platform emulators.
 */
const API = { authorization: 'Bearer links-token' };
const X_ACCOUNT = { userId: '4001', handle: 'wegenverkeer', token: 'links-x-token' };
const PAGE = { pageId: '555000111', name: 'Natuur en Bos', token: 'links-page-token' };
const IG = { igUserId: '17841400009990001', username: 'mdk_vlaanderen', token: 'links-ig-token' };
const APP_SECRET = 'links-app-secret-0001';

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let x: XEmulator;
let fb: FacebookEmulator;
let ig: InstagramEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let apiUrl: string;

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  x = new XEmulator();
  fb = new FacebookEmulator();
  ig = new InstagramEmulator({ appSecret: APP_SECRET });
  const [xUrl, fbUrl, igUrl] = [await x.start(), await fb.start(), await ig.start()];
  x.addAccount(X_ACCOUNT);
  fb.addPage(PAGE);
  ig.addAccount(IG);
  const meta = { appSecret: APP_SECRET, verifyToken: 'links-verify' };
  await syncEntities(
    db,
    [
      {
        id: 'vo',
        name: 'Vlaamse overheid',
        coordinator: { name: 'Klachtendienst', email: 'klachten@vo.test' },
        complaintThreshold: 0.5,
        timeZone: 'Europe/Brussels',
        channels: [
          {
            id: 'vo-x',
            platform: 'x',
            account: { userId: X_ACCOUNT.userId, handle: X_ACCOUNT.handle },
            baseUrl: xUrl,
            credentials: { bearerToken: X_ACCOUNT.token, userAccessToken: X_ACCOUNT.token },
            pollIntervalSeconds: 60,
            enabled: true,
          },
          { id: 'vo-fb', platform: 'facebook', account: { pageId: PAGE.pageId }, baseUrl: fbUrl, credentials: { accessToken: PAGE.token, ...meta }, pollIntervalSeconds: 60, enabled: true },
          { id: 'vo-ms', platform: 'messenger', account: { pageId: PAGE.pageId }, baseUrl: fbUrl, credentials: { accessToken: PAGE.token, ...meta }, pollIntervalSeconds: 60, enabled: true },
          {
            id: 'vo-ig',
            platform: 'instagram',
            account: { igUserId: IG.igUserId, username: IG.username },
            baseUrl: igUrl,
            credentials: { accessToken: IG.token, ...meta },
            pollIntervalSeconds: 60,
            enabled: true,
          },
        ],
      },
    ],
    new SecretBox(TEST_SECRET),
  );
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'links-token' });
  apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
  await x.stop();
  await fb.stop();
  await ig.stop();
});

/** Runs queued routing and replies as the workers would, with the outbox rows made due now. */
async function drain(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await db.query(`update outbox set available_at = now() where status = 'pending'`);
    const { rows } = await db.query<{ id: number; kind: string }>(`select id, kind from outbox where status = 'pending' order by id`);
    if (!rows.length) return;
    for (const row of rows) await (row.kind === 'reply' ? processOutbound(runtime, row.id) : processRoute(runtime, row.id));
  }
}

async function ticketsOf(channelId: string): Promise<Array<{ id: number; conversation_key: string; status: string }>> {
  const { rows } = await db.query<{ id: string; conversation_key: string; status: string }>(
    `select id, conversation_key, status from tickets where channel_id = $1 order by id`,
    [channelId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

async function ticketCount(): Promise<number> {
  return Number((await db.query<{ n: string }>('select count(*) as n from tickets')).rows[0]!.n);
}

async function detail(ticketId: number): Promise<{ status: string; messages: Array<{ direction: string; kind: string; text: string; deliveryStatus?: string | null }> }> {
  const response = await api.inject({ url: `/api/tickets/${ticketId}`, headers: API });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function replyPrivately(ticketId: number, text: string): Promise<void> {
  const queued = await api.inject({ method: 'POST', url: `/api/tickets/${ticketId}/replies`, headers: API, payload: { text, visibility: 'private' } });
  expect(queued.statusCode).toBe(202);
  await drain();
  const sent = (await detail(ticketId)).messages.find((m) => m.direction === 'outbound' && m.text === text);
  expect(sent?.deliveryStatus).toBe('sent');
}

async function deliverInstagram(delivery: InstagramDelivery): Promise<void> {
  const response = await fetch(`${apiUrl}/webhooks/instagram/vo-ig`, { method: 'POST', headers: delivery.headers as Record<string, string>, body: delivery.rawBody });
  expect(response.status).toBe(200);
}

test('X: the citizen answers the DM sent in reply to a public complaint, and the answer is on the complaint’s ticket', async () => {
  x.addMention({
    toUserId: X_ACCOUNT.userId,
    authorId: '811',
    username: 'jef_d',
    name: 'Jef D.',
    text: '@wegenverkeer ik wil een klacht indienen: de verkeerslichten in Brugge staan al drie weken fout afgesteld en niemand reageert',
    lang: 'nl',
  });
  expect(await pollChannel(runtime, 'vo-x')).toMatchObject({ status: 'polled', inserted: 1 });
  const [ticket] = await ticketsOf('vo-x');
  expect(ticket!.conversation_key).toMatch(/^x:thread:/);
  await drain();
  const caseRow = await db.query<{ id: string }>('select id from complaints where ticket_id = $1', [ticket!.id]);
  expect(caseRow.rows).toHaveLength(1);

  await replyPrivately(ticket!.id, 'Dag Jef, mag ik uw naam en adres om uw klacht te behandelen?');
  expect(x.replies.filter((r) => r.kind === 'dm').map((r) => r.participantId)).toEqual(['811']);
  const before = await ticketCount();

  x.addDm({ toUserId: X_ACCOUNT.userId, senderId: '811', username: 'jef_d', text: 'Jef Daems, Markt 1, 8000 Brugge' });
  expect(await pollChannel(runtime, 'vo-x')).toMatchObject({ status: 'polled', inserted: 1 });

  expect(await ticketCount()).toBe(before);
  const after = await detail(ticket!.id);
  expect(after.messages.filter((m) => m.direction === 'inbound').map((m) => [m.kind, m.text])).toEqual([
    ['post', expect.stringContaining('verkeerslichten')],
    ['dm', 'Jef Daems, Markt 1, 8000 Brugge'],
  ]);
  // The case sees the same story.
  const caseDetail = (await api.inject({ url: `/api/cases/${caseRow.rows[0]!.id}`, headers: API })).json();
  expect(caseDetail.ticket.messages.map((m: { text: string }) => m.text)).toContain('Jef Daems, Markt 1, 8000 Brugge');

  // The ticket answers the DM privately, in the same DM conversation; the next DM still joins it.
  await replyPrivately(ticket!.id, 'Dank u, we behandelen uw klacht.');
  x.addDm({ toUserId: X_ACCOUNT.userId, senderId: '811', username: 'jef_d', text: 'Top, dank u.' });
  await pollChannel(runtime, 'vo-x');
  expect(await ticketCount()).toBe(before);
  expect((await detail(ticket!.id)).messages.filter((m) => m.direction === 'inbound')).toHaveLength(3);
}, 60_000);

test('the ticket detail shows its complaint case: state and both terms in the entity’s calendar; a ticket without one has none', async () => {
  const [ticket] = await ticketsOf('vo-x');
  const { rows } = await db.query<{ id: string; received_at: Date }>('select id, received_at from complaints where ticket_id = $1', [ticket!.id]);
  const deadlines = complaintDeadlines(rows[0]!.received_at, 'Europe/Brussels');
  const body = (await api.inject({ url: `/api/tickets/${ticket!.id}`, headers: API })).json();
  expect(body.case).toEqual({
    id: Number(rows[0]!.id),
    state: expect.stringMatching(/^(received|intake_incomplete)$/),
    acknowledgeBy: deadlines.acknowledgeBy,
    answerBy: deadlines.answerBy,
    acknowledgeStatus: 'open',
    answerStatus: 'open',
    daysToAcknowledge: 10,
    daysToAnswer: 45,
  });
  // Acknowledged: that term is met and its countdown gone; the answer's runs on.
  // (set in the database: how a case gets there is the case procedure's business, tested elsewhere)
  await db.query(`update complaints set status = 'acknowledged', acknowledged_at = now() where id = $1`, [rows[0]!.id]);
  const acknowledged = (await api.inject({ url: `/api/tickets/${ticket!.id}`, headers: API })).json().case;
  expect(acknowledged).toMatchObject({ state: 'acknowledged', acknowledgeStatus: 'met', answerStatus: 'open', daysToAnswer: 45 });
  expect(acknowledged.daysToAcknowledge).toBeUndefined();

  x.addDm({ toUserId: X_ACCOUNT.userId, senderId: '819', username: 'vraag', text: 'Wanneer is het loket open?' });
  await pollChannel(runtime, 'vo-x');
  const question = (await ticketsOf('vo-x')).find((t) => t.conversation_key.includes('819'))!;
  expect((await api.inject({ url: `/api/tickets/${question.id}`, headers: API })).json()).not.toHaveProperty('case');
}, 60_000);

test('X: a DM conversation that had an open ticket of its own before the link keeps it', async () => {
  x.addDm({ toUserId: X_ACCOUNT.userId, senderId: '812', username: 'an_v', text: 'Hoe vraag ik een parkeerkaart aan?' });
  await pollChannel(runtime, 'vo-x');
  const dmTicket = (await ticketsOf('vo-x')).find((t) => t.conversation_key === 'x:dm:812-4001');
  expect(dmTicket).toBeDefined();
  x.addMention({ toUserId: X_ACCOUNT.userId, authorId: '812', username: 'an_v', text: '@wegenverkeer de put in de N9 is nog altijd niet hersteld, dit is een klacht', lang: 'nl' });
  await pollChannel(runtime, 'vo-x');
  const publicTicket = (await ticketsOf('vo-x')).find((t) => t.conversation_key.startsWith('x:thread:') && t.id > dmTicket!.id);
  expect(publicTicket).toBeDefined();
  await drain();
  await replyPrivately(publicTicket!.id, 'Dag An, kan u ons uw adres sturen?');

  x.addDm({ toUserId: X_ACCOUNT.userId, senderId: '812', username: 'an_v', text: 'Kerkstraat 2, 9000 Gent' });
  await pollChannel(runtime, 'vo-x');
  expect((await detail(dmTicket!.id)).messages.map((m) => m.text)).toContain('Kerkstraat 2, 9000 Gent');
  expect((await detail(publicTicket!.id)).messages.map((m) => m.text)).not.toContain('Kerkstraat 2, 9000 Gent');
}, 60_000);

test('Facebook: the Messenger answer to a private reply to a comment is on the comment’s ticket, and is answered in Messenger', async () => {
  const post = fb.addPagePost(PAGE.pageId, 'Het Zoniënwoud is vanaf maandag deels afgesloten voor werken.', new Date(Date.now() - 60 * 60_000));
  fb.addComment({ postId: post, fromId: '7300000000000001', fromName: 'Karel Peeters', message: 'Ik wil een klacht indienen: de omleiding is niet aangeduid en ik ben verdwaald.' });
  await pollChannel(runtime, 'vo-fb');
  const [ticket] = await ticketsOf('vo-fb');
  expect(ticket).toBeDefined();
  await drain();

  await replyPrivately(ticket!.id, 'Dag Karel, mogen we uw contactgegevens voor uw klacht?');
  expect(fb.replies.filter((r) => r.kind === 'private_reply').map((r) => r.recipientId)).toEqual(['7300000000000001']);
  const before = await ticketCount();

  fb.addMessage({ pageId: PAGE.pageId, psid: '7300000000000001', name: 'Karel Peeters', text: 'Karel Peeters, Dorpstraat 5, 3090 Overijse' });
  await pollChannel(runtime, 'vo-ms');
  expect(await ticketCount()).toBe(before);
  expect(await ticketsOf('vo-ms')).toEqual([]);
  const after = await detail(ticket!.id);
  expect(after.messages.filter((m) => m.direction === 'inbound').map((m) => [m.kind, m.text])).toEqual([
    ['comment', expect.stringContaining('omleiding')],
    ['dm', 'Karel Peeters, Dorpstraat 5, 3090 Overijse'],
  ]);
  // Answering that DM goes to Messenger (Send API to the PSID), from the same ticket.
  await replyPrivately(ticket!.id, 'Dank u, we nemen contact op.');
  expect(fb.replies.at(-1)).toMatchObject({ kind: 'message', recipientId: '7300000000000001' });
}, 60_000);

test('Instagram: the DM answering a private reply to a comment is on the comment’s ticket', async () => {
  const media = ig.addMedia({ ownerId: IG.igUserId, caption: 'Het veer in Antwerpen vaart niet op 11 november.' });
  const commentId = ig.addComment({ mediaId: media, fromId: '17841405800000001', username: 'sofie.dm', text: 'Dit is een klacht: het veer vertrok gisteren gewoon niet en er stond niets aangekondigd.' });
  await deliverInstagram(ig.commentWebhook(commentId));
  const ticket = await eventually(async () => (await ticketsOf('vo-ig'))[0]);
  await drain();

  await replyPrivately(ticket.id, 'Dag Sofie, mogen we uw naam en adres voor uw klacht?');
  const before = await ticketCount();

  await deliverInstagram(ig.dmWebhook({ igUserId: IG.igUserId, fromId: '17841405800000001', text: 'Sofie Maes, Kaai 3, 2000 Antwerpen' }).delivery);
  await eventually(async () => (await detail(ticket.id)).messages.some((m) => m.text === 'Sofie Maes, Kaai 3, 2000 Antwerpen'));
  expect(await ticketCount()).toBe(before);
  expect(await ticketsOf('vo-ig')).toHaveLength(1);
}, 60_000);
