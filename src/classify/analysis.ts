import { detectFlags, type FlagResult } from './flags.js';
import { messageLanguage } from './function-words.js';
import { fold } from './normalize.js';
import { evaluateRules, type RuleResult } from './rules.js';
import { tokenize, vocabularyEpoch } from './tokenize.js';
import type { ClassifyHints } from './types.js';

/**
 * Everything the classifier derives from a message before the model scores it: folded text,
 * tokens, language, rule hits and moderation flags. Training (train.ts) and classification
 * (classify.ts) both go through here, so they see the same features.
 */

/** Longer texts (quoted e-mail threads, pasted documents) are cut: the opening decides. */
export const MAX_CHARS = 10_000;
/** When eld has to decide the language, it reads this much of the text: its cost grows with the length. */
export const LANGUAGE_SAMPLE_CHARS = 100;

export interface Analysis {
  folded: string;
  tokens: string[];
  /** Start and end of every token in `folded`, two numbers per token. */
  offsets: number[];
  /** Vocabulary id of every token (see tokenize.ts), valid while vocabularyEpoch() equals `epoch`. */
  ids: number[];
  epoch: number;
  lang: string | undefined;
  rules: RuleResult;
  flags: FlagResult;
  /** Rule and flag feature names for the model. */
  ruleFeatures: string[];
}

export function analyze(text: string, hints: ClassifyHints = {}): Analysis {
  const body = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const folded = fold(body);
  const offsets: number[] = [];
  const ids: number[] = [];
  const tokens = tokenize(folded, offsets, ids);
  const lang = messageLanguage(tokens, body, hints.lang, LANGUAGE_SAMPLE_CHARS, ids);
  const rules = evaluateRules(tokens, body, lang, ids);
  const flags = detectFlags(folded, tokens, ids);
  const ruleFeatures = rules.features.slice();
  for (const flag of flags.flags) ruleFeatures.push(`flag:${flag}`);
  return { folded, tokens, offsets, ids, epoch: vocabularyEpoch(), lang, rules, flags, ruleFeatures };
}

/** The folded text of tokens start..end-1 (what a rule matched). */
export function quote(analysis: Analysis, start: number, end: number): string {
  if (start < 0 || end <= start) return '';
  return analysis.folded.slice(analysis.offsets[start * 2], analysis.offsets[(end - 1) * 2 + 1]).replace(/\s+/g, ' ');
}
