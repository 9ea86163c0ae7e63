/** The agents' calls: the queue, a ticket and what can be done to it, saved views, tags, assignees. */
import { ticketQuery } from '../queue/query.js';
import type {
  BulkAction,
  BulkResult,
  CannedResponse,
  Category,
  Note,
  Person,
  Presence,
  SavedView,
  SnoozeRequest,
  Ticket,
  TicketFilter,
  TicketPatch,
  TicketSummary,
  Visibility,
} from '../ticket/wire.js';
import { ApiError, query, type Client } from './client.js';

export * from '../ticket/wire.js';

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

export function ticketCalls({ request }: Client) {
  return {
    tickets: (filter: TicketFilter, offset = 0) => request<{ items: TicketSummary[]; total: number; totalCapped?: boolean; totalEstimated?: boolean }>('GET', `/api/tickets?${ticketQuery(filter, offset)}`),
    ticket: (id: number) => request<Ticket>('GET', `/api/tickets/${id}`),
    /** How many tickets of mine wait for a person to check their category. */
    toCheckCount: async () => (await request<{ items: TicketSummary[]; total: number }>('GET', '/api/tickets?toCheck=true&limit=1')).total,
    /** "Categorie klopt": the classifier's category is right (the ticket leaves "to check"). */
    confirmCategory: (id: number) => request<Ticket>('POST', `/api/tickets/${id}/category/confirm`),
    reply: (id: number, text: string, visibility: Visibility, idempotencyKey: string) =>
      request<{ messageId: number; deliveryStatus: string }>('POST', `/api/tickets/${id}/replies`, { text, visibility }, { 'idempotency-key': idempotencyKey }),
    /** An uncertain reply: send it again (it may then be on the platform twice) or mark it sent without sending. */
    decideReply: (id: number, messageId: number, action: 'resend' | 'mark-sent') =>
      request<unknown>('POST', `/api/tickets/${id}/replies/${messageId}/${action}`, action === 'mark-sent' ? {} : undefined),
    retag: (id: number, category: Category, reason?: string) => request<Ticket>('PATCH', `/api/tickets/${id}/category`, reason ? { category, reason } : { category }),
    updateTicket: (id: number, patch: TicketPatch) => request<Ticket>('PATCH', `/api/tickets/${id}`, patch),
    async claim(id: number): Promise<Ticket> {
      try {
        return await request<Ticket>('POST', `/api/tickets/${id}/claim`);
      } catch (error) {
        const assignee = error instanceof ApiError && error.status === 409 ? claimAssignee(error.body) : undefined;
        throw assignee ? new ClaimedError(assignee) : error;
      }
    },
    addNote: (id: number, text: string) => request<Note>('POST', `/api/tickets/${id}/notes`, { text }),
    setTags: (id: number, tags: string[]) => request<Ticket>('PUT', `/api/tickets/${id}/tags`, { tags }),
    tags: (entity?: string) => request<{ items: Array<{ tag: string; count: number }> }>('GET', `/api/tags${query({ entity })}`),
    merge: (targetId: number, sourceId: number) => request<Ticket>('POST', `/api/tickets/${targetId}/merge`, { sourceId }),
    bulk: (ids: number[], action: BulkAction) => request<BulkResult>('POST', '/api/tickets/bulk', { ids, action }),
    /** The entity's canned responses with this ticket's variables filled in. */
    ticketCannedResponses: (id: number, lang: string) => request<{ items: CannedResponse[] }>('GET', `/api/tickets/${id}/canned-responses${query({ lang })}`),
    views: () => request<{ items: SavedView[] }>('GET', '/api/views'),
    saveView: (name: string, filter: TicketFilter, shared: boolean) => request<SavedView>('POST', '/api/views', { name, filter, shared }),
    deleteView: (id: number) => request<void>('DELETE', `/api/views/${id}`),
    /** Out of the queue until a time and/or until the citizen writes again; answers the ticket. */
    snooze: (id: number, snooze: SnoozeRequest) => request<Ticket>('POST', `/api/tickets/${id}/snooze`, snooze),
    /** Back in the queue now. */
    unsnooze: (id: number) => request<Ticket>('DELETE', `/api/tickets/${id}/snooze`),
    /** Read for me, up to its newest citizen message (the queue's bold rows are the unread ones). */
    markRead: (id: number) => request<void>('POST', `/api/tickets/${id}/read`),
    /** I am on this ticket (sent every 10 s while open) or typing a reply: colleagues see it for 30 s. */
    presence: (id: number, state: Presence['state']) => request<void>('POST', `/api/tickets/${id}/presence`, { state }),
    /** A draft the system prepared goes out as my reply, with my edits when `text` is given. */
    approveDraft: (id: number, messageId: number, text?: string) =>
      request<{ messageId: number; deliveryStatus: string }>('POST', `/api/tickets/${id}/replies/${messageId}/approve`, text === undefined ? {} : { text }),
    /** A draft is dropped: nothing is sent. */
    discardDraft: (id: number, messageId: number) => request<void>('DELETE', `/api/tickets/${id}/replies/${messageId}`),
    /** Who tickets of this entity (or of all my entities) can be given to — not only who has one in the queue. */
    assignees: (entity?: string) => request<{ items: Assignee[] }>('GET', `/api/assignees${query({ entity })}`),
  };
}

function claimAssignee(body: unknown): Person | undefined {
  if (typeof body !== 'object' || body === null || !('assignee' in body)) return undefined;
  const assignee = (body as { assignee: unknown }).assignee;
  if (typeof assignee !== 'object' || assignee === null) return undefined;
  const { id, name } = assignee as Record<string, unknown>;
  return typeof id === 'number' && typeof name === 'string' ? { id, name } : undefined;
}
