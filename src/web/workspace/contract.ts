/**
 * The workspace's fields of the ticket and session JSON (issue 12), read through these accessors so
 * the screens work against a server that does not send them yet: what is missing reads as "not
 * snoozed", "read", "nobody else here", "no stars", and the permissions follow from the role.
 */
import type { Presence, Ticket, TicketMessage, TicketSummary, User } from '../ticket/wire.js';

export interface SummaryState {
  unread: boolean;
  snoozedUntil: string | null;
  snoozedUntilReply: boolean;
  /** When the citizen last wrote (null: never, or unknown). */
  lastInboundAt: string | null;
}

type Loose<T> = T & Partial<Record<keyof SummaryState, unknown>> & { presence?: unknown };

export function summaryState(ticket: TicketSummary): SummaryState {
  const loose = ticket as Loose<TicketSummary>;
  return {
    unread: loose.unread === true,
    snoozedUntil: typeof loose.snoozedUntil === 'string' ? loose.snoozedUntil : null,
    snoozedUntilReply: loose.snoozedUntilReply === true,
    lastInboundAt: typeof loose.lastInboundAt === 'string' ? loose.lastInboundAt : null,
  };
}

/** Snoozed now: until a time still to come, or until the citizen writes. */
export function isSnoozed(state: SummaryState, now = Date.now()): boolean {
  return state.snoozedUntilReply || (state.snoozedUntil !== null && new Date(state.snoozedUntil).getTime() > now);
}

/** Colleagues on the ticket (the server never lists the caller; `me` is left out anyway). */
export function presenceOf(ticket: Ticket, me: number): Presence[] {
  const list = (ticket as Loose<Ticket>).presence;
  return Array.isArray(list) ? (list as Presence[]).filter((entry) => entry.userId !== me) : [];
}

export interface MessageAttachment {
  type: string;
  url?: string;
  size?: number;
  mimeType?: string;
  filename?: string;
  /** The API path serving the file through the channel's credentials; null when the platform gave no address. */
  href?: string | null;
}

export interface MessageDetails {
  /** 1–5 review stars, null when the message is no rating. */
  rating: number | null;
  attachments: MessageAttachment[];
  /** Outbound: who queued it. */
  sentBy: 'person' | 'system' | null;
  isDraft: boolean;
  /** Inbound: when the citizen edited it on the platform (the text is the newest), null when never. */
  editedAt: string | null;
  /** Inbound: when the citizen removed it on the platform (the text stays for the record), null when not. */
  deletedAt: string | null;
}

export function messageDetails(message: TicketMessage): MessageDetails {
  const loose = message as TicketMessage & { rating?: unknown; sentBy?: unknown; attachments?: unknown; editedAt?: unknown; deletedAt?: unknown };
  const rating = typeof loose.rating === 'number' && loose.rating >= 1 && loose.rating <= 5 ? Math.round(loose.rating) : null;
  const sentBy = loose.sentBy === 'person' || loose.sentBy === 'system' ? loose.sentBy : null;
  return {
    rating,
    attachments: Array.isArray(loose.attachments) ? (loose.attachments as MessageAttachment[]) : [],
    sentBy,
    isDraft: message.direction === 'outbound' && message.deliveryStatus === 'draft',
    editedAt: typeof loose.editedAt === 'string' ? loose.editedAt : null,
    deletedAt: typeof loose.deletedAt === 'string' ? loose.deletedAt : null,
  };
}

/**
 * The user's permissions as GET /api/auth/me lists them. Until a server sends them, what each role
 * could do before issue 12 (the server refuses anything else anyway).
 */
export function permissionsOf(user: User): ReadonlySet<string> {
  const listed = (user as User & { permissions?: unknown }).permissions;
  if (Array.isArray(listed)) return new Set(listed.filter((item): item is string => typeof item === 'string'));
  const agent = ['tickets.read', 'tickets.reply', 'tickets.retag', 'tickets.assign', 'tickets.work', 'tickets.note', 'canned.manage', 'views'];
  const coordinator = ['tickets.read', 'tickets.retag', 'tickets.note', 'views', 'cases.read', 'cases.act', 'reports.read'];
  if (user.role === 'coordinator') return new Set(coordinator);
  if (user.role === 'agent') return new Set(agent);
  return new Set([...agent, ...coordinator]);
}
