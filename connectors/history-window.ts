/** Where a platform's time falls against a backfill's window: `since` inclusive, `until` exclusive. */
import type { HistoryWindow } from './types.js';

export type WindowPlace = 'before' | 'inside' | 'after';

/** An unreadable time counts as inside: normalize() then decides (and quarantines what it cannot read). */
export function placeIn(at: Date | number | string | undefined, window: HistoryWindow): WindowPlace {
  const t = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : typeof at === 'number' ? at : NaN;
  if (Number.isNaN(t)) return 'inside';
  if (t < window.since.getTime()) return 'before';
  return t >= window.until.getTime() ? 'after' : 'inside';
}

/** Unix seconds of a moment, rounded down. */
export const unixSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);
