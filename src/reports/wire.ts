import { z } from 'zod';
import { instant } from '../http/wire.js';

/**
 * The dashboard's JSON, one definition for both ends: the route serializes through it and the web
 * app takes its type from it (z.input). Counts only, never content.
 */
export const volumeRowWire = z.object({ day: z.string(), platform: z.string(), category: z.string(), count: z.number() });

export const dashboardWire = z.object({
  volume: z.array(volumeRowWire),
  medianFirstResponseMinutes: z.number().nullable(),
  medianResolutionMinutes: z.number().nullable(),
  /** Open complaint cases by their most urgent LEGAL term (10-day acknowledgement, 45-day answer). */
  openComplaints: z.object({ overdue: z.number(), dueSoon: z.number(), onTrack: z.number() }),
  /** Tickets not resolved or closed (merged ones left out), and how many of them are past their SLA target (first response or resolution). */
  openTickets: z.object({ total: z.number(), overSla: z.number() }),
});

const categoryCounts = z.object({ question: z.number().optional(), dissatisfaction: z.number().optional(), complaint: z.number().optional(), other: z.number().optional() });

/** "Hoe vaak had de classificatie gelijk": per entity and model category, over the tickets opened in the period. */
export const classifierReportWire = z.object({
  from: instant,
  to: instant,
  days: z.number(),
  entities: z.array(
    z.object({
      entity: z.string(),
      /** Tickets opened in the period (each tagged by the model). */
      tagged: z.number(),
      /** Of those, re-tagged by an agent to another category. */
      changed: z.number(),
      /** Of those, confirmed as they were by a person ("Categorie klopt"). */
      confirmed: z.number(),
      /** (tagged − changed) / tagged; null when nothing was tagged. */
      rightShare: z.number().nullable(),
      categories: z.array(
        z.object({
          /** The category the model gave. */
          category: z.enum(['question', 'dissatisfaction', 'complaint', 'other']),
          tagged: z.number(),
          changed: z.number(),
          /** What agents changed it to, by category. */
          changedTo: categoryCounts,
          confirmed: z.number(),
          rightShare: z.number().nullable(),
        }),
      ),
    }),
  ),
});
