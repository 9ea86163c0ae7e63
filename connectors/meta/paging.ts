/**
 * Graph list responses: `{ data: [...], paging: { cursors: { before, after }, next?, previous? } }`.
 * `paging.next` is absent on the last page, while `cursors.after` may still be present, so the
 * next page exists only when `next` does. Also reads Graph times.
 */

import { isObject, str } from '../payload.js';

export interface GraphPage {
  /** The list items as returned (not validated). */
  data: unknown[];
  /** Cursor of the next page (pass as `after`); only when the page says there is a next one. */
  after?: string;
  /** The absolute URL of the next page, as Graph gave it. */
  next?: string;
  before?: string;
}

export function readPage(body: unknown): GraphPage {
  const obj = isObject(body) ? body : {};
  const page: GraphPage = { data: Array.isArray(obj.data) ? obj.data : [] };
  const paging = isObject(obj.paging) ? obj.paging : {};
  const cursors = isObject(paging.cursors) ? paging.cursors : {};
  const next = str(paging.next);
  const before = str(cursors.before);
  if (next) {
    page.next = next;
    const after = str(cursors.after) ?? afterFromUrl(next);
    if (after) page.after = after;
  }
  if (before) page.before = before;
  return page;
}

function afterFromUrl(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('after') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Graph time: ISO 8601 as Graph writes it ("2021-02-12T16:27:12+0000"), or a unix time as a
 * number or digit string (webhooks: seconds in feed changes, milliseconds in messaging events).
 * Undefined when unreadable.
 */
export function parseGraphTime(v: unknown): Date | undefined {
  let d: Date | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v < 1e11 ? v * 1000 : v);
  else if (typeof v === 'string' && /^\d{9,13}$/.test(v)) d = parseGraphTime(Number(v));
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) d = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** Graph's own time format, e.g. for emulators: "2021-02-12T16:27:12+0000". */
export function formatGraphTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}+0000`;
}
