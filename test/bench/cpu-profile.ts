import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * BENCH_CPU_PROFILE=<file>: a V8 CPU profile of this process over the end-to-end run only (not the
 * classifier's warm-up or the raw INSERT baselines), for Chrome DevTools or any .cpuprofile reader.
 * With BENCH_HEAP_PROFILE=<file> as well: where the run allocates (sampled, collected objects included),
 * as a .heapprofile: garbage collection is a large part of ingest's CPU time.
 */
export async function startCpuProfile(): Promise<{ stop(file: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  if (process.env.BENCH_HEAP_PROFILE) await session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      if (process.env.BENCH_HEAP_PROFILE) writeFileSync(process.env.BENCH_HEAP_PROFILE, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
