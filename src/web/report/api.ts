/** What the report page makes of GET /api/reports/complaints (the call itself: api/dashboard.ts). */
import type { AnnualReport, ReportTable } from '../../reports/annual-report.js';

export type { AnnualReport, ReportTable };
/** One language's half of a bilingual "nl / en" label of the report (a label without one stays whole). */
export function inLanguage(text: string, lang: 'nl' | 'en'): string {
  const parts = text.split(' / ');
  return parts.length === 2 ? (lang === 'nl' ? parts[0]! : parts[1]!) : text;
}

/** Rows that add up or average the others (totals, means, medians): in the table, not in the chart. */
const SUMMARY_ROW = /^(totaal|gemiddelde|mediaan|klachten met minstens)/;

/** The rows a table's chart shows: counts only. */
export function chartRows(table: ReportTable): Array<{ key: string; label: string; value: number }> {
  return table.rows.flatMap((row, index) => {
    const [label, value] = row;
    if (typeof label !== 'string' || typeof value !== 'number' || SUMMARY_ROW.test(label)) return [];
    return [{ key: `${index}`, label, value }];
  });
}
