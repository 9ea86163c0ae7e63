import { vocabularyEpoch } from './tokenize.js';

/**
 * A phrase matcher over tokens, compiled once at import. A phrase is a list of slots separated by
 * spaces; a slot lists alternatives separated by "|"; an alternative ending in "*" matches any token
 * with that prefix; a slot "~N" skips zero to N tokens. Example: "klacht|klachten ~2 indienen|neerleggen".
 * Matching walks the tokens once and only tries the phrases whose first slot fits the token, so the
 * cost grows with the text, not with the number of phrases.
 */

interface TokenStep {
  kind: 'token';
  exact: Set<string>;
  prefixes: string[];
}
interface GapStep {
  kind: 'gap';
  max: number;
}
type Step = TokenStep | GapStep;

interface Phrase {
  entry: number;
  steps: Step[];
}

export interface LexiconEntry {
  id: string;
  phrases: readonly string[];
}

export interface LexiconHits {
  /** How often each entry matched. */
  count: number[];
  /** Token range of each entry's first match (extended by matches overlapping it); -1 when it did not match. */
  start: number[];
  end: number[];
}

function compileSlot(slot: string): Step {
  if (/^~\d+$/.test(slot)) return { kind: 'gap', max: Number(slot.slice(1)) };
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const alt of slot.split('|')) {
    if (alt.endsWith('*')) prefixes.push(alt.slice(0, -1));
    else exact.add(alt);
  }
  return { kind: 'token', exact, prefixes };
}

const CACHE_LIMIT = 50_000;

function fits(step: TokenStep, token: string): boolean {
  if (step.exact.has(token)) return true;
  for (const p of step.prefixes) if (token.startsWith(p)) return true;
  return false;
}

export class Lexicon {
  readonly ids: readonly string[];
  private readonly byToken = new Map<string, Phrase[]>();
  private readonly byPrefix = new Map<string, Phrase[]>();
  private readonly prefixLengths: number[];
  /** Phrases worth trying at each token, memoised by token id (or by text when no ids are given). */
  private readonly candidates = new Map<string, readonly Phrase[]>();
  private byId: Array<readonly Phrase[] | undefined> = [];
  private epoch = vocabularyEpoch();

  constructor(entries: readonly LexiconEntry[]) {
    this.ids = entries.map((e) => e.id);
    const lengths = new Set<number>();
    entries.forEach((entry, index) => {
      for (const text of entry.phrases) {
        const steps = text.trim().split(/\s+/).map(compileSlot);
        const first = steps[0];
        if (!first || first.kind === 'gap' || steps[steps.length - 1]!.kind === 'gap') throw new Error(`bad phrase '${text}' in ${entry.id}`);
        const phrase: Phrase = { entry: index, steps };
        for (const token of first.exact) push(this.byToken, token, phrase);
        for (const prefix of first.prefixes) {
          push(this.byPrefix, prefix, phrase);
          lengths.add(prefix.length);
        }
      }
    });
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
  }

  match(tokens: readonly string[], ids?: readonly number[]): LexiconHits {
    if (ids && this.epoch !== vocabularyEpoch()) {
      this.byId = [];
      this.epoch = vocabularyEpoch();
    }
    const n = this.ids.length;
    const hits: LexiconHits = { count: new Array<number>(n).fill(0), start: new Array<number>(n).fill(-1), end: new Array<number>(n).fill(-1) };
    for (let i = 0; i < tokens.length; i++) {
      let phrases: readonly Phrase[] | undefined;
      if (ids) {
        const id = ids[i]!;
        phrases = this.byId[id];
        if (phrases === undefined) phrases = this.byId[id] = this.phrasesFor(tokens[i]!);
      } else phrases = this.phrasesFor(tokens[i]!);
      if (phrases.length) this.tryPhrases(phrases, tokens, i, hits);
    }
    return hits;
  }

  private phrasesFor(token: string): readonly Phrase[] {
    let list = this.candidates.get(token);
    if (list === undefined) {
      const found: Phrase[] = [...(this.byToken.get(token) ?? [])];
      for (const len of this.prefixLengths) {
        if (len > token.length) break;
        const viaPrefix = this.byPrefix.get(token.slice(0, len));
        if (viaPrefix) found.push(...viaPrefix);
      }
      list = found;
      if (this.candidates.size >= CACHE_LIMIT) this.candidates.clear();
      this.candidates.set(token, list);
    }
    return list;
  }

  private tryPhrases(phrases: readonly Phrase[], tokens: readonly string[], i: number, hits: LexiconHits): void {
    for (const phrase of phrases) {
      const end = matchSteps(phrase.steps, 1, tokens, i + 1);
      if (end < 0) continue;
      const e = phrase.entry;
      hits.count[e]!++;
      if (hits.start[e] === -1) {
        hits.start[e] = i;
        hits.end[e] = end;
      } else if (i <= hits.end[e]! && end > hits.end[e]!) {
        hits.end[e] = end; // an overlapping match extends the first one: "wil klacht" + "klacht indienen"
      }
    }
  }
}

/** Returns the index after the match, or -1. */
function matchSteps(steps: readonly Step[], s: number, tokens: readonly string[], t: number): number {
  if (s === steps.length) return t;
  const step = steps[s]!;
  if (step.kind === 'gap') {
    for (let skip = 0; skip <= step.max && t + skip < tokens.length; skip++) {
      const end = matchSteps(steps, s + 1, tokens, t + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (t >= tokens.length || !fits(step, tokens[t]!)) return -1;
  return matchSteps(steps, s + 1, tokens, t + 1);
}

function push(map: Map<string, Phrase[]>, key: string, phrase: Phrase): void {
  const list = map.get(key);
  if (list) list.push(phrase);
  else map.set(key, [phrase]);
}
