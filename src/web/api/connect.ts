/** "Connect with …": the OAuth flow of a channel (src/channels/connect/routes.ts). */
import { segment, type Client } from './client.js';
import type { SavedChannelConfig } from './channels.js';

export interface ConnectionAccounts {
  id: string;
  platform: string;
  entity: string;
  /** The channel being reconnected; null for a new channel. */
  channelId: string | null;
  accounts: Array<{ id: string; name: string; detail: string | null; account: Record<string, string> }>;
}

export interface AttachChoice {
  account: string;
  channel?: { id: string; name?: string };
  existingChannelId?: string;
}

export function connectCalls({ request }: Client) {
  return {
    startConnect: (platform: string, entity: string, channelId?: string) =>
      request<{ authorizeUrl: string; connectionId: string }>('POST', `/api/channels/connect/${segment(platform)}/start`, { entity, ...(channelId ? { channelId } : {}) }),
    connectionAccounts: (connectionId: string) => request<ConnectionAccounts>('GET', `/api/channels/connections/${segment(connectionId)}/accounts`),
    attachAccount: (connectionId: string, choice: AttachChoice) => request<SavedChannelConfig>('POST', `/api/channels/connections/${segment(connectionId)}/attach`, choice),
  };
}
