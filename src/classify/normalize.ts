/**
 * Text folding shared by the rules, the flags and the model features: lower case, no accents,
 * one kind of apostrophe, English contractions spelled out and Flemish clitics ("m'n", "'k")
 * written in full. The output keeps digits, punctuation and emoji, so the numeric patterns
 * (dates, times, reference numbers, phone numbers) can still run on it.
 */

const NON_ASCII = /[^\u0020-\u007e\t\n\r]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const APOSTROPHES = /[’‘`´ʼ]/g;
const LIGATURES = /[œæß]/g;
const LIGATURE_TEXT: Record<string, string> = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss' };
const NEGATED_AUX = /\b(can|won|ain)'t\b/g;
const NEGATED_AUX_TEXT: Record<string, string> = { can: 'can not', won: 'will not', ain: 'is not' };
const NT = /([a-z])n't\b/g;
const EN_CLITIC = /([a-z])'(m|re|ve|ll)\b/g;
const EN_CLITIC_TEXT: Record<string, string> = { m: ' am', re: ' are', ve: ' have', ll: ' will' };
const NL_CLITIC = /(^|[^a-z])(m|z)'n\b/g;

const CURRENCY = /[$£]/g;

export function fold(text: string): string {
  let s = text.toLowerCase();
  if (NON_ASCII.test(s)) {
    s = s.normalize('NFD').replace(COMBINING_MARKS, '').replace(APOSTROPHES, "'").replace(LIGATURES, (c) => LIGATURE_TEXT[c] ?? c);
  }
  // Every currency is money to the rules ("$7000 to fix", "£40 fine").
  if (s.includes('$') || s.includes('£')) s = s.replace(CURRENCY, '€');
  if (s.includes("'")) {
    s = s
      .replace(NEGATED_AUX, (_m, aux: string) => NEGATED_AUX_TEXT[aux] ?? aux)
      .replace(NT, '$1 not')
      .replace(EN_CLITIC, (_m, before: string, clitic: string) => before + (EN_CLITIC_TEXT[clitic] ?? ''))
      .replace(NL_CLITIC, (_m, before: string, which: string) => before + (which === 'm' ? 'mijn' : 'zijn'));
  }
  return s;
}
