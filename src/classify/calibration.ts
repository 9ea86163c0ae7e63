/**
 * Calibrated confidence: the number shown next to a category is a probability that holds — of the
 * messages shown as 80 %, about 80 % are right. Fitted by isotonic regression (pool adjacent
 * violators) of "was the verdict right" on the raw confidence, over out-of-fold verdicts on the
 * training data (train-classifier.ts), and stored in the model file as a few knots. Applying it is
 * a monotone piecewise-linear map, so the order of confidences never changes. Pure.
 */

/** [raw confidence, calibrated probability] pairs, raw ascending. */
export type CalibrationKnots = Array<[number, number]>;

/** Never certain: a verdict is never shown as 100 % (nor as less than a guess among four). */
export const CONFIDENCE_CEILING = 0.98;
export const CONFIDENCE_FLOOR = 0.25;

/** Fits the map from raw confidence to the share of right verdicts; `bins` caps the knots kept. */
export function fitCalibration(points: ReadonlyArray<{ confidence: number; correct: boolean }>, bins = 20): CalibrationKnots {
  if (points.length === 0) return [];
  const sorted = [...points].sort((a, b) => a.confidence - b.confidence);
  // Pool adjacent violators: blocks of (sum of right, count, mean raw), merged while a block's rate exceeds the next's.
  const blocks: Array<{ right: number; count: number; rawSum: number }> = [];
  for (const p of sorted) {
    blocks.push({ right: p.correct ? 1 : 0, count: 1, rawSum: p.confidence });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const before = blocks[blocks.length - 2]!;
      if (before.right / before.count <= last.right / last.count) break;
      blocks.splice(blocks.length - 2, 2, { right: before.right + last.right, count: before.count + last.count, rawSum: before.rawSum + last.rawSum });
    }
  }
  let knots: CalibrationKnots = blocks.map((b) => [b.rawSum / b.count, b.right / b.count]);
  // Thin to at most `bins` knots, keeping both ends (the map stays monotone).
  if (knots.length > bins) {
    const step = (knots.length - 1) / (bins - 1);
    knots = Array.from({ length: bins }, (_, i) => knots[Math.round(i * step)]!);
  }
  return knots.map(([raw, p]) => [round(raw), round(clamp(p))]);
}

/** The calibrated probability of a raw confidence (identity without knots), within the floor and the ceiling. */
export function calibrate(knots: CalibrationKnots | undefined, raw: number): number {
  if (!knots || knots.length === 0) return clamp(raw);
  if (raw <= knots[0]![0]) return clamp(knots[0]![1]);
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]!;
    if (raw <= x1) {
      const [x0, y0] = knots[i - 1]!;
      return clamp(x1 === x0 ? y1 : y0 + ((raw - x0) / (x1 - x0)) * (y1 - y0));
    }
  }
  return clamp(knots[knots.length - 1]![1]);
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

/** Expected calibration error over equal-width bins of the shown confidence, and the reliability table. */
export function reliability(points: ReadonlyArray<{ confidence: number; correct: boolean }>, binCount = 10): { ece: number; bins: ReliabilityBin[] } {
  const bins: ReliabilityBin[] = Array.from({ length: binCount }, (_, i) => ({ from: i / binCount, to: (i + 1) / binCount, count: 0, meanConfidence: 0, accuracy: 0 }));
  for (const p of points) {
    const bin = bins[Math.min(binCount - 1, Math.floor(p.confidence * binCount))]!;
    bin.count++;
    bin.meanConfidence += p.confidence;
    bin.accuracy += p.correct ? 1 : 0;
  }
  let ece = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    bin.meanConfidence /= bin.count;
    bin.accuracy /= bin.count;
    ece += (bin.count / points.length) * Math.abs(bin.accuracy - bin.meanConfidence);
  }
  return { ece, bins };
}

function clamp(p: number): number {
  return Math.min(CONFIDENCE_CEILING, Math.max(CONFIDENCE_FLOOR, p));
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
