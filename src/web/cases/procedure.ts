/**
 * The complaint procedure as the case screen needs it: states, the closed lists of decision values,
 * and from which states each action may be taken. A copy of src/domain/complaint-case.ts (the web
 * app is built on its own and cannot import server code); test/web/procedure.test.ts fails when the
 * two drift apart. The API decides anyway: a refused action comes back with its reason.
 */
export interface Coded {
  readonly code: string;
  readonly nl: string;
  readonly en: string;
}

export const CASE_STATES = [
  { code: 'received', nl: 'ontvangen', en: 'received' },
  { code: 'intake_incomplete', nl: 'gegevens onvolledig', en: 'details incomplete' },
  { code: 'admissibility_check', nl: 'ontvankelijkheid nagaan', en: 'admissibility check' },
  { code: 'declined', nl: 'niet behandeld', en: 'declined' },
  { code: 'acknowledged', nl: 'ontvangst gemeld', en: 'acknowledged' },
  { code: 'in_investigation', nl: 'in onderzoek', en: 'under investigation' },
  { code: 'resolved_by_agreement', nl: 'in onderling overleg opgelost', en: 'resolved by agreement' },
  { code: 'decided', nl: 'beoordeeld', en: 'decided' },
  { code: 'answered', nl: 'beantwoord', en: 'answered' },
  { code: 'closed', nl: 'gesloten', en: 'closed' },
  { code: 'withdrawn', nl: 'geen klacht', en: 'withdrawn (not a complaint)' },
] as const;

export const DECLINE_GROUNDS = [
  { code: 'no_interest', nl: 'geen belang', en: 'no interest' },
  { code: 'manifestly_unfounded', nl: 'kennelijk ongegrond', en: 'manifestly unfounded' },
  { code: 'manifestly_unreasonable', nl: 'kennelijk onredelijk', en: 'manifestly unreasonable' },
  { code: 'already_handled', nl: 'al eerder behandeld', en: 'already handled' },
  { code: 'facts_older_than_one_year', nl: 'feiten ouder dan een jaar', en: 'facts older than one year' },
  {
    code: 'appeal_not_used_or_court_case',
    nl: 'georganiseerd administratief beroep niet ingesteld of gerechtelijke procedure lopend',
    en: 'administrative appeal not used or court case pending',
  },
  { code: 'anonymous', nl: 'anoniem (naam of adres onbekend)', en: 'anonymous (name or address unknown)' },
  { code: 'policy_or_legislation', nl: 'algemeen beleid of regelgeving', en: 'about policy or legislation' },
  { code: 'not_competent', nl: 'niet bevoegd', en: 'not competent' },
] as const;

export const OUTCOMES = [
  { code: 'founded', nl: 'gegrond', en: 'founded' },
  { code: 'partly_founded', nl: 'deels gegrond', en: 'partly founded' },
  { code: 'unfounded', nl: 'ongegrond', en: 'unfounded' },
] as const;

export const RESOLUTIONS = [
  { code: 'resolved', nl: 'opgelost', en: 'resolved' },
  { code: 'partly_resolved', nl: 'deels opgelost', en: 'partly resolved' },
  { code: 'not_resolved', nl: 'niet opgelost', en: 'not resolved' },
] as const;

export const OMBUDS_NORMS = [
  { code: 'conformity_with_law', nl: 'overeenstemming met het recht', en: 'conformity with the law' },
  { code: 'adequate_reasoning', nl: 'afdoende motivering', en: 'adequate reasoning' },
  { code: 'equality_and_impartiality', nl: 'gelijkheid en onpartijdigheid', en: 'equality and impartiality' },
  {
    code: 'legal_certainty_and_legitimate_trust',
    nl: 'rechtszekerheid en gerechtvaardigd vertrouwen',
    en: 'legal certainty and legitimate expectations',
  },
  { code: 'reasonableness_and_proportionality', nl: 'redelijkheid en evenredigheid', en: 'reasonableness and proportionality' },
  { code: 'courteous_treatment', nl: 'correcte bejegening', en: 'courteous treatment' },
  { code: 'active_service', nl: 'actieve dienstverlening', en: 'active service' },
  { code: 'proper_correspondence', nl: 'deugdelijke correspondentie', en: 'proper correspondence' },
  { code: 'easy_accessibility', nl: 'vlotte bereikbaarheid', en: 'easy accessibility' },
  {
    code: 'effective_general_information',
    nl: 'doeltreffende algemene informatieverstrekking',
    en: 'effective general information',
  },
  {
    code: 'good_practice_and_administrative_accuracy',
    nl: 'goede uitvoeringspraktijk en administratieve nauwkeurigheid',
    en: 'good practice and administrative accuracy',
  },
  { code: 'careful_complaint_handling', nl: 'zorgvuldige interne klachtenbehandeling', en: 'careful internal complaint handling' },
  { code: 'reasonable_time', nl: 'redelijke behandeltermijn', en: 'reasonable handling time' },
  { code: 'efficient_coordination', nl: 'efficiënte coördinatie', en: 'efficient coordination' },
  { code: 'respect_for_privacy', nl: 'respect voor de persoonlijke levenssfeer', en: 'respect for privacy' },
] as const;

export type CaseState = (typeof CASE_STATES)[number]['code'];

export type CaseActionType =
  | 'request_details'
  | 'details_received'
  | 'decline'
  | 'acknowledge'
  | 'assign_handler'
  | 'mark_involved'
  | 'start_investigation'
  | 'resolve_by_agreement'
  | 'decide'
  | 'answer'
  | 'close'
  | 'escalate'
  | 'withdraw';

/** The word for a code in the interface's language (the code itself when unknown). */
export function codeLabel(list: readonly Coded[], code: string | null | undefined, lang: 'nl' | 'en'): string {
  if (!code) return '';
  return list.find((item) => item.code === code)?.[lang] ?? code;
}
