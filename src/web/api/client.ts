/**
 * The one HTTP client of the web app: same origin, the session cookie, JSON both ways, the CSRF token
 * on every change, and the API's refusals as ApiError. A 401 outside /api/auth/ means the session
 * ended: the client tells its owner (the app shows the login again). Each app instance makes its own
 * client, so nothing is kept at module level.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The parsed error body, for routes whose errors carry more than a message (a claim's assignee). */
    readonly body?: unknown,
  ) {
    super(message);
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
        throw new ApiError(response.status, message, data);
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

/** What an error says to the user. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
