import type { EntityDomain } from '../domain.js';

/** Maritime services and the coast: the Ostend ferry, tides and the coastal weather report, pilots, beach nourishment, MRCC rescue. */
export const MDK: EntityDomain = {
  entity: 'mdk',
  officialName: 'Agentschap voor Maritieme Dienstverlening en Kust',
  keywords: ['veer', 'getij', 'kustweerbericht', 'loods', 'zandsuppletie', 'strand', '\\bzee', 'kust', 'mrcc', '\\bbac', 'plage', 'tide', 'rescue', 'laagwater', 'golf', 'maritiem', 'haven'],
  markers: ['\\bveer', 'getij', 'kustweerbericht', 'zandsuppletie', 'mrcc', '\\bloods', 'kustverdediging'],
  slots: {
    place: ['Oostende', 'Nieuwpoort', 'De Panne', 'Blankenberge', 'Zeebrugge', 'Knokke', 'De Haan', 'Middelkerke', 'Koksijde', 'Wenduine'],
    wind: ['5', '6', '7', '8'],
    ref: ['MDK-2026-0415', 'MDK-2026-0662', 'MDK-2026-0981', 'MDK-2026-1240', 'MDK-2026-1503'],
    nights: ['twee', 'drie', 'vier'],
    when: ['vandaag', 'morgen', 'straks', 'zaterdag', 'zondag'],
    quand: ["aujourd'hui", 'demain', 'samedi', 'dimanche'],
  },
  posts: [
    { topic: 'veerdienst', text: 'Het veer in Oostende vaart vanaf maandag weer volgens de zomerregeling ⛴️ #vlaanderenismaritiem' },
    { topic: 'zandsuppletie', text: 'Zandsuppletie in De Haan: zo beschermen we de kust tegen stormen 🏖️' },
    { topic: 'kustweerbericht', text: 'Check altijd het kustweerbericht voor je de zee op gaat 🌬️' },
    { topic: 'loodsen', text: 'Dag en nacht brengen onze loodsen schepen veilig naar Zeebrugge, Oostende en Antwerpen ⚓' },
  ],
  templates: [
    { category: 'question', lang: 'nl', topic: 'veerdienst', text: 'Vaart het veer in Oostende {when} met deze wind? Ik moet om {time} met de fiets naar de overkant.' },
    { category: 'question', lang: 'nl', topic: 'getijden', text: 'Waar vind ik de getijtabellen voor {place} voor volgende maand? We willen met de kinderen garnalen vissen bij laagwater.' },
    { category: 'question', lang: 'nl', topic: 'kustweerbericht', text: 'Geeft het kustweerbericht ook de golfhoogte voor {place}? Ik wil {day} gaan suppen als het kan.' },
    { category: 'question', lang: 'nl', topic: 'loodsen', text: 'Mijn zoon wil loods worden. Welke opleiding moet hij volgen, en werven jullie dit jaar nog aan in {place}?' },
    { category: 'question', lang: 'nl', topic: 'zandsuppletie', text: 'Hoe lang duurt de zandsuppletie op het strand van {place} nog? We hebben daar een appartement gehuurd vanaf {date}.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'veerdienst', text: 'Het veer in Oostende vertrok {day} om {time} gewoon vijf minuten te vroeg. Stond er net met mijn fiets 😤' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'zandsuppletie', text: 'Weer buldozers voor de zandsuppletie op het strand van {place} in volle vakantie. Kon dat niet in de winter?' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'kustweerbericht', text: 'Het kustweerbericht voorspelde windkracht {wind} en het was gewoon windstil in {place}. Hele zeildag voor niets geannuleerd.' },
    {
      category: 'complaint', lang: 'nl', topic: 'veerdienst',
      text: 'Ik dien klacht in: het veer in Oostende voer {day} om {time} niet, zonder enige melding op de site of aan de aanlegsteiger. Een uur gewacht met twee kinderen.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'zandsuppletie', via: 'private',
      text: 'Formele klacht: bij de zandsuppletie in {place} is mijn strandcabine beschadigd. Ik heb op {date} een melding gedaan (ref. {ref}) en nooit iets gehoord.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'kustverdediging',
      text: 'Klacht over de nachtelijke werken aan de kustverdediging in {place}: al {nights} nachten tot {time} lawaai van heimachines op het strand. Niemand heeft ons verwittigd.',
    },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Respect voor de mensen van het MRCC in Oostende, die {day} die surfer bij {place} uit zee hebben gehaald 🙏' },
    { category: 'other', lang: 'nl', topic: 'foto', text: 'Prachtige foto van de kust aan {place}! Mis de zee nu al 🌊' },
    { category: 'other', lang: 'nl', topic: 'suggestie', text: 'Tip: zet de vaaruren van het veer in Oostende ook in de app van de stad, nu zoek ik me altijd rot.' },
    { category: 'question', lang: 'fr', topic: 'veerdienst', text: "Bonjour, le bac d'Ostende fonctionne-t-il {quand} avec ce vent ?" },
    { category: 'dissatisfaction', lang: 'fr', topic: 'zandsuppletie', text: 'Encore des travaux de réensablement sur la plage de {place} en pleine saison, dommage pour les vacanciers.' },
    { category: 'question', lang: 'en', topic: 'getijden', text: 'Where can I find the tide tables for {place}? Planning a beach walk with kids at low tide.' },
    { category: 'other', lang: 'en', topic: 'compliment', text: 'Amazing work by the MRCC rescue team off {place} {dayEn}, thank you!' },
  ],
  followUps: [
    { lang: 'nl', topics: ['veerdienst'], text: 'Nog altijd geen antwoord over het veer van {time}. Krijg ik een reactie?' },
    { lang: 'nl', topics: ['kustverdediging'], text: 'Vandaag opnieuw lawaai aan de kust in {place}, tot na middernacht. Dit kan toch niet?' },
    { lang: 'nl', topics: ['zandsuppletie'], after: ['complaint'], text: 'Nog steeds niets gehoord over mijn melding {ref} van de strandcabine.', free: ['ref'] },
    { lang: 'nl', topics: ['veerdienst'], text: 'Aanvulling: het ging om het veer aan de kant van de vismijn, niet aan de Oosteroever.' },
    { lang: 'nl', topics: ['getijden', 'kustweerbericht'], text: 'En staan de getijden voor {place} ook in de app?', after: ['question'] },
    { lang: 'fr', topics: ['veerdienst'], text: 'Toujours pas de réponse pour le bac ?' },
    { lang: 'en', topics: ['getijden'], text: 'Any update on the tide tables for {place}?', after: ['question'] },
  ],
  replies: {
    nl: [
      'Dag {first}, bedankt voor je bericht! De vaaruren en het kustweerbericht vind je altijd op onze website.',
      'Dag {first}, vervelend. We vragen het na bij de collega’s van de vloot en komen erop terug.',
      'Dag {first}, stuur ons gerust een DM met meer details, dan bekijken we het.',
    ],
    fr: ['Bonjour {first}, merci ! Les horaires du bac et la météo côtière sont sur notre site.'],
    en: ['Hi {first}, thanks! You can find the tide tables and the coastal weather report on our website.'],
  },
  signature: '^MDK',
};
