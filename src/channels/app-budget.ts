import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Platform } from '../../connectors/platforms.js';
import type { Settings } from '../config/schema.js';
import type { Logger } from '../log.js';

/**
 * App-level rate budgets. X and Meta limit calls per app as well as per user: every channel that
 * polls with one app's tokens draws from one budget, however many entities they belong to. A budget
 * is a token bucket per (budget group, app id) in Redis, consulted before each fetch; a channel whose
 * app has nothing left waits (its poll is deferred, its health untouched) while other apps' channels
 * go on. Channels that waited are served first when tokens come back, oldest wait first, so with
 * 150 channels on one app none starves behind the others.
 *
 * Redis only dispatches work: when it does not answer, polling goes on without budgets (logged).
 */

export type RateBudgets = NonNullable<Settings['rateBudgets']>;
export interface RateBudget {
  platforms: readonly Platform[];
  requests: number;
  perSeconds: number;
}

/** Which budget a channel draws from, and under which key. */
export interface BudgetKey {
  group: string;
  appId: string;
  budget: RateBudget;
}

export type BudgetAnswer = { granted: true } | { granted: false; retryInMs: number; paused: boolean };

/** The budget group a platform's calls count against (config lists the platforms of each group). Pure. */
export function budgetGroupOf(budgets: RateBudgets | undefined, platform: Platform): { group: string; budget: RateBudget } | undefined {
  for (const [group, budget] of Object.entries(budgets ?? {})) if (budget.platforms.includes(platform)) return { group, budget };
  return undefined;
}

/**
 * The app a channel's calls are made with. The installation's OAuth client for the platform when one
 * is configured (one registration per platform is the usual case); else the app secret a channel
 * carries (hashed: the key names the app without holding the secret); else one default app. Pure.
 */
export function appIdOf(credentials: Readonly<Record<string, string>>, oauthClientId: string | undefined): string {
  if (oauthClientId) return `client:${oauthClientId}`;
  const secret = credentials.appSecret ?? credentials.clientSecret;
  if (secret) return `secret:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
  return 'default';
}

export function budgetKeyOf(settings: Pick<Settings, 'rateBudgets' | 'oauth'>, channel: { platform: Platform; credentials: Readonly<Record<string, string>> }): BudgetKey | undefined {
  const found = budgetGroupOf(settings.rateBudgets, channel.platform);
  if (!found) return undefined;
  return { ...found, appId: appIdOf(channel.credentials, settings.oauth?.[channel.platform]?.clientId) };
}

/**
 * KEYS: bucket hash, waiters sorted set, pause key. ARGV: capacity, window ms, channel id.
 * Tokens refill continuously (capacity per window). A channel may take one when the tokens exceed
 * the waiters ahead of it; one refused joins the waiters (keeping its first refusal's time).
 * Waiters that stopped asking (a disabled channel) drop out after two windows.
 */
const TAKE = `
local cap = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local me = ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then return {0, paused, 1} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 2 * window)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * cap / window)
local ahead = redis.call('ZRANK', KEYS[2], me)
if not ahead then ahead = redis.call('ZCARD', KEYS[2]) end
local granted = tokens - ahead >= 1
if granted then
  tokens = tokens - 1
  redis.call('ZREM', KEYS[2], me)
else
  redis.call('ZADD', KEYS[2], 'NX', now, me)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 2 * window)
redis.call('PEXPIRE', KEYS[2], 2 * window)
if granted then return {1, 0, 0} end
return {0, math.ceil((ahead + 1 - tokens) * window / cap), 0}
`;

/** How long a budget call may take before polling goes on without it. */
const REDIS_TIMEOUT_MS = 500;
/** Fail-open warnings at most this often per process. */
const WARN_EVERY_MS = 60_000;

type Command = { budgetTake(bucket: string, waiters: string, pause: string, cap: number, window: number, me: string): Promise<[number, number, number]> };

export class AppBudgets {
  private lastWarning = 0;
  private defined = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly settings: Pick<Settings, 'rateBudgets' | 'oauth'>,
    private readonly logger: Logger,
  ) {}

  /** One call's worth of the channel's app budget: granted, or how long to wait. Fails open. */
  async take(channel: { id: string; platform: Platform; credentials: Readonly<Record<string, string>> }): Promise<BudgetAnswer> {
    const key = budgetKeyOf(this.settings, channel);
    if (!key) return { granted: true };
    const [granted, retryInMs, paused] = await this.failOpen([1, 0, 0] as [number, number, number], () => {
      const names = this.keys(key);
      return this.command().budgetTake(names.bucket, names.waiters, names.pause, key.budget.requests, key.budget.perSeconds * 1000, channel.id);
    });
    return granted === 1 ? { granted: true } : { granted: false, retryInMs, paused: paused === 1 };
  }

  /** The platform refused the whole app (an app-level 429): every channel of the app waits until `until`. */
  async pause(channel: { platform: Platform; credentials: Readonly<Record<string, string>> }, until: Date, now: Date): Promise<boolean> {
    const key = budgetKeyOf(this.settings, channel);
    const ms = until.getTime() - now.getTime();
    if (!key || ms <= 0) return false;
    return this.failOpen(false, async () => {
      await this.redis.set(this.keys(key).pause, '1', 'PX', ms);
      return true;
    });
  }

  private keys(key: BudgetKey): { bucket: string; waiters: string; pause: string } {
    const base = `${this.prefix}:app-budget:${key.group}:${key.appId}`;
    return { bucket: `${base}:bucket`, waiters: `${base}:waiters`, pause: `${base}:pause` };
  }

  private command(): Command {
    if (!this.defined) {
      this.redis.defineCommand('budgetTake', { numberOfKeys: 3, lua: TAKE });
      this.defined = true;
    }
    return this.redis as unknown as Command;
  }

  /** PostgreSQL is the source of truth: a Redis that is down or slow never stops a poll. */
  private async failOpen<T>(fallback: T, work: () => Promise<T>): Promise<T> {
    // A connection still being made is waited for (briefly); one that was lost is not.
    if (!['ready', 'connect', 'connecting'].includes(this.redis.status)) return this.warn(fallback, `redis ${this.redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer in time')), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      return this.warn(fallback, error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  private warn<T>(fallback: T, reason: string): T {
    const now = Date.now();
    if (now - this.lastWarning >= WARN_EVERY_MS) {
      this.lastWarning = now;
      this.logger.warn({ reason }, 'app rate budgets unavailable: polling goes on without them');
    }
    return fallback;
  }
}

const BY_RUNTIME = new WeakMap<object, AppBudgets>();

/** The process's budgets for a runtime (one per runtime, on its Redis connection). */
export function appBudgetsOf(runtime: { settings: Settings; logger: Logger; queues: { connection: Redis; prefix: string } }): AppBudgets {
  let budgets = BY_RUNTIME.get(runtime);
  if (!budgets) {
    budgets = new AppBudgets(runtime.queues.connection, runtime.queues.prefix, runtime.settings, runtime.logger);
    BY_RUNTIME.set(runtime, budgets);
  }
  return budgets;
}
