/** Moderation of a ticket's messages on their platform (issue 17): state, possible actions, requests. */
import type { z } from 'zod';
import type { MODERATION_ACTIONS, MODERATION_FLAGS } from '../../moderation/names.js';
import type { moderationWire, policyWire } from '../../moderation/wire.js';
import type { Client } from './client.js';

export { MODERATION_FLAGS } from '../../moderation/names.js';
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
export type ModerationFlag = (typeof MODERATION_FLAGS)[number];

/** An entity's automatic moderation: the classifier's flags whose messages are hidden without an agent. */
export type ModerationPolicy = z.input<typeof policyWire>;
/** Per citizen message: its state on the platform, what can be done now (empty while a request is on its way), the last request. */
export type MessageModeration = z.input<typeof moderationWire>['items'][number];
export type ModerationState = MessageModeration['state'];

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
