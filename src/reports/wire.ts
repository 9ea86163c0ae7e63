import { z } from 'zod';

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
