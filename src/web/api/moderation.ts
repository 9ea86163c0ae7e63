/** Moderation of a ticket's messages on their platform (issue 17): state, possible actions, requests. */
import type { Client } from './client.js';

export type ModerationAction = 'hide' | 'unhide' | 'hold' | 'reject' | 'publish' | 'delete';
export type ModerationState = 'hidden' | 'visible' | 'held' | 'rejected' | 'deleted';
export const MODERATION_FLAGS = ['insult', 'hate', 'threat', 'spam', 'personal_data'] as const;
export type ModerationFlag = (typeof MODERATION_FLAGS)[number];

/** An entity's automatic moderation: the classifier's flags whose messages are hidden without an agent. */
export interface ModerationPolicy {
  autoHide: ModerationFlag[];
}

export interface MessageModeration {
  messageId: number;
  platform: string;
  state: ModerationState;
  /** What can be done now; empty while a request is on its way. */
  actions: ModerationAction[];
  last?: {
    id: number;
    action: ModerationAction;
    status: 'queued' | 'done' | 'failed' | 'superseded';
    /** 'policy' or the agent's name. */
    by: string;
    byPolicy: boolean;
    flag: string | null;
    error: string | null;
    requestedAt: string;
    doneAt: string | null;
  };
}

export function moderationCalls({ request }: Client) {
  return {
    ticketModeration: (ticketId: number) => request<{ items: MessageModeration[] }>('GET', `/api/tickets/${ticketId}/moderation`),
    moderateMessage: (ticketId: number, messageId: number, action: ModerationAction) =>
      request<{ id: number; status: 'queued' }>('POST', `/api/tickets/${ticketId}/messages/${messageId}/moderation`, { action }),
    moderationPolicy: (entityId: string) => request<ModerationPolicy>('GET', `/api/entities/${encodeURIComponent(entityId)}/moderation-policy`),
    saveModerationPolicy: (entityId: string, policy: ModerationPolicy) =>
      request<ModerationPolicy>('PUT', `/api/entities/${encodeURIComponent(entityId)}/moderation-policy`, policy),
  };
}
