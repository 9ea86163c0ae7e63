/**
 * E-mail connector: reads the channel's INBOX over IMAP with imapflow (read-only: EXAMINE, BODY.PEEK,
 * no flag changes), parses each message with mailparser (parse.ts), and answers over SMTP with
 * nodemailer, threading the reply with In-Reply-To and References.
 *
 * Channel keys:
 *   account.address          the entity's mailbox address; mails From it are ignored, replies are sent From it.
 *   account.name             optional display name for the From header of replies.
 *   credentials.imapUrl      imap[s]://user:password@host[:port][/?secure=true|false] (see settings.ts)
 *   credentials.smtpUrl      smtp[s]://user:password@host[:port][/?secure=true|false]
 *   credentials.accessToken  optional OAuth 2.0 token (XOAUTH2) used instead of the URLs' passwords.
 *
 * Cursor: { uidValidity: string, lastUid: number } for INBOX. A poll opens one connection, reads
 * the UIDs above lastUid (`UID FETCH n+1:*`, dropping the highest-UID answer a server gives when
 * nothing is newer), fetches the oldest `pageSize` of them with BODY.PEEK[] and advances lastUid
 * to the last one fetched; `more` says whether newer ones wait. When UIDVALIDITY differs from the
 * stored one, every stored UID is void: the poll starts again from UID 1 and ingest drops what it
 * already holds by Message-ID. The first poll of a channel reads the whole INBOX the same way.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import {
  PermanentError,
  type ChannelContext,
  type Connector,
  type Cursor,
  type FetchResult,
  type MessageKind,
  type RawItem,
  type ReplyTarget,
  type Visibility,
} from '../types.js';
import { isObject, str } from '../payload.js';
import { toImapError, toSmtpError } from './errors.js';
import { normalizeEmailItem, readImapPartRef } from './normalize.js';
import { attachmentContent, messageIds, parseMail } from './parse.js';
import { AttachmentGoneError, MAX_ATTACHMENT_BYTES, contentTypeOf } from '../attachments.js';
import { serverSettings } from './settings.js';
import { emailPlatform } from './descriptor.js';
import { emailHistory } from './history.js';
import { fetchMails, type FetchedMail } from './fetch-mails.js';

export interface EmailCursor {
  uidValidity?: string;
  lastUid: number;
}

export interface EmailConnectorOptions {
  /** Connection, greeting and SMTP socket timeout; the IMAP socket idle timeout is 4× this. */
  timeoutMs?: number;
  /** Messages fetched per page (default 50). */
  pageSize?: number;
}

export const MAILBOX = 'INBOX';

/** Reads a stored cursor defensively: unknown or mistyped fields are dropped. */
export function readCursor(cursor: Cursor | null): EmailCursor {
  const c = cursor ?? {};
  const out: EmailCursor = { lastUid: typeof c.lastUid === 'number' && Number.isInteger(c.lastUid) && c.lastUid > 0 ? c.lastUid : 0 };
  if (str(c.uidValidity) && /^\d+$/.test(c.uidValidity as string)) out.uidValidity = c.uidValidity as string;
  return out;
}

/** "Re: <subject>", without stacking prefixes. */
export function replySubject(subject: string | undefined): string {
  const s = (subject ?? '').trim();
  if (!s) return 'Re: uw bericht';
  return /^(re|antw|aw|sv|réf|ref)\s*:/i.test(s) ? s : `Re: ${s}`;
}

/** The answered mail's ids: In-Reply-To is its Message-ID, References its References plus that id. */
export function threadHeaders(target: ReplyTarget): { inReplyTo: string; references: string[]; subject: string } {
  const raw = isObject(target.inReplyToRaw) ? target.inReplyToRaw : {};
  const own = messageIds(raw.messageId)[0] ?? messageIds(target.inReplyToExternalId)[0];
  if (!own) throw new PermanentError('e-mail reply target has no Message-ID');
  const references = [...messageIds(raw.references), ...(messageIds(raw.references).length ? [] : messageIds(raw.inReplyTo))];
  if (!references.includes(own)) references.push(own);
  return { inReplyTo: own, references, subject: replySubject(str(raw.subject)) };
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 && at < address.length - 1 ? address.slice(at + 1) : 'localhost';
}

export function createEmailConnector(options: EmailConnectorOptions = {}): Connector & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pageSize = Math.max(1, options.pageSize ?? 50);

  function imapClient(channel: ChannelContext): ImapFlow {
    const s = serverSettings(channel.credentials, 'imapUrl');
    if (!s.user) throw new PermanentError('credentials.imapUrl has no user name');
    if (!s.password && !s.accessToken) throw new PermanentError('credentials.imapUrl has no password and there is no credentials.accessToken');
    const client = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: s.accessToken ? { user: s.user, accessToken: s.accessToken } : { user: s.user, pass: s.password! },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs * 4,
      clientInfo: { name: 'social-inbox' },
    });
    // Failures reach the awaiting call; the event must still have a listener or Node throws it.
    client.on('error', () => undefined);
    return client;
  }

  async function release(client: ImapFlow): Promise<void> {
    try {
      await client.logout();
    } catch {
      client.close();
    }
  }

  return {
    platform: 'email',

    async fetch(channel, stored) {
      const c = readCursor(stored);
      const client = imapClient(channel);
      try {
        await client.connect();
        const box = await client.mailboxOpen(MAILBOX, { readOnly: true });
        const uidValidity = String(box.uidValidity);
        const lastUid = c.uidValidity === uidValidity ? c.lastUid : 0;
        const empty: FetchResult = { items: [], cursor: { uidValidity, lastUid } as Cursor, more: false };
        if (box.exists === 0 || (typeof box.uidNext === 'number' && box.uidNext <= lastUid + 1)) return empty;

        const uids: number[] = [];
        for await (const m of client.fetch(`${lastUid + 1}:*`, { uid: true }, { uid: true })) if (m.uid > lastUid) uids.push(m.uid);
        uids.sort((a, b) => a - b);
        const page = uids.slice(0, pageSize);
        if (page.length === 0) return empty;

        const fetched = await fetchMails(client, page);
        const items: RawItem[] = [];
        for (const m of fetched) items.push(await itemOf(m, uidValidity));
        return { items, cursor: { uidValidity, lastUid: page[page.length - 1]! } as Cursor, more: uids.length > page.length };
      } catch (err) {
        throw toImapError(err, 'poll');
      } finally {
        await release(client);
      }
    },

    normalize: normalizeEmailItem,

    history: (channel, window, cursor) => emailHistory({ imapClient, release, itemOf, pageSize, mailbox: MAILBOX }, channel, window, cursor),

    /*
     * No findSentReply: SMTP keeps no record we can query, and the Sent folder is not written by
     * this connector, so after an unfinished attempt the reply becomes 'uncertain'.
     */
    async reply(channel: ChannelContext, target: ReplyTarget, text: string) {
      if (target.visibility !== 'private') throw new PermanentError('e-mail replies are private');
      const from = channel.account.address;
      if (!from) throw new PermanentError('e-mail channel has no account.address');
      const to = target.recipientPlatformUserId;
      if (!/^[^\s@]+@[^\s@]+$/.test(to)) throw new PermanentError('e-mail reply needs the sender address as recipientPlatformUserId');
      const { inReplyTo, references, subject } = threadHeaders(target);
      const s = serverSettings(channel.credentials, 'smtpUrl');
      const messageId = `<${randomUUID()}@${domainOf(from)}>`;
      const auth = s.accessToken && s.user ? { type: 'OAuth2' as const, user: s.user, accessToken: s.accessToken } : s.user ? { user: s.user, pass: s.password ?? '' } : undefined;
      const transport = nodemailer.createTransport({
        host: s.host,
        port: s.port,
        secure: s.secure,
        ...(auth ? { auth } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        logger: false,
        debug: false,
      });
      try {
        await transport.sendMail({
          from: channel.account.name ? { name: channel.account.name, address: from } : from,
          to,
          subject,
          text,
          messageId,
          inReplyTo,
          references,
          headers: { 'Auto-Submitted': 'no' },
        });
      } catch (err) {
        throw toSmtpError(err, 'reply');
      } finally {
        transport.close();
      }
      return { externalId: messageId };
    },

    replyVisibilities(kind: MessageKind): Visibility[] {
      return [...(emailPlatform.replies[kind] ?? [])];
    },

    /**
     * An attachment by its IMAP reference: the mail is read again (BODY.PEEK[], read-only) and parsed
     * the way the poll did, and the part with that id is the file. Gone when UIDVALIDITY changed or
     * the mail was deleted.
     */
    async fetchAttachment(channel, attachment) {
      const where = readImapPartRef(attachment.ref ?? '');
      if (!where) throw new PermanentError('e-mail attachment has no IMAP part reference');
      const client = imapClient(channel);
      let source: Buffer | undefined;
      try {
        await client.connect();
        const box = await client.mailboxOpen(where.mailbox, { readOnly: true });
        if (String(box.uidValidity) !== where.uidValidity) throw new AttachmentGoneError('the mailbox was renumbered (UIDVALIDITY changed)');
        const m = await client.fetchOne(String(where.uid), { uid: true, source: true, size: true }, { uid: true });
        if (m && typeof m.size === 'number' && m.size > MAX_ATTACHMENT_BYTES * 2) throw new PermanentError('the mail is too large to read an attachment from');
        source = m ? m.source : undefined;
      } catch (err) {
        if (err instanceof PermanentError) throw err;
        throw toImapError(err, 'attachment');
      } finally {
        await release(client);
      }
      if (!source) throw new AttachmentGoneError('the mail is no longer in the mailbox');
      const content = await attachmentContent(source, where.part);
      if (!content) throw new AttachmentGoneError('the mail has no such part');
      return { body: content.body, contentType: contentTypeOf(content.contentType, attachment) };
    },

    /** Connections are opened per poll and per reply; nothing stays open. */
    close() {},
  };
}

export const emailConnector = createEmailConnector();

/** A message that mailparser cannot read still becomes an item, so normalize quarantines it by name. */
async function itemOf(m: FetchedMail, uidValidity: string): Promise<RawItem> {
  const meta = { mailbox: MAILBOX, uidValidity, uid: m.uid, ...(m.internalDate ? { internalDate: m.internalDate } : {}), ...(m.size !== undefined ? { size: m.size } : {}) };
  const unreadable = (reason: string): RawItem => ({
    type: 'email',
    payload: { mailbox: MAILBOX, uidValidity, uid: m.uid, ...(m.internalDate ? { internalDate: m.internalDate.toISOString() } : {}), unreadable: reason },
  });
  if (!m.source) return unreadable('no message source returned');
  try {
    const payload = await parseMail(m.source, meta);
    return { type: 'email', externalId: payload.messageId, payload };
  } catch {
    return unreadable('the message could not be parsed');
  }
}
