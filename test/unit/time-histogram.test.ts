import { BUCKETS, medianMinutes, RATIO, type Bucket } from '../../src/reports/time-histogram.js';

/** A histogram of times in minutes, bucketed as migration 029 does (ticket_rollup_bucket). */
function histogram(minutes: number[]): Bucket[] {
  const buckets = Array.from({ length: BUCKETS }, () => ({ count: 0, seconds: 0 }));
  for (const m of minutes) {
    const b = Math.min(BUCKETS - 1, Math.floor(Math.log(1 + Math.max(m, 0)) / Math.log(RATIO)));
    buckets[b]!.count += 1;
    buckets[b]!.seconds += Math.round(m * 60);
  }
  return buckets;
}

function exactMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}

test('no values: no median; one ticket per bucket: the exact median (the mean of the middle two when even)', () => {
  expect(medianMinutes(histogram([]))).toBeNull();
  expect(medianMinutes(histogram([30, 60, 90]))).toBe(60);
  expect(medianMinutes(histogram([120, 600]))).toBe(360);
  expect(medianMinutes(histogram([1, 5, 30, 60, 90]))).toBe(30);
  expect(medianMinutes(histogram([0, 0.5]))).toBe(0.25);
  // beyond the last bucket's start (289 days) the bucket is open-ended, the mean still holds
  expect(medianMinutes(histogram([600_000]))).toBe(600_000);
});

test('many tickets: within a bucket of the exact median, and close for smooth spreads', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (const spread of [60, 2880, 28_800]) {
    for (const n of [2, 3, 10, 101, 5000]) {
      const values = Array.from({ length: n }, () => random() * spread);
      const exact = exactMedian(values);
      const estimate = medianMinutes(histogram(values))!;
      // never further than one bucket (a factor RATIO on 1 + minutes)
      expect((1 + estimate) / (1 + exact)).toBeLessThanOrEqual(RATIO);
      expect((1 + exact) / (1 + estimate)).toBeLessThanOrEqual(RATIO);
      if (n >= 101) expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.03);
    }
  }
});

test('equal times in one bucket give that time', () => {
  expect(medianMinutes(histogram([45, 45, 45, 45]))).toBe(45);
});
