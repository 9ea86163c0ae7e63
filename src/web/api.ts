/** The REST API from the browser: same origin, session cookie, and the CSRF token on every change. */
import { ticketQuery } from './queue/query.js';
import type {
  BulkAction,
  BulkResult,
  CannedResponse,
  Category,
  Note,
  Person,
  SavedView,
  Ticket,
  TicketFilter,
  TicketPatch,
  TicketSummary,
  User,
  Visibility,
} from './ticket/wire.js';

export * from './ticket/wire.js';
export { ticketQuery };

/** Someone tickets can be assigned to (GET /api/assignees): an active user of one of the caller's entities. */
export interface Assignee extends Person {
  role: string;
  entities: string[];
}

/** The 409 of a claim: someone else has the ticket. */
export class ClaimedError extends Error {
  constructor(readonly assignee: Person) {
    super(`claimed by ${assignee.name}`);
  }
}

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
    throw new ApiError(response.status, message, data);
  }
  return data as T;
}

interface WhoAmI {
  user: User | null;
  csrfToken: string | null;
}

let signedIn: User | null = null;

/** The signed-in user as last seen by login or me() (the app calls one of them before any screen). */
export function currentUser(): User | null {
  return signedIn;
}

export const api = {
  async login(email: string, password: string): Promise<User> {
    const me = await call<WhoAmI>('POST', '/api/auth/login', { email, password });
    setCsrfToken(me.csrfToken);
    signedIn = me.user;
    return me.user!;
  },
  async me(): Promise<User | null> {
    try {
      const me = await call<WhoAmI>('GET', '/api/auth/me');
      setCsrfToken(me.csrfToken);
      signedIn = me.user;
      return me.user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async logout(): Promise<void> {
    await call<void>('POST', '/api/auth/logout');
    setCsrfToken(null);
    signedIn = null;
  },
  setLanguage: (language: 'nl' | 'en') => call<WhoAmI>('PATCH', '/api/auth/me', { language }),
  /** Other sessions end; this one continues under a new cookie and CSRF token. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const me = await call<WhoAmI>('POST', '/api/auth/password', { currentPassword, newPassword });
    setCsrfToken(me.csrfToken);
  },
  tickets: (filter: TicketFilter, offset = 0) => call<{ items: TicketSummary[]; total: number }>('GET', `/api/tickets?${ticketQuery(filter, offset)}`),
  ticket: (id: number) => call<Ticket>('GET', `/api/tickets/${id}`),
  reply: (id: number, text: string, visibility: Visibility, idempotencyKey: string) =>
    call<{ messageId: number; deliveryStatus: string }>('POST', `/api/tickets/${id}/replies`, { text, visibility }, { 'idempotency-key': idempotencyKey }),
  retag: (id: number, category: Category, reason?: string) =>
    call<Ticket>('PATCH', `/api/tickets/${id}/category`, reason ? { category, reason } : { category }),
  updateTicket: (id: number, patch: TicketPatch) => call<Ticket>('PATCH', `/api/tickets/${id}`, patch),
  async claim(id: number): Promise<Ticket> {
    try {
      return await call<Ticket>('POST', `/api/tickets/${id}/claim`);
    } catch (error) {
      const assignee = error instanceof ApiError && error.status === 409 ? claimAssignee(error.body) : undefined;
      throw assignee ? new ClaimedError(assignee) : error;
    }
  },
  addNote: (id: number, text: string) => call<Note>('POST', `/api/tickets/${id}/notes`, { text }),
  setTags: (id: number, tags: string[]) => call<Ticket>('PUT', `/api/tickets/${id}/tags`, { tags }),
  tags: (entity?: string) => call<{ items: Array<{ tag: string; count: number }> }>('GET', `/api/tags${entity ? `?entity=${encodeURIComponent(entity)}` : ''}`),
  merge: (targetId: number, sourceId: number) => call<Ticket>('POST', `/api/tickets/${targetId}/merge`, { sourceId }),
  bulk: (ids: number[], action: BulkAction) => call<BulkResult>('POST', '/api/tickets/bulk', { ids, action }),
  cannedResponses: (id: number, lang: string) =>
    call<{ items: CannedResponse[] }>('GET', `/api/tickets/${id}/canned-responses?lang=${encodeURIComponent(lang)}`),
  views: () => call<{ items: SavedView[] }>('GET', '/api/views'),
  saveView: (name: string, filter: TicketFilter, shared: boolean) => call<SavedView>('POST', '/api/views', { name, filter, shared }),
  deleteView: (id: number) => call<void>('DELETE', `/api/views/${id}`),
  /** Who tickets of this entity (or of all my entities) can be given to — not only who has one in the queue. */
  assignees: (entity?: string) => call<{ items: Assignee[] }>('GET', `/api/assignees${entity ? `?entity=${encodeURIComponent(entity)}` : ''}`),
  entityNames: () => call<{ items: Array<{ id: string; name: string }> }>('GET', '/api/entities'),
};

function claimAssignee(body: unknown): Person | undefined {
  if (typeof body !== 'object' || body === null || !('assignee' in body)) return undefined;
  const assignee = (body as { assignee: unknown }).assignee;
  if (typeof assignee !== 'object' || assignee === null) return undefined;
  const { id, name } = assignee as Record<string, unknown>;
  return typeof id === 'number' && typeof name === 'string' ? { id, name } : undefined;
}
