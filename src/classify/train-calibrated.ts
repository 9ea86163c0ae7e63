import { fitCalibration } from './calibration.js';
import { classifyWith } from './classify.js';
import { LinearModel, type ModelFile } from './model.js';
import { DEFAULT_TRAIN_OPTIONS, trainModel, type LabelledMessage, type TrainOptions } from './train.js';

/** How many folds give the out-of-fold verdicts the calibration is fitted on. */
export const CALIBRATION_FOLDS = 5;

/**
 * Trains the model on all messages and calibrates its confidence on verdicts it did not train on:
 * each message is classified by a model trained on the other folds (stratified by category,
 * deterministic), and the map from raw confidence to the share of right verdicts is fitted on those
 * (calibration.ts). The same messages give the same file.
 */
export function trainCalibratedModel(messages: readonly LabelledMessage[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS, folds = CALIBRATION_FOLDS): ModelFile {
  const fold = stratifiedFolds(messages, folds);
  const points: Array<{ confidence: number; correct: boolean }> = [];
  for (let f = 0; f < folds; f++) {
    const model = new LinearModel(trainModel(messages.filter((_, i) => fold[i] !== f), options));
    messages.forEach((message, i) => {
      if (fold[i] !== f) return;
      const verdict = classifyWith(model, message.text, { ...(message.lang ? { lang: message.lang } : {}), ...(message.platform ? { platform: message.platform } : {}) }, false);
      points.push({ confidence: verdict.confidence, correct: verdict.category === message.category });
    });
  }
  return { ...trainModel(messages, options), calibration: fitCalibration(points) };
}

/** Fold of each message: round-robin within its category, so every fold has every category. */
export function stratifiedFolds(messages: readonly Pick<LabelledMessage, 'category'>[], folds: number): number[] {
  const seen = new Map<string, number>();
  return messages.map((message) => {
    const n = seen.get(message.category) ?? 0;
    seen.set(message.category, n + 1);
    return n % folds;
  });
}
