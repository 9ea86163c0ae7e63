import { buildApi } from '../../src/http/server.js';
import { PUBLIC_API_ROUTES } from '../../src/accounts/access.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { testRuntime } from '../helpers/runtime.js';
import { closeApiTest } from '../helpers/api.js';

/** The API describes itself at /api/docs: every REST route, with the inputs its zod schemas accept. */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; tags?: string[]; parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>>;
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'docs-token' });
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
});

async function openApiDocument(): Promise<OpenApiDocument> {
  const response = await api.inject({ method: 'GET', url: '/api/docs/json' });
  expect(response.statusCode).toBe(200);
  return response.json();
}

test('the document and the Swagger UI are served without logging in', async () => {
  const document = await openApiDocument();
  expect(document.openapi).toBe('3.0.3');
  const ui = await api.inject({ method: 'GET', url: '/api/docs' });
  expect(ui.statusCode).toBe(200);
  expect(ui.body).toContain('swagger');
});

test('every REST route is documented with a summary and a tag; webhooks and the docs themselves are not', async () => {
  const document = await openApiDocument();
  const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)));
  const restRoutes = api.routeTable
    .filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs'))
    .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
  expect(restRoutes.length).toBeGreaterThan(10);
  expect(restRoutes.filter((route) => !documented.has(route))).toEqual([]);
  for (const [path, operations] of Object.entries(document.paths)) {
    expect(path.startsWith('/api/')).toBe(true);
    expect(path.startsWith('/api/docs')).toBe(false);
    for (const [method, operation] of Object.entries(operations)) {
      expect({ route: `${method} ${path}`, summary: Boolean(operation.summary), tags: operation.tags?.length ?? 0 }).toEqual({ route: `${method} ${path}`, summary: true, tags: 1 });
    }
  }
  expect(documented.has('GET /api/tickets')).toBe(true);
  expect(documented.has('POST /api/tickets/{id}/replies')).toBe(true);
});

test('login and OpenID Connect are marked as needing no credentials; everything else needs a session or the token', async () => {
  const document = (await openApiDocument()) as OpenApiDocument & { security: unknown[] };
  expect(document.security).toEqual([{ session: [] }, { bearer: [] }]);
  const operations = document.paths as Record<string, Record<string, { security?: unknown[] }>>;
  // the document says "no credentials" exactly where the access hook lets a request through without
  const open = Object.entries(operations).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).filter(([, operation]) => operation.security?.length === 0).map(() => path.replace(/\{(\w+)\}/g, ':$1')),
  );
  expect(open.sort()).toEqual([...PUBLIC_API_ROUTES].sort());
});

test('inputs come from the zod schemas the handlers parse with', async () => {
  const document = await openApiDocument();
  const list = document.paths['/api/tickets']!.get!;
  expect(list.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['category', 'status', 'q', 'limit']));
  const reply = document.paths['/api/tickets/{id}/replies']!.post!;
  expect(JSON.stringify(reply.requestBody)).toContain('visibility');
});
