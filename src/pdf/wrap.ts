/**
 * Line breaking for the PDF layout: greedy, at spaces; a word wider than the line is cut where it
 * no longer fits. Explicit line breaks ("\n") stay, and so do empty lines. Pure: the width of a
 * text comes from `width`.
 */
export function wrapText(text: string, maxWidth: number, width: (text: string) => number): string[] {
  const lines: string[] = [];
  for (const source of text.split('\n')) {
    const words = source.split(' ').filter((word) => word !== '');
    if (words.length === 0) {
      lines.push('');
      continue;
    }
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (width(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // The word alone is too wide: cut it into pieces that fit (at least one character each).
      let rest = word;
      while (width(rest) > maxWidth && rest.length > 1) {
        const cut = fittingPrefix(rest, maxWidth, width);
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** The length of the longest prefix of `word` (at least one code unit, never half a surrogate pair) that fits. */
function fittingPrefix(word: string, maxWidth: number, width: (text: string) => number): number {
  let low = 1;
  let high = word.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (width(word.slice(0, mid)) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  const code = word.charCodeAt(low - 1);
  return code >= 0xd800 && code <= 0xdbff && low < word.length ? low + 1 : low;
}

/** A text shortened with "…" to fit `maxWidth` (whole when it fits). */
export function ellipsize(text: string, maxWidth: number, width: (text: string) => number): string {
  if (width(text) <= maxWidth) return text;
  let end = text.length;
  while (end > 0 && width(`${text.slice(0, end).trimEnd()}…`) > maxWidth) end--;
  return end === 0 ? '' : `${text.slice(0, end).trimEnd()}…`;
}
