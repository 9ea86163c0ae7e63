import type { XEmulator } from '../../connectors/x/emulator.js';
import type { buildApi } from '../../src/http/server.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { startXComplaintStack, type XComplaintStack } from '../helpers/x-complaints.js';

/**
 * A public complaint on X becomes a case; the citizen answers the request for details by DM and the
 * coordinator sees the details that answer suggests, per message, newest first — nothing is stored
 * until the coordinator saves the intake form.
 */
const ACCOUNT = { userId: '3101', handle: 'delijn_test', token: 'lijn-token' };
const API = { authorization: 'Bearer suggestions-token' };
const MINUTE = 60_000;

let db: Db;
let emulator: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

let stack: XComplaintStack;

beforeAll(async () => {
  stack = await startXComplaintStack({ entity: 'lijn', channel: 'lijn-x', account: ACCOUNT, apiToken: 'suggestions-token', coordinatorEmail: 'klachten@lijn.test' });
  ({ db, emulator, runtime, api } = stack);
});

afterAll(async () => {
  await stack.stop();
});

async function caseOf(handle: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `select c.id from complaints c join tickets t on t.id = c.ticket_id join contacts co on co.id = t.contact_id where co.handle = $1`,
    [handle],
  );
  return rows[0]!.id;
}

async function suggestions(caseId: number) {
  const response = await api.inject({ url: `/api/cases/${caseId}/suggested-details`, headers: API });
  expect(response.statusCode).toBe(200);
  type Suggestion = { value: string; matched: string };
  return response.json() as { items: Array<{ messageId: number; sentAt: string; name?: Suggestion; address?: Suggestion; email?: Suggestion; phone?: Suggestion }> };
}

test('the citizen’s private answers suggest their details, newest first, and nothing is stored', async () => {
  const start = Date.now() - 30 * MINUTE;
  emulator.addDm({ toUserId: ACCOUNT.userId, senderId: '901', username: 'jan_p', text: 'Mijn naam is Jan Oud, Oudestraat 1, 9000 Gent', createdAt: new Date(start - 60 * MINUTE) });
  emulator.addMention({
    toUserId: ACCOUNT.userId,
    authorId: '901',
    username: 'jan_p',
    name: 'Jan P.',
    text: '@delijn_test ik wil een klacht indienen: lijn 45 reed op 3 oktober gewoon door aan de halte Stationsstraat, al 3 keer gemeld, onaanvaardbaar',
    lang: 'nl',
    createdAt: new Date(start),
  });
  // Someone else's DM on the same channel is not this citizen's.
  emulator.addDm({ toUserId: ACCOUNT.userId, senderId: '902', username: 'other', text: 'Ik ben Els Ander, Kerkstraat 9, 2000 Antwerpen', createdAt: new Date(start + MINUTE) });
  expect(await pollChannel(runtime, 'lijn-x')).toMatchObject({ status: 'polled' });
  const caseId = await caseOf('jan_p');

  // The public complaint itself (lijn 45, a date, a bus stop) suggests nothing, nor does the DM from before the case.
  expect(await suggestions(caseId)).toEqual({ items: [] });

  emulator.addDm({
    toUserId: ACCOUNT.userId,
    senderId: '901',
    username: 'jan_p',
    text: 'Goedemiddag, mijn naam is Jan Peeters. Ik woon Kerkplein 12 bus 3 – 2000 Antwerpen.',
    createdAt: new Date(start + 5 * MINUTE),
  });
  emulator.addDm({ toUserId: ACCOUNT.userId, senderId: '901', username: 'jan_p', text: 'Oh ja: jan.peeters@example.org of 0470/12.34.56', createdAt: new Date(start + 6 * MINUTE) });
  emulator.addDm({ toUserId: ACCOUNT.userId, senderId: '901', username: 'jan_p', text: 'Dank u!', createdAt: new Date(start + 7 * MINUTE) });
  await pollChannel(runtime, 'lijn-x');

  const { rows: messages } = await db.query<{ id: number; text: string }>(`select id, text from messages where direction = 'inbound' and visibility = 'private' order by id`);
  const idOf = (text: string) => messages.find((m) => m.text.startsWith(text))!.id;
  expect(idOf('Mijn naam is Jan Oud')).toEqual(expect.any(Number));
  expect(idOf('Ik ben Els Ander')).toEqual(expect.any(Number));
  const before = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json();

  const { items } = await suggestions(caseId);
  expect(items).toEqual([
    {
      messageId: idOf('Oh ja'),
      sentAt: new Date(start + 6 * MINUTE).toISOString(),
      email: { value: 'jan.peeters@example.org', matched: 'jan.peeters@example.org' },
      phone: { value: '+32470123456', matched: '0470/12.34.56' },
    },
    {
      messageId: idOf('Goedemiddag'),
      sentAt: new Date(start + 5 * MINUTE).toISOString(),
      name: { value: 'Jan Peeters', matched: 'mijn naam is Jan Peeters' },
      address: { value: 'Kerkplein 12 bus 3, 2000 Antwerpen', matched: 'Kerkplein 12 bus 3 – 2000 Antwerpen' },
    },
  ]);

  // Only suggestions: the case's intake is what it was until the coordinator saves the form.
  const after = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json();
  expect(after.snapshot.intake).toEqual(before.snapshot.intake);
  expect(after.snapshot.intake.name).toBeUndefined();
  const saved = await api.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/intake`,
    headers: API,
    payload: { name: items[1]!.name!.value, address: items[1]!.address!.value, email: items[0]!.email!.value },
  });
  expect(saved.statusCode).toBe(200);
  expect(saved.json().snapshot.intake).toMatchObject({ name: 'Jan Peeters', address: 'Kerkplein 12 bus 3, 2000 Antwerpen', email: 'jan.peeters@example.org' });
});

test('an unknown case is 404', async () => {
  expect((await api.inject({ url: '/api/cases/999999/suggested-details', headers: API })).statusCode).toBe(404);
});
