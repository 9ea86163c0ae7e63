/** The SLA form's draft and its conversion to and from the API's shape (GET/PUT /api/entities/:id/sla). */

// ---- the API's shapes ----

export type SlaPriority = 'urgent' | 'high' | 'medium' | 'low';
export const SLA_PRIORITIES: readonly SlaPriority[] = ['urgent', 'high', 'medium', 'low'];

export interface BusinessPeriod {
  /** 1 = Monday … 7 = Sunday */
  day: number;
  /** 'HH:MM'; end may be '24:00' */
  start: string;
  end: string;
}

export interface SlaPolicy {
  priority: SlaPriority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaSettings {
  timeZone: string;
  businessHours: BusinessPeriod[];
  holidays: string[];
  policies: SlaPolicy[];
}

export type SlaChange = Omit<SlaSettings, 'timeZone'>;

// ---- the form ----

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface PeriodDraft {
  start: string;
  end: string;
}

export interface DurationDraft {
  hours: string;
  minutes: string;
}

export interface SlaDraft {
  /** Per weekday (index 0 = Monday); an empty list is a closed day. */
  days: PeriodDraft[][];
  holidays: string[];
  targets: Record<SlaPriority, { firstResponse: DurationDraft; resolution: DurationDraft }>;
}

/** 'HH:MM' from 00:00 to 23:59, or 24:00 for "until midnight". */
export const TIME_PATTERN = '([01][0-9]|2[0-3]):[0-5][0-9]|24:00';

export function splitMinutes(total: number): DurationDraft {
  return { hours: String(Math.floor(total / 60)), minutes: String(total % 60) };
}

/** Whole hours and minutes back to minutes; NaN when a field is not a whole number ≥ 0. */
export function joinMinutes(duration: DurationDraft): number {
  const hours = wholeNumber(duration.hours);
  const minutes = wholeNumber(duration.minutes);
  return hours * 60 + minutes;
}

function wholeNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export function toDraft(settings: SlaSettings): SlaDraft {
  const days = WEEKDAYS.map((day) =>
    settings.businessHours
      .filter((period) => period.day === day)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map(({ start, end }) => ({ start, end })),
  );
  const targets = Object.fromEntries(
    SLA_PRIORITIES.map((priority) => {
      const policy = settings.policies.find((p) => p.priority === priority);
      return [
        priority,
        { firstResponse: splitMinutes(policy?.firstResponseMinutes ?? 0), resolution: splitMinutes(policy?.resolutionMinutes ?? 0) },
      ];
    }),
  ) as SlaDraft['targets'];
  return { days, holidays: [...settings.holidays].sort(), targets };
}

export function fromDraft(draft: SlaDraft): SlaChange {
  const businessHours: BusinessPeriod[] = draft.days.flatMap((periods, index) =>
    periods.map((period) => ({ day: index + 1, start: period.start.trim(), end: period.end.trim() })),
  );
  return {
    businessHours,
    holidays: [...new Set(draft.holidays)].sort(),
    policies: SLA_PRIORITIES.map((priority) => ({
      priority,
      firstResponseMinutes: joinMinutes(draft.targets[priority].firstResponse),
      resolutionMinutes: joinMinutes(draft.targets[priority].resolution),
    })),
  };
}

export type SlaProblem =
  | { kind: 'period'; day: number }
  | { kind: 'overlap'; day: number }
  | { kind: 'noHours' }
  | { kind: 'target'; priority: SlaPriority }
  | { kind: 'order'; priority: SlaPriority };

const TIME = new RegExp(`^(${TIME_PATTERN})$`);
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** What the API would refuse, found before sending so the form can say where (the API checks again). */
export function slaProblems(change: SlaChange): SlaProblem[] {
  const problems: SlaProblem[] = [];
  if (change.businessHours.length === 0) problems.push({ kind: 'noHours' });
  for (const day of WEEKDAYS) {
    const periods = change.businessHours.filter((p) => p.day === day);
    if (periods.some((p) => !TIME.test(p.start) || !TIME.test(p.end) || minutesOf(p.start) >= minutesOf(p.end))) {
      problems.push({ kind: 'period', day });
      continue;
    }
    const sorted = [...periods].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    if (sorted.some((p, i) => i > 0 && minutesOf(p.start) < minutesOf(sorted[i - 1]!.end))) problems.push({ kind: 'overlap', day });
  }
  for (const policy of change.policies) {
    const valid = (minutes: number) => Number.isInteger(minutes) && minutes > 0 && minutes <= 43_200;
    if (!valid(policy.firstResponseMinutes) || !valid(policy.resolutionMinutes)) problems.push({ kind: 'target', priority: policy.priority });
    else if (policy.firstResponseMinutes > policy.resolutionMinutes) problems.push({ kind: 'order', priority: policy.priority });
  }
  return problems;
}
