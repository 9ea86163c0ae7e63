/** The REST API from the browser: same origin, session cookie, and the CSRF token on every change. */
export const CATEGORIES = ['question', 'dissatisfaction', 'complaint', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export type Visibility = 'public' | 'private';

export interface User {
  id: number;
  email: string;
  name: string;
  role: string;
  entities: string[];
  language: 'nl' | 'en';
}

export interface TicketSummary {
  id: number;
  number: number;
  entity: string;
  channel: string;
  platform: string;
  category: Category;
  confidence: number | null;
  categorySource: 'auto' | 'manual';
  signals: string[];
  flags: string[];
  status: Status;
  priority: string;
  contact: { handle: string | null; name: string | null };
  preview: string;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface TicketMessage {
  id: number;
  direction: 'inbound' | 'outbound';
  kind: string;
  visibility: string | null;
  text: string;
  category: string | null;
  confidence: number | null;
  signals: string[];
  permalink: string | null;
  deliveryStatus: string | null;
  deliveryError: string | null;
  sentAt: string;
}

export interface Ticket extends TicketSummary {
  messages: TicketMessage[];
  complaint: { id: number; status: string } | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fired on any 401 from the API: the session ended, the app shows the login again. */
export const UNAUTHORIZED_EVENT = 'inbox:unauthorized';

export async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
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
    if (response.status === 401 && !url.startsWith('/api/auth/')) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    const message = typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : response.statusText;
    throw new ApiError(response.status, message);
  }
  return data as T;
}

interface WhoAmI {
  user: User | null;
  csrfToken: string | null;
}

export const api = {
  async login(email: string, password: string): Promise<User> {
    const me = await call<WhoAmI>('POST', '/api/auth/login', { email, password });
    setCsrfToken(me.csrfToken);
    return me.user!;
  },
  async me(): Promise<User | null> {
    try {
      const me = await call<WhoAmI>('GET', '/api/auth/me');
      setCsrfToken(me.csrfToken);
      return me.user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async logout(): Promise<void> {
    await call<void>('POST', '/api/auth/logout');
    setCsrfToken(null);
  },
  setLanguage: (language: 'nl' | 'en') => call<WhoAmI>('PATCH', '/api/auth/me', { language }),
  tickets(filter: { category?: string; status?: string; q?: string }) {
    const params = new URLSearchParams({ limit: '100' });
    for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
    return call<{ items: TicketSummary[]; total: number }>('GET', `/api/tickets?${params}`);
  },
  ticket: (id: number) => call<Ticket>('GET', `/api/tickets/${id}`),
  reply: (id: number, text: string, visibility: Visibility, idempotencyKey: string) =>
    call<{ messageId: number; deliveryStatus: string }>('POST', `/api/tickets/${id}/replies`, { text, visibility }, { 'idempotency-key': idempotencyKey }),
  retag: (id: number, category: Category, reason?: string) =>
    call<Ticket>('PATCH', `/api/tickets/${id}/category`, reason ? { category, reason } : { category }),
};
