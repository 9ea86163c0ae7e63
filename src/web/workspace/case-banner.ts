/** The words of a ticket's case banner (CaseBanner.tsx): pure, so the web tests can read them. */
import type { Ticket } from '../api/index.js';
import { CASE_STATES, codeLabel } from '../cases/procedure.js';
import { fill, type Dictionary, type Lang } from '../i18n.js';

export type TicketCase = NonNullable<Ticket['case']>;

const LOCALES: Record<Lang, string> = { nl: 'nl-BE', en: 'en-GB' };

/** A calendar date `YYYY-MM-DD` written out (19 januari 2027); no time zone is involved. */
export function longDay(day: string, lang: Lang): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, date!)).toLocaleDateString(LOCALES[lang], { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * The term a ticket's case banner names: the acknowledgement while it is open, then the answer;
 * none once both are met. Pure, for the banner and its tests.
 */
export function bannerTerm(c: TicketCase): { term: 'acknowledge' | 'answer'; dueOn: string; daysLeft: number | undefined; status: TicketCase['answerStatus'] } | undefined {
  if (c.acknowledgeStatus !== 'met') return { term: 'acknowledge', dueOn: c.acknowledgeBy, daysLeft: c.daysToAcknowledge, status: c.acknowledgeStatus };
  if (c.answerStatus !== 'met') return { term: 'answer', dueOn: c.answerBy, daysLeft: c.daysToAnswer, status: c.answerStatus };
  return undefined;
}

/** "Klacht 12 · ontvangst gemeld · antwoord tegen 19 januari 2027 (nog 45 dagen)". */
export function caseBannerText(c: TicketCase, t: Dictionary): string {
  const lang = t.admin.lang;
  const parts = [fill(t.work.caseBanner, { id: c.id }), codeLabel(CASE_STATES, c.state, lang)];
  const term = bannerTerm(c);
  if (term) {
    const due = fill(term.term === 'acknowledge' ? t.work.caseBannerAcknowledgeBy : t.work.caseBannerAnswerBy, { date: longDay(term.dueOn, lang) });
    const left = term.daysLeft === undefined ? '' : term.daysLeft < 0 ? t.admin.daysOverdue(-term.daysLeft) : t.admin.daysLeft(term.daysLeft);
    parts.push(left ? `${due} (${left})` : due);
  }
  return parts.join(' · ');
}
