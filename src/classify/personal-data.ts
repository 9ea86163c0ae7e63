/**
 * Detectors for personal data in folded text (see normalize.ts): Belgian national register numbers
 * (mod-97 check digit, with the rule for births from 2000), IBANs (ISO 13616 mod-97), Belgian phone
 * numbers, e-mail addresses and street addresses with a house number. Each returns the matched text
 * or undefined.
 */

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/;
// 85.07.30-033.28, 85 07 30 033 28, 85073003328; not inside a longer digit run.
const NATIONAL_NUMBER = /(?<![\d.])(\d{2})[. ]?(\d{2})[. ]?(\d{2})[-. ]?(\d{3})[. ]?(\d{2})(?![\d])/g;
const NATIONAL_NUMBER_WORDS = /rijksregister|insz|national (register )?number|registre national|numero national|numero de registre|n(?:ational)? ?id/;
const IBAN = /\b([a-z]{2})(\d{2})((?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?)\b/g;
const PHONE = /(?:(?:\+|00)32 ?(?:\(0\))? ?|(?<![\d.,/])0)[1-9](?:[ ./-]?\d){7,8}(?![\d])/g;
const FOREIGN_PHONE = /(?:\+|00)(?:3[0-13-9]|4\d|1|2\d)\d? ?\d(?:[ ./-]?\d){7,11}(?![\d])/;
const STREET_SUFFIX =
  'straat|laan|weg|steenweg|plein|dreef|lei|kaai|baan|markt|dijk|hof|pad|veld|berg|singel|gracht|wal|vest|kouter|ring|heide|hoek|akker|wegel|gang|kade|park|boulevard|square';
const STREET_WITH_POSTCODE = new RegExp(`\\b[a-z][a-z'-]*(?:${STREET_SUFFIX})\\.? \\d{1,4}[a-z]?(?: ?(?:bus|bte|b) ?\\d+)?,? ?\\d{4} [a-z]`);
const FRENCH_STREET_WITH_POSTCODE =
  /\b(?:rue|avenue|av\.|chaussee|boulevard|bd|place|chemin|allee|clos|square|quai|drève|dreve|impasse|route)\b[a-z' -]{2,40}? \d{1,4}[a-z]?(?: ?(?:bte|bus|b) ?\d+)?,? ?\d{4} [a-z]/;
const STREET_AFTER_ADDRESS_WORD = new RegExp(
  `\\b(?:adres|woon|woonadres|address|adresse|domicile|domicilie|habite|live at|wonende)\\b[^.\\n]{0,25}?\\b(?:[a-z][a-z'-]*(?:${STREET_SUFFIX})|(?:rue|avenue|chaussee|place|chemin) [a-z' -]{2,30}?) \\d{1,4}[a-z]?\\b`,
);
const ENGLISH_STREET = /\b\d{1,4} [a-z]+ (?:street|road|avenue|lane|drive)\b/;

export function findEmail(folded: string): string | undefined {
  return EMAIL.exec(folded)?.[0];
}

/** Belgian national register number; the check digit is validated unless the text names it. */
export function findNationalNumber(folded: string): string | undefined {
  const named = NATIONAL_NUMBER_WORDS.test(folded);
  NATIONAL_NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NATIONAL_NUMBER.exec(folded)) !== null) {
    const [, yy, mm, dd, serial, check] = m as unknown as [string, string, string, string, string, string];
    const month = Number(mm) % 20; // bis numbers add 20 or 40 to the month
    if (month > 12 || Number(dd) > 31) continue;
    if (isValidNationalNumber(yy + mm + dd + serial, Number(check))) return m[0];
    if (named && /[.-]/.test(m[0])) return m[0];
  }
  return undefined;
}

export function isValidNationalNumber(firstNine: string, check: number): boolean {
  const base = Number(firstNine);
  if (97 - (base % 97) === check) return true;
  return 97 - ((2_000_000_000 + base) % 97) === check;
}

export function findIban(folded: string): string | undefined {
  IBAN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IBAN.exec(folded)) !== null) {
    const compact = m[0].replace(/ /g, '');
    if (compact.length >= 15 && isValidIban(compact)) return m[0];
  }
  return undefined;
}

export function isValidIban(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 97 ? String(code - 87) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** Belgian mobile (04xx xx xx xx) or landline (0x xxx xx xx), national or +32 notation. */
export function findPhone(folded: string): string | undefined {
  PHONE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PHONE.exec(folded)) !== null) {
    const international = m[0].startsWith('+') || m[0].startsWith('00');
    let digits = m[0].replace(/\D/g, '');
    digits = international ? digits.replace(/^(?:00)?32/, '').replace(/^0/, '') : digits.slice(1);
    if (digits.startsWith('4') ? digits.length === 9 : digits.length === 8) return m[0];
  }
  return FOREIGN_PHONE.exec(folded)?.[0];
}

// Cheap tests that gate the expensive expressions above.
const POSTCODE_AND_TOWN = /\b\d{4} [a-z]/;
const ADDRESS_WORD = /adres|woon|address|domicil|habite|live at/;
const ENGLISH_STREET_WORD = /street|road|avenue|lane|drive/;

export function findAddress(folded: string): string | undefined {
  if (POSTCODE_AND_TOWN.test(folded)) {
    const found = STREET_WITH_POSTCODE.exec(folded)?.[0] ?? FRENCH_STREET_WITH_POSTCODE.exec(folded)?.[0];
    if (found) return found;
  }
  if (ADDRESS_WORD.test(folded)) {
    const found = STREET_AFTER_ADDRESS_WORD.exec(folded)?.[0];
    if (found) return found;
  }
  return ENGLISH_STREET_WORD.test(folded) ? ENGLISH_STREET.exec(folded)?.[0] : undefined;
}

const PERSONAL_DATA_CHECKS: Array<[string, (s: string) => string | undefined, number]> = [
  // [kind, detector, digits the text needs at least]
  ['national register number', findNationalNumber, 11],
  ['IBAN', findIban, 12],
  ['e-mail address', findEmail, 0],
  ['phone number', findPhone, 8],
  ['street address', findAddress, 1],
];

/** The first piece of personal data found, with what kind it is. */
export function findPersonalData(folded: string): { kind: string; text: string } | undefined {
  let digits = 0;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  const hasAt = folded.includes('@');
  for (const [kind, find, minDigits] of PERSONAL_DATA_CHECKS) {
    if (digits < minDigits || (minDigits === 0 && !hasAt)) continue;
    const text = find(folded);
    if (text) return { kind, text };
  }
  return undefined;
}
