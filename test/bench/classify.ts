import { readFileSync } from 'node:fs';
import { classify } from '../../src/classify/classify.js';

/**
 * Classifier throughput: classifies every text of the labelled corpus (train and test splits, all
 * languages) over and over for about two seconds on the calling thread, after a short warm-up.
 */

const CORPUS_DIR = new URL('../fixtures/classify/', import.meta.url);

interface Sample {
  text: string;
  lang: string;
  platform: string;
}

function corpusSamples(): Sample[] {
  const samples: Sample[] = [];
  for (const lang of ['nl', 'fr', 'en']) {
    for (const split of ['train', 'test']) {
      for (const line of readFileSync(new URL(`${lang}.${split}.jsonl`, CORPUS_DIR), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const record = JSON.parse(line) as Sample;
        samples.push({ text: record.text, lang: record.lang, platform: record.platform });
      }
    }
  }
  return samples;
}

export async function benchClassifier(durationSeconds = 2): Promise<{ messagesPerSecond: number; messages: number; seconds: number }> {
  const samples = corpusSamples();
  let sink = 0;
  for (const s of samples) sink += classify(s.text, { lang: s.lang, platform: s.platform }).confidence; // warm-up
  const started = process.hrtime.bigint();
  let messages = 0;
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  while (messages === 0 || elapsed() < durationSeconds) {
    for (const s of samples) sink += classify(s.text, { lang: s.lang, platform: s.platform }).confidence;
    messages += samples.length;
  }
  const seconds = elapsed();
  if (Number.isNaN(sink)) throw new Error('classifier returned NaN confidence');
  return { messagesPerSecond: messages / seconds, messages, seconds };
}

if (process.argv[1]?.endsWith('/test/bench/classify.ts')) {
  const result = await benchClassifier();
  console.log(`${Math.round(result.messagesPerSecond)} messages/s (${result.messages} messages in ${result.seconds.toFixed(2)}s)`);
}
