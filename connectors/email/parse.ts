/**
 * One fetched RFC 822 message → the JSON payload of an 'email' RawItem (what normalize.ts reads
 * and what a reply later gets back as `inReplyToRaw`). Parsed with mailparser; the text part is
 * preferred, HTML is converted to text when there is no text part, attachments become references
 * (type, filename, size, MIME part id) and their content is dropped. Headers that decide whether a
 * mail is a citizen's message (auto-replies, bounces) are kept as they came.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { htmlToText } from './html-text.js';

export interface EmailAddress {
  address: string;
  name?: string;
}

export interface EmailAttachmentRef {
  type: string;
  filename?: string;
  size: number;
  /** The MIME part id (IMAP BODY[<part>]), so the content can be fetched later if needed. */
  part?: string;
  inline?: boolean;
}

export interface EmailPayload {
  mailbox: string;
  uidValidity: string;
  uid: number;
  internalDate?: string;
  /** The Message-ID with angle brackets; synthesized from the content hash when the mail has none. */
  messageId: string;
  messageIdSynthesized?: true;
  inReplyTo?: string;
  references: string[];
  subject?: string;
  /** The Date header when present and readable. */
  date?: string;
  from?: EmailAddress;
  replyTo?: EmailAddress;
  to: EmailAddress[];
  cc: EmailAddress[];
  text: string;
  textSource: 'plain' | 'html' | 'none';
  /** Lower-cased header values that mark automatic mail. */
  auto: { autoSubmitted?: string; xAutoreply?: string; xAutorespond?: string; precedence?: string; failedRecipients?: boolean };
  contentType?: string;
  reportType?: string;
  attachments: EmailAttachmentRef[];
  size?: number;
}

export interface ImapMeta {
  mailbox: string;
  uidValidity: string;
  uid: number;
  internalDate?: Date;
  size?: number;
}

const MSG_ID = /<[^<>\s]+>/g;

/** Message-ids as a list, brackets kept; a bare id without brackets gets them. */
export function messageIds(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const found = raw.match(MSG_ID);
  if (found) return [...new Set(found)];
  const bare = raw.trim();
  return bare && !/\s/.test(bare) ? [`<${bare}>`] : [];
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): EmailAddress | undefined {
  return allAddresses(value)[0];
}

function allAddresses(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const out: EmailAddress[] = [];
  for (const obj of Array.isArray(value) ? value : value ? [value] : []) {
    for (const a of obj.value) {
      const list = a.group ?? [a];
      for (const m of list) {
        if (!m.address) continue;
        const entry: EmailAddress = { address: m.address };
        if (m.name) entry.name = m.name;
        out.push(entry);
      }
    }
  }
  return out;
}

function headerText(value: HeaderValue | undefined): string | undefined {
  if (typeof value === 'string') return value.trim().toLowerCase() || undefined;
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value.trim().toLowerCase() || undefined;
  return undefined;
}

export async function parseMail(source: Buffer, meta: ImapMeta): Promise<EmailPayload> {
  const mail = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const headers = mail.headers;
  const plain = (mail.text ?? '').trim();
  const html = typeof mail.html === 'string' ? htmlToText(mail.html) : '';
  const text = plain || html;
  const messageId = messageIds(mail.messageId)[0];
  const dateLine = mail.headerLines.find((l) => l.key === 'date')?.line.replace(/^date:\s*/i, '').trim();
  const contentType = headers.get('content-type');

  const payload: EmailPayload = {
    mailbox: meta.mailbox,
    uidValidity: meta.uidValidity,
    uid: meta.uid,
    messageId: messageId ?? `<sha256-${createHash('sha256').update(source).digest('hex').slice(0, 32)}@no-message-id.invalid>`,
    references: messageIds(mail.references),
    to: allAddresses(mail.to),
    cc: allAddresses(mail.cc),
    text,
    textSource: plain ? 'plain' : html ? 'html' : 'none',
    auto: {},
    attachments: mail.attachments.map((a) => {
      const ref: EmailAttachmentRef = { type: a.contentType || 'application/octet-stream', size: a.size };
      if (a.filename) ref.filename = a.filename;
      const part = (a as { partId?: unknown }).partId;
      if (typeof part === 'string' && part) ref.part = part;
      if (a.related) ref.inline = true;
      return ref;
    }),
  };
  if (!messageId) payload.messageIdSynthesized = true;
  if (meta.internalDate && !Number.isNaN(meta.internalDate.getTime())) payload.internalDate = meta.internalDate.toISOString();
  if (meta.size !== undefined) payload.size = meta.size;
  const inReplyTo = messageIds(mail.inReplyTo)[0];
  if (inReplyTo) payload.inReplyTo = inReplyTo;
  if (mail.subject !== undefined) payload.subject = mail.subject;
  if (dateLine && mail.date && !Number.isNaN(mail.date.getTime())) payload.date = mail.date.toISOString();
  const from = firstAddress(mail.from);
  if (from) payload.from = from;
  const replyTo = firstAddress(mail.replyTo);
  if (replyTo) payload.replyTo = replyTo;

  const auto: EmailPayload['auto'] = {};
  const autoSubmitted = headerText(headers.get('auto-submitted'));
  if (autoSubmitted) auto.autoSubmitted = autoSubmitted;
  const xAutoreply = headerText(headers.get('x-autoreply'));
  if (xAutoreply) auto.xAutoreply = xAutoreply;
  const xAutorespond = headerText(headers.get('x-autorespond'));
  if (xAutorespond) auto.xAutorespond = xAutorespond;
  const precedence = headerText(headers.get('precedence'));
  if (precedence) auto.precedence = precedence;
  if (headers.has('x-failed-recipients')) auto.failedRecipients = true;
  payload.auto = auto;

  if (contentType && typeof contentType === 'object' && 'value' in contentType && typeof contentType.value === 'string') {
    payload.contentType = contentType.value.toLowerCase();
    const reportType = (contentType as { params?: Record<string, string> }).params?.['report-type'];
    if (reportType) payload.reportType = reportType.toLowerCase();
  }
  return payload;
}

/** The content of the attachment with this MIME part id (as parseMail listed it), or undefined. */
export async function attachmentContent(source: Buffer, part: string): Promise<{ body: Buffer; contentType: string } | undefined> {
  const mail = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const found = mail.attachments.find((a) => (a as { partId?: unknown }).partId === part);
  return found ? { body: found.content, contentType: found.contentType || 'application/octet-stream' } : undefined;
}
