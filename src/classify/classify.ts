import { CATEGORIES, type Category } from '../tickets/ticket.js';
import { analyze, quote, type Analysis } from './analysis.js';
import { calibrate } from './calibration.js';
import { bundledModel, type LinearModel } from './model.js';
import { signalsFor } from './rules.js';
import { vocabularyEpoch } from './tokenize.js';
import type { Classification, ClassifyHints } from './types.js';

/**
 * Classification: rules (rules.ts, phrases.ts) find explicit wishes to complain, concrete-case
 * markers, question markers, sarcasm, policy words and negations; a linear model trained on the
 * labelled corpus (train.ts, model.json) weighs them together with word and character n-grams.
 * Hard constraints sit on top (fixedCategory): no text, a retweet or an advertisement is `other`,
 * an explicit wish to complain about one's own case is a complaint, so is a criticised wait the
 * writer went through ("anderhalf uur gewacht, dat moet beter"), and a message that disclaims a
 * complaint ("geen klacht, maar…") is not a complaint unless it also refers to one.
 */

const MODEL = bundledModel();
const PROBABILITIES = new Float64Array(CATEGORIES.length);

export function classify(text: string, hints: ClassifyHints = {}): Classification {
  return classifyWith(MODEL, text, hints);
}

/**
 * Same as classify() with an explicit model (cross-validation, evaluation of a fresh model).
 * `calibrated: false` gives the model's raw confidence, which the calibration is fitted on.
 */
export function classifyWith(model: LinearModel, text: string, hints: ClassifyHints = {}, calibrated = true): Classification {
  const analysis = analyze(text, hints);
  const { rules, flags, lang } = analysis;
  const quoted = (s: number, e: number): string => quote(analysis, s, e);
  if (rules.noContent) {
    return { category: 'other', confidence: 0.95, signals: signalsFor('other', rules, quoted), flags: flags.flags, lang };
  }
  const probabilities = model.scoreTokens(analysis.tokens, analysis.ruleFeatures, PROBABILITIES, analysis.epoch === vocabularyEpoch() ? analysis.ids : undefined);
  const scores = {} as Record<Category, number>;
  model.classes.forEach((c, i) => (scores[c] = probabilities[i]!));
  if (rules.excludesComplaint) exclude(scores, 'complaint');
  if (rules.excludesOther) exclude(scores, 'other');
  const fixed = fixedCategory(analysis);
  if (fixed) {
    const signals = [...fixed.signals, ...signalsFor(fixed.category, rules, quoted), ...flags.reasons];
    return { category: fixed.category, confidence: shown(model, calibrated, Math.max(fixed.confidence, scores[fixed.category])), signals, flags: flags.flags, lang, scores: roundAll(scores) };
  }
  let category: Category = 'other';
  for (const c of CATEGORIES) if (scores[c] > scores[category]) category = c;
  const signals = signalsFor(category, rules, quoted);
  signals.push(...flags.reasons);
  return { category, confidence: shown(model, calibrated, scores[category]), signals, flags: flags.flags, lang, scores: roundAll(scores) };
}

/**
 * The definitions leave no room in a few cases: a retweet and an advertisement are `other`; an
 * explicit wish to complain about one's own case is a complaint. (No text at all is `other` too.)
 */
function fixedCategory(analysis: Analysis): { category: Category; confidence: number; signals: string[] } | undefined {
  const { rules, flags } = analysis;
  if (rules.retweet) return { category: 'other', confidence: 0.95, signals: [] };
  if (flags.advertisement && !rules.wishAboutOwnCase) return { category: 'other', confidence: 0.9, signals: ['advertisement'] };
  if (rules.wishAboutOwnCase) return { category: 'complaint', confidence: 0.95, signals: [] };
  if (rules.criticisedOwnWait) return { category: 'complaint', confidence: 0.8, signals: ['a criticised wait of their own'] };
  return undefined;
}

/** Sets one category's probability to zero and renormalises the others. */
function exclude(scores: Record<Category, number>, category: Category): void {
  const rest = 1 - scores[category];
  for (const c of CATEGORIES) scores[c] = c === category ? 0 : rest > 1e-9 ? scores[c] / rest : 0;
  if (rest <= 1e-9) scores[category === 'other' ? 'dissatisfaction' : 'other'] = 1;
}

/** The confidence shown: calibrated to a probability that holds, or raw (what the calibration is fitted on). */
function shown(model: LinearModel, calibrated: boolean, raw: number): number {
  return round(calibrated ? calibrate(model.calibration, raw) : raw);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function roundAll(scores: Record<Category, number>): Record<Category, number> {
  const out = {} as Record<Category, number>;
  for (const c of CATEGORIES) out[c] = round(scores[c]);
  return out;
}
