/**
 * The vocabulary of the seeded messages: sentence templates in Dutch, French and English with real
 * words (common: bus, tram, factuur; rare: Oosterweel; compounds: renovatiepremie, busabonnement;
 * accents: passé, délai; a phrase "bus niet gestopt" next to texts holding the same words apart).
 * A template's weight is how many times it stands in its language's pool, so the proportions of
 * each word are known by construction and counted again after seeding (see seed.ts).
 */

type Weighted = Array<[text: string, weight: number]>;

const NL: Weighted = [
  ['Waarom is de bus niet gestopt aan de halte {stop}? Ik stond er om {time}.', 4],
  ['De bus van lijn {line} is gestopt maar de chauffeur deed de deur niet open aan {stop}.', 3],
  ['Tram {line} had vanochtend weer twintig minuten vertraging richting {town}.', 8],
  ['Hoe lang is de wachttijd voor een antwoord op mijn aanvraag voor de renovatiepremie?', 3],
  ['Ik heb mijn factuur van {month} nog altijd niet ontvangen, klantnummer {num}.', 6],
  ['Wanneer wordt de energiepremie uitbetaald? Mijn dossier {num} staat al maanden open.', 2],
  ['Is er een premie voor dakisolatie als ik een woning huur in {town}?', 2],
  ['Bedankt aan de chauffeur van bus {line}, heel vriendelijk geholpen!', 4],
  ['Ik wil een klacht indienen: bus {line} reed mij gewoon voorbij aan {stop}.', 4],
  ['Mijn abonnement werd twee keer gedebiteerd, kan iemand dit nakijken? Klantnummer {num}.', 4],
  ['Waar kan ik een attest van gezinssamenstelling aanvragen in {town}?', 3],
  ['De website geeft een foutmelding bij het aanvragen van mijn rijbewijs.', 3],
  ['Het containerpark in {town} is zaterdag gesloten, klopt dat?', 3],
  ['Al drie weken wachten op de terugbetaling van mijn busabonnement, dossier {num}.', 2],
  ['De wegenwerken op de {street} zorgen elke ochtend voor file, wanneer is dat gedaan?', 4],
  ['Is de wachttijd aan het loket in {town} altijd zo lang? Ik sta hier al een uur.', 3],
  ['Wanneer gaat de Oosterweel eindelijk open voor het verkeer?', 0.05],
];

const FR: Weighted = [
  ["Le bus {line} n'est jamais passé ce matin à l'arrêt {stop}.", 5],
  ["Le tram est passé sans s'arrêter à {stop}, c'est inadmissible.", 3],
  ["J'attends toujours ma facture du mois dernier, numéro client {num}.", 3],
  ['Quel est le délai pour la prime à la rénovation ? Mon dossier {num} est déjà complet.', 2],
  ['Merci au chauffeur du bus {line}, très aimable !', 3],
  ['Le guichet de {town} est fermé, où puis-je obtenir mon certificat ?', 2],
  ['Déjà deux semaines sans réponse à ma plainte, dossier {num}.', 2],
  ['Les travaux sur le {street} causent des embouteillages tous les matins.', 2],
];

const EN: Weighted = [
  ['The bus {line} did not stop at {stop} this morning.', 3],
  ['How long is the waiting time for the renovation grant? File {num}.', 2],
  ['I still have not received my invoice for last month, customer number {num}.', 2],
  ['Thanks to the tram driver on line {line}, very helpful!', 2],
  ['Where can I apply for a parking permit in {town}?', 2],
  ['The website shows an error when I renew my driving licence.', 1],
];

const REPLIES: Record<'nl' | 'fr' | 'en', string[]> = {
  nl: [
    'Bedankt voor uw bericht. We bekijken uw vraag en komen er zo snel mogelijk op terug.',
    'Dag, kunt u ons uw klantnummer in een privébericht sturen? Dan zoeken we het verder uit.',
    'Onze excuses voor het ongemak. We hebben uw melding doorgegeven aan de betrokken dienst.',
  ],
  fr: [
    'Merci pour votre message. Nous examinons votre demande et revenons vers vous rapidement.',
    'Bonjour, pouvez-vous nous envoyer votre numéro client en message privé ?',
  ],
  en: ['Thank you for your message. We are looking into it and will get back to you soon.'],
};

const OPENERS: Record<'nl' | 'fr' | 'en', string[]> = {
  nl: ['', '', 'Goedemorgen! ', 'Hallo! ', 'Dringend: ', 'Vraagje: '],
  fr: ['', '', 'Bonjour ! ', 'Urgent : '],
  en: ['', 'Hello! ', 'Hi! '],
};

/** Slot values, filled in SQL per row. */
export const SLOTS = {
  stop: ['Gent Sint-Pieters', 'Antwerpen-Centraal', 'Leuven Station', 'Brugge Zand', 'Hasselt Kolonel Dusart', 'Mechelen Nekkerspoel', 'Kortrijk Station', 'Aalst Stationsplein', 'Sint-Niklaas Grote Markt', 'Genk Shopping 1'],
  town: ['Gent', 'Antwerpen', 'Leuven', 'Brugge', 'Hasselt', 'Mechelen', 'Kortrijk', 'Aalst', 'Oostende', 'Roeselare', 'Turnhout', 'Genk'],
  street: ['Ring van Antwerpen', 'E40', 'Noorderlaan', 'R4 rond Gent', 'Kennedytunnel', 'E17', 'Leopold III-laan'],
  month: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
};

export const FIRST_NAMES = ['Jan', 'An', 'Pieter', 'Sofie', 'Marie', 'Luc', 'Fatima', 'Mohamed', 'Els', 'Koen', 'Nathalie', 'Julie', 'Thomas', 'Lotte', 'Yusuf', 'Céline', 'François', 'Hélène', 'Bram', 'Emma', 'Noah', 'Louise', 'Arthur', 'Olivia'];
export const LAST_NAMES = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'El Amrani', 'Van Damme', 'Vermeulen', 'Desmet', 'Lemaire', 'Verstraete'];

export const TAGS: Weighted = [
  ['vertraging', 20], ['chauffeur', 10], ['halte', 8], ['abonnement', 8], ['factuur', 8], ['premie', 6], ['wegenwerken', 6],
  ['website', 5], ['loket', 5], ['terugbetaling', 4], ['rijbewijs', 3], ['containerpark', 3], ['pers', 1], ['minister', 0.5],
];

/** The pool of a weighted list, each item repeated by its weight (weights in hundredths). */
export function pool(items: Weighted): string[] {
  return items.flatMap(([text, weight]) => Array<string>(Math.max(1, Math.round(weight * 100))).fill(text));
}

export const TEMPLATES = { nl: pool(NL), fr: pool(FR), en: pool(EN) };
export { REPLIES, OPENERS };

/** Words and phrases whose share of messages the seed counts after loading (regular expressions on lower(text)). */
export const COUNTED: Record<string, string> = {
  bus: '\\mbus\\M',
  'bus* (prefix)': '\\mbus',
  'bus niet gestopt (phrase)': 'bus niet gestopt',
  'bus, niet, gestopt (all three, any order)': '^(?=.*\\mbus\\M)(?=.*\\mniet\\M)(?=.*\\mgestopt\\M)',
  premie: '\\mpremie\\M',
  '*premie* (substring)': 'premie',
  'passé': '\\mpassé\\M',
  oosterweel: 'oosterweel',
  'wachtijd (misspelling)': 'wachtijd',
  wachttijd: 'wachttijd',
};
