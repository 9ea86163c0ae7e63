/**
 * Getting an attachment's bytes from a platform, shared by the connectors' fetchAttachment():
 * only from the platform's own file hosts or the channel's base URL (an emulator, a proxy), so a
 * URL in a payload cannot make the server fetch from anywhere else; redirects are followed only
 * to those hosts; a size cap; HTTP statuses mapped to the typed errors.
 */
import type { HttpClient } from './http.js';
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError, type Attachment, type AttachmentFile, type ChannelContext } from './types.js';

/** The largest file fetched: bigger ones are refused before they are read to the end. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/** The platform answered that the file is not there (any more): 403, 404 or 410, e.g. an expired CDN signature. */
export class AttachmentGoneError extends PermanentError {}

export interface DownloadOptions {
  /** Hosts the platform serves files from; an entry starting with '.' allows its subdomains ('.fbcdn.net'). */
  hosts: readonly string[];
  /** Names the call in error messages, e.g. 'Meta GET media'. */
  what: string;
  /** Sent with the request, e.g. the channel's bearer token (a 401 then means the token was refused). */
  headers?: Record<string, string>;
  secrets?: Array<string | undefined>;
  maxBytes?: number;
}

/** The URL when the attachment may be fetched from it: https on one of `hosts`, or anything on the channel's base URL's origin. */
export function allowedUrl(channel: Pick<ChannelContext, 'baseUrl'>, url: string, hosts: readonly string[]): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username || parsed.password) return undefined;
  if (channel.baseUrl) {
    try {
      if (parsed.origin === new URL(channel.baseUrl).origin) return parsed;
    } catch {
      // an unreadable base URL allows nothing
    }
  }
  if (parsed.protocol !== 'https:') return undefined;
  const host = parsed.hostname.toLowerCase();
  return hosts.some((h) => (h.startsWith('.') ? host.endsWith(h) : host === h)) ? parsed : undefined;
}

/** The MIME type of a Content-Type header without its parameters, lower case; undefined when absent or unreadable. */
export function mimeTypeOf(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : undefined;
}

/** What the platform said the file is, else what the message said, else octet-stream. */
export function contentTypeOf(header: string | undefined, attachment: Pick<Attachment, 'mimeType'>): string {
  const fromHeader = mimeTypeOf(header);
  if (fromHeader && fromHeader !== 'application/octet-stream') return fromHeader;
  return mimeTypeOf(attachment.mimeType) ?? fromHeader ?? 'application/octet-stream';
}

function retryAt(header: string | undefined): Date {
  const seconds = header && /^\d+$/.test(header.trim()) ? Number(header.trim()) : 60;
  return new Date(Date.now() + Math.min(seconds, 3600) * 1000);
}

/**
 * GETs `url` (which must pass allowedUrl) and returns its bytes and Content-Type. Throws
 * PermanentError for a URL outside the platform's hosts, AttachmentGoneError for 403/404/410,
 * AuthExpiredError for a 401 when headers carried credentials, RateLimitedError for 429,
 * TransientError for 5xx and no answer.
 */
export async function downloadFile(
  http: HttpClient,
  channel: Pick<ChannelContext, 'baseUrl'>,
  url: string,
  options: DownloadOptions,
): Promise<{ body: Buffer; contentType: string | undefined }> {
  let target = allowedUrl(channel, url, options.hosts);
  if (!target) throw new PermanentError(`${options.what}: the file is not on the platform's own hosts`);
  for (let hop = 0; ; hop++) {
    const res = await http.download({
      url: target,
      what: options.what,
      maxBytes: options.maxBytes ?? MAX_ATTACHMENT_BYTES,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
    });
    if (res.ok) return { body: res.body, contentType: res.headers['content-type'] };
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      const next = allowedUrl(channel, new URL(res.headers.location, target).toString(), options.hosts);
      if (!next || hop >= MAX_REDIRECTS) throw new PermanentError(`${options.what}: redirected away from the platform's hosts`);
      target = next;
      continue;
    }
    if (res.status === 401) {
      if (options.headers?.authorization) throw new AuthExpiredError(`${options.what}: the token was refused (HTTP 401)`);
      throw new AttachmentGoneError(`${options.what}: HTTP 401`);
    }
    if (res.status === 403 || res.status === 404 || res.status === 410) throw new AttachmentGoneError(`${options.what}: HTTP ${res.status}`);
    if (res.status === 429) throw new RateLimitedError(retryAt(res.headers['retry-after']));
    if (res.status >= 500) throw new TransientError(`${options.what}: HTTP ${res.status}`);
    throw new PermanentError(`${options.what}: HTTP ${res.status}`);
  }
}

/**
 * fetchAttachment() of a platform whose files are public on its CDN: a plain GET of the attachment's
 * URL, from the platform's hosts only.
 */
export async function fetchPublicAttachment(http: HttpClient, channel: ChannelContext, attachment: Attachment, hosts: readonly string[], what: string): Promise<AttachmentFile> {
  if (!attachment.url) throw new PermanentError(`${what}: the attachment has no URL`);
  const file = await downloadFile(http, channel, attachment.url, { hosts, what });
  return { body: file.body, contentType: contentTypeOf(file.contentType, attachment) };
}
