import type { EntityDomain } from '../domain.js';

/** Training for entrepreneurs: courses per trade, dual learning (duaal leren), business management certificate, enrolment, fees, exams. */
export const SYNTRA: EntityDomain = {
  entity: 'syntra-vlaanderen',
  officialName: 'Agentschap voor Ondernemingsvorming - Syntra Vlaanderen',
  keywords: ['syntra', 'opleiding', 'duaal leren', 'bedrijfsbeheer', 'ondernem', '\\bles', 'examen', 'inschrijv', 'formation', 'course', 'entrepreneur', 'stage', 'diploma'],
  markers: ['syntra', 'duaal leren', 'bedrijfsbeheer', 'kmo-portefeuille'],
  slots: {
    campus: ['Syntra Midden-Vlaanderen', 'Syntra AB', 'Syntra West', 'Syntra Limburg', 'Syntra Vlaams-Brabant'],
    city: ['Gent', 'Antwerpen', 'Brugge', 'Hasselt', 'Leuven', 'Kortrijk', 'Mechelen', 'Aalst'],
    course: ['bakker', 'kapper', 'fietshersteller', 'schrijnwerker', 'elektrotechnisch installateur', 'fotograaf', 'barista', 'zaakvoerder horeca', 'dakwerker', 'schoonheidsspecialist'],
  },
  posts: [
    { topic: 'bedrijfsbeheer', text: 'Zo behaal je je attest bedrijfsbeheer' },
    { topic: 'duaal leren', text: 'Duaal leren: werken en leren tegelijk' },
    { topic: 'ondernemerschap', text: 'Van idee tot eigen zaak: drie ondernemers vertellen' },
  ],
  templates: [
    { category: 'question', lang: 'nl', topic: 'bedrijfsbeheer', text: 'Heel duidelijke uitleg! Kan ik het attest bedrijfsbeheer ook via een examen halen zonder de hele opleiding in {city} te volgen?' },
    { category: 'question', lang: 'nl', topic: 'duaal leren', text: 'Hoe vind ik een stagebedrijf voor duaal leren als {course}? Mijn zoon start in september bij {campus}.' },
    { category: 'question', lang: 'nl', topic: 'inschrijven', text: 'Wanneer openen de inschrijvingen voor de avondopleiding {course} in {city}?' },
    { category: 'question', lang: 'nl', topic: 'kosten', text: 'Kan ik opleidingscheques of de KMO-portefeuille gebruiken voor de opleiding {course} bij {campus}?' },
    { category: 'question', lang: 'nl', topic: 'ondernemerschap', text: 'Is deze opleiding ondernemerschap ook online te volgen? Ik werk in ploegen in {city}.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'lesrooster', text: 'Het lesrooster van de opleiding {course} in {city} verandert om de haverklap. Moeilijk te combineren met werk.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'duaal leren', text: 'Mooi filmpje over duaal leren, maar als leerling {course} vind je in {city} gewoon geen stageplaats.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'examen', text: 'Het duurt echt lang voor de resultaten van de examens {course} bekend zijn. Beetje jammer.' },
    {
      category: 'complaint', lang: 'nl', topic: 'inschrijvingsgeld',
      text: 'Ik dien klacht in: mijn inschrijvingsgeld voor {course} bij {campus} werd twee keer aangerekend en de terugbetaling blijft uit sinds {date}.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'opleiding stopgezet',
      text: 'Klacht: de opleiding {course} in {city} werd na vier lessen stopgezet, zonder terugbetaling of alternatief. Op mijn mails naar {campus} komt geen antwoord.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'diploma',
      text: 'Formele klacht over {campus}: ik heb mijn opleiding {course} in juni afgerond, maar mijn diploma is na {months} maanden nog altijd niet uitgereikt.',
    },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Dankzij de opleiding {course} bij {campus} heb ik nu mijn eigen zaak in {city}. Top docenten!' },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Mooie getuigenissen, herkenbaar voor iedereen die de stap naar ondernemerschap zet 👍' },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Leuke video over de opleiding {course}, mijn dochter wil dit nu ook gaan doen bij Syntra.' },
    { category: 'question', lang: 'fr', topic: 'bedrijfsbeheer', text: "Est-ce que cette formation en gestion d'entreprise existe aussi en français chez Syntra à {city} ?" },
    { category: 'question', lang: 'en', topic: 'ondernemerschap', text: 'Is there an English version of the entrepreneurship courses in {city}? I am an expat starting a business.' },
    { category: 'other', lang: 'en', topic: 'compliment', text: 'Great video! The {course} course at Syntra really changed my career.' },
  ],
  followUps: [
    { lang: 'nl', topics: ['inschrijvingsgeld', 'opleiding stopgezet'], text: 'Nog altijd geen antwoord van {campus} over mijn terugbetaling. Iemand?' },
    { lang: 'nl', topics: ['inschrijvingsgeld', 'opleiding stopgezet'], text: 'Aanvulling: ik heb het betalingsbewijs van de opleiding {course} nog, als dat nodig is.' },
    { lang: 'nl', topics: ['diploma'], text: 'Nog steeds geen diploma, en ook geen reactie op mijn mails aan Syntra.' },
    { lang: 'nl', topics: ['inschrijven', 'kosten'], text: 'En geldt dat ook voor de dagopleiding {course}?', after: ['question'] },
    { lang: 'fr', text: 'Toujours pas de réponse pour la formation à {city} ?', after: ['question'] },
    { lang: 'en', text: 'Any news about the English course in {city}?', after: ['question'] },
  ],
  replies: {
    nl: [
      'Dag {first}, bedankt voor je reactie! Het opleidingsaanbod per campus vind je op syntra.be.',
      'Dag {first}, vervelend. Stuur ons gerust een privébericht, dan zoeken we het uit met de campus.',
    ],
    fr: ['Bonjour {first}, merci ! Toutes les formations sont sur notre site.'],
    en: ['Hi {first}, thanks! You can find all courses per campus on our website.'],
  },
  signature: '— Syntra Vlaanderen',
};
