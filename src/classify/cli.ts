import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { classify } from './classify.js';

/** `inbox classify "text"` prints a readable verdict; `inbox classify --jsonl` streams JSON lines. */
export async function runClassify(args: string[]): Promise<number> {
  if (args.includes('--jsonl')) return classifyJsonLines();
  const text = args.filter((a) => !a.startsWith('--')).join(' ').trim();
  if (!text) {
    console.error('usage: inbox classify "text"   or   inbox classify --jsonl < messages.jsonl');
    return 2;
  }
  const verdict = classify(text);
  console.log(`${verdict.category} (${Math.round(verdict.confidence * 100)}%), language: ${verdict.lang ?? 'unknown'}`);
  for (const signal of verdict.signals) console.log(`  - ${signal}`);
  if (verdict.flags.length) console.log(`  flags: ${verdict.flags.join(', ')}`);
  return 0;
}

async function classifyJsonLines(): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const output = JSON.stringify(classifyLine(line)) + '\n';
    // Respect back-pressure so 10,000 lines do not pile up in memory.
    if (!process.stdout.write(output)) await once(process.stdout, 'drain');
  }
  return 0;
}

function classifyLine(line: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { id: null, error: 'invalid JSON' };
  }
  const record = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : null;
  if (typeof record.text !== 'string') return { id, error: 'field "text" must be a string' };
  const hints = {
    ...(typeof record.lang === 'string' ? { lang: record.lang } : {}),
    ...(typeof record.platform === 'string' ? { platform: record.platform } : {}),
  };
  const verdict = classify(record.text, hints);
  return { id, category: verdict.category, confidence: verdict.confidence, signals: verdict.signals, flags: verdict.flags, lang: verdict.lang ?? null };
}
