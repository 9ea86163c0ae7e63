import { PermanentError, RateLimitedError, attachmentFetchable, type Attachment, type AttachmentFile, type Platform } from '../../connectors/types.js';
import { loadChannel } from '../channels/channels.js';
import type { Runtime } from '../runtime.js';
import { messageAttachments } from './sql.js';

/**
 * Serving a message's attachment to the web app: the file is fetched from the platform with the
 * channel's credentials through its connector (fetchAttachment), kept in a bounded in-memory cache
 * keyed by message and position, and answered with its type. Images the browser can show are
 * inline; everything else is a download.
 */

/** Raster images a browser shows in an <img>: these alone are served inline (never SVG, which can carry script). */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'application/pdf': 'pdf',
  'video/mp4': 'mp4',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'text/plain': 'txt',
};

export interface ServedAttachment {
  body: Buffer;
  contentType: string;
  disposition: 'inline' | 'attachment';
  filename: string;
}

/** The file name to offer: the citizen's own (without path or control characters), else `bijlage-<n>.<ext>`. */
export function attachmentFilename(attachment: Pick<Attachment, 'filename'>, index: number, contentType: string): string {
  // eslint-disable-next-line no-control-regex
  const own = attachment.filename?.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  if (own) return own;
  const ext = EXTENSIONS[contentType];
  return `bijlage-${index + 1}${ext ? `.${ext}` : ''}`;
}

/** How the file is answered: inline only for the raster image types, a download for everything else. */
export function servedAttachment(file: AttachmentFile, attachment: Pick<Attachment, 'filename'>, index: number): ServedAttachment {
  const contentType = file.contentType.split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
  return {
    body: file.body,
    contentType,
    disposition: INLINE_TYPES.has(contentType) ? 'inline' : 'attachment',
    filename: attachmentFilename(attachment, index, contentType),
  };
}

/** `inline` or `attachment` with the name in ASCII and in UTF-8 (RFC 6266). */
export function contentDisposition(file: Pick<ServedAttachment, 'disposition' | 'filename'>): string {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${file.disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`;
}

/**
 * Least-recently-used files in memory, at most `maxBytes` in all; a file larger than `maxEntryBytes`
 * is served but not kept. Keyed by message id and position: a stored message's attachment never changes.
 */
export class AttachmentCache {
  private readonly entries = new Map<string, ServedAttachment>();
  private bytes = 0;
  /** Fetches under way, so simultaneous requests for one file make one platform request. */
  readonly inFlight = new Map<string, Promise<AttachmentOutcome>>();

  constructor(
    readonly maxBytes = 64 * 1024 * 1024,
    readonly maxEntryBytes = 8 * 1024 * 1024,
  ) {}

  static key(messageId: number, index: number): string {
    return `${messageId}:${index}`;
  }

  get(key: string): ServedAttachment | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Keeps the file unless it is too large; evicts the least recently used until it fits. Whether it was kept. */
  set(key: string, file: ServedAttachment): boolean {
    const size = file.body.length;
    if (size > this.maxEntryBytes || size > this.maxBytes) return false;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(key);
    }
    for (const [k, v] of this.entries) {
      if (this.bytes + size <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.body.length;
    }
    this.entries.set(key, file);
    this.bytes += size;
    return true;
  }

  /** Bytes held. */
  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }
}

export type AttachmentOutcome =
  | { status: 'ok'; file: ServedAttachment; cached: boolean }
  /** No such message on the ticket, no such position, or nothing to fetch it by. */
  | { status: 'not_found' }
  /** The platform says the file is not there (any more), or refuses it for good. */
  | { status: 'gone'; reason: string }
  /** The platform did not answer, limits the rate, or refused the channel's token: try again later. */
  | { status: 'unavailable'; reason: string; retryAfterSeconds?: number };

/** Load the message, check the position, the cache, else fetch through the channel's connector (and cache). */
export async function ticketAttachment(runtime: Runtime, cache: AttachmentCache, ref: { ticketId: number; messageId: number; index: number }): Promise<AttachmentOutcome> {
  const message = await messageAttachments(runtime.db, ref.ticketId, ref.messageId);
  const attachment = message?.attachments[ref.index];
  if (!message || !attachment || !attachmentFetchable(attachment)) return { status: 'not_found' };
  const key = AttachmentCache.key(ref.messageId, ref.index);
  const hit = cache.get(key);
  if (hit) return { status: 'ok', file: hit, cached: true };
  const running = cache.inFlight.get(key);
  if (running) return running;
  const fetching = fetchAndKeep(runtime, cache, key, message.channelId, attachment, ref);
  cache.inFlight.set(key, fetching);
  try {
    return await fetching;
  } finally {
    cache.inFlight.delete(key);
  }
}

async function fetchAndKeep(
  runtime: Runtime,
  cache: AttachmentCache,
  key: string,
  channelId: string,
  attachment: Attachment,
  ref: { ticketId: number; messageId: number; index: number },
): Promise<AttachmentOutcome> {
  const channel = await loadChannel(runtime.db, channelId, runtime.secrets);
  const connector = channel && runtime.connectors.get(channel.context.platform as Platform);
  if (!channel || !connector?.fetchAttachment) return { status: 'not_found' };
  let file: AttachmentFile;
  try {
    file = await connector.fetchAttachment(channel.context, attachment);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    runtime.logger.warn({ ticketId: ref.ticketId, messageId: ref.messageId, index: ref.index, channelId, error: reason }, 'attachment fetch failed');
    if (err instanceof RateLimitedError) return { status: 'unavailable', reason, retryAfterSeconds: Math.max(1, Math.ceil((err.resetAt.getTime() - Date.now()) / 1000)) };
    if (err instanceof PermanentError) return { status: 'gone', reason };
    return { status: 'unavailable', reason };
  }
  const served = servedAttachment(file, attachment, ref.index);
  cache.set(key, served);
  return { status: 'ok', file: served, cached: false };
}
