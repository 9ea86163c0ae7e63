/** Admins' calls: channels, their health and quarantine. */
import { segment, type Client } from './client.js';

export type ChannelStatus = 'idle' | 'ok' | 'error' | 'rate_limited' | 'auth_expired' | 'disabled';

export interface ChannelHealth {
  id: string;
  entity: string;
  platform: string;
  name: string | null;
  enabled: boolean;
  status: ChannelStatus;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  rateLimitedUntil: string | null;
  pollIntervalSeconds: number;
  openTickets: number;
  queuedReplies: number;
  quarantined: number;
  backlog: number;
  reconnectNeeded: boolean;
  source?: 'config' | 'app';
}

export interface ChannelConfig {
  id: string;
  entity: string;
  platform: string;
  name: string | null;
  account: Record<string, string>;
  baseUrl: string | null;
  pollIntervalSeconds: number;
  enabled: boolean;
  credentialKeys: string[];
  status?: ChannelStatus;
  source?: 'config' | 'app';
  /** Where the platform sends its deliveries (enter it at the platform); null when it is only polled. */
  webhookUrl?: string | null;
}

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

export interface QuarantineItem {
  id: number;
  itemType: string;
  externalId: string | null;
  reason: string;
  seenCount: number;
  createdAt: string;
  lastSeenAt: string;
}

export function channelCalls({ request }: Client) {
  return {
    channels: () => request<{ items: ChannelHealth[] }>('GET', '/api/channels'),
    channel: (channelId: string) => request<ChannelConfig>('GET', `/api/channels/${segment(channelId)}`),
    createChannel: (channel: NewChannel) => request<ChannelConfig>('POST', '/api/channels', channel),
    updateChannel: (channelId: string, patch: ChannelPatch) => request<ChannelConfig>('PATCH', `/api/channels/${segment(channelId)}`, patch),
    pollNow: (channelId: string) => request<unknown>('POST', `/api/channels/${segment(channelId)}/poll`),
    quarantine: (channelId: string) => request<{ items: QuarantineItem[] }>('GET', `/api/channels/${segment(channelId)}/quarantine`),
    retryQuarantined: (itemId: number) => request<{ status: string }>('POST', `/api/quarantine/${itemId}/retry`),
    dismissQuarantined: (itemId: number) => request<unknown>('POST', `/api/quarantine/${itemId}/dismiss`),
  };
}
