import type { TicketFilter } from '../ticket/wire.js';
import { plural, type PluralForms } from '../plural.js';

/** How many tickets one page of the queue shows. */
export const PAGE_SIZE = 100;

/** GET /api/tickets's query string; booleans only when true, empty values left out. */
export function ticketQuery(filter: TicketFilter, offset = 0): URLSearchParams {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (offset > 0) params.set('offset', String(offset));
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  return params;
}

const FLAGS = ['mine', 'unassigned', 'overdue', 'snoozed', 'toCheck'] as const;
const TEXTS = ['entity', 'platform', 'category', 'status', 'assignee', 'tag', 'q'] as const;
const SORTS: readonly string[] = ['updated', 'age', 'priority', 'due'];

/**
 * A saved view's filter as the queue uses it. The API may keep it in query-string form ("true",
 * numbers as strings); anything unknown is dropped so an old view cannot break the list query.
 */
export function normalizeFilter(stored: Record<string, unknown>): TicketFilter {
  const filter: TicketFilter = {};
  for (const flag of FLAGS) if (stored[flag] === true || stored[flag] === 'true') filter[flag] = true;
  for (const key of TEXTS) {
    const value = stored[key];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') filter[key] = String(value);
  }
  if (typeof stored.sort === 'string' && SORTS.includes(stored.sort)) filter.sort = stored.sort as TicketFilter['sort'];
  return filter;
}

/** Whether two filters ask the API for the same list (key order and empty values do not matter). */
export function sameFilter(a: TicketFilter, b: TicketFilter): boolean {
  const canonical = (filter: TicketFilter) => [...ticketQuery(filter).entries()].sort(([x], [y]) => x.localeCompare(y)).join('&');
  return canonical(a) === canonical(b);
}

/** The page around `offset` for a list of `total`: what "1–100 of 763" and the previous/next buttons need. */
export function pageOf(offset: number, shown: number, total: number): { from: number; to: number; previous: number | null; next: number | null } {
  return {
    from: shown === 0 ? 0 : offset + 1,
    to: offset + shown,
    previous: offset > 0 ? Math.max(0, offset - PAGE_SIZE) : null,
    next: offset + PAGE_SIZE < total ? offset + PAGE_SIZE : null,
  };
}

/** The queue's count as shown: "10.000+ tickets" when the server stopped counting at `total`. */
/** "1.234 tickets"; "1.000+ tickets" beyond an exact count's cap; "≈ 48.000 tickets" when estimated. */
export function ticketCountText(lang: string, total: number, capped: boolean, forms: PluralForms, estimated = false): string {
  const text = plural(lang, total, forms);
  if (!capped && !estimated) return text;
  const shown = total.toLocaleString(lang === 'nl' ? 'nl-BE' : 'en-GB');
  return text.replace(shown, estimated ? `≈ ${shown}` : `${shown}+`);
}
