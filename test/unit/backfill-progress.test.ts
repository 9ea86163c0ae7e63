import { parseWindow, reached, sameWindow } from '../../src/backfill/progress.js';
import { onError, TRANSIENT_RETRIES } from '../../src/backfill/error-outcome.js';
import { barLine, plainLine } from '../../src/backfill/progress-line.js';
import { AuthExpiredError, PermanentError, RateLimitedError, TransientError } from '../../connectors/types.js';
import type { Backfill } from '../../src/backfill/progress.js';

const now = new Date('2026-06-15T10:00:00Z');

test('a window: dates from midnight UTC, a date-only until takes its whole day, never past now', () => {
  expect(parseWindow('2026-06-01', '2026-06-10', now)).toEqual({ ok: true, since: new Date('2026-06-01T00:00:00Z'), until: new Date('2026-06-11T00:00:00Z') });
  expect(parseWindow('2026-06-01', undefined, now)).toEqual({ ok: true, since: new Date('2026-06-01T00:00:00Z'), until: now });
  expect(parseWindow('2026-06-01', '2027-01-01', now)).toMatchObject({ ok: true, until: now });
  expect(parseWindow('2026-06-01T08:30:00Z', '2026-06-01T09:00:00Z', now)).toMatchObject({ ok: true, since: new Date('2026-06-01T08:30:00Z') });
  expect(parseWindow(undefined, undefined, now).ok).toBe(false);
  expect(parseWindow('gisteren', undefined, now).ok).toBe(false);
  expect(parseWindow('2026-06-10', '2026-06-01', now).ok).toBe(false);
  expect(parseWindow('2026-07-01', undefined, now).ok).toBe(false);
  expect(sameWindow({ since: new Date(1), until: new Date(2) }, { since: new Date(1), until: new Date(2) })).toBe(true);
});

test('what an error does: wait (capped at an hour), pause for a new token, retry a few times, else fail', () => {
  expect(onError(new RateLimitedError(new Date('2036-01-01')), now, 0)).toMatchObject({ kind: 'wait', until: new Date(now.getTime() + 3600_000) });
  expect(onError(new AuthExpiredError('401'), now, 0)).toMatchObject({ kind: 'pause' });
  expect(onError(new TransientError('503'), now, 0)).toMatchObject({ kind: 'retry' });
  expect(onError(new TransientError('503'), now, TRANSIENT_RETRIES)).toMatchObject({ kind: 'fail' });
  expect(onError(new PermanentError('400'), now, 0)).toMatchObject({ kind: 'fail' });
});

test('progress: the share of the window between until and the oldest message reached', () => {
  const b: Backfill = {
    id: 7, channelId: 'c', since: new Date('2026-06-01T00:00:00Z'), until: new Date('2026-06-11T00:00:00Z'), status: 'running', cursor: null,
    pages: 3, fetched: 30, inserted: 25, duplicates: 5, oldestAt: new Date('2026-06-06T00:00:00Z'), error: null, waitUntil: null,
    requestedBy: 'cli', createdAt: now, updatedAt: now, finishedAt: null,
  };
  expect(reached(b)).toBe(0.5);
  expect(reached({ ...b, oldestAt: null })).toBeNull();
  expect(reached({ ...b, status: 'done', oldestAt: new Date('2026-06-09T00:00:00Z') })).toBe(1);
  expect(plainLine(b)).toBe('backfill 7 running 50%: pages 3, fetched 30, inserted 25, duplicates 5, reached 2026-06-06 00:00 (since 2026-06-01)');
  expect(barLine(b, 10)).toBe('[█████░░░░░]  50%  pages 3 · fetched 30 · inserted 25 · duplicates 5  reached 2026-06-06 00:00 (since 2026-06-01)');
});
