/**
 * Suggestions for a complainant's details from the text of a message they sent, e.g. their private
 * answer to the request for details: a name, a Belgian address, an e-mail address and a phone number.
 * Only suggestions: a coordinator confirms them (by saving the intake form) before anything is stored.
 * Pure: no I/O.
 */

/** One suggested detail: its value as the intake form would take it and the text it was read from. */
export interface DetailSuggestion {
  value: string;
  matched: string;
}

export interface DetailSuggestions {
  name?: DetailSuggestion;
  address?: DetailSuggestion;
  email?: DetailSuggestion;
  phone?: DetailSuggestion;
}

const LETTER = String.raw`\p{L}`;
const UPPER = String.raw`\p{Lu}`;
/** A capitalised word of a name ("Marleen", "Marie-Claire", "D'Hondt", "O’Neill"). */
const NAME_WORD = String.raw`${UPPER}[${LETTER}'’]*(?:-${UPPER}[${LETTER}'’]*)*`;
/** Lower-case particles inside a name ("Jan van den Broeck", "Anne de la Croix"). */
const PARTICLE = String.raw`(?:van|von|de|der|den|het|ter|ten|te|la|le|du|des|da|di|d'|d’)`;
const NAME = String.raw`${NAME_WORD}(?:\s+(?:${PARTICLE}\s+)*${NAME_WORD}){0,3}`;

/** Dutch street names end in one of these ("Stationsstraat", "Koning Albertlaan", "Grote Markt"). */
const DUTCH_SUFFIXES = [
  'straat', 'laan', 'plein', 'steenweg', 'weg', 'dreef', 'lei', 'kaai', 'markt', 'baan', 'dijk', 'singel', 'vest',
  'hof', 'pad', 'gracht', 'berg', 'kouter', 'wegel', 'dries', 'heide', 'veld', 'park', 'ring', 'square', 'gaarde', 'hoek', 'boulevard',
];
/** French street names start with one of these ("rue de la Loi", "chaussée de Waterloo", "Place Flagey"). */
const FRENCH_PREFIXES = [
  'rue', 'avenue', 'av.', 'chaussée', 'chée', 'place', 'boulevard', 'bd', 'quai', 'square', 'allée', 'impasse', 'chemin', 'drève',
  'route', 'clos', 'sentier', 'parvis', 'galerie', 'rond-point', 'cours', 'passage', 'esplanade',
];

/** Words that can look like a street ending in a suffix but are not ("onderweg", "Wegenverkeer" is not matched anyway). */
const NOT_STREETS = new Set(['onderweg', 'halfweg', 'midweg', 'zijweg', 'omweg', 'snelweg', 'autosnelweg', 'weg', 'laan', 'straat', 'plein']);

/** Words before a Dutch street name that are part of it ("Koning Albertlaan", "Oude Gentweg", "Dokter Van de Perrestraat"). */
const STREET_TITLES = new Set([
  'koning', 'koningin', 'prins', 'prinses', 'generaal', 'burgemeester', 'pastoor', 'oude', 'nieuwe', 'grote', 'kleine', 'lange', 'korte',
  'hoge', 'lage', 'sint', 'dokter', 'dr', 'kardinaal', 'kapitein', 'luitenant', 'graaf', 'gravin', 'hertog', 'baron', 'pater', 'zuster',
  'onze-lieve-vrouw', 'oost', 'west', 'noord', 'zuid', 'kanunnik', 'professor', 'prof', 'minister', 'mgr', 'jan', 'frans', 'van', 'de',
]);

/** Greetings and forms of address that open a message but are not a name. */
const NOT_NAMES = new Set([
  'beste', 'geachte', 'dag', 'hallo', 'hoi', 'hey', 'goeiedag', 'goedendag', 'goedemorgen', 'goedemiddag', 'goedenavond', 'mevrouw', 'meneer',
  'heer', 'dames', 'bonjour', 'bonsoir', 'madame', 'monsieur', 'mesdames', 'messieurs', 'cher', 'chère', 'dear', 'hello', 'hi', 'sir',
  'madam', 'mr', 'mrs', 'ms', 'klachtendienst', 'team', 'de', 'het', 'een', 'ik', 'wij', 'je', 'nous', 'i', 'we', 'groeten', 'merci', 'dank',
  'bedankt', 'thanks', 'thank', 'mvg', 'vriendelijke', 'in', 'op', 'aan', 'te', 'mijn', 'my', 'mon', 'ma', 'adres', 'address', 'adresse',
]);

/** Words after a number that make it a quantity, a time or a line rather than a house number. */
const MONTHS = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december',
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'january', 'february', 'march', 'may', 'june', 'july', 'august', 'october', 'jan', 'feb', 'okt', 'oct', 'nov', 'dec',
];
const NOT_AFTER_NUMBER = String.raw`(?:km|m|min|minuten|minutes|uur|u|h|keer|fois|times|euro|eur|€|%|jaar|ans|years|dagen|jours|days|${MONTHS.join('|')})(?![${LETTER}])`;

const STREET_WORD = String.raw`[${LETTER}][${LETTER}'’.-]*`;
/** Words of a street are on one line. */
const SPACE = String.raw`[^\S\n]+`;
const HOUSE_NUMBER = String.raw`\d{1,4}(?!\d)(?:\s?[a-zA-Z](?![${LETTER}]))?`;
const BOX = String.raw`(?:\s*[,/]?\s*(?:bus|bte|boîte|boite|b\.|box)\s*[\dA-Za-z]{1,5}\b)`;
const POSTAL = String.raw`(?:B-|BE-)?([1-9]\d{3})`;
const SEPARATOR = String.raw`(?:[^\S\n]+|-)`;
/** "Aalter", "Knokke-Heist", "Sint-Martens-Latem", "La Louvière", "Braine-l’Alleud", "Mont-sur-Marchienne". */
const MUNICIPALITY = String.raw`${NAME_WORD}(?:${SEPARATOR}(?:(?:sur|lez|en|la|le|l'|l’|aan|de|den|op|ter|sous)${SEPARATOR}?)?${NAME_WORD}){0,3}`;

/**
 * Street words (up to six, trimmed afterwards), a house number with an optional box, then an
 * optional postal code and municipality.
 */
const ADDRESS = new RegExp(
  String.raw`((?:${STREET_WORD}${SPACE}){0,5}?${STREET_WORD})${SPACE}(${HOUSE_NUMBER})(?![\d/:.,]\d)(${BOX})?` +
    String.raw`(?:\s*(?:,|–|—|-|\n)?\s*${POSTAL}\s+(${MUNICIPALITY}))?`,
  'gu',
);

const FRENCH_PREFIX = FRENCH_PREFIXES.map((prefix) => prefix.replace('.', String.raw`\.`)).join('|');

/** The French order, number first ("16, rue de la Loi, 1000 Bruxelles"): only with a postal code, so "20 rue" alone is no address. */
const ADDRESS_NUMBER_FIRST = new RegExp(
  String.raw`(?<![\d${LETTER}])(\d{1,4}(?!\d)(?:[a-zA-Z](?![${LETTER}]))?)(?:${SPACE})?,?${SPACE}((?:${FRENCH_PREFIX})(?:${SPACE}${STREET_WORD}){1,6}?)` +
    String.raw`(?:${SPACE})?(?:,|–|—|-|\n)?\s*${POSTAL}\s+(${MUNICIPALITY})`,
  'giu',
);

const EMAIL = /(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu;

/** +32 / 0032 / 0 followed by digits with spaces, dots, slashes or dashes between them. */
const PHONE = /(?<![\d+])(?:(?:\+|00)32[\s./-]?(?:\(0\)[\s./-]?)?|0)\d(?:[\s./-]?\d){6,8}(?![\d])/gu;

/** Phrases that introduce a name, matched with either case of their first letter (the name itself must be capitalised). */
const introduction = (phrases: string[]): string => phrases.map((phrase) => `[${phrase[0]!.toUpperCase()}${phrase[0]!.toLowerCase()}]${phrase.slice(1)}`).join('|');

const NAME_INTRODUCTIONS = [
  { pattern: new RegExp(String.raw`(?<![${LETTER}])(?:${introduction(['mijn naam is', 'ik heet', 'my name is', "je m'appelle", 'je m’appelle', 'mon nom est'])})\s*:?\s+(${NAME})`, 'gu'), minWords: 1 },
  { pattern: new RegExp(String.raw`(?<![${LETTER}])(?:${introduction(['ik ben', 'je suis', 'i am', "i'm", 'i’m'])})\s+(${NAME})`, 'gu'), minWords: 2 },
  { pattern: new RegExp(String.raw`(?<![${LETTER}])(?:${introduction(['naam', 'name', 'nom'])})\s*:\s*(${NAME})`, 'gu'), minWords: 1 },
];

function streetOf(words: string): string | undefined {
  const parts = words.split(/\s+/u);
  const french = parts.findIndex((word) => FRENCH_PREFIXES.includes(word.toLowerCase()));
  if (french >= 0 && french < parts.length - 1) return parts.slice(french).join(' ');
  // Dutch: the last word carries the suffix; the street starts at the first capitalised word of the run before it.
  const last = parts[parts.length - 1]!;
  const lower = last.toLowerCase();
  if (NOT_STREETS.has(lower) && parts.length === 1) return undefined;
  if (!DUTCH_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return undefined;
  if (NOT_STREETS.has(lower) && !/^\p{Lu}/u.test(last)) return undefined;
  // Words before it belong to the street when they are a title ("Koning Albertlaan") or when it is the suffix alone ("Grote Markt").
  let start = parts.length - 1;
  const alone = DUTCH_SUFFIXES.includes(lower);
  while (start > 0 && parts.length - start <= 2) {
    const previous = parts[start - 1]!;
    const title = STREET_TITLES.has(previous.toLowerCase().replace(/\.$/u, '')) || /^Sint-/u.test(previous);
    if (!/^\p{Lu}/u.test(previous) || NOT_NAMES.has(previous.toLowerCase()) || (!title && !(alone && start === parts.length - 1))) break;
    start--;
  }
  if (!/^\p{Lu}/u.test(parts[start]!)) return undefined;
  return parts.slice(start).join(' ');
}

interface FoundAddress extends DetailSuggestion {
  index: number;
}

function findAddress(text: string): FoundAddress | undefined {
  for (const match of text.matchAll(ADDRESS)) {
    const [, words, number, box, postal, municipality] = match;
    const street = streetOf(words!);
    if (!street) continue;
    const rest = text.slice(match.index + match[0].length);
    const postalCode = postal === undefined ? undefined : Number(postal);
    const hasPostal = postalCode !== undefined && postalCode >= 1000 && postalCode <= 9992;
    if (!hasPostal && new RegExp(String.raw`^\s*${NOT_AFTER_NUMBER}`, 'iu').test(rest)) continue;
    const start = match.index + words!.length - street.length;
    const boxText = box ? ` ${box.replace(/^[\s,/]+/u, '').replace(/\s+/gu, ' ')}` : '';
    const value = `${street} ${number!.replace(/\s+/gu, '')}${boxText}${hasPostal ? `, ${postal} ${municipality}` : ''}`;
    const end = hasPostal ? match.index + match[0].length : match.index + match[0].indexOf(number!, words!.length) + number!.length + (box?.length ?? 0);
    return { value, matched: text.slice(start, end).trim(), index: start };
  }
  for (const match of text.matchAll(ADDRESS_NUMBER_FIRST)) {
    const [matched, number, street, postal, municipality] = match;
    const postalCode = Number(postal);
    if (postalCode < 1000 || postalCode > 9992) continue;
    // "le bus 71 rue du Trône": a line number, not a house number.
    if (/(?:bus|lijn|tram|ligne|line|métro|metro|n°|nr\.?)\s*$/iu.test(text.slice(0, match.index))) continue;
    return { value: `${street!.replace(/\s+/gu, ' ')} ${number}, ${postal} ${municipality}`, matched: matched.trim(), index: match.index };
  }
  return undefined;
}

function findPhone(text: string): DetailSuggestion | undefined {
  for (const match of text.matchAll(PHONE)) {
    const matched = match[0];
    const digits = matched.replace(/\D/gu, '');
    const national = digits.startsWith('0032') ? digits.slice(4) : digits.startsWith('32') && matched.trimStart().startsWith('+') ? digits.slice(2) : digits.slice(1);
    const significant = national.replace(/^0/u, '');
    const mobile = significant.length === 9 && /^4[5-9]/u.test(significant);
    const landline = significant.length === 8 && /^[1-9]/u.test(significant);
    if (!mobile && !landline) continue;
    // A date written with separators ("03/10/2024", "12.03.24") is not a number to call.
    if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/u.test(matched)) continue;
    return { value: `+32${significant}`, matched };
  }
  return undefined;
}

function findEmail(text: string): DetailSuggestion | undefined {
  const match = EMAIL.exec(text);
  EMAIL.lastIndex = 0;
  if (!match) return undefined;
  const matched = match[0].replace(/\.+$/u, '');
  return { value: matched.toLowerCase(), matched };
}

const CAPITAL_PARTICLES = new Set(['van', 'de', 'der', 'den', 'le', 'la', 'du', 'des', 'ter', 'ten']);

function isName(candidate: string, minWords: number): boolean {
  const words = candidate.split(/\s+/u).filter((word) => /^\p{Lu}/u.test(word));
  if (words.length < minWords || NOT_NAMES.has(words[0]!.toLowerCase())) return false;
  const names = words.filter((word) => !CAPITAL_PARTICLES.has(word.toLowerCase()));
  return names.length >= Math.min(minWords, 2) && !names.some((word) => NOT_NAMES.has(word.toLowerCase()));
}

function trimName(candidate: string): string {
  // A trailing particle belongs to the next sentence, not to the name.
  return candidate.replace(new RegExp(String.raw`(?:\s+${PARTICLE})+$`, 'u'), '').trim();
}

function findName(text: string, address: FoundAddress | undefined): DetailSuggestion | undefined {
  for (const { pattern, minWords } of NAME_INTRODUCTIONS) {
    for (const match of text.matchAll(pattern)) {
      const offset = match[0].length - match[1]!.length;
      const start = match.index + offset;
      // "Mijn naam is Marleen Vermeulen Stationsstraat 4": the street is not part of the name.
      const end = address && address.index > start && address.index < start + match[1]!.length ? address.index : start + match[1]!.length;
      const candidate = trimName(text.slice(start, end));
      if (candidate && isName(candidate, minWords)) return { value: candidate, matched: match[0].slice(0, offset) + candidate };
    }
  }
  // Two or three capitalised words on their own just before the address ("Marleen Vermeulen, Stationsstraat 4, 9880 Aalter").
  if (address) {
    const before = text.slice(0, address.index).replace(/[\s,;:–—-]+$/u, '');
    const line = before.split(/\n|[.!?]\s+/u).pop()!.trim();
    const alone = new RegExp(String.raw`^${NAME}$`, 'u');
    const count = line.split(/\s+/u).filter((word) => /^\p{Lu}/u.test(word)).length;
    if (alone.test(line) && count >= 2 && count <= 3 && isName(line, 2)) return { value: line, matched: line };
  }
  return undefined;
}

/** What the message suggests for each detail; a detail it does not mention is absent. */
export function suggestDetails(text: string): DetailSuggestions {
  const address = findAddress(text);
  const name = findName(text, address);
  const email = findEmail(text);
  const phone = findPhone(text);
  return {
    ...(name ? { name } : {}),
    ...(address ? { address: { value: address.value, matched: address.matched } } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  };
}
