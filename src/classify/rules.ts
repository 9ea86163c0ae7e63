import type { Category } from '../tickets/ticket.js';
import { Lexicon, type LexiconHits } from './lexicon.js';
import { CATEGORY_PHRASES } from './phrases.js';
import { isWord } from './tokenize.js';

/**
 * Category rules: phrase hits (phrases.ts) turned into named, language-independent features for the
 * linear model ("complaint_wish", "concrete:2", "wish&own", "sarcasm&case" …) and into the short
 * reasons an agent reads. The rules do not decide on their own; the model weighs them together with
 * the words of the message, and classify.ts applies the few hard constraints.
 */

const LEXICON = new Lexicon(CATEGORY_PHRASES);
const index = (id: string): number => {
  const i = LEXICON.ids.indexOf(id);
  if (i < 0) throw new Error(`unknown rule ${id}`);
  return i;
};

const WISH = index('complaint_wish');
const PRIOR = index('complaint_prior');
const NEGATED = index('complaint_negated');
const NEGATED_NEGATIVE = index('negated_negative');
const PROCEDURE = index('procedure_generic');
const Q_START = index('question_start');
const Q_INDIRECT = index('question_indirect');
const FAILURE = index('failure');
const STAFF = index('staff_behaviour');
const REMEDY = index('remedy_request');
const ENTITY_DID = index('entity_did_to_me');
const OWN_CASE = index('own_case');
const CONTACT = index('contact_act');
const NEGATIVE = index('negative_eval');
const GENERALISATION = index('generalisation');
const POLICY = index('policy');
const POSITIVE = index('positive_word');
const SARCASM_CUE = index('sarcasm_cue');
const THANKS = index('thanks_praise');
const SUGGESTION = index('suggestion');
const RETWEET = index('retweet');
const IRONY = index('irony_emoji');
const DURATION = index('duration');
const CONTRAST = index('contrast');
const ONGOING = index('ongoing');
const RHETORICAL = index('rhetorical_why');
const PRAISE_BUT = index('praise_but');
const CLAP = '👏';
const WAITED = new Set(['gewacht', 'waited', 'attendu', 'patiente', 'gestaan', 'aangeschoven']);
const WHEN = new Set(['wanneer', 'quand', 'when', 'hoelang', 'combien']);
const WHY = new Set(['waarom', 'pourquoi', 'why', 'hoezo']);
const NOT = new Set(['niet', 'geen', 'nooit', 'not', 'never', 'no', 'pas', 'jamais', 'aucun', 'aucune', 'ni', 'nie', 'gene']);

/** Concrete-case markers; how many different kinds a message has is a feature of its own. */
const CONCRETE: ReadonlyArray<[number, string]> = [
  [index('when_relative'), 'day'],
  [index('when_date'), 'date'],
  [index('when_clock'), 'time'],
  [index('line_number'), 'line or stop'],
  [index('reference'), 'reference number'],
  [index('money'), 'amount'],
  [index('repeated_contact'), 'repeated contact'],
];

/** Entries that also get a feature when they match twice or more. */
const COUNTED = [FAILURE, NEGATIVE, CONTACT, OWN_CASE, THANKS, Q_START];

const FIRST_PERSON: Record<string, ReadonlySet<string>> = {
  nl: new Set(['ik', 'me', 'mijn', 'we', 'wij', 'ons', 'onze']),
  fr: new Set(['je', 'me', 'moi', 'mon', 'ma', 'mes', 'nous', 'notre', 'nos']),
  en: new Set(['i', 'me', 'my', 'we', 'our', 'us', 'myself']),
  any: new Set(['ik', 'me', 'mijn', 'we', 'wij', 'ons', 'onze', 'moi', 'mon', 'ma', 'mes', 'nous', 'notre', 'nos', 'i', 'my', 'our', 'us']),
};
const SECOND_PERSON = new Set(['jullie', 'gij', 'u', 'uw', 'vous', 'votre', 'vos', 'you', 'your']);

export interface RuleResult {
  /** Names of the rule features that fired, for the model. */
  features: string[];
  hits: LexiconHits;
  concreteKinds: number;
  firstPerson: number;
  isQuestion: boolean;
  /** Emoji, punctuation or nothing at all: no letters and no digits. */
  noContent: boolean;
  /** "geen klacht, maar…", "not a complaint": rules out a complaint unless the message also refers to one. */
  disclaimsComplaint: boolean;
  /** A disclaimer, thanks or praise without anything going wrong, or an opening suggestion: not a complaint. */
  excludesComplaint: boolean;
  /** Sarcastic praise: not `other`. */
  excludesOther: boolean;
  /** An explicit wish to complain about the writer's own case: a complaint by definition. */
  wishAboutOwnCase: boolean;
  /** A wait the writer went through ("anderhalf uur gewacht"), criticised: dissatisfaction about a concrete case of their own. */
  criticisedOwnWait: boolean;
  retweet: boolean;
}

export function evaluateRules(tokens: readonly string[], text: string, lang: string | undefined, ids?: readonly number[]): RuleResult {
  const hits = LEXICON.match(tokens, ids);
  // Negation scope: a wish inside "ik wil geen klacht indienen", or "nooit"/"slecht" inside "nooit
  // problemen gehad"/"niet slecht", does not count.
  mask(hits, WISH, NEGATED, true);
  mask(hits, GENERALISATION, NEGATED_NEGATIVE);
  mask(hits, NEGATIVE, NEGATED_NEGATIVE);
  mask(hits, FAILURE, NEGATED_NEGATIVE);
  const c = hits.count;
  const features: string[] = [];
  for (let i = 0; i < c.length; i++) if (c[i]) features.push(LEXICON.ids[i]!);
  for (const i of COUNTED) if (c[i]! >= 2) features.push(`${LEXICON.ids[i]!}:2`);

  // "anderhalf uur gewacht", "waited 40 minutes": a wait the writer went through is a concrete case of its own.
  const waited = c[DURATION]! > 0 && tokens.some((t) => WAITED.has(t));
  let concreteKinds = waited ? 1 : 0;
  for (const [i] of CONCRETE) if (c[i]) concreteKinds++;
  for (let k = 1; k <= Math.min(concreteKinds, 3); k++) features.push(`concrete:${k}`);

  const fpSet = FIRST_PERSON[lang ?? 'any'] ?? FIRST_PERSON.any!;
  let firstPerson = 0;
  let secondPerson = 0;
  let words = 0;
  let questionMarks = 0;
  let exclamations = 0;
  let lastContent = '';
  for (const token of tokens) {
    if (fpSet.has(token)) firstPerson++;
    if (SECOND_PERSON.has(token)) secondPerson++;
    if (isWord(token)) words++;
    if (token === '?') questionMarks++;
    else if (token === '!') exclamations++;
    if (token !== '.' && token.charCodeAt(0) !== 35 && !isEmoji(token)) lastContent = token;
  }
  if (firstPerson) features.push('first_person');
  if (firstPerson >= 3) features.push('first_person:3');
  if (secondPerson) features.push('addressed');
  if (questionMarks) features.push('qmark');
  if (lastContent === '?') features.push('qmark_end');
  if (exclamations) features.push('exclaim');
  const noContent = words === 0 && !tokens.some((t) => t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57);
  if (noContent) features.push('no_content');
  if (words <= 3) features.push('short');
  if (words >= 60) features.push('long');
  if (isShouting(text)) features.push('shouting');
  const rating = starRating(text);
  if (rating) features.push(rating);

  const failure = c[FAILURE]! > 0;
  const negative = c[NEGATIVE]! > 0;
  const isQuestion = questionMarks > 0 || c[Q_START]! > 0 || c[Q_INDIRECT]! > 0;
  // "can someone explain why my warranty is not covered?": a why-question about the writer's own thing that did not happen.
  const whyOwnNot = isQuestion && firstPerson > 0 && tokens.some((t) => WHY.has(t)) && tokens.some((t) => NOT.has(t));
  const own = c[OWN_CASE]! > 0 || c[ENTITY_DID]! > 0 || (c[CONTACT]! > 0 && firstPerson > 0) || waited || whyOwnNot;
  const wish = c[WISH]! > 0;
  const generic = c[PROCEDURE]! > 0;
  const sarcasm = (c[POSITIVE]! > 0 || c[SARCASM_CUE]! > 0) && (failure || negative || c[IRONY]! > 0);
  conj(features, 'own', own);
  conj(features, 'wish&own', wish && (own || concreteKinds > 0 || failure) && !generic);
  conj(features, 'wish&generic', wish && generic);
  conj(features, 'wish&bare', wish && !own && concreteKinds === 0 && !failure && !generic);
  conj(features, 'prior&case', c[PRIOR]! > 0 && (failure || concreteKinds > 0));
  conj(features, 'case&failure', concreteKinds > 0 && failure);
  conj(features, 'own&failure', own && failure);
  // A concrete case of the writer's own, criticised: "anderhalf uur gewacht … dat moet toch beter kunnen".
  conj(features, 'case&negative', concreteKinds > 0 && negative && (own || firstPerson > 0 || waited));
  conj(features, 'staff&case', c[STAFF]! > 0 && (concreteKinds > 0 || firstPerson > 0));
  conj(features, 'remedy&own', c[REMEDY]! > 0 && own);
  conj(features, 'remedy&case', c[REMEDY]! > 0 && (concreteKinds > 0 || failure));
  conj(features, 'question', isQuestion);
  conj(features, 'question&case', isQuestion && (concreteKinds > 0 || own));
  conj(features, 'question&nocase', isQuestion && concreteKinds === 0 && !failure && !own);
  conj(features, 'question&failure', isQuestion && failure);
  conj(features, 'sarcasm', sarcasm);
  conj(features, 'sarcasm&case', sarcasm && (concreteKinds > 0 || own));
  conj(features, 'negative&generic', (negative || c[GENERALISATION]! > 0 || c[RHETORICAL]! > 0) && concreteKinds === 0 && !own);
  conj(features, 'policy&negative', c[POLICY]! > 0 && (negative || c[GENERALISATION]! > 0 || exclamations > 0));
  const praiseOnly =
    c[THANKS]! > 0 && !failure && !negative && !c[IRONY] && !c[STAFF] && !c[REMEDY] && !c[CONTRAST] && !c[ONGOING] && !c[PRAISE_BUT] && !isQuestion && !tokens.includes(CLAP);
  conj(features, 'praise_only', praiseOnly);
  // "thanks for ignoring me for three days", "merci pour les 40 min de retard 👏": thanks that carry trouble are sarcasm.
  const thanksWithTrouble = c[THANKS]! > 0 && (failure || c[DURATION]! > 0 || c[ONGOING]! > 0 || tokens.includes(CLAP) || c[IRONY]! > 0);
  conj(features, 'thanks&trouble', thanksWithTrouble);
  conj(features, 'thanks&trouble&own', thanksWithTrouble && (own || concreteKinds > 0 || firstPerson > 0));
  // "waarom is dat altijd zo moeilijk?": venting when nothing of the writer's own happened, a complaint when it did.
  conj(features, 'rhetorical&nocase', c[RHETORICAL]! > 0 && concreteKinds === 0 && !own);
  conj(features, 'rhetorical&own', c[RHETORICAL]! > 0 && (own || concreteKinds > 0 || failure));
  conj(features, 'waited', waited);
  // "when will the tunnel finally reopen??": asking for a date is asking, however annoyed, unless it is about the writer's own case.
  // Only a question that opens with its when-word asks for a date ("when it dies after 4 years" does not).
  conj(features, 'asks_when', isQuestion && !own && concreteKinds === 0 && tokens.slice(0, 4).some((t) => WHEN.has(t)));
  conj(features, 'why&own&not', whyOwnNot);
  conj(features, 'negated_negative&noq', c[NEGATED_NEGATIVE]! > 0 && !isQuestion);
  conj(features, 'negated&question', c[NEGATED]! > 0 && isQuestion);
  conj(features, 'suggestion_only', c[SUGGESTION]! > 0 && !failure && !negative);
  conj(features, 'no_case', concreteKinds === 0 && !own && !failure);
  conj(features, 'duration&own', c[DURATION]! > 0 && (own || firstPerson > 0));
  conj(features, 'opens_with_question', c[Q_START]! > 0 && hits.start[Q_START]! <= 3);
  conj(features, 'irony&nocase', c[IRONY]! > 0 && concreteKinds === 0 && !own);
  conj(features, 'praise_but&nocase', c[PRAISE_BUT]! > 0 && concreteKinds === 0);
  const suggestionFirst = c[SUGGESTION]! > 0 && hits.start[SUGGESTION]! <= 3 && !failure && !c[STAFF];
  conj(features, 'opens_with_suggestion', suggestionFirst);

  // Hard constraints (applied in classify.ts).
  const disclaimsComplaint = c[NEGATED]! > 0 && !c[PRIOR] && !(wish && own);
  // "ik wil klacht indienen", or how to complain about a case the message describes.
  const wishAboutOwnCase =
    wish && !generic && !disclaimsComplaint && (own || concreteKinds > 0 || failure || (firstPerson > 0 && !isQuestion));
  // Thanks or praise with nothing going wrong, or a message that opens with a suggestion, is no complaint.
  const excludesComplaint = disclaimsComplaint || ((praiseOnly || suggestionFirst) && !wish && !c[PRIOR]);
  // Praise with an eye-roll (🙄, 🙃) is sarcasm: criticism, never thanks.
  const excludesOther = (c[POSITIVE]! > 0 || c[THANKS]! > 0) && c[IRONY]! > 0;
  const criticisedOwnWait = waited && (negative || failure) && !isQuestion && !disclaimsComplaint && !excludesComplaint;
  return { features, hits, concreteKinds, firstPerson, isQuestion, noContent, disclaimsComplaint, excludesComplaint, excludesOther, wishAboutOwnCase, criticisedOwnWait, retweet: c[RETWEET]! > 0 };
}

function conj(features: string[], name: string, on: boolean): void {
  if (on) features.push(name);
}

/**
 * Drops entry `i` when its first match overlaps the first match of entry `scope` — and, unless
 * `always`, only when that was its one match.
 */
function mask(hits: LexiconHits, i: number, scope: number, always = false): void {
  if (!hits.count[i] || !hits.count[scope] || (hits.count[i] !== 1 && !always)) return;
  if (hits.start[i]! < hits.end[scope]! && hits.start[scope]! < hits.end[i]!) {
    hits.count[i] = 0;
    hits.start[i] = -1;
    hits.end[i] = -1;
  }
}

const STARS = /\b(?:([0-5])(?:[.,]5)? ?(?:\/ ?5 )?(?:ster|sterren|stars?|etoiles?|étoiles?)|(?:een|één|une|one|zero|nul|geen|no|zéro|aucune) (?:ster|star|étoile|etoile))\b/i;

/** A review score in the text: "1 ster", "une étoile" (low) or "5 sterren" (high). */
function starRating(text: string): string | undefined {
  const m = /ster|star|toile/i.test(text) ? STARS.exec(text) : null;
  if (!m) return undefined;
  const n = m[1] === undefined ? (/zero|nul|geen|no|zéro|aucune/i.test(m[0]) ? 0 : 1) : Number(m[1]);
  return n <= 2 ? 'rating_low' : n >= 4 ? 'rating_high' : undefined;
}

function isEmoji(token: string): boolean {
  return token.charCodeAt(0) > 0x2000;
}

function isShouting(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 65 && ch <= 90) upper++;
    else if (ch >= 97 && ch <= 122) lower++;
  }
  return upper >= 12 && upper > 2 * lower;
}

// ------------------------------------------------------------------------------------------ signals

/** Rule hits as reasons an agent reads, for the chosen category. `quote` returns matched text. */
export function signalsFor(category: Category, rules: RuleResult, quoteText: (start: number, end: number) => string): string[] {
  const { hits } = rules;
  const c = hits.count;
  const q = (i: number): string => `'${quoteText(hits.start[i]!, hits.end[i]!)}'`;
  const out: string[] = [];
  if (c[NEGATED]) out.push(`not a complaint: ${q(NEGATED)}`);
  if (rules.noContent) out.push('no text: emoji or punctuation only');
  switch (category) {
    case 'complaint': {
      if (c[WISH]) out.push(`explicit wish to complain: ${q(WISH)}`);
      if (c[PRIOR]) out.push(`refers to an earlier complaint: ${q(PRIOR)}`);
      const markers = CONCRETE.filter(([i]) => c[i]).map(([i, label]) => `${label} ${q(i)}`);
      if (markers.length) out.push(`concrete case: ${markers.join(', ')}`);
      if (c[FAILURE]) out.push(`act or omission of the entity: ${q(FAILURE)}`);
      if (c[STAFF]) out.push(`behaviour of staff: ${q(STAFF)}`);
      if (c[OWN_CASE]) out.push(`first-person experience: ${q(OWN_CASE)}`);
      else if (rules.firstPerson) out.push('first-person experience');
      if (c[REMEDY]) out.push(`asks for a remedy: ${q(REMEDY)}`);
      if (c[POSITIVE] && (c[FAILURE] || c[NEGATIVE])) out.push(`sarcasm: ${q(c[SARCASM_CUE] ? SARCASM_CUE : POSITIVE)}`);
      break;
    }
    case 'dissatisfaction': {
      if (c[NEGATIVE]) out.push(`negative evaluation: ${q(NEGATIVE)}`);
      if ((c[POSITIVE] || c[SARCASM_CUE]) && (c[FAILURE] || c[NEGATIVE] || c[SARCASM_CUE])) out.push(`sarcasm: ${q(c[SARCASM_CUE] ? SARCASM_CUE : POSITIVE)}`);
      if (c[POLICY]) out.push(`criticism of policy: ${q(POLICY)}`);
      if (c[GENERALISATION]) out.push(`generalisation: ${q(GENERALISATION)}`);
      if (rules.concreteKinds === 0 && !c[WISH]) out.push('no concrete case or wish to complain');
      break;
    }
    case 'question': {
      if (c[WISH] && c[PROCEDURE]) out.push(`general question about the complaint procedure: ${q(PROCEDURE)}`);
      if (c[Q_INDIRECT]) out.push(`asks for information: ${q(Q_INDIRECT)}`);
      else if (c[Q_START]) out.push(`asks for information: ${q(Q_START)}`);
      else out.push('asks for information');
      if (c[NEGATIVE] || c[FAILURE]) out.push('annoyed, but the message is a question');
      break;
    }
    case 'other': {
      if (c[RETWEET]) out.push('retweet');
      if (c[THANKS] && !c[FAILURE] && !c[NEGATIVE]) out.push(`praise or thanks: ${q(THANKS)}`);
      if (c[NEGATED_NEGATIVE]) out.push(`negated criticism: ${q(NEGATED_NEGATIVE)}`);
      if (c[SUGGESTION]) out.push(`suggestion: ${q(SUGGESTION)}`);
      break;
    }
  }
  return out;
}
