/**
 * The dashboard's medians from the rollup's histograms (migration 029, ticket_day_times): per time
 * (first response, resolution) 72 log-scale buckets of minutes, each with a count and a sum of
 * seconds. Bucket b holds the times of m minutes with 1.2^b <= 1 + m < 1.2^(b+1); the last is open.
 *
 * How far from exact: the estimate always lies in the bucket that holds the true middle value(s), so
 * it is off by less than a bucket's width (a factor 1.2 on 1 + m); within a bucket the values are
 * spread evenly around their known mean, so a bucket with one ticket gives its value exactly and many
 * tickets per bucket (the case of large windows) give errors well under the width.
 */
export const BUCKETS = 72;
export const RATIO = 1.2;
export const TIMES = ['response', 'resolution'] as const;
export type TimeName = (typeof TIMES)[number];

/** The SQL columns of one time's histogram, bucket order: count and seconds of each bucket. */
export function histogramColumns(time: TimeName): { count: string; seconds: string }[] {
  return Array.from({ length: BUCKETS }, (_, b) => ({ count: `${time}_count_${b}`, seconds: `${time}_seconds_${b}` }));
}

export interface Bucket {
  count: number;
  seconds: number;
}

/** The median in minutes (percentile_cont(0.5): the mean of the two middle values when the count is even); null without values. */
export function medianMinutes(buckets: readonly Bucket[]): number | null {
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (total <= 0) return null;
  const low = valueAt(buckets, Math.floor((total - 1) / 2));
  const high = valueAt(buckets, Math.ceil((total - 1) / 2));
  return (low + high) / 2;
}

/** The k-th smallest value (0-based), in minutes. */
function valueAt(buckets: readonly Bucket[], k: number): number {
  let before = 0;
  for (let b = 0; b < buckets.length; b++) {
    const { count, seconds } = buckets[b]!;
    if (count <= 0) continue;
    if (k < before + count) return estimate(b, count, seconds / 60 / count, k - before);
    before += count;
  }
  return 0;
}

/** The j-th of `count` values of bucket b with mean `mean`: evenly spaced around the mean, inside the bucket. */
function estimate(b: number, count: number, mean: number, j: number): number {
  if (count === 1) return mean;
  const low = RATIO ** b - 1;
  const high = b === BUCKETS - 1 ? Infinity : RATIO ** (b + 1) - 1;
  const room = Math.max(0, Math.min(mean - low, high - mean));
  const step = (2 * room) / (count - 1);
  return mean + (j - (count - 1) / 2) * step;
}
