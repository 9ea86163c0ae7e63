/**
 * E-mail raw items → InboundMessage. Pure: a table from item type to a small function (one type,
 * 'email', whose payload parse.ts built). Mails from the channel's own address, auto-replies and
 * bounces are ignored with their reason. Threading: the conversation key is the thread's root
 * Message-ID — the first entry of References, else In-Reply-To, else the mail's own Message-ID.
 * Error messages name the field, never the citizen's text.
 */
import {
  NormalizeError,
  type Attachment,
  type ChannelContext,
  type InboundMessage,
  type NormalizeOutcome,
  type RawItem,
} from '../types.js';
import { dateOf, isObject, normalizeByType, requireString, str, strings, type Json, type PayloadNormalizer } from '../payload.js';

/** An attachment reference (the contract's Attachment, named for this file's history). */
export type EmailAttachment = Attachment;

/**
 * Where a MIME part of a mail is, as an IMAP URL path (RFC 5092): `<mailbox>;UIDVALIDITY=<n>/;UID=<n>/;SECTION=<part>`.
 * The connector's fetchAttachment reads it with UID FETCH BODY.PEEK[<part>]; a changed UIDVALIDITY makes it void.
 */
export function imapPartRef(mailbox: string, uidValidity: string, uid: number, part: string): string {
  return `${encodeURIComponent(mailbox)};UIDVALIDITY=${uidValidity}/;UID=${uid}/;SECTION=${part}`;
}

export function readImapPartRef(ref: string): { mailbox: string; uidValidity: string; uid: number; part: string } | undefined {
  const m = /^([^;]+);UIDVALIDITY=(\d+)\/;UID=(\d+)\/;SECTION=([\d.]+)$/.exec(ref);
  if (!m) return undefined;
  try {
    return { mailbox: decodeURIComponent(m[1]!), uidValidity: m[2]!, uid: Number(m[3]), part: m[4]! };
  } catch {
    return undefined;
  }
}

const BULK_PRECEDENCE = new Set(['bulk', 'auto_reply', 'junk']);
const DAEMON = /^(mailer-daemon|postmaster-daemon)@/i;

/** Why a mail is automatic, or undefined for a person's mail. Bounces first: they are auto-submitted too. */
export function automaticReason(payload: Json): string | undefined {
  const from = isObject(payload.from) ? str(payload.from.address) : undefined;
  if (payload.contentType === 'multipart/report') return `bounce (multipart/report${str(payload.reportType) ? `; ${str(payload.reportType)}` : ''})`;
  if (from && DAEMON.test(from)) return 'bounce (MAILER-DAEMON)';
  const auto = isObject(payload.auto) ? payload.auto : {};
  if (auto.failedRecipients === true) return 'bounce (X-Failed-Recipients)';
  const submitted = str(auto.autoSubmitted)?.split(';')[0]?.trim();
  if (submitted && submitted !== 'no') return `auto-reply (Auto-Submitted: ${submitted.slice(0, 40)})`;
  if (str(auto.xAutoreply)) return 'auto-reply (X-Autoreply)';
  if (str(auto.xAutorespond)) return 'auto-reply (X-Autorespond)';
  const precedence = str(auto.precedence);
  if (precedence && BULK_PRECEDENCE.has(precedence)) return `auto-reply (Precedence: ${precedence})`;
  return undefined;
}

/** The thread root: first References entry, else In-Reply-To, else the mail's own Message-ID. */
export function threadRoot(payload: Json, messageId: string): string {
  return strings(payload.references)[0] ?? str(payload.inReplyTo) ?? messageId;
}

function sentAt(payload: Json): Date {
  for (const key of ['date', 'internalDate'] as const) {
    const v = payload[key];
    if (v === undefined) continue;
    const d = dateOf(v);
    if (!d) throw new NormalizeError(`payload.${key} is not a valid date`);
    return d;
  }
  throw new NormalizeError('payload.date and payload.internalDate are both missing');
}

function attachments(payload: Json): EmailAttachment[] {
  const out: EmailAttachment[] = [];
  if (!Array.isArray(payload.attachments)) return out;
  const mailbox = str(payload.mailbox);
  const uidValidity = str(payload.uidValidity);
  const uid = typeof payload.uid === 'number' && Number.isInteger(payload.uid) && payload.uid > 0 ? payload.uid : undefined;
  for (const a of payload.attachments) {
    if (!isObject(a) || a.inline === true) continue;
    const type = str(a.type) ?? 'application/octet-stream';
    const ref: EmailAttachment = { type, mimeType: type };
    if (typeof a.size === 'number' && Number.isFinite(a.size)) ref.size = a.size;
    if (str(a.filename)) ref.filename = a.filename as string;
    const part = str(a.part);
    if (mailbox && uidValidity && /^\d+$/.test(uidValidity) && uid !== undefined && part && /^[\d.]+$/.test(part)) ref.ref = imapPartRef(mailbox, uidValidity, uid, part);
    out.push(ref);
  }
  return out;
}

const normalizeEmail: PayloadNormalizer = (payload, channel) => {
  if (str(payload.unreadable)) throw new NormalizeError(`message uid ${String(payload.uid).slice(0, 12)}: ${String(payload.unreadable).slice(0, 60)}`);
  const messageId = requireString(payload, 'messageId', 'payload');
  if (!isObject(payload.from) || !str(payload.from.address)) throw new NormalizeError('payload.from.address is missing');
  const from = payload.from.address as string;
  const own = channel.account.address;
  if (own && from.toLowerCase() === own.toLowerCase()) return { kind: 'ignored', reason: 'own message' };
  const automatic = automaticReason(payload);
  if (automatic) return { kind: 'ignored', reason: automatic };

  const media = attachments(payload);
  if (typeof payload.text !== 'string') throw new NormalizeError('payload.text is missing or not a string');
  // A mail with an empty body still says something in its subject.
  const text = payload.text.trim() || (media.length ? '' : (str(payload.subject)?.trim() ?? ''));
  if (!text && !media.length) throw new NormalizeError('payload.text, subject and attachments are all empty');

  const name = isObject(payload.from) ? str(payload.from.name) : undefined;
  const message: InboundMessage = {
    externalId: messageId,
    conversationKey: `mail:${threadRoot(payload, messageId)}`,
    kind: 'email',
    author: name ? { platformUserId: from.toLowerCase(), name } : { platformUserId: from.toLowerCase() },
    text,
    sentAt: sentAt(payload),
    raw: payload,
  };
  const parent = str(payload.inReplyTo);
  if (parent) message.parentExternalId = parent;
  if (media.length) message.attachments = media;
  return { kind: 'message', message };
};

const NORMALIZERS: Record<string, PayloadNormalizer> = { email: normalizeEmail };

export function normalizeEmailItem(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'e-mail', item, channel);
}
