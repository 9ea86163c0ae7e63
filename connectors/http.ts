/**
 * The one HTTP client of the REST connectors (Graph for facebook, messenger, instagram and
 * whatsapp; linkedin; youtube; google), on axios: a per-request timeout, JSON in and out, every
 * transport failure (refused, reset, timeout) a TransientError, and secrets kept out of messages.
 * An HTTP error status is handed back, not thrown: what a 400 or 403 means differs per platform,
 * and each platform's errors.ts maps its own error bodies to the typed errors.
 */
import axios, { type AxiosInstance } from 'axios';
import { PermanentError, TransientError, type ChannelContext } from './types.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute; see baseUrlOf(). */
  url: string | URL;
  headers?: Record<string, string>;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (OAuth token endpoints); ignored when `json` is given. */
  form?: Record<string, string>;
  /** Names the call in error messages, e.g. 'GET reviews'. */
  what: string;
  /** Strings kept out of error messages (tokens, the text being posted). */
  secrets?: Array<string | undefined>;
}

export interface HttpResponse {
  status: number;
  /** 2xx. */
  ok: boolean;
  /** Names in lower case. */
  headers: Record<string, string>;
  /** The body as sent. */
  text: string;
  /** The body as JSON; undefined when it is empty or not JSON. */
  json: unknown;
}

export interface HttpClientOptions {
  /** Names the platform in error messages ('Google', 'LinkedIn', 'Meta'). */
  name: string;
  /** Per request, connecting included; a server that never answers becomes a TransientError. */
  timeoutMs: number;
  /** The error for a request that got no answer; default TransientError(`<name> <what> failed: <reason>`). */
  networkError?: (what: string, reason: string, secrets: Array<string | undefined>) => Error;
}

/** A GET for bytes (attachments): redirects are handed back, not followed, so the caller checks where they lead. */
export interface HttpDownloadRequest {
  url: string | URL;
  headers?: Record<string, string>;
  what: string;
  secrets?: Array<string | undefined>;
  /** A longer body is refused (PermanentError) before it is all read. */
  maxBytes: number;
}

export interface HttpDownload {
  status: number;
  ok: boolean;
  /** Names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  download(req: HttpDownloadRequest): Promise<HttpDownload>;
  /** Nothing to release today (Node's global agent keeps connections alive); kept for connectors' close(). */
  close(): void;
}

/** The channel's base URL (an emulator, a proxy) or the platform's, always ending in '/'. */
export function baseUrlOf(channel: Pick<ChannelContext, 'baseUrl'>, fallback: string): string {
  const base = channel.baseUrl ?? fallback;
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * `text` with every secret of 4 or more characters, any `access_token=` value and any Meta token
 * (EAA…) replaced by '[redacted]', then cut at `maxLength` characters ('…' marks the cut).
 */
export function redact(text: string, secrets: Array<string | undefined> = [], maxLength = 240): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  out = out.replace(/(access_token=)[^&\s"]+/gi, '$1[redacted]').replace(/\bEAA[A-Za-z0-9]{20,}/g, '[redacted]');
  return out.length > maxLength ? `${out.slice(0, maxLength)}…` : out;
}

/**
 * Why a request got no answer: 'timed out (timeout)' for a timeout, else the transport's code
 * (ECONNREFUSED, ECONNRESET…) or message. Duck-typed: errors may come from another realm (test VMs).
 */
export function transportReason(err: unknown, timeoutMs?: number): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || e.name === 'TimeoutError' || e.name === 'AbortError' || e.name === 'CanceledError') {
    return `timed out (timeout${timeoutMs !== undefined ? ` after ${timeoutMs} ms` : ''})`;
  }
  const cause = (typeof e.cause === 'object' && e.cause !== null ? e.cause : {}) as { code?: unknown; message?: unknown };
  const reason = [e.code, cause.code, e.message, cause.message].find((v): v is string => typeof v === 'string' && v.length > 0) ?? String(err);
  return reason.slice(0, 200);
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const instance: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    // Every status comes back to the caller, whose errors.ts reads the platform's error body.
    validateStatus: () => true,
    // The raw text: JSON is parsed below, so a body that is not JSON is seen as such.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    // As fetch did: no proxy from the environment, the platform's redirects followed.
    proxy: false,
  });
  const networkError =
    options.networkError ?? ((what: string, reason: string, secrets: Array<string | undefined>) => new TransientError(`${options.name} ${what} failed: ${redact(reason, secrets)}`));
  const headersOf = (raw: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return out;
  };

  return {
    async request(req) {
      const secrets = req.secrets ?? [];
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      let data: string | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        data = JSON.stringify(req.json);
      } else if (req.form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        data = new URLSearchParams(req.form).toString();
      }
      let res;
      try {
        // The signal bounds the whole exchange: axios's own timeout does not cover a stalled connect everywhere.
        res = await instance.request<string>({ method: req.method, url: String(req.url), headers, data, signal: AbortSignal.timeout(options.timeoutMs) });
      } catch (err) {
        throw networkError(req.what, transportReason(err, options.timeoutMs), secrets);
      }
      const text = typeof res.data === 'string' ? res.data : '';
      const responseHeaders = headersOf(res.headers);
      let json: unknown;
      try {
        json = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, ok: res.status >= 200 && res.status < 300, headers: responseHeaders, text, json };
    },
    async download(req) {
      const secrets = req.secrets ?? [];
      let res;
      try {
        res = await instance.request<ArrayBuffer>({
          method: 'GET',
          url: String(req.url),
          headers: { accept: '*/*', ...req.headers },
          responseType: 'arraybuffer',
          transformResponse: [(data: unknown) => data],
          maxRedirects: 0,
          maxContentLength: req.maxBytes,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        const message = typeof err === 'object' && err !== null && 'message' in err ? String((err as { message: unknown }).message) : '';
        if (/maxContentLength/i.test(message)) throw new PermanentError(`${options.name} ${req.what}: the file is larger than ${req.maxBytes} bytes`);
        throw networkError(req.what, transportReason(err, options.timeoutMs), secrets);
      }
      const body = Buffer.from(res.data instanceof ArrayBuffer ? new Uint8Array(res.data) : (res.data as Uint8Array | undefined) ?? new Uint8Array());
      return { status: res.status, ok: res.status >= 200 && res.status < 300, headers: headersOf(res.headers), body };
    },
    close() {},
  };
}
