/**
 * The e-mail connector against the e-mail emulator over real sockets: imapflow → hoodiecrow-imap
 * and nodemailer → smtp-server, both on 127.0.0.1. No mocks.
 */
import { createEmailConnector } from '../../connectors/email/connector.js';
import { EmailEmulator, seedDemo } from '../../connectors/email/emulator.js';
import {
  AuthExpiredError,
  PermanentError,
  TransientError,
  type ChannelContext,
  type Cursor,
} from '../../connectors/types.js';
import { kindsOrErrors, messages, poll, rejection, replyTarget, timeoutRejection } from '../helpers/conformance.js';
import { platformFile } from '../helpers/fixtures.js';

const eml = (name: string): Buffer => platformFile('email', name);

const ADDRESS = 'info@gemeente.example';
const JAN = 'Jan Peeters <jan.peeters@burger.example>';
const ELS = 'Els Maes <els.maes@burger.example>';

let emu: EmailEmulator;
let connector: ReturnType<typeof createEmailConnector>;

function channelFor(credentials = emu.credentials()): ChannelContext {
  return { id: 'ch-mail-1', entityId: 'ent-1', platform: 'email', account: { address: ADDRESS, name: 'Gemeente Voorbeeld' }, credentials };
}

const imapCommands = () => emu.requestLog.filter((r) => r.protocol === 'imap').map((r) => r.command);
const smtpLog = () => emu.requestLog.filter((r) => r.protocol === 'smtp').map((r) => `${r.command} ${r.status}`);

beforeEach(async () => {
  emu = new EmailEmulator({ address: ADDRESS });
  await emu.start();
  connector = createEmailConnector({ timeoutMs: 5000 });
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('e-mail connector ↔ emulator: polling', () => {
  it('first poll reads INBOX read-only; the next poll only new mail; then nothing', async () => {
    const channel = channelFor();
    const a = await emu.addMail({ from: JAN, subject: 'Parkeerkaart', text: 'Hoe vraag ik een parkeerkaart aan?' });
    const b = await emu.addMail({ from: ELS, subject: 'Afval', text: 'Wanneer wordt het grof vuil opgehaald?' });

    const first = await poll(connector, channel, null, { stored: true });
    expect(first.items.map((i) => i.externalId)).toEqual([a, b]);
    expect(first.cursor).toEqual({ uidValidity: String(emu.uidValidity), lastUid: 2 });
    expect(messages(connector, first.items, channel).map((m) => m.text)).toEqual(['Hoe vraag ik een parkeerkaart aan?', 'Wanneer wordt het grof vuil opgehaald?']);
    expect(imapCommands()).toEqual(expect.arrayContaining(['LOGIN', 'EXAMINE', 'UID FETCH', 'LOGOUT']));
    expect(imapCommands()).not.toContain('SELECT');
    expect(imapCommands()).not.toContain('STORE');

    const c = await emu.addMail({ from: JAN, subject: 'Nog iets', text: 'En een bewonerskaart?' });
    const second = await poll(connector, channel, first.cursor, { stored: true });
    expect(second.items.map((i) => i.externalId)).toEqual([c]);
    expect(second.cursor).toMatchObject({ lastUid: 3 });

    const before = emu.requestLog.length;
    const third = await poll(connector, channel, second.cursor, { stored: true });
    expect(third.items).toEqual([]);
    expect(third.cursor).toEqual(second.cursor);
    // UIDNEXT says nothing is new: no UID FETCH at all.
    expect(emu.requestLog.slice(before).map((r) => r.command)).not.toContain('UID FETCH');
  });

  it('pages 10 mails by 4 and resumes from the stored cursor with a fresh connector', async () => {
    connector = createEmailConnector({ timeoutMs: 5000, pageSize: 4 });
    const channel = channelFor();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await emu.addMail({ from: JAN, subject: `Melding ${i}`, text: `melding ${i}` }));

    const page1 = await connector.fetch(channel, null);
    expect(page1.items.map((i) => i.externalId)).toEqual(ids.slice(0, 4));
    expect(page1.more).toBe(true);
    expect(page1.cursor).toMatchObject({ lastUid: 4 });

    const late = await emu.addMail({ from: ELS, subject: 'Tussendoor', text: 'tijdens het bladeren' });
    connector = createEmailConnector({ timeoutMs: 5000, pageSize: 4 });
    const rest = await poll(connector, channel, JSON.parse(JSON.stringify(page1.cursor)) as Cursor, { stored: true });
    expect(rest.pages).toBe(2);
    expect(rest.items.map((i) => i.externalId)).toEqual([...ids.slice(4), late]);
    expect(rest.cursor).toMatchObject({ lastUid: 11 });
  });

  it('handles an empty INBOX', async () => {
    const page = await connector.fetch(channelFor(), null);
    expect(page).toEqual({ items: [], cursor: { uidValidity: String(emu.uidValidity), lastUid: 0 }, more: false });
    expect(imapCommands()).not.toContain('UID FETCH');
  });

  it('rescans the whole INBOX when UIDVALIDITY changes (ingest dedupes on Message-ID)', async () => {
    const channel = channelFor();
    const old = [await emu.addMail({ from: JAN, text: 'een' }), await emu.addMail({ from: ELS, text: 'twee' }), await emu.addMail({ from: JAN, text: 'drie' })];
    const first = await poll(connector, channel, null, { stored: true });
    expect(first.cursor).toMatchObject({ lastUid: 3 });
    const validity = emu.uidValidity;

    emu.resetUidValidity();
    const fresh = await emu.addMail({ from: ELS, text: 'vier' });
    // The new mail has UID 4: with the stale cursor it would look new, but the others would be read wrongly too.
    const second = await poll(connector, channel, first.cursor, { stored: true });
    expect(second.items.map((i) => i.externalId)).toEqual([...old, fresh]);
    expect(second.cursor).toEqual({ uidValidity: String(validity + 1), lastUid: 4 });
  });

  it('threads on the root Message-ID and ignores the entity’s own mail', async () => {
    const channel = channelFor();
    const question = await emu.addMail({ from: JAN, subject: 'Premie', text: 'Is mijn premie al uitbetaald?' });
    const answer = await emu.addMail({ from: `Gemeente <${ADDRESS}>`, to: 'jan.peeters@burger.example', subject: 'Re: Premie', text: 'Nog niet.', inReplyTo: question, references: [question] });
    const followUp = await emu.addMail({ from: JAN, subject: 'Re: Premie', text: 'Wanneer dan?', inReplyTo: answer, references: [question, answer] });
    const other = await emu.addMail({ from: ELS, subject: 'Premie', text: 'Ik heb dezelfde vraag' });

    const { items } = await poll(connector, channel, null, { stored: true });
    expect(items).toHaveLength(4);
    expect(connector.normalize(items[1]!, channel)).toEqual({ kind: 'ignored', reason: 'own message' });
    const msgs = messages(connector, items, channel);
    expect(msgs.map((m) => [m.externalId, m.conversationKey, m.parentExternalId])).toEqual([
      [question, `mail:${question}`, undefined],
      [followUp, `mail:${question}`, answer],
      [other, `mail:${other}`, undefined],
    ]);
  });

  it('ignores auto-replies and bounces with their reason', async () => {
    const channel = channelFor();
    await emu.addMail({ from: JAN, subject: 'Afwezig', text: 'Ik ben afwezig tot maandag.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await emu.addMail({ from: ELS, subject: 'Out of office', text: 'Niet aanwezig', headers: { 'X-Autoreply': 'yes', Precedence: 'auto_reply' } });
    emu.addRawMail(eml('bounced_gmail.eml'));
    const { items } = await poll(connector, channel, null, { stored: true });
    expect(items.map((i) => connector.normalize(i, channel))).toEqual([
      { kind: 'ignored', reason: 'auto-reply (Auto-Submitted: auto-replied)' },
      { kind: 'ignored', reason: 'auto-reply (X-Autoreply)' },
      { kind: 'ignored', reason: 'bounce (multipart/report; delivery-status)' },
    ]);
  });

  it('lists attachments as references and reads HTML-only mail as text', async () => {
    const channel = channelFor();
    await emu.addMail({
      from: JAN,
      subject: 'Foto van de put',
      html: '<p>Zie <b>foto</b> in bijlage.</p>',
      attachments: [{ filename: 'put.jpg', content: Buffer.alloc(2048, 1), contentType: 'image/jpeg' }],
    });
    const [m] = messages(connector, (await poll(connector, channel, null, { stored: true })).items, channel);
    expect(m!.text).toBe('Zie foto in bijlage.');
    expect(m!.attachments).toEqual([
      { type: 'image/jpeg', mimeType: 'image/jpeg', filename: 'put.jpg', size: 2048, ref: `INBOX;UIDVALIDITY=${emu.uidValidity}/;UID=1/;SECTION=2` },
    ]);
  });

  it('passes malformed mail through fetch; only it fails to normalize', async () => {
    const channel = channelFor();
    const good1 = await emu.addMail({ from: JAN, text: 'goed 1' });
    emu.addRawMail('To: info@gemeente.example\r\nSubject: geen afzender\r\nMessage-ID: <nofrom@x.example>\r\n\r\ngeheime inhoud\r\n');
    emu.addRawMail('From: leeg@burger.example\r\nMessage-ID: <empty@x.example>\r\n\r\n');
    const good2 = await emu.addMail({ from: ELS, text: 'goed 2' });

    const { items } = await poll(connector, channel, null, { stored: true });
    expect(items).toHaveLength(4);
    const outcomes = kindsOrErrors(connector, items, channel, /geheime|afzender/);
    expect(outcomes).toEqual(['message', expect.stringMatching(/from\.address/), expect.stringMatching(/all empty/), 'message']);
    expect(items.map((i) => i.externalId)).toEqual([good1, '<nofrom@x.example>', '<empty@x.example>', good2]);
  });
});

describe('e-mail connector ↔ emulator: replies', () => {
  it('sends one threaded reply from the channel address to the sender', async () => {
    const channel = channelFor();
    const root = '<root-1@burger.example>';
    await emu.addMail({ from: JAN, subject: 'Premie', text: 'eerste', messageId: root });
    await emu.addMail({ from: JAN, subject: 'Re: Premie', text: 'Is mijn premie al uitbetaald?', inReplyTo: root, references: [root] });
    const msgs = messages(connector, (await poll(connector, channel, null, { stored: true })).items, channel);
    const last = msgs[1]!;

    const sent = await connector.reply(channel, replyTarget(last, 'private'), 'Beste Jan,\n\nDe premie wordt deze week gestort.');

    expect(emu.replies).toHaveLength(1);
    const mail = emu.replies[0]!;
    expect(mail).toMatchObject({
      envelopeFrom: ADDRESS,
      from: ADDRESS,
      to: ['jan.peeters@burger.example'],
      subject: 'Re: Premie',
      messageId: sent.externalId,
      inReplyTo: last.externalId,
      references: [root, last.externalId],
    });
    expect(mail.text?.trim()).toBe('Beste Jan,\n\nDe premie wordt deze week gestort.');
    expect(mail.raw).toMatch(/^From: Gemeente Voorbeeld <info@gemeente\.example>$/m);
    expect(sent.externalId).toMatch(/^<[0-9a-f-]{36}@gemeente\.example>$/);
    expect(smtpLog()).toEqual(['AUTH 235', 'RCPT 250', 'DATA 250']);
  });

  it('refuses a public reply and a recipient that is not an address, before connecting', async () => {
    const channel = channelFor();
    await emu.addMail({ from: JAN, text: 'vraag' });
    const [m] = messages(connector, (await poll(connector, channel, null, { stored: true })).items, channel);
    expect(await rejection(connector.reply(channel, replyTarget(m!, 'public'), 'x'))).toBeInstanceOf(PermanentError);
    expect(await rejection(connector.reply(channel, { ...replyTarget(m!, 'private'), recipientPlatformUserId: 'unknown' }, 'x'))).toBeInstanceOf(PermanentError);
    expect(smtpLog()).toEqual([]);
    expect(emu.replies).toHaveLength(0);
  });
});

describe('e-mail connector ↔ emulator: failures become typed errors', () => {
  it('a revoked password → AuthExpiredError for IMAP and SMTP, without the password in the message', async () => {
    const channel = channelFor();
    await emu.addMail({ from: JAN, text: 'vraag' });
    const [m] = messages(connector, (await poll(connector, channel, null, { stored: true })).items, channel);
    emu.revokeToken(emu.password);

    const imapError = await rejection(connector.fetch(channel, null));
    expect(imapError).toBeInstanceOf(AuthExpiredError);
    expect(imapError.message).toBe('IMAP poll failed: [AUTHENTICATIONFAILED]');
    const smtpError = await rejection(connector.reply(channel, replyTarget(m!, 'private'), 'geheim antwoord'));
    expect(smtpError).toBeInstanceOf(AuthExpiredError);
    expect(smtpError.message).toMatch(/EAUTH/);
    for (const e of [imapError, smtpError]) expect(e.message).not.toMatch(/emulator-password|geheim/);

    emu.restoreToken(emu.password);
    await expect(connector.fetch(channel, null)).resolves.toMatchObject({ items: [expect.anything()] });
  });

  it('a wrong password in the channel → AuthExpiredError', async () => {
    const error = await rejection(connector.fetch(channelFor(emu.credentials('verkeerd')), null));
    expect(error).toBeInstanceOf(AuthExpiredError);
  });

  it('NO [UNAVAILABLE] at login and a BYE → TransientError', async () => {
    emu.failNext('unavailable');
    const unavailable = await rejection(connector.fetch(channelFor(), null));
    expect(unavailable).toBeInstanceOf(TransientError);
    expect(unavailable.message).toMatch(/UNAVAILABLE/);
    emu.failNext('bye');
    expect(await rejection(connector.fetch(channelFor(), null))).toBeInstanceOf(TransientError);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it.each([
    [451, 'TransientError', TransientError],
    [421, 'TransientError', TransientError],
    [550, 'PermanentError', PermanentError],
    [554, 'PermanentError', PermanentError],
  ] as const)('SMTP %i to RCPT TO → %s, nothing recorded', async (code, _name, type) => {
    const channel = channelFor();
    await emu.addMail({ from: JAN, text: 'vraag' });
    const [m] = messages(connector, (await poll(connector, channel, null, { stored: true })).items, channel);
    emu.failNext(code);
    const error = await rejection(connector.reply(channel, replyTarget(m!, 'private'), 'antwoord'));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(String(code));
    expect(emu.replies).toHaveLength(0);
  });

  it('a stopped emulator (connection refused) → TransientError; a restart heals it', async () => {
    const channel = channelFor();
    const imapUrl = emu.url;
    await emu.addMail({ from: JAN, text: 'vraag' });
    const [m] = messages(connector, (await poll(connector, channel, null, { stored: true })).items, channel);
    await emu.stop();
    const error = await rejection(connector.fetch(channel, null));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/ECONNREFUSED/);
    const smtpError = await rejection(connector.reply(channel, replyTarget(m!, 'private'), 'antwoord'));
    expect(smtpError).toBeInstanceOf(TransientError);
    expect(await emu.start()).toBe(imapUrl);
    await expect(connector.fetch(channel, null)).resolves.toMatchObject({ items: [expect.anything()] });
    await connector.reply(channel, replyTarget(m!, 'private'), 'antwoord na herstart');
    expect(emu.replies.map((r) => r.text?.trim())).toEqual(['antwoord na herstart']);
  });

  it('a server that never greets → TransientError after the timeout', async () => {
    const quick = createEmailConnector({ timeoutMs: 300 });
    const error = await timeoutRejection((silent) => quick.fetch(channelFor({ imapUrl: `imap://u:p@127.0.0.1:${silent.port}/`, smtpUrl: emu.credentials().smtpUrl }), null));
    expect(error.message).toMatch(/TIMEOUT/);
  });

  it('missing settings → PermanentError before connecting', async () => {
    const error = await rejection(connector.fetch({ ...channelFor(), credentials: {} }, null));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/imapUrl/);
  });
});

describe('e-mail demo seed', () => {
  it('adds six mails that normalize to messages; the thank-you joins its question’s thread', async () => {
    const channel = channelFor();
    const ids = await seedDemo(emu, { address: ADDRESS });
    expect(ids).toHaveLength(6);
    const msgs = messages(connector, (await poll(connector, channel, null, { stored: true })).items, channel);
    expect(msgs).toHaveLength(6);
    expect(msgs[3]!.conversationKey).toBe(msgs[0]!.conversationKey);
    expect(new Set(msgs.map((m) => m.conversationKey)).size).toBe(5);
    const all = msgs.map((m) => m.text).join('\n');
    expect(all).toContain('2026/04512');
    expect(all).toContain('Bonjour');
    expect(all).toContain('Which documents');
  });
});
