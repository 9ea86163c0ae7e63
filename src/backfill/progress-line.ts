/** How a backfill's progress reads in a terminal: a redrawn bar on a TTY, one plain line per batch elsewhere. */
import { reached, type Backfill } from './progress.js';

const day = (at: Date): string => at.toISOString().slice(0, 10);
const moment = (at: Date): string => at.toISOString().slice(0, 16).replace('T', ' ');

function counts(b: Backfill): string {
  return `pages ${b.pages} · fetched ${b.fetched} · inserted ${b.inserted} · duplicates ${b.duplicates}`;
}

function reachedText(b: Backfill): string {
  return b.oldestAt ? `reached ${moment(b.oldestAt)} (since ${day(b.since)})` : `since ${day(b.since)}`;
}

/** One line per batch, for logs and pipes. */
export function plainLine(b: Backfill): string {
  const part = reached(b);
  const percent = part === null ? '' : ` ${Math.round(part * 100)}%`;
  return `backfill ${b.id} ${b.status}${percent}: ${counts(b).replace(/ · /g, ', ')}, ${reachedText(b)}`;
}

/** The redrawn bar: `width` cells filled by the share of the window reached. */
export function barLine(b: Backfill, width = 24): string {
  const part = reached(b) ?? 0;
  const filled = Math.round(part * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(part * 100)).padStart(3)}%  ${counts(b)}  ${reachedText(b)}`;
}

/** A backfill as `--status` lists it. */
export function statusLine(b: Backfill): string {
  const window = `${moment(b.since)} → ${moment(b.until)}`;
  const why = b.error ? ` — ${b.error}` : '';
  return `#${b.id} ${b.status.padEnd(9)} ${window}  ${counts(b)}  ${reachedText(b)}${why}`;
}
