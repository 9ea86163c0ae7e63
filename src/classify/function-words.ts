import { detectLanguage } from './language.js';
import { vocabularyEpoch } from './tokenize.js';

/**
 * Language of a message from its function words, for speed: Dutch, French and English messages
 * of a sentence or more are told apart by words like "het/niet/mijn", "les/pas/vous" and
 * "the/my/with" (words the languages share, such as "de", "en", "is", "we", are left out).
 * When the count is not clear — short texts, mixed languages — the language the platform reported
 * stands if no function word contradicts it; otherwise language.ts (eld) decides.
 */

const WORDS: ReadonlyArray<[string, string]> = [
  [
    'nl',
    'het een van ik niet dat op te voor met zijn maar mijn ook nog al wel naar er aan bij jullie wordt werd heb hebben heeft geen om hoe wat waar wanneer moet kan kunnen gij uw dit deze zo nu dan als ze wij ons onze daar alles niets iets veel meer altijd nooit sinds tot door zou waarom welke wie dag bedankt hallo goeiedag goedemorgen beste geachte vriendelijke groeten graag hoor gewoon echt heel zeer weer keer ook gaat komt krijg krijgen vraag',
  ],
  [
    'fr',
    'le la les des du un une et est je pas ne que qui pour dans sur avec mon ma mes vous nous il elle ce au aux ou plus tout bonjour sont ont ai avez votre vos cette ces mais comme tres bien fait etre avoir deja toujours jamais rien personne chez depuis quand comment pourquoi quel quelle moi lui leur se sa son y merci svp bonsoir cordialement',
  ],
  [
    'en',
    'the and to for my i it on with you your was this that not are have has be at from our they but can do does what when how hi thanks there been will would just an if so any get got please still why who which were had us their them about after than then very really again since because hello thank dear regards',
  ],
];

const LANGUAGE_OF = new Map<string, number>();
WORDS.forEach(([, words], i) => {
  for (const word of words.split(' ')) LANGUAGE_OF.set(word, i);
});

/** Language index of each token id (-1: no function word), for the current vocabulary epoch. */
let byId: number[] = [];
let byIdEpoch = vocabularyEpoch();

/** Language by function-word count when one language clearly leads, else eld on a sample of the text. */
export function messageLanguage(tokens: readonly string[], text: string, hint: string | undefined, sampleChars: number, ids?: readonly number[]): string | undefined {
  const counts = [0, 0, 0];
  if (ids && byIdEpoch !== vocabularyEpoch()) {
    byId = [];
    byIdEpoch = vocabularyEpoch();
  }
  for (let t = 0; t < tokens.length; t++) {
    let i: number | undefined;
    if (ids) {
      i = byId[ids[t]!];
      if (i === undefined) i = byId[ids[t]!] = LANGUAGE_OF.get(tokens[t]!) ?? -1;
    } else i = LANGUAGE_OF.get(tokens[t]!) ?? -1;
    if (i >= 0) counts[i]!++;
  }
  let best = 0;
  for (let i = 1; i < 3; i++) if (counts[i]! > counts[best]!) best = i;
  const second = Math.max(...counts.filter((_, i) => i !== best));
  if (counts[best]! >= 2 && counts[best]! >= 2 * second) return WORDS[best]![0];
  // Too little text to tell: the platform's language stands unless the function words speak against it.
  const hinted = WORDS.findIndex(([lang]) => lang === hint);
  if (hinted >= 0 && counts[hinted]! >= counts[best]!) return hint;
  return detectLanguage(text.length > sampleChars ? text.slice(0, sampleChars) : text, hint);
}
