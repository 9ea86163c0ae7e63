/**
 * The one HTTP client for LinkedIn's REST API: Node's fetch (undici keeps connections alive), the
 * headers every call needs (Authorization, LinkedIn-Version, X-Restli-Protocol-Version), a
 * per-request timeout, and failures mapped by errors.ts. Paths and queries arrive Rest.li-encoded.
 */
import { PermanentError, TransientError, type ChannelContext } from '../types.js';
import { fetchFailureReason } from '../error-text.js';
import { linkedInError } from './errors.js';

export const DEFAULT_BASE = 'https://api.linkedin.com/';

export interface LinkedInRequest {
  method: 'GET' | 'POST';
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
  headers: Headers;
}

export interface LinkedInClientOptions {
  version: string;
  timeoutMs: number;
  now: () => Date;
}

function baseOf(channel: ChannelContext): string {
  const base = channel.baseUrl ?? DEFAULT_BASE;
  return base.endsWith('/') ? base : `${base}/`;
}

export function createLinkedInClient(options: LinkedInClientOptions) {
  return async function request(channel: ChannelContext, req: LinkedInRequest): Promise<LinkedInResponse> {
    const token = channel.credentials.accessToken;
    if (!token) throw new PermanentError('LinkedIn channel has no credentials.accessToken');
    const secrets = [token, ...Object.values(channel.credentials), ...(req.secrets ?? [])];
    const url = `${baseOf(channel)}${req.path}${req.query ? `?${req.query}` : ''}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'linkedin-version': options.version,
      'x-restli-protocol-version': '2.0.0',
    };
    const init: RequestInit = { method: req.method, headers, signal: AbortSignal.timeout(options.timeoutMs) };
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(req.body);
    }
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, init);
      text = await res.text();
    } catch (err) {
      throw new TransientError(`LinkedIn ${req.what} failed: ${fetchFailureReason(err)}`);
    }
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        if (res.ok) throw new TransientError(`LinkedIn ${req.what} answered ${res.status} with a body that is not JSON`);
      }
    }
    if (res.ok || req.allow?.includes(res.status)) return { status: res.status, body, headers: res.headers };
    throw linkedInError({ status: res.status, body, retryAfter: res.headers.get('retry-after'), now: options.now() }, req.what, secrets);
  };
}

export type LinkedInRequestFn = ReturnType<typeof createLinkedInClient>;
