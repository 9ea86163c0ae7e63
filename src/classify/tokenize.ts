/**
 * Tokens of folded text (see normalize.ts). Words are mapped to one spelling for common Flemish and
 * chat variants ("ni" → "niet", "da" → "dat", "ge" → "gij"); numbers become shapes ("7u42" → "0u0");
 * links, e-mail addresses, @-handles and hashtags become placeholder tokens; emoji, "?", "!" and
 * "€" are tokens of their own; "." marks the start of the text and every sentence boundary.
 */

// Group order matters: an e-mail address is tried before a link, a link before a word.
const TOKEN =
  /([a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)|(https?:\/\/\S+|www\.\S+|(?:[a-z0-9-]+\.)+(?:com|be|biz|io|shop|top|net|org|ly|me|eu|info|nl|fr|co|app|tv)\b(?:\/\S*)?)|@[a-z0-9_.]*[a-z0-9_]|#([a-z0-9_]+)|(\d+(?:[.,:/]\d+)*[a-z]{0,3}\d*)|([a-z]+)(\d+[a-z\d]*)?|(\p{Extended_Pictographic})|([?!€])|[.;:\n]/gu;
const DIGIT_RUN = /\d+/g;

export const URL_TOKEN = '#url';
export const EMAIL_TOKEN = '#email';
export const HANDLE_TOKEN = '#at';
export const HASHTAG_TOKEN = '#tag';
/** Sentence boundary: start of text, '.', ';', ':' or a line break. */
export const BOUNDARY_TOKEN = '.';

const VARIANTS: Record<string, string> = {
  ni: 'niet', nie: 'niet', nied: 'niet', nt: 'niet',
  niks: 'niets', nix: 'niets', nikske: 'niets', nikse: 'niets',
  da: 'dat', dak: 'dat', wa: 'wat', wadde: 'wat',
  ge: 'gij', g: 'gij', gy: 'gij',
  ne: 'een', nen: 'een', nn: 'een',
  t: 'het', k: 'ik', j: 'je', l: 'le', d: 'de', c: 'ce', qu: 'que', m: 'me', n: 'ne',
  mij: 'me', mn: 'mijn', mijne: 'mijn',
  he: 'he', hee: 'he', eh: 'he', hein: 'he', hoor: 'hoor',
  oke: 'ok', okay: 'ok', oki: 'ok', okidoki: 'ok',
  mercikes: 'merci', mercie: 'merci', mercii: 'merci', mrc: 'merci',
  allee: 'allez', amaai: 'amai', amaaai: 'amai',
  gwn: 'gewoon', idd: 'inderdaad', aub: 'aub', svp: 'svp', pls: 'please', plz: 'please',
  bjr: 'bonjour', slt: 'salut', thx: 'thanks', thnx: 'thanks', ty: 'thanks', u2: 'you',
  dankuwel: 'dankjewel', dankjwl: 'dankjewel', bedankd: 'bedankt',
};

export function numberShape(token: string): string {
  return token.replace(DIGIT_RUN, (run) => (run.length <= 2 ? '0' : run.length === 3 ? '00' : run.length === 4 ? '000' : '0000'));
}

/** Splits folded text into tokens. */
export function tokenize(folded: string): string[] {
  const tokens: string[] = [BOUNDARY_TOKEN];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(folded)) !== null) {
    if (m[5] !== undefined) tokens.push(m[6] === undefined ? (VARIANTS[m[5]] ?? m[5]) : numberShape(m[0]));
    else if (m[4] !== undefined) tokens.push(numberShape(m[4]));
    else if (m[7] !== undefined || m[8] !== undefined) tokens.push(m[0]);
    else if (m[1] !== undefined) tokens.push(EMAIL_TOKEN);
    else if (m[2] !== undefined) tokens.push(URL_TOKEN);
    else if (m[3] !== undefined) tokens.push(HASHTAG_TOKEN, VARIANTS[m[3]] ?? m[3]);
    else if (m[0].charCodeAt(0) === 64) tokens.push(HANDLE_TOKEN);
    else if (tokens[tokens.length - 1] !== BOUNDARY_TOKEN) tokens.push(BOUNDARY_TOKEN);
  }
  return tokens;
}

/** True for a plain word token (letters only), the tokens that get character n-grams. */
export function isWord(token: string): boolean {
  const c = token.charCodeAt(0);
  return c >= 97 && c <= 122;
}
