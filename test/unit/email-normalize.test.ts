import { emailConnector, readCursor, replySubject, threadHeaders } from '../../connectors/email/connector.js';
import { toImapError, toSmtpError } from '../../connectors/email/errors.js';
import { htmlToText } from '../../connectors/email/html-text.js';
import { automaticReason, normalizeEmailItem, threadRoot } from '../../connectors/email/normalize.js';
import { messageIds, parseMail, type EmailPayload } from '../../connectors/email/parse.js';
import { serverSettings } from '../../connectors/email/settings.js';
import {
  AuthExpiredError,
  NormalizeError,
  PermanentError,
  TransientError,
  type ChannelContext,
  type InboundMessage,
  type NormalizeOutcome,
  type ReplyTarget,
} from '../../connectors/types.js';
import { platformFile } from '../helpers/fixtures.js';

const eml = (name: string): Buffer => platformFile('email', name);
const INTERNAL = new Date('2026-11-20T10:00:00.000Z');
const parse = (name: string, uid = 7) => parseMail(eml(name), { mailbox: 'INBOX', uidValidity: '42', uid, internalDate: INTERNAL });

const channel: ChannelContext = {
  id: 'ch-mail',
  entityId: 'ent-1',
  platform: 'email',
  account: { address: 'info@gemeente.example' },
  credentials: {},
};

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

const normalize = (payload: unknown) => normalizeEmailItem({ type: 'email', payload }, channel);

const citizen: EmailPayload = {
  mailbox: 'INBOX',
  uidValidity: '42',
  uid: 12,
  internalDate: '2026-11-20T09:16:00.000Z',
  messageId: '<m2@burger.example>',
  inReplyTo: '<m1@gemeente.example>',
  references: ['<m0@burger.example>', '<m1@gemeente.example>'],
  subject: 'Re: Uw aanvraag',
  date: '2026-11-20T09:15:00.000Z',
  from: { address: 'Jan.Peeters@Burger.example', name: 'Jan Peeters' },
  to: [{ address: 'info@gemeente.example' }],
  cc: [],
  text: 'Mijn aanvraag voor een parkeerkaart is nog altijd niet behandeld.',
  textSource: 'plain',
  auto: {},
  attachments: [],
};

describe('e-mail parse + normalize: recorded messages', () => {
  it('threads on the first References entry and points to In-Reply-To', async () => {
    const payload = await parse('references.eml');
    expect(payload).toMatchObject({
      messageId: '<0CB459E0-0336-41DA-BC88-E6E28C697DDBF@chatwoot.com>',
      inReplyTo: '<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>',
      references: ['<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>', '<test-in-reply-to>'],
      subject: "Discussion: Let's debate these attachments",
      from: { address: 'sony@chatwoot.com', name: 'Sony Mathew' },
      textSource: 'plain',
      date: '2020-04-20T08:20:20.000Z',
    });
    const m = message(normalize(payload));
    expect(m).toMatchObject({
      externalId: '<0CB459E0-0336-41DA-BC88-E6E28C697DDBF@chatwoot.com>',
      conversationKey: 'mail:<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>',
      parentExternalId: '<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>',
      kind: 'email',
      text: 'References Email',
      author: { platformUserId: 'sony@chatwoot.com', name: 'Sony Mathew' },
    });
    expect(m.sentAt.toISOString()).toBe('2020-04-20T08:20:20.000Z');
    expect(m.raw).toBe(payload);
  });

  it('reads a folded In-Reply-To with two ids: the first is the parent', async () => {
    const payload = await parse('multiple_in_reply_to.eml');
    expect(payload.inReplyTo).toBe('<4e6e35f5a38b4_479f13bb90078171@small-app-01.mail>');
    const m = message(normalize(payload));
    expect(m.conversationKey).toBe('mail:<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>');
    expect(m.author.platformUserId).toBe('sony@chatwoot.com');
  });

  it('converts an HTML-only mail to text and threads it on its own Message-ID', async () => {
    const payload = await parse('only_html.eml');
    expect(payload.textSource).toBe('html');
    expect(payload.inReplyTo).toBeUndefined();
    const m = message(normalize(payload));
    expect(m.text).toBe('This is html only mail');
    expect(m.conversationKey).toBe('mail:<6215d71711c38_10bc61914022323@tejaswinis-MacBook-Pro.local.mail>');
    expect(m.parentExternalId).toBeUndefined();
  });

  it('lists attachments as references without content', async () => {
    const payload = await parse('html_and_attachments.trimmed.eml');
    expect(payload.attachments).toEqual([{ type: 'image/jpeg', filename: '1610894557447.jpg', size: 136, part: '2' }]);
    expect(JSON.stringify(payload)).not.toContain('/9j/4AAQ');
    const m = message(normalize(payload));
    expect(m.text).toBe('This is html and attachments only mail');
    // The IMAP location of the part (RFC 5092 path), so the connector can fetch the file later.
    expect(m.attachments).toEqual([{ type: 'image/jpeg', mimeType: 'image/jpeg', filename: '1610894557447.jpg', size: 136, ref: 'INBOX;UIDVALIDITY=42/;UID=7/;SECTION=2' }]);
  });

  it('synthesizes a stable Message-ID and falls back to the IMAP date when Date is empty', async () => {
    const a = await parse('mail_with_no_date.eml', 1);
    const b = await parse('mail_with_no_date.eml', 99);
    expect(a.messageIdSynthesized).toBe(true);
    expect(a.messageId).toMatch(/^<sha256-[0-9a-f]{32}@no-message-id\.invalid>$/);
    expect(b.messageId).toBe(a.messageId);
    expect(a.date).toBeUndefined();
    const m = message(normalize(a));
    expect(m.sentAt.toISOString()).toBe(INTERNAL.toISOString());
    expect(m.text).toBe('text only mail');
    expect(m.conversationKey).toBe(`mail:${a.messageId}`);
  });

  it('ignores the recorded bounce and the recorded auto-reply, saying why', async () => {
    expect(normalize(await parse('bounced_gmail.eml'))).toEqual({ kind: 'ignored', reason: 'bounce (multipart/report; delivery-status)' });
    const auto = await parse('non_utf_encoded_mail.eml');
    expect(auto.auto).toEqual({ autoSubmitted: 'auto-replied', xAutoreply: 'yes', precedence: 'bulk' });
    expect(auto.subject).toBe('أهلين عميلنا الكريم ');
    expect(normalize(auto)).toEqual({ kind: 'ignored', reason: 'auto-reply (Auto-Submitted: auto-replied)' });
  });
});

describe('e-mail normalize: synthetic payloads', () => {
  it('reads a citizen mail; the address is the author id, lower-cased', () => {
    const m = message(normalize(citizen));
    expect(m).toMatchObject({
      externalId: '<m2@burger.example>',
      conversationKey: 'mail:<m0@burger.example>',
      parentExternalId: '<m1@gemeente.example>',
      author: { platformUserId: 'jan.peeters@burger.example', name: 'Jan Peeters' },
      kind: 'email',
    });
    expect(m.sentAt.toISOString()).toBe('2026-11-20T09:15:00.000Z');
    expect(m.lang).toBeUndefined();
    expect(m.permalink).toBeUndefined();
  });

  it('ignores mail from the channel’s own address, whatever its case', () => {
    expect(normalize({ ...citizen, from: { address: 'INFO@Gemeente.example' } })).toEqual({ kind: 'ignored', reason: 'own message' });
  });

  it.each([
    [{ autoSubmitted: 'auto-generated' }, 'auto-reply (Auto-Submitted: auto-generated)'],
    [{ xAutoreply: 'yes' }, 'auto-reply (X-Autoreply)'],
    [{ xAutorespond: 'on' }, 'auto-reply (X-Autorespond)'],
    [{ precedence: 'auto_reply' }, 'auto-reply (Precedence: auto_reply)'],
    [{ precedence: 'bulk' }, 'auto-reply (Precedence: bulk)'],
    [{ failedRecipients: true }, 'bounce (X-Failed-Recipients)'],
  ])('ignores automatic mail %j', (auto, reason) => {
    expect(normalize({ ...citizen, auto })).toEqual({ kind: 'ignored', reason });
  });

  it('ignores MAILER-DAEMON and multipart/report; keeps Auto-Submitted: no and Precedence: list', () => {
    expect(normalize({ ...citizen, from: { address: 'MAILER-DAEMON@mx.example' } })).toEqual({ kind: 'ignored', reason: 'bounce (MAILER-DAEMON)' });
    expect(normalize({ ...citizen, contentType: 'multipart/report' })).toEqual({ kind: 'ignored', reason: 'bounce (multipart/report)' });
    expect(normalize({ ...citizen, auto: { autoSubmitted: 'no', precedence: 'list' } }).kind).toBe('message');
    expect(automaticReason({ ...citizen })).toBeUndefined();
  });

  it('keeps a mail with attachments but no text, and uses the subject for an empty body', () => {
    const attached = message(normalize({ ...citizen, text: '', attachments: [{ type: 'application/pdf', filename: 'bewijs.pdf', size: 1200 }, { type: 'image/png', size: 10, inline: true }] }));
    expect(attached.text).toBe('');
    expect(attached.attachments).toEqual([{ type: 'application/pdf', mimeType: 'application/pdf', filename: 'bewijs.pdf', size: 1200 }]);
    expect(message(normalize({ ...citizen, text: '  \n' })).text).toBe('Re: Uw aanvraag');
  });

  it('threads without References on In-Reply-To', () => {
    expect(threadRoot({ inReplyTo: '<p@x>' }, '<me@x>')).toBe('<p@x>');
    expect(threadRoot({ references: [], inReplyTo: '<p@x>' }, '<me@x>')).toBe('<p@x>');
    expect(threadRoot({}, '<me@x>')).toBe('<me@x>');
  });

  it.each([
    ['no Message-ID', { ...citizen, messageId: undefined }, /messageId/],
    ['no From', { ...citizen, from: undefined }, /from\.address/],
    ['an unreadable date', { ...citizen, date: 'gisteren' }, /payload\.date/],
    ['no date at all', { ...citizen, date: undefined, internalDate: undefined }, /date/],
    ['no text', { ...citizen, text: undefined }, /payload\.text/],
    ['nothing to read', { ...citizen, text: '', subject: undefined }, /all empty/],
    ['an unparsable message', { mailbox: 'INBOX', uid: 5, unreadable: 'the message could not be parsed' }, /uid 5/],
  ])('throws NormalizeError on %s, naming the field but not the text', (_label, payload, field) => {
    let error: unknown;
    try {
      normalize(payload);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NormalizeError);
    expect((error as Error).message).toMatch(field);
    expect((error as Error).message).not.toContain('parkeerkaart');
  });

  it('throws on a payload that is not an object or an unknown type', () => {
    expect(() => normalize(null)).toThrow(NormalizeError);
    expect(() => normalizeEmailItem({ type: 'fax', payload: citizen }, channel)).toThrow(/unknown e-mail item type/);
  });
});

describe('e-mail helpers', () => {
  it('reads message-id lists', () => {
    expect(messageIds('<a@x> <b@y>, <a@x>')).toEqual(['<a@x>', '<b@y>']);
    expect(messageIds(['<a@x>', '<b@y>'])).toEqual(['<a@x>', '<b@y>']);
    expect(messageIds('bare@x')).toEqual(['<bare@x>']);
    expect(messageIds('')).toEqual([]);
    expect(messageIds(undefined)).toEqual([]);
  });

  it('converts HTML to readable text', () => {
    const html =
      '<html><head><style>p{color:red}</style><title>t</title></head><body><p>Beste,</p><p>Zie <a href="https://www.vlaanderen.be/premie">de premie</a> &amp; het&nbsp;loket.<br>Groet</p><ul><li>een</li><li>twee</li></ul><!-- x --><p>&#8364; 5 &eacute;&#x263A;</p></body></html>';
    expect(htmlToText(html)).toBe('Beste,\n\nZie de premie (https://www.vlaanderen.be/premie) & het loket.\nGroet\n\n- een\n- twee\n\n€ 5 é☺');
  });

  it('builds Re: subjects and thread headers from the answered mail', () => {
    expect(replySubject('Vraag')).toBe('Re: Vraag');
    expect(replySubject('RE: Vraag')).toBe('RE: Vraag');
    expect(replySubject('Antw: Vraag')).toBe('Antw: Vraag');
    expect(replySubject(undefined)).toBe('Re: uw bericht');
    const target: ReplyTarget = {
      visibility: 'private',
      inReplyToRaw: citizen,
      inReplyToExternalId: citizen.messageId,
      inReplyToKind: 'email',
      conversationKey: 'mail:<m0@burger.example>',
      recipientPlatformUserId: 'jan.peeters@burger.example',
    };
    expect(threadHeaders(target)).toEqual({
      inReplyTo: '<m2@burger.example>',
      references: ['<m0@burger.example>', '<m1@gemeente.example>', '<m2@burger.example>'],
      subject: 'Re: Uw aanvraag',
    });
    expect(threadHeaders({ ...target, inReplyToRaw: { messageId: '<x@y>', inReplyTo: '<w@y>' } })).toEqual({ inReplyTo: '<x@y>', references: ['<w@y>', '<x@y>'], subject: 'Re: uw bericht' });
    expect(threadHeaders({ ...target, inReplyToRaw: undefined, inReplyToExternalId: '<only@id>' })).toMatchObject({ inReplyTo: '<only@id>', references: ['<only@id>'] });
  });

  it('reads server URLs from the credentials without leaking them in errors', () => {
    expect(serverSettings({ imapUrl: 'imap://info%40gemeente.be:p%40ss@mail.example' }, 'imapUrl')).toEqual({ host: 'mail.example', port: 143, secure: false, user: 'info@gemeente.be', password: 'p@ss' });
    expect(serverSettings({ imapUrl: 'imaps://u:p@mail.example' }, 'imapUrl')).toMatchObject({ port: 993, secure: true });
    expect(serverSettings({ imapUrl: 'imaps://u:p@mail.example:1993/?secure=false' }, 'imapUrl')).toMatchObject({ port: 1993, secure: false });
    expect(serverSettings({ smtpUrl: 'smtps://u:p@smtp.example', accessToken: 'tok' }, 'smtpUrl')).toMatchObject({ port: 465, secure: true, accessToken: 'tok' });
    expect(serverSettings({ smtpUrl: 'smtp://smtp.example' }, 'smtpUrl')).toEqual({ host: 'smtp.example', port: 587, secure: false });
    for (const [credentials, key] of [
      [{ imapUrl: 'http://u:secretpw@x' }, 'imapUrl'],
      [{ imapUrl: 'not a url secretpw' }, 'imapUrl'],
      [{ smtpUrl: 'imap://u:secretpw@x' }, 'smtpUrl'],
      [{}, 'smtpUrl'],
    ] as const) {
      let error: unknown;
      try {
        serverSettings(credentials, key);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PermanentError);
      expect((error as Error).message).not.toContain('secretpw');
    }
  });

  it('maps IMAP failures', () => {
    expect(toImapError({ authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' }, 'poll')).toBeInstanceOf(AuthExpiredError);
    expect(toImapError({ authenticationFailed: true }, 'poll')).toBeInstanceOf(AuthExpiredError);
    expect(toImapError({ authenticationFailed: true, serverResponseCode: 'UNAVAILABLE' }, 'poll')).toBeInstanceOf(TransientError);
    expect(toImapError({ code: 'ECONNREFUSED' }, 'poll')).toBeInstanceOf(TransientError);
    expect(toImapError({ code: 'GREETING_TIMEOUT' }, 'poll').message).toBe('IMAP poll failed: GREETING_TIMEOUT');
    expect(toImapError({ serverResponseCode: 'NONEXISTENT' }, 'poll')).toBeInstanceOf(PermanentError);
    const already = new PermanentError('x');
    expect(toImapError(already, 'poll')).toBe(already);
  });

  it('maps SMTP failures', () => {
    expect(toSmtpError({ code: 'EAUTH', responseCode: 535 }, 'reply')).toBeInstanceOf(AuthExpiredError);
    expect(toSmtpError({ code: 'EENVELOPE', responseCode: 451 }, 'reply')).toBeInstanceOf(TransientError);
    expect(toSmtpError({ code: 'EENVELOPE', responseCode: 550 }, 'reply')).toBeInstanceOf(PermanentError);
    expect(toSmtpError({ code: 'ECONNECTION' }, 'reply')).toBeInstanceOf(TransientError);
    expect(toSmtpError({ code: 'ETIMEDOUT' }, 'reply')).toBeInstanceOf(TransientError);
    expect(toSmtpError({ code: 'EENVELOPE' }, 'reply')).toBeInstanceOf(PermanentError);
    expect(toSmtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, 'reply').message).toBe('SMTP reply failed: EENVELOPE, reply 550, RCPT TO');
  });
});

describe('e-mail connector surface', () => {
  it('exposes this normalizer, private replies only, and no webhook', () => {
    expect(emailConnector.platform).toBe('email');
    expect(emailConnector.normalize).toBe(normalizeEmailItem);
    expect(emailConnector.replyVisibilities('email')).toEqual(['private']);
    expect(emailConnector.replyVisibilities('post')).toEqual([]);
    expect(emailConnector.webhook).toBeUndefined();
  });

  it('reads a stored cursor defensively', () => {
    expect(readCursor(null)).toEqual({ lastUid: 0 });
    expect(readCursor({ uidValidity: '42', lastUid: 17 })).toEqual({ uidValidity: '42', lastUid: 17 });
    expect(readCursor({ uidValidity: 42, lastUid: -3 })).toEqual({ lastUid: 0 });
  });
});
