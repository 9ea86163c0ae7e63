/** Pure shaping of dashboard rows into chart data: one bar per day, stacked by a key. */
export interface StackedDay {
  day: string;
  total: number;
  parts: Record<string, number>;
}

export interface StackedSeries {
  days: StackedDay[];
  keys: string[];
  max: number;
  total: number;
}

/** The `count` calendar days ending with `lastDay` (YYYY-MM-DD), oldest first. */
export function dayRange(lastDay: string, count: number): string[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** Today's calendar date in a time zone (the entity's: the API counts days there). */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/**
 * Sums rows per day and per `key` (platform or category). Every day of `days` gets a bar (empty
 * days too), days outside it that have data are added; keys are ordered by their total, largest first.
 */
export function stackByDay<R extends { day: string; count: number }>(rows: readonly R[], key: (row: R) => string, days: readonly string[]): StackedSeries {
  const byDay = new Map<string, StackedDay>(days.map((day) => [day, { day, total: 0, parts: {} }]));
  const keyTotals = new Map<string, number>();
  for (const row of rows) {
    const k = key(row);
    let entry = byDay.get(row.day);
    if (!entry) {
      entry = { day: row.day, total: 0, parts: {} };
      byDay.set(row.day, entry);
    }
    entry.parts[k] = (entry.parts[k] ?? 0) + row.count;
    entry.total += row.count;
    keyTotals.set(k, (keyTotals.get(k) ?? 0) + row.count);
  }
  const list = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  const keys = [...keyTotals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  return { days: list, keys, max: Math.max(0, ...list.map((d) => d.total)), total: list.reduce((sum, d) => sum + d.total, 0) };
}

/** Round axis steps (1, 2, 5 × 10ⁿ) so that at most `lines` grid lines cover `max`. */
export function niceTicks(max: number, lines = 4): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / lines;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const stepInt = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let value = 0; value < max + stepInt; value += stepInt) ticks.push(value);
  return ticks;
}
