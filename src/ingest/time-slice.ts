import { setImmediate } from 'node:timers/promises';

/**
 * Work done beside a commit gives the event loop back every `ms`, so the commit's next statement is
 * not held up by a whole batch: `if (slice.spent) await slice.next();` between items.
 */
export class TimeSlice {
  private start = performance.now();

  constructor(private readonly ms: number) {}

  get spent(): boolean {
    return performance.now() - this.start > this.ms;
  }

  async next(): Promise<void> {
    await setImmediate();
    this.start = performance.now();
  }
}
