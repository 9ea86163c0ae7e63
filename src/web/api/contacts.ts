/** A contact's page (personal data, issue 17) and an entity's retention settings. */
import type { z } from 'zod';
import type { contactSummaryWire, erasureCountsWire, retentionWire } from '../../personal-data/wire.js';
import { segment, type Client } from './client.js';

export type ContactSummary = z.input<typeof contactSummaryWire>;
export type ErasureCounts = z.input<typeof erasureCountsWire>;
export type Retention = z.input<typeof retentionWire>;

/** Where the browser downloads the contact's export (a plain GET with the session cookie). */
export function contactExportHref(entityId: string, contactId: number): string {
  return `/api/entities/${segment(entityId)}/contacts/${contactId}/export`;
}

export function contactCalls({ request }: Client) {
  const base = (entityId: string, contactId: number) => `/api/entities/${segment(entityId)}/contacts/${contactId}`;
  return {
    contact: (entityId: string, contactId: number) => request<ContactSummary>('GET', base(entityId, contactId)),
    erasurePreview: (entityId: string, contactId: number) => request<ErasureCounts>('GET', `${base(entityId, contactId)}/erasure`),
    eraseContact: (entityId: string, contactId: number) => request<ErasureCounts>('POST', `${base(entityId, contactId)}/erasure`, { confirm: true }),
    retention: (entityId: string) => request<Retention>('GET', `/api/entities/${segment(entityId)}/retention`),
    saveRetention: (entityId: string, retention: Retention) => request<Retention>('PUT', `/api/entities/${segment(entityId)}/retention`, retention),
  };
}
