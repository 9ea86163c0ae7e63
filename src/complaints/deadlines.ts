import type { CaseState } from './procedure.js';

/**
 * The complaint deadlines (termijnen, Bestuursdecreet art. II.80–II.81), in calendar days in the
 * entity's time zone: an acknowledgement (ontvangstmelding) or a reasoned refusal within 10 days of
 * receipt, the answer within 45 days. Day 0 is the local day of receipt, so a complaint received
 * at 23:30 Brussels time on 31 December counts from 31 December although it is already 1 January
 * in UTC. A term is met on its due day until that day ends locally; it is overdue from the next
 * local day. Dates are plain `YYYY-MM-DD` strings, so summer time changes cannot shift them.
 */

export const ACKNOWLEDGE_DAYS = 10;
export const ANSWER_DAYS = 45;
/** A term is "due soon" when at most this many local days are left (the due day itself included). */
export const DUE_SOON_DAYS = 3;

export interface ComplaintDeadlines {
  receivedOn: string;
  acknowledgeBy: string;
  answerBy: string;
}

export type TermStatus = 'met' | 'open' | 'due_soon' | 'overdue';

export interface DeadlineStatus {
  acknowledge: TermStatus;
  answer: TermStatus;
  /** Local days left until the due day (0 on the due day, negative when overdue); absent when met. */
  daysToAcknowledge?: number;
  daysToAnswer?: number;
}

/** What the deadlines need from a case (a `CaseSnapshot` fits). */
export interface DeadlineFacts {
  state?: CaseState;
  acknowledgedAt?: Date;
  declinedAt?: Date;
  answeredAt?: Date;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError('localDate needs a valid date.');
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** A calendar date plus (or minus) whole days; no time zone is involved. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

export function complaintDeadlines(receivedAt: Date, timeZone: string): ComplaintDeadlines {
  const receivedOn = localDate(receivedAt, timeZone);
  return {
    receivedOn,
    acknowledgeBy: addCalendarDays(receivedOn, ACKNOWLEDGE_DAYS),
    answerBy: addCalendarDays(receivedOn, ANSWER_DAYS),
  };
}

/**
 * Where each term stands at `now`. The 10-day term is met by an acknowledgement or a reasoned
 * refusal; the 45-day term by the answer. A declined case owes no further answer (the reasoned
 * refusal ends the procedure) and a withdrawn one was never a complaint: no term runs for them,
 * which is reported as met.
 */
export function deadlineStatus(deadlines: ComplaintDeadlines, now: Date, timeZone: string, facts: DeadlineFacts): DeadlineStatus {
  const today = localDate(now, timeZone);
  const withdrawn = facts.state === 'withdrawn';
  const acknowledgeMet = withdrawn || Boolean(facts.acknowledgedAt ?? facts.declinedAt);
  const answerMet = withdrawn || Boolean(facts.answeredAt ?? facts.declinedAt) || facts.state === 'declined';
  const status: DeadlineStatus = { acknowledge: 'met', answer: 'met' };
  if (!acknowledgeMet) {
    status.daysToAcknowledge = calendarDaysBetween(today, deadlines.acknowledgeBy);
    status.acknowledge = termStatus(status.daysToAcknowledge);
  }
  if (!answerMet) {
    status.daysToAnswer = calendarDaysBetween(today, deadlines.answerBy);
    status.answer = termStatus(status.daysToAnswer);
  }
  return status;
}

export interface DeadlineCase {
  id: string | number;
  receivedAt: Date;
  snapshot: DeadlineFacts;
  /** The case's entity time zone, when the digest spans entities; else the digest's. */
  timeZone?: string;
}

export interface DeadlineAlert {
  id: string | number;
  term: 'acknowledge' | 'answer';
  status: 'due_soon' | 'overdue';
  dueOn: string;
  daysLeft: number;
}

/**
 * The terms a coordinator's daily digest lists: every due-soon or overdue term, most urgent first
 * (most days overdue first, then fewest days left; ties by due date and id).
 */
export function dueSoonOrOverdue(cases: readonly DeadlineCase[], now: Date, timeZone: string): DeadlineAlert[] {
  const alerts: DeadlineAlert[] = [];
  for (const c of cases) {
    const zone = c.timeZone ?? timeZone;
    const deadlines = complaintDeadlines(c.receivedAt, zone);
    const status = deadlineStatus(deadlines, now, zone, c.snapshot);
    if (isAlert(status.acknowledge)) {
      alerts.push({ id: c.id, term: 'acknowledge', status: status.acknowledge, dueOn: deadlines.acknowledgeBy, daysLeft: status.daysToAcknowledge! });
    }
    if (isAlert(status.answer)) {
      alerts.push({ id: c.id, term: 'answer', status: status.answer, dueOn: deadlines.answerBy, daysLeft: status.daysToAnswer! });
    }
  }
  return alerts.sort((a, b) => a.daysLeft - b.daysLeft || a.dueOn.localeCompare(b.dueOn) || String(a.id).localeCompare(String(b.id)));
}

function termStatus(daysLeft: number): TermStatus {
  if (daysLeft < 0) return 'overdue';
  return daysLeft <= DUE_SOON_DAYS ? 'due_soon' : 'open';
}

function isAlert(status: TermStatus): status is 'due_soon' | 'overdue' {
  return status === 'due_soon' || status === 'overdue';
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new RangeError(`Unknown time zone "${timeZone}".`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function utcMidnight(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a YYYY-MM-DD date.`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}
