/**
 * Referral (doorverwijzing) of a ticket to the competent entity: when it may happen, what moves with
 * it, and the reply the citizen gets. Pure.
 *
 * The ticket itself moves to the receiving entity (its queue, its agents, its complaint procedure);
 * the sending entity keeps only the trace. A referred ticket may be referred onward, or back, by
 * whoever holds it then: each step is a trace of its own.
 */

export const REFERRAL_LANGUAGES = ['nl', 'fr', 'en'] as const;
export type ReferralLanguage = (typeof REFERRAL_LANGUAGES)[number];

/** Complaint states in which the case still moves with the ticket: nobody has taken it on yet. */
export const COMPLAINT_STATES_THAT_MOVE = ['received', 'intake_incomplete', 'admissibility_check'] as const;

const REPLY_TEMPLATES: Readonly<Record<ReferralLanguage, (entity: string) => string>> = {
  nl: (entity) => `Bedankt voor uw bericht. Uw vraag hoort bij ${entity}: we hebben uw vraag doorgegeven aan ${entity}. Zij helpen u verder.`,
  fr: (entity) => `Merci pour votre message. Votre question relève de ${entity} : nous avons transmis votre question à ${entity}, qui vous aidera.`,
  en: (entity) => `Thank you for your message. Your question is for ${entity}: we have passed your question to ${entity}. They will help you further.`,
};

/** The citizen's language when it is one of the templates', Dutch otherwise. */
export function referralLanguage(ticketLang: string | null | undefined): ReferralLanguage {
  const lang = ticketLang?.toLowerCase().slice(0, 2);
  return (REFERRAL_LANGUAGES as readonly string[]).includes(lang ?? '') ? (lang as ReferralLanguage) : 'nl';
}

/** The proposed reply to the citizen: a person reads it, may change it, and approves it before it goes out. */
export function referralReplyText(language: ReferralLanguage, receivingEntityName: string): string {
  return REPLY_TEMPLATES[language](receivingEntityName.trim());
}

export interface ReferralFacts {
  fromEntity: string;
  toEntity: string;
  status: string;
  mergedInto: number | null;
  /** The ticket's complaint case, if any: its state and whether it was withdrawn (not a complaint). */
  complaint: { state: string; withdrawn: boolean } | null;
}

export type ReferralProblem =
  | { code: 'same_entity'; message: string }
  | { code: 'ticket_closed'; message: string }
  | { code: 'ticket_merged'; message: string }
  | { code: 'complaint_in_procedure'; message: string };

/** Why this ticket cannot be referred to that entity; undefined when it can. */
export function referralProblem(facts: ReferralFacts): ReferralProblem | undefined {
  if (facts.fromEntity === facts.toEntity) return { code: 'same_entity', message: 'the ticket already belongs to that entity' };
  if (facts.mergedInto !== null) return { code: 'ticket_merged', message: `the ticket was merged into ticket ${facts.mergedInto}: refer that one` };
  if (facts.status === 'closed') return { code: 'ticket_closed', message: 'a closed ticket is not referred: a new message from the citizen opens a new one' };
  if (facts.complaint && !complaintMoves(facts.complaint)) {
    return {
      code: 'complaint_in_procedure',
      message: `the complaint case is already in the procedure (${facts.complaint.state}): the coordinator declines it or passes it on`,
    };
  }
  return undefined;
}

/**
 * Whether the ticket's complaint case can move with it (it keeps its original receipt date): one
 * nobody has taken on yet, or one withdrawn as not a complaint (so that a case always belongs to
 * its ticket's entity, and re-tagging it there routes it there).
 */
export function complaintMoves(complaint: { state: string; withdrawn: boolean }): boolean {
  return complaint.withdrawn || (COMPLAINT_STATES_THAT_MOVE as readonly string[]).includes(complaint.state);
}

/** Whether the moved case is routed anew in the receiving entity (its coordinator told, its intake started). */
export function complaintRoutedAgain(complaint: { withdrawn: boolean } | null): boolean {
  return complaint !== null && !complaint.withdrawn;
}

/** The outbox keys of the routing effects a case gets anew in the receiving entity: one set per referral. */
export function referralRoutingSuffix(referralId: number): string {
  return `referral-${referralId}`;
}
