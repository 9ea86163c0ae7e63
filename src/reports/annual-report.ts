import {
  DECLINE_GROUNDS,
  OMBUDS_NORMS,
  OUTCOMES,
  RESOLUTIONS,
  type CaseState,
  type DeclineGround,
  type Outcome,
  type Resolution,
} from '../complaints/procedure.js';
import { ACKNOWLEDGE_DAYS, ANSWER_DAYS, calendarDaysBetween, localDate } from '../complaints/deadlines.js';

/**
 * The annual complaints report (jaarverslag klachten) every entity sends to the Vlaamse
 * Ombudsdienst before 10 February of the next year. Pure: the caller loads the cases and passes
 * the time of generation.
 *
 * Definitions — exactly what each number counts:
 *  - Local dates. A case's `receivedOn` is the calendar date of `receivedAt` in the case's time zone
 *    (`timeZone`, the entity's); likewise for acknowledgement, refusal and answer dates.
 *  - In the report: a case whose `receivedOn` falls in `year` (31 Dec 23:30 Brussels time belongs to
 *    that year, even though it is 1 January in UTC), of the chosen entity or entities when given
 *    (several entities: their cases counted together, as one report).
 *    A case belongs to the year of its receipt whatever happened to it later.
 *  - Received (R): every case in the report. Complaints (Q): cases with `qualified` true.
 *    Not qualified as complaint: R minus Q (withdrawn: not a complaint after all).
 *  - Admissibility, over Q: `admissible` true = admissible, false = inadmissible (declined),
 *    null = not yet assessed. Shares are percentages of |Q|, one decimal.
 *  - Decline grounds, over the inadmissible complaints: one row per ground of the closed list (zeros
 *    included), plus "not recorded" for an inadmissible complaint without a ground.
 *  - Outcome and resolution, over the admissible complaints (A): one row per value (zeros included)
 *    plus "none recorded" (e.g. still under investigation, or resolved by agreement without an
 *    outcome). Shares are percentages of |A|.
 *  - Ombudsman norms, over A: per norm, the number of complaints that name it (a complaint naming
 *    three norms counts once under each); unknown codes get their own row; last row: complaints
 *    naming at least one norm.
 *  - By platform (drager), by source and by theme, over Q. Platforms and themes appear when they
 *    occur, most frequent first (ties alphabetically); every known source appears (zeros included),
 *    unknown sources after them; complaints without theme are counted under "no theme".
 *  - Time to acknowledge, over Q: days = calendar days from `receivedOn` to the local date of the
 *    first of `acknowledgedAt` and `declinedAt` (the acknowledgement or the reasoned refusal).
 *    Mean and median (of an even count: the mean of the middle two) in days, one decimal; ≤ 10 and
 *    > 10 days; complaints without either date are counted as "none yet".
 *  - Time to answer, over A: days = calendar days from `receivedOn` to the local date of
 *    `answeredAt`. Mean, median, ≤ 45 / > 45 days, and the buckets 0–20, 21–45, 46–90 and > 90 days;
 *    admissible complaints without an answer are counted as "not yet answered".
 *  - Mean and median of an empty set are reported as an empty cell.
 */

export const REPORT_SOURCES = [
  { code: 'social', nl: 'sociale media', en: 'social media' },
  { code: 'webform', nl: 'webformulier', en: 'web form' },
  { code: 'email', nl: 'e-mail', en: 'e-mail' },
  { code: 'letter', nl: 'brief', en: 'letter' },
  { code: 'phone', nl: 'telefoon', en: 'phone' },
  { code: 'counter', nl: 'loket', en: 'counter' },
  { code: 'other', nl: 'andere', en: 'other' },
] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number]['code'];

export interface ReportCase {
  id: string;
  entityId: string;
  receivedAt: Date;
  /** The channel the case came in on (its id or name). */
  channel: string;
  /** The platform of that channel — the "drager" in the Ombudsdienst's terms, by its display name */
  platform: string;
  source: ReportSource | (string & {});
  /** false: not qualified as a complaint after all (withdrawn). */
  qualified: boolean;
  state: CaseState;
  admissible: boolean | null;
  declineGround?: DeclineGround;
  outcome?: Outcome;
  resolution?: Resolution;
  ombudsNorms: readonly string[];
  theme?: string;
  acknowledgedAt?: Date;
  declinedAt?: Date;
  answeredAt?: Date;
  /** The entity's time zone, e.g. Europe/Brussels. */
  timeZone: string;
}

export interface ReportTable {
  key: string;
  title: { nl: string; en: string };
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface AnnualReport {
  year: number;
  /** The one entity reported on, when there is exactly one. */
  entity?: string;
  /** Every entity the report covers, when they were chosen (absent: every case passed in). */
  entities?: string[];
  /** ISO 8601 instant. */
  generatedAt: string;
  tables: ReportTable[];
}

export interface AnnualReportOptions {
  year: number;
  /** An entity id; without it (and without `entities`), every case passed in is reported. */
  entity?: string;
  /** Several entity ids: the report covers the cases of these entities together. */
  entities?: readonly string[];
  generatedAt: Date;
}

/** The day before which the report on `year` must reach the Vlaamse Ombudsdienst. */
export function annualReportDueBefore(year: number): string {
  return `${year + 1}-02-10`;
}

const CATEGORY = 'Categorie / Category';
const COUNT = 'Aantal / Count';
const SHARE = 'Aandeel (%) / Share (%)';
const MEASURE = 'Maat / Measure';
const VALUE = 'Waarde / Value';

export function buildAnnualReport(cases: readonly ReportCase[], options: AnnualReportOptions): AnnualReport {
  if (!Number.isInteger(options.year)) throw new RangeError(`The report year must be a whole number, not ${options.year}.`);
  const covered = reportEntities(options);
  const inReport = cases
    .filter((c) => covered === undefined || covered.includes(c.entityId))
    .map((c) => ({ ...c, receivedOn: localDate(c.receivedAt, c.timeZone) }))
    .filter((c) => c.receivedOn.startsWith(`${options.year}-`));
  const complaints = inReport.filter((c) => c.qualified);
  const notQualified = inReport.filter((c) => !c.qualified);
  const admissible = complaints.filter((c) => c.admissible === true);
  const inadmissible = complaints.filter((c) => c.admissible === false);

  return {
    year: options.year,
    ...(covered?.length === 1 ? { entity: covered[0]! } : {}),
    ...(covered === undefined ? {} : { entities: covered }),
    generatedAt: options.generatedAt.toISOString(),
    tables: [
      receivedTable(inReport.length, complaints.length, notQualified.length),
      notQualifiedTable(notQualified),
      admissibilityTable(complaints),
      declineGroundsTable(inadmissible),
      closedListTable('outcome', { nl: 'Gegrondheid', en: 'Outcome' }, OUTCOMES, admissible, (c) => c.outcome),
      closedListTable('resolution', { nl: 'Oplossing', en: 'Resolution' }, RESOLUTIONS, admissible, (c) => c.resolution),
      ombudsNormsTable(admissible),
      platformTable(complaints),
      sourceTable(complaints),
      themeTable(complaints),
      timeToAcknowledgeTable(complaints),
      timeToAnswerTable(admissible),
    ],
  };
}

/** The entities of the options, without repeats, in the order given (undefined: no choice, every case). */
function reportEntities(options: AnnualReportOptions): string[] | undefined {
  if (options.entities === undefined && options.entity === undefined) return undefined;
  return [...new Set([...(options.entity === undefined ? [] : [options.entity]), ...(options.entities ?? [])])];
}

type DatedCase = ReportCase & { receivedOn: string };

function receivedTable(received: number, complaints: number, notQualified: number): ReportTable {
  return {
    key: 'received',
    title: { nl: 'Ontvangen klachten', en: 'Complaints received' },
    columns: [CATEGORY, COUNT],
    rows: [
      [both('ontvangen', 'received'), received],
      [both('klachten', 'complaints'), complaints],
      [both('niet als klacht gekwalificeerd', 'not qualified as complaint'), notQualified],
    ],
  };
}

function notQualifiedTable(notQualified: readonly DatedCase[]): ReportTable {
  return {
    key: 'not_qualified',
    title: { nl: 'Niet als klacht gekwalificeerd', en: 'Not qualified as complaint' },
    columns: ['Bron / Source', COUNT],
    rows: [...sourceRows(notQualified), [both('totaal', 'total'), notQualified.length]],
  };
}

function admissibilityTable(complaints: readonly DatedCase[]): ReportTable {
  const count = (value: boolean | null) => complaints.filter((c) => c.admissible === value).length;
  const rows: Array<[string, number]> = [
    [both('ontvankelijk', 'admissible'), count(true)],
    [both('onontvankelijk', 'inadmissible'), count(false)],
    [both('nog niet beoordeeld', 'not yet assessed'), count(null)],
  ];
  return {
    key: 'admissibility',
    title: { nl: 'Ontvankelijkheid', en: 'Admissibility' },
    columns: [CATEGORY, COUNT, SHARE],
    rows: [...rows.map(([label, n]) => [label, n, percent(n, complaints.length)]), [both('totaal', 'total'), complaints.length, complaints.length ? 100 : 0]],
  };
}

function declineGroundsTable(inadmissible: readonly DatedCase[]): ReportTable {
  const rows: Array<Array<string | number>> = DECLINE_GROUNDS.map((g) => [both(g.nl, g.en), inadmissible.filter((c) => c.declineGround === g.code).length]);
  const known = new Set<string>(DECLINE_GROUNDS.map((g) => g.code));
  rows.push([both('niet geregistreerd', 'not recorded'), inadmissible.filter((c) => !c.declineGround || !known.has(c.declineGround)).length]);
  rows.push([both('totaal', 'total'), inadmissible.length]);
  return { key: 'decline_grounds', title: { nl: 'Redenen van niet-behandeling', en: 'Grounds for not handling' }, columns: [CATEGORY, COUNT], rows };
}

function closedListTable(
  key: string,
  title: { nl: string; en: string },
  list: ReadonlyArray<{ code: string; nl: string; en: string }>,
  admissible: readonly DatedCase[],
  valueOf: (c: DatedCase) => string | undefined,
): ReportTable {
  const rows: Array<Array<string | number>> = list.map((item) => {
    const n = admissible.filter((c) => valueOf(c) === item.code).length;
    return [both(item.nl, item.en), n, percent(n, admissible.length)];
  });
  const none = admissible.filter((c) => !list.some((item) => item.code === valueOf(c))).length;
  rows.push([both('niet geregistreerd', 'none recorded'), none, percent(none, admissible.length)]);
  rows.push([both('totaal ontvankelijk', 'total admissible'), admissible.length, admissible.length ? 100 : 0]);
  return { key, title, columns: [CATEGORY, COUNT, SHARE], rows };
}

function ombudsNormsTable(admissible: readonly DatedCase[]): ReportTable {
  const naming = (code: string) => admissible.filter((c) => c.ombudsNorms.includes(code)).length;
  const rows: Array<Array<string | number>> = OMBUDS_NORMS.map((norm) => [both(norm.nl, norm.en), naming(norm.code)]);
  const known = new Set<string>(OMBUDS_NORMS.map((n) => n.code));
  const unknown = [...new Set(admissible.flatMap((c) => c.ombudsNorms).filter((code) => !known.has(code)))].sort();
  for (const code of unknown) rows.push([code, naming(code)]);
  rows.push([both('klachten met minstens één ombudsnorm', 'complaints naming at least one norm'), admissible.filter((c) => c.ombudsNorms.length > 0).length]);
  return { key: 'ombuds_norms', title: { nl: 'Ombudsnormen', en: 'Ombudsman norms' }, columns: ['Ombudsnorm / Ombudsman norm', 'Aantal klachten / Complaints'], rows };
}

function sourceTable(complaints: readonly DatedCase[]): ReportTable {
  return {
    key: 'by_source',
    title: { nl: 'Per bron', en: 'By source' },
    columns: ['Bron / Source', COUNT],
    rows: [...sourceRows(complaints), [both('totaal', 'total'), complaints.length]],
  };
}

function sourceRows(cases: readonly DatedCase[]): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = REPORT_SOURCES.map((s) => [both(s.nl, s.en), cases.filter((c) => c.source === s.code).length]);
  const known = new Set<string>(REPORT_SOURCES.map((s) => s.code));
  const others = [...new Set(cases.map((c) => c.source).filter((s) => !known.has(s)))].sort();
  for (const source of others) rows.push([source, cases.filter((c) => c.source === source).length]);
  return rows;
}

function platformTable(complaints: readonly DatedCase[]): ReportTable {
  return {
    key: 'by_platform',
    title: { nl: 'Per drager (kanaal)', en: 'By channel (platform)' },
    columns: ['Drager / Platform', COUNT],
    rows: [...frequencyRows(complaints.map((c) => c.platform.trim() || '?')), [both('totaal', 'total'), complaints.length]],
  };
}

function themeTable(complaints: readonly DatedCase[]): ReportTable {
  const themes = complaints.flatMap((c) => (c.theme?.trim() ? [c.theme.trim()] : []));
  return {
    key: 'by_theme',
    title: { nl: 'Per thema', en: 'By theme' },
    columns: ['Thema / Theme', COUNT],
    rows: [...frequencyRows(themes), [both('geen thema', 'no theme'), complaints.length - themes.length], [both('totaal', 'total'), complaints.length]],
  };
}

/** Occurrences of each value, most frequent first, ties alphabetically. */
function frequencyRows(values: readonly string[]): Array<Array<string | number>> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([value, n]) => [value, n]);
}

function timeToAcknowledgeTable(complaints: readonly DatedCase[]): ReportTable {
  const days: number[] = [];
  for (const c of complaints) {
    const first = earliest(c.acknowledgedAt, c.declinedAt);
    if (first) days.push(calendarDaysBetween(c.receivedOn, localDate(first, c.timeZone)));
  }
  return {
    key: 'time_to_acknowledge',
    title: { nl: 'Termijn ontvangstmelding', en: 'Time to acknowledge' },
    columns: [MEASURE, VALUE],
    rows: [
      [both('met ontvangstmelding of weigering', 'acknowledged or refused'), days.length],
      [both('gemiddelde (dagen)', 'mean (days)'), mean(days)],
      [both('mediaan (dagen)', 'median (days)'), median(days)],
      [both(`binnen ${ACKNOWLEDGE_DAYS} dagen`, `within ${ACKNOWLEDGE_DAYS} days`), days.filter((d) => d <= ACKNOWLEDGE_DAYS).length],
      [both(`na meer dan ${ACKNOWLEDGE_DAYS} dagen`, `after more than ${ACKNOWLEDGE_DAYS} days`), days.filter((d) => d > ACKNOWLEDGE_DAYS).length],
      [both('nog geen', 'none yet'), complaints.length - days.length],
    ],
  };
}

function timeToAnswerTable(admissible: readonly DatedCase[]): ReportTable {
  const days = admissible.flatMap((c) => (c.answeredAt ? [calendarDaysBetween(c.receivedOn, localDate(c.answeredAt, c.timeZone))] : []));
  const between = (from: number, to: number) => days.filter((d) => d >= from && d <= to).length;
  return {
    key: 'time_to_answer',
    title: { nl: 'Termijn antwoord', en: 'Time to answer' },
    columns: [MEASURE, VALUE],
    rows: [
      [both('beantwoord', 'answered'), days.length],
      [both('gemiddelde (dagen)', 'mean (days)'), mean(days)],
      [both('mediaan (dagen)', 'median (days)'), median(days)],
      [both(`binnen ${ANSWER_DAYS} dagen`, `within ${ANSWER_DAYS} days`), days.filter((d) => d <= ANSWER_DAYS).length],
      [both(`na meer dan ${ANSWER_DAYS} dagen`, `after more than ${ANSWER_DAYS} days`), days.filter((d) => d > ANSWER_DAYS).length],
      [both('0–20 dagen', '0–20 days'), between(0, 20)],
      [both('21–45 dagen', '21–45 days'), between(21, 45)],
      [both('46–90 dagen', '46–90 days'), between(46, 90)],
      [both('meer dan 90 dagen', 'more than 90 days'), days.filter((d) => d > 90).length],
      [both('nog niet beantwoord', 'not yet answered'), admissible.length - days.length],
    ],
  };
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}

function mean(values: readonly number[]): number | string {
  if (values.length === 0) return '';
  return oneDecimal(values.reduce((sum, v) => sum + v, 0) / values.length);
}

function median(values: readonly number[]): number | string {
  if (values.length === 0) return '';
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return oneDecimal(sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : oneDecimal((part / whole) * 100);
}

function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

function both(nl: string, en: string): string {
  return nl === en ? nl : `${nl} / ${en}`;
}
