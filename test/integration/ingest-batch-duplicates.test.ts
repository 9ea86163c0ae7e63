import type { XEmulator } from '../../connectors/x/emulator.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { startXComplaintStack, type XComplaintStack } from '../helpers/x-complaints.js';

/**
 * Issue 16: the duplicate check runs once per ingest batch. Within one batch a new contact's second
 * copy of a complaint is still marked a possible duplicate of the first (and its coordinator mail
 * is not queued), while the same text from another new contact is a case of its own.
 */
const ACCOUNT = { userId: '4101', handle: 'delijn', token: 'batch-dup-token' };
const BUS = '@delijn ik wil een klacht indienen: bus 45 is alweer niet gestopt aan de halte Zuidpark, ik stond er om 7u45 en moest 30 minuten wachten. Schandalig!';

let stack: XComplaintStack;
let db: Db;
let emulator: XEmulator;
let runtime: Runtime;

beforeAll(async () => {
  stack = await startXComplaintStack({ entity: 'delijn', channel: 'delijn-x', account: ACCOUNT, apiToken: 'batch-dup-api-token', coordinatorEmail: 'klachten@delijn.test' });
  ({ db, emulator, runtime } = stack);
});

afterAll(async () => {
  await stack.stop();
});

test('two copies of one complaint in one batch: the later is a possible duplicate of the earlier; another person is not', async () => {
  const at = Date.now() - 3600_000;
  emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '810001', username: 'an', text: BUS, lang: 'nl', createdAt: new Date(at) });
  emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '810002', username: 'bert', text: BUS, lang: 'nl', createdAt: new Date(at + 1000) });
  emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '810001', username: 'an', text: `${BUS} Nog altijd!`, lang: 'nl', createdAt: new Date(at + 2000) });
  expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'polled', inserted: 3 });

  const { rows } = await db.query<{ id: number; possible_duplicate_of: number | null; platform_user_id: string; mails: number }>(
    `select c.id, c.possible_duplicate_of, co.platform_user_id,
            (select count(*)::int from outbox o where o.kind = 'coordinator_mail' and o.payload->>'complaintId' = c.id::text) as mails
       from complaints c join tickets t on t.id = c.ticket_id join contacts co on co.id = t.contact_id order by c.received_at, c.id`,
  );
  expect(rows).toHaveLength(3);
  const [first, other, again] = rows;
  expect(first).toMatchObject({ platform_user_id: '810001', possible_duplicate_of: null, mails: 1 });
  expect(other).toMatchObject({ platform_user_id: '810002', possible_duplicate_of: null, mails: 1 });
  expect(again).toMatchObject({ platform_user_id: '810001', possible_duplicate_of: first!.id, mails: 0 });
  const audit = await db.query(`select 1 from audit_log where action = 'complaint.possible_duplicate' and subject_id = $1`, [String(again!.id)]);
  expect(audit.rows).toHaveLength(1);
});
