import { XEmulator } from '../../connectors/x/emulator.js';
import { createXConnector } from '../../connectors/x/connector.js';
import type { ConnectorRegistry } from '../../connectors/registry.js';
import { buildApi } from '../../src/http/server.js';
import type { EntityConfig } from '../../src/config/schema.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { processRoute } from '../../workers/route.js';
import { startWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { startSmtpSink } from '../helpers/smtp.js';

const DELIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };
const VDAB = { userId: '1002', handle: 'VDAB_be', token: 'tok-vdab' };
const API_TOKEN = 'test-api-token';

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let emulator: XEmulator;
let runtime: Runtime;
let connector: ReturnType<typeof createXConnector>;

function entities(baseUrl: string): EntityConfig[] {
  const channel = (id: string, account: typeof DELIJN) => ({
    id,
    platform: 'x' as const,
    name: `@${account.handle}`,
    account: { userId: account.userId, handle: account.handle },
    baseUrl,
    credentials: { bearerToken: account.token, userAccessToken: account.token },
    pollIntervalSeconds: 1,
    enabled: true,
  });
  return [
    {
      id: 'de-lijn',
      name: 'De Lijn',
      coordinator: { name: 'Klachtendienst De Lijn', email: 'klachten@delijn.test' },
      complaintThreshold: 0.6,
      timeZone: 'Europe/Brussels',
      channels: [channel('delijn-x', DELIJN)],
    },
    {
      id: 'vdab',
      name: 'VDAB',
      coordinator: { name: 'Klachten VDAB', email: 'klachten@vdab.test' },
      complaintThreshold: 0.6,
      timeZone: 'Europe/Brussels',
      channels: [channel('vdab-x', VDAB)],
    },
  ];
}

function newRuntime(prefix = uniquePrefix()): Runtime {
  connector = createXConnector({ timeoutMs: 5000 });
  const connectors: ConnectorRegistry = new Map([['x', connector]]);
  return testRuntime({ db, redisUrl: redis.url, prefix, smtpUrl: smtp.url, connectors });
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  smtp = await startSmtpSink();
  emulator = new XEmulator();
  const url = await emulator.start();
  emulator.addAccount({ ...DELIJN });
  emulator.addAccount({ ...VDAB });
  await syncEntities(db, entities(url), new SecretBox(TEST_SECRET));
  runtime = newRuntime();
});

afterAll(async () => {
  connector.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await db.close();
  await emulator.stop();
  await smtp.stop();
  await redis.stop();
});

describe('polling X into tickets', () => {
  let root: string;

  test('mentions and DMs become tickets with the right threading', async () => {
    root = emulator.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'an', text: '@delijn wanneer rijdt lijn 4 weer?' });
    emulator.addMention({
      toUserId: DELIJN.userId,
      authorId: '501',
      username: 'an',
      text: '@delijn en de nachtbus ook?',
      inReplyToTweetId: root,
    });
    // A second citizen in the same thread gets a ticket of their own.
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '502', username: 'bert', text: '@delijn zelfde vraag', inReplyToTweetId: root });
    emulator.addDm({ toUserId: DELIJN.userId, senderId: '503', username: 'carla', text: 'Waar is het verloren voorwerpen bureau?' });
    emulator.addDm({ toUserId: DELIJN.userId, senderId: '503', username: 'carla', text: 'Ik verloor een sjaal op tram 2.' });

    const outcome = await pollChannel(runtime, 'delijn-x');
    expect(outcome).toMatchObject({ status: 'polled', inserted: 5 });

    const tickets = await db.query<{ handle: string; message_count: number; kind: string }>(
      `select co.handle, t.message_count, min(m.kind) as kind from tickets t
         join contacts co on co.id = t.contact_id join messages m on m.ticket_id = t.id
        where t.channel_id = 'delijn-x' group by co.handle, t.message_count order by co.handle`,
    );
    expect(tickets.rows).toEqual([
      { handle: 'an', message_count: 2, kind: 'post' },
      { handle: 'bert', message_count: 1, kind: 'reply' },
      { handle: 'carla', message_count: 2, kind: 'dm' },
    ]);
    const reply = await db.query<{ parent_external_id: string; permalink: string }>(
      `select parent_external_id, permalink from messages where text = '@delijn en de nachtbus ook?'`,
    );
    expect(reply.rows[0]).toEqual({ parent_external_id: root, permalink: expect.stringMatching(/^https:\/\/x\.com\/an\/status\/\d+$/) });
  });

  test('polling the same page twice changes nothing', async () => {
    const before = await count('select count(*) as n from messages');
    const ticketsBefore = await count('select count(*) as n from tickets');
    await db.query(`update channels set cursor = null where id = 'delijn-x'`);
    const outcome = await pollChannel(runtime, 'delijn-x');
    expect(outcome).toMatchObject({ status: 'polled', inserted: 0 });
    expect(await count('select count(*) as n from messages')).toBe(before);
    expect(await count('select count(*) as n from tickets')).toBe(ticketsBefore);
  });

  test('a resolved ticket reopens on a new message; a closed one starts a new ticket', async () => {
    await db.query(`update tickets set status = 'resolved' where conversation_key like 'x:dm:%'`);
    emulator.addDm({ toUserId: DELIJN.userId, senderId: '503', username: 'carla', text: 'Nog iets vergeten: mijn handschoen.' });
    await pollChannel(runtime, 'delijn-x');
    const dmTickets = await db.query<{ status: string; message_count: number }>(
      `select status, message_count from tickets where conversation_key like 'x:dm:%' order by id`,
    );
    expect(dmTickets.rows).toEqual([{ status: 'open', message_count: 3 }]);

    await db.query(`update tickets set status = 'closed' where conversation_key like 'x:dm:%'`);
    emulator.addDm({ toUserId: DELIJN.userId, senderId: '503', username: 'carla', text: 'Andere vraag over mijn abonnement.' });
    await pollChannel(runtime, 'delijn-x');
    const after = await db.query<{ status: string; message_count: number }>(
      `select status, message_count from tickets where conversation_key like 'x:dm:%' order by id`,
    );
    expect(after.rows).toEqual([
      { status: 'closed', message_count: 3 },
      { status: 'new', message_count: 1 },
    ]);
  });

  test('the cursor survives a worker restart', async () => {
    const stored = await loadChannel(db, 'delijn-x', new SecretBox(TEST_SECRET));
    const sinceId = (stored?.cursor as { mentions?: { sinceId?: string } }).mentions?.sinceId;
    expect(sinceId).toMatch(/^\d+$/);

    await runtime.queues.close();
    connector.close();
    runtime = newRuntime();
    emulator.requestLog.length = 0;
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '504', username: 'dirk', text: '@delijn is de Kennedytunnel open?' });

    const outcome = await pollChannel(runtime, 'delijn-x');
    expect(outcome).toMatchObject({ status: 'polled', inserted: 1 });
    const firstMentionsRequest = emulator.requestLog.find((r) => r.path.endsWith('/mentions'));
    expect(new URLSearchParams(firstMentionsRequest?.query).get('since_id')).toBe(sinceId);
  });

  test('a malformed item lands in quarantine and its neighbours are ingested', async () => {
    emulator.addMention({ toUserId: VDAB.userId, authorId: '601', username: 'eva', text: '@VDAB_be hoe schrijf ik me in?' });
    emulator.addRawMention(VDAB.userId, { id: '1950000000000000001', author_id: '602', text: 42, created_at: 'not a date' });
    emulator.addMention({ toUserId: VDAB.userId, authorId: '603', username: 'fien', text: '@VDAB_be bedankt voor de hulp!' });

    const outcome = await pollChannel(runtime, 'vdab-x');
    expect(outcome).toMatchObject({ status: 'polled', inserted: 2, quarantined: 1 });
    const quarantined = await db.query<{ external_id: string; reason: string; raw: { author_id: string } }>(
      `select external_id, reason, raw from quarantine where channel_id = 'vdab-x'`,
    );
    expect(quarantined.rows).toHaveLength(1);
    expect(quarantined.rows[0]).toMatchObject({ external_id: '1950000000000000001', raw: { tweet: { author_id: '602' } } });
    expect(quarantined.rows[0]!.reason).toMatch(/NormalizeError/);

    // Seen again on a re-poll: counted, not stored twice.
    await db.query(`update channels set cursor = null where id = 'vdab-x'`);
    await pollChannel(runtime, 'vdab-x');
    expect(await count(`select count(*) as n from quarantine where channel_id = 'vdab-x'`)).toBe(1);
    expect(await count(`select seen_count as n from quarantine where channel_id = 'vdab-x'`)).toBe(2);
  });
});

describe('channel health', () => {
  test('a 429 pauses that channel until the reset and other channels keep polling', async () => {
    const resetAt = new Date(Math.ceil((Date.now() + 10 * 60_000) / 1000) * 1000);
    emulator.rateLimitUntil(resetAt, new RegExp(`/2/users/${DELIJN.userId}/mentions`));
    emulator.addMention({ toUserId: VDAB.userId, authorId: '605', username: 'gert', text: '@VDAB_be waar vind ik mijn attest?' });

    const limited = await pollChannel(runtime, 'delijn-x');
    expect(limited).toEqual({ status: 'rate_limited', until: resetAt });
    const other = await pollChannel(runtime, 'vdab-x');
    expect(other).toMatchObject({ status: 'polled', inserted: 1 });

    emulator.requestLog.length = 0;
    expect(await pollChannel(runtime, 'delijn-x')).toEqual({ status: 'skipped', reason: 'rate_limited' });
    expect(emulator.requestLog).toHaveLength(0);

    const api = await buildApi(runtime, { apiToken: API_TOKEN });
    const response = await api.inject({ url: '/api/channels', headers: { authorization: `Bearer ${API_TOKEN}` } });
    const delijn = response.json().items.find((c: { id: string }) => c.id === 'delijn-x');
    expect(delijn).toMatchObject({ status: 'rate_limited', rateLimitedUntil: resetAt.toISOString() });
    await api.close();

    // After the reset the channel polls again.
    await db.query(`update channels set rate_limited_until = now() - interval '1 second' where id = 'delijn-x'`);
    emulator.clearFailures();
    expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'polled' });
  });

  test('a 401 marks the channel auth-expired without crashing the worker', async () => {
    emulator.revokeToken(VDAB.token);
    const outcome = await pollChannel(runtime, 'vdab-x');
    expect(outcome).toEqual({ status: 'auth_expired' });
    expect(await pollChannel(runtime, 'vdab-x')).toEqual({ status: 'skipped', reason: 'auth_expired' });

    const api = await buildApi(runtime, { apiToken: API_TOKEN });
    const response = await api.inject({ url: '/api/channels', headers: { authorization: `Bearer ${API_TOKEN}` } });
    const vdab = response.json().items.find((c: { id: string }) => c.id === 'vdab-x');
    expect(vdab).toMatchObject({ status: 'auth_expired', reconnectNeeded: true, lastError: expect.stringContaining('AuthExpiredError') });
    expect(JSON.stringify(response.json())).not.toContain(VDAB.token);
    await api.close();
    // Admins are told once: one audit entry however often it is seen.
    expect(await count(`select count(*) as n from audit_log where action = 'channel.auth_expired' and subject_id = 'vdab-x'`)).toBe(1);

    // New credentials end the "reconnect needed" state.
    emulator.restoreToken(VDAB.token);
    const fixed = entities(emulator.url);
    fixed[1]!.channels[0]!.credentials = { bearerToken: 'tok-vdab-2', userAccessToken: 'tok-vdab-2' };
    emulator.addAccount({ ...VDAB, token: 'tok-vdab-2' });
    await syncEntities(db, fixed, new SecretBox(TEST_SECRET));
    expect(await pollChannel(runtime, 'vdab-x')).toMatchObject({ status: 'polled' });
    await syncEntities(db, entities(emulator.url), new SecretBox(TEST_SECRET));
  });

  test('a server error is recorded and the next poll recovers', async () => {
    emulator.failNext(503, { path: /mentions/ });
    expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'failed', error: expect.stringContaining('TransientError') });
    expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'polled' });
  });
});

describe('routing complaints', () => {
  test('a complaint reaches the coordinator exactly once even when the route job runs twice', async () => {
    smtp.mails.length = 0;
    emulator.addMention({
      toUserId: DELIJN.userId,
      authorId: '701',
      username: 'hilde',
      name: 'Hilde Claes',
      text: '@delijn ik wil een klacht indienen: lijn 45 reed op 12/06 om 7u42 door aan halte Gent Sint-Pieters',
    });
    await pollChannel(runtime, 'delijn-x');
    const routes = await db.query<{ id: number }>(`select id from outbox where kind = 'coordinator_mail' and status = 'pending'`);
    expect(routes.rows).toHaveLength(1);
    const outboxId = routes.rows[0]!.id;

    const outcomes = await Promise.all([processRoute(runtime, outboxId), processRoute(runtime, outboxId)]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(await processRoute(runtime, outboxId)).toBe('skipped');

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['klachten@delijn.test']);
    const body = mail.raw.replace(/=\r?\n/g, '');
    expect(body).toMatch(/Subject: \[Klacht #\d+\] De Lijn via X - @hilde/);
    expect(body).toContain('@hilde');
    expect(body).toContain('Hilde Claes');
    expect(body).toContain('reed op 12/06');
    expect(body).toMatch(/https:\/\/x\.com\/hilde\/status\/\d+/);
    expect(body).toContain('Kanaal / channel: @delijn (X)');
    const ticket = await db.query<{ number: number }>(
      `select t.number from tickets t join complaints c on c.ticket_id = t.id order by c.id desc limit 1`,
    );
    expect(body).toContain(`#${ticket.rows[0]!.number}`);
  });

  test('a dissatisfied message below the complaint threshold is not routed', async () => {
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '702', username: 'ivo', text: '@delijn altijd te laat, slecht' });
    await pollChannel(runtime, 'delijn-x');
    const ticket = await db.query<{ category: string; routed: boolean }>(
      `select t.category, exists (select 1 from complaints c where c.ticket_id = t.id) as routed
         from tickets t join contacts co on co.id = t.contact_id where co.handle = 'ivo'`,
    );
    expect(ticket.rows).toEqual([{ category: 'dissatisfaction', routed: false }]);
  });

  test('the workers route through Redis; rows left undispatched are swept', async () => {
    smtp.mails.length = 0;
    // A complaint whose dispatch was lost: committed by a process that stopped before handing its rows
    // to Redis, two minutes ago (rows are written as dispatched; the sweeper takes them once that is stale).
    emulator.addMention({ toUserId: VDAB.userId, authorId: '703', username: 'jan', text: '@VDAB_be ik wil klacht indienen over mijn dossier 77-1203' });
    const page = await connector.fetch((await loadChannel(db, 'vdab-x', new SecretBox(TEST_SECRET)))!.context, null);
    const state = (await loadChannel(db, 'vdab-x', new SecretBox(TEST_SECRET)))!;
    const result = await ingest(db, { channel: state.context, items: page.items, normalize: connector.normalize });
    // The coordinator's mail and the citizen's intake, each an outbox row of its own.
    expect(result.outboxIds).toHaveLength(2);
    expect(await count(`select count(*) as n from outbox where id = any($1::int8[]) and dispatched_at is not null`, [result.outboxIds])).toBe(2);
    await db.query(`update outbox set dispatched_at = dispatched_at - interval '2 minutes', available_at = available_at - interval '2 minutes' where id = any($1::int8[])`, [result.outboxIds]);

    const workers = await startWorkers(runtime);
    try {
      await eventually(async () => smtp.mails.some((m) => m.to.includes('klachten@vdab.test')));
    } finally {
      await workers.close();
    }
    expect(await count(`select count(*) as n from outbox where id = $1 and status = 'done'`, [result.outboxIds[0]])).toBe(1);
  });
});

describe('replies through the API', () => {
  test('a reply posted through the API reaches the emulator exactly once', async () => {
    const api = await buildApi(runtime, { apiToken: API_TOKEN });
    const auth = { authorization: `Bearer ${API_TOKEN}` };
    const list = await api.inject({ url: '/api/tickets?entity=de-lijn&q=nachtbus', headers: auth });
    expect(list.statusCode).toBe(200);
    const [ticket] = list.json().items;
    expect(ticket).toMatchObject({ platform: 'x', contact: { handle: 'an' }, messageCount: 2, preview: '@delijn en de nachtbus ook?' });

    const post = () =>
      api.inject({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/replies`,
        headers: { ...auth, 'idempotency-key': 'agent-click-1' },
        payload: { text: 'Dag An, lijn 4 rijdt vanaf maandag weer. Groetjes, Sarah', visibility: 'public' },
      });
    const first = await post();
    const second = await post();
    expect(first.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ messageId: first.json().messageId, duplicate: true });

    const ours = () => emulator.replies.filter((r) => r.text.includes('lijn 4 rijdt'));
    const workers = await startWorkers(runtime);
    try {
      await eventually(async () => ours().length > 0);
      const outbox = await db.query<{ id: number }>(`select id from outbox where kind = 'reply' and payload->>'messageId' = $1`, [String(first.json().messageId)]);
      // Running the job again does nothing.
      for (const row of outbox.rows) expect(await processOutbound(runtime, row.id)).toBe('skipped');
    } finally {
      await workers.close();
    }
    expect(ours()).toHaveLength(1);
    const sent = ours()[0]!;
    expect(sent).toMatchObject({ kind: 'tweet', byUserId: DELIJN.userId, text: expect.stringContaining('lijn 4 rijdt') });

    const detail = await api.inject({ url: `/api/tickets/${ticket.id}`, headers: auth });
    expect(detail.json()).toMatchObject({ status: 'pending' });
    // The system moved it to pending, and the audit log says so.
    const audit = await db.query(`select actor, details from audit_log where action = 'ticket.status_changed' and subject_id = $1`, [String(ticket.id)]);
    expect(audit.rows).toEqual([{ actor: 'system', details: { from: 'new', to: 'pending', reason: 'reply sent' } }]);
    const outbound = detail.json().messages.filter((m: { direction: string }) => m.direction === 'outbound');
    expect(outbound).toEqual([expect.objectContaining({ deliveryStatus: 'sent', externalId: sent.id, visibility: 'public' })]);
    const inbound = detail.json().messages.filter((m: { direction: string }) => m.direction === 'inbound');
    expect(sent.inReplyToTweetId).toBe(inbound[inbound.length - 1].externalId);
    await api.close();
  });

  test('a private reply to a DM goes out as a DM; a public one is refused', async () => {
    const api = await buildApi(runtime, { apiToken: API_TOKEN });
    const auth = { authorization: `Bearer ${API_TOKEN}` };
    const list = await api.inject({ url: '/api/tickets?q=abonnement', headers: auth });
    const [ticket] = list.json().items;
    const refused = await api.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/replies`,
      headers: auth,
      payload: { text: 'Dag Carla', visibility: 'public' },
    });
    expect(refused.statusCode).toBe(422);
    const accepted = await api.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/replies`,
      headers: auth,
      payload: { text: 'Dag Carla, u kan uw abonnement in de app verlengen. Groeten, Sarah', visibility: 'private' },
    });
    expect(accepted.statusCode).toBe(202);
    const outbox = await db.query<{ id: number }>(`select id from outbox where kind = 'reply' and payload->>'messageId' = $1`, [String(accepted.json().messageId)]);
    expect(await processOutbound(runtime, outbox.rows[0]!.id)).toBe('sent');
    expect(emulator.replies[emulator.replies.length - 1]).toMatchObject({ kind: 'dm', participantId: '503' });
    await api.close();
  });
});

describe('the API', () => {
  test('refuses requests without the token and explains bad input', async () => {
    const api = await buildApi(runtime, { apiToken: API_TOKEN });
    expect((await api.inject({ url: '/api/tickets' })).statusCode).toBe(401);
    expect((await api.inject({ url: '/api/tickets', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const auth = { authorization: `Bearer ${API_TOKEN}` };
    const bad = await api.inject({ url: '/api/tickets?category=rant', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^category:/);
    expect((await api.inject({ url: '/api/tickets/999999', headers: auth })).statusCode).toBe(404);
    const empty = await api.inject({ method: 'POST', url: '/api/tickets/1/replies', headers: auth, payload: { text: ' ', visibility: 'public' } });
    expect(empty.statusCode).toBe(400);
    await api.close();
  });

  test('filters by entity, category and status', async () => {
    const api = await buildApi(runtime, { apiToken: API_TOKEN });
    const auth = { authorization: `Bearer ${API_TOKEN}` };
    const complaints = await api.inject({ url: '/api/tickets?category=complaint', headers: auth });
    expect(complaints.json().total).toBeGreaterThanOrEqual(2);
    for (const item of complaints.json().items) expect(item.category).toBe('complaint');
    const vdab = await api.inject({ url: '/api/tickets?entity=vdab&status=new', headers: auth });
    expect(vdab.json().items.length).toBe(vdab.json().total);
    for (const item of vdab.json().items) expect(item).toMatchObject({ entity: 'vdab', status: 'new' });
    expect(await count(`select count(*) as n from tickets where entity_id = 'vdab' and status = 'new'`)).toBe(vdab.json().total);
    await api.close();
  });
});

describe('when Redis is down', () => {
  test('ingest still commits and the sweeper dispatches the complaint later', async () => {
    const dead = testRuntime({ db, redisUrl: 'redis://127.0.0.1:1', prefix: uniquePrefix(), smtpUrl: smtp.url, connectors: runtime.connectors });
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '801', username: 'kim', text: '@delijn ik wil een klacht indienen over de chauffeur van lijn 9' });
    const outcome = await pollChannel(dead, 'delijn-x');
    expect(outcome).toMatchObject({ status: 'polled', inserted: 1 });
    const pending = await db.query<{ id: number; dispatched_at: Date | null }>(
      `select o.id, o.dispatched_at from outbox o where o.kind = 'coordinator_mail' and o.status = 'pending'`,
    );
    expect(pending.rows).toEqual([{ id: expect.any(Number), dispatched_at: null }]);
    await dead.queues.close();
    dead.mailer.close();

    smtp.mails.length = 0;
    const workers = await startWorkers(runtime);
    try {
      await eventually(async () => smtp.mails.length === 1);
    } finally {
      await workers.close();
    }
  });
});
