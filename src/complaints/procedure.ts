/**
 * The formal complaint procedure (klachtenprocedure) as a pure state machine, after the
 * Bestuursdecreet of 7 December 2018, art. II.75–II.87:
 *
 *   received → intake_incomplete ⇄ admissibility_check → declined | acknowledged
 *   acknowledged → in_investigation → resolved_by_agreement | decided → answered → closed
 *   declined → closed
 *   received | intake_incomplete | admissibility_check → withdrawn (not a complaint after all)
 *
 * A social-media post is not one of the decree's written channels: it becomes a formal complaint
 * (klacht) only once the complainant's name and address and a description of the facts are known,
 * gathered privately. `escalated` (to the Vlaamse Ombudsdienst) is a side flag with its date, not a
 * state: a citizen may turn to the Ombudsdienst at any moment, also after the answer.
 *
 * `applyCaseAction` never throws for a refused action: it returns `{ ok: false, error }` with a
 * sentence an interface can show. It never mutates the snapshot it is given.
 */

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
export type CaseState = (typeof CASE_STATES)[number]['code'];

/** Grounds for not handling a complaint (redenen van niet-behandeling), art. II.77: a closed list. */
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
export type DeclineGround = (typeof DECLINE_GROUNDS)[number]['code'];

export const OUTCOMES = [
  { code: 'founded', nl: 'gegrond', en: 'founded' },
  { code: 'partly_founded', nl: 'deels gegrond', en: 'partly founded' },
  { code: 'unfounded', nl: 'ongegrond', en: 'unfounded' },
] as const;
export type Outcome = (typeof OUTCOMES)[number]['code'];

export const RESOLUTIONS = [
  { code: 'resolved', nl: 'opgelost', en: 'resolved' },
  { code: 'partly_resolved', nl: 'deels opgelost', en: 'partly resolved' },
  { code: 'not_resolved', nl: 'niet opgelost', en: 'not resolved' },
] as const;
export type Resolution = (typeof RESOLUTIONS)[number]['code'];

/**
 * Ombudsnormen: the Vlaamse Ombudsdienst's norms of good conduct, against which a founded complaint
 * is qualified. Fifteen norms, in the Ombudsdienst's own order and wording, from:
 *  - Vlaamse Ombudsdienst, "Normconform ombudswerk: een zoektocht naar ombudsnormen", Reeks
 *    Werkdocumenten 1 (D/2002/8928/2), table of contents, norms 1–15
 *    (https://docplayer.nl/15567182-Normconform-ombudswerk-een-zoektocht-naar-ombudsnormen.html);
 *  - Vlaamse Ombudsdienst, Jaarverslag 2005, annex "Ombudsnormen" (A. behoorlijkheidsnormen 1–5,
 *    B. zorgvuldigheidsnormen 6–15) (https://yumpu.com/nl/document/view/38129405/jaarverslag-2005-vlaamse-ombudsdienst/293).
 * The current page on vlaanderen.be could not be consulted when this list was written: check it
 * against https://www.vlaanderen.be/vlaamse-ombudsdienst before relying on it for a report.
 */
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
export type OmbudsNorm = (typeof OMBUDS_NORMS)[number]['code'];

export interface Intake {
  name?: string;
  address?: string;
  email?: string;
  facts?: string;
}

export interface CaseSnapshot {
  state: CaseState;
  intake: Intake;
  /** The complaint handler (klachtenbehandelaar): never someone involved in the facts. */
  handler?: string;
  involvedStaff: string[];
  declineGround?: DeclineGround;
  declineMotivation?: string;
  outcome?: Outcome;
  resolution?: Resolution;
  ombudsNorms: string[];
  theme?: string;
  escalatedAt?: Date;
  acknowledgedAt?: Date;
  declinedAt?: Date;
  decidedAt?: Date;
  answeredAt?: Date;
  closedAt?: Date;
}

export type CaseAction =
  | { type: 'request_details' }
  | { type: 'details_received'; details: Intake }
  | { type: 'decline'; ground: DeclineGround; motivation: string }
  | { type: 'acknowledge'; handler: string }
  | { type: 'assign_handler'; handler: string }
  | { type: 'mark_involved'; staff: string[] }
  | { type: 'start_investigation' }
  | { type: 'resolve_by_agreement'; resolution: Resolution }
  | { type: 'decide'; outcome: Outcome; resolution: Resolution; ombudsNorms: string[]; theme?: string }
  | { type: 'answer' }
  | { type: 'close' }
  | { type: 'escalate'; why: string }
  | { type: 'withdraw'; why: string };
export type CaseActionType = CaseAction['type'];

export interface CaseContext {
  actor: string;
  at: Date;
  /** The entity's list of themes; when given, a decision's theme must be one of them. */
  themes?: readonly string[];
}

export interface CaseAudit {
  action: CaseActionType;
  actor: string;
  at: Date;
  from: CaseState;
  to: CaseState;
  why?: string;
  details: Record<string, unknown>;
}

export type CaseResult = { ok: true; next: CaseSnapshot; audit: CaseAudit } | { ok: false; error: string };

const INTAKE_FIELDS = ['name', 'address', 'email', 'facts'] as const;
/** What a written complaint needs before its admissibility can be judged: who, where to answer, and what happened. */
const REQUIRED_INTAKE = ['name', 'address', 'facts'] as const;

const BEFORE_ADMISSIBILITY: readonly CaseState[] = ['received', 'intake_incomplete', 'admissibility_check'];
const HANDLED: readonly CaseState[] = ['acknowledged', 'in_investigation', 'resolved_by_agreement', 'decided'];
const ALL_STATES: readonly CaseState[] = CASE_STATES.map((s) => s.code);

/** From which states each action may be taken. Escalation is allowed everywhere: it is the citizen's right. */
export const ALLOWED_FROM: Record<CaseActionType, readonly CaseState[]> = {
  request_details: BEFORE_ADMISSIBILITY,
  details_received: BEFORE_ADMISSIBILITY,
  decline: BEFORE_ADMISSIBILITY,
  acknowledge: ['admissibility_check'],
  assign_handler: [...BEFORE_ADMISSIBILITY, ...HANDLED],
  mark_involved: ALL_STATES.filter((s) => s !== 'closed' && s !== 'withdrawn'),
  start_investigation: ['acknowledged'],
  resolve_by_agreement: ['acknowledged', 'in_investigation'],
  decide: ['in_investigation'],
  answer: ['decided', 'resolved_by_agreement'],
  close: ['answered', 'declined'],
  escalate: ALL_STATES,
  withdraw: BEFORE_ADMISSIBILITY,
};

export function openCase(): CaseSnapshot {
  return { state: 'received', intake: {}, involvedStaff: [], ombudsNorms: [] };
}

export function missingIntake(intake: Intake): Array<(typeof REQUIRED_INTAKE)[number]> {
  return REQUIRED_INTAKE.filter((field) => !filled(intake[field]));
}

export function isIntakeComplete(intake: Intake): boolean {
  return missingIntake(intake).length === 0;
}

/** The actions the interface may offer for a case in its current state. */
export function allowedActions(current: CaseSnapshot): CaseActionType[] {
  return (Object.keys(ALLOWED_FROM) as CaseActionType[]).filter((type) => ALLOWED_FROM[type].includes(current.state));
}

export function applyCaseAction(current: CaseSnapshot, action: CaseAction, context: CaseContext): CaseResult {
  if (!filled(context.actor)) return refuse('Every case action needs the name of the person taking it.');
  if (!(context.at instanceof Date) || Number.isNaN(context.at.getTime())) return refuse('The time of the action is not a valid date.');
  if (!action || !Object.hasOwn(ALLOWED_FROM, action.type)) {
    return refuse(`"${String((action as { type?: unknown } | undefined)?.type)}" is not a case action.`);
  }
  const allowed = ALLOWED_FROM[action.type];
  if (!allowed.includes(current.state)) {
    return refuse(
      `Cannot ${describe(action.type)} a case that is ${stateLabel(current.state)}; this is possible only when it is ${allowed.map(stateLabel).join(', ')}.`,
    );
  }
  const step = STEPS[action.type] as Step<typeof action>;
  const outcome = step(current, action, context);
  if ('error' in outcome) return refuse(outcome.error);
  const next: CaseSnapshot = { ...current, ...outcome.changes };
  return {
    ok: true,
    next,
    audit: {
      action: action.type,
      actor: context.actor,
      at: context.at,
      from: current.state,
      to: next.state,
      ...(outcome.why === undefined ? {} : { why: outcome.why }),
      details: outcome.details ?? {},
    },
  };
}

type StepOutcome = { changes: Partial<CaseSnapshot>; why?: string; details?: Record<string, unknown> } | { error: string };
type Step<A extends CaseAction> = (current: CaseSnapshot, action: A, context: CaseContext) => StepOutcome;
type Steps = { [T in CaseActionType]: Step<Extract<CaseAction, { type: T }>> };

const STEPS: Steps = {
  request_details: (current) => ({
    changes: { state: 'intake_incomplete' },
    details: { missing: missingIntake(current.intake) },
  }),

  details_received: (current, action) => {
    if (!action.details || typeof action.details !== 'object') return { error: 'The received details are missing.' };
    const received = INTAKE_FIELDS.filter((field) => filled(action.details[field]));
    if (received.length === 0) return { error: 'None of the received details (name, address, e-mail, facts) has a value.' };
    const intake: Intake = { ...current.intake };
    for (const field of received) intake[field] = action.details[field]!.trim();
    const missing = missingIntake(intake);
    return {
      changes: { intake, state: missing.length === 0 ? 'admissibility_check' : 'intake_incomplete' },
      details: { received, missing },
    };
  },

  decline: (current, action, context) => {
    if (!isCode(DECLINE_GROUNDS, action.ground)) {
      return { error: `"${String(action.ground)}" is not a ground for not handling a complaint; use one of: ${codes(DECLINE_GROUNDS)}.` };
    }
    if (!filled(action.motivation)) return { error: 'A decline needs a motivation: the citizen is owed a reasoned refusal.' };
    if (action.ground === 'anonymous' && filled(current.intake.name) && filled(current.intake.address)) {
      return { error: 'The complainant\'s name and address are known, so the complaint cannot be declined as anonymous.' };
    }
    const motivation = action.motivation.trim();
    return {
      changes: { state: 'declined', declineGround: action.ground, declineMotivation: motivation, declinedAt: context.at },
      why: motivation,
      details: { ground: action.ground },
    };
  },

  acknowledge: (current, action, context) => {
    const missing = missingIntake(current.intake);
    if (missing.length > 0) return { error: `The complaint cannot be acknowledged while details are missing: ${missing.join(', ')}.` };
    const handlerProblem = checkHandler(current, action.handler);
    if (handlerProblem) return { error: handlerProblem };
    const handler = action.handler.trim();
    return { changes: { state: 'acknowledged', handler, acknowledgedAt: context.at }, details: { handler } };
  },

  assign_handler: (current, action) => {
    const handlerProblem = checkHandler(current, action.handler);
    if (handlerProblem) return { error: handlerProblem };
    const handler = action.handler.trim();
    if (handler === current.handler) return { error: `${handler} is already the complaint handler of this case.` };
    return { changes: { handler }, details: { handler, previous: current.handler ?? null } };
  },

  mark_involved: (current, action) => {
    if (!Array.isArray(action.staff)) return { error: 'Name the staff members involved in the facts.' };
    const staff = action.staff.filter(filled).map((s) => s.trim());
    if (staff.length === 0) return { error: 'Name at least one staff member involved in the facts.' };
    if (current.handler !== undefined && staff.includes(current.handler)) {
      return {
        error: `${current.handler} handles this complaint and cannot be involved in the facts: assign another complaint handler first, then mark ${current.handler} as involved.`,
      };
    }
    const added = staff.filter((s, i) => !current.involvedStaff.includes(s) && staff.indexOf(s) === i);
    return { changes: { involvedStaff: [...current.involvedStaff, ...added] }, details: { added } };
  },

  start_investigation: (current) => {
    if (!current.handler) return { error: 'Assign a complaint handler before starting the investigation.' };
    return { changes: { state: 'in_investigation' }, details: { handler: current.handler } };
  },

  resolve_by_agreement: (_current, action) => {
    if (!isCode(RESOLUTIONS, action.resolution)) {
      return { error: `"${String(action.resolution)}" is not a resolution; use one of: ${codes(RESOLUTIONS)}.` };
    }
    return { changes: { state: 'resolved_by_agreement', resolution: action.resolution }, details: { resolution: action.resolution } };
  },

  decide: (_current, action, context) => {
    if (!isCode(OUTCOMES, action.outcome)) return { error: `"${String(action.outcome)}" is not an outcome; use one of: ${codes(OUTCOMES)}.` };
    if (!isCode(RESOLUTIONS, action.resolution)) {
      return { error: `"${String(action.resolution)}" is not a resolution; use one of: ${codes(RESOLUTIONS)}.` };
    }
    if (!Array.isArray(action.ombudsNorms)) return { error: 'The ombudsman norms must be a list (empty for an unfounded complaint).' };
    const unknown = action.ombudsNorms.filter((norm) => !isCode(OMBUDS_NORMS, norm));
    if (unknown.length > 0) return { error: `Unknown ombudsman norm(s): ${unknown.join(', ')}; use the codes of OMBUDS_NORMS.` };
    const ombudsNorms = [...new Set(action.ombudsNorms)];
    if (action.outcome !== 'unfounded' && ombudsNorms.length === 0) {
      return { error: 'A founded or partly founded complaint needs at least one ombudsman norm that was not met.' };
    }
    if (action.outcome === 'unfounded' && ombudsNorms.length > 0) {
      return { error: 'An unfounded complaint means no ombudsman norm was breached: leave the norms empty.' };
    }
    const theme = action.theme === undefined ? undefined : action.theme.trim();
    if (theme !== undefined && theme === '') return { error: 'The theme is empty: leave it out or choose one from the entity\'s list.' };
    if (theme !== undefined && context.themes && !context.themes.includes(theme)) {
      return { error: `"${theme}" is not one of the entity's themes: ${context.themes.join(', ')}.` };
    }
    return {
      changes: { state: 'decided', outcome: action.outcome, resolution: action.resolution, ombudsNorms, ...(theme ? { theme } : {}), decidedAt: context.at },
      details: { outcome: action.outcome, resolution: action.resolution, ombudsNorms, theme: theme ?? null },
    };
  },

  answer: (_current, _action, context) => ({ changes: { state: 'answered', answeredAt: context.at } }),

  close: (_current, _action, context) => ({ changes: { state: 'closed', closedAt: context.at } }),

  escalate: (current, action, context) => {
    if (current.escalatedAt) return { error: `This case was already escalated to the Vlaamse Ombudsdienst on ${current.escalatedAt.toISOString()}.` };
    if (!filled(action.why)) return { error: 'Say why the case goes to the Vlaamse Ombudsdienst (for instance: the citizen turned to it).' };
    return { changes: { escalatedAt: context.at }, why: action.why.trim(), details: { state: current.state } };
  },

  withdraw: (_current, action) => {
    if (!filled(action.why)) return { error: 'Say why this is not a complaint after all.' };
    return { changes: { state: 'withdrawn' }, why: action.why.trim() };
  },
};

function checkHandler(current: CaseSnapshot, handler: unknown): string | undefined {
  if (!filled(handler)) return 'Name the complaint handler.';
  const name = handler.trim();
  if (current.involvedStaff.includes(name)) {
    return `${name} is involved in the facts of this complaint and cannot handle it; choose another complaint handler.`;
  }
  return undefined;
}

function filled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isCode<T extends ReadonlyArray<{ code: string }>>(list: T, value: unknown): value is T[number]['code'] {
  return list.some((item) => item.code === value);
}

function codes(list: ReadonlyArray<{ code: string }>): string {
  return list.map((item) => item.code).join(', ');
}

function stateLabel(state: CaseState): string {
  return CASE_STATES.find((s) => s.code === state)?.en ?? state;
}

function describe(type: CaseActionType): string {
  return type.replace(/_/g, ' ');
}

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
