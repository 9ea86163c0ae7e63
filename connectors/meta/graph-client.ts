/**
 * The one HTTP client for Meta's Graph API, shared by the Facebook, Messenger, Instagram and
 * WhatsApp connectors: Graph's URLs, auth and error bodies over connectors/http.ts (timeout, JSON,
 * transport failures), every failure mapped to a typed error through connectors/meta/errors.ts.
 *
 * Exports:
 * - GRAPH_BASE_URL                    'https://graph.facebook.com/v21.0/'
 * - createGraphClient(options?)       → GraphClient { request, get, post, close }
 * - graphTargetFor(channel, opts?)    → GraphTarget { baseUrl, accessToken, appSecret?, secrets }
 *                                       from channel.baseUrl and channel.credentials (accessToken by default)
 * - rateLimitOfUsage(usage)           → FetchResult['rateLimit'] | undefined
 * - types GraphClient, GraphClientOptions, GraphTarget, GraphRequest, GraphResponse, GraphQuery
 * Related modules: errors.ts (GRAPH_ERROR_CODES table, graphErrorToConnectorError, graphErrorInfo,
 * usageFromHeaders), signature.ts (X-Hub-Signature-256, hub.challenge), paging.ts (readPage,
 * parseGraphTime, formatGraphTime), error-bodies.ts (real error envelopes and usage headers for emulators).
 *
 * Auth: `Authorization: Bearer <token>` by default, or the `access_token` query parameter
 * (options.auth = 'query'). When the target has an appSecret, `appsecret_proof` is added
 * (HMAC-SHA256(appSecret, token)), which Graph accepts always and requires when the app demands it.
 * Absolute `paging.next` URLs are accepted as paths; any access_token in them is replaced by ours.
 * Error messages never carry the token, the app secret, or the text being posted.
 */
import { createHmac } from 'node:crypto';
import { PermanentError, TransientError, type ChannelContext, type FetchResult } from '../types.js';
import { createHttpClient } from '../http.js';
import { graphErrorToConnectorError, graphNetworkError, usageFromHeaders, type GraphUsage } from './errors.js';

export const GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0/';

export type GraphQuery = Record<string, string | number | boolean | undefined>;

export interface GraphTarget {
  /** Ends with '/'; a version path (v21.0/) included when talking to the real host. */
  baseUrl: string;
  accessToken: string;
  /** Adds appsecret_proof when set. */
  appSecret?: string;
  /** Scrubbed from every error message besides the token and app secret. */
  secrets?: string[];
}

export interface GraphRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Relative to the base ('123_456/comments'), or an absolute paging.next URL on the same host. */
  path: string;
  query?: GraphQuery;
  /** Sent as JSON (POST). */
  body?: Record<string, unknown>;
  /** Names the call in error messages, e.g. 'GET feed'. */
  what: string;
  /** More strings to scrub from error messages (e.g. the reply text). */
  secrets?: string[];
}

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  usage: GraphUsage;
}

export interface GraphClientOptions {
  /** Per-request timeout; a hanging server becomes a TransientError. Default 15 s. */
  timeoutMs?: number;
  /** How the token travels. Default 'bearer'. */
  auth?: 'bearer' | 'query';
  /** Used when the channel has no baseUrl. Default GRAPH_BASE_URL. */
  defaultBaseUrl?: string;
}

export interface GraphClient {
  request<T = Record<string, unknown>>(target: GraphTarget, req: GraphRequest): Promise<GraphResponse<T>>;
  get<T = Record<string, unknown>>(target: GraphTarget, path: string, query: GraphQuery, what: string): Promise<GraphResponse<T>>;
  post<T = Record<string, unknown>>(target: GraphTarget, path: string, body: Record<string, unknown>, what: string, secrets?: string[]): Promise<GraphResponse<T>>;
  /** Nothing to release; kept so connectors can expose close(). */
  close(): void;
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * The target of a channel: channel.baseUrl (or the default) and credentials[tokenKey].
 * Throws PermanentError when the token is missing (a configuration error, not a platform one).
 */
export function graphTargetFor(
  channel: ChannelContext,
  opts: { tokenKey?: string; defaultBaseUrl?: string; platformName?: string } = {},
): GraphTarget {
  const key = opts.tokenKey ?? 'accessToken';
  const token = channel.credentials[key];
  if (!token) throw new PermanentError(`${opts.platformName ?? channel.platform} channel has no credentials.${key}`);
  const target: GraphTarget = { baseUrl: withSlash(channel.baseUrl ?? opts.defaultBaseUrl ?? GRAPH_BASE_URL), accessToken: token };
  const appSecret = channel.credentials.appSecret;
  if (appSecret) target.appSecret = appSecret;
  target.secrets = Object.values(channel.credentials).filter((v) => typeof v === 'string' && v.length >= 4);
  return target;
}

/** FetchResult.rateLimit from the usage headers: remaining = percent of the budget left. */
export function rateLimitOfUsage(usage: GraphUsage, now = Date.now()): FetchResult['rateLimit'] {
  if (usage.maxPercent === undefined && usage.regainAccessMinutes === undefined) return undefined;
  const out: NonNullable<FetchResult['rateLimit']> = {};
  if (usage.maxPercent !== undefined) out.remaining = Math.max(0, 100 - usage.maxPercent);
  if (usage.regainAccessMinutes) out.resetAt = new Date(now + usage.regainAccessMinutes * 60_000);
  return out;
}

function buildUrl(target: GraphTarget, req: GraphRequest, auth: 'bearer' | 'query'): URL {
  const base = new URL(withSlash(target.baseUrl));
  let url: URL;
  if (/^https?:\/\//i.test(req.path)) {
    url = new URL(req.path);
    // A paging URL from the real host keeps its path (which carries the version) on our base's origin.
    if (url.origin !== base.origin) {
      const versionless = url.pathname.replace(/^\/v\d+\.\d+\//, '/');
      url = new URL(`${versionless.slice(1)}${url.search}`, base);
    }
  } else {
    url = new URL(req.path.replace(/^\/+/, ''), base);
  }
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  url.searchParams.delete('access_token');
  url.searchParams.delete('appsecret_proof');
  if (auth === 'query') url.searchParams.set('access_token', target.accessToken);
  if (target.appSecret) url.searchParams.set('appsecret_proof', createHmac('sha256', target.appSecret).update(target.accessToken).digest('hex'));
  return url;
}

export function createGraphClient(options: GraphClientOptions = {}): GraphClient {
  const auth = options.auth ?? 'bearer';
  const http = createHttpClient({ name: 'Meta', timeoutMs: options.timeoutMs ?? 15_000, networkError: graphNetworkError });

  async function request<T>(target: GraphTarget, req: GraphRequest): Promise<GraphResponse<T>> {
    const method = req.method ?? (req.body ? 'POST' : 'GET');
    const secrets = [target.accessToken, target.appSecret, ...(target.secrets ?? []), ...(req.secrets ?? [])];
    const headers: Record<string, string> = {};
    if (auth === 'bearer') headers.authorization = `Bearer ${target.accessToken}`;
    const res = await http.request({ method, url: buildUrl(target, req, auth), headers, json: req.body, what: req.what, secrets });
    // An empty body reads as {}; a body that is not JSON as undefined.
    const body: unknown = res.text.length ? res.json : {};
    const failed = !res.ok || (typeof body === 'object' && body !== null && 'error' in body && !Array.isArray(body));
    if (failed) throw graphErrorToConnectorError({ status: res.status, body, headers: res.headers, what: req.what, secrets });
    if (body === undefined) throw new TransientError(`Meta ${req.what} answered HTTP ${res.status} with a body that is not JSON`);
    return { status: res.status, body: body as T, headers: res.headers, usage: usageFromHeaders(res.headers) };
  }

  return {
    request,
    get: (target, path, query, what) => request(target, { method: 'GET', path, query, what }),
    post: (target, path, body, what, secrets) => request(target, secrets ? { method: 'POST', path, body, what, secrets } : { method: 'POST', path, body, what }),
    close() {},
  };
}
