import { calibrate, CONFIDENCE_CEILING, fitCalibration, reliability } from '../../src/classify/calibration.js';
import { binaryComplaintReport, paraphraseConsistency } from '../../src/classify/metrics.js';

describe('calibrated confidence', () => {
  test('an over-confident model is pulled down to how often it is right; order is kept; never 100 %', () => {
    // Raw 0.99 right 7 of 10 times, raw 0.6 right 5 of 10 times.
    const points = [
      ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.99, correct: i < 7 })),
      ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.6, correct: i < 5 })),
    ];
    const knots = fitCalibration(points);
    expect(calibrate(knots, 0.99)).toBeCloseTo(0.7, 5);
    expect(calibrate(knots, 0.6)).toBeCloseTo(0.5, 5);
    expect(calibrate(knots, 0.8)).toBeGreaterThan(0.5);
    expect(calibrate(knots, 0.8)).toBeLessThan(0.7);
    // Always right at the top: still shown below 100 %.
    expect(calibrate(fitCalibration([{ confidence: 0.999, correct: true }]), 0.999)).toBe(CONFIDENCE_CEILING);
    expect(calibrate(undefined, 1)).toBe(CONFIDENCE_CEILING);
  });

  test('a rate that falls with the confidence is pooled, so the map never goes down', () => {
    const points = [
      { confidence: 0.5, correct: true },
      { confidence: 0.6, correct: false },
      { confidence: 0.7, correct: true },
      { confidence: 0.8, correct: true },
    ];
    const knots = fitCalibration(points);
    const ys = knots.map(([, y]) => y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(knots).toHaveLength(3);
  });

  test('the calibration error and the reliability table', () => {
    const points = [
      ...Array.from({ length: 8 }, (_, i) => ({ confidence: 0.85, correct: i < 4 })),
      ...Array.from({ length: 2 }, () => ({ confidence: 0.35, correct: false })),
    ];
    const { ece, bins } = reliability(points);
    // 0.8 × |0.5 − 0.85| + 0.2 × |0 − 0.35| = 0.28 + 0.07
    expect(ece).toBeCloseTo(0.35, 5);
    expect(bins[8]).toMatchObject({ count: 8, accuracy: 0.5 });
    expect(bins[3]).toMatchObject({ count: 2, accuracy: 0 });
  });
});

describe('held-out measures', () => {
  test('complaint or not, as the customer-service research set counts it', () => {
    const report = binaryComplaintReport([
      { gold: 'complaint', predicted: 'dissatisfaction' },
      { gold: 'dissatisfaction', predicted: 'complaint' },
      { gold: 'complaint', predicted: 'question' },
      { gold: 'question', predicted: 'question' },
      { gold: 'other', predicted: 'complaint' },
    ]);
    expect(report.complaint).toMatchObject({ precision: 2 / 3, recall: 2 / 3, support: 3 });
    expect(report.notComplaint).toMatchObject({ precision: 1 / 2, recall: 1 / 2, support: 2 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 1 / 2) / 2, 5);
  });

  test('paraphrase groups: one category for every variant, and the right one', () => {
    const result = paraphraseConsistency([
      { id: 'a', gold: 'complaint', predicted: ['complaint', 'complaint'] },
      { id: 'b', gold: 'complaint', predicted: ['dissatisfaction', 'dissatisfaction'] },
      { id: 'c', gold: 'question', predicted: ['question', 'complaint'] },
    ]);
    expect(result).toMatchObject({ groups: 3, consistent: 2, consistentAndRight: 1 });
    expect(result.inconsistent.map((g) => g.id)).toEqual(['c']);
  });
});
