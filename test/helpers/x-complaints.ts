import { XEmulator } from '../../connectors/x/emulator.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import type { Runtime } from '../../src/runtime.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { processRoute } from '../../workers/route.js';
import { createTestDb } from './database.js';
import { testRedis, uniquePrefix } from './redis.js';
import { TEST_SECRET, testRuntime } from './runtime.js';
import { startSmtpSink } from './smtp.js';

/** The complaint tests' stack: one entity with one X channel on a fresh X emulator, a database, Redis and the API. */
export interface XComplaintStack {
  db: Db;
  emulator: XEmulator;
  runtime: Runtime;
  api: Awaited<ReturnType<typeof buildApi>>;
  smtp: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
  /** Runs queued routing and replies as the workers would, with the outbox rows made due now. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startXComplaintStack(options: {
  entity: string;
  channel: string;
  account: { userId: string; handle: string; token: string };
  apiToken: string;
  coordinatorEmail: string;
  /** Coordinator mail to an SMTP sink (else it is not sent anywhere a test reads). */
  smtp?: boolean;
}): Promise<XComplaintStack> {
  const db = await createTestDb();
  const redis = await testRedis();
  const smtp = options.smtp ? await startSmtpSink() : undefined;
  const emulator = new XEmulator();
  const baseUrl = await emulator.start();
  emulator.addAccount(options.account);
  const { account } = options;
  const entity: EntityConfig = {
    id: options.entity,
    name: 'De Lijn',
    coordinator: { name: 'Klachtendienst De Lijn', email: options.coordinatorEmail },
    complaintThreshold: 0.5,
    timeZone: 'Europe/Brussels',
    channels: [
      {
        id: options.channel,
        platform: 'x',
        account: { userId: account.userId, handle: account.handle },
        baseUrl,
        credentials: { bearerToken: account.token, userAccessToken: account.token },
        pollIntervalSeconds: 60,
        enabled: true,
      },
    ],
  };
  await syncEntities(db, [entity], new SecretBox(TEST_SECRET));
  const runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), ...(smtp ? { smtpUrl: smtp.url } : {}) });
  const api = await buildApi(runtime, { apiToken: options.apiToken });
  return {
    db,
    emulator,
    runtime,
    api,
    smtp,
    async drain() {
      for (let round = 0; round < 5; round++) {
        await db.query(`update outbox set available_at = now() where status = 'pending'`);
        const { rows } = await db.query<{ id: number; kind: string }>(`select id, kind from outbox where status = 'pending' order by id`);
        if (!rows.length) return;
        for (const row of rows) await (row.kind === 'reply' ? processOutbound(runtime, row.id) : processRoute(runtime, row.id));
      }
    },
    async stop() {
      await api.close();
      await runtime.queues.close();
      runtime.mailer.close();
      await db.close();
      await emulator.stop();
      await smtp?.stop();
      await redis.stop();
    },
  };
}
