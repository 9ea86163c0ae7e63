/**
 * The demo's pace: on average one message every `intervalSeconds` (setting demo.messageIntervalSeconds),
 * each wait drawn between half and one and a half times that, so messages do not tick in like a clock.
 */
export function nextDelayMs(intervalSeconds: number, random: () => number): number {
  return Math.round(intervalSeconds * 1000 * (0.5 + random()));
}

/** When the next `count` messages come, in ms after `startMs`, at the given pace. */
export function paceSchedule(intervalSeconds: number, count: number, random: () => number, startMs = 0): number[] {
  let at = startMs;
  return Array.from({ length: count }, () => (at += nextDelayMs(intervalSeconds, random)));
}

/**
 * The backlog a demo starts with: `count` moments in the `hours` before `now`, spread like a
 * working day's messages (each in its own slot, somewhere within it), oldest first.
 */
export function backlogTimes(now: Date, count: number, hours: number, random: () => number): Date[] {
  const span = hours * 3_600_000;
  const slot = span / Math.max(1, count);
  // The newest message is a few minutes old, not from this very second.
  return Array.from({ length: count }, (_, i) => new Date(now.getTime() - span + i * slot + random() * slot * 0.9 - 120_000));
}
