/**
 * `npm run bench:api`: the API at scale. Seeds its own database (1,000,000 tickets, 1,500,000
 * messages, 60 entities, 180 channels, 700,000 contacts by default; --tickets N for less) through
 * the project's migrations and bulk SQL, then times the real routes in process (buildApi on a
 * runtime on that database) for a machine token and for an agent of one entity in 60, next to the
 * same statements replayed directly on the same pool. Writes a table to stdout and JSON to
 * test/bench/results/api-<time>.json.
 *
 * Options: --tickets N, --requests N (per route and caller, default 200), --budget S (seconds per
 * route and caller before stopping early, default 20), --reuse (keep a database seeded at the same
 * size, apply new migrations only), --explain (EXPLAIN (ANALYZE, BUFFERS) of each route's slowest
 * statement), --database NAME (default inbox_bench_api). DATABASE_URL (or BENCH_DATABASE_URL)
 * names the server; REDIS_URL the Redis the runtime's queues connect to (keys removed afterwards).
 */
import { execSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../../src/accounts/passwords.js';
import { createUser } from '../../../src/accounts/users.js';
import { SecretBox } from '../../../src/channels/secrets.js';
import { openPostgres, type Db } from '../../../src/db/db.js';
import { listMigrations, migrate } from '../../../src/db/migrate.js';
import { buildApi } from '../../../src/http/server.js';
import { createLogger } from '../../../src/log.js';
import { removeQueueKeys } from '../redis-cleanup.js';
import { ensureRedis } from '../../../src/queue/local-redis.js';
import { createRuntime } from '../../../src/runtime.js';
import { percentiles, recordingDb, repeat, replay, waves, type Percentiles, type Statement } from './measure.js';
import { entityId, seedDatabase, seedSize, type SeedReport } from './seed.js';

const { values: options } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '200' },
    budget: { type: 'string', default: '20' },
    reuse: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    database: { type: 'string', default: 'inbox_bench_api' },
  },
});
const TICKETS = Number(options.tickets);
const REQUESTS = Number(options.requests);
const BUDGET_MS = Number(options.budget) * 1000;
const DATABASE = options.database!;
if (!/^[a-z_][a-z0-9_]*$/.test(DATABASE)) throw new Error('--database: lower-case letters, digits and _ only');

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');
const API_TOKEN = `bench-api-${randomBytes(12).toString('hex')}`;
const AGENT = { email: 'bench-agent@bench.test', password: `bench-${randomBytes(12).toString('hex')}`, entity: entityId(7) };
const log = (line: string) => process.stderr.write(`${line}\n`);

type Kind = 'list' | 'search' | 'dashboard' | 'detail';
const TARGET_P95_MS: Record<Kind, number> = { list: 20, search: 100, dashboard: 100, detail: 20 };

interface Route {
  name: string;
  kind: Kind;
  url: (caller: Caller) => string;
}

const q = (text: string) => `/api/tickets?q=${encodeURIComponent(text)}`;
const ROUTES: Route[] = [
  { name: 'default queue list', kind: 'list', url: () => '/api/tickets' },
  { name: 'category=complaint', kind: 'list', url: () => '/api/tickets?category=complaint' },
  { name: 'tag=chauffeur', kind: 'list', url: () => '/api/tickets?tag=chauffeur' },
  { name: 'page 50 of category=question', kind: 'list', url: () => '/api/tickets?category=question&offset=2450&limit=50' },
  { name: 'search common "bus"', kind: 'search', url: () => q('bus') },
  { name: 'search rare "oosterweel"', kind: 'search', url: () => q('oosterweel') },
  { name: 'search misspelled "wachtijd"', kind: 'search', url: () => q('wachtijd') },
  { name: 'search phrase "bus niet gestopt"', kind: 'search', url: () => q('"bus niet gestopt"') },
  { name: 'search compound part "premie"', kind: 'search', url: () => q('premie') },
  { name: 'search accent-folded "passe"', kind: 'search', url: () => q('passe') },
  { name: 'dashboard', kind: 'dashboard', url: () => '/api/dashboard' },
  { name: 'ticket detail', kind: 'detail', url: (caller) => `/api/tickets/${caller.detailTicket}` },
];

interface Caller {
  name: string;
  headers: Record<string, string>;
  detailTicket: number;
}

interface RouteResult {
  route: string;
  caller: string;
  url: string;
  status: number;
  hits: number | null;
  api: Percentiles;
  sql: Percentiles;
  ratio: number;
  targetP95Ms: number;
  met: boolean;
  statements: Array<{ sql: string; params: unknown[]; p50: number }>;
  explain?: string;
}

async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function databaseUrl(): string {
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

/** The bench database, seeded at --tickets: re-created, or kept with --reuse when it holds that size. */
async function prepareDatabase(): Promise<{ db: Db; seed: SeedReport | 'reused' }> {
  if (options.reuse) {
    const exists = (await adminQuery(`select 1 from pg_database where datname = '${DATABASE}'`)).rowCount === 1;
    if (exists) {
      const db = openPostgres(databaseUrl());
      const marker = await db
        .query<{ tickets: number; migrations: Record<string, string> }>('select tickets, migrations from bench_api_seed')
        .then((r) => r.rows[0])
        .catch(() => undefined);
      // A migration changed since the seed (its indexes would not be re-made): seed again.
      const current = migrationHashes();
      const changed = Object.entries(marker?.migrations ?? {}).filter(([name, hash]) => current[name] !== hash);
      if (changed.length) log(`migrations changed since the seed (${changed.map(([name]) => name).join(', ')}): seeding again`);
      if (marker?.tickets === TICKETS && changed.length === 0) {
        const applied = await migrate(db);
        log(`reusing ${DATABASE} (${TICKETS} tickets)${applied.length ? `, applied ${applied.join(', ')}` : ''}`);
        if (applied.length) await db.exec('vacuum analyze');
        return { db, seed: 'reused' };
      }
      await db.close();
    }
  }
  await adminQuery(`drop database if exists ${DATABASE} with (force)`);
  await adminQuery(`create database ${DATABASE}`);
  const db = openPostgres(databaseUrl());
  await migrate(db);
  log(`seeding ${DATABASE}: ${TICKETS} tickets`);
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  const started = performance.now();
  try {
    const report = await seedDatabase(client, seedSize(TICKETS), log);
    report.seconds.total = +((performance.now() - started) / 1000).toFixed(1);
    await client.query('create table bench_api_seed (tickets int not null, migrations jsonb not null, report jsonb not null)');
    await client.query('insert into bench_api_seed values ($1, $2, $3)', [TICKETS, JSON.stringify(migrationHashes()), JSON.stringify(report)]);
    log(`seeded in ${report.seconds.total} s`);
    return { db, seed: report };
  } finally {
    await client.end();
  }
}

function migrationHashes(): Record<string, string> {
  return Object.fromEntries(listMigrations().map((m) => [m.name, createHash('sha256').update(m.sql).digest('hex').slice(0, 16)]));
}

async function logIn(api: FastifyInstance): Promise<Record<string, string>> {
  const response = await api.inject({ method: 'POST', url: '/api/auth/login', payload: { email: AGENT.email, password: AGENT.password } });
  if (response.statusCode !== 200) throw new Error(`login: ${response.statusCode} ${response.body}`);
  return { cookie: String(response.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
}

async function measureRoute(api: FastifyInstance, raw: Db, capture: ReturnType<typeof recordingDb>['capture'], route: Route, caller: Caller): Promise<RouteResult> {
  const url = route.url(caller);
  const send = () => api.inject({ method: 'GET', url, headers: caller.headers });
  // Warm up the buffers, then record what one request sends to the database.
  await send();
  let response!: Awaited<ReturnType<typeof send>>;
  const statements = await capture(async () => {
    response = await send();
  });
  const body = response.statusCode === 200 ? response.json<{ total?: number }>() : undefined;
  const apiSamples = await repeat(REQUESTS, BUDGET_MS, async () => {
    const t0 = performance.now();
    const r = await send();
    const ms = performance.now() - t0;
    if (r.statusCode !== 200) throw new Error(`${route.name} as ${caller.name}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    return ms;
  });
  const groups = waves(statements);
  const perStatement: number[][] = statements.map(() => []);
  const ordered = groups.flat();
  const sqlSamples = await repeat(REQUESTS, BUDGET_MS, async () => {
    const { totalMs, each } = await replay(raw, groups);
    each.forEach((ms, i) => perStatement[i]!.push(ms));
    return totalMs;
  });
  const api_ = percentiles(apiSamples);
  const sql = percentiles(sqlSamples);
  const statementStats = ordered.map((s: Statement, i) => ({ sql: oneLine(s.sql), params: s.params, p50: percentiles(perStatement[i]!).p50 }));
  const result: RouteResult = {
    route: route.name,
    caller: caller.name,
    url,
    status: response.statusCode,
    hits: typeof body?.total === 'number' ? body.total : null,
    api: api_,
    sql,
    ratio: +(api_.p50 / sql.p50).toFixed(2),
    targetP95Ms: TARGET_P95_MS[route.kind],
    met: response.statusCode === 200 && api_.p95 <= TARGET_P95_MS[route.kind],
    statements: statementStats,
  };
  if (options.explain && ordered.length) {
    const slowest = statementStats.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    const index = statementStats.indexOf(slowest);
    const { rows } = await raw.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${ordered[index]!.sql}`, ordered[index]!.params);
    result.explain = rows.map((r) => r['QUERY PLAN']).join('\n');
  }
  log(`  ${route.name} | ${caller.name}: API p95 ${api_.p95} ms (n=${api_.n}), SQL p95 ${sql.p95} ms, ${statements.length} statements`);
  return result;
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

function table(results: RouteResult[]): string {
  const header = ['route', 'caller', 'hits', 'n', 'p50', 'p95', 'p99', 'SQL p50/p95', 'ratio', 'target p95', 'met?'];
  const rows = results.map((r) => [
    r.route,
    r.caller,
    r.hits === null ? '' : String(r.hits),
    String(r.api.n),
    ms(r.api.p50),
    ms(r.api.p95),
    ms(r.api.p99),
    `${ms(r.sql.p50)} / ${ms(r.sql.p95)}`,
    r.ratio.toFixed(2),
    `≤ ${r.targetP95Ms} ms`,
    r.status !== 200 ? `HTTP ${r.status}` : r.met ? 'yes' : 'no',
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function gitState(): { commit: string; uncommittedSql: string[] } {
  try {
    const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain -- src/tickets src/reports src/db/migrations', { encoding: 'utf8' }).trim();
    return { commit, uncommittedSql: dirty ? dirty.split('\n').map((l) => l.trim()) : [] };
  } catch {
    return { commit: 'unknown', uncommittedSql: [] };
  }
}


async function main(): Promise<void> {
  const git = gitState();
  const loadAtStart = os.loadavg().map((l) => +l.toFixed(2));
  const { db, seed } = await prepareDatabase();
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (!redis) throw new Error('Redis is needed: the runtime’s queues connect to it');
  const prefix = `bench-api-${randomBytes(3).toString('hex')}`;
  const recorder = recordingDb(db);
  const runtime = createRuntime({
    settings: {
      api: { host: '127.0.0.1', port: 0 },
      publicUrl: 'http://bench',
      database: { url: databaseUrl(), dataDir: '' },
      redis: { url: redis.url },
      queue: { prefix },
      workers: { pollConcurrency: 1, routeConcurrency: 1, outboundConcurrency: 1, sweepIntervalSeconds: 60 },
      mail: { smtpUrl: null, from: 'bench', dir: os.tmpdir() },
      demo: { messageIntervalSeconds: 1 },
      auth: { oidc: null },
    },
    db: recorder.db,
    logger: createLogger('bench', 'silent'),
    secrets: new SecretBox('bench-secret-key-0123456789abcdef'),
  });
  const api = await buildApi(runtime, { apiToken: API_TOKEN });
  const results: RouteResult[] = [];
  try {
    await db.query('delete from users where email = $1', [AGENT.email]);
    await createUser(db, { email: AGENT.email, name: 'Bench Agent', role: 'agent', entities: [AGENT.entity], passwordHash: await hashPassword(AGENT.password) });
    const detail = async (where: string) =>
      (await db.query<{ id: number }>(`select id from tickets where ${where} and message_count = 2 and id % 4 = 0 order by id desc limit 1`)).rows[0]!.id;
    const callers: Caller[] = [
      { name: 'machine token', headers: { authorization: `Bearer ${API_TOKEN}` }, detailTicket: await detail(`entity_id <> '${AGENT.entity}'`) },
      { name: `agent of ${AGENT.entity}`, headers: await logIn(api), detailTicket: await detail(`entity_id = '${AGENT.entity}'`) },
    ];
    log(`measuring ${ROUTES.length} routes × ${callers.length} callers, ${REQUESTS} requests each (budget ${BUDGET_MS / 1000} s)`);
    for (const route of ROUTES) for (const caller of callers) results.push(await measureRoute(api, db, recorder.capture, route, caller));

    const at = new Date().toISOString();
    const result = {
      at,
      git,
      machine: {
        cpus: os.cpus().length,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        // other work on the machine during the run skews every figure: the load at the start and at the end
        loadAverage: { start: loadAtStart, end: os.loadavg().map((l) => +l.toFixed(2)) },
        node: process.version,
        postgres: (await db.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v,
      },
      options: { tickets: TICKETS, requests: REQUESTS, budgetSeconds: BUDGET_MS / 1000, database: DATABASE, reuse: options.reuse, explain: options.explain },
      seed,
      targetsP95Ms: TARGET_P95_MS,
      routes: results,
    };
    mkdirSync(resultsDir, { recursive: true });
    const json = JSON.stringify(result, null, 2);
    writeFileSync(path.join(resultsDir, `api-${at.replace(/[:.]/g, '-')}.json`), json);
    writeFileSync(path.join(resultsDir, 'api-latest.json'), json);
    console.log(`\nAPI at ${TICKETS.toLocaleString('en')} tickets, commit ${git.commit}${git.uncommittedSql.length ? ' (with uncommitted changes in src/tickets, src/reports or migrations)' : ''}; times in ms\n`);
    console.log(table(results));
    if (options.explain) {
      for (const r of results) if (r.explain) console.log(`\n### ${r.route} — ${r.caller} (slowest statement)\n${r.explain}`);
    }
  } finally {
    await api.close();
    const left = await removeQueueKeys(runtime.queues);
    if (left) log(`${left} Redis keys left under ${prefix}`);
    await runtime.queues.close();
    runtime.mailer.close();
    await redis.stop();
    await db.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
