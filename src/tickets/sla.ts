import type { Priority } from './ticket.js';

/** One stretch of business hours on a weekday, in the entity's local time. */
export interface BusinessPeriod {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  day: number;
  /** 'HH:MM'. */
  start: string;
  /** 'HH:MM', later than start; '24:00' = midnight at the end of the day. */
  end: string;
}

export interface BusinessCalendar {
  /** IANA time zone, e.g. 'Europe/Brussels'. */
  timeZone: string;
  hours: BusinessPeriod[];
  /** Local dates 'YYYY-MM-DD' without business hours. */
  holidays: string[];
}

export interface SlaTarget {
  priority: Priority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export type SlaState = 'ok' | 'due_soon' | 'breached' | 'met' | 'none';

export const DEFAULT_BUSINESS_HOURS: BusinessPeriod[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));

export const DEFAULT_SLA_TARGETS: Readonly<Record<Priority, SlaTarget>> = {
  urgent: { priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 },
  high: { priority: 'high', firstResponseMinutes: 240, resolutionMinutes: 1440 },
  medium: { priority: 'medium', firstResponseMinutes: 480, resolutionMinutes: 2880 },
  low: { priority: 'low', firstResponseMinutes: 1440, resolutionMinutes: 7200 },
};

/** A target counts as "due soon" this long (wall-clock) before it is due. */
export const DUE_SOON_MS = 60 * 60_000;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Beyond this many days without business hours a calendar is broken (every day a holiday).
const MAX_DAYS = 3_700;

export function isTime(value: string): boolean {
  return TIME.test(value);
}

export function isLocalDate(value: string): boolean {
  return DATE.test(value);
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** Problems with a calendar's hours, for input validation; [] when it is usable. */
export function businessHoursProblems(hours: BusinessPeriod[]): string[] {
  const problems: string[] = [];
  if (hours.length === 0) problems.push('at least one period of business hours is needed');
  for (const period of hours) {
    if (!Number.isInteger(period.day) || period.day < 1 || period.day > 7) problems.push(`day ${period.day} is not 1 (Monday) … 7 (Sunday)`);
    if (!isTime(period.start) || !isTime(period.end)) problems.push(`${period.start}–${period.end} is not HH:MM–HH:MM`);
    else if (minutesOf(period.start) >= minutesOf(period.end)) problems.push(`${period.start}–${period.end} ends before it starts (split a night shift in two)`);
  }
  for (let day = 1; day <= 7; day += 1) {
    const sorted = hours.filter((p) => p.day === day && isTime(p.start) && isTime(p.end)).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let i = 1; i < sorted.length; i += 1) {
      if (minutesOf(sorted[i]!.start) < minutesOf(sorted[i - 1]!.end)) problems.push(`periods on day ${day} overlap`);
    }
  }
  return problems;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The zone's wall clock at an instant, read through Intl (slow: see offsetAt's cache). */
function intlParts(epochMs: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

// Offsets change only at transitions, which today's zones make on whole quarter hours: one Intl call
// per zone and quarter hour serves every instant inside it (ingest computes due dates per ticket).
const OFFSET_BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function offsetAt(epochMs: number, timeZone: string): number {
  const bucket = Math.floor(epochMs / OFFSET_BUCKET_MS) * OFFSET_BUCKET_MS;
  const key = `${timeZone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const p = intlParts(bucket, timeZone);
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - bucket;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

function localParts(epochMs: number, timeZone: string): LocalParts {
  const wall = new Date(epochMs + offsetAt(epochMs, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/**
 * The instant a local wall-clock time happens in the zone. A time skipped by a DST change maps to
 * the instant after the gap (02:30 on a spring-forward night → 03:30 local, as clocks read it).
 */
export function zonedTime(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (second === first) return first;
  // Near a change: take whichever guess reads back as the wall time; in a gap, the later one.
  const readsBack = (epoch: number) => epoch + offsetAt(epoch, timeZone) === wall;
  if (readsBack(second)) return second;
  if (readsBack(first)) return first;
  return Math.max(first, second);
}

function isoWeekday(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

function localDateKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

type Instants = Array<[start: number, end: number]>;

// Per calendar object: the business periods of each local day as instants. Ingest computes due
// dates for many tickets of the same days, and time zone arithmetic through Intl is not free.
const periodCache = new WeakMap<BusinessCalendar, Map<string, Instants>>();

/** The business periods of a local date (day may run past the month's end) as UTC instants. */
function periodsOn(calendar: BusinessCalendar, year: number, month: number, dayOfMonth: number): Instants {
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
  const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const key = localDateKey(y, m, d);
  let cache = periodCache.get(calendar);
  if (!cache) periodCache.set(calendar, (cache = new Map()));
  const cached = cache.get(key);
  if (cached) return cached;
  const periods: Instants = calendar.holidays.includes(key)
    ? []
    : calendar.hours
        .filter((period) => period.day === isoWeekday(y, m, d))
        .sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
        .map((period) => [zonedTime(y, m, d, minutesOf(period.start), calendar.timeZone), zonedTime(y, m, d, minutesOf(period.end), calendar.timeZone)]);
  if (cache.size > 2_000) cache.clear();
  cache.set(key, periods);
  return periods;
}

/**
 * The instant `minutes` business minutes after `start`: time only runs inside business hours on
 * days that are not holidays. Durations are measured on the real clock, so a DST change inside a
 * period counts as the hour it really is. Treat a calendar as immutable once used (results are cached per object).
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (minutes <= 0) return new Date(start);
  if (calendar.hours.length === 0) throw new Error('the calendar has no business hours');
  const from = start.getTime();
  const local = localParts(from, calendar.timeZone);
  let remainingMs = minutes * 60_000;
  for (let offset = 0; offset < MAX_DAYS; offset += 1) {
    for (const [periodStart, periodEnd] of periodsOn(calendar, local.year, local.month, local.day + offset)) {
      const runFrom = Math.max(periodStart, from);
      if (runFrom >= periodEnd) continue;
      const available = periodEnd - runFrom;
      if (remainingMs <= available) return new Date(runFrom + remainingMs);
      remainingMs -= available;
    }
  }
  throw new Error(`no business hours within ${MAX_DAYS} days of ${start.toISOString()}`);
}

export interface SlaDueDates {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

/** Both due dates of a ticket opened at `openedAt` under this target. */
export function dueDates(openedAt: Date, target: Pick<SlaTarget, 'firstResponseMinutes' | 'resolutionMinutes'>, calendar: BusinessCalendar): SlaDueDates {
  return {
    firstResponseDueAt: addBusinessMinutes(openedAt, target.firstResponseMinutes, calendar),
    resolutionDueAt: addBusinessMinutes(openedAt, target.resolutionMinutes, calendar),
  };
}

export interface SlaClock {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  /** When the first reply went out; null while the citizen waits. */
  firstResponseAt: Date | null;
  /** Resolved or closed: nothing is running any more. */
  done: boolean;
}

/**
 * Where a ticket stands at `now`. While unanswered the first-response target runs, then the
 * resolution target; breached when a running target is past due, due soon within DUE_SOON_MS.
 */
export function slaState(clock: SlaClock, now: Date): SlaState {
  if (clock.firstResponseDueAt === null && clock.resolutionDueAt === null) return 'none';
  if (clock.done) return 'met';
  const running = [clock.firstResponseAt === null ? clock.firstResponseDueAt : null, clock.resolutionDueAt].filter((d): d is Date => d !== null);
  if (running.length === 0) return 'met';
  const nearest = Math.min(...running.map((d) => d.getTime()));
  if (nearest < now.getTime()) return 'breached';
  if (nearest - now.getTime() <= DUE_SOON_MS) return 'due_soon';
  return 'ok';
}

/** The due date that runs out first at present, for sorting and clocks; null when nothing runs. */
export function nextDueAt(clock: SlaClock): Date | null {
  if (clock.done) return null;
  const running = [clock.firstResponseAt === null ? clock.firstResponseDueAt : null, clock.resolutionDueAt].filter((d): d is Date => d !== null);
  return running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
}
