/**
 * The channel's mail server settings, read from its credentials:
 *   imapUrl  imap://user:password@host[:143][/?secure=false]   plain, STARTTLS when offered
 *            imaps://user:password@host[:993]                   TLS from the first byte
 *   smtpUrl  smtp://user:password@host[:587]                    plain, STARTTLS when offered
 *            smtps://user:password@host[:465]                   TLS from the first byte
 * User and password are percent-encoded in the URL (an @ in a user name is %40). `?secure=true|false`
 * overrides the scheme's default. An OAuth 2.0 access token (Microsoft 365, Gmail) goes in
 * credentials.accessToken and replaces the URL's password for both (XOAUTH2); refreshing it is not
 * done here.
 */
import { PermanentError } from '../types.js';

export interface ServerSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  accessToken?: string;
}

const SCHEMES: Record<string, { secure: boolean; port: number; kind: 'imap' | 'smtp' }> = {
  'imap:': { secure: false, port: 143, kind: 'imap' },
  'imaps:': { secure: true, port: 993, kind: 'imap' },
  'smtp:': { secure: false, port: 587, kind: 'smtp' },
  'smtps:': { secure: true, port: 465, kind: 'smtp' },
};

/** Parses imapUrl or smtpUrl; the error never repeats the URL (it holds the password). */
export function serverSettings(credentials: Record<string, string>, key: 'imapUrl' | 'smtpUrl'): ServerSettings {
  const raw = credentials[key];
  if (!raw) throw new PermanentError(`e-mail channel has no credentials.${key}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PermanentError(`credentials.${key} is not a valid URL`);
  }
  const scheme = SCHEMES[url.protocol];
  const kind = key === 'imapUrl' ? 'imap' : 'smtp';
  if (!scheme || scheme.kind !== kind) throw new PermanentError(`credentials.${key} must start with ${kind}:// or ${kind}s://`);
  if (!url.hostname) throw new PermanentError(`credentials.${key} has no host`);
  const secureParam = url.searchParams.get('secure');
  const out: ServerSettings = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : scheme.port,
    secure: secureParam === null ? scheme.secure : secureParam === 'true',
  };
  if (url.username) out.user = decodeURIComponent(url.username);
  if (url.password) out.password = decodeURIComponent(url.password);
  if (credentials.accessToken) out.accessToken = credentials.accessToken;
  return out;
}
