import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serializeModel, trainModel } from '../src/classify/train.js';
import { MODEL_FILE, trainingRecords } from './corpus.js';

/**
 * `npm run train:classifier`: trains the message classifier on the train split (plus corrections)
 * and writes src/classify/model.json. Deterministic: the same input gives a byte-identical file.
 */

export function buildModelText(): string {
  return serializeModel(trainModel(trainingRecords()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const records = trainingRecords();
  const text = serializeModel(trainModel(records));
  writeFileSync(MODEL_FILE, text);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`trained on ${records.length} messages in ${seconds}s; wrote ${fileURLToPath(MODEL_FILE)} (${(text.length / 1024).toFixed(0)} KiB)`);
}
