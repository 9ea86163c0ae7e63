import type { TicketFilter } from '../ticket/wire.js';

/** GET /api/tickets's query string; booleans only when true, empty values left out. */
export function ticketQuery(filter: TicketFilter, limit = 100): URLSearchParams {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  return params;
}
