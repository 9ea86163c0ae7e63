/**
 * A backfill meets the platform's refusals (X emulator over HTTP, real PostgreSQL): a rate limit is
 * waited out (in process, as the CLI does) or handed back with its time (as the worker does), a
 * refused token pauses it with a clear reason until the channel is reconnected, and two runners of
 * one channel never read at once.
 */
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { getBackfill, requestBackfill, runBackfill, type BackfillDeps } from '../../src/backfill/actions.js';
import { createConnectorRegistry } from '../../connectors/registry.js';
import { createLogger } from '../../src/log.js';
import { createTestDb } from '../helpers/database.js';
import { TEST_SECRET } from '../helpers/runtime.js';
import { startX, X_ACCOUNT } from '../helpers/backfill-platforms.js';
import type { XEmulator } from '../../connectors/x/emulator.js';

let db: Db;
let deps: BackfillDeps;
let x: Awaited<ReturnType<typeof startX>>;
let emu: XEmulator;
const window = { since: new Date('2026-05-01T00:00:00Z'), until: new Date('2026-05-11T00:00:00Z') };

beforeAll(async () => {
  db = await createTestDb();
  deps = { db, secrets: new SecretBox(TEST_SECRET), connectors: createConnectorRegistry(), logger: createLogger('test', 'silent'), now: () => new Date() };
  x = await startX(3, 'err-x');
  emu = x.emu;
  await syncEntities(db, [{ id: 'err', name: 'ERR', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [x.channel] }], new SecretBox(TEST_SECRET));
  for (let i = 0; i < 10; i++) await x.add(new Date(Date.UTC(2026, 4, 1 + i, 12)), i);
});

afterAll(async () => {
  await x.stop();
  await db.close();
});

async function fresh(): Promise<number> {
  await db.query(`update backfills set status = 'cancelled' where status in ('running', 'paused')`);
  const asked = await requestBackfill(deps, 'err-x', window, 'test');
  return (asked as { backfill: { id: number } }).backfill.id;
}

test('a rate limit is waited out in process, or handed back to the worker with its time', async () => {
  let id = await fresh();
  emu.failNext(429, { resetAt: new Date(Date.now() + 1200), path: /mentions/ });
  const waits: Date[] = [];
  const started = Date.now();
  const outcome = await runBackfill(deps, id, { waitInProcess: true, onWait: (until) => void waits.push(until) });
  expect(outcome.status).toBe('done');
  expect(waits).toHaveLength(1);
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);

  id = await fresh();
  const resetAt = new Date(Date.now() + 30 * 60_000);
  emu.failNext(429, { resetAt, path: /mentions/ });
  const handed = await runBackfill(deps, id);
  expect(handed).toMatchObject({ status: 'waiting' });
  const row = await getBackfill(deps, id);
  expect(row).toMatchObject({ status: 'running', pages: 0 });
  expect(Math.abs(row!.waitUntil!.getTime() - resetAt.getTime())).toBeLessThan(2000);
  expect(row!.error).toMatch(/RateLimitedError/);
  // Once the limit is over, the same backfill goes on.
  expect((await runBackfill(deps, id)).status).toBe('done');
}, 20_000);

test('a refused token pauses it with the reason; after reconnecting, the same window resumes', async () => {
  const id = await fresh();
  expect((await runBackfill(deps, id, { maxPages: 1 })).status).toBe('paused');
  emu.revokeToken(X_ACCOUNT.token);
  const refused = await runBackfill(deps, (await requestBackfill(deps, 'err-x', window, 'test') as { backfill: { id: number } }).backfill.id);
  expect(refused).toMatchObject({ status: 'paused', backfill: { id, pages: 1 } });
  expect((refused as { backfill: { error: string } }).backfill.error).toMatch(/reconnect the channel, then resume/);
  emu.restoreToken(X_ACCOUNT.token);
  expect(await requestBackfill(deps, 'err-x', window, 'test')).toMatchObject({ kind: 'resumed', backfill: { id } });
  expect((await runBackfill(deps, id)).status).toBe('done');
}, 20_000);

test('two runners of one channel: the second finds it busy', async () => {
  const id = await fresh();
  const [a, b] = await Promise.all([runBackfill(deps, id), runBackfill(deps, id)]);
  expect([a.status, b.status].sort()).toEqual(['busy', 'done']);
}, 20_000);
