import type { AddressInfo } from 'node:net';
import { buildApi } from '../../src/http/server.js';
import { queryProblem } from '../../src/http/query-characters.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { closeApiTest, xEntity } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/** Hostile query strings over real HTTP: a control character is the client's mistake (400), never a 500. */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let baseUrl: string;
const TOKEN = 'query-characters-token';

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  await syncEntities(db, [xEntity('de-lijn')], new SecretBox(TEST_SECRET));
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: TOKEN });
  await api.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

async function get(pathAndQuery: string): Promise<{ status: number; body: { error?: string; message?: string } }> {
  const response = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, body: (await response.json()) as { error?: string; message?: string } };
}

test.each([
  ['/api/tickets?entity=de-lijn%00', 'entity'],
  ['/api/tickets?entity=de-lijn&q=bus%1Flijn', 'q'],
  ['/api/tickets?status=open&status=new%00', 'status'],
  ['/api/dashboard?entity=de-lijn%00', 'entity'],
  ['/api/dashboard?entity=de%7Flijn', 'entity'],
  ['/api/cases?entity=%0Ade-lijn', 'entity'],
  ['/api/channels?entity=de-lijn%1F', 'entity'],
])('GET %s answers 400 naming the parameter %s', async (url, parameter) => {
  const { status, body } = await get(url);
  expect(status).toBe(400);
  expect(body).toEqual({ error: 'bad_request', message: `query parameter "${parameter}": control characters are not allowed` });
});

test('broken percent-encoding and UTF-8 that encodes a lone surrogate are 400 too', async () => {
  for (const url of ['/api/tickets?q=%ZZ', '/api/tickets?q=%', '/api/tickets?q=%ED%A0%80', '/api/tickets?q=%E0%A4']) {
    const { status, body } = await get(url);
    expect([url, status, body.message]).toEqual([url, 400, 'query parameter "q": invalid percent-encoding (or not UTF-8)']);
  }
  const named = await get('/api/tickets?bad%00name=1');
  expect(named.status).toBe(400);
  expect(named.body.message).toBe('query parameter "bad\\u0000name": control characters are not allowed in its name');
});

test('plain text, spaces, accents and emoji still pass', async () => {
  expect((await get('/api/tickets?entity=de-lijn')).status).toBe(200);
  expect((await get('/api/tickets?entity=de-lijn&q=caf%C3%A9+lijn%204%20%F0%9F%9A%8C')).status).toBe(200);
  expect((await get('/api/tickets?q=100%25')).status).toBe(200);
});

test('queryProblem: lone surrogates and controls in decoded text', () => {
  expect(queryProblem('')).toBeUndefined();
  expect(queryProblem('a=b&c')).toBeUndefined();
  expect(queryProblem('a=%09')).toBe('query parameter "a": control characters are not allowed');
  expect(queryProblem(`a=${'\uD800'}`)).toBe('query parameter "a": control characters are not allowed');
});
