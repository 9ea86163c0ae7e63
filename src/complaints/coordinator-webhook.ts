import { createHmac } from 'node:crypto';
import type { RoutedComplaint } from './coordinator-mail.js';
import { platformName } from '../../connectors/platforms.js';

export const SIGNATURE_HEADER = 'x-inbox-signature';

/**
 * The JSON an entity's own complaint system (OTRS, Freshdesk…) receives for a routed complaint.
 * Signed with HMAC-SHA256 over the exact body; the idempotency key lets the receiver drop retries.
 */
export function composeComplaintWebhook(complaint: RoutedComplaint, secret: string, sentAt: Date): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    event: 'complaint.routed',
    sentAt: sentAt.toISOString(),
    complaint: { id: complaint.complaintId, receivedAt: complaint.receivedAt.toISOString(), signals: complaint.signals, confidence: complaint.confidence },
    ticket: { number: complaint.ticketNumber, url: complaint.ticketUrl },
    entity: complaint.entityName,
    channel: { name: complaint.channelName, platform: complaint.platform, label: platformName(complaint.platform) },
    author: { handle: complaint.authorHandle, name: complaint.authorName },
    messages: complaint.messages.map((m) => ({ text: m.text, sentAt: m.sentAt.toISOString(), permalink: m.permalink })),
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `complaint-${complaint.complaintId}-routed`,
      [SIGNATURE_HEADER]: signWebhookBody(secret, body),
    },
  };
}

export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
