/**
 * `inbox backfill` as a child process (tsx src/cli.ts) against the X emulator over HTTP and a real
 * PostgreSQL: one plain progress line per batch when stdout is not a terminal, a stop midway (exit 3,
 * paused) and the same command again resuming it, and the status listing.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { createTestDb } from '../helpers/database.js';
import { TEST_SECRET } from '../helpers/runtime.js';
import { startX, type SeededPlatform } from '../helpers/backfill-platforms.js';
import { runBackfillCommand } from '../../src/backfill/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SINCE = new Date('2026-02-01T00:00:00Z');

let db: Db & { url?: string };
let x: SeededPlatform;
let busy: SeededPlatform;

beforeAll(async () => {
  db = await createTestDb();
  x = await startX(3, 'cli-x');
  await syncEntities(db, [{ id: 'cli', name: 'CLI', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [x.channel] }], new SecretBox(TEST_SECRET));
  // 2 before the window, 14 inside (1–14 February), 2 after.
  for (let i = 0; i < 18; i++) await x.add(new Date(SINCE.getTime() + (i - 2) * 86_400_000 + 3600_000), i);
  // A long history (1,200 pages of 3 mentions) for Ctrl-C to land in the middle of.
  busy = await startX(3, 'cli-busy');
  await syncEntities(db, [{ id: 'cli-busy', name: 'CLI busy', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [{ ...busy.channel, account: { userId: '7101', handle: 'drukke' }, credentials: { userAccessToken: 'busy-token' } }] }], new SecretBox(TEST_SECRET));
  const emu = (busy as SeededPlatform & { emu: import('../../connectors/x/emulator.js').XEmulator }).emu;
  emu.addAccount({ userId: '7101', handle: 'drukke', token: 'busy-token' });
  for (let i = 0; i < 3600; i++) {
    emu.addMention({ toUserId: '7101', authorId: String(9000 + (i % 40)), username: `b${i % 40}`, text: `@drukke melding ${i}`, createdAt: new Date(SINCE.getTime() + i * 60_000) });
  }
});

afterAll(async () => {
  await busy.stop();
  await x.stop();
  await db.close();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, 'node_modules/.bin/tsx'),
      ['src/cli.ts', 'backfill', ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: db.url ?? '', INBOX_SECRET_KEY: TEST_SECRET, INBOX_DEMO: '1', LOG_LEVEL: 'silent' },
        timeout: 30_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function inbound(): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from messages where channel_id = 'cli-x' and direction = 'inbound'`);
  return rows[0]!.n;
}

/** In this process: usage and --status need no child of their own. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  Object.assign(process.env, { DATABASE_URL: db.url ?? '', INBOX_SECRET_KEY: TEST_SECRET, INBOX_DEMO: '1' });
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (line: string) => void lines.push(line);
  console.error = () => undefined;
  try {
    const code = await runBackfillCommand(args, root);
    return { code, stdout: lines.join('\n') };
  } finally {
    Object.assign(console, { log, error });
  }
}

test('inbox backfill: progress lines, stop, resume, nothing twice', async () => {
  expect((await inProcess(['--channel', 'cli-x'])).code).toBe(2);
  expect((await inProcess(['--channel', 'cli-x', '--since', 'gisteren'])).code).toBe(2);
  expect((await inProcess(['--channel', 'cli-x', '--since', '2026-02-01', '--max-pages', '0'])).code).toBe(2);

  const window = ['--channel', 'cli-x', '--since', '2026-02-01', '--until', '2026-02-14'];
  const first = await cli([...window, '--max-pages', '2']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(3);
  const lines = first.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^started backfill \d+ of channel cli-x$/);
  expect(lines).toContainEqual(expect.stringMatching(/^backfill \d+ running \d+%: pages 2, fetched \d+, inserted \d+, duplicates 0, reached 2026-02-\d\d \d\d:\d\d \(since 2026-02-01\)$/));
  expect(lines[lines.length - 1]).toBe('run the same command again to resume');
  const afterStop = await inbound();
  expect(afterStop).toBeGreaterThan(0);
  expect(afterStop).toBeLessThan(14);

  const second = await cli(window);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/^resuming backfill \d+ of channel cli-x\n/);
  expect(second.stdout).toMatch(/\ndone: backfill \d+ done 100%: pages \d+, fetched \d+, inserted \d+, duplicates 0, reached 2026-02-01 01:00 \(since 2026-02-01\)\n$/);
  expect(await inbound()).toBe(14);

  // Once more: a new backfill over what is stored, which stores nothing.
  const third = await cli(window);
  expect(third.code).toBe(0);
  expect(third.stdout).toMatch(/inserted 0, duplicates 14/);
  expect(await inbound()).toBe(14);

  const status = await inProcess(['--channel', 'cli-x', '--status']);
  expect(status.code).toBe(0);
  expect(status.stdout.trim().split('\n')).toHaveLength(2);
  expect(status.stdout).toMatch(/^#\d+ done /);
}, 60_000);

test('Ctrl-C stops after the current batch (paused, exit 3); the same command resumes', async () => {
  const args = ['src/cli.ts', 'backfill', '--channel', 'cli-busy', '--since', '2026-02-01', '--until', '2026-02-10'];
  const env = { ...process.env, DATABASE_URL: db.url ?? '', INBOX_SECRET_KEY: TEST_SECRET, INBOX_DEMO: '1', LOG_LEVEL: 'silent' };
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), args, { cwd: root, env });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // After the first committed batch.
    if (!signalled && /pages [1-9]/.test(stdout)) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toContain('stopping after the current batch');
  expect(code).toBe(3);
  expect(stdout).toMatch(/\npaused: backfill \d+ paused \d+%: pages \d+, /);
  const { rows } = await db.query<{ status: string; pages: number; inserted: number }>(`select status, pages, inserted from backfills where channel_id = 'cli-busy'`);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.status).toBe('paused');
  expect(rows[0]!.inserted).toBeLessThan(3600);
  const counted = await db.query<{ n: number }>(`select count(*)::int as n from messages where channel_id = 'cli-busy'`);
  expect(counted.rows[0]!.n).toBe(rows[0]!.inserted);

  const again = await cli(['--channel', 'cli-busy', '--since', '2026-02-01', '--until', '2026-02-10']);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/^resuming backfill/);
  const after = await db.query<{ n: number }>(`select count(*)::int as n from messages where channel_id = 'cli-busy'`);
  expect(after.rows[0]!.n).toBe(3600);
}, 90_000);
