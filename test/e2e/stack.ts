import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createConnectorRegistry, type ConnectorRegistry } from '../../connectors/registry.js';
import { createXConnector } from '../../connectors/x/connector.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { buildApi } from '../../src/http/server.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import type { Role } from '../../src/accounts/roles.js';
import type { EntityConfig } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { createUser } from '../../src/accounts/users.js';
import { startWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testSettings } from '../helpers/runtime.js';
import { launchChromium } from './browser.js';
import { buildWebAppOnce } from './build.js';

/** Where the e2e tests save their screenshots (gitignored). */
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/**
 * De Lijn with its X channel `delijn-x` on the emulator, as the browser tests set it up; a test adds
 * channels or settings through `extra`.
 */
export function deLijn(
  emulatorUrl: string,
  account: { userId: string; handle: string; token: string },
  extra: { pollIntervalSeconds?: number; channels?: EntityConfig['channels'] } & Partial<Omit<EntityConfig, 'channels'>> = {},
): EntityConfig {
  const { pollIntervalSeconds = 3600, channels = [], ...settings } = extra;
  return {
    id: 'de-lijn',
    name: 'De Lijn',
    coordinator: { name: 'Klachtendienst De Lijn', email: 'klachten@delijn.test' },
    complaintThreshold: 0.6,
    timeZone: 'Europe/Brussels',
    ...settings,
    channels: [
      {
        id: 'delijn-x',
        platform: 'x',
        name: '@delijn',
        account: { userId: account.userId, handle: account.handle },
        baseUrl: emulatorUrl,
        credentials: { bearerToken: account.token, userAccessToken: account.token },
        pollIntervalSeconds,
        enabled: true,
      },
      ...channels,
    ],
  };
}

/** The whole inbox for a browser test: database, Redis, the X emulator, API with the built app, workers, Chromium. */
export interface E2eStack {
  db: Db;
  emulator: XEmulator;
  emulatorUrl: string;
  runtime: Runtime;
  baseUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

export interface E2eSetup {
  /** The entities, given the emulator's address (for channels' baseUrl). */
  entities: (emulatorUrl: string) => EntityConfig[];
  /** Accounts, all with TEST_PASSWORD. */
  users: Array<{ email: string; name: string; role: Role; entities: string[] }>;
  /** Seeds the emulator and the database once the runtime exists, before the API and workers start. */
  prepare?: (stack: Omit<E2eStack, 'baseUrl' | 'browser' | 'stop'>) => Promise<void>;
}

export async function startE2eStack(setup: E2eSetup): Promise<E2eStack> {
  const webDir = mkdtempSync(path.join(tmpdir(), 'inbox-web-'));
  const built = buildWebAppOnce(webDir);
  const db = await createTestDb();
  const redis = await testRedis();
  const emulator = new XEmulator();
  const emulatorUrl = await emulator.start();
  const secrets = new SecretBox(TEST_SECRET);
  await syncEntities(db, setup.entities(emulatorUrl), secrets);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const user of setup.users) await createUser(db, { ...user, passwordHash });

  // Every platform's connector (an admin may add any channel); X talks to the emulator with a short timeout.
  const connector = createXConnector({ timeoutMs: 5000 });
  const connectors: ConnectorRegistry = createConnectorRegistry();
  connectors.set('x', connector);
  // http on loopback: the session cookie is not Secure, so the browser keeps it on http://127.0.0.1.
  const runtime = createRuntime({
    settings: { ...testSettings({ redisUrl: redis.url, prefix: uniquePrefix() }), publicUrl: 'http://127.0.0.1' },
    db,
    logger: createLogger('test', process.env.LOG_LEVEL ?? 'silent'),
    secrets,
    connectors,
  });
  await setup.prepare?.({ db, emulator, emulatorUrl, runtime });

  await built;
  const api = await buildApi(runtime, { apiToken: undefined, webDir });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const workers = await startWorkers(runtime);
  const browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    db,
    emulator,
    emulatorUrl,
    runtime,
    baseUrl: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`,
    browser,
    async stop() {
      await browser.close();
      await workers.close();
      await api.close();
      connector.close();
      await runtime.queues.close();
      runtime.mailer.close();
      await db.close();
      await emulator.stop();
      await redis.stop();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
