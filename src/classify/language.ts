import { eld } from 'eld/medium';

// Citizens write to Flemish entities in Dutch, French or English; a wider set makes short
// Flemish dialect texts come out as German or Afrikaans.
eld.dynamicLangSubset(['nl', 'fr', 'en']);

export function detectLanguage(text: string, hint?: string): string | undefined {
  const result = eld.detect(text);
  if (result.language && (result.isReliable() || !hint)) return result.language;
  return hint ?? (result.language || undefined);
}
