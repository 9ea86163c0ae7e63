/**
 * Meta Graph API failures → the typed errors of connectors/types.ts, through ONE table.
 * Shared by Facebook Pages, Messenger, Instagram and WhatsApp.
 *
 * Graph classifies its failures by `error.code` / `error.error_subcode`, not by HTTP status:
 * throttling arrives as HTTP 400 or 403 OAuthException bodies, an expired token as 400 code 190.
 * The HTTP status is only the fallback when the body carries no known code.
 *
 * Every error thrown here carries a GraphErrorInfo as its `cause` (status, code, subcode, ...),
 * read back with graphErrorInfo(err), so a connector can add platform meaning (e.g. Messenger's
 * 24-hour window: code 10 / subcode 2018278) without parsing messages.
 */
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
} from '../types.js';
import { isObject, type Json } from '../payload.js';
import { redact } from '../http.js';

export type GraphErrorClass = 'rate_limited' | 'auth_expired' | 'permanent' | 'transient';

export interface GraphErrorRule {
  kind: GraphErrorClass;
  /** Short English meaning, put into the error message. */
  meaning: string;
  /** Wait when no usage header gives estimated_time_to_regain_access (rate limits only). */
  fallbackMs?: number;
}

const MINUTE = 60_000;
/** Used for throttling codes whose rule has no fallbackMs and no usage header helps. */
export const RATE_LIMIT_FALLBACK_MS = 15 * MINUTE;

/** error.code → class. Codes 200–299 (permissions) are PermanentError via the range rule below. */
export const GRAPH_ERROR_CODES: Readonly<Record<number, GraphErrorRule>> = {
  1: { kind: 'transient', meaning: 'unknown error, retry later' },
  2: { kind: 'transient', meaning: 'temporary service issue' },
  3: { kind: 'permanent', meaning: 'app lacks the capability for this call' },
  4: { kind: 'rate_limited', meaning: 'app request limit reached' },
  9: { kind: 'rate_limited', meaning: 'application limit reached' },
  10: { kind: 'permanent', meaning: 'permission denied' },
  17: { kind: 'rate_limited', meaning: 'user request limit reached' },
  32: { kind: 'rate_limited', meaning: 'page request limit reached' },
  100: { kind: 'permanent', meaning: 'invalid parameter' },
  102: { kind: 'auth_expired', meaning: 'API session invalid' },
  190: { kind: 'auth_expired', meaning: 'access token expired or invalid' },
  341: { kind: 'rate_limited', meaning: 'application limit reached' },
  368: { kind: 'permanent', meaning: 'temporarily blocked for policy violations' },
  506: { kind: 'permanent', meaning: 'duplicate post' },
  551: { kind: 'permanent', meaning: 'recipient not available' },
  613: { kind: 'rate_limited', meaning: 'custom rate limit reached' },
  80001: { kind: 'rate_limited', meaning: 'Pages business use case rate limit reached' },
  80002: { kind: 'rate_limited', meaning: 'Instagram business use case rate limit reached' },
  80004: { kind: 'rate_limited', meaning: 'ad account rate limit reached' },
  80005: { kind: 'rate_limited', meaning: 'lead generation rate limit reached' },
  80006: { kind: 'rate_limited', meaning: 'Messenger business use case rate limit reached' },
  80008: { kind: 'rate_limited', meaning: 'WhatsApp Business Management rate limit reached' },
  80014: { kind: 'rate_limited', meaning: 'catalog rate limit reached' },
  130429: { kind: 'rate_limited', meaning: 'WhatsApp throughput limit reached', fallbackMs: MINUTE },
  131056: { kind: 'rate_limited', meaning: 'WhatsApp pair rate limit reached', fallbackMs: MINUTE },
  131047: { kind: 'permanent', meaning: 'outside the WhatsApp 24-hour customer service window' },
  131026: { kind: 'permanent', meaning: 'WhatsApp message undeliverable' },
};

/** error_subcode → class; wins over the code (e.g. code 10 / subcode 2018278). */
export const GRAPH_ERROR_SUBCODES: Readonly<Record<number, GraphErrorRule>> = {
  458: { kind: 'auth_expired', meaning: 'app not authorized by the user' },
  459: { kind: 'auth_expired', meaning: 'user checkpointed' },
  460: { kind: 'auth_expired', meaning: 'password changed' },
  463: { kind: 'auth_expired', meaning: 'access token expired' },
  464: { kind: 'auth_expired', meaning: 'user not confirmed' },
  467: { kind: 'auth_expired', meaning: 'access token invalid' },
  492: { kind: 'auth_expired', meaning: 'session invalid' },
  2018278: { kind: 'permanent', meaning: "outside Messenger's 24-hour window" },
  2018108: { kind: 'permanent', meaning: 'recipient cannot receive this message' },
  2018001: { kind: 'permanent', meaning: 'no matching user found' },
  2534022: { kind: 'permanent', meaning: 'outside the allowed messaging window' },
};

/** What a failed Graph call said, attached as `cause` to the typed error. */
export interface GraphErrorInfo {
  /** HTTP status; 0 when no response came (timeout, connection refused). */
  status: number;
  code?: number;
  subcode?: number;
  type?: string;
  isTransient?: boolean;
  fbtraceId?: string;
  /** Which call failed, e.g. 'GET feed'. */
  what: string;
}

export interface GraphErrorInput {
  status: number;
  body: unknown;
  /** Response headers, names in lower case. */
  headers: Record<string, string | undefined>;
  what: string;
  /** Strings scrubbed from the message (tokens, the text we tried to post). */
  secrets?: Array<string | undefined>;
  now?: number;
}

/** A finite number, or a digit string as one: Graph sends codes and usage figures both ways. */
function numOrDigits(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}


/** The class of a Graph failure: subcode table, then code table and ranges, then is_transient, then HTTP status. */
export function classifyGraphError(info: Pick<GraphErrorInfo, 'status' | 'code' | 'subcode' | 'isTransient'>): GraphErrorRule {
  const bySub = info.subcode !== undefined ? GRAPH_ERROR_SUBCODES[info.subcode] : undefined;
  if (bySub) return bySub;
  const byCode = info.code !== undefined ? GRAPH_ERROR_CODES[info.code] : undefined;
  if (byCode) return byCode;
  if (info.code !== undefined && info.code >= 200 && info.code <= 299) return { kind: 'permanent', meaning: 'permission missing' };
  if (info.isTransient) return { kind: 'transient', meaning: 'transient error' };
  if (info.status === 401) return { kind: 'auth_expired', meaning: 'unauthorized' };
  if (info.status === 429) return { kind: 'rate_limited', meaning: 'too many requests' };
  if (info.status >= 500 || info.status === 0) return { kind: 'transient', meaning: 'server error' };
  return { kind: 'permanent', meaning: 'request refused' };
}

function parseJsonHeader(v: string | undefined): unknown {
  if (!v) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

export interface GraphUsage {
  /** Highest percentage (0–100+) of any budget in X-App-Usage / X-Business-Use-Case-Usage. */
  maxPercent?: number;
  /** Largest estimated_time_to_regain_access (minutes) in those headers, when above 0. */
  regainAccessMinutes?: number;
}

/**
 * Reads `X-Business-Use-Case-Usage` ({"<id>":[{type, call_count, total_cputime, total_time,
 * estimated_time_to_regain_access}]}) and `X-App-Usage` ({call_count, total_cputime, total_time}).
 */
export function usageFromHeaders(headers: Record<string, string | undefined>): GraphUsage {
  const records: Json[] = [];
  const buc = parseJsonHeader(headers['x-business-use-case-usage']);
  if (isObject(buc)) for (const list of Object.values(buc)) if (Array.isArray(list)) for (const r of list) if (isObject(r)) records.push(r);
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const v = parseJsonHeader(headers[name]);
    if (isObject(v)) records.push(v);
  }
  const usage: GraphUsage = {};
  for (const r of records) {
    for (const key of ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct']) {
      const p = numOrDigits(r[key]);
      if (p !== undefined) usage.maxPercent = Math.max(usage.maxPercent ?? 0, p);
    }
    const regain = numOrDigits(r.estimated_time_to_regain_access);
    if (regain !== undefined && regain > 0) usage.regainAccessMinutes = Math.max(usage.regainAccessMinutes ?? 0, regain);
  }
  return usage;
}

/** The highest percentage in X-App-Usage alone (the app's budget, not a Page's or a user's); 0 without it. */
export function appUsagePercent(headers: Record<string, string | undefined>): number {
  const usage = parseJsonHeader(headers['x-app-usage']);
  if (!isObject(usage)) return 0;
  return Math.max(0, ...['call_count', 'total_cputime', 'total_time'].map((key) => numOrDigits(usage[key]) ?? 0));
}

/** When a throttled channel may call again: the usage headers' estimate, else the rule's fallback. */
export function rateLimitReset(headers: Record<string, string | undefined>, rule: GraphErrorRule | undefined, now = Date.now()): Date {
  const { regainAccessMinutes } = usageFromHeaders(headers);
  if (regainAccessMinutes) return new Date(now + regainAccessMinutes * MINUTE);
  const retryAfter = numOrDigits(headers['retry-after']);
  if (retryAfter !== undefined && retryAfter > 0) return new Date(now + retryAfter * 1000);
  return new Date(now + (rule?.fallbackMs ?? RATE_LIMIT_FALLBACK_MS));
}

/** Reads the Graph error envelope `{ error: { message, type, code, error_subcode, is_transient, fbtrace_id } }`. */
export function graphErrorFields(body: unknown): { code?: number; subcode?: number; type?: string; message?: string; isTransient?: boolean; fbtraceId?: string } {
  const e = isObject(body) && isObject(body.error) ? body.error : undefined;
  if (!e) return {};
  const out: ReturnType<typeof graphErrorFields> = {};
  const code = numOrDigits(e.code);
  const subcode = numOrDigits(e.error_subcode);
  if (code !== undefined) out.code = code;
  if (subcode !== undefined) out.subcode = subcode;
  if (typeof e.type === 'string') out.type = e.type;
  if (typeof e.message === 'string') out.message = e.message;
  if (typeof e.is_transient === 'boolean') out.isTransient = e.is_transient;
  if (typeof e.fbtrace_id === 'string') out.fbtraceId = e.fbtrace_id;
  return out;
}

/** A failed Graph response → RateLimitedError | AuthExpiredError | PermanentError | TransientError. */
export function graphErrorToConnectorError(input: GraphErrorInput): Error {
  const f = graphErrorFields(input.body);
  const info: GraphErrorInfo = { status: input.status, what: input.what };
  if (f.code !== undefined) info.code = f.code;
  if (f.subcode !== undefined) info.subcode = f.subcode;
  if (f.type !== undefined) info.type = f.type;
  if (f.isTransient !== undefined) info.isTransient = f.isTransient;
  if (f.fbtraceId !== undefined) info.fbtraceId = f.fbtraceId;
  const rule = classifyGraphError(info);
  const codes = f.code !== undefined ? ` code ${f.code}${f.subcode !== undefined ? `/${f.subcode}` : ''}` : '';
  const detail = f.message ? `: ${redact(f.message, input.secrets)}` : '';
  const message = `Meta ${input.what} failed with HTTP ${input.status}${codes} (${rule.meaning})${detail}`;
  return errorOfClass(rule, message, info, input.headers, input.now);
}

/** No response at all (timeout, refused, reset): always TransientError. */
export function graphNetworkError(what: string, reason: string, secrets?: Array<string | undefined>): TransientError {
  const info: GraphErrorInfo = { status: 0, what };
  return new TransientError(`Meta ${what} failed: ${redact(reason, secrets)}`, { cause: info });
}

function errorOfClass(rule: GraphErrorRule, message: string, info: GraphErrorInfo, headers: Record<string, string | undefined>, now?: number): Error {
  switch (rule.kind) {
    case 'rate_limited': {
      const err = new RateLimitedError(rateLimitReset(headers, rule, now));
      err.message = `${message}; retry after ${err.resetAt.toISOString()}`;
      // Code 4 is the app's own limit; X-App-Usage at 100 % says the same for any throttle.
      err.appWide = info.code === 4 || appUsagePercent(headers) >= 100;
      Object.defineProperty(err, 'cause', { value: info, enumerable: false, configurable: true, writable: true });
      return err;
    }
    case 'auth_expired':
      return new AuthExpiredError(message, { cause: info });
    case 'transient':
      return new TransientError(message, { cause: info });
    default:
      return new PermanentError(message, { cause: info });
  }
}

/** The GraphErrorInfo of an error thrown by this module (or undefined). */
export function graphErrorInfo(err: unknown): GraphErrorInfo | undefined {
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  return isObject(cause) && typeof cause.what === 'string' && typeof cause.status === 'number' ? (cause as unknown as GraphErrorInfo) : undefined;
}
