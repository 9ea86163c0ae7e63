import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadConfig, ConfigError } from './config/load.js';
import type { RunningDemo } from './demo/demo.js';
import { createLogger, type Logger } from './log.js';
import { ensureRedis, REDIS_HELP, type LocalRedis } from './queue/local-redis.js';
import { closeRuntime, createRuntime } from './runtime.js';
import { syncEntities } from './channels/channels.js';
import { isConnectionError, openDatabase } from './db/db.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/workspace.js';
import { migrate } from './db/migrate.js';
import { SecretBox } from './channels/secrets.js';
import type { RunningWorkers } from '../workers/index.js';
import { startMetricsServer } from './ops/metrics-server.js';

export const DEMO_API_TOKEN = 'demo';

export interface BootOptions {
  rootDir: string;
  api: boolean;
  workers: boolean;
}

/**
 * Starts the API and/or the workers. Without an entities file it is a demo: embedded PGlite,
 * the X emulator in process, demo entities, coordinator mail written to ./data/mail/.
 */
export async function boot(options: BootOptions): Promise<{ stop(): Promise<void> }> {
  const logger = createLogger();
  const config = loadConfig(options.rootDir);
  const { settings } = config;
  const apiToken = config.apiToken ?? (config.demo ? DEMO_API_TOKEN : undefined);
  if (options.api && !apiToken) logger.warn('INBOX_API_TOKEN is not set: only users who log in can use the API (add one with `inbox user add`)');

  let redis: LocalRedis | undefined;
  if (config.demo || process.env.INBOX_START_REDIS === '1') {
    redis = await ensureRedis(settings.redis.url);
    if (!redis) throw new ConfigError('REDIS_URL', '', REDIS_HELP);
    settings.redis.url = redis.url;
  }

  let demo: RunningDemo | undefined;
  let entities = config.entities;
  if (config.demo) {
    // Loaded only in demo mode: the emulators use development packages a production image leaves out.
    const { startDemo } = await import('./demo/demo.js');
    if (process.env.INBOX_DEMO === 'government') {
      // The whole government (config/government.example.yaml) on the emulators: `inbox start --government`.
      const { startGovernmentDemo, GOVERNMENT_FILE } = await import('./demo/government.js');
      demo = await startGovernmentDemo({ file: path.resolve(options.rootDir, GOVERNMENT_FILE), logger });
    } else demo = await startDemo({ messageIntervalSeconds: settings.demo.messageIntervalSeconds, logger });
    entities = demo.entities;
    // "Connect with …" against the emulators, unless the settings name other clients.
    settings.oauth = { ...demo.oauth, ...settings.oauth };
  }
  const secretKey = config.secretKey ?? (config.demo ? demoSecretKey(settings.database.dataDir) : undefined);
  const secrets = secretKey ? new SecretBox(secretKey) : undefined;

  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  // A database that is restarting or not up yet is waited for: a process starts when it can, it does not exit.
  await untilDatabaseAnswers(logger, async () => {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    await syncEntities(db, entities, secrets);
    // Demo logins and canned responses; in a database without tickets, the backlog of the last hours.
    if (demo) await demo.seed(db);
  });

  const runtime = createRuntime({ settings, db, logger, secrets });
  let workers: RunningWorkers | undefined;
  // Each process loads only what it runs: a worker without the API's routes and web server, an API without the workers.
  if (options.workers) workers = await (await import('../workers/index.js')).startWorkers(runtime);
  const oidc = settings.auth.oidc ?? undefined;
  const webDir = path.resolve(options.rootDir, process.env.INBOX_WEB_DIR ?? 'dist/web');
  const api = options.api ? await (await import('./http/server.js')).buildApi(runtime, { apiToken, oidc, webDir, metricsToken: process.env.METRICS_TOKEN }) : undefined;
  if (api) {
    await api.listen({ host: settings.api.host, port: settings.api.port });
    logger.info({ url: `http://localhost:${(api.server.address() as { port: number }).port}` }, 'api listening');
  }
  // A worker process has no API: it serves its own counters on METRICS_PORT (the API reports the installation's state).
  const metricsServer =
    !api && process.env.METRICS_TOKEN
      ? await startMetricsServer({ host: settings.api.host, port: Number(process.env.METRICS_PORT ?? 9464), token: process.env.METRICS_TOKEN })
      : undefined;
  const address = api?.server.address();
  const port = address && typeof address === 'object' ? address.port : settings.api.port;
  if (demo) await demo.begin(runtime, api ? `http://127.0.0.1:${port}` : undefined);
  if (config.demo) {
    logger.info(
      `demo mode — open http://localhost:${port}/ and log in as ${DEMO_USERS.map((u) => u.email).join(', ')} (password ${DEMO_PASSWORD}), API docs at /api/docs, or: curl -H 'Authorization: Bearer ${apiToken}' http://localhost:${port}/api/tickets ; coordinator mail lands in ${settings.mail.dir}`,
    );
  } else if (api && isLoopback(settings.publicUrl)) {
    // Coordinator mails and digests link to the public URL: people elsewhere cannot follow a loopback address.
    logger.warn({ publicUrl: settings.publicUrl }, 'INBOX_PUBLIC_URL is not set: links in coordinator mails point to this machine only');
  }

  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await api?.close();
      await workers?.close();
      await metricsServer?.close();
      await demo?.stop();
      await closeRuntime(runtime);
      await redis?.stop();
    },
  };
}

async function untilDatabaseAnswers(logger: Logger, work: () => Promise<void>): Promise<void> {
  for (let wait = 1000; ; wait = Math.min(wait * 2, 15_000)) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      logger.warn({ error: (error as Error).message, retryInMs: wait }, 'waiting for the database');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Demo credentials are encrypted too; the key stays beside the demo database so restarts can read them. */
function demoSecretKey(dataDir: string): string {
  const file = path.join(path.dirname(dataDir), 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || hostname.startsWith('127.');
}
