/** The annual complaints report of GET /api/reports/complaints (src/reports/routes.ts), for the report page. */
import type { AnnualReport, ReportTable } from '../../reports/annual-report.js';
import { ApiError } from '../api/client.js';

export type { AnnualReport, ReportTable };
export type ReportFormat = 'json' | 'csv' | 'xlsx';

/**
 * The report's URL: the chosen entities comma-separated, none when all of the caller's are meant
 * (the API then covers every entity the user may report on).
 */
export function reportUrl(year: number, entities: readonly string[] | 'all', format: ReportFormat): string {
  const search = new URLSearchParams({ year: String(year) });
  if (entities !== 'all') search.set('entity', entities.join(','));
  if (format !== 'json') search.set('format', format);
  return `/api/reports/complaints?${search.toString()}`;
}

export async function loadReport(year: number, entities: readonly string[] | 'all'): Promise<AnnualReport> {
  const url = reportUrl(year, entities, 'json');
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  const data: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : response.statusText;
    throw new ApiError(response.status, message, data, url.split('?')[0]);
  }
  return data as AnnualReport;
}

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
