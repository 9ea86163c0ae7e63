/**
 * IMAP (imapflow) and SMTP (nodemailer) failures → the typed errors of connectors/types.ts, each
 * in one table. Messages carry codes only (IMAP response codes, SMTP reply codes, socket codes):
 * server texts can echo user names or addresses, so they are left out.
 *
 * IMAP: a refused LOGIN/AUTHENTICATE (`NO [AUTHENTICATIONFAILED]`, or any tagged NO to it, which
 * imapflow flags as authenticationFailed) → AuthExpiredError, except `[UNAVAILABLE]` (RFC 5530:
 * the server cannot check credentials right now) → TransientError. Socket errors, timeouts, BYE,
 * protocol trouble → TransientError. A missing mailbox → PermanentError.
 * SMTP: EAUTH (535) → AuthExpiredError; 4xx replies and connection/timeout/TLS trouble →
 * TransientError; 5xx replies (recipient refused, message refused) → PermanentError.
 */
import { AuthExpiredError, PermanentError, TransientError } from '../types.js';

type ErrorLike = {
  code?: unknown;
  name?: unknown;
  authenticationFailed?: unknown;
  serverResponseCode?: unknown;
  responseCode?: unknown;
  command?: unknown;
};

function fields(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, 60) : typeof v === 'number' ? String(v) : undefined;
}

const IMAP_AUTH_CODES = new Set(['AUTHENTICATIONFAILED', 'AUTHORIZATIONFAILED', 'EXPIRED']);
const IMAP_TRANSIENT_CODES = new Set(['UNAVAILABLE', 'SERVERBUG', 'INUSE', 'LIMIT', 'OVERQUOTA']);
const IMAP_PERMANENT_CODES = new Set(['NONEXISTENT', 'NotFound', 'MissingServerExtension']);

export function toImapError(err: unknown, what: string): Error {
  if (err instanceof AuthExpiredError || err instanceof TransientError || err instanceof PermanentError) return err;
  const e = fields(err);
  const responseCode = text(e.serverResponseCode)?.toUpperCase();
  const code = text(e.code);
  const detail = [responseCode && `[${responseCode}]`, code].filter(Boolean).join(' ') || text(e.name) || 'error';
  const message = `IMAP ${what} failed: ${detail}`;
  if (responseCode && IMAP_TRANSIENT_CODES.has(responseCode)) return new TransientError(message);
  if ((responseCode && IMAP_AUTH_CODES.has(responseCode)) || e.authenticationFailed === true) return new AuthExpiredError(message);
  if ((responseCode && IMAP_PERMANENT_CODES.has(responseCode)) || (code && IMAP_PERMANENT_CODES.has(code))) return new PermanentError(message);
  return new TransientError(message);
}

const SMTP_TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

export function toSmtpError(err: unknown, what: string): Error {
  const e = fields(err);
  const code = text(e.code);
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail = [code, reply && `reply ${reply}`, text(e.command)].filter(Boolean).join(', ') || 'error';
  const message = `SMTP ${what} failed: ${detail}`;
  if (code === 'EAUTH' || reply === 535 || reply === 534 || reply === 530) return new AuthExpiredError(message);
  if (reply !== undefined && reply >= 400 && reply < 500) return new TransientError(message);
  if (reply !== undefined && reply >= 500) return new PermanentError(message);
  if (code && SMTP_TRANSIENT.has(code)) return new TransientError(message);
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return new PermanentError(message);
  return new TransientError(message);
}
