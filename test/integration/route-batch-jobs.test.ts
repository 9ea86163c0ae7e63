import type { Job } from 'bullmq';
import type { XEmulator } from '../../connectors/x/emulator.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { OutboxBatchJob, OutboxJob } from '../../src/queue/queues.js';
import type { Runtime } from '../../src/runtime.js';
import { processRoutes } from '../../workers/route.js';
import { startXComplaintStack, type XComplaintStack } from '../helpers/x-complaints.js';

/**
 * Issue 16: a batch's route rows reach the queue as a few jobs of outbox ids (one addBulk), not one
 * BullMQ job per row. The route worker carries each row out once — exactly one coordinator mail per
 * complaint — and a stopping worker hands the rows it did not reach back to the sweeper.
 */
const ACCOUNT = { userId: '4301', handle: 'delijn', token: 'route-batch-token' };
const COMPLAINTS = 12;

let stack: XComplaintStack;
let db: Db;
let emulator: XEmulator;
let runtime: Runtime;

beforeAll(async () => {
  stack = await startXComplaintStack({
    entity: 'delijn',
    channel: 'delijn-x',
    account: ACCOUNT,
    apiToken: 'route-batch-api-token',
    coordinatorEmail: 'klachten@delijn.test',
    smtp: true,
  });
  ({ db, emulator, runtime } = stack);
});

afterAll(async () => {
  await stack.stop();
});

async function waitingRouteJobs(): Promise<Array<Job<OutboxJob | OutboxBatchJob>>> {
  return runtime.queues.route.getJobs(['waiting', 'prioritized', 'delayed']);
}

test('one poll of many complaints: route jobs carry the ids of every row, each complaint mailed once', async () => {
  const at = Date.now() - 3600_000;
  for (let i = 0; i < COMPLAINTS; i++) {
    emulator.addMention({
      toUserId: ACCOUNT.userId,
      authorId: `83000${i}`,
      username: `burger${i}`,
      text: `@delijn ik wil een klacht indienen: bus ${40 + i} is alweer niet gestopt aan de halte Zuidpark en de chauffeur reed gewoon door. Schandalig!`,
      lang: 'nl',
      createdAt: new Date(at + i * 1000),
    });
  }
  expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'polled', inserted: COMPLAINTS });

  const { rows: outbox } = await db.query<{ id: number; dispatched: boolean }>(`select id, dispatched_at is not null as dispatched from outbox order by id`);
  const complaints = await db.query<{ n: number }>('select count(*)::int as n from complaints');
  expect(complaints.rows[0]!.n).toBe(COMPLAINTS);
  expect(outbox.length).toBeGreaterThanOrEqual(2 * COMPLAINTS);
  expect(outbox.every((row) => row.dispatched)).toBe(true);

  const jobs = await waitingRouteJobs();
  expect(jobs.length).toBeLessThan(outbox.length);
  const queued = jobs.flatMap((job) => ('outboxIds' in job.data ? job.data.outboxIds : [job.data.outboxId]));
  expect(queued.sort((a, b) => a - b)).toEqual(outbox.map((row) => row.id));

  for (const job of jobs) if ('outboxIds' in job.data) await processRoutes(runtime, job.data.outboxIds);
  // Run twice (a job retried after a crash): nothing is done again.
  for (const job of jobs) if ('outboxIds' in job.data) expect(new Set(await processRoutes(runtime, job.data.outboxIds))).toEqual(new Set(['skipped']));

  const mails = stack.smtp!.mails.filter((m) => m.to.includes('klachten@delijn.test'));
  expect(mails).toHaveLength(COMPLAINTS);
  const { rows: mailRows } = await db.query<{ status: string }>(`select status from outbox where kind = 'coordinator_mail'`);
  expect(mailRows.map((r) => r.status)).toEqual(Array(COMPLAINTS).fill('done'));
});

test('a stopping worker ends after the row in hand; the rest go back to the sweeper', async () => {
  await db.query(`update outbox set status = 'pending', dispatched_at = now(), attempts = 0 where kind = 'intake'`);
  const { rows } = await db.query<{ id: number }>(`select id from outbox where kind = 'intake' order by id`);
  const ids = rows.map((r) => r.id);
  let handled = 0;
  const outcomes = await processRoutes(runtime, ids, () => handled++ >= 1);
  expect(outcomes).toHaveLength(1);
  const { rows: after } = await db.query<{ id: number; status: string; dispatched: boolean }>(
    `select id, status, dispatched_at is not null as dispatched from outbox where id = any($1::int8[]) order by id`,
    [ids],
  );
  expect(after[0]!.status).not.toBe('pending');
  expect(after.slice(1).every((row) => row.status === 'pending' && !row.dispatched)).toBe(true);
});
