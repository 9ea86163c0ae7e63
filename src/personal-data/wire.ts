import { z } from 'zod';
import { instant } from '../http/wire.js';
import { RETENTION_LIMITS } from './rules.js';

/**
 * The personal-data JSON of the API, one definition for both ends: the routes serialize through
 * these schemas and the web app takes its types from them.
 */

/** A contact as its page shows it within one entity. */
export const contactSummaryWire = z.object({
  id: z.number(),
  entityId: z.string(),
  platform: z.string(),
  platformUserId: z.string(),
  handle: z.string().nullable(),
  name: z.string().nullable(),
  erasedAt: instant.nullable(),
  tickets: z.array(z.object({ id: z.number(), number: z.number(), category: z.string(), status: z.string(), createdAt: instant })),
  erasures: z.array(z.object({ erasedAt: instant, actor: z.string() })),
});

/** What an erasure removes (before: what it would remove), counted. */
export const erasureCountsWire = z.object({
  tickets: z.number(),
  messages: z.number(),
  rawPayloads: z.number(),
  attachments: z.number(),
  notes: z.number(),
  cases: z.number(),
  letters: z.number(),
  webhookDeliveries: z.number(),
  quarantined: z.number(),
  auditEntries: z.number(),
  mailFiles: z.number(),
  contactRow: z.boolean(),
});

const days = (key: keyof typeof RETENTION_LIMITS) => z.number().int().min(RETENTION_LIMITS[key].min).max(RETENTION_LIMITS[key].max).nullable();

/** An entity's retention settings; null = kept without limit. */
export const retentionWire = z.object({
  rawPayloadDays: days('rawPayloadDays'),
  closedTicketTextYears: days('closedTicketTextYears'),
});
