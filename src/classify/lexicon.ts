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
  /** Bit set over the lexicon's word numbers (see Lexicon.numbers): the alternatives of this slot. */
  members: Uint32Array;
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

/**
 * What the lexicon knows of one token, worked out once per vocabulary id: the numbers of the
 * alternatives it fits (its own text, every prefix alternative it starts with; usually none) and
 * the phrases whose first slot it fits.
 */
interface TokenInfo {
  numbers: readonly number[];
  phrases: readonly Phrase[];
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

const CACHE_LIMIT = 50_000;

export class Lexicon {
  readonly ids: readonly string[];
  /** Every alternative (a word, or a prefix with its "*") gets a number; a slot is a set of numbers. */
  private readonly numbers = new Map<string, number>();
  private readonly prefixLengths: number[];
  private readonly phrasesByNumber: Phrase[][] = [];
  /** Token information memoised by token id (or by text when no ids are given). */
  private readonly byText = new Map<string, TokenInfo>();
  private byId: Array<TokenInfo | undefined> = [];
  private epoch = vocabularyEpoch();
  /** The current message's token information, reused between calls. */
  private readonly infos: TokenInfo[] = [];

  constructor(entries: readonly LexiconEntry[]) {
    this.ids = entries.map((e) => e.id);
    const slots = entries.map((entry) => entry.phrases.map((text) => text.trim().split(/\s+/)));
    const lengths = new Set<number>();
    for (const phrases of slots) for (const phrase of phrases) for (const slot of phrase) {
      if (GAP.test(slot)) continue;
      for (const alt of slot.split('|')) {
        if (!this.numbers.has(alt)) this.numbers.set(alt, this.numbers.size);
        if (alt.endsWith('*')) lengths.add(alt.length - 1);
      }
    }
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
    entries.forEach((entry, index) => {
      slots[index]!.forEach((texts, p) => {
        const steps = texts.map((slot) => this.compileSlot(slot));
        const first = steps[0];
        if (!first || first.kind === 'gap' || steps[steps.length - 1]!.kind === 'gap') throw new Error(`bad phrase '${entry.phrases[p]}' in ${entry.id}`);
        const phrase: Phrase = { entry: index, steps };
        // A word listed twice in a slot counts once, a prefix listed twice twice (as the matcher always did).
        const firstAlternatives = texts[0]!.split('|');
        for (const alt of [...new Set(firstAlternatives.filter((a) => !a.endsWith('*'))), ...firstAlternatives.filter((a) => a.endsWith('*'))]) {
          (this.phrasesByNumber[this.numbers.get(alt)!] ??= []).push(phrase);
        }
      });
    });
  }

  private compileSlot(slot: string): Step {
    if (GAP.test(slot)) return { kind: 'gap', max: Number(slot.slice(1)) };
    const members = new Uint32Array((this.numbers.size + 31) >>> 5);
    for (const alt of slot.split('|')) {
      const n = this.numbers.get(alt)!;
      members[n >>> 5]! |= 1 << (n & 31);
    }
    return { kind: 'token', members };
  }

  match(tokens: readonly string[], ids?: readonly number[]): LexiconHits {
    if (ids && this.epoch !== vocabularyEpoch()) {
      this.byId = [];
      this.epoch = vocabularyEpoch();
    }
    const n = this.ids.length;
    const hits: LexiconHits = { count: new Array<number>(n).fill(0), start: new Array<number>(n).fill(-1), end: new Array<number>(n).fill(-1) };
    const infos = this.infos;
    infos.length = tokens.length;
    for (let i = 0; i < tokens.length; i++) {
      let info: TokenInfo | undefined;
      if (ids) {
        const id = ids[i]!;
        info = this.byId[id];
        if (info === undefined) info = this.byId[id] = this.infoOf(tokens[i]!);
      } else info = this.infoOf(tokens[i]!);
      infos[i] = info;
    }
    for (let i = 0; i < tokens.length; i++) if (infos[i]!.phrases.length) this.tryPhrases(infos[i]!.phrases, infos, i, hits);
    return hits;
  }

  private infoOf(token: string): TokenInfo {
    let info = this.byText.get(token);
    if (info === undefined) {
      const numbers: number[] = [];
      const own = this.numbers.get(token);
      if (own !== undefined) numbers.push(own);
      for (const len of this.prefixLengths) {
        if (len > token.length) break;
        const prefix = this.numbers.get(`${token.slice(0, len)}*`);
        if (prefix !== undefined) numbers.push(prefix);
      }
      const phrases: Phrase[] = [];
      for (const number of numbers) phrases.push(...(this.phrasesByNumber[number] ?? []));
      info = { numbers, phrases };
      if (this.byText.size >= CACHE_LIMIT) this.byText.clear();
      this.byText.set(token, info);
    }
    return info;
  }

  private tryPhrases(phrases: readonly Phrase[], infos: readonly TokenInfo[], i: number, hits: LexiconHits): void {
    for (const phrase of phrases) {
      const end = matchSteps(phrase.steps, 1, infos, i + 1);
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

const GAP = /^~\d+$/;

function fits(step: TokenStep, token: TokenInfo): boolean {
  for (const n of token.numbers) if ((step.members[n >>> 5]! >>> (n & 31)) & 1) return true;
  return false;
}

/** Returns the index after the match, or -1. */
function matchSteps(steps: readonly Step[], s: number, tokens: readonly TokenInfo[], t: number): number {
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
