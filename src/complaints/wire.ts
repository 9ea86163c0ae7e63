import { z } from 'zod';
import { instant } from '../http/wire.js';
import { ticketDetailWire } from '../tickets/wire.js';
import { INTAKE_LANGUAGES } from './intake-texts.js';
import { LETTER_ROUTES } from './letter-delivery.js';
import { LETTER_KINDS } from './letter-texts.js';
import { ALLOWED_FROM, CASE_STATES, DECLINE_GROUNDS, OUTCOMES, RESOLUTIONS, type CaseActionType } from './procedure.js';

/**
 * The complaint-case JSON of the API, one definition for both ends: the case routes serialize
 * through these schemas (fields not named here never leave the server) and the web app takes its
 * types from them (`z.input`: dates as ISO strings), so the two cannot drift apart.
 */

/** The codes of one of the procedure's closed lists, as a zod enum's values. */
export const codes = <T extends { code: string }>(list: readonly T[]) => list.map((item) => item.code) as [T['code'], ...Array<T['code']>];

const caseState = z.enum(codes(CASE_STATES));
const actionType = z.enum(Object.keys(ALLOWED_FROM) as [CaseActionType, ...CaseActionType[]]);

/** The complainant's details as far as they are known. */
export const caseIntakeWire = z.object({
  name: z.string().optional(),
  address: z.string().optional(),
  email: z.string().optional(),
  facts: z.string().optional(),
});

/** The procedure's state and decisions; a decision or date not taken yet is absent. */
export const caseSnapshotWire = z.object({
  state: caseState,
  intake: caseIntakeWire,
  involvedStaff: z.array(z.string()),
  ombudsNorms: z.array(z.string()),
  handler: z.string().optional(),
  declineGround: z.enum(codes(DECLINE_GROUNDS)).optional(),
  declineMotivation: z.string().optional(),
  outcome: z.enum(codes(OUTCOMES)).optional(),
  resolution: z.enum(codes(RESOLUTIONS)).optional(),
  theme: z.string().optional(),
  escalatedAt: instant.optional(),
  acknowledgedAt: instant.optional(),
  declinedAt: instant.optional(),
  decidedAt: instant.optional(),
  answeredAt: instant.optional(),
  closedAt: instant.optional(),
});

/** The legal terms as local calendar dates (`YYYY-MM-DD`) in the entity's time zone. */
export const caseDeadlinesWire = z.object({
  receivedOn: z.string(),
  acknowledgeBy: z.string(),
  answerBy: z.string(),
});

export const termStatusWire = z.enum(['met', 'open', 'due_soon', 'overdue']);

/** Where each term stands; the days left are absent once the term is met. */
export const caseDeadlineStatusWire = z.object({
  acknowledge: termStatusWire,
  answer: termStatusWire,
  daysToAcknowledge: z.number().optional(),
  daysToAnswer: z.number().optional(),
});

export const complaintCaseWire = z.object({
  id: z.number(),
  ticketId: z.number(),
  ticketNumber: z.number(),
  entity: z.string(),
  platform: z.string(),
  channel: z.string(),
  source: z.string(),
  receivedAt: instant,
  state: caseState,
  snapshot: caseSnapshotWire,
  escalationReason: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  coordinatorNotifiedAt: instant.nullable(),
  /** The case this one is likely a duplicate of (same person, same complaint within a week); absent when none. */
  possibleDuplicateOf: z.number().optional(),
  deadlines: caseDeadlinesWire,
  deadlineStatus: caseDeadlineStatusWire,
  /** The steps the procedure allows from the current state. */
  allowedActions: z.array(actionType),
  /** The entity's complaint themes (for the decision), [] when it has none. */
  themes: z.array(z.string()),
  /** Who complained: the contact's name and handle on the platform, as far as known. */
  complainant: z.object({ name: z.string().nullable(), handle: z.string().nullable() }),
  /** The channel's display name (null when it has none). */
  channelName: z.string().nullable(),
  /** The case's theme when set, else the start of the citizen's first message. */
  subject: z.string(),
});

export const caseListWire = z.object({ items: z.array(complaintCaseWire), total: z.number() });

/** One step in a case's history (intake values are never in the log). */
export const caseAuditEntryWire = z.object({
  at: instant,
  actor: z.string(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  why: z.string().nullable(),
});

export const letterKindWire = z.enum(LETTER_KINDS);
export const letterLanguageWire = z.enum(INTAKE_LANGUAGES);
export const letterRouteWire = z.enum(LETTER_ROUTES);

/** A letter of the case: what was (or will be) sent, how, to whom, and where it is. */
export const caseLetterWire = z.object({
  id: z.number(),
  kind: letterKindWire,
  language: letterLanguageWire,
  subject: z.string(),
  body: z.string(),
  route: letterRouteWire,
  recipient: z.string().nullable(),
  messageId: z.number().nullable(),
  status: z.enum(['sending', 'to_post', 'sent', 'failed', 'cancelled']),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: instant,
  sentAt: instant.nullable(),
});

/** The letter as the template writes it, the ways it can go, and what the law asks that the text lacks. */
export const letterPreviewWire = z.object({
  kind: letterKindWire,
  language: letterLanguageWire,
  subject: z.string(),
  body: z.string(),
  routes: z.array(z.object({ route: letterRouteWire, to: z.string() })),
  missing: z.array(z.string()),
});

/** The case's ticket as stored: the ticket view's reply visibilities and activity are not part of it. */
export const caseTicketWire = ticketDetailWire.omit({ replyVisibilities: true, activity: true });

/** GET /api/cases/:id: the case with its audit trail and its ticket (absent when the ticket went away). */
export const caseDetailWire = complaintCaseWire.extend({
  audit: z.array(caseAuditEntryWire),
  ticket: caseTicketWire.optional(),
  /** The entity's active users who may take steps in cases (cases.act), by name: whom the handler is picked from. */
  handlers: z.array(z.object({ name: z.string(), email: z.string() })),
  /** The letters written to the complainant, oldest first. */
  letters: z.array(caseLetterWire),
});

/** One suggested detail: the value the intake form would take and the text of the message it was read from. */
export const detailSuggestionWire = z.object({ value: z.string(), matched: z.string() });

/** The details one private message of the citizen suggests; nothing of it is stored until the coordinator saves the intake. */
export const messageSuggestionsWire = z.object({
  messageId: z.number(),
  sentAt: instant,
  name: detailSuggestionWire.optional(),
  address: detailSuggestionWire.optional(),
  email: detailSuggestionWire.optional(),
  phone: detailSuggestionWire.optional(),
});

/** GET /api/cases/:id/suggested-details: per private message of the citizen since the case was received, newest first. */
export const suggestedDetailsWire = z.object({ items: z.array(messageSuggestionsWire) });
