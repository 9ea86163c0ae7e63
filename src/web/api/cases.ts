/** The coordinators' calls: complaint cases and the steps of the procedure. */
import type { CaseActionType, CaseState } from '../cases/procedure.js';
import type { Ticket } from '../ticket/wire.js';
import { query, type Client } from './client.js';

export type TermStatus = 'met' | 'open' | 'due_soon' | 'overdue';

export interface CaseDeadlines {
  receivedOn: string;
  acknowledgeBy: string;
  answerBy: string;
}

export interface CaseDeadlineStatus {
  acknowledge: TermStatus;
  answer: TermStatus;
  daysToAcknowledge?: number;
  daysToAnswer?: number;
}

export interface CaseSnapshot {
  state: CaseState;
  intake: { name?: string; address?: string; email?: string; facts?: string };
  handler?: string;
  involvedStaff: string[];
  declineGround?: string;
  declineMotivation?: string;
  outcome?: string;
  resolution?: string;
  ombudsNorms: string[];
  theme?: string;
  escalatedAt?: string;
  acknowledgedAt?: string;
  declinedAt?: string;
  decidedAt?: string;
  answeredAt?: string;
  closedAt?: string;
}

export interface CaseAuditEntry {
  at: string;
  actor: string;
  action: string;
  from?: string | null;
  to?: string | null;
  why?: string | null;
}

export interface ComplaintCase {
  id: number;
  ticketId: number;
  ticketNumber: number;
  entity: string;
  platform: string;
  channel: string;
  source: string;
  receivedAt: string;
  state: CaseState;
  snapshot: CaseSnapshot;
  escalationReason: string | null;
  withdrawnReason: string | null;
  coordinatorNotifiedAt: string | null;
  deadlines: CaseDeadlines;
  deadlineStatus: CaseDeadlineStatus;
}

/** GET /api/cases/:id adds the ticket, the audit trail and the steps the stage allows. */
export interface ComplaintCaseDetail extends ComplaintCase {
  ticket: Ticket | null;
  audit: CaseAuditEntry[];
  allowedActions: CaseActionType[];
  /** The entity's complaint themes: the decision picks one of them. */
  themes?: string[];
}

export type CaseActionBody =
  | { type: 'request_details' }
  | { type: 'details_received'; details: CaseSnapshot['intake'] }
  | { type: 'decline'; ground: string; motivation: string }
  | { type: 'acknowledge'; handler: string }
  | { type: 'assign_handler'; handler: string }
  | { type: 'mark_involved'; staff: string[] }
  | { type: 'start_investigation' }
  | { type: 'resolve_by_agreement'; resolution: string }
  | { type: 'decide'; outcome: string; resolution: string; ombudsNorms: string[]; theme?: string }
  | { type: 'answer' }
  | { type: 'close' }
  | { type: 'escalate'; why: string };

export interface CaseFilter {
  entity?: string;
  state?: string;
  due?: '' | 'due_soon' | 'overdue';
}

export function caseCalls({ request }: Client) {
  return {
    cases: (filter: CaseFilter) =>
      request<{ items: ComplaintCase[]; total: number }>('GET', `/api/cases${query({ entity: filter.entity, state: filter.state, due: filter.due, limit: 500 })}`),
    case: (caseId: number) => request<ComplaintCaseDetail>('GET', `/api/cases/${caseId}`),
    caseAction: (caseId: number, action: CaseActionBody) => request<ComplaintCase>('POST', `/api/cases/${caseId}/actions`, action),
    notAComplaint: (caseId: number, reason: string, category: 'question' | 'dissatisfaction' | 'other') =>
      request<ComplaintCase>('POST', `/api/cases/${caseId}/not-a-complaint`, { reason, category }),
  };
}
