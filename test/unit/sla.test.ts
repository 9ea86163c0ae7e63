import {
  addBusinessMinutes,
  businessHoursProblems,
  DEFAULT_BUSINESS_HOURS,
  DUE_SOON_MS,
  dueDates,
  nextDueAt,
  slaState,
  zonedTime,
  type BusinessCalendar,
} from '../../src/tickets/sla.js';

// Brussels is UTC+1 in winter (CET) and UTC+2 in summer (CEST); 2026 switches on 29 March and 25 October.
const cet = (local: string) => new Date(`${local}+01:00`);
const cest = (local: string) => new Date(`${local}+02:00`);
const officeHours: BusinessCalendar = { timeZone: 'Europe/Brussels', hours: DEFAULT_BUSINESS_HOURS, holidays: [] };

describe('adding business minutes', () => {
  test('within one day, and spilling into the next morning', () => {
    // Monday 2 March 2026
    expect(addBusinessMinutes(cet('2026-03-02T10:00:00'), 60, officeHours)).toEqual(cet('2026-03-02T11:00:00'));
    expect(addBusinessMinutes(cet('2026-03-02T10:00:00'), 480, officeHours)).toEqual(cet('2026-03-03T10:00:00'));
    // exactly at closing time, not the next morning
    expect(addBusinessMinutes(cet('2026-03-02T16:00:00'), 60, officeHours)).toEqual(cet('2026-03-02T17:00:00'));
  });

  test('before opening time and after closing time the clock waits', () => {
    expect(addBusinessMinutes(cet('2026-03-02T07:12:00'), 30, officeHours)).toEqual(cet('2026-03-02T09:30:00'));
    expect(addBusinessMinutes(cet('2026-03-02T21:45:00'), 30, officeHours)).toEqual(cet('2026-03-03T09:30:00'));
  });

  test('weekends do not count', () => {
    // Friday 16:00 + 2 h → Monday 10:00
    expect(addBusinessMinutes(cet('2026-03-06T16:00:00'), 120, officeHours)).toEqual(cet('2026-03-09T10:00:00'));
    // a message on Saturday night starts on Monday morning
    expect(addBusinessMinutes(cet('2026-03-07T23:59:00'), 15, officeHours)).toEqual(cet('2026-03-09T09:15:00'));
    // 2880 business minutes = six working days
    expect(addBusinessMinutes(cet('2026-03-02T09:00:00'), 2880, officeHours)).toEqual(cet('2026-03-09T17:00:00'));
  });

  test('holidays are skipped, in local dates', () => {
    const withEaster = { ...officeHours, holidays: ['2026-04-06'] };
    // Friday 3 April 16:30 + 60 min → Easter Monday skipped → Tuesday 09:30 (summer time)
    expect(addBusinessMinutes(cest('2026-04-03T16:30:00'), 60, withEaster)).toEqual(cest('2026-04-07T09:30:00'));
    expect(addBusinessMinutes(cest('2026-04-03T16:30:00'), 60, officeHours)).toEqual(cest('2026-04-06T09:30:00'));
  });

  test('a DST weekend between start and due date keeps local opening hours', () => {
    // Friday 27 March 16:00 CET + 2 h → Monday 30 March 10:00 CEST (08:00 UTC, not 09:00)
    const due = addBusinessMinutes(cet('2026-03-27T16:00:00'), 120, officeHours);
    expect(due).toEqual(cest('2026-03-30T10:00:00'));
    expect(due.toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // and back in autumn: Friday 23 October 16:00 CEST + 2 h → Monday 26 October 10:00 CET
    expect(addBusinessMinutes(cest('2026-10-23T16:00:00'), 120, officeHours)).toEqual(cet('2026-10-26T10:00:00'));
  });

  test('a DST change inside business hours counts real time', () => {
    const nightDesk: BusinessCalendar = { timeZone: 'Europe/Brussels', hours: [{ day: 7, start: '00:00', end: '06:00' }], holidays: [] };
    // Sunday 29 March 00:00–06:00 local is only five hours long: 02:00 jumps to 03:00.
    expect(addBusinessMinutes(cet('2026-03-29T00:00:00'), 300, nightDesk)).toEqual(cest('2026-03-29T06:00:00'));
    expect(addBusinessMinutes(cet('2026-03-29T00:00:00'), 301, nightDesk)).toEqual(cest('2026-04-05T00:01:00'));
  });

  test('overnight shifts written as two periods run through midnight', () => {
    const overnight: BusinessCalendar = {
      timeZone: 'Europe/Brussels',
      hours: [
        { day: 1, start: '22:00', end: '24:00' },
        { day: 2, start: '00:00', end: '06:00' },
      ],
      holidays: [],
    };
    expect(addBusinessMinutes(cet('2026-03-02T23:00:00'), 120, overnight)).toEqual(cet('2026-03-03T01:00:00'));
    // Monday 20:00 waits for 22:00; 8 h later the Tuesday shift ends and the next starts Monday after
    expect(addBusinessMinutes(cet('2026-03-02T20:00:00'), 480, overnight)).toEqual(cet('2026-03-03T06:00:00'));
    expect(addBusinessMinutes(cet('2026-03-02T20:00:00'), 481, overnight)).toEqual(cet('2026-03-09T22:01:00'));
  });

  test('another time zone', () => {
    const newYork: BusinessCalendar = { timeZone: 'America/New_York', hours: DEFAULT_BUSINESS_HOURS, holidays: [] };
    // Monday 2 March 2026 09:00 EST = 14:00 UTC
    expect(addBusinessMinutes(new Date('2026-03-02T12:00:00Z'), 30, newYork).toISOString()).toBe('2026-03-02T14:30:00.000Z');
  });

  test('zero minutes is the start itself; a calendar without hours is refused', () => {
    const start = cet('2026-03-07T12:00:00');
    expect(addBusinessMinutes(start, 0, officeHours)).toEqual(start);
    expect(() => addBusinessMinutes(start, 10, { ...officeHours, hours: [] })).toThrow('no business hours');
  });

  test('a time in the spring-forward gap maps past the gap', () => {
    expect(new Date(zonedTime(2026, 3, 29, 150, 'Europe/Brussels'))).toEqual(cest('2026-03-29T03:30:00'));
    expect(new Date(zonedTime(2026, 10, 25, 150, 'Europe/Brussels'))).toEqual(cet('2026-10-25T02:30:00'));
  });

  test('both due dates at once', () => {
    expect(dueDates(cet('2026-03-02T10:00:00'), { firstResponseMinutes: 60, resolutionMinutes: 480 }, officeHours)).toEqual({
      firstResponseDueAt: cet('2026-03-02T11:00:00'),
      resolutionDueAt: cet('2026-03-03T10:00:00'),
    });
  });
});

describe('business hours validation', () => {
  test('usable hours have no problems', () => {
    expect(businessHoursProblems(DEFAULT_BUSINESS_HOURS)).toEqual([]);
    expect(businessHoursProblems([{ day: 1, start: '22:00', end: '24:00' }])).toEqual([]);
  });

  test('empty, reversed, malformed and overlapping periods are named', () => {
    expect(businessHoursProblems([])).toHaveLength(1);
    expect(businessHoursProblems([{ day: 1, start: '17:00', end: '09:00' }])[0]).toContain('ends before it starts');
    expect(businessHoursProblems([{ day: 8, start: '9:00', end: '17:00' }])).toHaveLength(2);
    expect(
      businessHoursProblems([
        { day: 3, start: '09:00', end: '12:30' },
        { day: 3, start: '12:00', end: '17:00' },
      ]),
    ).toEqual(['periods on day 3 overlap']);
  });
});

describe('SLA state at a time', () => {
  const firstResponseDueAt = new Date('2026-03-02T10:00:00Z');
  const resolutionDueAt = new Date('2026-03-03T10:00:00Z');
  const open = { firstResponseDueAt, resolutionDueAt, firstResponseAt: null, done: false };

  test('no due dates: none', () => {
    expect(slaState({ firstResponseDueAt: null, resolutionDueAt: null, firstResponseAt: null, done: false }, new Date())).toBe('none');
  });

  test('ok, due soon within the threshold, breached after', () => {
    expect(slaState(open, new Date(firstResponseDueAt.getTime() - DUE_SOON_MS - 1))).toBe('ok');
    expect(slaState(open, new Date(firstResponseDueAt.getTime() - DUE_SOON_MS))).toBe('due_soon');
    expect(slaState(open, firstResponseDueAt)).toBe('due_soon');
    expect(slaState(open, new Date(firstResponseDueAt.getTime() + 1))).toBe('breached');
    expect(nextDueAt(open)).toEqual(firstResponseDueAt);
  });

  test('once answered, the resolution target runs', () => {
    const answered = { ...open, firstResponseAt: new Date('2026-03-02T11:00:00Z') };
    expect(slaState(answered, new Date('2026-03-02T12:00:00Z'))).toBe('ok');
    expect(slaState(answered, new Date('2026-03-03T09:30:00Z'))).toBe('due_soon');
    expect(slaState(answered, new Date('2026-03-03T10:00:01Z'))).toBe('breached');
    expect(nextDueAt(answered)).toEqual(resolutionDueAt);
  });

  test('resolved or closed: met, even when late', () => {
    expect(slaState({ ...open, done: true }, new Date('2026-04-01T00:00:00Z'))).toBe('met');
    expect(nextDueAt({ ...open, done: true })).toBeNull();
  });
});
