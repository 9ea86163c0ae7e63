/** What the case page's conversation (CaseConversation.tsx) shows: pure, so the web tests can read it. */
import type { ComplaintCaseDetail } from '../api/index.js';

export type CaseMessage = NonNullable<ComplaintCaseDetail['ticket']>['messages'][number];

/** A case letter's way out ('email' | 'post') when the message carries one. */
export function letterRouteOf(message: object): 'email' | 'post' | undefined {
  const route = (message as { letterRoute?: unknown }).letterRoute;
  return route === 'email' || route === 'post' ? route : undefined;
}

/**
 * What followed the complaint on its ticket: every message after the citizen's first one (their
 * follow-ups, also those in a private conversation a reply opened, and everything sent to them),
 * oldest first; drafts are left out, nothing of them reached the citizen. Pure.
 */
export function followUps(messages: readonly CaseMessage[]): CaseMessage[] {
  const first = messages.findIndex((message) => message.direction === 'inbound');
  if (first < 0) return [];
  return messages
    .slice(first + 1)
    .filter((message) => message.deliveryStatus !== 'draft')
    .sort((a, b) => new Date(a.sentAt).getTime() - new Date(b.sentAt).getTime() || a.id - b.id);
}
