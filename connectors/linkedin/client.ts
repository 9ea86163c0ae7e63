/**
 * The one HTTP client for LinkedIn's REST API: connectors/http.ts (timeout, JSON, transport
 * failures) with the headers every call needs (Authorization, LinkedIn-Version,
 * X-Restli-Protocol-Version), and error statuses mapped by errors.ts. Paths and queries arrive Rest.li-encoded.
 */
import { PermanentError, TransientError, type ChannelContext } from '../types.js';
import { baseUrlOf, createHttpClient } from '../http.js';
import { linkedInError } from './errors.js';

export const DEFAULT_BASE = 'https://api.linkedin.com/';

export interface LinkedInRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the base, e.g. `rest/posts`. */
  path: string;
  /** Already encoded, without '?'. */
  query?: string;
  body?: unknown;
  /** Names the call in error messages, e.g. 'GET comments'. */
  what: string;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for a deleted post). */
  allow?: number[];
  /** Extra strings to keep out of error messages (the reply text). */
  secrets?: string[];
}

export interface LinkedInResponse {
  status: number;
  body: unknown;
  /** Names in lower case. */
  headers: Record<string, string>;
}

export interface LinkedInClientOptions {
  version: string;
  timeoutMs: number;
  now: () => Date;
}

export function createLinkedInClient(options: LinkedInClientOptions) {
  const http = createHttpClient({ name: 'LinkedIn', timeoutMs: options.timeoutMs });
  return async function request(channel: ChannelContext, req: LinkedInRequest): Promise<LinkedInResponse> {
    const token = channel.credentials.accessToken;
    if (!token) throw new PermanentError('LinkedIn channel has no credentials.accessToken');
    const secrets = [token, ...Object.values(channel.credentials), ...(req.secrets ?? [])];
    const url = `${baseUrlOf(channel, DEFAULT_BASE)}${req.path}${req.query ? `?${req.query}` : ''}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'linkedin-version': options.version,
      'x-restli-protocol-version': '2.0.0',
    };
    const res = await http.request({ method: req.method, url, headers, json: req.body, what: req.what, secrets });
    if (res.text && res.json === undefined && res.ok) throw new TransientError(`LinkedIn ${req.what} answered ${res.status} with a body that is not JSON`);
    if (res.ok || req.allow?.includes(res.status)) return { status: res.status, body: res.json, headers: res.headers };
    throw linkedInError({ status: res.status, body: res.json, retryAfter: res.headers['retry-after'] ?? null, now: options.now() }, req.what, secrets);
  };
}

export type LinkedInRequestFn = ReturnType<typeof createLinkedInClient>;
