/**
 * Readers for untyped JSON: platform payloads, API bodies, webhook bodies and stored cursors, all of
 * which arrive as `unknown`. Pure: no I/O, no state, never throws except the require* readers, whose
 * NormalizeError names the field (never its value, which may be a citizen's text).
 *
 * Only readers that mean the same on every platform live here. A platform whose rule differs (X's
 * created_at that defaults to now, Meta's numbers sent as digit strings, epoch seconds or
 * milliseconds…) keeps its own reader under a name of its own.
 */
import { NormalizeError, type ChannelContext, type NormalizeOutcome, type RawItem } from './types.js';

/** A JSON object as parsed: its keys, values not yet checked. */
export type Json = Record<string, unknown>;

/** A plain object: not null and not an array. */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, else undefined (an empty string counts as absent). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A finite number, else undefined (digit strings, NaN and Infinity included). */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The non-empty strings of an array, in order; [] for anything that is not an array. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : [];
}

/** Like strings(), but undefined rather than an empty list (a stored cursor then drops the field). */
export function optionalStrings(v: unknown): string[] | undefined {
  const list = strings(v);
  return list.length ? list : undefined;
}

/** An id: a non-empty string, or a safe integer as its decimal string (Meta's webhooks sometimes send numbers). */
export function strOrInt(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return str(v);
}

/** A string Date can read (ISO 8601, RFC 2822…), else undefined. */
export function dateOf(v: unknown): Date | undefined {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `obj[key]` when it is an object; else a NormalizeError "`<what>.<key>` is missing or not an object". */
export function requireObject(obj: Json, key: string, what = 'payload'): Json {
  const v = obj[key];
  if (!isObject(v)) throw new NormalizeError(`${what}.${key} is missing or not an object`);
  return v;
}

/** `obj[key]` when it is a non-empty string; else a NormalizeError "`<what>.<key>` is missing or not a string". */
export function requireString(obj: Json, key: string, what: string): string {
  const v = str(obj[key]);
  if (!v) throw new NormalizeError(`${what}.${key} is missing or not a string`);
  return v;
}

/** `obj.id` when it is a non-empty string; else a NormalizeError "`<what>.id` is missing or not a string". */
export function requireId(obj: Json, what: string): string {
  return requireString(obj, 'id', what);
}

/** Turns one type of raw item, its payload known to be an object, into a message or an ignore reason. */
export type PayloadNormalizer = (payload: Json, channel: ChannelContext) => NormalizeOutcome;

/**
 * A connector's normalize(): the table's normalizer for `item.type` (own keys only, so 'toString'
 * is unknown too), given the payload once it is known to be an object. `platform` names the platform
 * in the unknown-type error.
 */
export function normalizeByType(normalizers: Record<string, PayloadNormalizer>, platform: string, item: RawItem, channel: ChannelContext): NormalizeOutcome {
  const normalizer = Object.hasOwn(normalizers, item.type) ? normalizers[item.type] : undefined;
  if (!normalizer) throw new NormalizeError(`unknown ${platform} item type ${JSON.stringify(String(item.type).slice(0, 40))}`);
  if (!isObject(item.payload)) throw new NormalizeError('payload is not an object');
  return normalizer(item.payload, channel);
}
