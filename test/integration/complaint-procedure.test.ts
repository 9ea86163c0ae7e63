import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XEmulator } from '../../connectors/x/emulator.js';
import { buildApi } from '../../src/http/server.js';
import { signWebhookBody, SIGNATURE_HEADER } from '../../src/complaints/coordinator-webhook.js';
import { asksForPersonalDetails } from '../../src/complaints/intake-texts.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { sendDeadlineDigests } from '../../src/complaints/digest.js';
import { dutchDateTime } from '../../src/complaints/coordinator-mail.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { processRoute } from '../../workers/route.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { startSmtpSink } from '../helpers/smtp.js';

/**
 * A complaint from a public X mention through the whole procedure (intake by DM, acknowledgement,
 * decision, answer), another through a reasoned decline, with the clock moved to day 9/10/11 and
 * 44/45/46 instead of waiting, the coordinator's webhook and digest, and the annual report.
 */
const DAY = 24 * 3600 * 1000;
const ACCOUNT = { userId: '3001', handle: 'wegenverkeer', token: 'awv-token' };
const HOOK_SECRET = 'otrs-shared-secret-0123456789';
const API = { authorization: 'Bearer procedure-token' };

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let emulator: XEmulator;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let receiver: Server;
const hookRequests: Array<{ body: string; signature: string | undefined; key: string | undefined; answered: number }> = [];
let hookAnswers: number[] = [];
let clock = new Date();

async function pendingOutbox(queue: 'route' | 'reply'): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`select id from outbox where (kind = 'reply') = ($1 = 'reply') and status = 'pending' order by id`, [queue]);
  return rows.map((r) => r.id);
}

/** Runs queued work as the workers would, with the outbox rows made due now. */
async function drain(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await db.query(`update outbox set available_at = now() where status = 'pending'`);
    const routes = await pendingOutbox('route');
    const replies = await pendingOutbox('reply');
    if (!routes.length && !replies.length) return;
    for (const id of routes) await processRoute(runtime, id);
    for (const id of replies) await processOutbound(runtime, id);
  }
}

async function act(caseId: number, action: Record<string, unknown>) {
  return api.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: API, payload: action });
}

async function caseOf(author: string): Promise<{ id: number; ticket_id: number }> {
  const { rows } = await db.query<{ id: number; ticket_id: number }>(
    `select c.id, c.ticket_id from complaints c join tickets t on t.id = c.ticket_id join contacts co on co.id = t.contact_id where co.handle = $1`,
    [author],
  );
  return rows[0]!;
}

async function listed(due: 'due_soon' | 'overdue'): Promise<number[]> {
  const response = await api.inject({ url: `/api/cases?due=${due}`, headers: API });
  return response.json().items.map((c: { id: number }) => c.id);
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  smtp = await startSmtpSink();
  emulator = new XEmulator();
  const baseUrl = await emulator.start();
  emulator.addAccount(ACCOUNT);
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = hookAnswers.shift() ?? 200;
      hookRequests.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: request.headers[SIGNATURE_HEADER] as string | undefined,
        key: request.headers['idempotency-key'] as string | undefined,
        answered,
      });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  await syncEntities(
    db,
    [
      {
        id: 'awv',
        name: 'Agentschap Wegen en Verkeer',
        coordinator: { name: 'Klachtendienst AWV', email: 'klachten@awv.test' },
        complaintThreshold: 0.5,
        timeZone: 'Europe/Brussels',
        complaintIntake: { auto: true, mode: 'ask_details' },
        complaintWebhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/otrs/inbound`, secret: HOOK_SECRET },
        themes: ['wegenwerken', 'signalisatie'],
        channels: [
          {
            id: 'awv-x',
            platform: 'x',
            account: { userId: ACCOUNT.userId, handle: ACCOUNT.handle },
            baseUrl,
            credentials: { bearerToken: ACCOUNT.token, userAccessToken: ACCOUNT.token },
            pollIntervalSeconds: 60,
            enabled: true,
          },
        ],
      },
    ],
    new SecretBox(TEST_SECRET),
  );
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), smtpUrl: smtp.url, now: () => clock });
  api = await buildApi(runtime, { apiToken: 'procedure-token' });
});

afterAll(async () => {
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await emulator.stop();
  await smtp.stop();
  await redis.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

test('a public complaint is routed, the citizen asked privately, and the case handled within the terms', async () => {
  const receivedAt = new Date();
  clock = receivedAt;
  emulator.addMention({
    toUserId: ACCOUNT.userId,
    authorId: '801',
    username: 'marleen_v',
    name: 'Marleen V.',
    text: '@wegenverkeer ik wil een klacht indienen: de put in de N9 in Aalter is sinds 3 oktober gemeld en nog altijd niet hersteld, mijn band is kapot',
    lang: 'nl',
  });
  expect(await pollChannel(runtime, 'awv-x')).toMatchObject({ status: 'polled', inserted: 1 });
  const { id: caseId } = await caseOf('marleen_v');

  // The coordinator is mailed, the entity's own system gets a signed webhook (the first try fails and is retried).
  hookAnswers = [500, 200];
  await drain();
  expect(smtp.mails.filter((m) => m.to.includes('klachten@awv.test'))).toHaveLength(1);
  // Its link starts with the configured public URL (testRuntime: http://inbox.test), its times are Brussels time in Dutch, the channel is named once.
  const routedMail = smtp.mails.find((m) => m.to.includes('klachten@awv.test'))!.raw.replace(/=\r?\n/g, '');
  expect(routedMail).toMatch(/Ticket: #\d+ - http:\/\/inbox\.test\/tickets\/\d+/);
  expect(routedMail).not.toContain('localhost');
  const routedAt = (await db.query<{ received_at: Date }>(`select received_at from complaints where id = $1`, [caseId])).rows[0]!.received_at;
  expect(routedMail).toContain(`Ontvangen / received: ${dutchDateTime(routedAt, 'Europe/Brussels')}`);
  expect(routedMail).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  expect(routedMail).not.toMatch(/\(X\)\s*\(X\)/);
  expect(hookRequests.map((r) => r.answered)).toEqual([500, 200]);
  for (const request of hookRequests) {
    expect(request.signature).toBe(signWebhookBody(HOOK_SECRET, request.body));
    expect(request.key).toBe(`complaint-${caseId}-routed`);
  }
  expect(JSON.parse(hookRequests[1]!.body)).toMatchObject({ event: 'complaint.routed', complaint: { id: caseId }, channel: { platform: 'x' } });

  // Intake: a private DM asks for the details, a short public reply invites to continue privately —
  // prepared as drafts: nothing reaches the citizen until a person approves (the entity did not opt in).
  expect(emulator.replies.filter((r) => r.byUserId === ACCOUNT.userId)).toEqual([]);
  const ticketId = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json().ticketId as number;
  const drafts = ((await api.inject({ url: `/api/tickets/${ticketId}`, headers: API })).json().messages as Array<{ id: number; deliveryStatus: string; sentBy: string; visibility: string }>).filter(
    (m) => m.deliveryStatus === 'draft',
  );
  expect(drafts.map((d) => [d.visibility, d.sentBy]).sort()).toEqual([['private', 'system'], ['public', 'system']]);
  expect((await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json().state).toBe('received');
  for (const draft of drafts) {
    const approved = await api.inject({ method: 'POST', url: `/api/tickets/${ticketId}/replies/${draft.id}/approve`, headers: API, payload: {} });
    expect(approved.statusCode).toBe(202);
  }
  await drain();
  const sent = emulator.replies.filter((r) => r.byUserId === ACCOUNT.userId);
  expect(sent.map((r) => r.kind).sort()).toEqual(['dm', 'tweet']);
  const dm = sent.find((r) => r.kind === 'dm')!;
  const publicReply = sent.find((r) => r.kind === 'tweet')!;
  expect(dm.participantId).toBe('801');
  expect(asksForPersonalDetails(dm.text)).toBe(true);
  expect(asksForPersonalDetails(publicReply.text)).toBe(false);
  let detail = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json();
  expect(detail).toMatchObject({ state: 'intake_incomplete', deadlines: { acknowledgeBy: expect.any(String), answerBy: expect.any(String) } });

  // The citizen answers by DM; the coordinator records the details (here as a form submission).
  emulator.addDm({ toUserId: ACCOUNT.userId, senderId: '801', username: 'marleen_v', text: 'Marleen Vermeulen, Stationsstraat 4, 9880 Aalter' });
  await pollChannel(runtime, 'awv-x');
  const partial = await api.inject({ method: 'POST', url: `/api/cases/${caseId}/intake`, headers: API, payload: { name: 'Marleen Vermeulen', address: 'Stationsstraat 4, 9880 Aalter' } });
  expect(partial.json().state).toBe('intake_incomplete');
  const complete = await api.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/intake`,
    headers: API,
    payload: { email: 'marleen@example.org', facts: 'Put in de N9 ter hoogte van nr. 120, gemeld op 3/10, band kapot op 20/11.' },
  });
  expect(complete.json().state).toBe('admissibility_check');

  // Day 9: the acknowledgement falls due soon; day 11: it is overdue, and the digest says so.
  clock = new Date(receivedAt.getTime() + 9 * DAY);
  expect(await listed('due_soon')).toContain(caseId);
  expect(await listed('overdue')).not.toContain(caseId);
  clock = new Date(receivedAt.getTime() + 11 * DAY);
  expect(await listed('overdue')).toContain(caseId);
  smtp.mails.length = 0;
  expect(await sendDeadlineDigests(runtime, clock)).toBe(1);
  expect(await sendDeadlineDigests(runtime, clock)).toBe(0);
  expect(smtp.mails).toHaveLength(1);
  expect(smtp.mails[0]!.raw.replace(/=\r?\n/g, '')).toMatch(/te laat/);
  expect(smtp.mails[0]!.raw.replace(/=\r?\n/g, '')).toContain(`http://inbox.test/cases/${caseId}`);
  expect(smtp.mails[0]!.raw.replace(/=\r?\n/g, '')).toMatch(/(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} [a-z]+ \d{4}/);

  // The handler may not be involved in the facts.
  expect((await act(caseId, { type: 'mark_involved', staff: ['Tom Wegenwachter'] })).statusCode).toBe(200);
  const refused = await act(caseId, { type: 'acknowledge', handler: 'Tom Wegenwachter', sentElsewhere: 'per brief buiten de app' });
  expect(refused.statusCode).toBe(409);
  expect(refused.json().message).toMatch(/involved/i);
  expect((await act(caseId, { type: 'acknowledge', handler: 'Sarah Peeters', sentElsewhere: 'per brief buiten de app' })).json().state).toBe('acknowledged');
  expect(await listed('overdue')).not.toContain(caseId);

  // Day 44: the answer falls due soon; day 46 it would be overdue — answered on day 44.
  clock = new Date(receivedAt.getTime() + 44 * DAY);
  expect(await listed('due_soon')).toContain(caseId);
  expect((await act(caseId, { type: 'start_investigation' })).json().state).toBe('in_investigation');
  const decided = await act(caseId, { type: 'decide', outcome: 'founded', resolution: 'resolved', ombudsNorms: ['reasonable_time'], theme: 'wegenwerken' });
  expect(decided.json()).toMatchObject({ state: 'decided', snapshot: { outcome: 'founded', resolution: 'resolved', ombudsNorms: ['reasonable_time'] } });
  expect((await act(caseId, { type: 'answer', sentElsewhere: 'per brief buiten de app' })).json()).toMatchObject({ state: 'answered', deadlineStatus: { acknowledge: 'met', answer: 'met' } });
  clock = new Date(receivedAt.getTime() + 46 * DAY);
  expect(await listed('overdue')).not.toContain(caseId);
  expect((await act(caseId, { type: 'close' })).json().state).toBe('closed');
  expect((await act(caseId, { type: 'answer', sentElsewhere: 'per brief buiten de app' })).statusCode).toBe(409);

  const audit = await db.query<{ action: string; actor: string }>(
    `select action, actor from audit_log where subject_type = 'complaint' and subject_id = $1 and action like 'case.%' order by id`,
    [String(caseId)],
  );
  expect(audit.rows.map((r) => r.action)).toEqual([
    'case.request_details',
    'case.details_received',
    'case.details_received',
    'case.mark_involved',
    'case.acknowledge',
    // the acknowledgement and the answer went out outside the app, said how
    'case.sent_elsewhere',
    'case.start_investigation',
    'case.decide',
    'case.answer',
    'case.sent_elsewhere',
    'case.close',
  ]);
  detail = (await api.inject({ url: `/api/cases/${caseId}`, headers: API })).json();
  expect(detail.ticket.messages.length).toBeGreaterThanOrEqual(3);
  // the coordinator's screen shows the same history, from routing to closing, without intake values
  const trail: string[] = detail.audit.map((entry: { action: string }) => entry.action);
  expect(trail[0]).toBe('complaint.routed');
  expect(trail).toContain('complaint.webhook_delivered');
  expect(trail.filter((action) => action.startsWith('case.'))).toEqual(audit.rows.map((r) => r.action));
  expect(detail.audit.at(-1)).toMatchObject({ action: 'case.close', to: 'closed' });
  expect(JSON.stringify(detail.audit)).not.toContain('Stationsstraat');
  // closed: only escalating (to the Vlaamse Ombudsdienst) is left
  expect(detail.allowedActions).toEqual(['escalate']);
}, 60_000);

test('a complaint about legislation is declined with its ground, and nothing public asks for personal details', async () => {
  clock = new Date();
  emulator.addMention({
    toUserId: ACCOUNT.userId,
    authorId: '802',
    username: 'jef_d',
    text: '@wegenverkeer ik wil klacht indienen tegen de nieuwe snelheidsbeperking tot 70 km/u op alle gewestwegen',
    lang: 'nl',
  });
  await pollChannel(runtime, 'awv-x');
  const ticket = await db.query<{ id: number; category: string }>(`select t.id, t.category from tickets t join contacts c on c.id = t.contact_id where c.handle = 'jef_d'`);
  if (ticket.rows[0]!.category !== 'complaint') {
    // The classifier may see policy criticism; an agent escalates it to the coordinator.
    expect((await api.inject({ method: 'PATCH', url: `/api/tickets/${ticket.rows[0]!.id}/category`, headers: API, payload: { category: 'complaint' } })).statusCode).toBe(200);
  }
  await drain();
  const { id: caseId } = await caseOf('jef_d');
  const missingMotivation = await act(caseId, { type: 'decline', ground: 'policy_or_legislation', sentElsewhere: 'per brief buiten de app' });
  expect(missingMotivation.statusCode).toBe(400);
  const declined = await act(caseId, { type: 'decline', ground: 'policy_or_legislation', motivation: 'De klacht gaat over de regelgeving zelf, niet over ons optreden.', sentElsewhere: 'per brief buiten de app' });
  expect(declined.json()).toMatchObject({ state: 'declined', snapshot: { declineGround: 'policy_or_legislation' }, deadlineStatus: { acknowledge: 'met' } });
  expect((await act(caseId, { type: 'close' })).json().state).toBe('closed');

  // Every public text that left the system.
  const publicTexts = await db.query<{ text: string }>(`select text from messages where direction = 'outbound' and visibility = 'public'`);
  expect(publicTexts.rows.length).toBeGreaterThanOrEqual(2);
  for (const { text } of publicTexts.rows) expect(asksForPersonalDetails(text)).toBe(false);
  const attempt = await api.inject({
    method: 'POST',
    url: `/api/tickets/${ticket.rows[0]!.id}/replies`,
    headers: API,
    payload: { text: 'Kan u ons uw naam en adres bezorgen?', visibility: 'public' },
  });
  expect(attempt.statusCode).toBe(422);
});

test('the annual report counts both cases as the decree asks', async () => {
  const year = new Date().getFullYear();
  const response = await api.inject({ url: `/api/reports/complaints?year=${year}&entity=awv&format=json`, headers: API });
  expect(response.statusCode).toBe(200);
  const tables = Object.fromEntries(response.json().tables.map((t: { key: string; rows: unknown[][] }) => [t.key, t.rows]));
  const value = (key: string, label: RegExp) => (tables[key] as unknown[][]).find((row) => label.test(String(row[0])))?.[1];
  expect(value('received', /^ontvangen/)).toBe(2);
  expect(value('admissibility', /^ontvankelijk/)).toBe(1);
  expect(value('admissibility', /^onontvankelijk/)).toBe(1);
  expect(value('decline_grounds', /beleid|regelgeving|policy/i)).toBe(1);
  expect(value('outcome', /^gegrond/)).toBe(1);
  expect(value('by_platform', /^X$/)).toBe(2);
  const xlsx = await api.inject({ url: `/api/reports/complaints?year=${year}&format=xlsx`, headers: API });
  expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
});
