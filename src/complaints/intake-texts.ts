/**
 * The first messages to a citizen whose post was recognised as a complaint (klacht). Social media
 * are not on the decree's list of written channels: a post becomes a formal complaint only once the
 * complainant's name, address and a description of the facts are known — and those are gathered
 * privately, never in a public reply. So on a public channel we answer in public only to invite the
 * citizen to continue privately, and we always say where a formal complaint can be filed.
 *
 * Tone (GLOSSARY): polite "u" / "vous", short, no jargon. Entities may replace any text per language
 * with their own template; `{entity}` and `{formUrl}` are filled in.
 */

export const FLEMISH_COMPLAINT_PAGE = 'https://www.vlaanderen.be/een-klacht-over-een-vlaamse-overheidsdienst';

export const INTAKE_LANGUAGES = ['nl', 'fr', 'en'] as const;

/** The idempotency (and draft) key of the intake message of each visibility on a ticket. */
export const intakeDraftKey = (visibility: 'public' | 'private'): string => `intake-${visibility}`;
export type IntakeLanguage = (typeof INTAKE_LANGUAGES)[number];

export interface IntakeTemplate {
  public?: string;
  private?: string;
}

export interface IntakePolicy {
  mode: 'ask_details' | 'point_to_form';
  /** The entity's own complaint form; without it, the Flemish government's complaint page is used. */
  formUrl?: string;
  entityName: string;
  templates?: Partial<Record<IntakeLanguage, IntakeTemplate>>;
}

export interface IntakeOptions {
  /** We can send this citizen a private message on this platform. */
  canReplyPrivately: boolean;
  /** The citizen wrote in public (a post, comment or review), not in a private message. */
  isPublic: boolean;
}

interface DefaultTexts {
  /** Public reply when we can write privately ourselves. */
  publicWeWrite: string;
  /** Public reply when the citizen has to open the private conversation. */
  publicYouWrite: string;
  askDetails: string;
  pointToForm: string;
}

const DEFAULTS: Record<IntakeLanguage, DefaultTexts> = {
  nl: {
    publicWeWrite:
      'Bedankt voor uw bericht. We willen dit graag goed opvolgen en sturen u zo meteen een privébericht. Een klacht indienen kan ook via {formUrl}.',
    publicYouWrite:
      'Bedankt voor uw bericht. We willen dit graag goed opvolgen. Wilt u ons een privébericht sturen? Een klacht indienen kan ook via {formUrl}.',
    askDetails: [
      'Bedankt voor uw bericht aan {entity}. Om uw klacht te kunnen behandelen, hebben we nog enkele gegevens nodig:',
      '- uw naam en adres',
      '- uw e-mailadres',
      '- een korte beschrijving van wat er gebeurd is (wanneer, waar en wat)',
      'We gebruiken deze gegevens alleen om uw klacht te behandelen. U kunt uw klacht ook indienen via {formUrl}.',
    ].join('\n'),
    pointToForm:
      'Bedankt voor uw bericht aan {entity}. U kunt uw klacht indienen via {formUrl}. Zo komt ze meteen bij de juiste persoon terecht.',
  },
  fr: {
    publicWeWrite:
      'Merci pour votre message. Nous souhaitons y donner une suite correcte et vous envoyons tout de suite un message privé. Vous pouvez aussi introduire une plainte via {formUrl}.',
    publicYouWrite:
      'Merci pour votre message. Nous souhaitons y donner une suite correcte. Pourriez-vous nous envoyer un message privé ? Vous pouvez aussi introduire une plainte via {formUrl}.',
    askDetails: [
      'Merci pour votre message à {entity}. Pour pouvoir traiter votre plainte, nous avons encore besoin de quelques informations :',
      '- vos nom et adresse',
      '- votre adresse e-mail',
      '- une brève description des faits (quand, où et quoi)',
      'Nous utilisons ces données uniquement pour traiter votre plainte. Vous pouvez aussi introduire votre plainte via {formUrl}.',
    ].join('\n'),
    pointToForm:
      'Merci pour votre message à {entity}. Vous pouvez introduire votre plainte via {formUrl}. Elle parviendra ainsi directement à la bonne personne.',
  },
  en: {
    publicWeWrite:
      'Thank you for your message. We want to follow this up properly and will send you a private message shortly. You can also file a complaint at {formUrl}.',
    publicYouWrite:
      'Thank you for your message. We want to follow this up properly. Could you send us a private message? You can also file a complaint at {formUrl}.',
    askDetails: [
      'Thank you for your message to {entity}. To handle your complaint, we need a few more details:',
      '- your name and address',
      '- your e-mail address',
      '- a short description of what happened (when, where and what)',
      'We only use these details to handle your complaint. You can also file your complaint at {formUrl}.',
    ].join('\n'),
    pointToForm:
      'Thank you for your message to {entity}. You can file your complaint at {formUrl}. That way it reaches the right person straight away.',
  },
};

const VARIABLES = ['entity', 'formUrl'] as const;

/**
 * The public reply (only for a public message) and the private message (only when we can write
 * privately) to send. A public text never asks for personal details: an entity template that does
 * is refused with an error (check templates up front with `intakePolicyProblems`).
 */
export function intakeMessages(policy: IntakePolicy, lang: string | undefined, options: IntakeOptions): { public?: string; private?: string } {
  const language = intakeLanguage(lang);
  const defaults = DEFAULTS[language];
  const own = policy.templates?.[language];
  const messages: { public?: string; private?: string } = {};
  if (options.isPublic) {
    const template = own?.public ?? (options.canReplyPrivately ? defaults.publicWeWrite : defaults.publicYouWrite);
    const text = fill(template, policy);
    if (asksForPersonalDetails(text)) {
      throw new Error(`The public intake text for "${language}" of ${policy.entityName} asks for personal details; public replies must never do that.`);
    }
    messages.public = text;
  }
  if (options.canReplyPrivately) {
    const template = own?.private ?? (policy.mode === 'ask_details' ? defaults.askDetails : defaults.pointToForm);
    messages.private = fill(template, policy);
  }
  return messages;
}

/** Problems with an entity's intake policy, as sentences; empty when it can be used. */
export function intakePolicyProblems(policy: IntakePolicy): string[] {
  const problems: string[] = [];
  if (!policy.entityName?.trim()) problems.push('The entity name is empty.');
  if (policy.formUrl !== undefined && !/^https:\/\/\S+$/.test(policy.formUrl)) problems.push(`The complaint form address "${policy.formUrl}" is not an https:// address.`);
  if (policy.mode === 'point_to_form' && policy.formUrl === undefined) {
    problems.push(`Mode point_to_form without a form address points citizens to ${FLEMISH_COMPLAINT_PAGE}.`);
  }
  for (const language of INTAKE_LANGUAGES) {
    const own = policy.templates?.[language];
    if (!own) continue;
    for (const kind of ['public', 'private'] as const) {
      const template = own[kind];
      if (template === undefined) continue;
      for (const unknown of template.match(/\{[^{}]*\}/g)?.filter((v) => !VARIABLES.some((name) => v === `{${name}}`)) ?? []) {
        problems.push(`The ${kind} template for "${language}" uses the unknown variable ${unknown}; use {entity} or {formUrl}.`);
      }
      if (kind === 'public' && asksForPersonalDetails(fill(template, policy))) {
        problems.push(`The public template for "${language}" asks for personal details; ask for them only in a private message.`);
      }
      if (!template.includes('{formUrl}') && !template.includes(FLEMISH_COMPLAINT_PAGE) && !(policy.formUrl && template.includes(policy.formUrl))) {
        problems.push(`The ${kind} template for "${language}" does not say where a formal complaint can be filed; include {formUrl}.`);
      }
    }
  }
  return problems;
}

/** nl, fr or en from a language tag ("nl-BE", "FR", …); Dutch, the interface's default, otherwise. */
export function intakeLanguage(lang: string | undefined): IntakeLanguage {
  const primary = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return INTAKE_LANGUAGES.find((l) => l === primary) ?? 'nl';
}

function fill(template: string, policy: IntakePolicy): string {
  const values: Record<(typeof VARIABLES)[number], string> = {
    entity: policy.entityName,
    formUrl: policy.formUrl ?? FLEMISH_COMPLAINT_PAGE,
  };
  return template.replace(/\{(entity|formUrl)\}/g, (_, name: (typeof VARIABLES)[number]) => values[name]);
}

// --- Detecting a request for personal details -------------------------------------------------

const POSSESSIVE = '(?:uw|je|jouw|jullie|your|votre|vos|ton|ta|tes)';

/** Details that identify or reach a person: asked for with "uw/your/votre", they make a request. */
const STRONG_NOUNS = [
  // nl
  '(?:(?:volledige|juiste|correcte|huidige|officiele)\\s+)?(?:voor|achter|familie)?naam',
  '(?:(?:volledige|juiste|correcte|huidige|officiele)\\s+)?(?:e-?mail|mail|woon|post|thuis|domicilie)?adres',
  '(?:telefoon|gsm|mobiel|gsm-)nummer',
  'gsm',
  'rijksregister(?:nummer)?',
  'insz(?:-?nummer)?',
  'geboortedatum',
  'identiteitskaart(?:nummer)?',
  // en
  '(?:(?:full|complete|first|last|legal|real|given|sur)\\s*)?name',
  '(?:(?:home|postal|street|current|full|residential|correct)\\s+)?address',
  'e-?mail\\s+address',
  '(?:(?:phone|telephone|mobile|cell|gsm)\\s+)number',
  'national\\s+(?:register\\s+|registry\\s+|id\\s+)?number',
  'date\\s+of\\s+birth',
  'birth\\s*date',
  'id\\s+(?:card\\s+)?number',
  // fr
  'nom(?:\\s+(?:complet|de\\s+famille))?',
  'prenom',
  'adresse(?:\\s+(?:e-?mail|mail|electronique|postale|complete|exacte))?',
  'numero\\s+de\\s+(?:telephone|gsm|portable|mobile)',
  'numero\\s+(?:de\\s+|du\\s+)?registre\\s+national',
  'numero\\s+national',
  'date\\s+de\\s+naissance',
  'numero\\s+de\\s+carte\\s+d\'identite',
];

/** Words that may mean the message, the device or a general "details": a request only with a request cue. */
const WEAK_NOUNS = [
  '(?:contact|persoons|klant)?gegevens',
  'e-?mail',
  'mail',
  'telefoon',
  'phone',
  '(?:contact\\s+|personal\\s+)?(?:details|information|info)',
  'coordonnees',
  'donnees(?:\\s+personnelles)?',
  'courriel',
  'telephone',
];

const ANY_NOUN = `(?:${[...STRONG_NOUNS, ...WEAK_NOUNS].join('|')})`;
const LIST_TAIL = `(?:\\s*(?:,|\\ben\\b|\\band\\b|\\bet\\b|&|\\bof\\b|\\bor\\b|\\bou\\b)\\s*(?:${POSSESSIVE}\\s+)?${ANY_NOUN}\\b)*`;
/** "op uw naam", "in your name", "à/en votre nom": about the name, not asking for it. */
const NOT_AFTER = '(?<!\\b(?:op|in|a|au|sous|under|on|namens)\\s)(?!(?<=\\ben\\s)vo)';
/** "check your e-mail", "kijk in uw mail", "envoyé à votre e-mail": the mailbox, not the address. */
const NOT_AFTER_WEAK = '(?<!\\b(?:check|checking|controleer|bekijk|kijk in|kijk op|naar|to|in|consultez|consulter|verifiez|verifier|dans|sur)\\s)';
const STRONG_PHRASE = new RegExp(`${NOT_AFTER}\\b${POSSESSIVE}\\s+(?:${STRONG_NOUNS.join('|')})\\b${LIST_TAIL}`, 'g');
const WEAK_PHRASE = new RegExp(`${NOT_AFTER}${NOT_AFTER_WEAK}\\b${POSSESSIVE}\\s+(?:${WEAK_NOUNS.join('|')})\\b${LIST_TAIL}`, 'g');
/** "naam en adres graag", "name and address please": the pair without a possessive. */
const BARE_PAIR =
  /\b(?:naam|voornaam|name|nom|prenom)\s*(?:,|\ben\b|\band\b|\bet\b|&|\+)\s*(?:\w+\s+)?(?:adres|address|adresse|e-?mail\w*|telefoonnummer|gsm|phone|telephone|geboortedatum|date of birth|date de naissance)/;
/** Questions that ask who or where someone is without naming the detail. */
const DIRECT_QUESTION = new RegExp(
  [
    '\\bwaar woon(?:t|)\\s+(?:u|je|jij)\\b',
    '\\bhoe hee(?:t|)\\s+(?:u|je|jij)\\b',
    '\\b(?:op )?welk (?:e-?mail|post|woon)?adres\\b',
    '\\bwelk (?:telefoon|gsm)nummer\\b',
    '\\bhoe kunnen we (?:u|je|jou) bereiken\\b',
    '\\bwhere do you live\\b',
    '\\bwho am i (?:speaking|talking) (?:to|with)\\b',
    '\\bhow can we (?:reach|contact) you\\b',
    '\\bwhat number can we\\b',
    '\\bou habitez[- ]vous\\b',
    '\\bcomment vous appelez[- ]vous\\b',
    '\\bcomment (?:pouvons[- ]nous|peut[- ]on) vous (?:joindre|contacter)\\b',
    '\\ba quelle adresse\\b',
  ].join('|'),
);
const REQUEST_CUE = new RegExp(
  [
    // nl
    '\\b(?:stuur|stuurt|sturen|bezorg|bezorgt|bezorgen|geef|geeft|geven|doorgeven|doorsturen|deel|deelt|delen|laat|laten|vermeld|vermelden|noteer|vul|invullen|mag|mogen|kunt|kan|kun|wil|wilt|zou|gelieve|graag|nodig|vraag|vragen|bevestig|bevestigen|meld|melden|opgeven|meegeven|mailen|dm|pm)\\b',
    // en
    '\\b(?:send|share|give|provide|tell|let us know|include|need|could|can|would|please|may|confirm|fill|message us|reply with|state|supply|enter|leave|what is|what\'s|whats|which)\\b',
    // fr
    '\\b(?:envoy\\w*|transmet\\w*|transmettre|communiqu\\w*|indiqu\\w*|donnez|donner|partag\\w*|fourni\\w*|precis\\w*|confirm\\w*|pouvez|pourriez|pourrions|merci de|veuillez|besoin|faut|laissez|remplir|remplissez|renseign\\w*|faire parvenir|quel|quelle|s\'il vous plait|svp|mp)\\b',
  ].join('|'),
);
/** A detail that is the subject of a statement ("uw adres is gewijzigd", "your details are safe"). */
const STATEMENT_FOLLOWS =
  /^\s+(?:is|zijn|werd|werden|wordt|worden|staat|staan|stond|was|waren|blijft|blijven|verschijnt|are|were|has|have|will|stays|remains|appears|isn't|wasn't|won't|est|sont|etait|a ete|ont ete|reste|restent|apparait|figure|sera|seront)\b/;
/** "deel nooit uw adres", "do not share your details", "ne partagez jamais vos données": a warning, not a request. */
const NEGATED_REQUEST = new RegExp(
  [
    '\\b(?:deel|stuur|post|zet|geef|vermeld|plaats)\\w*\\b[^.!?]{0,30}?\\b(?:geen|nooit|niet)\\b',
    '\\b(?:geen|nooit|niet)\\b[^.!?]{0,30}?\\b(?:delen|sturen|posten|zetten|geven|vermelden|plaatsen)\\b',
    "\\b(?:do not|don't|dont|never|no need to|avoid)\\b[^.!?]{0,20}?\\b(?:share|post|send|give|include|put|publish|sharing|posting)\\b",
    "\\b(?:ne|n')\\s*(?:\\w+\\s+){0,2}?(?:partagez|publiez|envoyez|donnez|indiquez|communiquez|mettez|diffusez)\\b[^.!?]{0,10}?\\b(?:pas|jamais)\\b",
    '\\bevitez de (?:partager|publier|diffuser|communiquer)\\b',
  ].join('|'),
);

/**
 * Whether a text asks the reader for personal details — name, address, e-mail address, phone
 * number, national register number, date of birth, or "your details" — in Dutch, French or English.
 * Used to refuse public replies that do. Sentence by sentence: a named detail with "uw/your/votre"
 * counts unless the sentence only states something about it ("uw adres is gewijzigd") or warns
 * against sharing it ("deel nooit uw adres"); a vaguer word ("uw gegevens", "your e-mail") counts
 * only with a request cue (stuur, graag, please, merci de, …) or a question mark. It errs on the
 * side of finding a request: a missed request in public is worse than a refused reply.
 */
export function asksForPersonalDetails(text: string): boolean {
  for (const sentence of sentences(fold(text))) {
    if (NEGATED_REQUEST.test(sentence)) continue;
    if (DIRECT_QUESTION.test(sentence)) return true;
    const requestLike = REQUEST_CUE.test(sentence) || sentence.includes('?');
    for (const m of sentence.matchAll(STRONG_PHRASE)) {
      if (requestLike || !STATEMENT_FOLLOWS.test(sentence.slice(m.index + m[0].length))) return true;
    }
    if (requestLike) {
      for (const m of sentence.matchAll(WEAK_PHRASE)) {
        if (!STATEMENT_FOLLOWS.test(sentence.slice(m.index + m[0].length))) return true;
      }
      if (BARE_PAIR.test(sentence)) return true;
    }
  }
  return false;
}

/** Lower case, no accents, curly apostrophes straightened, links and e-mail addresses blanked. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[‐‑‒–]/g, '-')
    .replace(/\bhttps?:\/\/\S+|\bwww\.\S+/g, ' link ')
    .replace(/\S+@\S+\.\S+/g, ' mailbox ');
}

/** Sentences end at . ! ? followed by a space, or at a blank line; a list after a colon stays with its lead-in. */
function sentences(folded: string): string[] {
  return folded
    .split(/(?<=[.!?])\s+|\n\s*\n/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
