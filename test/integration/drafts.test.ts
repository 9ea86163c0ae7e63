import { classify } from '../../src/classify/classify.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createUser } from '../../src/accounts/users.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { buildApi } from '../../src/http/server.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { processRoute } from '../../workers/route.js';
import { asSession, closeApiTest, logIn, TEST_PASSWORD, type Session } from '../helpers/api.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * A human decides what the institution says: after a complaint is routed, the intake question and
 * the public invitation are drafts a person approves (edited or not) or discards, unless the entity
 * opted in to automatic sending above a confidence; what the system sends by itself is never the
 * first response; a person's first reply claims the ticket; a reply over the platform's limit is refused.
 */
const API = { authorization: 'Bearer drafts-token' };
const MANUAL = { userId: '4001', handle: 'handmatig', token: 'manual-token' };
const AUTO = { userId: '4002', handle: 'automatisch', token: 'auto-token' };

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let emulator: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let agent: Session;
let coordinator: Session;

function entity(id: string, account: typeof MANUAL, baseUrl: string, extra: Partial<EntityConfig> = {}): EntityConfig {
  return {
    id,
    name: id.toUpperCase(),
    coordinator: { name: 'Klachtendienst', email: `klachten@${id}.test` },
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
    ...extra,
  };
}

/** Runs queued routing and replies as the workers would. */
async function drain(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await db.query(`update outbox set available_at = now() where status = 'pending'`);
    const { rows } = await db.query<{ id: number; kind: string }>(`select id, kind from outbox where status = 'pending' order by id`);
    if (!rows.length) return;
    for (const row of rows) await (row.kind === 'reply' ? processOutbound(runtime, row.id) : processRoute(runtime, row.id));
  }
}

const PUT_IN_N9 = 'ik wil een klacht indienen: de put in de N9 in Aalter is sinds 3 oktober gemeld en nog altijd niet hersteld, mijn band is kapot';

async function complaintFrom(account: typeof MANUAL, channel: string, author: string, text = PUT_IN_N9): Promise<number> {
  emulator.addMention({
    toUserId: account.userId,
    authorId: author,
    username: `burger${author}`,
    text: `@${account.handle} ${text}`,
    lang: 'nl',
  });
  expect(await pollChannel(runtime, channel)).toMatchObject({ status: 'polled', inserted: 1 });
  await drain();
  const { rows } = await db.query<{ ticket_id: number }>(`select ticket_id from complaints c join tickets t on t.id = c.ticket_id join contacts co on co.id = t.contact_id where co.handle = $1`, [
    `burger${author}`,
  ]);
  return Number(rows[0]!.ticket_id);
}

async function ticket(id: number) {
  const response = await api.inject({ url: `/api/tickets/${id}`, headers: API });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    assignee: { id: number } | null;
    sla: { firstResponseAt: string | null };
    messages: Array<{ id: number; direction: string; text: string; visibility: string; deliveryStatus: string | null; sentBy: string | null }>;
  };
}

const sentTo = (account: typeof MANUAL) => emulator.replies.filter((r) => r.byUserId === account.userId);

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  emulator = new XEmulator();
  const baseUrl = await emulator.start();
  emulator.addAccount(MANUAL);
  emulator.addAccount(AUTO);
  await syncEntities(db, [entity('manual', MANUAL, baseUrl), entity('auto', AUTO, baseUrl, { autoSend: { enabled: true, minConfidence: 0.5 } })], new SecretBox(TEST_SECRET));
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await createUser(db, { email: 'agent@manual.test', name: 'Agent', role: 'agent', entities: ['manual'], passwordHash });
  await createUser(db, { email: 'coord@manual.test', name: 'Coördinator', role: 'coordinator', entities: ['manual'], passwordHash });
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'drafts-token' });
  agent = await logIn(api, 'agent@manual.test');
  coordinator = await logIn(api, 'coord@manual.test');
});

afterAll(async () => {
  await closeApiTest({ api, runtime, db, redis });
  await emulator.stop();
});

test('without opting in, the intake is two drafts: nothing reaches the citizen, no first response', async () => {
  const id = await complaintFrom(MANUAL, 'manual-x', '501');
  expect(sentTo(MANUAL)).toEqual([]);
  const view = await ticket(id);
  const drafts = view.messages.filter((m) => m.deliveryStatus === 'draft');
  expect(drafts.map((d) => [d.visibility, d.sentBy]).sort()).toEqual([
    ['private', 'system'],
    ['public', 'system'],
  ]);
  expect(view.sla.firstResponseAt).toBeNull();
});

test('an approved draft goes out with the edits as the approver’s reply and is the first response; a discarded one never does', async () => {
  const id = await complaintFrom(MANUAL, 'manual-x', '502');
  const drafts = (await ticket(id)).messages.filter((m) => m.deliveryStatus === 'draft');
  const dm = drafts.find((d) => d.visibility === 'private')!;
  const invitation = drafts.find((d) => d.visibility === 'public')!;

  const edited = `${dm.text}\n\nMet vriendelijke groet, het klachtenteam`;
  const approved = await asSession(api, agent, 'POST', `/api/tickets/${id}/replies/${dm.id}/approve`, { text: edited });
  expect([approved.statusCode, approved.json()]).toEqual([202, { messageId: dm.id, deliveryStatus: 'queued' }]);
  const discarded = await asSession(api, agent, 'DELETE', `/api/tickets/${id}/replies/${invitation.id}`);
  expect(discarded.statusCode).toBe(204);
  await drain();

  const out = sentTo(MANUAL).filter((r) => r.participantId === '502' || r.inReplyToTweetId !== undefined);
  expect(out.map((r) => [r.kind, r.text])).toEqual([['dm', edited]]);
  const after = await ticket(id);
  expect(after.messages.find((m) => m.id === dm.id)).toMatchObject({ deliveryStatus: 'sent', sentBy: 'person', text: edited });
  expect(after.messages.some((m) => m.id === invitation.id)).toBe(false);
  expect(after.sla.firstResponseAt).not.toBeNull();
  // approving again or approving what was discarded finds no draft
  expect((await asSession(api, agent, 'POST', `/api/tickets/${id}/replies/${dm.id}/approve`, {})).statusCode).toBe(404);
  expect((await asSession(api, agent, 'POST', `/api/tickets/${id}/replies/${invitation.id}/approve`, {})).statusCode).toBe(404);
  const { rows } = await db.query<{ action: string }>(`select action from audit_log where subject_type = 'ticket' and subject_id = $1 and action like 'ticket.draft%' order by id`, [String(id)]);
  expect(rows.map((r) => r.action)).toEqual(['ticket.draft_prepared', 'ticket.draft_prepared', 'ticket.draft_approved', 'ticket.draft_discarded']);
  const caseState = await db.query<{ status: string }>(`select status from complaints where ticket_id = $1`, [id]);
  expect(caseState.rows[0]!.status).toBe('intake_incomplete');
});

test('a coordinator may approve an intake draft but not reply; an agent of another entity sees nothing', async () => {
  const id = await complaintFrom(MANUAL, 'manual-x', '503');
  const dm = (await ticket(id)).messages.find((m) => m.deliveryStatus === 'draft' && m.visibility === 'private')!;
  const reply = await asSession(api, coordinator, 'POST', `/api/tickets/${id}/replies`, { text: 'Dag', visibility: 'private' });
  expect(reply.statusCode).toBe(403);
  expect(reply.json()).toMatchObject({ error: 'forbidden', permission: 'tickets.reply' });
  expect((await asSession(api, coordinator, 'POST', `/api/tickets/${id}/replies/${dm.id}/approve`, {})).statusCode).toBe(202);
  const autoTicket = await complaintFrom(AUTO, 'auto-x', '601');
  const foreign = (await ticket(autoTicket)).messages[0]!;
  expect((await asSession(api, agent, 'DELETE', `/api/tickets/${autoTicket}/replies/${foreign.id}`)).statusCode).toBe(404);
});

test('an entity that opted in sends by itself above its confidence, and that is no first response', async () => {
  const id = await complaintFrom(AUTO, 'auto-x', '602');
  const view = await ticket(id);
  const outbound = view.messages.filter((m) => m.direction === 'outbound');
  expect(outbound.map((m) => [m.visibility, m.deliveryStatus, m.sentBy]).sort()).toEqual([
    ['private', 'sent', 'system'],
    ['public', 'sent', 'system'],
  ]);
  expect(view.sla.firstResponseAt).toBeNull();
  expect(sentTo(AUTO).filter((r) => r.participantId === '602').map((r) => r.kind)).toEqual(['dm']);
});

test('a person’s first reply claims a ticket nobody has; a reply over the platform’s limit is refused with the limit', async () => {
  const id = await complaintFrom(MANUAL, 'manual-x', '504');
  expect((await ticket(id)).assignee).toBeNull();
  const long = await asSession(api, agent, 'POST', `/api/tickets/${id}/replies`, { text: 'x'.repeat(281), visibility: 'public' });
  expect([long.statusCode, long.json()]).toEqual([422, { error: 'too_long', message: expect.any(String), limit: 280 }]);
  // a direct message on X may be much longer than a post
  const dm = await asSession(api, agent, 'POST', `/api/tickets/${id}/replies`, { text: 'Dag, '.repeat(100), visibility: 'private' });
  expect(dm.statusCode).toBe(202);
  const me = (await asSession(api, agent, 'GET', '/api/auth/me')).json().user.id as number;
  expect((await ticket(id)).assignee?.id).toBe(me);
});

test('an admin opts in above a confidence: a complaint the system is less sure of still waits as a draft', async () => {
  const text = 'al drie weken wacht ik op antwoord over mijn dossier, dit is echt niet normaal';
  // Just above the classifier's (calibrated) certainty of this complaint, whatever the model makes of it.
  const verdict = classify(`@${MANUAL.handle} ${text}`, { lang: 'nl', platform: 'x' });
  expect(verdict.category).toBe('complaint');
  const minConfidence = Math.round((verdict.confidence + 0.005) * 1000) / 1000;
  const patched = await api.inject({ method: 'PATCH', url: '/api/entities/manual', headers: API, payload: { autoSend: { enabled: true, minConfidence } } });
  expect(patched.json().autoSend).toEqual({ enabled: true, minConfidence });
  expect((await api.inject({ method: 'PATCH', url: '/api/entities/manual', headers: API, payload: { autoSend: { enabled: true, minConfidence: 0.2 } } })).statusCode).toBe(400);
  const id = await complaintFrom(MANUAL, 'manual-x', '505', text);
  const { rows } = await db.query<{ category_confidence: number }>(`select category_confidence from tickets where id = $1`, [id]);
  expect(rows[0]!.category_confidence).toBeLessThan(minConfidence);
  expect((await ticket(id)).messages.filter((m) => m.direction === 'outbound').map((m) => m.deliveryStatus)).toEqual(['draft', 'draft']);
  expect(sentTo(MANUAL).filter((r) => r.participantId === '505')).toEqual([]);
});
