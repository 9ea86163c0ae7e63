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
// Keyed by the bucket's number per zone, so a lookup allocates nothing.
const OFFSET_BUCKET_MS = 15 * 60_000;
const offsetCaches = new Map<string, Map<number, number>>();

// A UTC day whose offset is the same at both ends has no transition (zones change at most twice a
// year): one entry serves the whole day; a day with a change is read by quarter hours.
const SPAN_MS = 86_400_000;
const spanCaches = new Map<string, Map<number, number>>();

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function offsetAt(epochMs: number, timeZone: string): number {
  const span = Math.floor(epochMs / SPAN_MS);
  let spans = spanCaches.get(timeZone);
  if (!spans) spanCaches.set(timeZone, (spans = new Map()));
  let whole = spans.get(span);
  if (whole === undefined) {
    const atStart = bucketOffset(span * (SPAN_MS / OFFSET_BUCKET_MS), timeZone);
    whole = atStart === bucketOffset((span + 1) * (SPAN_MS / OFFSET_BUCKET_MS), timeZone) ? atStart : NaN;
    if (spans.size > 20_000) spans.clear();
    spans.set(span, whole);
  }
  return Number.isNaN(whole) ? bucketOffset(Math.floor(epochMs / OFFSET_BUCKET_MS), timeZone) : whole;
}

function bucketOffset(bucket: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (!cache) offsetCaches.set(timeZone, (cache = new Map()));
  const cached = cache.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * OFFSET_BUCKET_MS;
  const p = intlParts(at, timeZone);
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
  if (cache.size > 50_000) cache.clear();
  cache.set(bucket, offset);
  return offset;
}

/**
 * The instant a local wall-clock time happens in the zone. A time skipped by a DST change maps to
 * the instant after the gap (02:30 on a spring-forward night → 03:30 local, as clocks read it).
 */
export function zonedTime(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  return zonedWall(Date.UTC(year, month - 1, day, 0, minuteOfDay), timeZone);
}

/** zonedTime of a wall clock given as ms since 1970-01-01T00:00 local. */
function zonedWall(wall: number, timeZone: string): number {
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (second === first) return first;
  // Near a change: take whichever guess reads back as the wall time; in a gap, the later one.
  const readsBack = (epoch: number) => epoch + offsetAt(epoch, timeZone) === wall;
  if (readsBack(second)) return second;
  if (readsBack(first)) return first;
  return Math.max(first, second);
}

const DAY_MS = 86_400_000;

/** A local date as a day number: days since 1970-01-01 (its weekday and wall clock follow from it). */
function dayNumberOf(localDate: string): number | undefined {
  if (!DATE.test(localDate)) return undefined;
  const [year, month, day] = localDate.split('-').map(Number);
  const ms = Date.UTC(year!, month! - 1, day!);
  // '2025-02-30' names no day: it must not close 2 March.
  return new Date(ms).getUTCDate() === day ? ms / DAY_MS : undefined;
}

/** Business periods as instants, flat: start, end, start, end … */
type Instants = number[];

/**
 * A calendar ready for arithmetic: holidays as day numbers, each weekday's periods as minutes sorted
 * by start, and the periods of each local day as instants once computed. Shared by every calendar
 * with the same zone, hours and holidays — one per entity policy in practice — so ingest keeps it
 * from batch to batch; a changed policy is a different calendar.
 */
interface CompiledCalendar {
  timeZone: string;
  holidays: Set<number>;
  /** Index 1 (Monday) … 7 (Sunday): [startMinute, endMinute] sorted by start. */
  weekdays: Array<Array<[number, number]>>;
  days: Map<number, Instants>;
}

const compiledByObject = new WeakMap<BusinessCalendar, CompiledCalendar>();
const compiledByContent = new Map<string, CompiledCalendar>();
const MAX_CALENDARS = 256;
const MAX_DAYS_CACHED = 4_000;

function compiled(calendar: BusinessCalendar): CompiledCalendar {
  const known = compiledByObject.get(calendar);
  if (known) return known;
  const key = JSON.stringify([calendar.timeZone, calendar.hours.map((p) => [p.day, p.start, p.end]), calendar.holidays]);
  let found = compiledByContent.get(key);
  if (!found) {
    const weekdays: CompiledCalendar['weekdays'] = Array.from({ length: 8 }, () => []);
    for (const period of calendar.hours) weekdays[period.day]?.push([minutesOf(period.start), minutesOf(period.end)]);
    for (const periods of weekdays) periods.sort((a, b) => a[0] - b[0]);
    const holidays = new Set<number>();
    for (const date of calendar.holidays) {
      const day = dayNumberOf(date);
      if (day !== undefined) holidays.add(day);
    }
    found = { timeZone: calendar.timeZone, holidays, weekdays, days: new Map() };
    if (compiledByContent.size >= MAX_CALENDARS) compiledByContent.clear();
    compiledByContent.set(key, found);
  }
  compiledByObject.set(calendar, found);
  return found;
}

const NO_PERIODS: Instants = [];

/** The business periods of a local day (by day number) as UTC instants. */
function periodsOn(calendar: CompiledCalendar, day: number): Instants {
  const cached = calendar.days.get(day);
  if (cached) return cached;
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  const hours = calendar.weekdays[weekday]!;
  let periods = NO_PERIODS;
  if (!calendar.holidays.has(day) && hours.length > 0) {
    periods = [];
    for (const [start, end] of hours) periods.push(zonedWall(day * DAY_MS + start * 60_000, calendar.timeZone), zonedWall(day * DAY_MS + end * 60_000, calendar.timeZone));
  }
  if (calendar.days.size > MAX_DAYS_CACHED) calendar.days.clear();
  calendar.days.set(day, periods);
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
  return new Date(businessInstant(start.getTime(), minutes, compiled(calendar), start));
}

function businessInstant(from: number, minutes: number, calendar: CompiledCalendar, start: Date): number {
  const firstDay = Math.floor((from + offsetAt(from, calendar.timeZone)) / DAY_MS);
  let remainingMs = minutes * 60_000;
  for (let offset = 0; offset < MAX_DAYS; offset += 1) {
    const periods = periodsOn(calendar, firstDay + offset);
    for (let i = 0; i < periods.length; i += 2) {
      const periodStart = periods[i]!;
      const periodEnd = periods[i + 1]!;
      const runFrom = periodStart > from ? periodStart : from;
      if (runFrom >= periodEnd) continue;
      const available = periodEnd - runFrom;
      if (remainingMs <= available) return runFrom + remainingMs;
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
