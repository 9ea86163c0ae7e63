/**
 * `npm run bench`: end-to-end ingest (X emulator → connector over HTTP → ingest → PostgreSQL) against
 * the raw multi-row INSERT rate of the same rows into the same server, measured in the same run,
 * plus the classifier's rate on one core. Writes JSON to test/bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { createXConnector } from '../../connectors/x/connector.js';
import { benchClassifier } from './classify.js';
import { BENCH_ACCOUNT } from './seed.js';
import { createLogger } from '../../src/log.js';
import { ensureRedis } from '../../src/queue/local-redis.js';
import { createRuntime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import { openPostgres, type Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { BATCH_ITEMS, pollChannel } from '../../src/ingest/poll.js';
import { profiledDb } from './profile.js';
import { removeQueueKeys } from './redis-cleanup.js';
import { backendsCpu, cpuBetween, nodeCpuMs, processCpuMs } from './cpu.js';
import { startCpuProfile } from './cpu-profile.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const RAW_BATCH = BATCH_ITEMS;
const SMALLER_RAW_STATEMENTS = [1000, 500];
const ACCOUNT = BENCH_ACCOUNT;
const secrets = new SecretBox('bench-secret-key-0123456789abcdef');



async function scratchDatabase(): Promise<{ db: Db; drop(): Promise<void> }> {
  const name = `inbox_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  return {
    db,
    async drop() {
      await db.close();
      if (process.env.BENCH_KEEP) return void console.error(`kept database ${name}`);
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}


interface CpuMs {
  postgres: number;
  node: number;
  emulator?: number;
}

async function endToEnd(scratchDb: Db, baseUrl: string, redisUrl: string, emulatorPid: number): Promise<{ seconds: number; messages: number; pages: number; redisKeysLeft: number; cpuMs: CpuMs }> {
  await migrate(scratchDb);
  const profile = process.env.BENCH_PROFILE ? profiledDb(scratchDb) : undefined;
  const db = profile?.db ?? scratchDb;
  await syncEntities(
    db,
    [
      {
        id: 'de-lijn',
        name: 'De Lijn',
        coordinator: { name: 'Klachtendienst', email: 'klachten@bench.test' },
        complaintThreshold: 0.6,
        timeZone: 'Europe/Brussels',
        channels: [
          {
            id: 'delijn-x',
            platform: 'x',
            account: { userId: ACCOUNT.userId, handle: ACCOUNT.handle },
            baseUrl,
            credentials: { bearerToken: ACCOUNT.token },
            pollIntervalSeconds: 60,
            enabled: true,
          },
        ],
      },
    ],
    secrets,
  );
  const connector = createXConnector();
  const runtime = createRuntime({
    settings: {
      api: { host: '127.0.0.1', port: 0 },
      publicUrl: 'http://bench',
      database: { url: null, dataDir: '' },
      redis: { url: redisUrl },
      queue: { prefix: `bench-${randomBytes(3).toString('hex')}` },
      workers: { pollConcurrency: 1, routeConcurrency: 1, outboundConcurrency: 1, sweepIntervalSeconds: 60 },
      mail: { smtpUrl: null, from: 'bench', dir: os.tmpdir() },
      demo: { messageIntervalSeconds: 1 },
      auth: { oidc: null },
    },
    db,
    logger: createLogger('bench', 'silent'),
    secrets,
    connectors: new Map([['x', connector]]),
  });
  const pgBefore = await backendsCpu(scratchDb);
  const emulatorBefore = processCpuMs(emulatorPid);
  const nodeBefore = nodeCpuMs();
  const cpuProfile = process.env.BENCH_CPU_PROFILE ? await startCpuProfile() : undefined;
  let measured: { seconds: number; messages: number; pages: number; cpuMs: CpuMs };
  let redisKeysLeft: number;
  try {
    const started = process.hrtime.bigint();
    let pages = 0;
    for (;;) {
      const outcome = await pollChannel(runtime, 'delijn-x');
      if (outcome.status !== 'polled') throw new Error(`poll ${outcome.status}`);
      pages += outcome.pages;
      if (outcome.inserted === 0) break;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (cpuProfile) console.error(`node CPU profile of the end-to-end run: ${await cpuProfile.stop(process.env.BENCH_CPU_PROFILE!)}`);
    const cpuMs = { postgres: cpuBetween(pgBefore, await backendsCpu(scratchDb)), node: nodeCpuMs(nodeBefore.now).ms, emulator: processCpuMs(emulatorPid) - emulatorBefore };
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from messages');
    if (profile) console.error(profile.report().slice(0, 25).map((r) => `${String(r.serverCpuMs).padStart(6)} ms cpu ${String(r.ms).padStart(6)} ms wall ${String(r.calls).padStart(4)}× ${r.statement}`).join('\n'));
    if (rows[0]!.n !== MESSAGES) throw new Error(`expected ${MESSAGES} messages, found ${rows[0]!.n}`);
    measured = { seconds, messages: rows[0]!.n, pages, cpuMs };
  } finally {
    connector.close();
    // No worker runs in the benchmark: the routing jobs it dispatched would stay in Redis for good.
    redisKeysLeft = await removeQueueKeys(runtime.queues);
    await runtime.queues.close();
  }
  return { ...measured, redisKeysLeft };
}

/**
 * The baselines: the same rows, as multi-row INSERTs into copies of the tables (same columns and
 * indexes, no foreign keys or reference triggers), one statement per table in transactions of the size ingest uses
 * for a backlog (or `rowsPerStatement`). One copies only the messages; the other every row ingest wrote
 * (contacts, tickets, messages).
 */
async function rawInsert(db: Db, tables: string[], rowsPerStatement = RAW_BATCH): Promise<{ seconds: number; messages: number; cpuMs: CpuMs }> {
  const copies: Array<{ table: string; rows: Array<Record<string, unknown>>; columns: string[] }> = [];
  for (const table of tables) {
    const { rows } = await db.query<Record<string, unknown>>(`select * from ${table} order by id`);
    await db.exec(`drop table if exists raw_${table}; create table raw_${table} (like ${table} including all)`);
    // Generated columns (a message's stored search forms) are computed by the server on both sides.
    const generated = await db.query<{ name: string }>(
      `select attname as name from pg_attribute where attrelid = $1::regclass and attgenerated <> ''`,
      [table],
    );
    const skipped = new Set(['id', ...generated.rows.map((r) => r.name)]);
    const columns = Object.keys(rows[0]!).filter((column) => !skipped.has(column));
    copies.push({ table: `raw_${table}`, rows, columns });
  }
  const messages = copies.find((c) => c.table === 'raw_messages')!.rows.length;
  const pgBefore = await backendsCpu(db);
  const nodeBefore = nodeCpuMs();
  const started = process.hrtime.bigint();
  for (let offset = 0; offset < messages; offset += rowsPerStatement) {
    await db.transaction(async (tx) => {
      for (const { table, rows, columns } of copies) {
        // Spread each table's rows over the batches in proportion to the messages.
        const from = Math.floor((offset / messages) * rows.length);
        const to = Math.floor((Math.min(offset + rowsPerStatement, messages) / messages) * rows.length);
        const page = rows.slice(from, to);
        if (page.length === 0) continue;
        const params: unknown[] = [];
        const values = page.map((row) => `(${columns.map((column) => {
          const value = row[column];
          params.push(value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value);
          return `$${params.length}`;
        }).join(', ')})`);
        await tx.query(`insert into ${table} (${columns.join(', ')}) values ${values.join(', ')}`, params);
      }
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, messages, cpuMs: { postgres: cpuBetween(pgBefore, await backendsCpu(db)), node: nodeCpuMs(nodeBefore.now).ms } };
}

/** Rounds of (end-to-end, then the raw INSERTs of its rows): the machine's speed drifts over a minute, a round's ratio does not. */
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 3)) || 1);

interface Round {
  e2e: Awaited<ReturnType<typeof endToEnd>>;
  raw: Awaited<ReturnType<typeof rawInsert>>;
  rawBySize: Array<{ rowsPerStatement: number; seconds: number }>;
  /** Every table's rows inserted raw: in the last round only. */
  rawAll?: Awaited<ReturnType<typeof rawInsert>>;
  postgres: string;
}

/** A round's raw seconds over its ingest seconds: ≥ 0.5 is the target. */
const ratioIn = (round: Round, rawSeconds: number): number => rawSeconds / round.e2e.seconds;

async function measureRound(baseUrl: string, redisUrl: string, emulatorPid: number, last: boolean): Promise<Round> {
  const scratch = await scratchDatabase();
  try {
    const e2e = await endToEnd(scratch.db, baseUrl, redisUrl, emulatorPid);
    const raw = await rawInsert(scratch.db, ['messages']);
    // The same rows in smaller statements as well (1,000 was ingest's batch until stop 23): PostgreSQL
    // stores a row a little faster in a statement of 500 or 1,000 rows than of 2,000.
    const rawBySize = [];
    for (const rows of SMALLER_RAW_STATEMENTS) rawBySize.push({ rowsPerStatement: rows, seconds: (await rawInsert(scratch.db, ['messages'], rows)).seconds });
    const rawAll = last ? await rawInsert(scratch.db, ['contacts', 'tickets', 'messages']) : undefined;
    const postgres = (await scratch.db.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
    return { e2e, raw, rawBySize, rawAll, postgres };
  } finally {
    await scratch.drop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (!redis) throw new Error('Redis is needed for the benchmark (dispatch of routed complaints)');
  // The API under test runs in its own process, as the real X API is not in ours. Every round reads
  // the same mentions from it into a database of its own.
  const emulator = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./emulator-process.ts', import.meta.url)), String(MESSAGES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    emulator.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    emulator.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  try {
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await measureRound(baseUrl, redis.url, emulator.pid!, i === ROUNDS - 1));
    emulator.kill('SIGTERM');
    // Last, while nothing else runs: the classifier on one core. Not first: five seconds of classifying
    // the corpus leave a heap (and a vocabulary) that slowed the end-to-end run after it by a tenth.
    const classifier = await benchClassifier(Number(process.env.BENCH_CLASSIFIER_SECONDS ?? 5));
    const lastRound = rounds[rounds.length - 1]!;
    const rawAll = lastRound.rawAll!;
    // Each figure is the median over the rounds; each ratio the median of the rounds' own ratios.
    const e2eSeconds = median(rounds.map((r) => r.e2e.seconds));
    const rawSeconds = median(rounds.map((r) => r.raw.seconds));
    const ratio = median(rounds.map((r) => ratioIn(r, r.raw.seconds)));
    const rawBySize = SMALLER_RAW_STATEMENTS.map((rows, i) => {
      const seconds = median(rounds.map((r) => r.rawBySize[i]!.seconds));
      return { rowsPerStatement: rows, messagesPerSecond: Math.round(MESSAGES / seconds), seconds: +seconds.toFixed(3), ratioEndToEndToIt: +median(rounds.map((r) => ratioIn(r, r.rawBySize[i]!.seconds))).toFixed(3) };
    });
    const sum = (pick: (r: Round) => number) => rounds.reduce((total, r) => total + pick(r), 0);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, postgres: lastRound.postgres },
      messages: MESSAGES,
      rounds: rounds.map((r) => ({
        endToEndSeconds: +r.e2e.seconds.toFixed(3),
        rawSeconds: +r.raw.seconds.toFixed(3),
        ratio: +ratioIn(r, r.raw.seconds).toFixed(3),
        rawBySize: r.rawBySize.map((b) => ({ rowsPerStatement: b.rowsPerStatement, seconds: +b.seconds.toFixed(3), ratio: +ratioIn(r, b.seconds).toFixed(3) })),
      })),
      ingestEndToEnd: { messagesPerSecond: Math.round(MESSAGES / e2eSeconds), seconds: +e2eSeconds.toFixed(3), pages: lastRound.e2e.pages },
      redisKeysLeftByTheRun: Math.max(...rounds.map((r) => r.e2e.redisKeysLeft)),
      rawMultiRowInsert: { messagesPerSecond: Math.round(MESSAGES / rawSeconds), seconds: +rawSeconds.toFixed(3) },
      ratioEndToEndToRawInsert: +ratio.toFixed(3),
      rawMultiRowInsertRowsPerStatement: RAW_BATCH,
      rawMultiRowInsertInSmallerStatements: rawBySize,
      // CPU milliseconds of each side (this process, the database's server processes, the emulated API),
      // of the last round: on a machine shared with other work, wall time follows the load and these follow the work.
      cpuMs: { endToEnd: lastRound.e2e.cpuMs, rawMultiRowInsert: lastRound.raw.cpuMs, rawMultiRowInsertAllTables: rawAll.cpuMs },
      ratioByCpuWithoutEmulator: +((sum((r) => r.raw.cpuMs.postgres + r.raw.cpuMs.node)) / sum((r) => r.e2e.cpuMs.postgres + r.e2e.cpuMs.node)).toFixed(3),
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
      rawMultiRowInsertAllTables: { messagesPerSecond: Math.round(rawAll.messages / rawAll.seconds), seconds: +rawAll.seconds.toFixed(3), tables: ['contacts', 'tickets', 'messages'] },
      ratioEndToEndToRawInsertAllTables: +ratioIn(lastRound, rawAll.seconds).toFixed(3),
      classifierOneCore: { messagesPerSecond: Math.round(classifier.messagesPerSecond), messages: classifier.messages, corpus: 'test/fixtures/classify (train + test)' },
      targets: { ingestMessagesPerSecond: 5000, ratioToRawInsert: 0.5, classifierMessagesPerSecond: 20000 },
    };
    mkdirSync(resultsDir, { recursive: true });
    const json = JSON.stringify(result, null, 2);
    writeFileSync(path.join(resultsDir, `bench-${result.at.replace(/[:.]/g, '-')}.json`), json);
    writeFileSync(path.join(resultsDir, 'latest.json'), json);
    console.log(json);
  } finally {
    emulator.kill('SIGTERM');
    await redis.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

