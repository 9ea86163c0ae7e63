/** The dashboard's figures per entity. */
import { query, type Client } from './client.js';

export interface VolumeRow {
  day: string;
  platform: string;
  category: string;
  count: number;
}

export interface DashboardData {
  volume: VolumeRow[];
  medianFirstResponseMinutes: number | null;
  medianResolutionMinutes: number | null;
  openComplaints: { overdue: number; dueSoon: number; onTrack: number };
}

export function dashboardCalls({ request }: Client) {
  return {
    dashboard: (entity: string, days: number) => request<DashboardData>('GET', `/api/dashboard${query({ entity, days })}`),
  };
}
