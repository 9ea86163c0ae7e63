import { z } from 'zod';
import { CATEGORIES, TICKET_STATUSES } from './ticket.js';
import { TICKET_SORTS } from './tickets.js';

/** Inputs of the ticket routes, shared by the routes that take them (the queue, saved views, workflow). */

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const ticketListQuery = z.object({
  entity: z.string().min(1).optional(),
  platform: z.string().min(1).max(40).optional(),
  category: z.enum(CATEGORIES).optional(),
  status: z
    .string()
    .transform((value) => [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(TICKET_STATUSES)).min(1))
    .optional(),
  assignee: z.coerce.number().int().positive().optional(),
  mine: flag.optional(),
  unassigned: flag.optional(),
  /** true: only tickets whose category a person should check (uncertain, or a possible complaint). */
  toCheck: flag.optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  overdue: flag.optional(),
  /** true: only snoozed tickets; otherwise snoozed ones are hidden. */
  snoozed: flag.optional(),
  q: z.string().min(1).max(200).optional(),
  sort: z.enum(TICKET_SORTS).default('updated'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TicketListQuery = z.infer<typeof ticketListQuery>;

export const ticketParams = z.object({ id: z.coerce.number().int().positive() });
