/** The coordinators' calls: complaint cases and the steps of the procedure. */
import type { z } from 'zod';
import type {
  caseAuditEntryWire,
  caseDeadlineStatusWire,
  caseDeadlinesWire,
  caseDetailWire,
  suggestedDetailsWire,
  caseListWire,
  caseSnapshotWire,
  caseLetterWire,
  complaintCaseWire,
  letterPreviewWire,
  termStatusWire,
} from '../../complaints/wire.js';
import { query, type Client } from './client.js';

/** The case JSON as src/complaints/wire.ts defines it for the API; `z.input` = as it travels (dates as ISO strings). */
export type TermStatus = z.input<typeof termStatusWire>;
export type CaseDeadlines = z.input<typeof caseDeadlinesWire>;
export type CaseDeadlineStatus = z.input<typeof caseDeadlineStatusWire>;
export type CaseSnapshot = z.input<typeof caseSnapshotWire>;
export type CaseAuditEntry = z.input<typeof caseAuditEntryWire>;
/** A case with its terms, the steps its stage allows and the entity's themes (list, actions). */
export type ComplaintCase = z.input<typeof complaintCaseWire>;
/** GET /api/cases/:id adds the audit trail and the ticket. */
export type ComplaintCaseDetail = z.input<typeof caseDetailWire>;
/** What the citizen's private messages suggest for the intake form (nothing stored). */
export type SuggestedDetails = z.input<typeof suggestedDetailsWire>;
export type CaseList = z.input<typeof caseListWire>;
/** A letter to the complainant and the template's preview of one. */
export type CaseLetter = z.input<typeof caseLetterWire>;
export type LetterPreview = z.input<typeof letterPreviewWire>;
export type LetterKind = CaseLetter['kind'];

/** What the coordinator fills in for a letter's step (only what its kind uses). */
export interface LetterFields {
  kind: LetterKind;
  language?: CaseLetter['language'];
  handler?: string;
  ground?: string;
  motivation?: string;
  reasons?: string;
}

export type CaseActionBody =
  | { type: 'request_details'; sentElsewhere?: string }
  | { type: 'details_received'; details: CaseSnapshot['intake'] }
  | { type: 'decline'; ground: string; motivation: string; sentElsewhere?: string }
  | { type: 'acknowledge'; handler: string; sentElsewhere?: string }
  | { type: 'assign_handler'; handler: string }
  | { type: 'mark_involved'; staff: string[] }
  | { type: 'start_investigation' }
  | { type: 'resolve_by_agreement'; resolution: string }
  | { type: 'decide'; outcome: string; resolution: string; ombudsNorms: string[]; theme?: string }
  | { type: 'answer'; sentElsewhere?: string }
  | { type: 'close'; resolveTicket?: boolean }
  | { type: 'escalate'; why: string };

export interface CaseFilter {
  entity?: string;
  state?: string;
  due?: '' | 'due_soon' | 'overdue' | 'this_week';
  /** Words to find in the complainant's name or handle, the ticket number or the messages. */
  q?: string;
  handler?: string;
  theme?: string;
}

export function caseCalls({ request }: Client) {
  return {
    cases: (filter: CaseFilter) =>
      request<CaseList>('GET', `/api/cases${query({ entity: filter.entity, state: filter.state, due: filter.due, q: filter.q, handler: filter.handler, theme: filter.theme, limit: 500 })}`),
    case: (caseId: number) => request<ComplaintCaseDetail>('GET', `/api/cases/${caseId}`),
    suggestedDetails: (caseId: number) => request<SuggestedDetails>('GET', `/api/cases/${caseId}/suggested-details`),
    caseAction: (caseId: number, action: CaseActionBody) => request<ComplaintCase>('POST', `/api/cases/${caseId}/actions`, action),
    letterPreview: (caseId: number, fields: LetterFields) => request<LetterPreview>('POST', `/api/cases/${caseId}/letters/preview`, fields),
    sendLetter: (caseId: number, letter: LetterFields & { language: CaseLetter['language']; subject: string; body: string; route: CaseLetter['route'] }) =>
      request<CaseLetter>('POST', `/api/cases/${caseId}/letters`, letter),
    letterPosted: (caseId: number, letterId: number) => request<CaseLetter>('POST', `/api/cases/${caseId}/letters/${letterId}/posted`),
    cancelLetter: (caseId: number, letterId: number) => request<CaseLetter>('DELETE', `/api/cases/${caseId}/letters/${letterId}`),
    /** The PDF of a letter to post: a plain link (the session cookie goes with it). */
    letterPdfUrl: (caseId: number, letterId: number) => `/api/cases/${caseId}/letters/${letterId}/pdf`,
    notAComplaint: (caseId: number, reason: string, category: 'question' | 'dissatisfaction' | 'other') =>
      request<ComplaintCase>('POST', `/api/cases/${caseId}/not-a-complaint`, { reason, category }),
  };
}
