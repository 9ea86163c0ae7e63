/** Rest.li list responses (`{ elements, paging: { start, count, total? } }`), read page by page with start/count. */
import { isObject, num } from '../payload.js';

export function elementsOf(body: unknown): unknown[] {
  return isObject(body) && Array.isArray(body.elements) ? body.elements : [];
}

/**
 * Another page exists when paging.total says so, or (no total) when the page came back full: as full as
 * the count LinkedIn applied (paging.count), which may be lower than the count asked for.
 */
export function hasMore(body: unknown, start: number, received: number, count: number): boolean {
  if (received === 0) return false;
  const paging = isObject(body) && isObject(body.paging) ? body.paging : {};
  const total = num(paging.total);
  const applied = num(paging.count);
  return total !== undefined ? start + received < total : received >= Math.min(count, applied !== undefined && applied > 0 ? applied : count);
}
