import type { EntityDomain } from '../domain.js';

/** Regional roads and motorways: road works, potholes (Meldpunt Wegen), traffic lights, cycle paths, gritting, damage claims. */
export const WEGEN_VERKEER: EntityDomain = {
  entity: 'agentschap-wegen-en-verkeer',
  officialName: 'Agentschap Wegen en Verkeer',
  keywords: ['weg', 'oversteekplaats', 'werken', 'verkeerslicht', 'fietspad', 'afrit', '\\bput', 'gestrooid', 'trajectcontrole', 'geluidsscherm', 'middenberm', 'road', 'traffic', 'sortie', 'nid-de-poule', 'schadeclaim', 'omleiding', 'verzakking'],
  markers: ['meldpunt wegen', 'verkeerslicht', 'gestrooid', 'trajectcontrole', 'middenberm', 'gewestweg'],
  slots: {
    'road/town': [
      'N60/Oudenaarde', 'N8/Ieper', 'N16/Sint-Niklaas', 'N43/Deinze', 'R4/Gent', 'N49/Maldegem', 'N70/Lokeren', 'N9/Aalter', 'E17/Kortrijk',
      'E40/Wetteren', 'E313/Geel', 'N1/Mechelen', 'N2/Bilzen', 'N3/Tienen',
    ],
    ref: ['MW-88213', 'MW-90417', 'MW-91822', 'MW-93306', 'MW-94751', 'MW-96120', 'MW-97548'],
    pole: ['12,4', '23,1', '7,8', '41,2', '18,6', '30,9'],
    year: ['2019', '2021', '2022'],
    days: ['drie', 'vier', 'vijf', 'tien'],
  },
  posts: [],
  templates: [
    { category: 'question', lang: 'nl', topic: 'wegenwerken', text: 'Hoe lang duren de werken op de {road} in {town} nog? Ik rijd daar elke dag langs en sta nu telkens een halfuur stil.' },
    { category: 'question', lang: 'nl', topic: 'omleiding', text: 'Is de afrit naar {town} op de {road} dit weekend open, of moet ik de omleiding volgen?' },
    { category: 'question', lang: 'nl', topic: 'schadeclaim', text: 'Mijn band is kapotgereden door een put in de {road} ter hoogte van {town}. Hoe vraag ik een schadevergoeding aan?' },
    { category: 'question', lang: 'nl', topic: 'fietspad', text: 'Wordt het fietspad langs de {road} in {town} nog heraangelegd? Er zijn al plannen sinds {year}.' },
    { category: 'question', lang: 'nl', topic: 'trajectcontrole', text: 'Klopt het dat er een nieuwe trajectcontrole komt op de {road} bij {town}? Vanaf wanneer?' },
    {
      category: 'dissatisfaction', lang: 'nl', topic: 'verkeerslichten',
      text: 'De verkeerslichten op het kruispunt van de {road} in {town} staan al {days} dagen op oranje knipperlicht. Levensgevaarlijk tijdens de spits.',
    },
    { category: 'dissatisfaction', lang: 'nl', topic: 'strooien', text: 'De gewestwegen rond {town} worden nooit op tijd gestrooid. Elke winter hetzelfde liedje.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'onderhoud', text: 'Het gras in de middenberm van de {road} in {town} staat zo hoog dat je geen overstekende fietsers meer ziet. Echt gevaarlijk.' },
    {
      category: 'complaint', lang: 'nl', topic: 'put',
      text: 'Ik dien een klacht in: de put in de {road} ter hoogte van {town} (paal {pole}) is al sinds {date} gemeld via het Meldpunt Wegen ({ref}) en nog altijd niet hersteld. Vandaag mijn velg kapot.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'schadeclaim',
      text: 'Klacht: mijn schadeclaim {ref} voor de schade door een verzakking op de {road} ligt al vijf maanden stil. Op mijn twee mails van {date} kwam geen antwoord.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'geluidshinder',
      text: 'Formele klacht: het geluidsscherm langs de {road} in {town} is al sinds {year} beloofd en nog altijd niet geplaatst. ’s Nachts is het verkeerslawaai ondraaglijk.',
    },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Bedankt voor het snelle herstel van de verkeerslichten in {town}, {day} gemeld en nu al in orde 👍' },
    { category: 'other', lang: 'nl', topic: 'melding', text: 'Ter info: het wegdek van de {road} in {town} verzakt opnieuw ter hoogte van paal {pole}. Foto volgt.' },
    { category: 'other', lang: 'nl', topic: 'suggestie', text: 'Suggestie: een extra oversteekplaats over de {road} aan de school in {town}, de kinderen steken daar nu gewoon over.' },
    { category: 'question', lang: 'fr', topic: 'omleiding', text: 'Bonjour, la sortie vers {town} sur la {road} est-elle fermée ce week-end ?' },
    {
      category: 'complaint', lang: 'fr', topic: 'put',
      text: "Je dépose plainte : un nid-de-poule sur la {road} à {town} a endommagé ma voiture {jour}. Signalé depuis le {dateFr} (réf. {ref}) et toujours pas réparé.",
    },
    { category: 'question', lang: 'en', topic: 'wegenwerken', text: 'Hello, how long will the roadworks on the {road} near {town} take? I commute there every day.' },
    { category: 'dissatisfaction', lang: 'en', topic: 'verkeerslichten', text: 'Really annoyed that the traffic lights on the {road} in {town} keep blinking orange. Not safe at all.' },
  ],
  followUps: [
    { lang: 'nl', topics: ['put', 'schadeclaim'], text: 'Nog altijd niets gebeurd aan de put op de {road}. Moet er eerst een ongeluk gebeuren?' },
    { lang: 'nl', topics: ['put', 'schadeclaim'], attachment: 'photo', text: 'Hier een foto van de schade aan mijn velg door die put, de factuur van de garage volgt.' },
    { lang: 'nl', topics: ['put', 'verkeerslichten', 'onderhoud', 'strooien'], text: 'Aanvulling: het gaat om de rijstrook richting {town}, net na de afrit.' },
    { lang: 'nl', topics: ['put', 'verkeerslichten', 'onderhoud'], text: 'Nog steeds geen antwoord op mijn melding {ref} bij het Meldpunt Wegen.', free: ['ref'] },
    { lang: 'nl', topics: ['omleiding', 'wegenwerken'], text: 'En geldt die omleiding ook voor vrachtwagens op de {road}?', after: ['question'] },
    { lang: 'fr', topics: ['put'], text: "Le nid-de-poule sur la {road} n'est toujours pas réparé, et toujours pas de réponse." },
    { lang: 'en', topics: ['verkeerslichten'], text: 'Any update on the {road}? The traffic lights are still not working.' },
  ],
  replies: {
    nl: [
      'Dag {first}, bedankt voor je melding! We geven ze door aan het district, dat de situatie ter plaatse bekijkt.',
      'Dag {first}, een schadeclaim dien je in via het formulier op wegenenverkeer.be. Bewaar zeker de factuur van de herstelling.',
      'Dag {first}, de actuele hinder per weg vind je op onze website. Bedankt voor je geduld!',
    ],
    fr: ['Bonjour {first}, merci pour votre signalement. Nous le transmettons au district concerné.'],
    en: ['Hi {first}, thanks for letting us know. We have passed it on to the district team.'],
  },
  signature: '^AWV',
};
