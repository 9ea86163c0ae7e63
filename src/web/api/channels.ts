/** Admins' calls: channels, their health and quarantine. */
import type { z } from 'zod';
import type {
  channelAlertListWire,
  channelConfigWire,
  channelDetailWire,
  channelHealthWire,
  channelStatusWire,
  pollQueuedWire,
  quarantineDismissedWire,
  quarantineItemWire,
  quarantineRetriedWire,
} from '../../channels/wire.js';
import { segment, type Client } from './client.js';

/** The channel JSON as src/channels/wire.ts defines it for the API; `z.input` = as it travels (dates as ISO strings). */
export type ChannelStatus = z.input<typeof channelStatusWire>;
export type ChannelHealth = z.input<typeof channelHealthWire>;
/** A channel's configuration (GET /api/channels/:id): with `webhookUrl`, where the platform sends its deliveries (null when it is only polled). */
export type ChannelConfig = z.input<typeof channelDetailWire>;
/** What POST and PATCH answer: the configuration without the webhook address. */
export type SavedChannelConfig = z.input<typeof channelConfigWire>;
export type QuarantineItem = z.input<typeof quarantineItemWire>;
/** GET /api/channels/alerts: the channels of my entities unhealthy longer than the alert threshold (the banner). */
export type ChannelAlerts = z.input<typeof channelAlertListWire>;

export interface NewChannel {
  id: string;
  entity: string;
  platform: string;
  name?: string;
  account: Record<string, string>;
  baseUrl?: string;
  credentials: Record<string, string>;
  pollIntervalSeconds?: number;
  enabled?: boolean;
}

/** The platform and the entity stay: a channel elsewhere is a new channel. */
export type ChannelPatch = Partial<Pick<NewChannel, 'account' | 'credentials' | 'pollIntervalSeconds' | 'enabled'>> & { name?: string | null; baseUrl?: string | null };

export function channelCalls({ request }: Client) {
  return {
    channels: () => request<{ items: ChannelHealth[] }>('GET', '/api/channels'),
    channelAlerts: () => request<ChannelAlerts>('GET', '/api/channels/alerts'),
    channel: (channelId: string) => request<ChannelConfig>('GET', `/api/channels/${segment(channelId)}`),
    createChannel: (channel: NewChannel) => request<SavedChannelConfig>('POST', '/api/channels', channel),
    updateChannel: (channelId: string, patch: ChannelPatch) => request<SavedChannelConfig>('PATCH', `/api/channels/${segment(channelId)}`, patch),
    pollNow: (channelId: string) => request<z.input<typeof pollQueuedWire>>('POST', `/api/channels/${segment(channelId)}/poll`),
    quarantine: (channelId: string) => request<{ items: QuarantineItem[] }>('GET', `/api/channels/${segment(channelId)}/quarantine`),
    retryQuarantined: (itemId: number) => request<z.input<typeof quarantineRetriedWire>>('POST', `/api/quarantine/${itemId}/retry`),
    dismissQuarantined: (itemId: number) => request<z.input<typeof quarantineDismissedWire>>('POST', `/api/quarantine/${itemId}/dismiss`),
  };
}
