/**
 * A phrase matcher over tokens, compiled once at import. A phrase is a list of slots separated by
 * spaces; a slot lists alternatives separated by "|"; an alternative ending in "*" matches any token
 * with that prefix; a slot "~N" skips zero to N tokens. Example: "klacht|klachten ~2 indienen|neerleggen".
 * Matching walks the tokens once and only tries the phrases whose first slot fits the token, so the
 * cost grows with the text, not with the number of phrases.
 */

interface TokenStep {
  gap: 0;
  exact: Set<string>;
  prefixes: string[];
}
interface GapStep {
  gap: number;
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
  /** How often each entry matched (capped at 255). */
  count: Uint8Array;
  /** Token range of each entry's first match; -1 when it did not match. */
  start: Int16Array;
  end: Int16Array;
}

function isGap(step: Step): step is GapStep {
  return step.gap > 0;
}

function compileSlot(slot: string): Step {
  if (/^~\d+$/.test(slot)) return { gap: Number(slot.slice(1)) };
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const alt of slot.split('|')) {
    if (alt.endsWith('*')) prefixes.push(alt.slice(0, -1));
    else exact.add(alt);
  }
  return { gap: 0, exact, prefixes };
}

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

  constructor(entries: readonly LexiconEntry[]) {
    this.ids = entries.map((e) => e.id);
    const lengths = new Set<number>();
    entries.forEach((entry, index) => {
      for (const text of entry.phrases) {
        const steps = text.trim().split(/\s+/).map(compileSlot);
        const first = steps[0];
        if (!first || isGap(first) || isGap(steps[steps.length - 1]!)) throw new Error(`bad phrase '${text}' in ${entry.id}`);
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

  match(tokens: readonly string[]): LexiconHits {
    const n = this.ids.length;
    const hits: LexiconHits = { count: new Uint8Array(n), start: new Int16Array(n).fill(-1), end: new Int16Array(n).fill(-1) };
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const direct = this.byToken.get(token);
      if (direct) this.tryPhrases(direct, tokens, i, hits);
      for (const len of this.prefixLengths) {
        if (len > token.length) break;
        const viaPrefix = this.byPrefix.get(token.slice(0, len));
        if (viaPrefix) this.tryPhrases(viaPrefix, tokens, i, hits);
      }
    }
    return hits;
  }

  private tryPhrases(phrases: Phrase[], tokens: readonly string[], i: number, hits: LexiconHits): void {
    for (const phrase of phrases) {
      const end = matchSteps(phrase.steps, 1, tokens, i + 1);
      if (end < 0) continue;
      const e = phrase.entry;
      if (hits.count[e]! < 255) hits.count[e]!++;
      if (hits.start[e] === -1) {
        hits.start[e] = i;
        hits.end[e] = end;
      }
    }
  }
}

/** Returns the index after the match, or -1. */
function matchSteps(steps: readonly Step[], s: number, tokens: readonly string[], t: number): number {
  if (s === steps.length) return t;
  const step = steps[s]!;
  if (isGap(step)) {
    for (let skip = 0; skip <= step.gap && t + skip < tokens.length; skip++) {
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
