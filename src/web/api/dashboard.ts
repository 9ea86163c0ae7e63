/** The dashboard's figures per entity, as src/reports/wire.ts defines them for the API. */
import type { z } from 'zod';
import type { AnnualReport } from '../../reports/annual-report.js';
import type { classifierReportWire, dashboardWire, volumeRowWire } from '../../reports/wire.js';
import { query, type Client } from './client.js';

export type VolumeRow = z.input<typeof volumeRowWire>;
export type DashboardData = z.input<typeof dashboardWire>;
export type ClassifierReportData = z.input<typeof classifierReportWire>;

export type ReportFormat = 'json' | 'csv' | 'xlsx' | 'pdf';

/**
 * The annual report's URL: the chosen entities comma-separated, none when all of the caller's are
 * meant (the API then covers every entity the user may report on).
 */
export function reportUrl(year: number, entities: readonly string[] | 'all', format: ReportFormat): string {
  const search = new URLSearchParams({ year: String(year) });
  if (entities !== 'all') search.set('entity', entities.join(','));
  if (format !== 'json') search.set('format', format);
  return `/api/reports/complaints?${search.toString()}`;
}

export function dashboardCalls({ request }: Client) {
  return {
    dashboard: (entity: string, days: number) => request<DashboardData>('GET', `/api/dashboard${query({ entity, days })}`),
    classifierReport: (entity: string, days: number) => request<ClassifierReportData>('GET', `/api/reports/classifier${query({ entity, days })}`),
    annualReport: (year: number, entities: readonly string[] | 'all') => request<AnnualReport>('GET', reportUrl(year, entities, 'json')),
  };
}
