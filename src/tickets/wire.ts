import { z } from 'zod';
import { instant } from '../http/wire.js';
import { CATEGORIES, PRIORITIES, TICKET_STATUSES } from './ticket.js';
import { CASE_STATES, type CaseState } from '../complaints/procedure.js';

const TERM_STATUSES = ['met', 'open', 'due_soon', 'overdue'] as const;

/**
 * The ticket JSON of the API, one definition for both ends: the routes serialize through these
 * schemas (fields not named here never leave the server) and the web app takes its types from them
 * (`z.input`: dates as ISO strings), so the two cannot drift apart.
 */

const category = z.enum(CATEGORIES);
const status = z.enum(TICKET_STATUSES);
const person = z.object({ id: z.number(), name: z.string() });

export const slaWire = z.object({
  firstResponseDueAt: instant.nullable(),
  /** When the first reply went out: null while the first-response target runs. */
  firstResponseAt: instant.nullable(),
  resolutionDueAt: instant.nullable(),
  state: z.enum(['ok', 'due_soon', 'breached', 'met', 'none']),
});

export const ticketSummaryWire = z.object({
  id: z.number(),
  number: z.number(),
  entity: z.string(),
  channel: z.string(),
  platform: z.string(),
  category,
  confidence: z.number().nullable(),
  categorySource: z.enum(['auto', 'manual']),
  signals: z.array(z.string()),
  flags: z.array(z.string()),
  /** The classifier was unsure (below the entity's checkBelow) or it is a possible complaint: a person should confirm or re-tag. */
  toCheck: z.boolean(),
  status,
  priority: z.enum(PRIORITIES),
  contact: z.object({ id: z.number(), handle: z.string().nullable(), name: z.string().nullable(), platform: z.string() }),
  preview: z.string(),
  messageCount: z.number(),
  createdAt: instant,
  updatedAt: instant,
  assignee: person.nullable(),
  tags: z.array(z.string()),
  sla: slaWire,
  /** Snoozed: hidden from the queue until this time (null: not, or until the citizen writes again). */
  snoozedUntil: instant.nullable(),
  /** Snoozed until the citizen writes again (or `snoozedUntil`, when set, passes). */
  snoozedUntilReply: z.boolean(),
  /** For the caller: a citizen message came in after they last read the ticket (false for the machine token). */
  unread: z.boolean(),
  lastInboundAt: instant.nullable(),
});

export const ticketListWire = z.object({
  items: z.array(ticketSummaryWire),
  total: z.number(),
  /** There are more than the exact count's cap (1,000). */
  totalCapped: z.boolean().optional(),
  /** `total` is PostgreSQL's estimate (beyond the cap, or a search that read only the newest tickets): "≈ 48.000". */
  totalEstimated: z.boolean().optional(),
});

export const ticketMessageWire = z.object({
  id: z.number(),
  externalId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  kind: z.string(),
  visibility: z.string().nullable(),
  text: z.string(),
  lang: z.string().nullable(),
  category: z.string().nullable(),
  confidence: z.number().nullable(),
  signals: z.array(z.string()),
  flags: z.array(z.string()),
  /**
   * As the platform gave them: a type (image, video, file…), the platform's URL or reference, and `href`:
   * the API path that serves the file (GET, same session), null when there is no way to fetch it.
   */
  attachments: z.array(
    z.object({
      type: z.string(),
      url: z.string().optional(),
      size: z.number().optional(),
      /** The MIME type, when the platform said. */
      mimeType: z.string().optional(),
      /** The name the citizen's file had (documents, e-mail). */
      filename: z.string().optional(),
      href: z.string().nullable(),
    }),
  ),
  /** Review stars 1–5 (Google reviews); null for every other message. */
  rating: z.number().int().min(1).max(5).nullable(),
  permalink: z.string().nullable(),
  deliveryStatus: z.string().nullable(),
  deliveryError: z.string().nullable(),
  /** Outbound: who queued it — a person, or the system by itself (never counted as a first response). */
  sentBy: z.enum(['person', 'system']).nullable(),
  sentAt: instant,
  /** Inbound: when the platform said the author last edited it (the text is the newest version); null when never. */
  editedAt: instant.nullable(),
  /** Inbound: when the platform said it was removed; the text stays for the agents. Null when not removed. */
  deletedAt: instant.nullable(),
  /** A case letter that went by e-mail or on paper instead of on the channel; absent for everything else. */
  letterRoute: z.enum(['email', 'post']).optional(),
});

export const ticketNoteWire = z.object({
  id: z.number(),
  author: z.object({ id: z.number().nullable(), name: z.string() }),
  text: z.string(),
  createdAt: instant,
});

export const otherTicketWire = z.object({
  id: z.number(),
  number: z.number(),
  status,
  category,
  createdAt: instant,
  preview: z.string(),
});

export const ticketComplaintWire = z.object({
  id: z.number(),
  status: z.string(),
  receivedAt: instant,
  notifiedAt: instant.nullable(),
  withdrawnAt: instant.nullable(),
});

/** The complaint case of a ticket, as the ticket view's banner shows it: state and the two legal terms. */
export const ticketCaseWire = z.object({
  id: z.number(),
  state: z.enum(CASE_STATES.map((s) => s.code) as [CaseState, ...CaseState[]]),
  /** Due days (`YYYY-MM-DD`, the entity's calendar) of the acknowledgement (10 days) and the answer (45 days). */
  acknowledgeBy: z.string(),
  answerBy: z.string(),
  acknowledgeStatus: z.enum(TERM_STATUSES),
  answerStatus: z.enum(TERM_STATUSES),
  /** Local days left to each open term (0 on the due day, negative when overdue); absent once met. */
  daysToAcknowledge: z.number().optional(),
  daysToAnswer: z.number().optional(),
});

export const ticketActivityWire = z.object({
  at: instant,
  actor: z.string(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string().nullable(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
});

export const ticketDetailWire = ticketSummaryWire.extend({
  messages: z.array(ticketMessageWire),
  complaint: ticketComplaintWire.nullable(),
  /** The ticket's complaint case with its terms; absent when the ticket has none. */
  case: ticketCaseWire.optional(),
  notes: z.array(ticketNoteWire),
  otherTickets: z.array(otherTicketWire),
  mergedInto: z.number().nullable(),
  /** What a reply to the latest citizen message may be on its platform ([] = nothing to reply to). */
  replyVisibilities: z.array(z.enum(['public', 'private'])),
  /** The ticket's history from the audit log, oldest first (names, never e-mail addresses). */
  activity: z.array(ticketActivityWire),
  /** Other people on the ticket in the last 30 seconds (never the caller). */
  presence: z.array(z.object({ userId: z.number(), name: z.string(), state: z.enum(['viewing', 'typing']) })),
});

/** The 202 of a reply: queued for the outbound worker (a repeated Idempotency-Key answers `duplicate`). */
export const queuedReplyWire = z.object({ messageId: z.number(), deliveryStatus: z.literal('queued'), duplicate: z.boolean() });

/** The languages a canned response is written in. */
export const CANNED_LANGUAGES = ['nl', 'fr', 'en'] as const;

/** A canned response as stored (GET/POST/PATCH /api/canned-responses): the body keeps its {{variables}}. */
export const cannedResponseWire = z.object({
  id: z.number(),
  entity: z.string(),
  lang: z.enum(CANNED_LANGUAGES),
  title: z.string(),
  body: z.string(),
  createdAt: instant,
  updatedAt: instant,
});

export const cannedResponseListWire = z.object({ items: z.array(cannedResponseWire) });

/** A canned response filled in for one ticket and its agent (GET /api/tickets/:id/canned-responses). */
export const renderedCannedResponseWire = z.object({ id: z.number(), title: z.string(), lang: z.enum(CANNED_LANGUAGES), text: z.string() });

export const renderedCannedResponseListWire = z.object({ items: z.array(renderedCannedResponseWire) });

/**
 * A saved view: the queue's query as it was saved (values as the browser sent them), shared within
 * `entity` or not; `mine` says whether the caller owns it.
 */
export const savedViewWire = z.object({
  id: z.number(),
  name: z.string(),
  filter: z.record(z.string(), z.unknown()),
  shared: z.boolean(),
  entity: z.string().nullable(),
  owner: person,
  mine: z.boolean(),
  createdAt: instant,
});

export const savedViewListWire = z.object({ items: z.array(savedViewWire) });
