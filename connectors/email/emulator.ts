/**
 * An in-process mail server pair for tests, the benchmark and demo mode: IMAP from hoodiecrow-imap
 * (a scriptable IMAP4rev1 server, kept in memory) and SMTP from smtp-server (a devDependency: only
 * this emulator imports it, never the connector). Mails added with addMail() land in INBOX; what
 * the connector sends over SMTP is parsed and recorded in `replies`.
 *
 * Real answers it reproduces: a refused IMAP LOGIN is `NO [AUTHENTICATIONFAILED]` (RFC 5530, as
 * Gmail, Exchange and Dovecot answer it), `NO [UNAVAILABLE]` for a server that cannot check
 * credentials now, an untagged BYE before closing, SMTP `535 5.7.8` for refused credentials and
 * 4xx / 5xx replies to RCPT TO.
 *
 * Simplifications: one user and one mailbox (INBOX) count; no TLS (plain IMAP and SMTP on
 * 127.0.0.1); SMTP mails are recorded, not delivered into INBOX; resetUidValidity() renumbers
 * INBOX from UID 1 the way a rebuilt server index would; hoodiecrow has no CONDSTORE/QRESYNC
 * enabled here and no IDLE.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { SMTPServer } from 'smtp-server';
import { demoPdf, demoPng } from '../emulator-media.js';

/** The parts of hoodiecrow-imap (CommonJS, untyped) this emulator uses. */
interface HoodiecrowMessage {
  raw: string;
  uid: number;
  flags: string[];
  internaldate: string;
}
interface HoodiecrowMailbox {
  uidvalidity: number;
  uidnext: number;
  messages: HoodiecrowMessage[];
}
interface HoodiecrowConnection {
  socket: net.Socket | null;
  state: string;
  server: { users: Record<string, { password: string }> };
  send(response: unknown, description: string, parsed: unknown, data: unknown): void;
}
interface HoodiecrowParsed {
  tag: string;
  command: string;
  attributes?: Array<{ type: string; value: string }>;
}
interface HoodiecrowServer {
  server: net.Server;
  users: Record<string, { password: string }>;
  outputHandlers: Array<(connection: HoodiecrowConnection, response: { tag: string; command: string }, description: string, parsed?: HoodiecrowParsed) => void>;
  setCommandHandler(command: string, handler: (connection: HoodiecrowConnection, parsed: HoodiecrowParsed, data: unknown, callback: () => void) => void): void;
  getMailbox(path: string): HoodiecrowMailbox;
  appendMessage(mailbox: string, flags: string[], internaldate: Date, raw: string): unknown;
  listen(port: number, host: string, callback: () => void): void;
}

const require = createRequire(import.meta.url);
const hoodiecrow = require('hoodiecrow-imap') as (options: unknown) => HoodiecrowServer;

export interface EmailAttachmentInput {
  filename: string;
  content: string | Buffer;
  contentType?: string;
}

export interface NewMail {
  from: string;
  to?: string;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: EmailAttachmentInput[];
  date?: Date;
  /** Extra headers, e.g. { 'Auto-Submitted': 'auto-replied' }. */
  headers?: Record<string, string>;
}

export interface SentMail {
  envelopeFrom?: string;
  to: string[];
  from?: string;
  subject?: string;
  text?: string;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  raw: string;
  at: Date;
}

export interface EmailRequestLogEntry {
  protocol: 'imap' | 'smtp';
  /** IMAP command (LOGIN, EXAMINE, UID FETCH, …) or SMTP stage (AUTH, RCPT, DATA). */
  command: string;
  /** IMAP OK/NO/BAD, SMTP reply code. */
  status: string;
}

/** IMAP: 'unavailable' answers LOGIN with NO [UNAVAILABLE], 'bye' closes the connection at LOGIN. SMTP: a reply code to RCPT TO. */
export type EmailFailure = 'unavailable' | 'bye' | 421 | 450 | 451 | 550 | 552 | 554;

const DEFAULT_ADDRESS = 'info@gemeente.example';

export class EmailEmulator {
  readonly replies: SentMail[] = [];
  readonly requestLog: EmailRequestLogEntry[] = [];
  readonly address: string;
  readonly user: string;
  readonly password: string;

  private imapPort: number;
  private smtpPort: number;
  private readonly imap: HoodiecrowServer;
  private smtp: SMTPServer | undefined;
  private readonly sockets = new Set<net.Socket>();
  private running = false;
  private readonly revoked = new Set<string>();
  private readonly failures: Array<{ failure: EmailFailure; remaining: number }> = [];

  constructor(opts: { address?: string; user?: string; password?: string; imapPort?: number; smtpPort?: number } = {}) {
    this.address = opts.address ?? DEFAULT_ADDRESS;
    this.user = opts.user ?? this.address;
    this.password = opts.password ?? 'emulator-password';
    this.imapPort = opts.imapPort ?? 0;
    this.smtpPort = opts.smtpPort ?? 0;
    this.imap = hoodiecrow({
      plugins: ['ID', 'ENABLE', 'UNSELECT'],
      id: { name: 'hoodiecrow-emulator' },
      users: { [this.user]: { password: this.password } },
      storage: { INBOX: { messages: [], uidvalidity: Math.floor(Date.now() / 1000) }, '': { separator: '/', folders: {} } },
    });
    this.imap.setCommandHandler('LOGIN', (connection, parsed, data, callback) => this.login(connection, parsed, data, callback));
    this.imap.outputHandlers.push((_connection, response, _description, parsed) => {
      if (parsed && response.tag === parsed.tag) this.requestLog.push({ protocol: 'imap', command: parsed.command.toUpperCase(), status: response.command });
    });
    this.imap.server.on('connection', (socket: net.Socket) => {
      // hoodiecrow writes each response line separately; without this Nagle holds every tagged reply ~40 ms.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** The IMAP base URL, imap://127.0.0.1:<port>/ (no credentials: see credentials()). */
  get url(): string {
    return this.running ? `imap://127.0.0.1:${this.imapPort}/` : '';
  }

  get smtpUrl(): string {
    return this.running ? `smtp://127.0.0.1:${this.smtpPort}` : '';
  }

  /** What an e-mail channel's credentials hold to reach this emulator. */
  credentials(password = this.password): { imapUrl: string; smtpUrl: string } {
    const user = encodeURIComponent(this.user);
    const pass = encodeURIComponent(password);
    return {
      imapUrl: `imap://${user}:${pass}@127.0.0.1:${this.imapPort}/?secure=false`,
      smtpUrl: `smtp://${user}:${pass}@127.0.0.1:${this.smtpPort}/?secure=false`,
    };
  }

  get uidValidity(): number {
    return this.inbox().uidvalidity;
  }

  get messageCount(): number {
    return this.inbox().messages.length;
  }

  /** Starting again after stop() reuses both ports and keeps every mail and reply. */
  async start(): Promise<string> {
    if (this.running) return this.url;
    await new Promise<void>((resolve, reject) => {
      this.imap.server.once('error', reject);
      this.imap.listen(this.imapPort, '127.0.0.1', () => resolve());
    });
    this.imapPort = (this.imap.server.address() as AddressInfo).port;
    // A closed smtp-server answers 421 for good, so every start gets a new one.
    const smtp = this.smtpServer();
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(this.smtpPort, '127.0.0.1', () => resolve());
    });
    this.smtp = smtp;
    this.smtpPort = (smtp.server.address() as AddressInfo).port;
    this.running = true;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.imap.server.close(() => resolve()));
    // smtp-server's close() waits for open sessions; a client that quit has none left.
    const smtp = this.smtp;
    this.smtp = undefined;
    if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }

  /** Builds an RFC 822 message with nodemailer's MailComposer and appends it to INBOX. Returns its Message-ID. */
  async addMail(m: NewMail): Promise<string> {
    const domain = /@([^\s<>@]+?)>?\s*$/.exec(m.from)?.[1] ?? 'example.org';
    const messageId = m.messageId ?? `<${randomUUID()}@${domain}>`;
    const composer = new MailComposer({
      from: m.from,
      to: m.to ?? this.address,
      subject: m.subject ?? '',
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.html !== undefined ? { html: m.html } : {}),
      messageId,
      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
      ...(m.references ? { references: m.references } : {}),
      date: m.date ?? new Date(),
      ...(m.headers ? { headers: m.headers } : {}),
      ...(m.attachments ? { attachments: m.attachments.map((a) => ({ filename: a.filename, content: a.content, ...(a.contentType ? { contentType: a.contentType } : {}) })) } : {}),
    });
    const raw = await composer.compile().build();
    this.addRawMail(raw, m.date);
    return messageId;
  }

  /** Appends a message verbatim (bytes kept as they are). */
  addRawMail(raw: string | Buffer, internalDate: Date = new Date()): void {
    const binary = typeof raw === 'string' ? Buffer.from(raw, 'utf8').toString('binary') : raw.toString('binary');
    this.imap.appendMessage('INBOX', [], internalDate, binary);
  }

  /** A new UIDVALIDITY with every message renumbered from UID 1, as after a server rebuild. */
  resetUidValidity(): void {
    const box = this.inbox();
    box.uidvalidity += 1;
    box.messages.forEach((m, i) => (m.uid = i + 1));
    box.uidnext = box.messages.length + 1;
  }

  failNext(failure: EmailFailure, opts: { count?: number } = {}): void {
    this.failures.push({ failure, remaining: opts.count ?? 1 });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** The password (or token) no longer logs in: IMAP NO [AUTHENTICATIONFAILED], SMTP 535. */
  revokeToken(password: string): void {
    this.revoked.add(password);
  }

  restoreToken(password: string): void {
    this.revoked.delete(password);
  }

  // ---- internals ----

  private inbox(): HoodiecrowMailbox {
    return this.imap.getMailbox('INBOX');
  }

  private take(match: (f: EmailFailure) => boolean): EmailFailure | undefined {
    const rule = this.failures.find((r) => r.remaining > 0 && match(r.failure));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.failures.splice(this.failures.indexOf(rule), 1);
    return rule.failure;
  }

  private login(connection: HoodiecrowConnection, parsed: HoodiecrowParsed, data: unknown, callback: () => void): void {
    const [user, pass] = (parsed.attributes ?? []).map((a) => a.value);
    const respond = (command: 'OK' | 'NO' | 'BAD', text: string, code?: string) =>
      connection.send(
        { tag: parsed.tag, command, attributes: [...(code ? [{ type: 'SECTION', section: [{ type: 'ATOM', value: code }] }] : []), { type: 'TEXT', value: text }] },
        `LOGIN ${command}`,
        parsed,
        data,
      );
    const failure = this.take((f) => f === 'unavailable' || f === 'bye');
    if (failure === 'bye') {
      connection.send({ tag: '*', command: 'BYE', attributes: [{ type: 'TEXT', value: 'Server shutting down' }] }, 'BYE', parsed, data);
      connection.socket?.end();
      return callback();
    }
    if (failure === 'unavailable') {
      respond('NO', 'Temporary authentication failure', 'UNAVAILABLE');
      return callback();
    }
    if (user === undefined || pass === undefined) {
      respond('BAD', 'LOGIN takes 2 string arguments');
      return callback();
    }
    const known = connection.server.users[user];
    if (!known || known.password !== pass || this.revoked.has(pass)) {
      respond('NO', 'Invalid credentials', 'AUTHENTICATIONFAILED');
      return callback();
    }
    connection.state = 'Authenticated';
    respond('OK', 'User logged in');
    callback();
  }

  private smtpServer(): SMTPServer {
    const log = (command: string, status: number) => this.requestLog.push({ protocol: 'smtp', command, status: String(status) });
    const fail = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
    return new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      banner: 'smtp emulator',
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password && !this.revoked.has(auth.password ?? '')) {
          log('AUTH', 235);
          return callback(null, { user: auth.username });
        }
        log('AUTH', 535);
        return callback(fail(535, 'Authentication credentials invalid'));
      },
      onRcptTo: (_address, _session, callback) => {
        const failure = this.take((f) => typeof f === 'number');
        if (typeof failure === 'number') {
          log('RCPT', failure);
          const texts: Record<number, string> = {
            421: 'Service not available, closing transmission channel',
            450: 'Requested mail action not taken: mailbox unavailable',
            451: 'Requested action aborted: local error in processing',
            550: 'Requested action not taken: mailbox unavailable',
            552: 'Requested mail action aborted: exceeded storage allocation',
            554: 'Transaction failed',
          };
          return callback(fail(failure, texts[failure] ?? 'Refused'));
        }
        log('RCPT', 250);
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true })
            .then((mail) => {
              const record: SentMail = {
                to: session.envelope.rcptTo.map((r) => r.address),
                references: Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [],
                raw: raw.toString('utf8'),
                at: new Date(),
              };
              if (session.envelope.mailFrom) record.envelopeFrom = session.envelope.mailFrom.address;
              if (mail.from?.value[0]?.address) record.from = mail.from.value[0].address;
              if (mail.subject !== undefined) record.subject = mail.subject;
              if (mail.text !== undefined) record.text = mail.text;
              if (mail.messageId) record.messageId = mail.messageId;
              if (mail.inReplyTo) record.inReplyTo = mail.inReplyTo;
              this.replies.push(record);
              log('DATA', 250);
              callback();
            })
            .catch(() => {
              log('DATA', 554);
              callback(fail(554, 'Message could not be parsed'));
            });
        });
      },
    });
  }
}

/** Six realistic citizens' mails for demo mode (Dutch mostly, one French, one English). */
export async function seedDemo(emulator: EmailEmulator, account: { address: string }): Promise<string[]> {
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const to = account.address;
  const ids: string[] = [];
  const question = await emulator.addMail({
    from: 'An Vermeulen <an.vermeulen@telenet.example>',
    to,
    subject: 'Vraag over de renovatiepremie',
    text: 'Goedendag,\n\nVanaf wanneer kan ik de renovatiepremie aanvragen voor een woning die ik in oktober gekocht heb? Moet ik eerst de werken laten uitvoeren?\n\nMet vriendelijke groeten,\nAn Vermeulen',
    date: minutesAgo(90),
  });
  ids.push(question);
  ids.push(
    await emulator.addMail({
      from: 'Pieter De Wilde <pieter.dewilde@proximus.example>',
      to,
      subject: 'Klacht: dossier 2026/04512 nog altijd niet behandeld',
      text: 'Geachte,\n\nOp 3 maart heb ik mijn aanvraag ingediend (dossiernummer 2026/04512). Vandaag, vier maanden later, heb ik nog altijd geen beslissing ontvangen. Ik heb twee keer gebeld en beide keren werd beloofd dat iemand zou terugbellen, wat nooit gebeurd is. Ik wil dat mijn dossier binnen de wettelijke termijn behandeld wordt.\n\nPieter De Wilde',
      attachments: [{ filename: 'ontvangstbewijs.pdf', content: demoPdf('Ontvangstbewijs dossier 2026/04512'), contentType: 'application/pdf' }],
      date: minutesAgo(75),
    }),
  );
  ids.push(
    await emulator.addMail({
      from: 'Lotte Peeters <lotte.peeters@gmail.example>',
      to,
      subject: 'Wachttijd aan het loket',
      text: 'Ik heb vanmorgen anderhalf uur aan het loket gewacht voor een eenvoudig attest. Dat kan toch beter georganiseerd worden. In bijlage een foto van de wachtrij.',
      attachments: [{ filename: 'wachtrij.png', content: demoPng('wachtrij'), contentType: 'image/png' }],
      date: minutesAgo(60),
    }),
  );
  ids.push(
    await emulator.addMail({
      from: 'An Vermeulen <an.vermeulen@telenet.example>',
      to,
      subject: 'Re: Vraag over de renovatiepremie',
      text: 'Bedankt voor de snelle en duidelijke uitleg!\n\nAn',
      inReplyTo: question,
      references: [question],
      date: minutesAgo(45),
    }),
  );
  ids.push(
    await emulator.addMail({
      from: 'Sophie Dubois <sophie.dubois@skynet.example>',
      to,
      subject: 'Demande de formulaire en français',
      text: "Bonjour,\n\nEst-ce que le formulaire de demande existe aussi en français ? Je ne le trouve pas sur le site.\n\nCordialement,\nSophie Dubois",
      date: minutesAgo(30),
    }),
  );
  ids.push(
    await emulator.addMail({
      from: 'Mark Johnson <mark.johnson@outlook.example>',
      to,
      subject: 'Registration question',
      html: '<p>Hello,</p><p>I recently moved to Flanders. <b>Which documents</b> do I need to register my address?</p><p>Kind regards,<br>Mark Johnson</p>',
      date: minutesAgo(15),
    }),
  );
  return ids;
}
