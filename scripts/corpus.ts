import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Category } from '../src/tickets/ticket.js';
import type { ModerationFlag } from '../src/classify/types.js';

/**
 * The labelled classifier corpus in test/fixtures/classify: `{nl,fr,en}.{train,test}.jsonl`, plus
 * exported corrections in `corrections/*.jsonl` (same line format). Training reads the train split
 * and the corrections only; the test split is for the final evaluation.
 */

export interface CorpusRecord {
  id: string;
  text: string;
  category: Category;
  lang: string;
  platform: string;
  entity: string;
  flags: ModerationFlag[];
  hard: string | null;
}

export type Split = 'train' | 'test';

export const LANGUAGES = ['nl', 'fr', 'en'] as const;
export const CORPUS_DIR = new URL('../test/fixtures/classify/', import.meta.url);
export const CORRECTIONS_DIR = new URL('corrections/', CORPUS_DIR);
export const MODEL_FILE = new URL('../src/classify/model.json', import.meta.url);

export function parseJsonLines(text: string, source: string): CorpusRecord[] {
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim())
    .map(([line, i]) => {
      try {
        return JSON.parse(line) as CorpusRecord;
      } catch {
        throw new Error(`${source}:${i + 1}: invalid JSON`);
      }
    });
}

/** Realistic-traffic lines written for issue 14 (realistic/*.md says who wrote them and how the test lines were kept apart). */
export const REALISTIC_DIR = new URL('realistic/', CORPUS_DIR);

/** A split: the first corpus and the realistic-traffic lines, per language. */
export function loadSplit(split: Split, languages: readonly string[] = LANGUAGES): CorpusRecord[] {
  const realistic = existsSync(REALISTIC_DIR) ? readdirSync(REALISTIC_DIR).sort() : [];
  return languages.flatMap((lang) => [
    ...readLines(new URL(`${lang}.${split}.jsonl`, CORPUS_DIR)),
    // nl.train.jsonl, nl.train-paraphrases.jsonl …: one split, several files
    ...realistic.filter((name) => name === `${lang}.${split}.jsonl` || (name.startsWith(`${lang}.${split}-`) && name.endsWith('.jsonl'))).flatMap((name) => readLines(new URL(name, REALISTIC_DIR))),
  ]);
}

/** English customer-service tweets (held out), counted as the research set counts them: complaint or not. */
export function loadCustomerServiceTest(): CorpusRecord[] {
  return readLines(new URL('en.customer-service.test.jsonl', REALISTIC_DIR), true);
}

export interface ParaphraseGroup {
  id: string;
  category: Category;
  lang: string;
  entity: string;
  variants: string[];
}

/** Groups of messages a careful reader gives one category (held out: never trained on). */
export function loadParaphrases(): ParaphraseGroup[] {
  const url = new URL('paraphrases.jsonl', REALISTIC_DIR);
  if (!existsSync(url)) return [];
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as ParaphraseGroup);
}

function readLines(url: URL, optional = false): CorpusRecord[] {
  if (optional && !existsSync(url)) return [];
  return parseJsonLines(readFileSync(url, 'utf8'), url.pathname);
}

/** Corrections, file by file in name order; lines whose id belongs to the test split are ignored. */
export function loadCorrections(): CorpusRecord[] {
  if (!existsSync(CORRECTIONS_DIR)) return [];
  const testIds = new Set(loadSplit('test').map((r) => r.id));
  return readdirSync(CORRECTIONS_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => parseJsonLines(readFileSync(new URL(name, CORRECTIONS_DIR), 'utf8'), name))
    .filter((r) => !testIds.has(r.id));
}

/** What `npm run train:classifier` trains on: the train split, with corrections replacing or adding lines. */
export function trainingRecords(): CorpusRecord[] {
  const byId = new Map<string, CorpusRecord>();
  for (const r of loadSplit('train')) byId.set(r.id, r);
  for (const r of loadCorrections()) byId.set(r.id, r);
  return [...byId.values()];
}
