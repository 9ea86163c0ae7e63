import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import { WhatsAppEmulator } from '../../connectors/whatsapp/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, xEntity, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * Attachments and review stars end to end: a citizen's WhatsApp photo arrives by webhook over HTTP
 * and a 5-star Google review without text by polling the emulator; the ticket JSON carries the
 * rating and each attachment's href; the API fetches the photo from the emulator with the channel's
 * token (GET /{media-id}, then the file), caches it (a second request reaches no platform), serves
 * images inline and documents as downloads; other entities' users get 404.
 */
const NUMBER = { phoneNumberId: '110000000000001', displayPhoneNumber: '+32 2 553 00 00', wabaId: '210000000000001', token: 'wa-token-alfa' };
const APP_SECRET = 'wa-app-secret';
const VERIFY_TOKEN = 'wa-verify';
const LOCATION = { accountId: '108230940203480133456', locationId: '4839201838383920123', token: 'g-token-alfa' };

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let whatsapp: WhatsAppEmulator;
let google: GoogleReviewsEmulator;
let agent: Session;
let stranger: Session;

interface WireAttachment {
  type: string;
  url?: string;
  mimeType?: string;
  filename?: string;
  href: string | null;
}
interface WireMessage {
  id: number;
  text: string;
  rating: number | null;
  attachments: WireAttachment[];
}

async function ticketOf(externalIdPrefix: string): Promise<{ id: number; messages: WireMessage[] }> {
  const { rows } = await db.query<{ ticket_id: number }>('select ticket_id from messages where external_id like $1', [`${externalIdPrefix}%`]);
  const id = Number(rows[0]!.ticket_id);
  const response = await asSession(api, agent, 'GET', `/api/tickets/${id}`);
  expect(response.statusCode).toBe(200);
  return { id, messages: response.json().messages };
}

const downloads = () => whatsapp.mediaDownloads;

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  whatsapp = new WhatsAppEmulator({ appSecret: APP_SECRET });
  google = new GoogleReviewsEmulator();
  const [waUrl, gUrl] = [await whatsapp.start(), await google.start()];
  whatsapp.addNumber(NUMBER);
  google.addLocation(LOCATION);
  const alfa: EntityConfig = {
    id: 'alfa',
    name: 'ALFA',
    complaintThreshold: 0.5,
    timeZone: 'Europe/Brussels',
    channels: [
      {
        id: 'alfa-wa',
        platform: 'whatsapp',
        account: { phoneNumberId: NUMBER.phoneNumberId },
        baseUrl: waUrl,
        credentials: { accessToken: NUMBER.token, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
        pollIntervalSeconds: 600,
        enabled: true,
      },
      {
        id: 'alfa-g',
        platform: 'google',
        account: { accountId: LOCATION.accountId, locationId: LOCATION.locationId },
        baseUrl: gUrl,
        credentials: { accessToken: LOCATION.token },
        pollIntervalSeconds: 600,
        enabled: true,
      },
    ],
  };
  await syncEntities(db, [alfa, xEntity('bravo')], new SecretBox(TEST_SECRET));
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'attachments-token' });
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  await whatsapp.subscribe(`${apiUrl}/webhooks/whatsapp/alfa-wa`, VERIFY_TOKEN);

  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'agent@alfa.test', name: 'Agent Alfa', role: 'agent', entities: ['alfa'], passwordHash });
  await createUser(db, { email: 'agent@bravo.test', name: 'Agent Bravo', role: 'agent', entities: ['bravo'], passwordHash });
  agent = await logIn(api, 'agent@alfa.test');
  stranger = await logIn(api, 'agent@bravo.test');

  // A photo with a caption, a document, a location (nothing to fetch): three WhatsApp messages by webhook.
  const deliveries = [
    whatsapp.receiveMedia({ phoneNumberId: NUMBER.phoneNumberId, from: '32470000001', name: 'Bart', id: 'wamid.PHOTO', type: 'image', mimeType: 'image/jpeg', caption: 'Foto van de put in het fietspad' }),
    whatsapp.receiveMedia({ phoneNumberId: NUMBER.phoneNumberId, from: '32470000002', name: 'Koen', id: 'wamid.DOC', type: 'document', filename: 'ontvangstbewijs.pdf', caption: 'Hier het ontvangstbewijs' }),
    whatsapp.sign({
      object: 'whatsapp_business_account',
      entry: [{ id: NUMBER.wabaId, changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: NUMBER.displayPhoneNumber, phone_number_id: NUMBER.phoneNumberId },
        contacts: [{ profile: { name: 'Lies' }, wa_id: '32470000003' }],
        messages: [{ from: '32470000003', id: 'wamid.GEO', timestamp: String(Math.floor(Date.now() / 1000)), type: 'location', location: { latitude: 51.05, longitude: 3.72, name: 'Kerkstraat' } }],
      } }] }],
    }),
  ];
  for (const delivery of deliveries) expect(await whatsapp.deliver(delivery)).toBe(200);
  await eventually(async () => (await db.query(`select 1 from messages where external_id in ('wamid.PHOTO', 'wamid.DOC', 'wamid.GEO')`)).rows.length === 3);

  // Five stars, no text; and a review with a photo.
  google.addReview({ accountId: LOCATION.accountId, locationId: LOCATION.locationId, reviewId: 'rev-five', starRating: 'FIVE', isAnonymous: true });
  google.addReview({ accountId: LOCATION.accountId, locationId: LOCATION.locationId, reviewId: 'rev-photo', starRating: 'TWO', displayName: 'Sofie', comment: 'Lange wachtrij', photos: 1 });
  const polled = await pollChannel(runtime, 'alfa-g');
  expect(polled).toMatchObject({ status: 'polled', inserted: 2 });
}, 60_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
  await whatsapp.stop();
  await google.stop();
});

test('the ticket shows the 5-star review without text as its rating, and the photo with an API href', async () => {
  const review = await ticketOf('rev-five');
  expect(review.messages).toHaveLength(1);
  expect(review.messages[0]).toMatchObject({ text: '', rating: 5, attachments: [] });

  const photo = await ticketOf('wamid.PHOTO');
  const message = photo.messages[0]!;
  expect(message).toMatchObject({ text: 'Foto van de put in het fietspad', rating: null });
  expect(message.attachments).toEqual([
    { type: 'image', url: expect.stringMatching(/^whatsapp-media:/), mimeType: 'image/jpeg', href: `/api/tickets/${photo.id}/messages/${message.id}/attachments/0` },
  ]);
  // The connector's reference stays on the server.
  expect(JSON.stringify(photo)).not.toContain('"ref"');

  const geo = await ticketOf('wamid.GEO');
  expect(geo.messages[0]!.attachments).toEqual([{ type: 'location', url: 'geo:51.05,3.72', href: null }]);
});

test('the photo is fetched with the channel’s token, served inline as an image, and cached: the platform sees one download', async () => {
  const photo = await ticketOf('wamid.PHOTO');
  const href = photo.messages[0]!.attachments[0]!.href!;
  const before = downloads();
  const first = await asSession(api, agent, 'GET', href);
  expect(first.statusCode).toBe(200);
  expect(first.headers['content-type']).toBe('image/png');
  expect(first.headers['content-disposition']).toMatch(/^inline; filename="bijlage-1\.png"/);
  expect(first.headers['x-content-type-options']).toBe('nosniff');
  expect(first.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(downloads()).toBe(before + 1);
  // The emulator handed the file only to the channel's token, after GET /{media-id}.
  const log = whatsapp.requestLog.map((e) => `${e.method} ${e.path} ${e.status}`);
  expect(log).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/\d+ 200$/), 'GET /whatsapp_business/attachments/ 200']));

  const second = await asSession(api, agent, 'GET', href);
  expect(second.statusCode).toBe(200);
  expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
  expect(second.headers['x-cache']).toBe('hit');
  expect(downloads()).toBe(before + 1);
});

test('a document is a download under the citizen’s file name, never inline', async () => {
  const doc = await ticketOf('wamid.DOC');
  const attachment = doc.messages[0]!.attachments[0]!;
  expect(attachment).toMatchObject({ type: 'document', mimeType: 'application/pdf', filename: 'ontvangstbewijs.pdf' });
  const response = await asSession(api, agent, 'GET', attachment.href!);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.headers['content-disposition']).toBe(`attachment; filename="ontvangstbewijs.pdf"; filename*=UTF-8''ontvangstbewijs.pdf`);
  expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
});

test('a review photo is a plain GET from the platform’s file host (here the emulator)', async () => {
  const review = await ticketOf('rev-photo');
  const attachment = review.messages[0]!.attachments[0]!;
  expect(review.messages[0]!.rating).toBe(2);
  expect(attachment).toMatchObject({ type: 'photo', href: expect.stringMatching(/\/attachments\/0$/) });
  const response = await asSession(api, agent, 'GET', attachment.href!);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('image/png');
  expect(google.requestLog.filter((e) => e.path.startsWith('/media/'))).toHaveLength(1);
});

test('another entity’s user, a message of another ticket, a position beyond the list and a location all get 404', async () => {
  const photo = await ticketOf('wamid.PHOTO');
  const geo = await ticketOf('wamid.GEO');
  const href = photo.messages[0]!.attachments[0]!.href!;
  const before = downloads();
  const foreign = await asSession(api, stranger, 'GET', href);
  expect(foreign.statusCode).toBe(404);
  expect(foreign.json()).toMatchObject({ error: 'not_found' });
  expect((await asSession(api, agent, 'GET', `/api/tickets/${geo.id}/messages/${photo.messages[0]!.id}/attachments/0`)).statusCode).toBe(404);
  expect((await asSession(api, agent, 'GET', href.replace(/\/0$/, '/1'))).statusCode).toBe(404);
  expect((await asSession(api, agent, 'GET', `/api/tickets/${geo.id}/messages/${geo.messages[0]!.id}/attachments/0`)).statusCode).toBe(404);
  expect((await api.inject({ method: 'GET', url: href })).statusCode).toBe(401);
  expect(downloads()).toBe(before);
});

test('a refused token is a 502 the client may retry; a file the platform no longer has is attachment_gone', async () => {
  const delivery = whatsapp.receiveMedia({ phoneNumberId: NUMBER.phoneNumberId, from: '32470000004', id: 'wamid.LATER', type: 'image' });
  expect(await whatsapp.deliver(delivery)).toBe(200);
  await eventually(async () => (await db.query(`select 1 from messages where external_id = 'wamid.LATER'`)).rows.length === 1);
  const later = await ticketOf('wamid.LATER');
  const href = later.messages[0]!.attachments[0]!.href!;

  whatsapp.revokeToken(NUMBER.token);
  try {
    const refused = await asSession(api, agent, 'GET', href);
    expect(refused.statusCode).toBe(502);
    expect(refused.json()).toMatchObject({ error: 'attachment_unavailable' });
  } finally {
    whatsapp.restoreToken(NUMBER.token);
  }
  expect((await asSession(api, agent, 'GET', href)).statusCode).toBe(200);

  // A media id the platform does not know (deleted after 30 days on WhatsApp).
  await db.query(`update messages set attachments = '[{"type":"image","ref":"404404"}]'::jsonb where external_id = 'wamid.GEO'`);
  const geo = await ticketOf('wamid.GEO');
  const goneHref = geo.messages[0]!.attachments[0]!.href;
  expect(goneHref).toBe(`/api/tickets/${geo.id}/messages/${geo.messages[0]!.id}/attachments/0`);
  const gone = await asSession(api, agent, 'GET', goneHref!);
  expect(gone.statusCode).toBe(404);
  expect(gone.json()).toMatchObject({ error: 'attachment_gone' });
});
