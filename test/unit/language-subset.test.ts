import { readFileSync } from 'node:fs';
import { eld as reference } from 'eld/medium';
import { loadCustomerServiceTest, loadSplit } from '../../scripts/corpus.js';
import { eldSubset } from '../../scripts/eld-subset.js';
import { detectLanguage, ELD_FILE, ELD_LANGUAGES } from '../../src/classify/language.js';

// The language detector reads a three-language reduction of eld's 'medium' table instead of the
// whole table (~190 MB per process); these tests hold it to the full table's verdicts.
reference.setLanguageSubset([...ELD_LANGUAGES]);

function referenceLanguage(text: string, hint?: string): string | undefined {
  const result = reference.detect(text);
  if (result.language && (result.isReliable() || !hint)) return result.language;
  return hint ?? (result.language || undefined);
}

describe('language detection from the reduced eld table', () => {
  it('the shipped table is eld medium reduced to Dutch, French and English (npx tsx scripts/eld-subset.ts)', async () => {
    const shipped = JSON.parse(readFileSync(ELD_FILE, 'utf8')) as unknown;
    expect(shipped).toEqual(await eldSubset());
  });

  it('gives the full table’s verdict on every corpus text, with and without a hint, whole and in samples', () => {
    const texts = [...loadSplit('train'), ...loadSplit('test'), ...loadCustomerServiceTest()].map((record) => record.text);
    texts.push('', 'ok', '👍👍', 'Guten Tag, wie geht es Ihnen?', 'Buenos días', 'https://example.org 12345', 'Merci!', 'thx');
    expect(texts.length).toBeGreaterThan(1000);
    const differences: string[] = [];
    for (const text of texts) {
      for (const sample of [text, text.slice(0, 40)]) {
        for (const hint of [undefined, 'nl', 'de']) {
          if (detectLanguage(sample, hint) !== referenceLanguage(sample, hint)) differences.push(`${JSON.stringify(sample.slice(0, 40))} ${hint}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});
