import { createHash } from 'node:crypto';
import type { InboundMessage } from '../../connectors/types.js';

/**
 * What a platform sends is made storable before it reaches PostgreSQL, so no input can fail a
 * batch: NUL characters removed (text and jsonb refuse them), lone surrogates replaced by U+FFFD
 * (invalid UTF-8 otherwise), nesting and sizes bounded. Pure.
 */
export const LIMITS = {
  /** Characters of a message's text; the rest is cut and marked. */
  textChars: 100_000,
  /** Characters of a name, handle, id or key. */
  shortChars: 512,
  /** Levels of nesting kept in a raw payload. */
  rawDepth: 64,
  /** Characters of one string inside a raw payload. */
  rawStringChars: 100_000,
  /** Characters of a raw payload as JSON; a larger one is kept as its beginning. */
  rawJsonChars: 256 * 1024,
} as const;

export const CUT_MARK = ' […]';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TOO_DEEP = '[nesting removed: deeper than 64 levels]';

/** Text PostgreSQL accepts: no NUL, no lone surrogate, at most `max` characters. */
export function storableText(value: string, max: number = LIMITS.textChars): string {
  let text = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  text = text.replace(LONE_SURROGATE, '\uFFFD');
  if (text.length <= max) return text;
  // Cut between code points, never inside a surrogate pair.
  let end = max - CUT_MARK.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + CUT_MARK;
}

/**
 * An identifier that fits a btree index and stays unique: short ones unchanged (only cleaned), long
 * ones become their beginning plus a hash of the whole.
 */
export function storableId(value: string): string {
  const clean = storableText(value, Number.MAX_SAFE_INTEGER);
  if (clean.length <= LIMITS.shortChars) return clean;
  const hash = createHash('sha256').update(clean).digest('hex');
  return `${clean.slice(0, LIMITS.shortChars - 66)}#${hash}`;
}

/** The JSON text of payloads storableRaw found fine as they are, so that storing one does not serialize it again. */
const checkedJson = new WeakMap<object, string>();

/** A raw payload as storable JSON data: strings cleaned, nesting and size bounded. */
export function storableRaw(value: unknown): unknown {
  // Almost every payload is fine as it is: checked without copying it.
  if (!deeperThan(value, LIMITS.rawDepth)) {
    const json = JSON.stringify(value) ?? 'null';
    if (json.length <= Math.min(LIMITS.rawJsonChars, LIMITS.rawStringChars) && !UNSTORABLE_IN_JSON.test(json)) {
      if (typeof value === 'object' && value !== null) checkedJson.set(value, json);
      return value;
    }
  }
  const cleaned = cleanValue(value, 0);
  const json = JSON.stringify(cleaned) ?? 'null';
  if (json.length <= LIMITS.rawJsonChars) return cleaned;
  return { truncated: true, jsonChars: json.length, head: storableText(json.slice(0, LIMITS.rawJsonChars / 4), Number.MAX_SAFE_INTEGER) };
}

/** In JSON text, NUL and lone surrogates are the only characters written as these escapes. */
const UNSTORABLE_IN_JSON = /\\u0000|\\ud[89a-f]/i;

/** A storable payload (storableRaw's result) as JSON text; JSON null for none. */
export function rawJson(value: unknown): string {
  return (typeof value === 'object' && value !== null ? checkedJson.get(value) : undefined) ?? JSON.stringify(value ?? null);
}

function deeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  for (const item of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)) if (deeperThan(item, levels - 1)) return true;
  return false;
}

function cleanValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value, LIMITS.rawStringChars);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= LIMITS.rawDepth) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => cleanValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function') continue;
    out[storableText(key, LIMITS.shortChars)] = cleanValue(item, depth + 1);
  }
  return out;
}

/** A normalized message whose every field PostgreSQL will accept. */
export function storableMessage(message: InboundMessage): InboundMessage {
  const author: InboundMessage['author'] = { platformUserId: storableId(message.author.platformUserId) };
  if (message.author.handle !== undefined) author.handle = storableText(message.author.handle, LIMITS.shortChars);
  if (message.author.name !== undefined) author.name = storableText(message.author.name, LIMITS.shortChars);
  const out: InboundMessage = {
    ...message,
    externalId: storableId(message.externalId),
    conversationKey: storableId(message.conversationKey),
    author,
    text: storableText(message.text),
    sentAt: validDate(message.sentAt),
    raw: storableRaw(message.raw),
  };
  if (message.parentExternalId !== undefined) out.parentExternalId = storableId(message.parentExternalId);
  if (message.lang !== undefined) out.lang = storableText(message.lang, 16);
  if (message.permalink !== undefined) out.permalink = storableText(message.permalink, 2048);
  if (message.editedAt !== undefined) out.editedAt = validDate(message.editedAt);
  if (message.legacyIdPrefix !== undefined) out.legacyIdPrefix = storableText(message.legacyIdPrefix, LIMITS.shortChars);
  if (message.attachments !== undefined) out.attachments = storableRaw(message.attachments.slice(0, 50)) as InboundMessage['attachments'];
  // Stars are 1–5 or nothing: a connector's slip must not fail the batch on the column's check.
  if (message.rating !== undefined && !(Number.isInteger(message.rating) && message.rating >= 1 && message.rating <= 5)) delete out.rating;
  return out;
}

function validDate(value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new Error('the message has no valid date');
  return value;
}

/** A name for an item that came without an id, the same each time the same payload is seen again. */
export function payloadId(payload: unknown): string {
  const json = JSON.stringify(storableRaw(payload)) ?? 'null';
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}
