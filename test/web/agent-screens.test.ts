import { normalizeFilter, sameFilter, ticketQuery } from '../../src/web/queue/query.js';
import type { TicketMessage } from '../../src/web/ticket/wire.js';
import { duration, fill, DICTIONARIES } from '../../src/web/i18n.js';
import { readSla } from '../../src/web/queue/sla-clock.js';
import { insertAt } from '../../src/web/ticket/insert.js';
import { timeline } from '../../src/web/ticket/timeline.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const at = (minutesFromNow: number) => new Date(NOW + minutesFromNow * 60_000).toISOString();

describe('agent screens: pure pieces', () => {
  test('the queue query leaves out empty values and false flags', () => {
    expect(ticketQuery({ status: 'open', category: '', mine: true, overdue: false, q: 'lijn 4', sort: 'due' }).toString()).toBe(
      'limit=100&status=open&mine=true&q=lijn+4&sort=due',
    );
  });

  test('a saved view in query-string form comes back as a filter; unknown keys are dropped', () => {
    expect(normalizeFilter({ mine: 'true', overdue: 'false', status: 'closed', assignee: 7, sort: 'due', limit: '50', evil: 'x' })).toEqual({
      mine: true,
      status: 'closed',
      assignee: '7',
      sort: 'due',
    });
    expect(normalizeFilter({ unassigned: true, sort: 'sideways', q: '' })).toEqual({ unassigned: true });
  });

  test('filters are the same list regardless of key order and empty values', () => {
    expect(sameFilter({ status: 'closed', mine: true }, { mine: true, status: 'closed', tag: '', overdue: false })).toBe(true);
    expect(sameFilter({ status: 'closed' }, { status: 'open' })).toBe(false);
    expect(sameFilter({ mine: true }, {})).toBe(false);
  });

  test('before the first reply the clock counts down to the first-response target', () => {
    expect(readSla({ firstResponseDueAt: at(30), firstResponseAt: null, resolutionDueAt: at(600), state: 'due_soon' }, NOW)).toMatchObject({ target: 'firstResponse', minutes: 30 });
    expect(readSla({ firstResponseDueAt: at(-45), firstResponseAt: null, resolutionDueAt: at(900), state: 'breached' }, NOW)).toMatchObject({ target: 'firstResponse', minutes: -45 });
  });

  test('once answered (even late) the clock shows the resolution target', () => {
    expect(readSla({ firstResponseDueAt: at(-120), firstResponseAt: at(-60), resolutionDueAt: at(300), state: 'ok' }, NOW)).toMatchObject({ target: 'resolution', minutes: 300 });
    expect(readSla({ firstResponseDueAt: at(-600), firstResponseAt: at(-500), resolutionDueAt: at(-90), state: 'breached' }, NOW)).toMatchObject({ target: 'resolution', minutes: -90 });
  });

  test('met and none show no running clock', () => {
    expect(readSla({ firstResponseDueAt: at(-5), firstResponseAt: at(-10), resolutionDueAt: at(5), state: 'met' }, NOW).target).toBeNull();
    expect(readSla({ firstResponseDueAt: null, firstResponseAt: null, resolutionDueAt: null, state: 'none' }, NOW).target).toBeNull();
  });

  test('durations and placeholders read naturally in both languages', () => {
    const nl = DICTIONARIES.nl;
    expect(duration(nl, 45)).toBe('45 min');
    expect(duration(nl, 200)).toBe('3 u 20');
    expect(duration(DICTIONARIES.en, 60 * 26)).toBe('1 d 2 h');
    expect(fill(nl.work.slaOverdue, { time: '3 u' })).toBe('3 u te laat');
    expect(fill('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  test('both languages have every agent-screen word', () => {
    expect(Object.keys(DICTIONARIES.en.work).sort()).toEqual(Object.keys(DICTIONARIES.nl.work).sort());
    expect(Object.keys(DICTIONARIES.en.keys).sort()).toEqual(Object.keys(DICTIONARIES.nl.keys).sort());
  });

  test('a canned response replaces the selection, or goes at the end without one', () => {
    expect(insertAt('Dag An, X. Groeten', 'bedankt', 8, 9)).toEqual({ text: 'Dag An, bedankt. Groeten', caret: 15 });
    expect(insertAt('Dag', ' An', null, null)).toEqual({ text: 'Dag An', caret: 6 });
  });

  test('notes sit between the messages by time', () => {
    const message = (id: number, sentAt: string) => ({ id, sentAt }) as TicketMessage;
    const entries = timeline({
      messages: [message(1, at(-60)), message(2, at(-10))],
      notes: [{ id: 7, author: { id: 1, name: 'Sarah' }, text: 'intern', createdAt: at(-30) }],
    });
    expect(entries.map((entry) => (entry.kind === 'note' ? `n${entry.note.id}` : `m${entry.message.id}`))).toEqual(['m1', 'n7', 'm2']);
  });
});
