import { CATEGORIES, type Category } from '../tickets/ticket.js';
import { analyze } from './analysis.js';
import { DEFAULT_FEATURES, extractFeatures, FeatureBuffer, type FeatureConfig } from './features.js';
import type { ModelFile } from './model.js';

/**
 * Trains the linear model: multinomial logistic regression over the hashed features (features.ts),
 * fitted with AdaGrad SGD and L2 regularisation, classes weighted by inverse frequency. Pure and
 * deterministic: a seeded shuffle, no clock, no Math.random, so the same messages always give a
 * byte-identical model file (serializeModel).
 */

export interface LabelledMessage {
  id?: string;
  text: string;
  category: Category;
  lang?: string;
  platform?: string;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** A feature must occur in at least this many messages to get a weight. */
  minCount: number;
  /** Weight classes by inverse frequency. */
  balance: boolean;
  features: FeatureConfig;
  /** Added to the class scores at decision time, in CATEGORIES order. */
  offsets: number[];
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 30,
  learningRate: 0.2,
  l2: 1e-4,
  seed: 20240601,
  minCount: 2,
  balance: true,
  features: DEFAULT_FEATURES,
  offsets: [0, 0, 0, 0],
};

const SCALE = 10_000;

interface SparseDoc {
  index: Int32Array;
  value: Float64Array;
  label: number;
}

export function trainModel(messages: readonly LabelledMessage[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): ModelFile {
  const classes = CATEGORIES as readonly Category[];
  const k = classes.length;
  const buffer = new FeatureBuffer();

  // 1. Features per message, duplicates summed, and in how many messages each feature occurs.
  const raw: Array<{ hashes: number[]; values: number[]; label: number }> = [];
  const documentCount = new Map<number, number>();
  for (const message of messages) {
    const analysis = analyze(message.text, { lang: message.lang, platform: message.platform });
    extractFeatures(analysis.tokens, analysis.ruleFeatures, options.features, buffer);
    const summed = new Map<number, number>();
    for (let i = 0; i < buffer.length; i++) summed.set(buffer.hashes[i]!, (summed.get(buffer.hashes[i]!) ?? 0) + buffer.values[i]!);
    const hashes = [...summed.keys()].sort((a, b) => a - b);
    raw.push({ hashes, values: hashes.map((h) => summed.get(h)!), label: classes.indexOf(message.category) });
    for (const h of hashes) documentCount.set(h, (documentCount.get(h) ?? 0) + 1);
  }
  if (raw.some((d) => d.label < 0)) throw new Error('unknown category in training data');

  // 2. Vocabulary: features seen often enough, in hash order.
  const keys = [...documentCount.entries()].filter(([, n]) => n >= options.minCount).map(([h]) => h).sort((a, b) => a - b);
  const position = new Map<number, number>(keys.map((h, i) => [h, i]));
  const docs: SparseDoc[] = raw.map((d) => {
    const index: number[] = [];
    const value: number[] = [];
    d.hashes.forEach((h, i) => {
      const p = position.get(h);
      if (p !== undefined) {
        index.push(p);
        value.push(d.values[i]!);
      }
    });
    return { index: Int32Array.from(index), value: Float64Array.from(value), label: d.label };
  });

  // 3. Class weights: inverse frequency, mean 1.
  const perClass = new Array<number>(k).fill(0);
  for (const d of docs) perClass[d.label]!++;
  const classWeight = perClass.map((n) => (options.balance && n > 0 ? docs.length / (k * n) : 1));

  // 4. AdaGrad SGD on the softmax cross-entropy with L2.
  const weights = new Float64Array(keys.length * k);
  const squares = new Float64Array(keys.length * k);
  const random = mulberry32(options.seed);
  const order = docs.map((_, i) => i);
  const scores = new Float64Array(k);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const di of order) {
      const doc = docs[di]!;
      scores.fill(0);
      for (let f = 0; f < doc.index.length; f++) {
        const base = doc.index[f]! * k;
        const v = doc.value[f]!;
        for (let c = 0; c < k; c++) scores[c]! += v * weights[base + c]!;
      }
      softmaxInPlace(scores);
      const cw = classWeight[doc.label]!;
      for (let f = 0; f < doc.index.length; f++) {
        const base = doc.index[f]! * k;
        const v = doc.value[f]!;
        for (let c = 0; c < k; c++) {
          const w = base + c;
          const g = cw * (scores[c]! - (c === doc.label ? 1 : 0)) * v + options.l2 * weights[w]!;
          squares[w]! += g * g;
          weights[w]! -= (options.learningRate * g) / (Math.sqrt(squares[w]!) + 1e-8);
        }
      }
    }
  }

  // 5. Quantise; drop features whose weights all round to zero.
  const keptKeys: number[] = [];
  const keptWeights: number[] = [];
  keys.forEach((h, i) => {
    const row: number[] = [];
    for (let c = 0; c < k; c++) row.push(Math.round(weights[i * k + c]! * SCALE));
    if (row.some((x) => x !== 0)) {
      keptKeys.push(h);
      keptWeights.push(...row);
    }
  });

  return {
    format: 'social-inbox-classifier',
    version: 1,
    classes: [...classes],
    features: { ...options.features },
    offsets: [...options.offsets],
    training: {
      messages: messages.length,
      epochs: options.epochs,
      learningRate: options.learningRate,
      l2: options.l2,
      seed: options.seed,
      minCount: options.minCount,
      balance: options.balance,
    },
    scale: SCALE,
    keys: keptKeys,
    weights: keptWeights.map((x) => (Object.is(x, -0) ? 0 : x)),
  };
}

/** Stable text form of a model: metadata pretty-printed, the two big arrays on one line each. */
export function serializeModel(model: ModelFile): string {
  const { keys, weights, ...meta } = model;
  const head = JSON.stringify(meta, null, 2).slice(0, -2);
  return `${head},\n  "keys": ${JSON.stringify(keys)},\n  "weights": ${JSON.stringify(weights)}\n}\n`;
}

function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c]! - max);
    sum += scores[c]!;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
}

/** Small seeded PRNG (mulberry32): the shuffle order, and so the model, depend only on the seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
