/** The dashboard's figures per entity, as src/reports/wire.ts defines them for the API. */
import type { z } from 'zod';
import type { dashboardWire, volumeRowWire } from '../../reports/wire.js';
import { query, type Client } from './client.js';

export type VolumeRow = z.input<typeof volumeRowWire>;
export type DashboardData = z.input<typeof dashboardWire>;

export function dashboardCalls({ request }: Client) {
  return {
    dashboard: (entity: string, days: number) => request<DashboardData>('GET', `/api/dashboard${query({ entity, days })}`),
  };
}
