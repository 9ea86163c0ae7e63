import type { TicketMessage } from './wire.js';

interface EntityRef {
  id: string;
  name: string;
}

/** What attribution needs of a referral (GET /api/tickets/:id/referrals). */
export interface ReferralStep {
  from: EntityRef;
  referredAt: string;
  replyMessageId: number | null;
}

/**
 * Which entity sent each of our messages that the entity looking at the ticket did not send itself
 * (issue 17): a referred ticket carries the history of the entities it passed through. The reply a
 * referral sent ("we hebben uw vraag doorgegeven aan …") is the referring entity's, even when the
 * platform confirmed it after the referral (delivery moves `sentAt`); any other outbound message
 * belongs to the entity that had the ticket then: the from-entity of the first referral at or after
 * it. Messages after the last referral, and the viewer's own, are not in the map.
 */
export function otherSenders(
  messages: ReadonlyArray<Pick<TicketMessage, 'id' | 'direction' | 'sentAt'>>,
  referrals: readonly ReferralStep[],
  viewingEntity: string,
): Map<number, EntityRef> {
  const senders = new Map<number, EntityRef>();
  if (referrals.length === 0) return senders;
  const steps = [...referrals].map((referral) => ({ referral, at: Date.parse(referral.referredAt) })).sort((a, b) => a.at - b.at);
  const byReply = new Map(referrals.filter((referral) => referral.replyMessageId !== null).map((referral) => [referral.replyMessageId!, referral.from]));
  for (const message of messages) {
    if (message.direction !== 'outbound') continue;
    const sentAt = Date.parse(message.sentAt);
    const sender = byReply.get(message.id) ?? steps.find((step) => sentAt <= step.at)?.referral.from;
    if (sender && sender.id !== viewingEntity) senders.set(message.id, sender);
  }
  return senders;
}

/**
 * How one of our side's messages is signed: by the entity that sent it before a referral ("Antwoord van
 * Vlaanderen.be", "Automatisch bericht van …"), else as ours ("Ons antwoord") or the system's.
 */
export function ourSideLabel(
  sender: { name: string } | undefined,
  system: boolean,
  words: { replyFrom: (name: string) => string; automaticFrom: (name: string) => string },
  ours: { fromUs: string; fromSystem: string },
): string {
  if (sender) return system ? words.automaticFrom(sender.name) : words.replyFrom(sender.name);
  return system ? ours.fromSystem : ours.fromUs;
}
