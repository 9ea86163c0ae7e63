import { commentChange, commentRemovalChange, feedWebhookBody, messagingWebhookBody, signedWebhookRequest } from '../../connectors/facebook/emulator.js';
import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import { YouTubeEmulator } from '../../connectors/youtube/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { EVENTS_CHANNEL, parseEvent } from '../../src/db/events.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * Edited and removed messages end to end: signed Facebook feed and Messenger webhooks over HTTP, the
 * Google and YouTube emulators polled over HTTP, real PostgreSQL. An edit or removal changes the one
 * stored message (never a second one), repeats and older revisions change nothing, the ticket JSON
 * carries editedAt and deletedAt, and open screens hear of it through the ticket's live event.
 */
const PAGE_ID = '104000000000077';
const APP_SECRET = 'meta-app-secret-revisions';
const LOCATION = { accountId: '108230940203480133456', locationId: '4839201838383920123', token: 'g-token-gent' };
const YT = { channelId: 'UCgent00000000000000000001', apiKey: 'yt-key-gent' };
const CITIZEN = { fromId: '7400000000000042', fromName: 'Eva Claes' };
const POST_ID = `${PAGE_ID}_555`;
const T0 = Math.floor(Date.parse('2026-03-02T09:00:00Z') / 1000);

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let apiUrl: string;
let google: GoogleReviewsEmulator;
let youtube: YouTubeEmulator;
let agent: Session;
const events: Array<{ type: string; ids: unknown[] }> = [];
let unlisten: () => Promise<void>;

interface StoredRow {
  id: number;
  ticket_id: number;
  external_id: string;
  text: string;
  rating: number | null;
  sent_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  revisions: Array<{ text: string; from: string; rating?: number }>;
}

async function rows(channelId: string): Promise<StoredRow[]> {
  const { rows: found } = await db.query<StoredRow>(
    `select id, ticket_id, external_id, text, rating, sent_at, edited_at, deleted_at, revisions from messages
      where channel_id = $1 and direction = 'inbound' order by id`,
    [channelId],
  );
  return found.map((r) => ({ ...r, id: Number(r.id), ticket_id: Number(r.ticket_id) }));
}

async function deliver(channelId: string, platform: string, body: unknown): Promise<void> {
  const signed = signedWebhookRequest(APP_SECRET, body);
  const response = await fetch(`${apiUrl}/webhooks/${platform}/${channelId}`, { method: 'POST', headers: signed.headers as Record<string, string>, body: signed.rawBody });
  expect(response.status).toBe(200);
}

/** Waits until every stored delivery has been ingested (processed or failed), so a check sees its effect. */
async function settled(): Promise<void> {
  await eventually(async () => (await db.query(`select 1 from webhook_events where status = 'pending'`)).rows.length === 0);
}

async function ticketMessages(ticketId: number): Promise<Array<Record<string, unknown>>> {
  const response = await asSession(api, agent, 'GET', `/api/tickets/${ticketId}`);
  expect(response.statusCode).toBe(200);
  return response.json().messages;
}

const ticketEvents = (ticketId: number) => events.filter((e) => e.type === 'tickets' && e.ids.includes(ticketId)).length;

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  google = new GoogleReviewsEmulator();
  youtube = new YouTubeEmulator();
  const [gUrl, ytUrl] = [await google.start(), await youtube.start()];
  google.addLocation(LOCATION);
  youtube.addAccount(YT);
  const meta = { accessToken: 'page-token', appSecret: APP_SECRET, verifyToken: 'verify' };
  const gent: EntityConfig = {
    id: 'gent',
    name: 'Stad Gent',
    coordinator: { name: 'Klachten Gent', email: 'klachten@gent.test' },
    complaintThreshold: 0.5,
    timeZone: 'Europe/Brussels',
    channels: [
      { id: 'gent-fb', platform: 'facebook', account: { pageId: PAGE_ID }, credentials: meta, pollIntervalSeconds: 600, enabled: true },
      { id: 'gent-messenger', platform: 'messenger', account: { pageId: PAGE_ID }, credentials: meta, pollIntervalSeconds: 600, enabled: true },
      {
        id: 'gent-g',
        platform: 'google',
        account: { accountId: LOCATION.accountId, locationId: LOCATION.locationId },
        baseUrl: gUrl,
        credentials: { accessToken: LOCATION.token },
        pollIntervalSeconds: 600,
        enabled: true,
      },
      { id: 'gent-yt', platform: 'youtube', account: { channelId: YT.channelId }, baseUrl: ytUrl, credentials: { apiKey: YT.apiKey }, pollIntervalSeconds: 600, enabled: true },
    ],
  };
  await syncEntities(db, [gent], new SecretBox(TEST_SECRET));
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'revisions-token' });
  apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  await createUser(db, { email: 'agent@gent.test', name: 'Agent Gent', role: 'agent', entities: ['gent'], passwordHash: await hashPassword(TEST_PASSWORD) });
  agent = await logIn(api, 'agent@gent.test');
  unlisten = await db.listen(EVENTS_CHANNEL, (payload) => {
    const event = parseEvent(payload);
    if (event) events.push(event);
  });
}, 60_000);

afterAll(async () => {
  await unlisten();
  await closeApiTest({ api, runtime, db, redis });
  await google.stop();
  await youtube.stop();
});

describe('Facebook feed webhooks', () => {
  const comment = (message: string, verb: string) =>
    commentChange({ pageId: PAGE_ID, postId: POST_ID, commentId: '555_901', ...CITIZEN, message, createdAt: new Date(T0 * 1000), verb });

  test('a comment added, then edited, then removed is one message with the new text, editedAt and deletedAt', async () => {
    await deliver('gent-fb', 'facebook', feedWebhookBody(PAGE_ID, [comment('Mogen honden los in het park?', 'add')], T0));
    await eventually(async () => (await rows('gent-fb')).length === 1);
    const [added] = await rows('gent-fb');
    expect(added).toMatchObject({ external_id: '555_901', text: 'Mogen honden los in het park?', edited_at: null, deleted_at: null, revisions: [] });

    const eventsBefore = ticketEvents(added!.ticket_id);
    await deliver('gent-fb', 'facebook', feedWebhookBody(PAGE_ID, [comment('Mogen honden los in het Citadelpark?', 'edited')], T0 + 60));
    await eventually(async () => (await rows('gent-fb'))[0]!.edited_at !== null);
    const [edited] = await rows('gent-fb');
    expect(edited).toMatchObject({ id: added!.id, text: 'Mogen honden los in het Citadelpark?', edited_at: new Date((T0 + 60) * 1000), deleted_at: null });
    expect(edited!.revisions).toEqual([{ text: 'Mogen honden los in het park?', from: new Date(T0 * 1000).toISOString() }]);
    // The ticket's live event: open screens refetch it.
    await eventually(async () => ticketEvents(added!.ticket_id) > eventsBefore);

    await deliver('gent-fb', 'facebook', feedWebhookBody(PAGE_ID, [commentRemovalChange({ postId: POST_ID, commentId: '555_901', ...CITIZEN, at: new Date((T0 + 120) * 1000) })], T0 + 120));
    await eventually(async () => (await rows('gent-fb'))[0]!.deleted_at !== null);
    const [removed] = await rows('gent-fb');
    expect(removed).toMatchObject({ id: added!.id, text: 'Mogen honden los in het Citadelpark?', deleted_at: new Date((T0 + 120) * 1000), edited_at: new Date((T0 + 60) * 1000) });
    await eventually(async () => ticketEvents(added!.ticket_id) > eventsBefore + 1);

    const [wire] = await ticketMessages(added!.ticket_id);
    expect(wire).toMatchObject({
      text: 'Mogen honden los in het Citadelpark?',
      editedAt: new Date((T0 + 60) * 1000).toISOString(),
      deletedAt: new Date((T0 + 120) * 1000).toISOString(),
    });
    const { rows: tickets } = await db.query<{ message_count: number }>('select message_count from tickets where id = $1', [added!.ticket_id]);
    expect(Number(tickets[0]!.message_count)).toBe(1);
  });

  test('the same edit and removal again, in other bytes, and an older edit change nothing', async () => {
    const [before] = await rows('gent-fb');
    // Meta re-serializes retries: other bytes get past the ingress's duplicate check and reach ingest again.
    await deliver('gent-fb', 'facebook', { ...feedWebhookBody(PAGE_ID, [comment('Mogen honden los in het Citadelpark?', 'edited')], T0 + 60), retry: 1 });
    await deliver('gent-fb', 'facebook', { ...feedWebhookBody(PAGE_ID, [commentRemovalChange({ postId: POST_ID, commentId: '555_901', ...CITIZEN, at: new Date((T0 + 120) * 1000) })], T0 + 120), retry: 1 });
    await deliver('gent-fb', 'facebook', feedWebhookBody(PAGE_ID, [comment('Een tussenversie die te laat komt', 'edited')], T0 + 30));
    await deliver('gent-fb', 'facebook', feedWebhookBody(PAGE_ID, [comment('Mogen honden los in het park?', 'add')], T0 + 200));
    await settled();
    const { rows: processed } = await db.query<{ n: number }>(`select count(*)::int as n from webhook_events where channel_id = 'gent-fb' and status = 'processed'`);
    expect(processed[0]!.n).toBe(7);
    expect(await rows('gent-fb')).toEqual([before]);
  });

  test('a removal of a message never stored is ignored; an edit of one is stored as a new message, edited', async () => {
    await deliver('gent-fb', 'facebook', feedWebhookBody(PAGE_ID, [commentRemovalChange({ postId: POST_ID, commentId: '555_999', ...CITIZEN })], T0 + 300));
    const late = commentChange({ pageId: PAGE_ID, postId: POST_ID, commentId: '555_902', fromId: '7400000000000043', fromName: 'Jonas', message: 'Eerst gemist, nu bewerkt', createdAt: new Date(T0 * 1000), verb: 'edited' });
    await deliver('gent-fb', 'facebook', feedWebhookBody(PAGE_ID, [late], T0 + 400));
    await settled();
    const stored = await rows('gent-fb');
    expect(stored.map((r) => r.external_id)).toEqual(['555_901', '555_902']);
    expect(stored[1]).toMatchObject({ text: 'Eerst gemist, nu bewerkt', edited_at: new Date((T0 + 400) * 1000), deleted_at: null, revisions: [] });
  });

  test('Messenger: an edited and then unsent message is one message, edited and removed', async () => {
    const base = { sender: { id: '7300000000000042' }, recipient: { id: PAGE_ID } };
    const at = (s: number) => (T0 + s) * 1000;
    // One at a time: deliveries are ingested in the background, and an edit that overtakes its message is stored as the message.
    await deliver('gent-messenger', 'messenger', messagingWebhookBody(PAGE_ID, [{ ...base, timestamp: at(0), message: { mid: 'm_rev_1', text: 'Wanneer is het stadhuis open?' } }], at(0)));
    await settled();
    await deliver('gent-messenger', 'messenger', messagingWebhookBody(PAGE_ID, [{ ...base, timestamp: at(30), message_edit: { mid: 'm_rev_1', text: 'Wanneer is het stadhuis open op zaterdag?', num_edit: 1 } }], at(30)));
    await settled();
    await deliver('gent-messenger', 'messenger', messagingWebhookBody(PAGE_ID, [{ ...base, timestamp: at(90), message: { mid: 'm_rev_1', is_deleted: true } }], at(90)));
    await settled();
    const stored = await rows('gent-messenger');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ text: 'Wanneer is het stadhuis open op zaterdag?', edited_at: new Date(at(30)), deleted_at: new Date(at(90)) });
    expect(stored[0]!.revisions.map((v) => v.text)).toEqual(['Wanneer is het stadhuis open?']);
  });
});

describe('Google review updates', () => {
  const add = (reviewId: string, comment: string) =>
    google.addReview({ ...LOCATION, reviewId, starRating: 'FOUR', displayName: 'Sofie', comment, createTime: new Date(Date.now() - 60_000) });

  test('an updated review is the same message, edited, with its new stars and text; a complaint now escalates the ticket', async () => {
    add('rev-upd', 'Vriendelijk onthaal aan het loket');
    expect(await pollChannel(runtime, 'gent-g')).toMatchObject({ status: 'polled', inserted: 1 });
    const [first] = await rows('gent-g');
    expect(first).toMatchObject({ external_id: 'rev-upd', rating: 4, edited_at: null });

    const text = 'Ik wil een klacht indienen: mijn aanvraag voor een parkeerkaart is na drie maanden nog altijd niet behandeld';
    const updateTime = google.editReview('rev-upd', { comment: text, starRating: 'ONE' });
    expect(await pollChannel(runtime, 'gent-g')).toMatchObject({ status: 'polled', inserted: 0 });
    const stored = await rows('gent-g');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: first!.id, text, rating: 1, edited_at: new Date(updateTime.slice(0, 23) + 'Z') });
    expect(stored[0]!.revisions).toEqual([{ text: 'Vriendelijk onthaal aan het loket', rating: 4, from: first!.sent_at.toISOString() }]);

    const [wire] = await ticketMessages(first!.ticket_id);
    expect(wire).toMatchObject({ text, rating: 1, editedAt: new Date(updateTime.slice(0, 23) + 'Z').toISOString(), deletedAt: null });
    const { rows: ticket } = await db.query<{ category: string; message_count: number }>('select category, message_count from tickets where id = $1', [first!.ticket_id]);
    expect(ticket[0]).toMatchObject({ category: 'complaint' });
    expect(Number(ticket[0]!.message_count)).toBe(1);
    const { rows: cases } = await db.query('select 1 from complaints where ticket_id = $1', [first!.ticket_id]);
    expect(cases).toHaveLength(1);

    // Read again from the start (a reset cursor): nothing changes, nothing is added.
    await db.query(`update channels set cursor = null where id = 'gent-g'`);
    expect(await pollChannel(runtime, 'gent-g')).toMatchObject({ status: 'polled', inserted: 0 });
    expect(await rows('gent-g')).toEqual(stored);
  });

  test('a review stored under the old `<reviewId>@<updateTime>` id is still that message: re-read and edited in place', async () => {
    add('rev-old', 'Lange wachtrij');
    await db.query(`update channels set cursor = null where id = 'gent-g'`);
    expect(await pollChannel(runtime, 'gent-g')).toMatchObject({ status: 'polled', inserted: 1 });
    // As the database held it before edits were recognised: each version under its own id.
    const { rows: legacy } = await db.query<{ external_id: string }>(
      `update messages set external_id = external_id || '@' || to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"000Z"')
        where channel_id = 'gent-g' and external_id = 'rev-old' returning external_id`,
    );
    expect(legacy[0]!.external_id).toMatch(/^rev-old@/);

    await db.query(`update channels set cursor = null where id = 'gent-g'`);
    expect(await pollChannel(runtime, 'gent-g')).toMatchObject({ status: 'polled', inserted: 0 });

    google.editReview('rev-old', { comment: 'Lange wachtrij, maar goed geholpen', starRating: 'THREE' });
    expect(await pollChannel(runtime, 'gent-g')).toMatchObject({ status: 'polled', inserted: 0 });
    const old = (await rows('gent-g')).filter((r) => r.external_id.startsWith('rev-old'));
    expect(old).toHaveLength(1);
    expect(old[0]).toMatchObject({ external_id: legacy[0]!.external_id, text: 'Lange wachtrij, maar goed geholpen', rating: 3 });
    expect(old[0]!.edited_at).not.toBeNull();
  });
});

describe('YouTube comments re-polled', () => {
  test('a comment edited while it is still read again is edited in place, once', async () => {
    const threadId = youtube.addComment({ channelId: YT.channelId, videoId: 'vidgent0001', authorChannelId: 'UCburger000000000000000001', authorDisplayName: '@burger', text: 'Is de Vrijdagmarkt afgesloten?', publishedAt: new Date(Date.now() - 60_000) });
    expect(await pollChannel(runtime, 'gent-yt')).toMatchObject({ status: 'polled', inserted: 1 });
    const editedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    youtube.editComment(threadId, 'Is de Vrijdagmarkt zaterdag afgesloten?', editedAt);
    expect(await pollChannel(runtime, 'gent-yt')).toMatchObject({ status: 'polled', inserted: 0 });
    const stored = await rows('gent-yt');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ external_id: threadId, text: 'Is de Vrijdagmarkt zaterdag afgesloten?', edited_at: editedAt });
    expect(stored[0]!.revisions.map((v) => v.text)).toEqual(['Is de Vrijdagmarkt afgesloten?']);
    // Polled again: the edited comment comes back while it is recent, and changes nothing.
    expect(await pollChannel(runtime, 'gent-yt')).toMatchObject({ status: 'polled', inserted: 0 });
    expect(await rows('gent-yt')).toEqual(stored);
  });
});
