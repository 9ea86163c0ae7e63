import { isWord } from './tokenize.js';

/**
 * Hashed sparse features for the linear model: word unigrams and bigrams, character n-grams of
 * each word (with "<" and ">" marking its edges, so they survive typos and dialect spelling) and
 * the named rule features (rules.ts). Features are 32-bit FNV-1a hashes computed straight from the
 * tokens, without building the n-gram strings. Each group is scaled by 1/sqrt(its size), so long
 * e-mails and one-liners weigh alike. model.ts scores the same features without materialising
 * them (LinearModel.scoreTokens); extractFeatures is the explicit form training uses.
 */

export interface FeatureConfig {
  charMin: number;
  charMax: number;
  bigrams: boolean;
  wordWeight: number;
  charWeight: number;
  ruleWeight: number;
}

export const DEFAULT_FEATURES: FeatureConfig = { charMin: 3, charMax: 5, bigrams: true, wordWeight: 1, charWeight: 0.5, ruleWeight: 1 };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function hashCode(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

const SEED_WORD = hashString(FNV_OFFSET, 'w:');
const SEED_BIGRAM = hashString(FNV_OFFSET, 'b:');
const SEED_RULE = hashString(FNV_OFFSET, 'r:');
const SEED_CHAR = hashString(FNV_OFFSET, 'c:');

/** Never 0: the model's hash table uses 0 for an empty slot. */
function finish(h: number): number {
  return h === 0 ? 1 : h | 0;
}

export const BIAS_HASH = finish(hashString(FNV_OFFSET, 'bias'));

export function wordHash(token: string): number {
  return finish(hashString(SEED_WORD, token));
}

/** A bigram's hash combines the unigram hashes of its two words, so it costs no pass over the text. */
export function bigramHash(first: number, second: number): number {
  let h = Math.imul(first, 0x85ebca6b) ^ second ^ SEED_BIGRAM;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return finish(h ^ (h >>> 16));
}

const ruleHashes = new Map<string, number>();

export function ruleHash(name: string): number {
  let h = ruleHashes.get(name);
  if (h === undefined) {
    h = finish(hashString(SEED_RULE, name));
    ruleHashes.set(name, h);
  }
  return h;
}

/** Number of character n-grams of a word token (0 for other tokens). */
export function charGramCount(token: string, config: FeatureConfig): number {
  if (!isWord(token)) return 0;
  const padded = token.length + 2;
  let count = 0;
  for (let n = config.charMin; n <= config.charMax; n++) if (padded >= n) count += padded - n + 1;
  return count;
}

/** Calls `visit` with the hash of every character n-gram of a word token. */
export function forEachCharGram(token: string, config: FeatureConfig, visit: (hash: number) => void): void {
  if (!isWord(token)) return;
  const padded = token.length + 2;
  for (let n = config.charMin; n <= config.charMax; n++) {
    const seed = hashCode(SEED_CHAR, n);
    for (let start = 0; start + n <= padded; start++) {
      let h = seed;
      for (let j = start; j < start + n; j++) h = hashCode(h, j === 0 ? 60 : j === padded - 1 ? 62 : token.charCodeAt(j - 1));
      visit(finish(h));
    }
  }
}

/** Value of each word unigram/bigram and of each character n-gram in a message. */
export function groupValues(tokens: readonly string[], config: FeatureConfig, charCount: number): { word: number; char: number } {
  const wordCount = tokens.length + (config.bigrams ? tokens.length - 1 : 0);
  return { word: config.wordWeight / Math.sqrt(Math.max(1, wordCount)), char: config.charWeight / Math.sqrt(Math.max(1, charCount)) };
}

/** A growable pair of arrays the extractor writes into, reused between calls. */
export class FeatureBuffer {
  hashes = new Int32Array(512);
  values = new Float32Array(512);
  length = 0;

  push(hash: number, value: number): void {
    if (this.length === this.hashes.length) {
      const hashes = new Int32Array(this.length * 2);
      hashes.set(this.hashes);
      const values = new Float32Array(this.length * 2);
      values.set(this.values);
      this.hashes = hashes;
      this.values = values;
    }
    this.hashes[this.length] = hash;
    this.values[this.length++] = value;
  }
}

export function extractFeatures(tokens: readonly string[], ruleFeatures: readonly string[], config: FeatureConfig, out: FeatureBuffer): void {
  out.length = 0;
  out.push(BIAS_HASH, 1);
  let charCount = 0;
  if (config.charWeight > 0) for (const token of tokens) charCount += charGramCount(token, config);
  const value = groupValues(tokens, config, charCount);
  let previous = 0;
  for (let i = 0; i < tokens.length; i++) {
    const word = wordHash(tokens[i]!);
    out.push(word, value.word);
    if (config.bigrams && i > 0) out.push(bigramHash(previous, word), value.word);
    previous = word;
  }
  if (config.charWeight > 0) for (const token of tokens) forEachCharGram(token, config, (h) => out.push(h, value.char));
  for (const name of ruleFeatures) out.push(ruleHash(name), config.ruleWeight);
}
