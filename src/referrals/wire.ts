import { z } from 'zod';
import { instant, itemsOf } from '../http/wire.js';

/** The referral JSON of the API, one definition for the routes and the web app. */

const entityRef = z.object({ id: z.string(), name: z.string() });

/**
 * A referral: the trace the sending entity keeps (to whom, why, by whom, when) and the outcome as
 * the ticket shows it now (where it is, its status, who handles it). No message, note of the
 * ticket or contact: the sender's trace stops here.
 */
export const referralWire = z.object({
  id: z.number(),
  ticketId: z.number(),
  ticketNumber: z.number(),
  from: entityRef,
  to: entityRef,
  note: z.string(),
  referredBy: z.string(),
  referredAt: instant,
  /** The reply the referring person approved for the citizen, a message of the ticket; null when none was sent. */
  replyMessageId: z.number().nullable(),
  outcome: z.object({
    /** Where the ticket is now (another entity again when it was referred onward). */
    entity: entityRef,
    status: z.enum(['new', 'open', 'pending', 'resolved', 'closed']),
    resolvedAt: instant.nullable(),
    closedAt: instant.nullable(),
    /** Who handles it, by name; null while nobody has it. */
    assignee: z.string().nullable(),
    complaintState: z.string().nullable(),
  }),
});
export const referralListWire = itemsOf(referralWire);

/** Every entity of the installation, names only. */
export const referralTargetsWire = itemsOf(entityRef);

export const referralPreviewWire = z.object({
  to: entityRef,
  language: z.enum(['nl', 'fr', 'en']),
  /** The proposed reply; the person edits it and approves it with the referral. */
  text: z.string(),
  /** How the reply can go to this citizen on this platform, the first the usual one. */
  visibilities: z.array(z.enum(['public', 'private'])),
  /** The platform's length limit per visibility, where it has one. */
  limits: z.object({ public: z.number().optional(), private: z.number().optional() }),
});

export const referralCreatedWire = z.object({
  referral: referralWire,
  /** The approved reply, queued on the ticket's channel; null when none was asked. */
  reply: z.object({ messageId: z.number(), deliveryStatus: z.literal('queued') }).nullable(),
});

export const referralReportWire = z.object({
  entity: z.string(),
  from: instant,
  to: instant,
  sent: z.number(),
  received: z.number(),
  byEntity: z.array(z.object({ entity: z.string(), name: z.string(), sent: z.number(), received: z.number() })),
});
