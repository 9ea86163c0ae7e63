import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XEmulator } from '../../connectors/x/emulator.js';
import type { Db } from '../../src/db/db.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually } from '../helpers/runtime.js';

/**
 * A real worker process is killed with SIGKILL in the middle of ingesting, then started again:
 * nothing may be lost and nothing duplicated. Needs a PostgreSQL server (two processes share it).
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const describeWithServer = serverUrl ? describe : describe.skip;

const ACCOUNT = { userId: '1001', handle: 'delijn', token: 'crash-test-token' };
const MENTIONS = 12_000;
const COMPLAINT_EVERY = 50;

describeWithServer('a worker killed mid-ingest', () => {
  let db: Db & { url?: string };
  let redis: Awaited<ReturnType<typeof testRedis>>;
  let emulator: XEmulator;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];
  const stderr: string[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    redis = await testRedis();
    emulator = new XEmulator();
    const url = await emulator.start();
    emulator.addAccount(ACCOUNT);
    for (let i = 0; i < MENTIONS; i++) {
      const complaint = i % COMPLAINT_EVERY === 0;
      emulator.addMention({
        toUserId: ACCOUNT.userId,
        authorId: String(500_000 + i),
        username: `citizen${i}`,
        text: complaint ? `@delijn ik wil een klacht indienen over rit ${i}` : `@delijn vraagje ${i}: rijdt lijn ${i % 90} vandaag?`,
      });
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'inbox-crash-'));
    const configFile = path.join(dir, 'entities.yaml');
    writeFileSync(
      configFile,
      [
        'entities:',
        '  - id: de-lijn',
        '    name: De Lijn',
        '    coordinator: { name: Klachtendienst, email: klachten@delijn.test }',
        '    channels:',
        '      - id: delijn-x',
        '        platform: x',
        `        account: { userId: "${ACCOUNT.userId}", handle: ${ACCOUNT.handle} }`,
        `        baseUrl: ${url}`,
        '        credentials: { bearerToken: ${X_TOKEN}, userAccessToken: ${X_TOKEN} }',
        '        pollIntervalSeconds: 1',
      ].join('\n'),
    );
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      INBOX_CONFIG: configFile,
      INBOX_SECRET_KEY: 'crash-test-secret-key-0123456789',
      INBOX_QUEUE_PREFIX: uniquePrefix(),
      X_TOKEN: ACCOUNT.token,
      // Mail goes to a folder: this test is about ingest.
      SMTP_URL: '',
      INBOX_MAIL_DIR: path.join(dir, 'mail'),
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: '',
    };
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db.close();
    await emulator.stop();
    await redis.stop();
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    // What the worker says on stderr is shown when the test fails.
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') stderr.push(`worker exited with ${code ?? signal}`);
    });
    children.push(child);
    return child;
  }

  async function messageCount(): Promise<number> {
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from messages where direction = 'inbound'");
    return rows[0]!.n;
  }

  test('loses no message and duplicates none', async () => {
    const first = startWorker();
    const killedAt = await eventually(async () => {
      const n = await messageCount();
      return n >= 1500 ? n : undefined;
    }, 60_000, 20).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr.join('')}`);
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const afterKill = await messageCount();
    expect(afterKill).toBeGreaterThanOrEqual(killedAt);
    expect(afterKill).toBeLessThan(MENTIONS);

    const second = startWorker();
    await eventually(async () => (await messageCount()) === MENTIONS, 90_000, 200).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr.join('')}`);
    });

    const totals = await db.query<{ messages: number; distinct_ids: number; tickets: number; complaints: number; routes: number; mismatched: number }>(
      `select (select count(*)::int from messages where direction = 'inbound') as messages,
              (select count(distinct external_id)::int from messages where direction = 'inbound') as distinct_ids,
              (select count(*)::int from tickets) as tickets,
              (select count(*)::int from complaints) as complaints,
              (select count(*)::int from outbox where kind = 'coordinator_mail') as routes,
              (select count(*)::int from tickets t
                where t.message_count <> (select count(*) from messages m where m.ticket_id = t.id and m.direction = 'inbound')) as mismatched`,
    );
    expect(totals.rows[0]).toEqual({
      messages: MENTIONS,
      distinct_ids: MENTIONS,
      tickets: MENTIONS,
      complaints: MENTIONS / COMPLAINT_EVERY,
      routes: MENTIONS / COMPLAINT_EVERY,
      mismatched: 0,
    });

    // SIGTERM lets the running job finish, then the process exits on its own.
    second.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => second.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  }, 240_000);
});
