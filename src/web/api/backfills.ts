/** Admins' calls for a channel's backfills (fetching its history in a window). */
import type { z } from 'zod';
import type { backfillListWire, backfillWire } from '../../backfill/wire.js';
import { segment, type Client } from './client.js';

export type Backfill = z.input<typeof backfillWire>;
export type BackfillList = z.input<typeof backfillListWire>;

export function backfillCalls({ request }: Client) {
  return {
    backfills: (channelId: string) => request<BackfillList>('GET', `/api/channels/${segment(channelId)}/backfills`),
    startBackfill: (channelId: string, window: { since: string; until?: string }) => request<Backfill>('POST', `/api/channels/${segment(channelId)}/backfills`, window),
    cancelBackfill: (backfillId: number) => request<Backfill>('POST', `/api/backfills/${backfillId}/cancel`),
  };
}
