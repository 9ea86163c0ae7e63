import { XEmulator } from '../../connectors/x/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { referTicket } from '../../src/referrals/actions.js';
import type { Runtime } from '../../src/runtime.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { processRoute } from '../../workers/route.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, type Method, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * Referral (doorverwijzen, issue 17): a ticket referred from Vlaanderen.be to De Lijn is worked and
 * answered by De Lijn — its reply delivered over real HTTP on the X emulator, on the channel the
 * citizen wrote to — while Vlaanderen.be keeps only the read-only trace with the outcome. Only the
 * referred ticket crosses the boundary; a complaint moves with its original receipt date.
 */
const VLAANDEREN = { userId: '7001', handle: 'vlaanderenbe', token: 'vlaanderen-token' };
const DE_LIJN = { userId: '7002', handle: 'delijn', token: 'delijn-token' };
const VDAB = { userId: '7003', handle: 'vdab', token: 'vdab-token' };
// Markers of what the sender must not see once the ticket left: the citizen's words and the internal note.
const CITIZEN_MARKER = 'kouterhalte';
const NOTE_MARKER = 'interne-notitie-zwaluw';

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let emulator: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let vlAgent: Session;
let dlAgent: Session;
let dlCoordinator: Session;
let vlCoordinator: Session;
let question: { ticketId: number; tweetId: string };
let otherTicket: number;

function entity(id: string, name: string, account: typeof VLAANDEREN, baseUrl: string): EntityConfig {
  return {
    id,
    name,
    coordinator: { name: `Klachtendienst ${name}`, email: `klachten@${id}.test` },
    complaintThreshold: 0.5,
    timeZone: 'Europe/Brussels',
    complaintIntake: { auto: true, mode: 'ask_details' },
    channels: [
      {
        id: `${id}-x`,
        platform: 'x',
        account: { userId: account.userId, handle: account.handle },
        baseUrl,
        credentials: { bearerToken: account.token, userAccessToken: account.token },
        pollIntervalSeconds: 60,
        enabled: true,
      },
    ],
  };
}

const as = (session: Session, method: Method, url: string, payload?: unknown) => asSession(api, session, method, url, payload);

/** Runs queued routing and replies as the workers would. */
async function drain(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await db.query(`update outbox set available_at = now() where status = 'pending'`);
    const { rows } = await db.query<{ id: number; kind: string }>(`select id, kind from outbox where status = 'pending' order by id`);
    if (!rows.length) return;
    for (const row of rows) await (row.kind === 'reply' ? processOutbound(runtime, row.id) : processRoute(runtime, row.id));
  }
}

/** A citizen writes to @vlaanderenbe; the channel is polled; returns the ticket and the tweet. */
async function mention(author: string, text: string, inReplyToTweetId?: string): Promise<{ ticketId: number; tweetId: string }> {
  const tweetId = emulator.addMention({
    toUserId: VLAANDEREN.userId,
    authorId: author,
    username: `burger${author}`,
    text: `@${VLAANDEREN.handle} ${text}`,
    lang: 'nl',
    ...(inReplyToTweetId ? { inReplyToTweetId } : {}),
  });
  expect(await pollChannel(runtime, 'vlaanderen-be-x')).toMatchObject({ status: 'polled', inserted: 1 });
  await drain();
  const { rows } = await db.query<{ ticket_id: number }>(`select ticket_id::int from messages where channel_id = 'vlaanderen-be-x' and external_id = $1`, [tweetId]);
  return { ticketId: rows[0]!.ticket_id, tweetId };
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  emulator = new XEmulator();
  const baseUrl = await emulator.start();
  for (const account of [VLAANDEREN, DE_LIJN, VDAB]) emulator.addAccount(account);
  await syncEntities(
    db,
    [entity('vlaanderen-be', 'Vlaanderen.be', VLAANDEREN, baseUrl), entity('de-lijn', 'De Lijn', DE_LIJN, baseUrl), entity('vdab', 'VDAB', VDAB, baseUrl)],
    new SecretBox(TEST_SECRET),
  );
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'agent@vlaanderen.test', name: 'Agent Vlaanderen', role: 'agent', entities: ['vlaanderen-be'], passwordHash });
  await createUser(db, { email: 'coord@vlaanderen.test', name: 'Coördinator Vlaanderen', role: 'coordinator', entities: ['vlaanderen-be'], passwordHash });
  await createUser(db, { email: 'agent@delijn.test', name: 'Agent De Lijn', role: 'agent', entities: ['de-lijn'], passwordHash });
  await createUser(db, { email: 'coord@delijn.test', name: 'Coördinator De Lijn', role: 'coordinator', entities: ['de-lijn'], passwordHash });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'referrals-token' });
  vlAgent = await logIn(api, 'agent@vlaanderen.test');
  vlCoordinator = await logIn(api, 'coord@vlaanderen.test');
  dlAgent = await logIn(api, 'agent@delijn.test');
  dlCoordinator = await logIn(api, 'coord@delijn.test');

  question = await mention('501', `Wanneer rijdt bus 5 weer langs de ${CITIZEN_MARKER} aan de Kouter in Gent?`);
  otherTicket = (await mention('502', 'Waar vind ik de premie voor dakisolatie?')).ticketId;
  expect(otherTicket).not.toBe(question.ticketId);
  expect((await as(vlAgent, 'POST', `/api/tickets/${question.ticketId}/notes`, { text: `Dit is voor De Lijn ${NOTE_MARKER}` })).statusCode).toBe(201);
}, 60_000);

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
  await emulator.stop();
});

test('a ticket referred from Vlaanderen.be to De Lijn is worked and answered by De Lijn while Vlaanderen.be sees only the trace', async () => {
  const { ticketId } = question;
  // Every entity of the installation can be chosen.
  const targets = (await as(vlAgent, 'GET', '/api/referral-targets')).json().items;
  expect(targets.map((t: { name: string }) => t.name)).toEqual(['De Lijn', 'VDAB', 'Vlaanderen.be']);

  // The agent sees the proposed reply in the citizen's language first, edits it, approves it with the referral.
  const preview = (await as(vlAgent, 'GET', `/api/tickets/${ticketId}/referral-preview?to=de-lijn`)).json();
  expect(preview).toMatchObject({ to: { id: 'de-lijn', name: 'De Lijn' }, language: 'nl', visibilities: ['public', 'private'], limits: { public: 280 } });
  expect(preview.text).toContain('we hebben uw vraag doorgegeven aan De Lijn');
  expect(emulator.replies).toHaveLength(0);
  const approvedText = `${preview.text} Fijne dag!`;
  const referred = await as(vlAgent, 'POST', `/api/tickets/${ticketId}/referrals`, { to: 'de-lijn', note: 'Vraag over de dienstregeling van bus 5', reply: { text: approvedText, visibility: 'public' } });
  expect(referred.statusCode).toBe(201);
  expect(referred.json()).toMatchObject({ referral: { from: { id: 'vlaanderen-be' }, to: { id: 'de-lijn' }, referredBy: 'Agent Vlaanderen' }, reply: { deliveryStatus: 'queued' } });

  // The notice goes out through the normal outbound path, on the channel the citizen wrote to.
  await drain();
  expect(emulator.replies.map((r) => ({ by: r.byUserId, text: r.text, to: r.inReplyToTweetId }))).toEqual([{ by: VLAANDEREN.userId, text: approvedText, to: question.tweetId }]);
  // The notice leaves the ticket to De Lijn: not waiting for the citizen, no first response yet.
  const moved = await db.query<{ entity_id: string; status: string; first_response_at: Date | null }>('select entity_id, status, first_response_at from tickets where id = $1', [ticketId]);
  expect(moved.rows[0]).toMatchObject({ entity_id: 'de-lijn', first_response_at: null });
  expect(['new', 'open']).toContain(moved.rows[0]!.status);

  // Vlaanderen.be: the ticket, its messages and notes are gone from reach; acting on it is refused.
  for (const [method, url, payload] of [
    ['GET', `/api/tickets/${ticketId}`],
    ['GET', `/api/tickets/${ticketId}/referrals`],
    ['POST', `/api/tickets/${ticketId}/replies`, { text: 'Nog iets', visibility: 'public' }],
    ['POST', `/api/tickets/${ticketId}/notes`, { text: 'nog een notitie' }],
    ['PATCH', `/api/tickets/${ticketId}`, { status: 'closed' }],
    ['POST', `/api/tickets/${ticketId}/referrals`, { to: 'vdab', note: 'toch niet', reply: null }],
  ] as Array<[Method, string, unknown?]>) {
    expect({ url, method, status: (await as(vlAgent, method, url, payload)).statusCode }).toEqual({ url, method, status: 404 });
  }
  const vlQueue = (await as(vlAgent, 'GET', '/api/tickets')).json().items.map((t: { id: number }) => t.id);
  expect(vlQueue).toEqual([otherTicket]);

  // De Lijn: the ticket is in its queue with its history (the citizen's message, the note, the notice) and the referral.
  const dlQueue = (await as(dlAgent, 'GET', '/api/tickets')).json().items.map((t: { id: number }) => t.id);
  expect(dlQueue).toEqual([ticketId]);
  const detail = await as(dlAgent, 'GET', `/api/tickets/${ticketId}`);
  expect(detail.statusCode).toBe(200);
  expect(detail.body).toContain(CITIZEN_MARKER);
  expect(detail.body).toContain(NOTE_MARKER);
  expect(detail.json().messages.map((m: { direction: string }) => m.direction)).toEqual(['inbound', 'outbound']);
  const received = (await as(dlAgent, 'GET', `/api/tickets/${ticketId}/referrals`)).json().items;
  expect(received).toMatchObject([{ from: { name: 'Vlaanderen.be' }, to: { name: 'De Lijn' }, note: 'Vraag over de dienstregeling van bus 5' }]);
  expect((await as(dlAgent, 'GET', '/api/referrals?direction=received')).json().items).toHaveLength(1);
  // Nothing else of Vlaanderen.be crosses: its other ticket stays out of reach.
  expect((await as(dlAgent, 'GET', `/api/tickets/${otherTicket}`)).statusCode).toBe(404);
  expect((await as(dlAgent, 'GET', `/api/tickets?entity=vlaanderen-be`)).json().items).toEqual([]);
  expect((await as(dlAgent, 'GET', '/api/referrals?direction=sent&entity=vlaanderen-be')).json().items).toEqual([]);

  // The citizen writes again in the same conversation: the follow-up reaches De Lijn's ticket.
  const followUp = await mention('501', 'En op zondag?', question.tweetId);
  expect(followUp.ticketId).toBe(ticketId);
  expect((await as(dlAgent, 'GET', `/api/tickets/${ticketId}`)).json().messages).toHaveLength(3);

  // De Lijn answers: delivered over HTTP on the Vlaanderen.be channel the citizen wrote to, the only place they can be reached.
  const answer = 'Bus 5 rijdt vanaf maandag weer via de Kouter, ook op zondag. Groeten, De Lijn';
  expect((await as(dlAgent, 'POST', `/api/tickets/${ticketId}/replies`, { text: answer, visibility: 'public' })).statusCode).toBe(202);
  await drain();
  expect(emulator.replies.at(-1)).toMatchObject({ byUserId: VLAANDEREN.userId, text: answer, inReplyToTweetId: followUp.tweetId });
  const sent = (await as(dlAgent, 'GET', `/api/tickets/${ticketId}`)).json();
  expect(sent.messages.at(-1)).toMatchObject({ text: answer, deliveryStatus: 'sent' });
  expect((await as(dlAgent, 'PATCH', `/api/tickets/${ticketId}`, { status: 'resolved' })).statusCode).toBe(200);

  // Vlaanderen.be's trace: to whom, why, and the outcome now — and nothing of the conversation.
  const trace = await as(vlAgent, 'GET', '/api/referrals?direction=sent');
  expect(trace.json().items).toMatchObject([
    { ticketId, to: { id: 'de-lijn', name: 'De Lijn' }, note: 'Vraag over de dienstregeling van bus 5', outcome: { entity: { id: 'de-lijn' }, status: 'resolved', assignee: 'Agent De Lijn' } },
  ]);
  expect(trace.json().items[0].outcome.resolvedAt).not.toBeNull();
  expect(trace.body).not.toContain(CITIZEN_MARKER);
  expect(trace.body).not.toContain(NOTE_MARKER);
  expect(trace.body).not.toContain('zondag');

  // Reports count referrals both ways, per entity.
  const vlReport = (await as(vlAgent, 'GET', '/api/reports/referrals?entity=vlaanderen-be')).json();
  expect(vlReport).toMatchObject({ sent: 1, received: 0, byEntity: [{ entity: 'de-lijn', name: 'De Lijn', sent: 1, received: 0 }] });
  const dlReport = (await as(dlAgent, 'GET', '/api/reports/referrals?entity=de-lijn')).json();
  expect(dlReport).toMatchObject({ sent: 0, received: 1, byEntity: [{ entity: 'vlaanderen-be', sent: 0, received: 1 }] });
  expect((await as(vlAgent, 'GET', '/api/reports/referrals?entity=de-lijn')).statusCode).toBe(404);

  // Audited: the crossing and who did it.
  const audit = await db.query<{ actor: string; details: { from: string; to: string } }>(`select actor, details from audit_log where action = 'ticket.referred' and subject_id = $1`, [String(ticketId)]);
  expect(audit.rows).toMatchObject([{ details: { from: 'vlaanderen-be', to: 'de-lijn' } }]);
  expect(JSON.stringify(audit.rows)).not.toContain('dienstregeling');
});

test('a referred ticket can go onward: the first sender’s trace follows it to the entity that holds it now', async () => {
  const ticket = await mention('503', 'Ik zoek werk als buschauffeur, waar kan ik solliciteren?');
  expect((await as(vlAgent, 'POST', `/api/tickets/${ticket.ticketId}/referrals`, { to: 'de-lijn', note: 'Vacature chauffeur?', reply: null })).statusCode).toBe(201);
  // No reply asked: nothing goes to the citizen.
  const before = emulator.replies.length;
  await drain();
  expect(emulator.replies).toHaveLength(before);
  expect((await as(dlAgent, 'POST', `/api/tickets/${ticket.ticketId}/referrals`, { to: 'vdab', note: 'Eerder iets voor VDAB', reply: null })).statusCode).toBe(201);
  expect((await as(dlAgent, 'GET', `/api/tickets/${ticket.ticketId}`)).statusCode).toBe(404);
  const trace = (await as(vlAgent, 'GET', '/api/referrals?direction=sent')).json().items;
  expect(trace.find((r: { ticketId: number }) => r.ticketId === ticket.ticketId)).toMatchObject({ to: { id: 'de-lijn' }, outcome: { entity: { id: 'vdab', name: 'VDAB' } } });
  const history = (await api.inject({ url: `/api/tickets/${ticket.ticketId}/referrals`, headers: { authorization: 'Bearer referrals-token' } })).json().items;
  expect(history.map((r: { from: { id: string }; to: { id: string } }) => `${r.from.id}→${r.to.id}`)).toEqual(['vlaanderen-be→de-lijn', 'de-lijn→vdab']);
});

test('two referrals at once: the second, checked in the entity the ticket has just left, finds no ticket', async () => {
  const ticket = await mention('505', 'Waar vind ik de dienstregeling van lijn 4?');
  const refer = (to: string) => referTicket(db, { ticketId: ticket.ticketId, from: 'vlaanderen-be', to, note: 'x', actor: 'test', actorName: 'Test' });
  // both callers were allowed in Vlaanderen.be; the first moves the ticket before the second locks it
  expect(await refer('de-lijn')).toMatchObject({ status: 'referred' });
  expect(await refer('vdab')).toEqual({ status: 'not_found' });
  expect((await db.query('select entity_id from tickets where id = $1', [ticket.ticketId])).rows[0]).toEqual({ entity_id: 'de-lijn' });
});

test('refusals: the own entity, an unknown entity, a coordinator, a reply the platform does not take', async () => {
  const ticket = await mention('504', 'Hoe vraag ik een nieuwe identiteitskaart aan?');
  const refer = (session: Session, body: unknown) => as(session, 'POST', `/api/tickets/${ticket.ticketId}/referrals`, body);
  expect((await refer(vlAgent, { to: 'vlaanderen-be', note: 'x', reply: null })).json()).toMatchObject({ error: 'conflict', reason: 'same_entity' });
  expect((await refer(vlAgent, { to: 'nergens', note: 'x', reply: null })).statusCode).toBe(400);
  expect((await refer(vlAgent, { to: 'de-lijn', note: '', reply: null })).statusCode).toBe(400);
  expect((await refer(vlCoordinator, { to: 'de-lijn', note: 'x', reply: null })).statusCode).toBe(403);
  expect((await refer(vlAgent, { to: 'de-lijn', note: 'x', reply: { text: 'a'.repeat(281), visibility: 'public' } })).json()).toMatchObject({ error: 'too_long' });
  expect((await db.query('select entity_id from tickets where id = $1', [ticket.ticketId])).rows[0]).toEqual({ entity_id: 'vlaanderen-be' });
});

test('a complaint referred to De Lijn enters its procedure with the original receipt date and reaches its coordinator', async () => {
  const complaint = await mention('505', 'Ik wil een klacht indienen: de buschauffeur van lijn 5 reed vanmorgen gewoon door aan mijn halte en ik kwam te laat op mijn werk');
  const before = await db.query<{ id: number; entity_id: string; received_at: Date; status: string }>('select id::int, entity_id, received_at, status from complaints where ticket_id = $1', [complaint.ticketId]);
  expect(before.rows[0]).toMatchObject({ entity_id: 'vlaanderen-be', status: 'received' });
  const caseId = before.rows[0]!.id;
  // Vlaanderen.be's intake draft (in its own name) does not come along.
  expect((await as(vlAgent, 'GET', `/api/tickets/${complaint.ticketId}`)).json().messages.some((m: { deliveryStatus: string }) => m.deliveryStatus === 'draft')).toBe(true);

  expect((await as(vlAgent, 'POST', `/api/tickets/${complaint.ticketId}/referrals`, { to: 'de-lijn', note: 'Klacht over een chauffeur', reply: null })).statusCode).toBe(201);
  await drain();
  const after = await db.query<{ entity_id: string; received_at: Date }>('select entity_id, received_at from complaints where id = $1', [caseId]);
  expect(after.rows[0]).toEqual({ entity_id: 'de-lijn', received_at: before.rows[0]!.received_at });
  const dlCase = await as(dlCoordinator, 'GET', `/api/cases/${caseId}`);
  expect(dlCase.statusCode).toBe(200);
  expect(new Date(dlCase.json().receivedAt).getTime()).toBe(before.rows[0]!.received_at.getTime());
  expect((await as(vlCoordinator, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
  const notified = await db.query<{ details: { to: string } }>(`select details from audit_log where action = 'complaint.coordinator_notified' and subject_id = $1 order by id`, [String(caseId)]);
  expect(notified.rows.map((r) => r.details.to)).toEqual(['klachten@vlaanderen-be.test', 'klachten@de-lijn.test']);
  // De Lijn's intake draft, in De Lijn's name, waits for De Lijn's approval.
  const drafts = (await as(dlAgent, 'GET', `/api/tickets/${complaint.ticketId}`)).json().messages.filter((m: { deliveryStatus: string }) => m.deliveryStatus === 'draft');
  expect(drafts.length).toBeGreaterThan(0);
  expect(drafts.every((m: { text: string }) => !m.text.includes('Vlaanderen.be'))).toBe(true);
});

test('a complaint already taken on by the coordinator is not referred by an agent', async () => {
  const complaint = await mention('506', 'Ik wil een klacht indienen: mijn aanvraag voor een premie ligt al acht maanden stil en niemand antwoordt op mijn mails');
  const { rows } = await db.query<{ id: number }>('select id::int from complaints where ticket_id = $1', [complaint.ticketId]);
  await db.query(`update complaints set status = 'acknowledged' where id = $1`, [rows[0]!.id]);
  const refused = await as(vlAgent, 'POST', `/api/tickets/${complaint.ticketId}/referrals`, { to: 'de-lijn', note: 'x', reply: null });
  expect(refused.json()).toMatchObject({ error: 'conflict', reason: 'complaint_in_procedure' });
});
