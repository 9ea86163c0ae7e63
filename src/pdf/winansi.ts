/**
 * The standard PDF fonts (Helvetica …) encode text as WinAnsi (Windows-1252): every Dutch and French
 * letter fits, and € ‘ ’ “ ” – — • … too, but not Polish or Czech letters, Greek, emoji. `toWinAnsi`
 * keeps what fits, takes accented letters back to their base letter (Ł → L, ř → r), a few symbols
 * to ASCII look-alikes, and everything else to "?". It never throws.
 */

/** The 27 characters WinAnsi puts in 0x80–0x9F (the rest of it is Latin-1). */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const EXTRA = new Set([...WIN_ANSI_EXTRA].map((c) => c.codePointAt(0)!));

export function isWinAnsi(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff && codePoint !== 0xad) || EXTRA.has(codePoint);
}

/** Letters without a decomposition, and symbols, to what WinAnsi has. */
const LOOK_ALIKE: Record<string, string> = {
  ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ħ: 'h', Ħ: 'H', ı: 'i', ŀ: 'l', Ŀ: 'L', ŧ: 't', Ŧ: 'T', ſ: 's', ĸ: 'k', ŉ: "'n",
  ĳ: 'ij', Ĳ: 'IJ', ǆ: 'dž', ǅ: 'Dž', Ǆ: 'DŽ', ǉ: 'lj', ǌ: 'nj',
  '\u00ad': '', '\u2010': '-', '\u2011': '-', '\u2012': '–', '\u2015': '—', '\u2212': '-',
  '\u2032': "'", '\u2033': '"', '\u201b': '‘', '\u201f': '“', '\u2039': '‹', '\u203a': '›',
  '\u2264': '<=', '\u2265': '>=', '\u2260': '!=', '\u2192': '->', '\u2190': '<-', '\u2194': '<->', '\u21d2': '=>',
  '\u25cf': '•', '\u25aa': '•', '\u2023': '•', '\u2043': '-', '\u2713': 'v', '\u2714': 'v', '\u2717': 'x',
  '\u2116': 'No.', '\u2103': '°C',
};

/** Removed: zero-width characters, variation selectors, emoji skin tones and tags. */
function invisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) || cp === 0x2060 || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0000 && cp <= 0xe007f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)
  );
}

function isSpace(cp: number): boolean {
  return cp === 0x09 || cp === 0x0b || cp === 0x0c || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

const COMBINING = /\p{M}/u;

/**
 * One character (code point) as WinAnsi text: itself, its base letter, a look-alike, "" for an
 * invisible or control character, or "?".
 */
function character(char: string): string {
  const cp = char.codePointAt(0)!;
  if (isWinAnsi(cp)) return char;
  if (char === '\n') return '\n';
  if (isSpace(cp)) return ' ';
  if (invisible(cp) || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || COMBINING.test(char)) return '';
  const alike = LOOK_ALIKE[char];
  if (alike !== undefined) return [...alike].every((c) => isWinAnsi(c.codePointAt(0)!)) ? alike : [...alike].map(character).join('');
  // A letter with marks WinAnsi lacks: keep the marks it has (ř → r, ő → o, but ě → e), else drop them.
  const decomposed = char.normalize('NFD');
  if (decomposed !== char) {
    const base = [...decomposed].filter((c) => !COMBINING.test(c)).join('');
    const recomposed = [...decomposed.normalize('NFC')];
    if (recomposed.length === 1 && isWinAnsi(recomposed[0]!.codePointAt(0)!)) return recomposed[0]!;
    if (base && [...base].every((c) => isWinAnsi(c.codePointAt(0)!))) return base;
  }
  const compatible = char.normalize('NFKC');
  if (compatible !== char && [...compatible].every((c) => isWinAnsi(c.codePointAt(0)!) || c === ' ')) return compatible;
  return '?';
}

/**
 * Text for a standard font: NFC first (so "e" + combining acute becomes "é"), line ends as "\n",
 * tabs and odd spaces as a space, then character by character as above. Anything that is not a
 * string becomes its String() form; null and undefined become "".
 */
export function toWinAnsi(text: unknown): string {
  if (text === null || text === undefined) return '';
  let value: string;
  try {
    value = typeof text === 'string' ? text : String(text);
  } catch {
    return '?';
  }
  // Lone surrogates (broken UTF-16) would survive normalize(); toWellFormed turns them into U+FFFD.
  const wellFormed = (value as string & { toWellFormed?: () => string }).toWellFormed?.() ?? value;
  const normalized = wellFormed.normalize('NFC').replace(/\r\n?/g, '\n');
  let out = '';
  let joined = false;
  let flagHalf = false;
  for (const char of normalized) {
    const cp = char.codePointAt(0)!;
    if (cp === 0x200d) {
      joined = true;
      continue;
    }
    // A flag is two regional indicators, an emoji sequence is joined by ZWJ: one "?" for either.
    const regional = cp >= 0x1f1e6 && cp <= 0x1f1ff;
    if (regional && flagHalf) {
      flagHalf = false;
      continue;
    }
    flagHalf = regional;
    const mapped = character(char);
    if (joined && mapped === '?' && out.endsWith('?')) {
      joined = false;
      continue;
    }
    joined = false;
    out += mapped;
  }
  return out;
}
