import { POSSIBLE_COMPLAINT } from '../complaints/threshold.js';
import { weightier, type Category } from './ticket.js';

/**
 * A ticket's category is a decision about its whole conversation, not about its last message: the
 * weightiest category among the citizen's messages (complaint > dissatisfaction > question > other),
 * carried by one message of that category — the most certain one, the earliest of equals. The
 * ticket keeps that message's confidence and signals, so the reasons shown always agree with the tag.
 * Pure: src/ingest/tickets.ts and src/ingest/revise.ts apply it.
 */

/** What the classifier said of one message (after the entity's complaint threshold). */
export interface MessageVerdict {
  category: Category;
  confidence: number;
  signals: string[];
}

/** The verdict that carries the conversation: weightiest category, then most certain, then earliest. */
export function conversationVerdict<V extends MessageVerdict>(verdicts: readonly V[]): V | undefined {
  let lead: V | undefined;
  for (const verdict of verdicts) if (!lead || carriesBetter(verdict, lead)) lead = verdict;
  return lead;
}

/** True when `candidate` (a later message) should carry the conversation instead of `lead`. */
function carriesBetter(candidate: MessageVerdict, lead: MessageVerdict): boolean {
  if (candidate.category !== lead.category) return weightier(lead.category, candidate.category) === candidate.category;
  return candidate.confidence > lead.confidence;
}

/** A ticket's category as stored: the verdict of the message that carries it, or an agent's decision. */
export interface TicketCategory {
  category: Category;
  confidence: number | null;
  source: 'auto' | 'manual';
}

/**
 * The ticket's new lead after new (or edited) citizen messages, or undefined when it stays. An
 * agent's decision (source manual: re-tagged or confirmed) is never overridden by the classifier.
 */
export function leadAfterMessages<V extends MessageVerdict>(ticket: TicketCategory, incoming: readonly V[]): V | undefined {
  if (ticket.source !== 'auto') return undefined;
  const lead = conversationVerdict(incoming);
  if (!lead) return undefined;
  const current: MessageVerdict = { category: ticket.category, confidence: ticket.confidence ?? 0, signals: [] };
  return carriesBetter(lead, current) ? lead : undefined;
}

/**
 * Whether a person should look at the classifier's decision: its certainty is below the entity's
 * `checkBelow`, or it is a possible complaint (a complaint below the complaint threshold).
 */
export function needsCheck(verdict: MessageVerdict, checkBelow: number): boolean {
  return verdict.confidence < checkBelow || verdict.signals.includes(POSSIBLE_COMPLAINT);
}
