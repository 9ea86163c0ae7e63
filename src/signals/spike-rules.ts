/**
 * When a topic spikes (issue 17: signals to the competent service). Pure: counts in, decisions out.
 *
 * A topic's count in the current window (the last `windowMinutes`) is compared with its count in the
 * `baselineDays` before that window, scaled to the window's length. It spikes when (1) the count is
 * at least `minCount` (no alarm for a handful of messages), (2) it is at least `minRatio` times the
 * expected count, and (3) a Poisson process at the expected rate would reach the count with a
 * probability of at most `maxPValue`. The expected count is smoothed (one message added to the
 * baseline), so a topic never seen before is not infinitely surprising.
 */

export interface SpikeSettings {
  windowMinutes: number;
  baselineDays: number;
  minCount: number;
  minRatio: number;
  maxPValue: number;
}

export const DEFAULT_SPIKE_SETTINGS: SpikeSettings = { windowMinutes: 60, baselineDays: 7, minCount: 10, minRatio: 4, maxPValue: 0.001 };

/** How often the workers look for spikes; the window slides by this much. */
export const DETECT_EVERY_MINUTES = 5;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface Windows {
  windowStart: Date;
  windowEnd: Date;
  baselineStart: Date;
}

/** The current window ends now; the baseline is the days right before it. */
export function windowsAt(now: Date, settings: SpikeSettings): Windows {
  const windowStart = new Date(now.getTime() - settings.windowMinutes * MINUTE_MS);
  return { windowStart, windowEnd: now, baselineStart: new Date(windowStart.getTime() - settings.baselineDays * DAY_MS) };
}

/** An entity needs this much history before the window before its topics can spike. */
export const MIN_HISTORY_DAYS = 1;

/**
 * Whether the baseline means anything: an entity whose first message came in today (a new channel,
 * a fresh demo) has no usual volume yet, and every recurring word would look like a spike.
 */
export function hasHistory(oldestInBaseline: Date | null, windows: Pick<Windows, 'windowStart'>): boolean {
  return oldestInBaseline !== null && oldestInBaseline.getTime() <= windows.windowStart.getTime() - MIN_HISTORY_DAYS * DAY_MS;
}

/** Key phrases older than this are no longer needed by any window. */
export function keepPhrasesSince(now: Date, settings: SpikeSettings): Date {
  return windowsAt(now, settings).baselineStart;
}

/** The count a window would hold at the baseline's rate, with one message added to the baseline. */
export function expectedInWindow(baselineCount: number, settings: Pick<SpikeSettings, 'windowMinutes' | 'baselineDays'>): number {
  return ((baselineCount + 1) * settings.windowMinutes) / (settings.baselineDays * 24 * 60);
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

/** P(X ≥ k) for X Poisson with mean `lambda` > 0. */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (k <= lambda) {
    // Below the mean the tail is large: one minus the lower sum, which is small and adds up safely.
    let term = Math.exp(-lambda);
    let lower = 0;
    for (let i = 0; i < k; i++) {
      lower += term;
      term *= lambda / (i + 1);
    }
    return Math.max(0, Math.min(1, 1 - lower));
  }
  // Above the mean the terms only fall: sum them from k until they no longer count.
  let logTerm = k * Math.log(lambda) - lambda - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 10_000; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-12) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

export interface TopicCount {
  topic: number;
  count: number;
  baselineCount: number;
}

export interface SpikeVerdict {
  spike: boolean;
  expected: number;
  ratio: number;
  pValue: number;
}

export function judge(count: TopicCount, settings: SpikeSettings): SpikeVerdict {
  const expected = expectedInWindow(count.baselineCount, settings);
  const ratio = count.count / expected;
  const pValue = poissonTail(count.count, expected);
  const spike = count.count >= settings.minCount && ratio >= settings.minRatio && pValue <= settings.maxPValue;
  return { spike, expected, ratio, pValue };
}

/**
 * An open signal ends when its topic has fallen back: fewer than half the minimum in the window, or
 * less than half the ratio. The margin keeps a topic hovering at the threshold from raising a new
 * signal every few minutes.
 */
export function hasFallenBack(count: TopicCount, settings: SpikeSettings): boolean {
  const expected = expectedInWindow(count.baselineCount, settings);
  return count.count < settings.minCount / 2 || count.count / expected < settings.minRatio / 2;
}

export interface Candidate {
  topic: number;
  phrase: string;
  messageIds: readonly number[];
}

export interface MergedCandidate<C extends Candidate> {
  lead: C;
  /** Phrases of the same messages, told with the lead instead of as signals of their own. */
  related: string[];
}

/** Share of `a`'s messages that are also in `b`. */
function overlap(a: readonly number[], b: ReadonlySet<number>): number {
  if (a.length === 0) return 0;
  let shared = 0;
  for (const id of a) if (b.has(id)) shared++;
  return shared / a.length;
}

/** Phrases whose messages are mostly those of another phrase tell one story. */
export const SAME_STORY = 0.8;

/**
 * One signal per story: a spiking bigram ("tram storing") and its words ("tram", "storing"), or two
 * words that always come together, are counted on mostly the same messages. Larger counts lead (a
 * bigram before a word on a tie); a candidate whose messages are mostly those of a lead (or of a
 * signal already open, given in `open`) joins it instead of becoming a signal. A story is named by
 * its bigram when that covers nearly all of the lead's messages ("tram storing" rather than "tram").
 */
export function mergeCandidates<C extends Candidate>(candidates: readonly C[], open: ReadonlyArray<readonly number[]> = []): Array<MergedCandidate<C>> {
  const ordered = [...candidates].sort(
    (a, b) => b.messageIds.length - a.messageIds.length || Number(isPair(b.phrase)) - Number(isPair(a.phrase)) || a.phrase.localeCompare(b.phrase),
  );
  const openSets = open.map((ids) => new Set(ids));
  const groups: Array<{ lead: C; members: C[]; ids: Set<number> }> = [];
  for (const candidate of ordered) {
    if (openSets.some((ids) => overlap(candidate.messageIds, ids) >= SAME_STORY)) continue;
    const home = groups.find((group) => overlap(candidate.messageIds, group.ids) >= SAME_STORY);
    if (home) home.members.push(candidate);
    else groups.push({ lead: candidate, members: [], ids: new Set(candidate.messageIds) });
  }
  return groups.map(({ lead, members }) => {
    const named = isPair(lead.phrase) ? undefined : members.find((m) => isPair(m.phrase) && m.messageIds.length >= SAME_STORY * lead.messageIds.length);
    if (!named) return { lead, related: members.map((m) => m.phrase) };
    return { lead: named, related: [lead, ...members].filter((m) => m !== named).map((m) => m.phrase) };
  });
}

function isPair(phrase: string): boolean {
  return phrase.includes(' ');
}
