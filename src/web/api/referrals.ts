/** Referral of a ticket to another entity (issue 17): targets, the proposed citizen reply, the referral, the trace and the counts. */
import type { z } from 'zod';
import type { referralCreatedWire, referralListWire, referralPreviewWire, referralReportWire, referralTargetsWire, referralWire } from '../../referrals/wire.js';
import type { Client } from './client.js';

export type Referral = z.input<typeof referralWire>;
export type ReferralPreview = z.input<typeof referralPreviewWire>;
export type ReferralReport = z.input<typeof referralReportWire>;

export interface ReferralRequest {
  to: string;
  note: string;
  /** The reply as the person read and approved it; null = no reply to the citizen. */
  reply: { text: string; visibility: 'public' | 'private' } | null;
}

export function referralCalls({ request }: Client) {
  return {
    referralTargets: () => request<z.input<typeof referralTargetsWire>>('GET', '/api/referral-targets'),
    referralPreview: (ticketId: number, to: string) => request<ReferralPreview>('GET', `/api/tickets/${ticketId}/referral-preview?to=${encodeURIComponent(to)}`),
    referTicket: (ticketId: number, body: ReferralRequest) => request<z.input<typeof referralCreatedWire>>('POST', `/api/tickets/${ticketId}/referrals`, body),
    ticketReferrals: (ticketId: number) => request<z.input<typeof referralListWire>>('GET', `/api/tickets/${ticketId}/referrals`),
    referrals: (direction: 'sent' | 'received', entity?: string) =>
      request<z.input<typeof referralListWire>>('GET', `/api/referrals?direction=${direction}${entity ? `&entity=${encodeURIComponent(entity)}` : ''}`),
    referralReport: (entity: string) => request<ReferralReport>('GET', `/api/reports/referrals?entity=${encodeURIComponent(entity)}`),
  };
}
