import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Citizens write to Flemish entities in Dutch, French or English; a wider set makes short
// Flemish dialect texts come out as German or Afrikaans.
export const ELD_LANGUAGES: readonly string[] = ['nl', 'fr', 'en'];

/**
 * eld's detector with its 'medium' n-gram table reduced to those three languages
 * (scripts/eld-subset.ts): the same verdicts as `eld/medium` with a language subset, without
 * holding the table of 60 languages (~190 MB per process). The table is read on first use.
 */
export const ELD_FILE = fileURLToPath(new URL('./eld-subset.json', import.meta.url));

/** eld's entry module (src/entries/dynamic.js); its detector module sits next to it. */
export const ELD_ENTRY = pathToFileURL(
  (createRequire(import.meta.url).resolve.paths('eld') ?? [])
    .map((dir) => path.join(dir, 'eld', 'src', 'entries', 'dynamic.js'))
    .find((file) => existsSync(file)) ?? 'eld-not-installed',
).href;

interface EldResult {
  language: string;
  isReliable(): boolean;
}
interface Eld {
  detect(text: string): EldResult;
  setLanguageSubset(languages: readonly string[]): unknown;
}
interface EldModule {
  createEld(): { instance: Eld; loadData(data: unknown): string };
}

// eld's package exports only its preloaded entries; its detector module is loaded by path.
const { createEld } = (await import(new URL('../languageDetector.js', ELD_ENTRY).href)) as EldModule;
let eld: Eld | undefined;

function detector(): Eld {
  if (eld) return eld;
  const { instance, loadData } = createEld();
  loadData(JSON.parse(readFileSync(ELD_FILE, 'utf8')));
  instance.setLanguageSubset(ELD_LANGUAGES);
  return (eld = instance);
}

export function detectLanguage(text: string, hint?: string): string | undefined {
  const result = detector().detect(text);
  if (result.language && (result.isReliable() || !hint)) return result.language;
  return hint ?? (result.language || undefined);
}
