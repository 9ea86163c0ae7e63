/**
 * The faults, each injected once and followed by a bounded wait for the sign that the system works
 * again; the time that took is the fault's recovery time (null: not within the bound).
 */
import type { EmulatorControl } from './control.js';
import { waitUntil, type Counter } from './measure.js';
import { ACCOUNTS } from './scenario.js';
import { pidOwningPort, sleep, type InboxProcess, type PostgresServer, type RedisServer } from './services.js';

export interface Bounds {
  /** Wait for a probe after most faults. */
  probeMs: number;
  /** Wait after a worker kill (BullMQ may hold the killed worker's lock for a while). */
  killMs: number;
  /** How long the emulator holds a request unanswered (longer than the client's 15 s timeout). */
  hangMs: number;
  /** New mentions added at once when a fault must hit under load and the backlog is done. */
  burst: number;
}

export interface FaultContext {
  emulator: EmulatorControl;
  counter: Counter;
  pg: PostgresServer;
  redis: RedisServer;
  workers: InboxProcess[];
  api: InboxProcess;
  bounds: Bounds;
  log: (line: string) => void;
  /** Restarts every worker (SIGTERM, then SIGKILL): what an operator would do when polling stopped. */
  restartWorkers: () => Promise<void>;
}

export interface FaultResult {
  name: string;
  startedAt: string;
  /** Still ingesting the backlog when the fault hit. */
  underLoad: boolean;
  recoveryMs: number | null;
  boundMs: number;
  detail: string;
  /** What the harness did when the system did not recover on its own (so later faults can be measured). */
  intervention?: string;
}

const backlog = ACCOUNTS.backlog;
const control = ACCOUNTS.control;
const victim = ACCOUNTS.victim;

async function backlogExpected(ctx: FaultContext): Promise<number> {
  const ledger = await ctx.emulator.ledger();
  return ledger.accounts[backlog.userId]?.ids.length ?? 0;
}

/** A fresh control mention, stored: polling, ingest and the database work end to end. */
async function controlProbe(ctx: FaultContext, boundMs: number): Promise<number | null> {
  const ids = await ctx.emulator.addMentions(control.userId, 1);
  return waitUntil(() => ctx.counter.has(control.channel, ids), boundMs);
}

/** The backlog channel's stored count grows past `from`. */
function backlogGrows(ctx: FaultContext, from: number, boundMs: number): Promise<number | null> {
  return waitUntil(async () => (await ctx.counter.stored(backlog.channel)) > from, boundMs);
}

async function fault(
  ctx: FaultContext,
  name: string,
  boundMs: number,
  inject: () => Promise<string>,
  probe: () => Promise<number | null>,
  options: { interveneOnFailure?: boolean; describe?: () => string; underLoad?: boolean } = {},
): Promise<FaultResult> {
  let stored = await ctx.counter.stored(backlog.channel).catch(() => 0);
  if (options.underLoad && stored >= (await backlogExpected(ctx)) - 200) {
    // The backlog is ingested already: a burst of new mentions, so the fault hits in the middle of ingest.
    await ctx.emulator.addMentions(backlog.userId, ctx.bounds.burst, 25);
    await waitUntil(async () => (await ctx.counter.stored(backlog.channel)) > stored + 100, 15_000);
    stored = await ctx.counter.stored(backlog.channel).catch(() => 0);
  }
  const underLoad = stored < (await backlogExpected(ctx)) - 50;
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  ctx.log(`fault ${name}${underLoad ? ' (under load)' : ''}`);
  const detail = await inject();
  const probed = await probe();
  const recoveryMs = probed === null ? null : options.describe ? probed : Date.now() - started;
  const result: FaultResult = { name, startedAt, underLoad, recoveryMs, boundMs, detail: options.describe ? `${detail}; ${options.describe()}` : detail };
  ctx.log(`  ${name}: ${recoveryMs === null ? `NOT recovered within ${boundMs} ms` : `recovered in ${recoveryMs} ms`} (${result.detail})`);
  if (recoveryMs === null && options.interveneOnFailure !== false) {
    await ctx.emulator.clear();
    await ctx.restartWorkers();
    const after = await controlProbe(ctx, ctx.bounds.probeMs * 2);
    result.intervention = `emulator faults cleared, workers restarted; control channel ${after === null ? 'still not' : `polled again after ${after} ms`}`;
    ctx.log(`  intervention: ${result.intervention}`);
  }
  return result;
}

/** kill -9 of the worker whose connection last asked for the backlog channel's mentions. */
export async function killHolder(ctx: FaultContext, round: number): Promise<FaultResult> {
  let killedAt = 0;
  return fault(
    ctx,
    `kill -9 worker #${round}`,
    ctx.bounds.killMs,
    async () => {
      const pids = ctx.workers.flatMap((w) => (w.pid ? [w.pid] : []));
      const client = await ctx.emulator.lastClient(backlog.userId);
      const owner = client.port ? pidOwningPort(client.port, pids) : undefined;
      const victimWorker = ctx.workers.find((w) => w.pid === owner) ?? ctx.workers[round % ctx.workers.length]!;
      const how = owner ? 'the one polling the backlog' : 'polling worker not found, picked by turn';
      killedAt = await ctx.counter.stored(backlog.channel);
      const pid = victimWorker.pid;
      await victimWorker.kill9();
      victimWorker.start();
      return `${victimWorker.name} pid ${pid} (${how}) at ${killedAt} stored, restarted`;
    },
    () => backlogGrows(ctx, killedAt, ctx.bounds.killMs),
    { underLoad: true },
  );
}

export function redisRestart(ctx: FaultContext, label: 'idle' | 'under load'): Promise<FaultResult> {
  let from = 0;
  return fault(
    ctx,
    `redis killed, restarted empty (${label})`,
    ctx.bounds.probeMs,
    async () => {
      from = await ctx.counter.stored(backlog.channel);
      await ctx.redis.kill();
      await sleep(500);
      await ctx.redis.start();
      return 'SIGKILL, new empty redis-server on the same port';
    },
    async () => {
      const control = await controlProbe(ctx, ctx.bounds.probeMs);
      if (control === null || label === 'idle') return control;
      return backlogGrows(ctx, from, ctx.bounds.probeMs);
    },
    { underLoad: label === 'under load' },
  );
}

export function postgresRestart(ctx: FaultContext, mode: 'fast' | 'immediate'): Promise<FaultResult> {
  let from = 0;
  return fault(
    ctx,
    `postgres restart -m ${mode}`,
    ctx.bounds.probeMs,
    async () => {
      from = await ctx.counter.stored(backlog.channel);
      const t = Date.now();
      await ctx.pg.restart(mode);
      return `pg_ctl restart -m ${mode} took ${Date.now() - t} ms`;
    },
    async () => {
      const control = await controlProbe(ctx, ctx.bounds.probeMs);
      return control === null ? null : backlogGrows(ctx, from, ctx.bounds.probeMs);
    },
    { underLoad: true },
  );
}

const controlMentions = `^/2/users/${control.userId}/mentions$`;

export function emulator429(ctx: FaultContext): Promise<FaultResult> {
  const resetMs = 5_000;
  return fault(
    ctx,
    '429, reset in 5 s',
    ctx.bounds.probeMs + resetMs,
    async () => {
      await ctx.emulator.fail(429, { count: 1, resetAt: new Date(Date.now() + resetMs), path: controlMentions });
      return 'next control mentions request';
    },
    () => controlProbe(ctx, ctx.bounds.probeMs + resetMs),
  );
}

export function emulator5xx(ctx: FaultContext): Promise<FaultResult> {
  return fault(
    ctx,
    '500 and 503',
    ctx.bounds.probeMs,
    async () => {
      await ctx.emulator.fail(500, { count: 3, path: '/mentions$' });
      await ctx.emulator.fail(503, { count: 3, path: '/mentions$' });
      return 'next 3 mentions requests 500, then 3 more 503';
    },
    () => controlProbe(ctx, ctx.bounds.probeMs),
  );
}

export function emulatorHang(ctx: FaultContext): Promise<FaultResult> {
  const bound = ctx.bounds.hangMs + ctx.bounds.probeMs;
  return fault(
    ctx,
    `no answer for ${ctx.bounds.hangMs / 1000} s`,
    bound,
    async () => {
      await ctx.emulator.hang(ctx.bounds.hangMs, { count: 1, path: controlMentions });
      return 'next control mentions request held, then the connection dropped';
    },
    () => controlProbe(ctx, bound),
  );
}

export function emulatorTruncated(ctx: FaultContext): Promise<FaultResult> {
  return fault(
    ctx,
    'truncated JSON bodies',
    ctx.bounds.probeMs,
    async () => {
      await ctx.emulator.truncate({ count: 3, path: '/mentions$' });
      return 'next 3 mentions responses cut in half';
    },
    () => controlProbe(ctx, ctx.bounds.probeMs),
  );
}

/** The longest pause a rate limit may cause: X's windows are 15 minutes; an hour leaves room. */
export const MAX_RATE_LIMIT_PAUSE_MS = 60 * 60_000;

/**
 * On the victim channel only: a 429 whose reset is ten years ahead must not pause the channel until
 * then. A run cannot wait for the pause to end, so this reads the pause the channel got
 * (channels.rate_limited_until) and counts it as recovered when it is at most MAX_RATE_LIMIT_PAUSE_MS.
 */
export function emulator429TenYears(ctx: FaultContext): Promise<FaultResult> {
  let injectedAt = 0;
  let pause = '';
  return fault(
    ctx,
    '429, reset 10 years ahead',
    MAX_RATE_LIMIT_PAUSE_MS,
    async () => {
      const resetAt = new Date(Date.now() + 10 * 365.25 * 86_400_000);
      injectedAt = Date.now();
      await ctx.emulator.fail(429, { count: 1, resetAt, path: `^/2/users/${victim.userId}/mentions$` });
      await ctx.emulator.addMentions(victim.userId, 1);
      return `victim channel, reset ${resetAt.toISOString()}`;
    },
    async () => {
      let until: Date | null = null;
      await waitUntil(async () => {
        const [row] = await ctx.counter.query<{ until: Date | null }>('select rate_limited_until as until from channels where id = $1', [victim.channel]);
        until = row?.until ?? null;
        return until !== null;
      }, ctx.bounds.probeMs);
      const stored = until as Date | null;
      if (!stored) {
        pause = 'the channel recorded no pause';
        return null;
      }
      const ms = stored.getTime() - injectedAt;
      pause = `the channel pauses until ${stored.toISOString()} (${(ms / 60_000).toFixed(1)} min)`;
      // A minute of tolerance: the product measures its cap from its own clock, a moment after the injection.
      return ms <= MAX_RATE_LIMIT_PAUSE_MS + 60_000 ? Math.max(0, ms) : null;
    },
    // Restarting workers does not undo a pause stored in the database.
    { interveneOnFailure: false, describe: () => pause },
  );
}

/** kill -9 of the worker that sent a reply or DM the platform has already accepted, before it hears so. */
export function killMidReply(ctx: FaultContext): Promise<FaultResult> {
  const holdMs = 10_000;
  return fault(
    ctx,
    'kill -9 worker mid-reply',
    ctx.bounds.killMs,
    async () => {
      const before = (await ctx.emulator.delayed()).length;
      await ctx.emulator.delayAfter(holdMs, { count: 1, path: '^/2/tweets$|^/2/dm_conversations/.*/messages$' });
      let held: { port: number; path: string } | undefined;
      await waitUntil(async () => {
        held = (await ctx.emulator.delayed())[before];
        return held !== undefined;
      }, ctx.bounds.killMs);
      const request = held as { port: number; path: string } | undefined;
      if (!request) return 'no reply was sent while the answer was held back';
      const pids = ctx.workers.flatMap((w) => (w.pid ? [w.pid] : []));
      const owner = pidOwningPort(request.port, pids);
      const target = ctx.workers.find((w) => w.pid === owner);
      if (!target) return `the process behind client port ${request.port} was not found`;
      const pid = target.pid;
      await target.kill9();
      target.start();
      return `${target.name} pid ${pid} killed while the platform held its answer to POST ${request.path} (the reply was recorded), restarted`;
    },
    () => controlProbe(ctx, ctx.bounds.killMs),
  );
}

/** Hostile items on the backlog channel, then ordinary mentions after them: those must arrive. */
export function hostileItems(ctx: FaultContext): Promise<FaultResult> {
  let after: string[] = [];
  return fault(
    ctx,
    'hostile items',
    ctx.bounds.probeMs,
    async () => {
      const items = await ctx.emulator.addHostile(backlog.userId);
      after = await ctx.emulator.addMentions(backlog.userId, 5);
      return `${items.length} hostile items (${items.map((i) => i.kind).join(', ')}), then 5 ordinary mentions`;
    },
    () => waitUntil(() => ctx.counter.has(backlog.channel, after), ctx.bounds.probeMs),
    // The cursor is stored in the database: restarting workers changes nothing; the final count shows the loss.
    { interveneOnFailure: false },
  );
}
