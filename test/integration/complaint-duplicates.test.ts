import type { XEmulator } from '../../connectors/x/emulator.js';
import type { buildApi } from '../../src/http/server.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { startSmtpSink } from '../helpers/smtp.js';
import { startXComplaintStack, type XComplaintStack } from '../helpers/x-complaints.js';

/**
 * Issue 13: the same person sending the same complaint again within a week gets a case that is
 * marked as a possible duplicate of the first, and the coordinator is mailed once; another
 * complaint of the same person, or the same text from someone else, is a case of its own.
 */
const DAY = 24 * 3600 * 1000;
const ACCOUNT = { userId: '4001', handle: 'delijn', token: 'dl-token' };
const API = { authorization: 'Bearer duplicates-token' };
const COORDINATOR = 'klachten@delijn.test';
const BUS = '@delijn ik wil een klacht indienen: bus 45 is alweer niet gestopt aan de halte Zuidpark, ik stond er om 7u45 en moest 30 minuten wachten. Schandalig!';

let db: Db;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let emulator: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

const drain = () => stack.drain();

async function mention(authorId: string, username: string, text: string, createdAt: Date): Promise<number> {
  emulator.addMention({ toUserId: ACCOUNT.userId, authorId, username, text, lang: 'nl', createdAt });
  expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'polled', inserted: 1 });
  await drain();
  const { rows } = await db.query<{ id: string }>(`select max(id) as id from complaints`);
  return Number(rows[0]!.id);
}

async function caseJson(id: number) {
  const response = await api.inject({ url: `/api/cases/${id}`, headers: API });
  expect(response.statusCode).toBe(200);
  return response.json() as { possibleDuplicateOf?: number; audit: Array<{ action: string }> };
}

const coordinatorMails = () => smtp.mails.filter((m) => m.to.includes(COORDINATOR)).length;

async function mailRows(complaintId: number): Promise<number> {
  const { rows } = await db.query(`select 1 from outbox where kind = 'coordinator_mail' and payload->>'complaintId' = $1`, [String(complaintId)]);
  return rows.length;
}

let stack: XComplaintStack;

beforeAll(async () => {
  stack = await startXComplaintStack({ entity: 'delijn', channel: 'delijn-x', account: ACCOUNT, apiToken: 'duplicates-token', coordinatorEmail: COORDINATOR, smtp: true });
  ({ db, emulator, runtime, api } = stack);
  smtp = stack.smtp!;
});

afterAll(async () => {
  await stack.stop();
});

test('the same complaint from the same person two days later is a possible duplicate, and the coordinator is mailed once', async () => {
  const now = Date.now();
  const first = await mention('901', 'jan_p', BUS, new Date(now - 2 * DAY));
  expect(coordinatorMails()).toBe(1);
  expect((await caseJson(first)).possibleDuplicateOf).toBeUndefined();

  // Two days later, the same text again, tagging another account and with an emoji: a case, marked, no mail.
  const again = await mention('901', 'jan_p', `${BUS.replace('@delijn', '@delijn @stadgent')} 😡`, new Date(now));
  expect(again).not.toBe(first);
  const duplicate = await caseJson(again);
  expect(duplicate.possibleDuplicateOf).toBe(first);
  expect(duplicate.audit.map((a) => a.action)).toContain('complaint.possible_duplicate');
  expect(await mailRows(again)).toBe(0);
  expect(coordinatorMails()).toBe(1);

  // Another complaint of the same person is a case of its own, and mailed.
  const other = await mention(
    '901',
    'jan_p',
    '@delijn ik wil een klacht indienen: de chauffeur van tram 4 reed gisteren door het rood licht aan het Zuid, levensgevaarlijk voor de fietsers.',
    new Date(now + 60_000),
  );
  expect((await caseJson(other)).possibleDuplicateOf).toBeUndefined();
  expect(coordinatorMails()).toBe(2);

  // The same text from someone else is a case of its own, and mailed.
  const someoneElse = await mention('902', 'an_d', BUS, new Date(now + 120_000));
  const theirs = await caseJson(someoneElse);
  expect(theirs.possibleDuplicateOf).toBeUndefined();
  expect(theirs.audit.map((a) => a.action)).not.toContain('complaint.possible_duplicate');
  expect(coordinatorMails()).toBe(3);
});
