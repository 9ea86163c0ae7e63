/**
 * `npm run chaos [-- --short]`: real inbox processes (one API, two workers) against a private
 * PostgreSQL, a private Redis and an X emulator in its own process, with faults injected one after
 * the other while a backlog is ingested and new mentions keep arriving. At the end it counts what
 * arrived, prints a table, writes test/chaos/results/<timestamp>.json and exits non-zero when an
 * invariant fails. Everything it starts is stopped again, also on failure, Ctrl-C or its deadline.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EmulatorControl } from './control.js';
import * as faults from './faults.js';
import type { Bounds, FaultContext, FaultResult } from './faults.js';
import { Counter, tally, waitUntil, type Tally } from './measure.js';
import { startMailSink, startWebhookReceiver, watchEvents } from './receivers.js';
import { printTable, checkInvariants } from './report.js';
import { ACCOUNTS, entitiesYaml } from './scenario.js';
import { cleanupAll, freePort, InboxProcess, onCleanup, sleep, startPostgres, startRedis, withTimeout, type ExitRecord } from './services.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Variant {
  name: 'short' | 'full';
  backlog: number;
  complaintEvery: number;
  /** Worker kills per round. */
  kills: number;
  /** Rounds of the faults under load (mid-reply kill, PostgreSQL restarts, worker kills, Redis). */
  rounds: number;
  bounds: Bounds;
  /** Final wait for everything to arrive and every outbox row to be done. */
  finalMs: number;
  /** The whole run is stopped after this, whatever happens. */
  deadlineMs: number;
}

const VARIANTS: Record<'short' | 'full', Variant> = {
  short: { name: 'short', backlog: 3_000, complaintEvery: 25, kills: 1, rounds: 1, bounds: { probeMs: 12_000, killMs: 40_000, hangMs: 18_000, burst: 1_000 }, finalMs: 100_000, deadlineMs: 6 * 60_000 },
  full: { name: 'full', backlog: 20_000, complaintEvery: 25, kills: 3, rounds: 2, bounds: { probeMs: 45_000, killMs: 90_000, hangMs: 20_000, burst: 3_000 }, finalMs: 240_000, deadlineMs: 30 * 60_000 },
};

const { values: args } = parseArgs({ options: { short: { type: 'boolean', default: false }, backlog: { type: 'string' } }, allowPositionals: false });
const variant: Variant = { ...VARIANTS[args.short ? 'short' : 'full'] };
if (args.backlog) variant.backlog = Number(args.backlog);

const started = Date.now();
const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
const resultsDir = path.join(rootDir, 'test/chaos/results');
const runDir = path.join(resultsDir, stamp);
mkdirSync(runDir, { recursive: true });

function log(line: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[chaos ${s}s] ${line}`);
}

// Whatever happens, stop what was started.
let exiting = false;
async function abort(reason: string, code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    console.error(`chaos: ${reason}; stopping everything it started`);
    await cleanupAll();
  }
  process.exit(code);
}
process.once('SIGINT', () => void abort('interrupted (SIGINT)', 130));
process.once('SIGTERM', () => void abort('terminated (SIGTERM)', 143));
process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
  // A socket of one of the harness's servers reset by a killed process is part of the game.
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
    console.error(`chaos: ignored ${error.code} on a harness socket`);
    return;
  }
  void abort(`uncaught: ${error.stack ?? String(error)}`, 3);
});
process.on('unhandledRejection', (error) => void abort(`unhandled rejection: ${error instanceof Error ? error.stack : String(error)}`, 3));
const deadline = setTimeout(() => void abort(`deadline of ${variant.deadlineMs / 60_000} min reached`, 4), variant.deadlineMs);

async function main(): Promise<number> {
  log(`${variant.name} run: backlog ${variant.backlog}, logs in ${path.relative(rootDir, runDir)}/`);
  const pg = await startPostgres(mkdtempSync(path.join(tmpdir(), 'inbox-chaos-pg-')), path.join(runDir, 'postgres.log'));
  const redis = await startRedis(mkdtempSync(path.join(tmpdir(), 'inbox-chaos-redis-')), path.join(runDir, 'redis.log'));
  const mails = await startMailSink();
  const webhooks = await startWebhookReceiver();
  const emulator = await EmulatorControl.start(variant.backlog, variant.complaintEvery, rootDir, path.join(runDir, 'emulator.log'));
  onCleanup('x emulator (graceful)', () => emulator.stop());
  log(`postgres ${pg.url}, redis ${redis.url}, X emulator ${emulator.url}, smtp ${mails.url}, webhook ${webhooks.url}`);

  const configFile = path.join(runDir, 'entities.yaml');
  writeFileSync(configFile, entitiesYaml(emulator.url, webhooks.url));
  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    INBOX_CONFIG: configFile,
    INBOX_SECRET_KEY: 'chaos-secret-key-0123456789abcdef',
    INBOX_QUEUE_PREFIX: 'chaos',
    INBOX_API_TOKEN: 'chaos-api-token',
    INBOX_PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    SMTP_URL: mails.url,
    PORT: String(apiPort),
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    NODE_OPTIONS: '',
  };
  const exits: ExitRecord[] = [];
  const api = new InboxProcess('api', ['api'], env, path.join(runDir, 'api.log'), exits, rootDir);
  const workers = [1, 2].map((n) => new InboxProcess(`worker-${n}`, ['worker'], env, path.join(runDir, `worker-${n}.log`), exits, rootDir));
  const counter = new Counter(pg.url);
  onCleanup('database pool', () => counter.close());

  // The API migrates the database first; the workers start once it answers.
  api.start();
  const apiUp = await waitUntil(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`, { signal: AbortSignal.timeout(2_000) })).ok, 60_000, 500);
  if (apiUp === null) throw new Error(`the API did not answer /health within 60 s (see ${path.join(runDir, 'api.log')})`);
  for (const w of workers) w.start();
  const events = watchEvents(`http://127.0.0.1:${apiPort}/api/events`, env.INBOX_API_TOKEN!);

  // A supervisor, as a container runtime would be: a process that died on its own is started again (and counted).
  let supervising = true;
  const supervisor = setInterval(() => {
    if (!supervising) return;
    for (const p of [api, ...workers]) {
      if (p.crashed) {
        log(`supervisor: ${p.name} exited on its own, starting it again`);
        p.start();
      }
    }
  }, 1_000);
  onCleanup('supervisor', () => clearInterval(supervisor));

  const startTrickles = async () => {
    await emulator.trickle(ACCOUNTS.control.userId, 500, 5);
    await emulator.trickle(ACCOUNTS.backlog.userId, 1_000, 10);
    await emulator.trickle(ACCOUNTS.victim.userId, 2_000, 0);
  };
  const stopTrickles = async () => {
    for (const a of Object.values(ACCOUNTS)) await emulator.trickle(a.userId, 0, 0);
  };
  await startTrickles();

  const restartWorkers = async () => {
    await Promise.all(workers.map((w) => w.stop(10_000)));
    for (const w of workers) w.start();
  };
  const ctx: FaultContext = { emulator, counter, pg, redis, workers, api, bounds: variant.bounds, log, restartWorkers };

  const firstStored = await waitUntil(async () => (await counter.stored(ACCOUNTS.backlog.channel)) >= Math.min(300, variant.backlog / 10), 120_000, 250);
  if (firstStored === null) throw new Error('the backlog channel stored nothing within 120 s: the setup does not work (see the logs)');
  log(`ingest started (${firstStored} ms after the workers)`);

  const results: FaultResult[] = [];
  // Under load: while the backlog is being ingested (a burst of new mentions first if it is done).
  for (let round = 1; round <= variant.rounds; round++) {
    // First the kill between a reply's post and its answer: the lease it leaves runs out before the end.
    results.push(await faults.killMidReply(ctx));
    results.push(await faults.postgresRestart(ctx, 'fast'));
    for (let kill = 1; kill <= variant.kills; kill++) {
      results.push(await faults.killHolder(ctx, (round - 1) * variant.kills + kill));
      if (kill === variant.kills) break;
      // Some ingest between two kills.
      const at = await counter.stored(ACCOUNTS.backlog.channel);
      await waitUntil(async () => (await counter.stored(ACCOUNTS.backlog.channel)) > at + 1_000, 20_000);
    }
    results.push(await faults.postgresRestart(ctx, 'immediate'));
    results.push(await faults.redisRestart(ctx, 'under load'));
  }
  results.push(await faults.emulator429(ctx));
  results.push(await faults.emulator5xx(ctx));
  results.push(await faults.emulatorHang(ctx));
  results.push(await faults.emulatorTruncated(ctx));
  results.push(await faults.emulator429TenYears(ctx));

  // Idle: no new mentions, the backlog ingested (or as far as it gets), outbox empty.
  await stopTrickles();
  await quiesce(counter, emulator, 60_000, 4_000, false);
  results.push(await faults.redisRestart(ctx, 'idle'));
  await startTrickles();

  results.push(await faults.hostileItems(ctx));

  log('faults done; no new mentions from now on, waiting for quiescence');
  await stopTrickles();
  await emulator.clear();
  const quiet = await quiesce(counter, emulator, variant.finalMs, variant.name === 'short' ? 6_000 : 15_000, true);
  log(`quiescence: ${quiet}`);

  const ledger = await emulator.ledger();
  const counts: Tally = await tally(counter, ledger, { perComplaint: mails.perComplaint(), keysPerComplaint: mails.keysPerComplaint() }, webhooks, await emulator.replies(), faults.MAX_RATE_LIMIT_PAUSE_MS);
  const apiHealthy = await fetch(`http://127.0.0.1:${apiPort}/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
  supervising = false;
  events.stop();
  const runningAtEnd = Object.fromEntries([api, ...workers].map((p) => [p.name, p.running]));
  const unexpectedExits = exits.filter((e) => e.unexpected);

  // Stop the inbox processes the way an operator would: SIGTERM lets running jobs finish.
  const stopCodes = Object.fromEntries(await Promise.all([api, ...workers].map(async (p) => [p.name, await p.stop(15_000)] as const)));
  const emulatorStats = await emulator.stats().catch(() => undefined);

  const invariants = checkInvariants({ counts, faults: results, unexpectedExits, runningAtEnd, apiHealthy });
  const durationMs = Date.now() - started;
  const report = {
    variant: variant.name,
    startedAt: new Date(started).toISOString(),
    durationMs,
    backlog: variant.backlog,
    logs: path.relative(rootDir, runDir),
    invariants,
    passed: invariants.every((i) => i.ok),
    counts,
    faults: results,
    processes: { runningAtEnd, apiHealthy, unexpectedExits, allExits: exits, stopCodes, eventStream: events.stats },
    emulator: emulatorStats,
    quiescence: quiet,
  };
  const jsonFile = path.join(resultsDir, `${stamp}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  printTable(report);
  log(`written ${path.relative(rootDir, jsonFile)}; took ${(durationMs / 60_000).toFixed(1)} min`);
  return report.passed ? 0 : 1;
}

/**
 * Waits until every mention the emulator served is stored and no outbox row is open, or until
 * nothing changed for `stableMs`, at most `boundMs`. Says which. With `outboxToo`, open outbox rows
 * keep it waiting to the bound: the sweeper re-sends lost jobs and expired leases only after a minute or two.
 */
async function quiesce(counter: Counter, emulator: EmulatorControl, boundMs: number, stableMs: number, outboxToo: boolean): Promise<string> {
  const t0 = Date.now();
  let last = '';
  let since = Date.now();
  while (Date.now() - t0 < boundMs) {
    try {
      const ledger = await emulator.ledger();
      const expected = Object.values(ledger.accounts).reduce((s, a) => s + a.ids.length, 0);
      const [row] = await counter.query<{ stored: number; open: number; replies: number }>(
        `select (select count(*)::int from messages where direction = 'inbound') as stored,
                (select count(*)::int from outbox where status in ('pending', 'processing')) as open,
                (select count(*)::int from messages where direction = 'outbound') as replies`,
      );
      if (row!.stored >= expected && row!.open === 0) return `complete after ${Date.now() - t0} ms (${row!.stored} stored, outbox empty)`;
      const state = `${row!.stored}/${row!.open}/${row!.replies}`;
      if (state !== last) {
        last = state;
        since = Date.now();
      } else if (Date.now() - since >= stableMs && (!outboxToo || row!.open === 0)) {
        return `stable for ${stableMs} ms after ${Date.now() - t0} ms, incomplete: ${row!.stored} of ${expected} stored, ${row!.open} outbox rows open`;
      }
    } catch {
      // the database may be restarting
    }
    await sleep(500);
  }
  return `bound of ${boundMs} ms reached, still changing`;
}

let code: number;
try {
  code = await main();
} catch (error) {
  console.error(`chaos: the run itself failed: ${error instanceof Error ? error.stack : String(error)}`);
  code = 2;
} finally {
  clearTimeout(deadline);
  exiting = true;
  await withTimeout(cleanupAll(), 90_000, 'cleanup').catch((error: unknown) => console.error(String(error)));
}
process.exit(code);
