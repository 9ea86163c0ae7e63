/**
 * Writes src/classify/eld-subset.json: eld's 'medium' n-gram table reduced to the languages
 * src/classify/language.ts detects (Dutch, French, English). eld scores every language and then
 * drops those outside the subset, so the reduced table gives the same verdicts as the full one
 * (test/unit/language-subset.test.ts checks both) in a few MB instead of ~190 MB per process.
 * `npx tsx scripts/eld-subset.ts` after upgrading eld.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ELD_ENTRY, ELD_FILE, ELD_LANGUAGES } from '../src/classify/language.js';

interface NgramsData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

export async function eldSubset(): Promise<NgramsData> {
  const { ngramsData } = (await import(new URL('../ngrams/medium.js', ELD_ENTRY).href)) as { ngramsData: NgramsData };
  const keep = Object.keys(ngramsData.languages).filter((id) => ELD_LANGUAGES.includes(ngramsData.languages[id]!));
  const ngrams: NgramsData['ngrams'] = {};
  for (const [ngram, scores] of Object.entries(ngramsData.ngrams)) {
    const kept = Object.fromEntries(keep.filter((id) => scores[id] !== undefined).map((id) => [id, scores[id]!]));
    if (Object.keys(kept).length) ngrams[ngram] = kept;
  }
  // All languages stay listed: eld sizes its score array by them and indexes it by language number.
  return { type: ngramsData.type, languages: ngramsData.languages, ngrams };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = await eldSubset();
  writeFileSync(ELD_FILE, `${JSON.stringify(data)}\n`);
  console.log(`${Object.keys(data.ngrams).length} n-grams written to ${ELD_FILE}`);
}
