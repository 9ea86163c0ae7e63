import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, xEntity, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { pdfPageCount, pdfText } from '../helpers/pdf-text.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * The annual report as PDF over HTTP: a coordinator of two entities downloads it for both and
 * reads back their names, the year and the figures of the tables; another entity's id is 404.
 */
const COMPLAINTS = { alfa: 2, bravo: 3, charlie: 1 } as const;
const NAMES = { alfa: 'Agentschap Alfa', bravo: 'Départment Brâvo', charlie: 'Charlie' } as const;

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let year: number;
let coordinator: Session;

function complaint(id: string, author: string, marker: string): RawItem {
  const text = `ik wil een klacht indienen over ${marker}: de bus van 8u10 reed door aan mijn halte`;
  return { type: 'mention', externalId: id, payload: { tweet: { id, text, author_id: author, created_at: new Date().toISOString() }, author: { id: author, username: `${marker}user` } } };
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  const secrets = new SecretBox(TEST_SECRET);
  await syncEntities(db, (['alfa', 'bravo', 'charlie'] as const).map((id) => xEntity(id, { name: NAMES[id] })), secrets);
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'report-pdf-token' });
  for (const [key, count] of Object.entries(COMPLAINTS)) {
    const channel = (await loadChannel(db, `${key}-x`, secrets))!.context as ChannelContext;
    const items = Array.from({ length: count }, (_, i) => complaint(`${key}-${i}`, `${key}-author-${i}`, key));
    await ingest(db, { channel, items, normalize: normalizeX });
  }
  const counts = await db.query<{ entity_id: string; n: number; year: number }>(
    `select entity_id, count(*)::int as n, min(extract(year from received_at at time zone 'Europe/Brussels'))::int as year from complaints group by 1 order by 1`,
  );
  expect(counts.rows.map((r) => [r.entity_id, r.n])).toEqual(Object.entries(COMPLAINTS));
  year = counts.rows[0]!.year;
  await createUser(db, { email: 'coord-pdf@test', name: 'Coordinator PDF', role: 'coordinator', entities: ['alfa', 'bravo'], passwordHash: await hashPassword(TEST_PASSWORD) });
  coordinator = await logIn(api, 'coord-pdf@test');
}, 60_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

test('the annual report of two entities as PDF: file, names, year and the figures of the tables', async () => {
  const response = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&entity=alfa,bravo&format=pdf`);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.headers['content-disposition']).toBe(`attachment; filename="klachten-${year}-alfa-bravo.pdf"`);
  const bytes = new Uint8Array(response.rawPayload);
  expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
  const text = await pdfText(bytes);
  const lines = text.split('\n');
  expect(lines[0]).toBe(`Jaarverslag klachten ${year}`);
  expect(lines).toContain(`Entiteiten / Entities Agentschap Alfa, Départment Brâvo`);
  expect(text).not.toContain('Charlie');
  // Received: alfa's 2 and bravo's 3; every one a complaint from X.
  expect(lines).toContain('ontvangen / received 5');
  expect(lines).toContain('klachten / complaints 5');
  expect(lines).toContain('X 5');
  expect(text).toContain('Per drager (kanaal) / By channel (platform)');
  expect(text).toContain('Termijn antwoord / Time to answer');
  const pages = await pdfPageCount(bytes);
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(text).toContain(`1/${pages}`);
  expect(text).toContain(`${pages}/${pages}`);
});

test("the PDF is refused for another entity's id, like the other formats", async () => {
  const response = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&entity=alfa,charlie&format=pdf`);
  expect(response.statusCode).toBe(404);
});

test('an unknown format is a 400', async () => {
  const response = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&format=docx`);
  expect(response.statusCode).toBe(400);
});
