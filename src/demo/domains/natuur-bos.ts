import type { EntityDomain } from '../domain.js';

/** Forests and nature reserves, rangers, dogs and walking routes, hunting (exam, licence), felling and nature permits. */
export const NATUUR_BOS: EntityDomain = {
  entity: 'agentschap-natuur-bos',
  officialName: 'Agentschap voor Natuur en Bos',
  keywords: ['bos', 'woud', 'heide', 'jacht', 'jager', 'wandel', 'natuur', 'kap', 'forêt', 'forest', 'sentier', 'hond', 'chiens', 'speelzone', 'mountainbike', 'vtt', 'ranger'],
  markers: ['boswachter', '\\bjacht', 'kapmachtiging', 'natuurvergunning', 'speelzone'],
  slots: {
    forest: ['Zoniënwoud', 'Meerdaalwoud', 'Hallerbos', 'Kalmthoutse Heide', 'Bulskampveld', 'Grotenhoutbos', 'Drongengoed', "Bos t'Ename", 'Pijnven', 'Heidebos'],
    town: ['Overijse', 'Oud-Heverlee', 'Halle', 'Kalmthout', 'Beernem', 'Vorselaar', 'Knesselare', 'Oudenaarde', 'Lommel', 'Wachtebeke'],
    animal: ['everzwijnen', 'reeën', 'damherten', 'vossen', 'dassen'],
    seen: ['een ree', 'een vos', 'een das', 'twee damherten', 'een specht', 'een ijsvogel'],
    ref: ['ANB/2026/0418', 'ANB/2026/0733', 'ANB/2026/1107', 'ANB/2026/1390', 'ANB/2026/1652', 'ANB/2026/2004'],
    season: ['voorjaar', 'najaar'],
    trees: ['drie dennen', 'twee eiken', 'een rij populieren', 'vijf berken'],
  },
  posts: [
    { topic: 'honden', text: 'Herinnering: in de meeste van onze bossen lopen honden aan de leiband. Zo blijven wild en wandelaars rustig 🐕' },
    { topic: 'bosbeheer', text: 'Deze winter voeren we bosbeheerwerken uit in het Meerdaalwoud. Sommige wandelpaden zijn tijdelijk afgesloten: volg de omleiding.' },
    { topic: 'jacht', text: 'Het jachtseizoen is gestart. Let op de signalisatie bij drukjachten en blijf op de paden.' },
    { topic: 'wandelen', text: 'De boshyacinten in het Hallerbos staan bijna in bloei! Kom met de trein of de fiets, parkeren is beperkt.' },
  ],
  templates: [
    { category: 'question', lang: 'nl', topic: 'honden', text: 'Mogen honden los lopen in het {forest} of enkel aan de leiband? Op de borden aan de ingang staat iets anders dan op jullie site.' },
    { category: 'question', lang: 'nl', topic: 'bosbeheer', text: 'Waarom worden er in het {forest} zoveel bomen gekapt langs het wandelpad? Hoort dat bij het normale bosbeheer?' },
    {
      category: 'question', lang: 'nl', topic: 'kapmachtiging', via: 'private',
      text: 'Ik wil {trees} kappen in mijn tuin in {town}, die grenst aan het bos. Heb ik daar een kapmachtiging van Natuur en Bos voor nodig?',
    },
    { category: 'question', lang: 'nl', topic: 'jacht', text: 'Hoe schrijf ik me in voor het jachtexamen van het {season}? En kan ik de theorie ook online volgen?' },
    { category: 'question', lang: 'nl', topic: 'jacht', via: 'private', text: 'Wanneer kan ik mijn jachtverlof voor het nieuwe seizoen aanvragen? Mijn huidige verloopt op {date}.' },
    { category: 'question', lang: 'nl', topic: 'wandelen', text: 'Is de wandelroute in het {forest} weer open na de storm, of liggen er nog bomen over het pad?' },
    { category: 'question', lang: 'nl', topic: 'speelzone', text: 'Mogen we met onze scoutsgroep een spel spelen in de speelzone van het {forest} op {day}? Moeten we dat aanvragen?' },
    { category: 'question', lang: 'nl', topic: 'evenement', text: 'Voor een sponsorloop door het {forest} op {date}: welke toelating hebben we van Natuur en Bos nodig?' },
    {
      category: 'dissatisfaction', lang: 'nl', topic: 'mountainbike',
      text: 'Mountainbikers razen in het {forest} gewoon over de wandelpaden. Er wordt nooit gecontroleerd door de boswachters, jammer.',
    },
    { category: 'dissatisfaction', lang: 'nl', topic: 'bosbeheer', text: 'Jammer dat er in het {forest} telkens weer paden afgesloten worden voor boswerken. Als wandelaar mogen we ook nergens meer komen.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'zwerfvuil', text: 'Zoveel zwerfvuil aan de ingang van het {forest}. Jammer dat dat stuk bos zo verwaarloosd wordt.' },
    {
      category: 'complaint', lang: 'nl', topic: 'jacht',
      text: 'Ik dien klacht in: {day} werd er vlak naast het wandelpad in het {forest} gejaagd, zonder enige signalisatie. Mijn kinderen waren doodsbang.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'natuurvergunning', via: 'private',
      text: 'Klacht over de behandeling van mijn aanvraag voor een natuurvergunning in {town} (dossier {ref}): al vier maanden geen beslissing en geen antwoord op mijn mails.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'wildschade', via: 'private',
      text: 'Formele klacht: {animal} uit het {forest} richten al weken schade aan in mijn weiland vlak naast het bos. Mijn melding van {date} bij Natuur en Bos bleef onbeantwoord.',
    },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Wat een prachtige wandeling vandaag in het {forest}. Merci aan de boswachters voor het onderhoud van de paden 🌳' },
    { category: 'other', lang: 'nl', topic: 'waarneming', text: 'Vanmorgen {seen} gezien in het {forest}, rond {time} aan de vijver. Prachtig, dit bos!' },
    { category: 'other', lang: 'nl', topic: 'suggestie', text: 'Misschien een idee om in het {forest} wat meer zitbanken te zetten langs de lange wandellus? Voor oudere wandelaars zou dat fijn zijn.' },
    { category: 'question', lang: 'fr', topic: 'honden', text: 'Bonjour, les chiens sont-ils autorisés en laisse dans le {forest} ? Et sur tous les sentiers ?' },
    { category: 'dissatisfaction', lang: 'fr', topic: 'mountainbike', text: 'Beaucoup trop de VTT sur les sentiers du {forest} {jour}, c’est dangereux pour les promeneurs.' },
    { category: 'question', lang: 'en', topic: 'wandelen', text: 'Hi! Is there a guided walk with a forest ranger in the {forest} this weekend?' },
    { category: 'other', lang: 'en', topic: 'compliment', text: 'Beautiful walk in the {forest} {dayEn}, thanks for protecting this forest!' },
  ],
  followUps: [
    { lang: 'nl', topics: ['natuurvergunning', 'wildschade'], text: 'Nog altijd geen antwoord van Natuur en Bos over dossier {ref}. Hoe lang moet ik nog wachten?', free: ['ref'] },
    { lang: 'nl', topics: ['jacht'], text: 'Vandaag opnieuw: weer jagers vlak bij het pad in het {forest}. Wordt hier iets aan gedaan?' },
    { lang: 'nl', topics: ['jacht', 'mountainbike', 'zwerfvuil', 'bosbeheer'], text: 'Aanvulling: het ging om het stuk bos tussen de parking en de vijver.' },
    { lang: 'nl', topics: ['wildschade'], text: 'Ik heb intussen foto’s van de schade, waar kan ik die naartoe sturen? Het gaat om het weiland dat grenst aan het bos.' },
    { lang: 'nl', topics: ['honden', 'wandelen'], text: 'En geldt dat ook voor de andere wandelpaden in het {forest}?', after: ['question'] },
    { lang: 'fr', topics: ['mountainbike'], text: "Toujours pas de réponse ? Encore des VTT sur les sentiers du {forest} aujourd'hui." },
    { lang: 'en', text: 'Any news about the forest walks in the {forest}?', after: ['question'] },
  ],
  replies: {
    nl: [
      'Dag {first}, bedankt voor je bericht! We geven het door aan de boswachter van dat domein.',
      'Dag {first}, in de meeste bossen lopen honden aan de leiband; de borden aan de ingang gelden. Fijne wandeling!',
      'Dag {first}, vervelend. Stuur ons gerust een privébericht met meer details, dan zoeken we het uit.',
    ],
    fr: ['Bonjour {first}, merci pour votre message. Nous transmettons au garde forestier du domaine.'],
    en: ['Hi {first}, thanks for your message! We will pass it on to the forest ranger.'],
  },
  signature: '^ANB',
};
