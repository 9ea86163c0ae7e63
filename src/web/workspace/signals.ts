/**
 * The classifier's signals as words (src/classify/rules.ts and flags.ts write them in English for
 * the corpus tools: "label: 'quoted words'"). The label is translated, the citizen's own quoted
 * words stay; the marker names of a concrete case and the kind of personal data are translated too.
 * An unknown label becomes a neutral word, never the English.
 */
export function signalText(signal: string, words: Record<string, string>, other: string): string {
  const colon = signal.indexOf(':');
  const label = (colon < 0 ? signal : signal.slice(0, colon)).trim();
  const rest = colon < 0 ? '' : signal.slice(colon + 1).trim();
  const name = words[label];
  if (!name) return quotes(rest) ? `${other}: ${quotes(rest)}` : other;
  if (!rest) return name;
  // "concrete case: day 'gisteren', line or stop 'lijn 9'"
  const parts = [...rest.matchAll(/(?:([^',]+?)\s*)?'([^']*)'/g)].map(([, marker, quoted]) => {
    const word = marker ? words[marker.trim()] : undefined;
    return word ? `${word} „${quoted}”` : `„${quoted}”`;
  });
  if (parts.length > 0) return `${name}: ${parts.join(', ')}`;
  // "personal data in the message: phone number"
  return words[rest] ? `${name}: ${words[rest]}` : name;
}

function quotes(text: string): string {
  return [...text.matchAll(/'([^']*)'/g)].map(([, quoted]) => `„${quoted}”`).join(', ');
}
