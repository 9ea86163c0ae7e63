import type { XEmulator } from '../../connectors/x/emulator.js';
import type { buildApi } from '../../src/http/server.js';
import type { Db } from '../../src/db/db.js';
import type { Runtime } from '../../src/runtime.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { startXComplaintStack, type XComplaintStack } from '../helpers/x-complaints.js';
import { pdfText } from '../helpers/pdf-text.js';

/**
 * Letters from the case: each step that speaks to the citizen is written from a template, shown,
 * edited, checked for what the law asks, and sent privately on X, by e-mail or as a PDF letter;
 * the step is taken only when the letter was sent.
 */
const ACCOUNT = { userId: '3301', handle: 'lijn_brief', token: 'brief-token' };
const API = { authorization: 'Bearer case-letters-token' };

let db: Db;
let emulator: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let stack: XComplaintStack;

beforeAll(async () => {
  stack = await startXComplaintStack({ entity: 'lijn', channel: 'lijn-x', account: ACCOUNT, apiToken: 'case-letters-token', coordinatorEmail: 'klachten@lijn.test', smtp: true });
  ({ db, emulator, runtime, api } = stack);
});

afterAll(async () => {
  await stack.stop();
});

interface Letter {
  id: number;
  kind: string;
  route: string;
  status: string;
  body: string;
  subject: string;
  recipient: string | null;
}
interface Preview {
  language: string;
  subject: string;
  body: string;
  routes: Array<{ route: string; to: string }>;
  missing: string[];
}

async function complaint(authorId: string, username: string, text: string, lang = 'nl'): Promise<number> {
  emulator.addMention({ toUserId: ACCOUNT.userId, authorId, username, name: username, text, lang, createdAt: new Date(Date.now() - 60_000) });
  expect(await pollChannel(runtime, 'lijn-x')).toMatchObject({ status: 'polled' });
  await stack.drain();
  const { rows } = await db.query<{ id: number }>(
    `select c.id from complaints c join tickets t on t.id = c.ticket_id join contacts co on co.id = t.contact_id where co.handle = $1`,
    [username],
  );
  return Number(rows[0]!.id);
}

async function state(caseId: number): Promise<string> {
  const response = await api.inject({ url: `/api/cases/${caseId}`, headers: API });
  expect(response.statusCode).toBe(200);
  return (response.json() as { state: string }).state;
}

async function preview(caseId: number, payload: Record<string, unknown>): Promise<Preview> {
  const response = await api.inject({ method: 'POST', url: `/api/cases/${caseId}/letters/preview`, headers: API, payload });
  expect(response.statusCode).toBe(200);
  return response.json() as Preview;
}

async function send(caseId: number, payload: Record<string, unknown>) {
  return api.inject({ method: 'POST', url: `/api/cases/${caseId}/letters`, headers: API, payload });
}

async function action(caseId: number, payload: Record<string, unknown>) {
  return api.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: API, payload });
}

const DETAILS = { name: 'Jan Peeters', address: 'Kerkstraat 12\n2000 Antwerpen', email: 'jan.peeters@example.be', facts: 'Lijn 45 reed op 3 oktober door aan de halte Stationsstraat.' };

test('a complaint on X: details asked by DM, acknowledged by DM, answered by e-mail with the Ombudsdienst; the steps wait for the letters', async () => {
  const caseId = await complaint('921', 'jan_p', '@lijn_brief ik dien een klacht in: lijn 45 reed op 3 oktober door aan de halte Stationsstraat, onaanvaardbaar');

  // Asking the details: the template in the citizen's language, privately on X.
  const ask = await preview(caseId, { kind: 'request_details' });
  expect(ask.language).toBe('nl');
  expect(ask.routes.map((r) => r.route)).toEqual(['channel']);
  expect(ask.body).toContain('uw naam en adres');
  const dmsBefore = emulator.replies.filter((r) => r.kind === 'dm').length;
  const queued = await send(caseId, { kind: 'request_details', language: 'nl', subject: ask.subject, body: ask.body, route: 'channel' });
  expect(queued.statusCode).toBe(201);
  expect((queued.json() as Letter).status).toBe('sending');
  // Not done until sent: the case is still as it was, and a second letter waits for the first.
  expect(await state(caseId)).toBe('received');
  expect((await send(caseId, { kind: 'request_details', language: 'nl', subject: ask.subject, body: ask.body, route: 'channel' })).statusCode).toBe(409);
  await stack.drain();
  const dms = emulator.replies.filter((r) => r.kind === 'dm');
  expect(dms.length).toBe(dmsBefore + 1);
  expect(dms.at(-1)).toMatchObject({ participantId: '921' });
  expect(dms.at(-1)!.text).toContain('uw naam en adres');
  expect(await state(caseId)).toBe('intake_incomplete');

  // A step that speaks to the citizen is not taken without its letter (unless said how it went out).
  const bare = await action(caseId, { type: 'decline', ground: 'already_handled', motivation: 'Eerder behandeld.' });
  expect(bare.statusCode).toBe(409);
  expect(bare.json()).toMatchObject({ code: 'letter_needed' });

  expect((await api.inject({ method: 'POST', url: `/api/cases/${caseId}/intake`, headers: API, payload: DETAILS })).statusCode).toBe(200);
  expect(await state(caseId)).toBe('admissibility_check');

  // The acknowledgement names the handler and the term; a text without them is refused.
  const ack = await preview(caseId, { kind: 'acknowledgement', handler: 'Els Janssens' });
  expect(ack.routes.map((r) => r.route)).toEqual(['channel', 'email', 'post']);
  expect(ack.missing).toEqual([]);
  expect(ack.body).toContain('Beste Jan Peeters,');
  expect(ack.body).toContain('Els Janssens behandelt uw klacht');
  expect(ack.body).toMatch(/uiterlijk op \d{1,2} [a-z]+ 20\d\d/);
  const stripped = await send(caseId, { kind: 'acknowledgement', handler: 'Els Janssens', language: 'nl', subject: ack.subject, body: 'We hebben uw klacht ontvangen.', route: 'channel' });
  expect(stripped.statusCode).toBe(422);
  expect(stripped.json()).toMatchObject({ error: 'letter_incomplete', missing: ['handler', 'answer_term'] });
  const edited = `${ack.body}\n\nPS: onze excuses voor het ongemak.`;
  expect((await send(caseId, { kind: 'acknowledgement', handler: 'Els Janssens', language: 'nl', subject: ack.subject, body: edited, route: 'channel' })).statusCode).toBe(201);
  await stack.drain();
  expect(emulator.replies.filter((r) => r.kind === 'dm').at(-1)!.text).toContain('onze excuses voor het ongemak');
  const acknowledged = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json() as { state: string; snapshot: { handler?: string; acknowledgedAt?: string }; letters: Letter[] };
  expect(acknowledged.state).toBe('acknowledged');
  expect(acknowledged.snapshot.handler).toBe('Els Janssens');
  expect(acknowledged.letters.map((l) => [l.kind, l.status])).toEqual([
    ['request_details', 'sent'],
    ['acknowledgement', 'sent'],
  ]);

  expect((await action(caseId, { type: 'start_investigation' })).statusCode).toBe(200);
  expect((await action(caseId, { type: 'decide', outcome: 'founded', resolution: 'resolved', ombudsNorms: ['reasonable_time'] })).statusCode).toBe(200);

  // The answer: the decision, the reasons, and the Ombudsdienst; by e-mail this time.
  const noReasons = await preview(caseId, { kind: 'answer' });
  expect(noReasons.missing).toContain('reasons');
  const answer = await preview(caseId, { kind: 'answer', reasons: 'De chauffeur heeft de halte gemist; we hebben dit met hem besproken.' });
  expect(answer.missing).toEqual([]);
  expect(answer.body).toContain('uw klacht is gegrond');
  expect(answer.body).toContain('Vlaamse Ombudsdienst');
  expect(answer.body).toContain('0800 240 50');
  const mailsBefore = stack.smtp!.mails.length;
  expect((await send(caseId, { kind: 'answer', reasons: 'De chauffeur heeft de halte gemist; we hebben dit met hem besproken.', language: 'nl', subject: answer.subject, body: answer.body, route: 'email' })).statusCode).toBe(201);
  expect(await state(caseId)).toBe('decided');
  await stack.drain();
  const mail = stack.smtp!.mails.slice(mailsBefore).find((m) => m.to.includes('jan.peeters@example.be'));
  expect(mail).toBeDefined();
  expect(mail!.raw).toContain('Vlaamse Ombudsdienst');
  expect(await state(caseId)).toBe('answered');

  // The letters are messages of the ticket's conversation, with their delivery state and route.
  const detail = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json() as { ticketId: number };
  const ticket = (await api.inject({ url: `/api/tickets/${detail.ticketId}`, headers: API })).json() as { status: string; messages: Array<{ direction: string; deliveryStatus?: string; letterRoute?: string; text: string }> };
  // Of the intake drafts prepared at routing, the private question gave way to the letter; the public invitation is still a draft.
  expect(ticket.messages.filter((m) => m.deliveryStatus === 'draft').map((m) => (m as { visibility?: string }).visibility)).toEqual(['public']);
  const outbound = ticket.messages.filter((m) => m.direction === 'outbound' && m.deliveryStatus !== 'draft');
  expect(outbound.map((m) => [m.deliveryStatus, m.letterRoute ?? 'channel'])).toEqual([
    ['sent', 'channel'],
    ['sent', 'channel'],
    ['sent', 'email'],
  ]);

  // Closing the case resolves the ticket when the coordinator asks for it.
  expect((await action(caseId, { type: 'close', resolveTicket: true })).statusCode).toBe(200);
  const closedTicket = (await api.inject({ url: `/api/tickets/${detail.ticketId}`, headers: API })).json() as { status: string };
  expect(closedTicket.status).toBe('resolved');
});

test('a French complainant gets French letters; a letter to post is a PDF, and counts once posted', async () => {
  const caseId = await complaint('922', 'marie_d', '@lijn_brief je dépose une plainte: le bus 12 ne s’est pas arrêté, inacceptable', 'fr');
  // The details came by post (no e-mail): the acknowledgement can go on X or on paper.
  expect((await action(caseId, { type: 'request_details', sentElsewhere: 'Gebeld op 4 december' })).statusCode).toBe(200);
  const history = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json() as { audit: Array<{ action: string; why: string | null }> };
  expect(history.audit.find((a) => a.action === 'case.sent_elsewhere')?.why).toBe('Gebeld op 4 december');
  const details = { name: 'Marie Dubois', address: 'Rue Haute 3\n1000 Bruxelles', facts: 'Le bus 12 ne s’est pas arrêté le 2 décembre.' };
  expect((await api.inject({ method: 'POST', url: `/api/cases/${caseId}/intake`, headers: API, payload: details })).statusCode).toBe(200);

  const ack = await preview(caseId, { kind: 'acknowledgement', handler: 'Els Janssens' });
  expect(ack.language).toBe('fr');
  expect(ack.body).toContain('Els Janssens traite votre plainte');
  expect(ack.routes.map((r) => r.route)).toEqual(['channel', 'post']);
  // No e-mail address: the e-mail route is refused.
  expect((await send(caseId, { kind: 'acknowledgement', handler: 'Els Janssens', language: 'fr', subject: ack.subject, body: ack.body, route: 'email' })).statusCode).toBe(422);

  const queued = await send(caseId, { kind: 'acknowledgement', handler: 'Els Janssens', language: 'fr', subject: ack.subject, body: ack.body, route: 'post' });
  expect(queued.statusCode).toBe(201);
  const letter = queued.json() as Letter;
  expect(letter.status).toBe('to_post');
  expect(letter.recipient).toBe('Marie Dubois\nRue Haute 3\n1000 Bruxelles');
  // While it waits to be posted, the step cannot be taken another way.
  expect((await action(caseId, { type: 'acknowledge', handler: 'Els Janssens', sentElsewhere: 'per brief' })).statusCode).toBe(409);

  const pdf = await api.inject({ url: `/api/cases/${caseId}/letters/${letter.id}/pdf`, headers: API });
  expect(pdf.statusCode).toBe(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  const text = await pdfText(new Uint8Array(pdf.rawPayload));
  expect(text).toContain('Marie Dubois');
  expect(text).toContain('Rue Haute 3');
  expect(text).toContain('1000 Bruxelles');
  expect(text).toContain('Els Janssens traite votre plainte');
  expect(text).toContain('Accusé de réception');
  expect(await state(caseId)).toBe('admissibility_check');

  const posted = await api.inject({ method: 'POST', url: `/api/cases/${caseId}/letters/${letter.id}/posted`, headers: API });
  expect(posted.statusCode).toBe(200);
  expect((posted.json() as Letter).status).toBe('sent');
  expect(await state(caseId)).toBe('acknowledged');
  expect((await api.inject({ method: 'POST', url: `/api/cases/${caseId}/letters/${letter.id}/posted`, headers: API })).statusCode).toBe(409);
});

test('a cancelled letter to post frees the step; an interim message takes no step', async () => {
  const caseId = await complaint('923', 'piet_k', '@lijn_brief formele klacht: de tram van 8u10 is al weken te laat, slechte dienstverlening');
  expect((await action(caseId, { type: 'request_details', sentElsewhere: 'via het klachtenformulier' })).statusCode).toBe(200);
  expect((await api.inject({ method: 'POST', url: `/api/cases/${caseId}/intake`, headers: API, payload: { ...DETAILS, name: 'Piet Claes', email: undefined } })).statusCode).toBe(200);
  const refusal = await preview(caseId, { kind: 'refusal', ground: 'already_handled', motivation: 'Uw klacht over de tram van 8u10 werd op 2 november beantwoord.' });
  expect(refusal.body).toContain('Reden: al eerder behandeld.');
  expect(refusal.body).toContain('op 2 november beantwoord');
  const queued = (await send(caseId, { kind: 'refusal', ground: 'already_handled', motivation: 'Uw klacht over de tram van 8u10 werd op 2 november beantwoord.', language: 'nl', subject: refusal.subject, body: refusal.body, route: 'post' })).json() as Letter;
  const cancelled = await api.inject({ method: 'DELETE', url: `/api/cases/${caseId}/letters/${queued.id}`, headers: API });
  expect(cancelled.statusCode).toBe(200);
  expect((cancelled.json() as Letter).status).toBe('cancelled');
  expect(await state(caseId)).toBe('admissibility_check');

  const ack = await preview(caseId, { kind: 'acknowledgement', handler: 'Els Janssens' });
  expect((await send(caseId, { kind: 'acknowledgement', handler: 'Els Janssens', language: 'nl', subject: ack.subject, body: ack.body, route: 'channel' })).statusCode).toBe(201);
  await stack.drain();
  expect(await state(caseId)).toBe('acknowledged');
  const interim = await preview(caseId, { kind: 'interim' });
  expect((await send(caseId, { kind: 'interim', language: 'nl', subject: interim.subject, body: interim.body, route: 'channel' })).statusCode).toBe(201);
  await stack.drain();
  expect(await state(caseId)).toBe('acknowledged');
  const letters = ((await api.inject({ url: `/api/cases/${caseId}/letters`, headers: API })).json() as { items: Letter[] }).items;
  expect(letters.map((l) => [l.kind, l.route, l.status])).toEqual([
    ['refusal', 'post', 'cancelled'],
    ['acknowledgement', 'channel', 'sent'],
    ['interim', 'channel', 'sent'],
  ]);
});
