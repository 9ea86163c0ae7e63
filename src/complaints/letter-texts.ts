/**
 * The letters of the complaint procedure: what the entity writes to the complainant at each step that
 * speaks to them (Bestuursdecreet art. II.75–II.87). Pure: texts, filling in, and the check that a
 * letter — the template's or a person's edit of it — still says what the law asks:
 *
 *  - acknowledgement (within 10 days): who handles the complaint and by when the answer comes;
 *  - refusal (within 10 days): the ground for not handling the complaint and its reasons;
 *  - answer (within 45 days): the decision, its reasons, and that the citizen may turn to the
 *    Vlaamse Ombudsdienst, with its contact details;
 *  - request for details and interim message: nothing prescribed beyond being polite and clear.
 *
 * Entities may replace any subject or body per language; `{name}` style placeholders are filled in.
 * Tone (GLOSSARY): polite "u" / "vous", short, no jargon.
 */
import { DECLINE_GROUNDS, type CaseActionType, type DeclineGround, type Outcome, type Resolution } from './procedure.js';
import { intakeLanguage, type IntakeLanguage } from './intake-texts.js';

export const LETTER_KINDS = ['request_details', 'acknowledgement', 'refusal', 'interim', 'answer'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export type LetterLanguage = IntakeLanguage;

/** The step of the procedure each letter completes once sent; an interim message completes none. */
export const LETTER_STEP = {
  request_details: 'request_details',
  acknowledgement: 'acknowledge',
  refusal: 'decline',
  interim: undefined,
  answer: 'answer',
} as const satisfies Record<LetterKind, CaseActionType | undefined>;

/** The steps a letter to the citizen completes: taken by sending the letter (or said to be sent elsewhere). */
export const LETTER_STEPS: readonly CaseActionType[] = Object.values(LETTER_STEP).filter((step): step is NonNullable<typeof step> => step !== undefined);

/** The Vlaamse Ombudsdienst's contact details, as the answer letter must give them. */
export const OMBUDSDIENST = {
  name: { nl: 'Vlaamse Ombudsdienst', fr: 'Vlaamse Ombudsdienst (Médiateur flamand)', en: 'Vlaamse Ombudsdienst (Flemish Ombudsman)' },
  address: 'Leuvenseweg 86, 1000 Brussel',
  phone: '0800 240 50',
  email: 'klachten@vlaamseombudsdienst.be',
  website: 'www.vlaamseombudsdienst.be',
} as const;

/** What a letter is filled in with; dates already formatted in the letter's language. */
export interface LetterFacts {
  entityName: string;
  caseId: number;
  ticketNumber: number;
  /** The complainant's name when known (the salutation uses it). */
  complainantName?: string;
  coordinatorName?: string;
  receivedOn: string;
  answerBy: string;
  handler?: string;
  ground?: DeclineGround;
  motivation?: string;
  outcome?: Outcome;
  resolution?: Resolution;
  /** The answer's reasons, written by the coordinator. */
  reasons?: string;
  formUrl: string;
}

export interface LetterTemplate {
  subject?: string;
  body?: string;
}

export type LetterTemplates = Partial<Record<LetterLanguage, Partial<Record<LetterKind, LetterTemplate>>>>;

const OMBUDS_BLOCK: Record<LetterLanguage, string> = {
  nl: [
    'Bent u het niet eens met dit antwoord, dan kunt u zich wenden tot de Vlaamse Ombudsdienst:',
    `${OMBUDSDIENST.name.nl}, ${OMBUDSDIENST.address}`,
    `gratis telefoon ${OMBUDSDIENST.phone}, e-mail ${OMBUDSDIENST.email}, ${OMBUDSDIENST.website}`,
  ].join('\n'),
  fr: [
    'Si vous n’êtes pas d’accord avec cette réponse, vous pouvez vous adresser au Médiateur flamand :',
    `${OMBUDSDIENST.name.fr}, ${OMBUDSDIENST.address}`,
    `téléphone gratuit ${OMBUDSDIENST.phone}, e-mail ${OMBUDSDIENST.email}, ${OMBUDSDIENST.website}`,
  ].join('\n'),
  en: [
    'If you do not agree with this answer, you can turn to the Flemish Ombudsman:',
    `${OMBUDSDIENST.name.en}, ${OMBUDSDIENST.address}, Belgium`,
    `free phone (in Belgium) ${OMBUDSDIENST.phone}, e-mail ${OMBUDSDIENST.email}, ${OMBUDSDIENST.website}`,
  ].join('\n'),
};

const SALUTATION: Record<LetterLanguage, (name?: string) => string> = {
  nl: (name) => (name ? `Beste ${name},` : 'Beste,'),
  // French administrative letters open without the name.
  fr: () => 'Madame, Monsieur,',
  en: (name) => (name ? `Dear ${name},` : 'Dear Sir or Madam,'),
};

const CLOSING: Record<LetterLanguage, string> = {
  nl: 'Met vriendelijke groeten,\n{coordinator}\n{entity}',
  fr: 'Veuillez agréer nos salutations distinguées,\n{coordinator}\n{entity}',
  en: 'Kind regards,\n{coordinator}\n{entity}',
};

const DEFAULTS: Record<LetterLanguage, Record<LetterKind, Required<LetterTemplate>>> = {
  nl: {
    request_details: {
      subject: 'Uw klacht bij {entity}: we hebben nog enkele gegevens nodig',
      body: [
        'Bedankt voor uw bericht aan {entity}. We willen uw klacht graag behandelen. Daarvoor hebben we nog enkele gegevens nodig:',
        '- uw naam en adres',
        '- uw e-mailadres (als u wilt dat we u per e-mail antwoorden)',
        '- een korte beschrijving van wat er gebeurd is (wanneer, waar en wat)',
        'We gebruiken deze gegevens alleen om uw klacht te behandelen. U kunt uw klacht ook indienen via {formUrl}.',
      ].join('\n'),
    },
    acknowledgement: {
      subject: 'Ontvangstmelding van uw klacht (dossier {caseNumber})',
      body: [
        'We hebben uw klacht van {receivedOn} goed ontvangen. Uw dossiernummer is {caseNumber}.',
        '{handler} behandelt uw klacht. U krijgt uiterlijk op {answerBy} een antwoord.',
        'Hebt u intussen een vraag over uw klacht, antwoord dan gewoon op dit bericht.',
      ].join('\n\n'),
    },
    refusal: {
      subject: 'Uw klacht (dossier {caseNumber}) kan niet als klacht behandeld worden',
      body: [
        'We hebben uw klacht van {receivedOn} goed ontvangen. We kunnen ze helaas niet als klacht behandelen.',
        'Reden: {ground}.',
        '{motivation}',
        'Bent u het hier niet mee eens, dan kunt u zich wenden tot de Vlaamse Ombudsdienst: {ombudsdienst}.',
      ].join('\n\n'),
    },
    interim: {
      subject: 'Stand van zaken van uw klacht (dossier {caseNumber})',
      body: ['We behandelen uw klacht van {receivedOn} nog. U krijgt uiterlijk op {answerBy} een antwoord.'].join('\n\n'),
    },
    answer: {
      subject: 'Antwoord op uw klacht (dossier {caseNumber})',
      body: [
        'We hebben uw klacht van {receivedOn} onderzocht.',
        'Onze beslissing: uw klacht is {decision}.',
        '{reasons}',
        '{ombudsBlock}',
      ].join('\n\n'),
    },
  },
  fr: {
    request_details: {
      subject: 'Votre plainte auprès de {entity} : il nous manque quelques informations',
      body: [
        'Merci pour votre message à {entity}. Nous souhaitons traiter votre plainte. Pour cela, nous avons encore besoin de quelques informations :',
        '- vos nom et adresse',
        '- votre adresse e-mail (si vous souhaitez une réponse par e-mail)',
        '- une brève description des faits (quand, où et quoi)',
        'Nous utilisons ces données uniquement pour traiter votre plainte. Vous pouvez aussi introduire votre plainte via {formUrl}.',
      ].join('\n'),
    },
    acknowledgement: {
      subject: 'Accusé de réception de votre plainte (dossier {caseNumber})',
      body: [
        'Nous avons bien reçu votre plainte du {receivedOn}. Votre numéro de dossier est {caseNumber}.',
        '{handler} traite votre plainte. Vous recevrez une réponse au plus tard le {answerBy}.',
        'Si vous avez une question sur votre plainte entre-temps, répondez simplement à ce message.',
      ].join('\n\n'),
    },
    refusal: {
      subject: 'Votre plainte (dossier {caseNumber}) ne peut pas être traitée comme plainte',
      body: [
        'Nous avons bien reçu votre plainte du {receivedOn}. Nous ne pouvons malheureusement pas la traiter comme plainte.',
        'Motif : {ground}.',
        '{motivation}',
        'Si vous n’êtes pas d’accord, vous pouvez vous adresser au Médiateur flamand : {ombudsdienst}.',
      ].join('\n\n'),
    },
    interim: {
      subject: 'État d’avancement de votre plainte (dossier {caseNumber})',
      body: ['Nous traitons encore votre plainte du {receivedOn}. Vous recevrez une réponse au plus tard le {answerBy}.'].join('\n\n'),
    },
    answer: {
      subject: 'Réponse à votre plainte (dossier {caseNumber})',
      body: ['Nous avons examiné votre plainte du {receivedOn}.', 'Notre décision : votre plainte est {decision}.', '{reasons}', '{ombudsBlock}'].join('\n\n'),
    },
  },
  en: {
    request_details: {
      subject: 'Your complaint to {entity}: we need a few more details',
      body: [
        'Thank you for your message to {entity}. We would like to handle your complaint. For that we need a few more details:',
        '- your name and address',
        '- your e-mail address (if you would like an answer by e-mail)',
        '- a short description of what happened (when, where and what)',
        'We only use these details to handle your complaint. You can also file your complaint at {formUrl}.',
      ].join('\n'),
    },
    acknowledgement: {
      subject: 'We received your complaint (case {caseNumber})',
      body: [
        'We received your complaint of {receivedOn}. Your case number is {caseNumber}.',
        '{handler} is handling your complaint. You will receive an answer by {answerBy} at the latest.',
        'If you have a question about your complaint in the meantime, simply reply to this message.',
      ].join('\n\n'),
    },
    refusal: {
      subject: 'Your complaint (case {caseNumber}) cannot be handled as a complaint',
      body: [
        'We received your complaint of {receivedOn}. Unfortunately we cannot handle it as a complaint.',
        'Ground: {ground}.',
        '{motivation}',
        'If you do not agree, you can turn to the Flemish Ombudsman: {ombudsdienst}.',
      ].join('\n\n'),
    },
    interim: {
      subject: 'Progress of your complaint (case {caseNumber})',
      body: ['We are still handling your complaint of {receivedOn}. You will receive an answer by {answerBy} at the latest.'].join('\n\n'),
    },
    answer: {
      subject: 'Answer to your complaint (case {caseNumber})',
      body: ['We have looked into your complaint of {receivedOn}.', 'Our decision: your complaint is {decision}.', '{reasons}', '{ombudsBlock}'].join('\n\n'),
    },
  },
};

const DECISION_WORDS: Record<LetterLanguage, { outcome: Record<Outcome, string>; resolution: Record<Resolution, string> }> = {
  nl: {
    outcome: { founded: 'gegrond', partly_founded: 'deels gegrond', unfounded: 'ongegrond' },
    resolution: { resolved: 'het probleem is opgelost', partly_resolved: 'het probleem is deels opgelost', not_resolved: 'het probleem is niet opgelost' },
  },
  fr: {
    outcome: { founded: 'fondée', partly_founded: 'partiellement fondée', unfounded: 'non fondée' },
    resolution: { resolved: 'le problème est résolu', partly_resolved: 'le problème est partiellement résolu', not_resolved: 'le problème n’est pas résolu' },
  },
  en: {
    outcome: { founded: 'founded', partly_founded: 'partly founded', unfounded: 'unfounded' },
    resolution: { resolved: 'the problem has been resolved', partly_resolved: 'the problem has been partly resolved', not_resolved: 'the problem has not been resolved' },
  },
};

const GROUND_WORDS: Record<LetterLanguage, Record<DeclineGround, string>> = {
  nl: Object.fromEntries(DECLINE_GROUNDS.map((g) => [g.code, g.nl])) as Record<DeclineGround, string>,
  en: Object.fromEntries(DECLINE_GROUNDS.map((g) => [g.code, g.en])) as Record<DeclineGround, string>,
  fr: {
    no_interest: 'absence d’intérêt',
    manifestly_unfounded: 'manifestement non fondée',
    manifestly_unreasonable: 'manifestement déraisonnable',
    already_handled: 'déjà traitée auparavant',
    facts_older_than_one_year: 'faits datant de plus d’un an',
    appeal_not_used_or_court_case: 'recours administratif organisé non introduit ou procédure judiciaire en cours',
    anonymous: 'anonyme (nom ou adresse inconnus)',
    policy_or_legislation: 'porte sur la politique générale ou la réglementation',
    not_competent: 'nous ne sommes pas compétents',
  },
};

/** The decision in words: "gegrond; het probleem is opgelost". */
export function decisionWords(language: LetterLanguage, outcome: Outcome | undefined, resolution: Resolution | undefined): string {
  const words = DECISION_WORDS[language];
  return [outcome ? words.outcome[outcome] : '', resolution ? words.resolution[resolution] : ''].filter(Boolean).join('; ');
}

export function groundWords(language: LetterLanguage, ground: DeclineGround | undefined): string {
  return ground ? GROUND_WORDS[language][ground] : '';
}

export function letterLanguage(lang: string | null | undefined): LetterLanguage {
  return intakeLanguage(lang ?? undefined);
}

/** A letter's subject and full text (salutation, body, closing) from the entity's template or the default. */
export function composeLetter(kind: LetterKind, language: LetterLanguage, facts: LetterFacts, templates?: LetterTemplates): { subject: string; body: string } {
  const own = templates?.[language]?.[kind];
  const template = DEFAULTS[language][kind];
  const values = placeholderValues(language, facts);
  const body = fill(own?.body ?? template.body, values)
    .split('\n\n')
    .filter((paragraph) => paragraph.trim() !== '')
    .join('\n\n');
  return {
    subject: fill(own?.subject ?? template.subject, values),
    body: [SALUTATION[language](facts.complainantName), body, fill(CLOSING[language], values)].join('\n\n'),
  };
}

/** The placeholders a template may use (for the admin's template editor and its check). */
export const LETTER_PLACEHOLDERS = [
  'entity',
  'caseNumber',
  'receivedOn',
  'answerBy',
  'handler',
  'ground',
  'motivation',
  'decision',
  'reasons',
  'ombudsdienst',
  'ombudsBlock',
  'coordinator',
  'formUrl',
] as const;

function placeholderValues(language: LetterLanguage, facts: LetterFacts): Record<(typeof LETTER_PLACEHOLDERS)[number], string> {
  return {
    entity: facts.entityName,
    caseNumber: String(facts.caseId),
    receivedOn: facts.receivedOn,
    answerBy: facts.answerBy,
    handler: facts.handler ?? '',
    ground: groundWords(language, facts.ground),
    motivation: facts.motivation ?? '',
    decision: decisionWords(language, facts.outcome, facts.resolution),
    reasons: facts.reasons ?? '',
    ombudsdienst: `${OMBUDSDIENST.name[language]}, ${OMBUDSDIENST.address}, ${OMBUDSDIENST.phone}, ${OMBUDSDIENST.website}`,
    ombudsBlock: OMBUDS_BLOCK[language],
    coordinator: facts.coordinatorName ?? '',
    formUrl: facts.formUrl,
  };
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key]! : whole));
}

/** What the law asks a letter of this kind to say. Each item names what is missing, for the coordinator. */
export type LetterRequirement = 'handler' | 'answer_term' | 'ground' | 'motivation' | 'decision' | 'reasons' | 'ombudsdienst' | 'body';

/**
 * The legally required content missing from a letter as it will be sent (after a person's edits):
 * empty when it may go. Checks that the words are there, not that they are well put.
 */
export function letterProblems(kind: LetterKind, language: LetterLanguage, body: string, facts: LetterFacts): LetterRequirement[] {
  const text = normalise(body);
  const has = (value: string | undefined) => value !== undefined && value.trim() !== '' && text.includes(normalise(value));
  const problems: LetterRequirement[] = [];
  if (text.trim() === '') return ['body'];
  if (kind === 'acknowledgement') {
    if (!has(facts.handler)) problems.push('handler');
    if (!has(facts.answerBy)) problems.push('answer_term');
  }
  if (kind === 'refusal') {
    if (!has(groundWords(language, facts.ground))) problems.push('ground');
    if (!has(facts.motivation)) problems.push('motivation');
  }
  if (kind === 'answer') {
    // Decided: the outcome (founded…) is the decision; resolved by agreement: the resolution is.
    const decision = facts.outcome ? DECISION_WORDS[language].outcome[facts.outcome] : facts.resolution ? DECISION_WORDS[language].resolution[facts.resolution] : undefined;
    if (!has(decision)) problems.push('decision');
    if (!facts.reasons?.trim() || !has(facts.reasons)) problems.push('reasons');
    if (!has(OMBUDSDIENST.website) && !has(OMBUDSDIENST.phone)) problems.push('ombudsdienst');
  }
  return problems;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The placeholders each kind's own body must keep, so the letter still says what the law asks. */
const REQUIRED_PLACEHOLDERS: Record<LetterKind, ReadonlyArray<ReadonlyArray<string>>> = {
  request_details: [],
  acknowledgement: [['handler'], ['answerBy']],
  refusal: [['ground'], ['motivation']],
  interim: [],
  answer: [['decision'], ['reasons'], ['ombudsBlock', 'ombudsdienst']],
};

/** Problems with an entity's own letter templates: unknown placeholders, or required ones left out. */
export function letterTemplateProblems(templates: LetterTemplates): string[] {
  const problems: string[] = [];
  for (const [language, kinds] of Object.entries(templates)) {
    for (const [kind, template] of Object.entries(kinds ?? {}) as Array<[LetterKind, LetterTemplate | undefined]>) {
      for (const [part, text] of Object.entries(template ?? {})) {
        for (const match of (text ?? '').matchAll(/\{(\w+)\}/g)) {
          if (!(LETTER_PLACEHOLDERS as readonly string[]).includes(match[1]!)) problems.push(`${language}.${kind}.${part}: unknown placeholder {${match[1]}}`);
        }
      }
      const body = template?.body;
      if (body === undefined) continue;
      for (const anyOf of REQUIRED_PLACEHOLDERS[kind]) {
        if (!anyOf.some((name) => body.includes(`{${name}}`))) problems.push(`${language}.${kind}.body must contain {${anyOf.join('} or {')}}`);
      }
    }
  }
  return problems;
}
