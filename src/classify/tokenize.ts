/**
 * Tokens of folded text (see normalize.ts). Words are mapped to one spelling for common Flemish and
 * chat variants ("ni" → "niet", "da" → "dat", "ge" → "gij"); numbers become shapes ("7u42" → "0u0");
 * links, e-mail addresses, @-handles and hashtags become placeholder tokens; emoji, "?", "!" and
 * "€" are tokens of their own; "." marks the start of the text and every sentence boundary.
 */

import { SubstringMap, substringHash } from './substring-map.js';

// Groups: 1 e-mail, 2 link, 3 hashtag, 4 number, 5 word (6 its digits), 7 emoji, 8 "?!€"; else an
// @-handle or a sentence boundary. An e-mail address is tried before a link, a link before a word.
// Emoji are matched as UTF-16 surrogate pairs or BMP symbols, so the expression needs no /u flag.
const EMOJI = '[\\ud800-\\udbff][\\udc00-\\udfff]|[\\u2190-\\u21ff\\u2300-\\u23ff\\u25a0-\\u27bf\\u2900-\\u297f\\u2b00-\\u2bff]';
const TAIL = `|@[a-z0-9_.]*[a-z0-9_]|#([a-z0-9_]+)|(\\d+(?:[.,:/]\\d+)*[a-z]{0,3}\\d*)|([a-z]+)(\\d+[a-z\\d]*)?|(${EMOJI})|([?!€])|[.;:\\n]`;
const WEB = '([a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)+)|(https?:\\/\\/\\S+|www\\.\\S+|(?:[a-z0-9-]+\\.)+(?:com|be|biz|io|shop|top|net|org|ly|me|eu|info|nl|fr|co|app|tv)\\b(?:\\/\\S*)?)';
const TOKEN_WEB = new RegExp(WEB + TAIL, 'g');
/** Most messages hold no address or link: scan() produces the tokens TOKEN_WEB would, without links. */
export const TOKEN_PLAIN = new RegExp('(\\b\\B)?(\\b\\B)?' + TAIL.slice(1), 'g');
// An e-mail address has a character of its own before the @; an @-handle (every mention on X) does not need the expression.
const HAS_WEB = /[a-z0-9._%+-]@|www\.|https?:|[a-z0-9-]\.(?:com|be|biz|io|shop|top|net|org|ly|me|eu|info|nl|fr|co|app|tv)\b/;
const DIGIT_RUN = /\d+/g;

export const URL_TOKEN = '#url';
export const EMAIL_TOKEN = '#email';
export const HANDLE_TOKEN = '#at';
export const HASHTAG_TOKEN = '#tag';
/** Sentence boundary: start of text, '.', ';', ':' or a line break. */
export const BOUNDARY_TOKEN = '.';

const VARIANTS = new Map<string, string>(Object.entries({
  ni: 'niet', nie: 'niet', nied: 'niet', nt: 'niet',
  niks: 'niets', nix: 'niets', nikske: 'niets', nikse: 'niets',
  da: 'dat', dak: 'dat', wa: 'wat', wadde: 'wat',
  ge: 'gij', g: 'gij', gy: 'gij',
  nen: 'een', nn: 'een',
  t: 'het', k: 'ik', j: 'je', l: 'le', d: 'de', c: 'ce', qu: 'que', m: 'me', n: 'ne',
  mij: 'me', mn: 'mijn', mijne: 'mijn',
  he: 'he', hee: 'he', eh: 'he', hein: 'he', hoor: 'hoor',
  oke: 'ok', okay: 'ok', oki: 'ok', okidoki: 'ok',
  mercikes: 'merci', mercie: 'merci', mercii: 'merci', mrc: 'merci',
  allee: 'allez', amaai: 'amai', amaaai: 'amai',
  gwn: 'gewoon', idd: 'inderdaad', aub: 'aub', svp: 'svp', pls: 'please', plz: 'please',
  bjr: 'bonjour', slt: 'salut', thx: 'thanks', thnx: 'thanks', ty: 'thanks', u2: 'you',
  dankuwel: 'dankjewel', dankjwl: 'dankjewel', bedankd: 'bedankt',
}));

export function numberShape(token: string): string {
  return token.replace(DIGIT_RUN, (run) => (run.length <= 2 ? '0' : run.length === 3 ? '00' : run.length === 4 ? '000' : '0000'));
}

/**
 * Splits folded text into tokens. When `offsets` is given, it receives the start and end of every
 * token in `folded` (two numbers per token), so rules can quote what they matched. When `ids` is
 * given, it receives every token's vocabulary id, so callers can keep per-token data in arrays
 * instead of maps (see vocabularyEpoch).
 */
export function tokenize(folded: string, offsets?: number[], ids?: number[]): string[] {
  if (BY_TEXT.size >= VOCABULARY_LIMIT || RAW_WORDS.size >= VOCABULARY_LIMIT || RAW_NUMBERS.size >= VOCABULARY_LIMIT) resetVocabulary();
  const out: TokenSink = { tokens: [], offsets, ids };
  emit(out, BOUNDARY, 0, 0);
  if (HAS_WEB.test(folded)) tokenizeWithRegExp(folded, out);
  else scan(folded, out);
  return out.tokens;
}

// ------------------------------------------------------------------------------------ vocabulary

/**
 * Every distinct token gets a small integer id, and a raw word or number maps to its canonical
 * token (variant spelling, number shape) through one memoised lookup, so tokens come out as the
 * same string instances every time. When the vocabulary grows past its limit it starts over in a
 * new epoch; whoever keeps arrays by id checks vocabularyEpoch() and drops them.
 */
interface Entry {
  text: string;
  id: number;
}

const VOCABULARY_LIMIT = 100_000;
const RAW_WORDS = new SubstringMap<Entry>();
const RAW_NUMBERS = new SubstringMap<Entry>();
const BY_TEXT = new Map<string, Entry>();
let epoch = 0;
let BOUNDARY = entry(BOUNDARY_TOKEN);

function entry(text: string): Entry {
  let e = BY_TEXT.get(text);
  if (e === undefined) {
    e = { text, id: BY_TEXT.size };
    BY_TEXT.set(text, e);
  }
  return e;
}

function resetVocabulary(): void {
  RAW_WORDS.clear();
  RAW_NUMBERS.clear();
  BY_TEXT.clear();
  epoch++;
  BOUNDARY = entry(BOUNDARY_TOKEN);
}

export function vocabularyEpoch(): number {
  return epoch;
}

/** The entry of the raw word text[start..end). */
function wordEntry(text: string, start: number, end: number): Entry {
  const hash = substringHash(text, start, end);
  let e = RAW_WORDS.get(text, start, end, hash);
  if (e === undefined) {
    const raw = text.slice(start, end);
    e = entry(VARIANTS.get(raw) ?? raw);
    RAW_WORDS.add(raw, hash, e);
  }
  return e;
}

/** The entry of the raw number text[start..end). */
function numberEntry(text: string, start: number, end: number): Entry {
  const hash = substringHash(text, start, end);
  let e = RAW_NUMBERS.get(text, start, end, hash);
  if (e === undefined) {
    const raw = text.slice(start, end);
    e = entry(numberShape(raw));
    RAW_NUMBERS.add(raw, hash, e);
  }
  return e;
}

interface TokenSink {
  tokens: string[];
  offsets: number[] | undefined;
  ids: number[] | undefined;
}

function emit(out: TokenSink, e: Entry, start: number, end: number): void {
  out.tokens.push(e.text);
  out.offsets?.push(start, end);
  out.ids?.push(e.id);
}

function tokenizeWithRegExp(folded: string, out: TokenSink): void {
  TOKEN_WEB.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_WEB.exec(folded)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    // A word or number group starts where the match starts.
    if (m[5] !== undefined) emit(out, m[6] === undefined ? wordEntry(folded, start, start + m[5].length) : numberEntry(folded, start, end), start, end);
    else if (m[4] !== undefined) emit(out, numberEntry(folded, start, end), start, end);
    else if (m[7] !== undefined || m[8] !== undefined) emit(out, entry(m[0]), start, end);
    else if (m[1] !== undefined) emit(out, entry(EMAIL_TOKEN), start, end);
    else if (m[2] !== undefined) emit(out, entry(URL_TOKEN), start, end);
    else if (m[3] !== undefined) {
      emit(out, entry(HASHTAG_TOKEN), start, end);
      emit(out, wordEntry(folded, start + 1, end), start, end);
    } else if (m[0].charCodeAt(0) === 64) emit(out, entry(HANDLE_TOKEN), start, end);
    else if (out.tokens[out.tokens.length - 1] !== BOUNDARY_TOKEN) emit(out, BOUNDARY, start, end);
  }
}

const isLetter = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordChar = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;

/** The same tokens as TOKEN_PLAIN, by a hand-written scanner (the common case: no link or address). */
function scan(s: string, out: TokenSink): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const start = i;
    if (isLetter(c)) {
      while (i < n && isLetter(s.charCodeAt(i))) i++;
      if (i < n && isDigit(s.charCodeAt(i))) {
        while (i < n && (isLetter(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++;
        emit(out, numberEntry(s, start, i), start, i);
      } else {
        emit(out, wordEntry(s, start, i), start, i);
      }
    } else if (isDigit(c)) {
      // \d+(?:[.,:/]\d+)*[a-z]{0,3}\d*
      while (i < n && isDigit(s.charCodeAt(i))) i++;
      for (;;) {
        const p = i < n ? s.charCodeAt(i) : 0;
        if ((p === 46 || p === 44 || p === 58 || p === 47) && i + 1 < n && isDigit(s.charCodeAt(i + 1))) {
          i++;
          while (i < n && isDigit(s.charCodeAt(i))) i++;
        } else break;
      }
      let letters = 0;
      while (letters < 3 && i < n && isLetter(s.charCodeAt(i))) {
        i++;
        letters++;
      }
      while (i < n && isDigit(s.charCodeAt(i))) i++;
      emit(out, numberEntry(s, start, i), start, i);
    } else if (c === 64) {
      // @[a-z0-9_.]*[a-z0-9_]
      let j = i + 1;
      let lastWord = -1;
      while (j < n && (isWordChar(s.charCodeAt(j)) || s.charCodeAt(j) === 46)) {
        if (s.charCodeAt(j) !== 46) lastWord = j;
        j++;
      }
      if (lastWord > 0) {
        emit(out, entry(HANDLE_TOKEN), start, lastWord + 1);
        i = lastWord + 1;
      } else i++;
    } else if (c === 35) {
      // #([a-z0-9_]+)
      let j = i + 1;
      while (j < n && isWordChar(s.charCodeAt(j))) j++;
      if (j > i + 1) {
        emit(out, entry(HASHTAG_TOKEN), start, j);
        emit(out, wordEntry(s, i + 1, j), start, j);
      }
      i = j > i + 1 ? j : i + 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      emit(out, entry(s.slice(i, i + 2)), start, i + 2);
      i += 2;
    } else if ((c >= 0x2190 && c <= 0x21ff) || (c >= 0x2300 && c <= 0x23ff) || (c >= 0x25a0 && c <= 0x27bf) || (c >= 0x2900 && c <= 0x297f) || (c >= 0x2b00 && c <= 0x2bff) || c === 63 || c === 33 || c === 0x20ac) {
      emit(out, entry(s[i]!), start, i + 1);
      i++;
    } else if (c === 46 || c === 59 || c === 58 || c === 10) {
      if (out.tokens[out.tokens.length - 1] !== BOUNDARY_TOKEN) emit(out, BOUNDARY, start, i + 1);
      i++;
    } else {
      i++;
    }
  }
}

/** True for a plain word token (letters only), the tokens that get character n-grams. */
export function isWord(token: string): boolean {
  const c = token.charCodeAt(0);
  return c >= 97 && c <= 122;
}
