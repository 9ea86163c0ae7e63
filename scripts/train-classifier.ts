import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelFile } from '../src/classify/model.js';
import { DEFAULT_TRAIN_OPTIONS, serializeModel } from '../src/classify/train.js';
import { trainCalibratedModel } from '../src/classify/train-calibrated.js';
import { MODEL_FILE, trainingRecords, type CorpusRecord } from './corpus.js';

/**
 * `npm run train:classifier`: trains the message classifier on the train split (plus corrections)
 * and writes src/classify/model.json with its confidence calibration (out-of-fold, train-calibrated.ts).
 * Deterministic: the same input gives a byte-identical file. The file carries a fingerprint of what
 * it was trained from (the lines, the options and the classifier's code), so a test can tell in a
 * moment whether it is out of date.
 */

const CLASSIFY_DIR = new URL('../src/classify/', import.meta.url);
/** Files that do not change what the model learns or how it scores. */
const NOT_IN_FINGERPRINT = new Set(['cli.ts', 'metrics.ts']);

export function trainingFingerprint(records: readonly CorpusRecord[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(records.map((r) => [r.id, r.text, r.category, r.lang, r.platform])));
  hash.update(JSON.stringify(DEFAULT_TRAIN_OPTIONS));
  for (const name of readdirSync(CLASSIFY_DIR).filter((n) => n.endsWith('.ts') && !NOT_IN_FINGERPRINT.has(n)).sort()) {
    hash.update(name).update(readFileSync(new URL(name, CLASSIFY_DIR)));
  }
  return hash.digest('hex');
}

export function buildModel(records: readonly CorpusRecord[] = trainingRecords()): ModelFile {
  const model = trainCalibratedModel(records);
  model.training.fingerprint = trainingFingerprint(records);
  return model;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const records = trainingRecords();
  const text = serializeModel(buildModel(records));
  writeFileSync(MODEL_FILE, text);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`trained on ${records.length} messages in ${seconds}s; wrote ${fileURLToPath(MODEL_FILE)} (${(text.length / 1024).toFixed(0)} KiB)`);
}
