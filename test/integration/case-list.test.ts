import type { XEmulator } from '../../connectors/x/emulator.js';
import type { buildApi } from '../../src/http/server.js';
import { createUser } from '../../src/accounts/users.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { startXComplaintStack, type XComplaintStack } from '../helpers/x-complaints.js';

/**
 * The coordinator's case list: who complained and about what, on which channel, the nearest open
 * term first; searchable on the complainant, the ticket number and the messages; filtered on
 * handler, theme and the terms falling due this week.
 */
const ACCOUNT = { userId: '3201', handle: 'lijn_lijst', token: 'lijst-token' };
const API = { authorization: 'Bearer case-list-token' };
const DAY = 24 * 3600 * 1000;

let db: Db;
let emulator: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;

let stack: XComplaintStack;

beforeAll(async () => {
  stack = await startXComplaintStack({ entity: 'lijn', channel: 'lijn-x', account: ACCOUNT, apiToken: 'case-list-token', coordinatorEmail: 'klachten@lijn.test' });
  ({ db, emulator, runtime, api } = stack);
});

afterAll(async () => {
  await stack.stop();
});

interface ListedCase {
  id: number;
  ticketNumber: number;
  complainant: { name: string | null; handle: string | null };
  subject: string;
  channelName: string | null;
  snapshot: { handler?: string };
}

async function list(query = ''): Promise<ListedCase[]> {
  const response = await api.inject({ url: `/api/cases${query}`, headers: API });
  expect(response.statusCode).toBe(200);
  return (response.json() as { items: ListedCase[] }).items;
}

async function caseOf(handle: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `select c.id from complaints c join tickets t on t.id = c.ticket_id join contacts co on co.id = t.contact_id where co.handle = $1`,
    [handle],
  );
  return Number(rows[0]!.id);
}

test('the list shows complainant, subject and channel, nearest open term first, and can be searched and filtered', async () => {
  const start = Date.now() - 60 * 60_000;
  const complaints = [
    { authorId: '911', username: 'jan_p', name: 'Jan Peeters', text: '@lijn_lijst ik dien een klacht in: lijn 45 reed op 3 oktober gewoon door aan de halte Stationsstraat, al drie keer gemeld, onaanvaardbaar' },
    { authorId: '912', username: 'an_v', name: 'An Verbeke', text: '@lijn_lijst formele klacht: de chauffeur van bus 12 was onbeleefd en reed weg terwijl ik aan de deur stond, dit is onaanvaardbaar' },
    { authorId: '913', username: 'piet_k', name: 'Piet Claes', text: '@lijn_lijst ik wil een klacht indienen over de tram van 8u10, al weken te laat en niemand die iets doet, slechte dienstverlening' },
  ];
  complaints.forEach((c, i) => emulator.addMention({ toUserId: ACCOUNT.userId, ...c, lang: 'nl', createdAt: new Date(start + i * 60_000) }));
  expect(await pollChannel(runtime, 'lijn-x')).toMatchObject({ status: 'polled' });
  const [jan, an, piet] = [await caseOf('jan_p'), await caseOf('an_v'), await caseOf('piet_k')];

  // Jan's case came in 20 days ago and was declined (both terms met); An's 5 days ago (acknowledge in 5 days); Piet's today.
  await db.query(`update complaints set received_at = $2 where id = $1`, [jan, new Date(Date.now() - 20 * DAY)]);
  await db.query(`update complaints set received_at = $2 where id = $1`, [an, new Date(Date.now() - 5 * DAY)]);
  const declined = await api.inject({
    method: 'POST',
    url: `/api/cases/${jan}/actions`,
    headers: API,
    payload: { type: 'decline', ground: 'already_handled', motivation: 'Deze klacht werd eerder al behandeld.', sentElsewhere: 'per brief buiten de app' },
  });
  expect(declined.statusCode).toBe(200);

  const all = await list();
  expect(all.map((c) => c.id)).toEqual([an, piet, jan]);
  const anCase = all[0]!;
  expect(anCase.complainant).toEqual({ name: 'An Verbeke', handle: 'an_v' });
  expect(anCase.subject.length).toBeLessThanOrEqual(81);
  expect(anCase.subject.startsWith('formele klacht: de chauffeur van bus 12')).toBe(true);
  expect(anCase.subject.endsWith('…')).toBe(true);
  expect(anCase).toHaveProperty('channelName');

  // Search: name, handle, ticket number, message text; words together, wildcards taken literally.
  expect((await list('?q=verbeke')).map((c) => c.id)).toEqual([an]);
  expect((await list('?q=%40piet_k')).map((c) => c.id)).toEqual([piet]);
  expect((await list(`?q=%23${all[2]!.ticketNumber}`)).map((c) => c.id)).toEqual([jan]);
  expect((await list('?q=lijn%2045%20Stationsstraat')).map((c) => c.id)).toEqual([jan]);
  expect(await list('?q=100%25')).toEqual([]);
  expect(await list('?q=jan%25peeters')).toEqual([]);
  expect(await list('?q=n_p')).toHaveLength(1);

  // Due this week: An's acknowledgement (5 days left); Piet's is 10 days away, Jan's terms are met.
  expect((await list('?due=this_week')).map((c) => c.id)).toEqual([an]);

  // Handler and theme; a theme set becomes the subject.
  const assigned = await api.inject({ method: 'POST', url: `/api/cases/${piet}/actions`, headers: API, payload: { type: 'assign_handler', handler: 'Els Maes' } });
  expect(assigned.statusCode).toBe(200);
  expect((await list('?handler=Els%20Maes')).map((c) => [c.id, c.snapshot.handler])).toEqual([[piet, 'Els Maes']]);
  await db.query(`update complaints set theme = 'Stiptheid' where id = $1`, [piet]);
  const themed = await list('?theme=Stiptheid');
  expect(themed.map((c) => [c.id, c.subject])).toEqual([[piet, 'Stiptheid']]);
  expect((await list('?state=declined')).map((c) => c.id)).toEqual([jan]);
});

test('the case detail lists whom the handler can be picked from: the entity’s active users with cases.act', async () => {
  const others = [
    { email: 'els@lijn.test', name: 'Els Maes', role: 'coordinator' as const, entities: ['lijn'] },
    { email: 'bart@lijn.test', name: 'Bart Admin', role: 'admin' as const, entities: ['lijn'] },
    { email: 'tom@lijn.test', name: 'Tom Agent', role: 'agent' as const, entities: ['lijn'] },
    { email: 'weg@lijn.test', name: 'Weg Gegaan', role: 'coordinator' as const, entities: ['lijn'] },
  ];
  for (const user of others) await createUser(db, user);
  await db.query(`update users set disabled = true where email = 'weg@lijn.test'`);
  const caseId = await caseOf('piet_k');
  const response = await api.inject({ url: `/api/cases/${caseId}`, headers: API });
  expect(response.statusCode).toBe(200);
  expect(response.json().handlers).toEqual([
    { name: 'Bart Admin', email: 'bart@lijn.test' },
    { name: 'Els Maes', email: 'els@lijn.test' },
  ]);
});
