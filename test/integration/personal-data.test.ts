/**
 * Issue 17, personal data: a contact's export holds everything stored about them in the entity;
 * after erasing them a unique marker from their messages is nowhere in a pg_dump of the database
 * (the real binary against the test database) nor in the mail folder, and the annual report's
 * counts are unchanged; the CLI exports and erases as a child process; the retention job, on a
 * fake clock, drops raw payloads after their days and texts of closed tickets after their years.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeWebhookEvent } from '../../src/channels/webhook-events.js';
import { recordAudit } from '../../src/db/audit.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { createMailer } from '../../src/mail/mailer.js';
import { runRetention } from '../../src/personal-data/actions.js';
import { buildAnnualReport } from '../../src/reports/annual-report.js';
import { loadReportCases } from '../../src/reports/sql.js';
import { TEST_SECRET } from '../helpers/runtime.js';
import { startXComplaintStack, type XComplaintStack } from '../helpers/x-complaints.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ACCOUNT = { userId: '4801', handle: 'delijn', token: 'pd-token' };
const API = { authorization: 'Bearer personal-data-token' };
const MARKER = `zqmark${randomBytes(6).toString('hex')}`;
const OTHER = `zqother${randomBytes(6).toString('hex')}`;
const COMPLAINT = '@delijn ik wil een klacht indienen: bus 45 is alweer niet gestopt aan de halte Zuidpark, ik moest 30 minuten wachten. Schandalig!';

let stack: XComplaintStack;
let mailDir: string;
const dbUrl = () => (stack.db as { url?: string }).url ?? '';

beforeAll(async () => {
  stack = await startXComplaintStack({ entity: 'delijn', channel: 'delijn-x', account: ACCOUNT, apiToken: 'personal-data-token', coordinatorEmail: 'klachten@delijn.test' });
  // The coordinator's mails as .eml files in a folder of this test's own (no SMTP).
  mailDir = mkdtempSync(path.join(os.tmpdir(), 'inbox-pd-mail-'));
  stack.runtime.mailer.close();
  stack.runtime.settings.mail.dir = mailDir;
  stack.runtime.mailer = createMailer(stack.runtime.settings.mail);
});

afterAll(async () => {
  await stack.stop();
  rmSync(mailDir, { recursive: true, force: true });
});

/** A citizen's complaint with the marker in its text and in an attachment's key, polled and routed (the coordinator is mailed). */
async function complain(authorId: string, username: string, marker: string): Promise<{ ticketId: number; caseId: number; contactId: number }> {
  stack.emulator.addMention({ toUserId: ACCOUNT.userId, authorId, username, name: `Jan ${marker}`, text: `${COMPLAINT} ${marker}`, lang: 'nl', mediaKeys: [`3_${marker}`] });
  expect(await pollChannel(stack.runtime, 'delijn-x')).toMatchObject({ status: 'polled', inserted: 1 });
  await stack.drain();
  const { rows } = await stack.db.query<{ ticket_id: string; case_id: string; contact_id: string }>(
    `select t.id as ticket_id, c.id as case_id, t.contact_id from tickets t join contacts ct on ct.id = t.contact_id join complaints c on c.ticket_id = t.id where ct.platform_user_id = $1`,
    [authorId],
  );
  return { ticketId: Number(rows[0]!.ticket_id), caseId: Number(rows[0]!.case_id), contactId: Number(rows[0]!.contact_id) };
}

function pgDump(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('pg_dump', ['--no-owner', dbUrl()], { maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

const mailFolder = () => readdirSync(mailDir).map((name) => readFileSync(path.join(mailDir, name), 'utf8')).join('\n');

async function reportCounts() {
  const year = new Date().getUTCFullYear();
  const report = buildAnnualReport(await loadReportCases(stack.db, year), { year, generatedAt: new Date('2030-01-01T00:00:00Z') });
  return JSON.stringify(report);
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, 'node_modules/.bin/tsx'),
      ['src/cli.ts', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: dbUrl(), INBOX_SECRET_KEY: TEST_SECRET, INBOX_DEMO: '1', INBOX_MAIL_DIR: mailDir, LOG_LEVEL: 'silent' }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let mine: { ticketId: number; caseId: number; contactId: number };

test('the export holds the contact, messages with raw payloads, attachments, notes, the case, audit entries and webhook deliveries', async () => {
  if (!process.env.TEST_DATABASE_URL) return; // pg_dump needs the server
  mine = await complain('9901', 'jan_marker', MARKER);
  await complain('9902', 'an_other', OTHER);
  // The marker everywhere text can hide: the case's facts, a note, an audit detail, a stored webhook delivery.
  expect((await stack.api.inject({ method: 'POST', url: `/api/cases/${mine.caseId}/intake`, headers: API, payload: { name: 'Jan Peeters', address: 'Kerkstraat 1, 9000 Gent', email: 'jan@example.test', facts: `Bus reed door ${MARKER}` } })).statusCode).toBe(200);
  expect((await stack.api.inject({ method: 'POST', url: `/api/tickets/${mine.ticketId}/notes`, headers: API, payload: { text: `Belde terug over ${MARKER}` } })).statusCode).toBeLessThan(300);
  await recordAudit(stack.db, { actor: 'test', action: 'test.marker', subjectType: 'ticket', subjectId: mine.ticketId, details: { quoted: MARKER } });
  await storeWebhookEvent(stack.db, 'delijn-x', Buffer.from(JSON.stringify({ for_user_id: ACCOUNT.userId, tweet_create_events: [{ id_str: '777', text: `again ${MARKER}`, user: { id_str: '9901', screen_name: 'jan_marker' } }] })));
  expect(mailFolder()).toContain(MARKER);
  expect(await pgDump()).toContain(MARKER);

  const response = await stack.api.inject({ url: `/api/entities/delijn/contacts/${mine.contactId}/export`, headers: API });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-disposition']).toContain('attachment');
  const document = response.json();
  expect(document.contact).toMatchObject({ id: mine.contactId, platformUserId: '9901', handle: 'jan_marker' });
  expect(document.tickets.map((t: { id: number }) => t.id)).toEqual([mine.ticketId]);
  expect(document.messages[0].text).toContain(MARKER);
  expect(JSON.stringify(document.messages[0].raw)).toContain(MARKER);
  expect(document.attachments[0].url).toContain(MARKER);
  expect(document.notes[0].text).toContain(MARKER);
  expect(document.complaintCases[0].intake.facts).toContain(MARKER);
  expect(document.auditEntries.some((a: { action: string }) => a.action === 'test.marker')).toBe(true);
  expect(document.webhookDeliveries).toHaveLength(1);
  expect(JSON.stringify(document)).not.toContain(OTHER);
});

test('after erasing the contact the marker is nowhere in a pg_dump nor in the mail folder, and the annual report is unchanged', async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  const before = await reportCounts();
  // The citizen's message and the intake drafts that answer it.
  const messages = (await stack.db.query<{ n: number }>(`select count(*)::int as n from messages where ticket_id = $1`, [mine.ticketId])).rows[0]!.n;
  expect(messages).toBeGreaterThan(1);
  const preview = await stack.api.inject({ url: `/api/entities/delijn/contacts/${mine.contactId}/erasure`, headers: API });
  expect(preview.json()).toMatchObject({ tickets: 1, messages, cases: 1, notes: 1, webhookDeliveries: 1, mailFiles: 1, contactRow: true });
  // The body must confirm.
  expect((await stack.api.inject({ method: 'POST', url: `/api/entities/delijn/contacts/${mine.contactId}/erasure`, headers: API, payload: {} })).statusCode).toBe(400);
  const erased = await stack.api.inject({ method: 'POST', url: `/api/entities/delijn/contacts/${mine.contactId}/erasure`, headers: API, payload: { confirm: true } });
  expect(erased.statusCode).toBe(200);
  expect(erased.json()).toMatchObject({ messages, mailFiles: 1, contactRow: true });

  const dump = await pgDump();
  expect(dump).not.toContain(MARKER);
  expect(dump).not.toContain('jan_marker');
  expect(dump).toContain(OTHER); // the other citizen keeps everything
  expect(mailFolder()).not.toContain(MARKER);
  expect(mailFolder()).toContain(OTHER);
  expect(await reportCounts()).toBe(before);

  const contact = await stack.api.inject({ url: `/api/entities/delijn/contacts/${mine.contactId}`, headers: API });
  expect(contact.json()).toMatchObject({ name: 'gewist', handle: null, tickets: [{ id: mine.ticketId, category: 'complaint' }] });
  expect(contact.json().erasedAt).toEqual(expect.any(String));
  const { rows } = await stack.db.query<{ n: number }>(`select count(*)::int as n from messages where ticket_id = $1 and erased_at is not null`, [mine.ticketId]);
  expect(rows[0]!.n).toBe(messages);
});

test('inbox contact export and erase as a child process', async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  const exported = await cli(['contact', 'export', '--channel', 'delijn-x', '--user', '9902']);
  expect(exported.code).toBe(0);
  const document = JSON.parse(exported.stdout);
  expect(document.contact.platformUserId).toBe('9902');
  expect(document.messages[0].text).toContain(OTHER);

  const unconfirmed = await cli(['contact', 'erase', '--channel', 'delijn-x', '--user', '9902']);
  expect(unconfirmed.code).toBe(3);
  expect(JSON.parse(unconfirmed.stdout).wouldErase).toMatchObject({ tickets: 1, cases: 1, mailFiles: 1 });
  expect(await pgDump()).toContain(OTHER);

  const done = await cli(['contact', 'erase', '--channel', 'delijn-x', '--user', '9902', '--yes']);
  expect(done.code).toBe(0);
  expect(JSON.parse(done.stdout).erased).toMatchObject({ tickets: 1, mailFiles: 1, contactRow: true });
  expect(await pgDump()).not.toContain(OTHER);
  expect(mailFolder()).not.toContain(OTHER);

  expect((await cli(['contact', 'export', '--channel', 'delijn-x', '--user', 'nobody'])).code).toBe(1);
  expect((await cli(['contact', 'export', '--channel', 'delijn-x'])).code).toBe(2);
});

test('retention on a fake clock: raw payloads after their days, texts of closed tickets after their years', async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  const third = `zqkeep${randomBytes(4).toString('hex')}`;
  const later = await complain('9903', 'derde', third);
  expect((await stack.api.inject({ method: 'PUT', url: '/api/entities/delijn/retention', headers: API, payload: { rawPayloadDays: 30, closedTicketTextYears: 2 } })).statusCode).toBe(200);
  expect((await stack.api.inject({ url: '/api/entities/delijn/retention', headers: API })).json()).toEqual({ rawPayloadDays: 30, closedTicketTextYears: 2 });
  const deps = (at: Date) => ({ db: stack.db, settings: stack.runtime.settings, logger: stack.runtime.logger, now: () => at });
  const raw = async () => (await stack.db.query<{ raw: unknown; text: string }>('select raw, text from messages where ticket_id = $1', [later.ticketId])).rows[0]!;

  const day = 86_400_000;
  expect((await runRetention(deps(new Date(Date.now() + 29 * day))))[0]).toMatchObject({ rawPayloads: 0 });
  expect((await raw()).raw).not.toBeNull();
  expect((await runRetention(deps(new Date(Date.now() + 31 * day))))[0]!.rawPayloads).toBeGreaterThan(0);
  expect(await raw()).toMatchObject({ raw: null, text: expect.stringContaining(third) });
  // Run again: nothing more to do.
  expect((await runRetention(deps(new Date(Date.now() + 32 * day))))[0]).toMatchObject({ rawPayloads: 0, closedTickets: 0 });

  expect((await stack.api.inject({ method: 'PATCH', url: `/api/tickets/${later.ticketId}`, headers: API, payload: { status: 'closed' } })).statusCode).toBe(200);
  expect((await runRetention(deps(new Date(Date.now() + 365 * day))))[0]).toMatchObject({ closedTickets: 0 });
  const before = await reportCounts();
  expect((await runRetention(deps(new Date(Date.now() + 3 * 365 * day))))[0]).toMatchObject({ closedTickets: 1 });
  expect((await raw()).text).toBe('');
  expect(await pgDump()).not.toContain(third);
  expect(await reportCounts()).toBe(before);
});
