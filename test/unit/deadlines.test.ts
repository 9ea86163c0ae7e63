import {
  addCalendarDays,
  calendarDaysBetween,
  complaintDeadlines,
  deadlineStatus,
  dueSoonOrOverdue,
  localDate,
  type DeadlineCase,
} from '../../src/complaints/deadlines.js';

const BRUSSELS = 'Europe/Brussels';

// Brussels is UTC+1 in winter (CET) and UTC+2 in summer (CEST); 2025 switches on 30 March and 26 October.
const cet = (local: string) => new Date(`${local}+01:00`);
const cest = (local: string) => new Date(`${local}+02:00`);

describe('local calendar dates', () => {
  test('the local date, not the UTC date, counts', () => {
    expect(localDate(cet('2024-12-31T23:30:00'), BRUSSELS)).toBe('2024-12-31');
    expect(cet('2024-12-31T23:30:00').toISOString().slice(0, 10)).toBe('2024-12-31');
    expect(localDate(new Date('2024-12-31T23:30:00Z'), BRUSSELS)).toBe('2025-01-01');
    expect(localDate(cest('2025-03-31T00:30:00'), BRUSSELS)).toBe('2025-03-31');
    expect(localDate(new Date('2025-03-31T03:00:00Z'), 'America/New_York')).toBe('2025-03-30');
  });

  test('calendar arithmetic ignores summer time', () => {
    expect(addCalendarDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-01-10', -10)).toBe('2024-12-31');
    expect(calendarDaysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(calendarDaysBetween('2025-10-25', '2025-10-27')).toBe(2);
    expect(calendarDaysBetween('2025-01-10', '2024-12-31')).toBe(-10);
  });

  test('an unknown time zone or a bad date is refused', () => {
    expect(() => localDate(new Date(), 'Europe/Atlantis')).toThrow('Unknown time zone "Europe/Atlantis".');
    expect(() => localDate(new Date('x'), BRUSSELS)).toThrow(RangeError);
    expect(() => addCalendarDays('31/12/2024', 1)).toThrow(/not a YYYY-MM-DD date/);
  });
});

describe('complaintDeadlines', () => {
  test('a complaint received at 23:30 on 31 December counts from 31 December', () => {
    const receivedAt = cet('2024-12-31T23:30:00');
    expect(receivedAt.toISOString()).toBe('2024-12-31T22:30:00.000Z');
    expect(complaintDeadlines(receivedAt, BRUSSELS)).toEqual({ receivedOn: '2024-12-31', acknowledgeBy: '2025-01-10', answerBy: '2025-02-14' });
  });

  test('a receipt at 00:30 local time after midnight UTC counts from the local day', () => {
    // 22:30 UTC on 30 March is already 31 March in Brussels (summer time).
    expect(complaintDeadlines(new Date('2025-03-30T22:30:00Z'), BRUSSELS)).toEqual({
      receivedOn: '2025-03-31',
      acknowledgeBy: '2025-04-10',
      answerBy: '2025-05-15',
    });
  });

  test('terms over a summer-time change stay on their calendar day', () => {
    expect(complaintDeadlines(cet('2025-03-20T10:00:00'), BRUSSELS)).toEqual({ receivedOn: '2025-03-20', acknowledgeBy: '2025-03-30', answerBy: '2025-05-04' });
    expect(complaintDeadlines(cest('2025-09-20T09:00:00'), BRUSSELS)).toEqual({ receivedOn: '2025-09-20', acknowledgeBy: '2025-09-30', answerBy: '2025-11-04' });
  });
});

describe('deadlineStatus: the 10-day term across the switch to summer time (30 March 2025)', () => {
  const deadlines = complaintDeadlines(cet('2025-03-20T10:00:00'), BRUSSELS);
  const open = {};

  test.each([
    ['day 6', cet('2025-03-26T12:00:00'), 'open', 4],
    ['day 7', cet('2025-03-27T09:00:00'), 'due_soon', 3],
    ['day 9', cet('2025-03-29T12:00:00'), 'due_soon', 1],
    ['day 10, morning', cest('2025-03-30T08:00:00'), 'due_soon', 0],
    ['day 10, 23:30', cest('2025-03-30T23:30:00'), 'due_soon', 0],
    ['day 11, 00:30 (still the 30th in UTC)', cest('2025-03-31T00:30:00'), 'overdue', -1],
    ['day 11, noon', cest('2025-03-31T12:00:00'), 'overdue', -1],
  ])('%s → %s', (_label, now, status, days) => {
    const result = deadlineStatus(deadlines, now, BRUSSELS, open);
    expect(result.acknowledge).toBe(status);
    expect(result.daysToAcknowledge).toBe(days);
  });
});

describe('deadlineStatus: the 45-day term across the switch to winter time (26 October 2025)', () => {
  const deadlines = complaintDeadlines(cest('2025-09-20T09:00:00'), BRUSSELS);
  const acknowledged = { acknowledgedAt: cest('2025-09-22T10:00:00') };

  test.each([
    ['day 41', cet('2025-10-31T12:00:00'), 'open', 4],
    ['day 44', cet('2025-11-03T12:00:00'), 'due_soon', 1],
    ['day 45, 23:59', cet('2025-11-04T23:59:00'), 'due_soon', 0],
    ['day 46, 00:00:30 (still the 4th in UTC)', cet('2025-11-05T00:00:30'), 'overdue', -1],
    ['day 46, evening', cet('2025-11-05T20:00:00'), 'overdue', -1],
  ])('%s → %s', (_label, now, status, days) => {
    const result = deadlineStatus(deadlines, now, BRUSSELS, acknowledged);
    expect(result.answer).toBe(status);
    expect(result.daysToAnswer).toBe(days);
    expect(result.acknowledge).toBe('met');
    expect(result.daysToAcknowledge).toBeUndefined();
  });

  test('the answer meets the 45-day term, even when late', () => {
    const result = deadlineStatus(deadlines, cet('2025-12-01T12:00:00'), BRUSSELS, { ...acknowledged, answeredAt: cet('2025-11-20T10:00:00') });
    expect(result).toEqual({ acknowledge: 'met', answer: 'met' });
  });
});

describe('deadlineStatus: what meets a term', () => {
  const deadlines = complaintDeadlines(cet('2025-01-06T10:00:00'), BRUSSELS);
  const now = cet('2025-01-20T10:00:00');

  test('an open case past day 10 is overdue on the acknowledgement and open on the answer', () => {
    expect(deadlineStatus(deadlines, now, BRUSSELS, {})).toEqual({ acknowledge: 'overdue', answer: 'open', daysToAcknowledge: -4, daysToAnswer: 31 });
  });

  test('a reasoned refusal meets the 10-day term and ends the procedure', () => {
    expect(deadlineStatus(deadlines, now, BRUSSELS, { state: 'declined', declinedAt: cet('2025-01-08T10:00:00') })).toEqual({ acknowledge: 'met', answer: 'met' });
  });

  test('a withdrawn case has no term running', () => {
    expect(deadlineStatus(deadlines, now, BRUSSELS, { state: 'withdrawn' })).toEqual({ acknowledge: 'met', answer: 'met' });
  });
});

describe('dueSoonOrOverdue', () => {
  test('lists the terms a coordinator must act on, most urgent first', () => {
    const now = cet('2025-02-10T09:00:00');
    const cases: DeadlineCase[] = [
      { id: 'fresh', receivedAt: cet('2025-02-09T10:00:00'), snapshot: {} }, // ack by 02-19: open
      { id: 'ack-soon', receivedAt: cet('2025-02-02T10:00:00'), snapshot: {} }, // ack by 02-12: 2 days
      { id: 'ack-late', receivedAt: cet('2025-01-25T10:00:00'), snapshot: {} }, // ack by 02-04: -6; answer by 03-11: open
      { id: 'answer-today', receivedAt: cet('2024-12-27T10:00:00'), snapshot: { acknowledgedAt: cet('2024-12-30T10:00:00') } }, // answer by 02-10: 0
      { id: 'answer-late', receivedAt: cet('2024-12-20T10:00:00'), snapshot: { acknowledgedAt: cet('2024-12-23T10:00:00') } }, // answer by 02-03: -7
      { id: 'answered', receivedAt: cet('2024-12-20T10:00:00'), snapshot: { acknowledgedAt: cet('2024-12-23T10:00:00'), answeredAt: cet('2025-01-15T10:00:00') } },
      { id: 'declined', receivedAt: cet('2024-12-01T10:00:00'), snapshot: { state: 'declined', declinedAt: cet('2024-12-05T10:00:00') } },
    ];
    expect(dueSoonOrOverdue(cases, now, BRUSSELS)).toEqual([
      { id: 'answer-late', term: 'answer', status: 'overdue', dueOn: '2025-02-03', daysLeft: -7 },
      { id: 'ack-late', term: 'acknowledge', status: 'overdue', dueOn: '2025-02-04', daysLeft: -6 },
      { id: 'answer-today', term: 'answer', status: 'due_soon', dueOn: '2025-02-10', daysLeft: 0 },
      { id: 'ack-soon', term: 'acknowledge', status: 'due_soon', dueOn: '2025-02-12', daysLeft: 2 },
    ]);
  });

  test('a case may carry its own entity time zone', () => {
    const now = new Date('2025-02-11T01:00:00Z'); // 11 Feb in Brussels, 10 Feb in New York: both due today
    const receivedAt = new Date('2025-02-01T03:00:00Z'); // 1 Feb in Brussels, 31 Jan in New York: due 11 Feb and 10 Feb
    const cases: DeadlineCase[] = [
      { id: 'brussels', receivedAt, snapshot: {} },
      { id: 'new-york', receivedAt, snapshot: {}, timeZone: 'America/New_York' },
    ];
    expect(dueSoonOrOverdue(cases, now, BRUSSELS)).toEqual([
      { id: 'new-york', term: 'acknowledge', status: 'due_soon', dueOn: '2025-02-10', daysLeft: 0 },
      { id: 'brussels', term: 'acknowledge', status: 'due_soon', dueOn: '2025-02-11', daysLeft: 0 },
    ]);
  });
});
