/** The coordinator, dashboard and admin screens' API calls (routes and shapes: /tmp contract "Admin" and src/api/cases.ts). */
import { call, type Ticket } from './api.js';
import type { SlaChange, SlaSettings } from './admin/sla-form.js';
import type { CaseActionType, CaseState } from './cases/procedure.js';

// ---- complaint cases ----

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

// ---- entities ----

export interface IntakeTemplates {
  intakePrivate?: string;
  intakePublic?: string;
}
export type TemplateLang = 'nl' | 'fr' | 'en';

export interface Entity {
  id: string;
  name: string;
  coordinatorName: string | null;
  coordinatorEmail: string | null;
  complaintThreshold: number;
  timeZone: string;
  autoAssign: 'off' | 'round_robin';
  templates: Partial<Record<TemplateLang, IntakeTemplates>>;
  channelCount: number;
  source: 'config' | 'app';
}

export type EntityPatch = Partial<Pick<Entity, 'name' | 'coordinatorName' | 'coordinatorEmail' | 'complaintThreshold' | 'timeZone' | 'autoAssign' | 'templates'>>;

// ---- channels ----

export type ChannelStatus = 'idle' | 'ok' | 'error' | 'rate_limited' | 'auth_expired' | 'disabled';

export interface ChannelHealth {
  id: string;
  entity: string;
  platform: string;
  name: string | null;
  enabled: boolean;
  status: ChannelStatus;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  rateLimitedUntil: string | null;
  pollIntervalSeconds: number;
  openTickets: number;
  queuedReplies: number;
  quarantined: number;
  backlog: number;
  reconnectNeeded: boolean;
  source?: 'config' | 'app';
}

export interface ChannelConfig {
  id: string;
  entity: string;
  platform: string;
  name: string | null;
  account: Record<string, string>;
  baseUrl: string | null;
  pollIntervalSeconds: number;
  enabled: boolean;
  credentialKeys: string[];
  status?: ChannelStatus;
  source?: 'config' | 'app';
  /** Where the platform sends its deliveries (enter it at the platform); null when it is only polled. */
  webhookUrl?: string | null;
}

export interface NewChannel {
  id: string;
  entity: string;
  platform: string;
  name?: string;
  account: Record<string, string>;
  baseUrl?: string;
  credentials: Record<string, string>;
  pollIntervalSeconds?: number;
  enabled?: boolean;
}

/** The platform and the entity stay: a channel elsewhere is a new channel. */
export type ChannelPatch = Partial<Pick<NewChannel, 'account' | 'credentials' | 'pollIntervalSeconds' | 'enabled'>> & { name?: string | null; baseUrl?: string | null };

export interface QuarantineItem {
  id: number;
  itemType: string;
  externalId: string | null;
  reason: string;
  seenCount: number;
  createdAt: string;
  lastSeenAt: string;
}

// ---- users ----

export type Role = 'agent' | 'coordinator' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'coordinator', 'admin'];

export interface ManagedUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  entities: string[];
  disabled: boolean;
  hasPassword?: boolean;
  lastLoginAt?: string | null;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  entities: string[];
  password?: string;
}

export type UserPatch = Partial<{ name: string; role: Role; entities: string[]; disabled: boolean; password: string }>;

// ---- canned responses ----

export type CannedLang = 'nl' | 'fr' | 'en';
export const CANNED_LANGS: readonly CannedLang[] = ['nl', 'fr', 'en'];

/** As stored: the body keeps its {{variables}}; the ticket screen gets them filled in by the API. */
export interface StoredCannedResponse {
  id: number;
  entity: string;
  lang: CannedLang;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewCannedResponse {
  entity: string;
  lang: CannedLang;
  title: string;
  body: string;
}

export type CannedResponsePatch = Partial<Pick<NewCannedResponse, 'lang' | 'title' | 'body'>>;

// ---- SLA (shapes in admin/sla-form.ts, which tests load without the browser's API client) ----

export { SLA_PRIORITIES, type BusinessPeriod, type SlaChange, type SlaPolicy, type SlaPriority, type SlaSettings } from './admin/sla-form.js';

// ---- dashboard ----

export interface VolumeRow {
  day: string;
  platform: string;
  category: string;
  count: number;
}

export interface DashboardData {
  volume: VolumeRow[];
  medianFirstResponseMinutes: number | null;
  medianResolutionMinutes: number | null;
  openComplaints: { overdue: number; dueSoon: number; onTrack: number };
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = (value: string | number) => encodeURIComponent(String(value));

export const adminApi = {
  cases: (filter: CaseFilter) =>
    call<{ items: ComplaintCase[]; total: number }>('GET', `/api/cases${query({ entity: filter.entity, state: filter.state, due: filter.due, limit: 500 })}`),
  case: (caseId: number) => call<ComplaintCaseDetail>('GET', `/api/cases/${caseId}`),
  caseAction: (caseId: number, action: CaseActionBody) => call<ComplaintCase>('POST', `/api/cases/${caseId}/actions`, action),
  notAComplaint: (caseId: number, reason: string, category: 'question' | 'dissatisfaction' | 'other') =>
    call<ComplaintCase>('POST', `/api/cases/${caseId}/not-a-complaint`, { reason, category }),

  entities: () => call<{ items: Entity[] }>('GET', '/api/entities'),
  updateEntity: (entityId: string, patch: EntityPatch) => call<Entity>('PATCH', `/api/entities/${id(entityId)}`, patch),

  channels: () => call<{ items: ChannelHealth[] }>('GET', '/api/channels'),
  channel: (channelId: string) => call<ChannelConfig>('GET', `/api/channels/${id(channelId)}`),
  createChannel: (channel: NewChannel) => call<ChannelConfig>('POST', '/api/channels', channel),
  updateChannel: (channelId: string, patch: ChannelPatch) => call<ChannelConfig>('PATCH', `/api/channels/${id(channelId)}`, patch),
  pollNow: (channelId: string) => call<unknown>('POST', `/api/channels/${id(channelId)}/poll`),
  quarantine: (channelId: string) => call<{ items: QuarantineItem[] }>('GET', `/api/channels/${id(channelId)}/quarantine`),
  retryQuarantined: (itemId: number) => call<{ status: string }>('POST', `/api/quarantine/${itemId}/retry`),
  dismissQuarantined: (itemId: number) => call<unknown>('POST', `/api/quarantine/${itemId}/dismiss`),

  users: () => call<{ items: ManagedUser[] }>('GET', '/api/users'),
  createUser: (user: NewUser) => call<ManagedUser>('POST', '/api/users', user),
  updateUser: (userId: number, patch: UserPatch) => call<ManagedUser>('PATCH', `/api/users/${userId}`, patch),

  cannedResponses: (filter: { entity?: string; lang?: CannedLang }) =>
    call<{ items: StoredCannedResponse[] }>('GET', `/api/canned-responses${query({ entity: filter.entity, lang: filter.lang })}`),
  createCannedResponse: (response: NewCannedResponse) => call<StoredCannedResponse>('POST', '/api/canned-responses', response),
  updateCannedResponse: (responseId: number, patch: CannedResponsePatch) => call<StoredCannedResponse>('PATCH', `/api/canned-responses/${responseId}`, patch),
  deleteCannedResponse: (responseId: number) => call<void>('DELETE', `/api/canned-responses/${responseId}`),

  sla: (entityId: string) => call<SlaSettings>('GET', `/api/entities/${id(entityId)}/sla`),
  saveSla: (entityId: string, change: SlaChange) => call<SlaSettings>('PUT', `/api/entities/${id(entityId)}/sla`, change),

  dashboard: (entity: string, days: number) => call<DashboardData>('GET', `/api/dashboard${query({ entity, days })}`),
};
