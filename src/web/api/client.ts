/**
 * The one HTTP client of the web app: same origin, the session cookie, JSON both ways, the CSRF token
 * on every change, and the API's refusals as ApiError. A 401 outside /api/auth/ means the session
 * ended: the client tells its owner (the app shows the login again). Each app instance makes its own
 * client, so nothing is kept at module level.
 */
export class ApiError extends Error {
  /** The API's stable code (`not_found`, `too_long`, …): what the screens translate. */
  readonly code: string;
  /** The error's other fields (`limit`, `permission`, `assignee`, `reason`, …) and, from Retry-After, `retryAfterSeconds`. */
  readonly fields: Readonly<Record<string, unknown>>;
  constructor(
    readonly status: number,
    /** The server's own sentence, in English: for logs and developers, never shown to a user (see errors.ts). */
    message: string,
    /** The parsed error body, for routes whose errors carry more than a message (a claim's assignee). */
    readonly body?: unknown,
    /** The API path that answered, e.g. /api/auth/login: the same code means something else at login. */
    readonly url = '',
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    this.code = typeof record.error === 'string' ? record.error : '';
    const fields = Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'error' && key !== 'message'));
    this.fields = retryAfterSeconds === undefined ? fields : { ...fields, retryAfterSeconds };
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Client {
  request<T>(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** The CSRF token of the session (from login, /api/auth/me or a password change); null when signed out. */
  setCsrfToken(token: string | null): void;
}

export function createClient(options: { onUnauthorized: () => void }): Client {
  let csrfToken: string | null = null;
  return {
    setCsrfToken(token) {
      csrfToken = token;
    },
    async request<T>(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      const response = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (response.status === 204) return undefined as T;
      const data: unknown = await response.json().catch(() => ({}));
      if (!response.ok) {
        if (response.status === 401 && !url.startsWith('/api/auth/')) options.onUnauthorized();
        const message = typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : response.statusText;
        const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
        throw new ApiError(response.status, message, data, url.split('?')[0], Number.isFinite(retryAfter) ? retryAfter : undefined);
      }
      return data as T;
    },
  };
}

/** A query string of the given values, empty ones left out ('' when none is left). */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A path segment from an id the user or the configuration chose. */
export const segment = (value: string | number) => encodeURIComponent(String(value));

/**
 * The error's own text, untranslated (the server's English for an ApiError). Screens show
 * errorText(t, error) from ../errors.js instead; this is for logs.
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
