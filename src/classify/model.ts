import { readFileSync } from 'node:fs';
import type { Category } from '../tickets/ticket.js';
import type { CalibrationKnots } from './calibration.js';
import { vocabularyEpoch } from './tokenize.js';
import { BIAS_HASH, bigramHash, charGramCount, forEachCharGram, groupValues, ruleHash, wordHash, type FeatureBuffer, type FeatureConfig } from './features.js';
// Type-only import: keeps model.json in the TypeScript program, so `tsc` copies it next to the build output.
import type ModelJson from './model.json';

/**
 * The trained linear model (multinomial logistic regression over hashed features, see train.ts) and
 * its file format. Weights are stored as integers (weight × scale) next to the sorted feature
 * hashes; at load they go into an open-addressing hash table whose cells hold the hash followed by
 * its weights, so scoring a message costs one probe, mostly one cache line, per feature. scoreTokens() also memoises, per distinct token, the summed weights of its unigram
 * and character n-grams, so a message costs about one map lookup per token.
 */

interface TokenWeights {
  hash: number;
  /** Unigram weights, or undefined when the model has none for the token. */
  word: Float64Array | undefined;
  /** Sum of the weights of the token's character n-grams. */
  chars: Float64Array;
  charCount: number;
}

const TOKEN_CACHE_LIMIT = 50_000;

export interface ModelFile {
  format: 'social-inbox-classifier';
  version: 1;
  classes: Category[];
  features: FeatureConfig;
  /** Added to the class scores before the decision: moves the boundary towards precision. */
  offsets: number[];
  /** Raw confidence → calibrated probability (calibration.ts); absent in a model not yet calibrated. */
  calibration?: CalibrationKnots;
  training: Record<string, number | string | boolean>;
  scale: number;
  /** Feature hashes, ascending. */
  keys: number[];
  /** keys.length × classes.length integers, row by row. */
  weights: number[];
}

const HASH_MULTIPLIER = 0x9e3779b1;

export class LinearModel {
  readonly classes: readonly Category[];
  readonly features: FeatureConfig;
  readonly offsets: readonly number[];
  readonly calibration: CalibrationKnots | undefined;
  /** Cell i: the feature hash at keys[i * stride], its weights in weights[i * stride + 1 …]; hash 0 is an empty cell. */
  private readonly keys: Int32Array;
  private readonly weights: Float32Array;
  private readonly stride: number;
  private readonly shift: number;
  private readonly mask: number;
  private readonly tokenCache = new Map<string, TokenWeights>();
  private byId: Array<TokenWeights | undefined> = [];
  /** The current message's token weights, reused between calls. */
  private readonly messageWeights: TokenWeights[] = [];
  private epoch = vocabularyEpoch();
  private readonly ruleRows = new Map<string, Float64Array | null>();

  constructor(file: ModelFile) {
    if (file.format !== 'social-inbox-classifier' || file.version !== 1) throw new Error('unknown classifier model format');
    this.classes = file.classes;
    this.features = file.features;
    this.offsets = file.offsets;
    this.calibration = file.calibration;
    const k = file.classes.length;
    // At most two thirds full: short probes in a table small enough to stay in the CPU's caches.
    let bits = 4;
    while ((1 << bits) * 2 < file.keys.length * 3) bits++;
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    this.stride = 1 + k;
    const cells = new ArrayBuffer((1 << bits) * this.stride * 4);
    this.keys = new Int32Array(cells);
    this.weights = new Float32Array(cells);
    file.keys.forEach((key, i) => {
      let slot = Math.imul(key, HASH_MULTIPLIER) >>> this.shift;
      while (this.keys[slot * this.stride] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot * this.stride] = key;
      for (let c = 0; c < k; c++) this.weights[slot * this.stride + 1 + c] = file.weights[i * k + c]! / file.scale;
    });
  }

  /** Index of a feature's first weight in `weights`, or -1. */
  private weightsAt(key: number): number {
    const stride = this.stride;
    let slot = Math.imul(key, HASH_MULTIPLIER) >>> this.shift;
    let stored = this.keys[slot * stride]!;
    while (stored !== key) {
      if (stored === 0) return -1;
      slot = (slot + 1) & this.mask;
      stored = this.keys[slot * stride]!;
    }
    return slot * stride + 1;
  }

  private addRow(out: Float64Array, key: number, value: number): void {
    const at = this.weightsAt(key);
    if (at < 0) return;
    const k = out.length;
    for (let c = 0; c < k; c++) out[c]! += value * this.weights[at + c]!;
  }

  private rowOf(key: number): Float64Array | undefined {
    const at = this.weightsAt(key);
    return at < 0 ? undefined : Float64Array.from(this.weights.subarray(at, at + this.classes.length));
  }

  /** Class probabilities for explicit features (training-side form), in `classes` order. */
  probabilities(features: FeatureBuffer, out = new Float64Array(this.classes.length)): Float64Array {
    out.fill(0);
    for (let i = 0; i < features.length; i++) this.addRow(out, features.hashes[i]!, features.values[i]!);
    return this.softmax(out);
  }

  /** Class probabilities of a message from its tokens and rule features: same result as probabilities(extractFeatures(…)). */
  scoreTokens(tokens: readonly string[], ruleFeatures: readonly string[], out = new Float64Array(this.classes.length), ids?: readonly number[]): Float64Array {
    if (ids && this.epoch !== vocabularyEpoch()) {
      this.byId = [];
      this.epoch = vocabularyEpoch();
    }
    const config = this.features;
    const k = this.classes.length;
    out.fill(0);
    this.addRow(out, BIAS_HASH, 1);
    let charCount = 0;
    const cached = this.messageWeights;
    cached.length = 0;
    for (let i = 0; i < tokens.length; i++) {
      let weights: TokenWeights | undefined;
      if (ids) {
        weights = this.byId[ids[i]!];
        if (weights === undefined) weights = this.byId[ids[i]!] = this.weightsOf(tokens[i]!);
      } else weights = this.weightsOf(tokens[i]!);
      cached.push(weights);
      charCount += weights.charCount;
    }
    const value = groupValues(tokens, config, charCount);
    for (let i = 0; i < tokens.length; i++) {
      const weights = cached[i]!;
      if (weights.word) for (let c = 0; c < k; c++) out[c]! += value.word * weights.word[c]!;
      if (weights.charCount) for (let c = 0; c < k; c++) out[c]! += value.char * weights.chars[c]!;
      if (config.bigrams && i > 0) this.addRow(out, bigramHash(cached[i - 1]!.hash, weights.hash), value.word);
    }
    for (const name of ruleFeatures) {
      const row = this.ruleRow(name);
      if (row) for (let c = 0; c < k; c++) out[c]! += config.ruleWeight * row[c]!;
    }
    return this.softmax(out);
  }

  private ruleRow(name: string): Float64Array | null {
    let row = this.ruleRows.get(name);
    if (row === undefined) {
      row = this.rowOf(ruleHash(name)) ?? null;
      this.ruleRows.set(name, row);
    }
    return row;
  }

  private weightsOf(token: string): TokenWeights {
    let weights = this.tokenCache.get(token);
    if (weights) return weights;
    const hash = wordHash(token);
    const word = this.rowOf(hash);
    const chars = new Float64Array(this.classes.length);
    const charCount = this.features.charWeight > 0 ? charGramCount(token, this.features) : 0;
    if (charCount) forEachCharGram(token, this.features, (h) => this.addRow(chars, h, 1));
    weights = { hash, word, chars, charCount };
    if (this.tokenCache.size >= TOKEN_CACHE_LIMIT) this.tokenCache.clear();
    this.tokenCache.set(token, weights);
    return weights;
  }

  private softmax(out: Float64Array): Float64Array {
    const k = out.length;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      out[c]! += this.offsets[c] ?? 0;
      if (out[c]! > max) max = out[c]!;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      out[c] = Math.exp(out[c]! - max);
      sum += out[c]!;
    }
    for (let c = 0; c < k; c++) out[c]! /= sum;
    return out;
  }
}

let bundled: LinearModel | undefined;

/** The model shipped in src/classify/model.json (written by `npm run train:classifier`), read once. */
export function bundledModel(): LinearModel {
  if (!bundled) {
    const file = JSON.parse(readFileSync(new URL('./model.json', import.meta.url), 'utf8')) as ModelFile & Partial<typeof ModelJson>;
    bundled = new LinearModel(file);
  }
  return bundled;
}
