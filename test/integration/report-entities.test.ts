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
 * The annual report over several entities: a coordinator of alfa and bravo names both (repeated or
 * comma-separated) or none and gets both together; charlie, not theirs, answers 404.
 */
const TOKEN = 'report-entities-token';
const COMPLAINTS = { alfa: 2, bravo: 1, charlie: 3 } as const;
// Names with letters the PDF's fonts must keep.
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
  api = await buildApi(runtime, { apiToken: TOKEN });
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
  await createUser(db, { email: 'coord-ab@test', name: 'Coordinator AB', role: 'coordinator', entities: ['alfa', 'bravo'], passwordHash: await hashPassword(TEST_PASSWORD) });
  coordinator = await logIn(api, 'coord-ab@test');
}, 60_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

const received = (report: { tables: Array<{ key: string; rows: unknown[][] }> }) =>
  report.tables.find((t) => t.key === 'received')!.rows.find((row) => /^ontvangen/.test(String(row[0])))![1];

test('a coordinator of two entities gets both without naming any, and the report names them', async () => {
  const response = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}`);
  expect(response.statusCode).toBe(200);
  const report = response.json();
  expect(report.entities).toEqual(['alfa', 'bravo']);
  expect(report.entity).toBeUndefined();
  expect(received(report)).toBe(3);
});

test('two entities named, repeated or comma-separated, give the same report; one gives that one', async () => {
  for (const query of ['entity=alfa&entity=bravo', 'entity=alfa,bravo', 'entity=bravo,alfa,bravo']) {
    const report = (await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&${query}`)).json();
    expect(new Set(report.entities)).toEqual(new Set(['alfa', 'bravo']));
    expect(received(report)).toBe(3);
  }
  const one = (await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&entity=bravo`)).json();
  expect([one.entity, one.entities, received(one)]).toEqual(['bravo', ['bravo'], 1]);
});

test("another entity's id answers 404, also next to the coordinator's own", async () => {
  for (const query of ['entity=charlie', 'entity=alfa,charlie', 'entity=alfa&entity=charlie']) {
    const response = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&${query}`);
    expect({ query, status: response.statusCode }).toEqual({ query, status: 404 });
  }
});

test('the downloads of two entities say so: CSV section, XLSX file name', async () => {
  const csv = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&format=csv`);
  expect(csv.statusCode).toBe(200);
  expect(csv.body.replace('\uFEFF', '').split('\r\n').slice(0, 3)).toEqual(['Entiteiten / Entities', 'alfa', 'bravo']);
  expect(csv.headers['content-disposition']).toBe(`attachment; filename="klachten-${year}-alfa-bravo.csv"`);
  const xlsx = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&format=xlsx`);
  expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  const single = await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&entity=alfa&format=csv`);
  expect(single.body.replace('\uFEFF', '').startsWith('Ontvangen klachten / Complaints received')).toBe(true);
});

test('the machine token, naming none, gets every entity', async () => {
  const report = (await api.inject({ url: `/api/reports/complaints?year=${year}`, headers: { authorization: `Bearer ${TOKEN}` } })).json();
  expect(report.entities).toEqual(['alfa', 'bravo', 'charlie']);
  expect(received(report)).toBe(6);
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
  // Received: alfa's 2 and bravo's 1; every one a complaint from X.
  expect(lines).toContain('ontvangen / received 3');
  expect(lines).toContain('klachten / complaints 3');
  expect(lines).toContain('X 3');
  expect(text).toContain('Per drager (kanaal) / By channel (platform)');
  expect(text).toContain('Termijn antwoord / Time to answer');
  const pages = await pdfPageCount(bytes);
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(text).toContain(`1/${pages}`);
  expect(text).toContain(`${pages}/${pages}`);
  // Another entity's id is refused like in the other formats; an unknown format is a 400.
  expect((await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&entity=alfa,charlie&format=pdf`)).statusCode).toBe(404);
  expect((await asSession(api, coordinator, 'GET', `/api/reports/complaints?year=${year}&format=docx`)).statusCode).toBe(400);
});
