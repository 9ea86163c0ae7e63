import { createLogger } from '../../src/log.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { Settings } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { ConnectorRegistry } from '../../connectors/registry.js';

export const TEST_SECRET = 'test-secret-key-for-channel-credentials';

export function testSettings(overrides: { redisUrl: string; prefix: string; smtpUrl?: string; mailDir?: string }): Settings {
  return {
    api: { host: '127.0.0.1', port: 0 },
    publicUrl: 'http://inbox.test',
    database: { url: null, dataDir: '' },
    redis: { url: overrides.redisUrl },
    queue: { prefix: overrides.prefix },
    workers: { pollConcurrency: 4, routeConcurrency: 2, outboundConcurrency: 2, sweepIntervalSeconds: 1 },
    mail: { smtpUrl: overrides.smtpUrl ?? null, from: 'Social inbox <inbox@test.local>', dir: overrides.mailDir ?? '/tmp/inbox-test-mail' },
    demo: { messageIntervalSeconds: 1 },
    auth: { oidc: null },
  };
}

export function testRuntime(parts: {
  db: Db;
  redisUrl: string;
  prefix: string;
  smtpUrl?: string;
  connectors?: ConnectorRegistry;
  now?: () => Date;
}): Runtime {
  return createRuntime({
    settings: testSettings(parts),
    db: parts.db,
    logger: createLogger('test', process.env.LOG_LEVEL ?? 'silent'),
    secrets: new SecretBox(TEST_SECRET),
    ...(parts.connectors ? { connectors: parts.connectors } : {}),
    ...(parts.now ? { now: parts.now } : {}),
  });
}

/** Polls `check` until it returns a truthy value or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
