/**
 * The ticket JSON of the API as the browser sees it (dates as ISO strings). Kept free of DOM code so
 * pure helpers and their tests can use it; src/web/api/tickets.ts re-exports everything.
 */
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
  assignee: Person | null;
  tags: string[];
  sla: Sla;
}

export interface Person {
  id: number;
  name: string;
}

export type SlaState = 'ok' | 'due_soon' | 'breached' | 'met' | 'none';
export interface Sla {
  firstResponseDueAt: string | null;
  /** When the first reply went out: null while the first-response target runs. */
  firstResponseAt: string | null;
  resolutionDueAt: string | null;
  state: SlaState;
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
  /** As the platform gave them: a type (image, video, file…) and where to fetch it. */
  attachments?: Array<{ type?: string; url?: string }>;
  deliveryStatus: string | null;
  deliveryError: string | null;
  sentAt: string;
}

export interface Note {
  id: number;
  author: { id: number | null; name: string };
  text: string;
  createdAt: string;
}

export interface OtherTicket {
  id: number;
  number: number;
  status: Status;
  category: Category;
  createdAt: string;
  preview: string;
}

export interface Ticket extends Omit<TicketSummary, 'contact'> {
  messages: TicketMessage[];
  complaint: { id: number; status: string } | null;
  notes: Note[];
  replyVisibilities: Visibility[];
  contact: { id: number; handle: string | null; name: string | null; platform: string };
  otherTickets: OtherTicket[];
  mergedInto: number | null;
  /** The ticket's history from the audit log, oldest first (names, never e-mail addresses). */
  activity?: Array<{ at: string; actor: string; action: string; from: string | null; to: string | null; reason: string | null; added: string[]; removed: string[] }>;
}

export const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SORTS = ['updated', 'age', 'priority', 'due'] as const;
export type Sort = (typeof SORTS)[number];

/** The queue's filter: the query of GET /api/tickets, also what a saved view stores. */
export interface TicketFilter {
  entity?: string;
  platform?: string;
  category?: string;
  status?: string;
  assignee?: string;
  mine?: boolean;
  unassigned?: boolean;
  tag?: string;
  overdue?: boolean;
  q?: string;
  sort?: Sort;
}

export interface SavedView {
  id: number;
  name: string;
  filter: TicketFilter;
  shared: boolean;
  owner?: { id: number; name: string } | null;
  ownerId?: number;
  mine?: boolean;
}

export interface CannedResponse {
  id: number;
  title: string;
  lang: string;
  text: string;
}

export type BulkAction = { type: 'assign'; assigneeId: number | null } | { type: 'tag'; tags: string[] } | { type: 'close' };
export interface BulkResult {
  updated: number[];
  skipped: Array<{ id: number; reason: string }>;
}

export interface TicketPatch {
  status?: Status;
  priority?: Priority;
  assigneeId?: number | null;
}
