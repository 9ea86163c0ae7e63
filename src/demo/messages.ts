/**
 * Messages written for the demo: what citizens send De Lijn and VDAB on X, in Dutch, French and
 * English. Invented people, invented cases.
 */
export interface DemoMessage {
  to: 'de-lijn' | 'vdab';
  via: 'mention' | 'dm';
  text: string;
  lang: 'nl' | 'fr' | 'en';
}

export const DEMO_CITIZENS = [
  { id: '900001', username: 'an_peeters', name: 'An Peeters' },
  { id: '900002', username: 'jonasvdb', name: 'Jonas Van den Broeck' },
  { id: '900003', username: 'sofie_maes', name: 'Sofie Maes' },
  { id: '900004', username: 'karimelh', name: 'Karim El Hadji' },
  { id: '900005', username: 'lotte_janssens', name: 'Lotte Janssens' },
  { id: '900006', username: 'marie_dubois', name: 'Marie Dubois' },
  { id: '900007', username: 'tomwouters', name: 'Tom Wouters' },
  { id: '900008', username: 'emma_claes', name: 'Emma Claes' },
  { id: '900009', username: 'pieter_goossens', name: 'Pieter Goossens' },
  { id: '900010', username: 'julie_lambert', name: 'Julie Lambert' },
  { id: '900011', username: 'oliver_grant', name: 'Oliver Grant' },
  { id: '900012', username: 'nina_devos', name: 'Nina De Vos' },
];

export const DEMO_MESSAGES: DemoMessage[] = [
  { to: 'de-lijn', via: 'mention', lang: 'nl', text: '@delijn wanneer rijdt lijn 4 terug normaal na de werken aan de Kouter?' },
  { to: 'de-lijn', via: 'mention', lang: 'nl', text: '@delijn bus 45 is vanochtend om 7u42 gewoon doorgereden aan halte Gent Sint-Pieters, ik stond duidelijk te zwaaien. Te laat op mijn werk. Schandalig.' },
  { to: 'de-lijn', via: 'mention', lang: 'nl', text: '@delijn ik wil een klacht indienen over de chauffeur van lijn 21 gisteren om 17u15, die was echt onbeleefd tegen mijn moeder.' },
  { to: 'de-lijn', via: 'mention', lang: 'nl', text: '@delijn altijd hetzelfde met jullie 🙄' },
  { to: 'de-lijn', via: 'mention', lang: 'nl', text: 'Dikke merci aan de chauffeur van tram 1 die op mij wachtte vanmorgen @delijn 👏' },
  { to: 'de-lijn', via: 'mention', lang: 'nl', text: '@delijn kan ik mijn abonnement ook via de app verlengen?' },
  { to: 'de-lijn', via: 'dm', lang: 'nl', text: 'Hallo, ik heb mijn rugzak laten liggen op lijn 70 richting Brugge rond 16u. Waar kan ik die ophalen?' },
  { to: 'de-lijn', via: 'dm', lang: 'nl', text: 'Mijn terugbetaling voor dossier 2026/0412 is na 3 maanden nog altijd niet gestort. Ik heb al twee keer gemaild zonder antwoord.' },
  { to: 'de-lijn', via: 'mention', lang: 'fr', text: "@delijn le bus 136 n'est jamais passé à l'arrêt Dilbeek Centrum ce matin à 8h10, c'est inadmissible" },
  { to: 'de-lijn', via: 'mention', lang: 'fr', text: "@delijn bonjour, est-ce que la ligne 620 circule le dimanche ?" },
  { to: 'de-lijn', via: 'dm', lang: 'fr', text: "Je souhaite déposer plainte : le contrôleur m'a infligé une amende alors que mon abonnement était valable (facture 88123)." },
  { to: 'de-lijn', via: 'mention', lang: 'en', text: '@delijn how do I buy a ticket for the coast tram as a tourist?' },
  { to: 'de-lijn', via: 'mention', lang: 'en', text: '@delijn your buses are a joke, honestly' },
  { to: 'de-lijn', via: 'dm', lang: 'en', text: 'I want to file a complaint: the driver on line 8 closed the doors on my stroller on 14/11 at 9:05 at Antwerpen Centraal.' },
  { to: 'vdab', via: 'mention', lang: 'nl', text: '@VDAB_be hoe schrijf ik me in als werkzoekende na mijn studies?' },
  { to: 'vdab', via: 'mention', lang: 'nl', text: '@VDAB_be al 5 weken geen antwoord van mijn bemiddelaar over mijn opleidingsaanvraag, dossier 77-1203. Wat is dat hier?' },
  { to: 'vdab', via: 'mention', lang: 'nl', text: '@VDAB_be bedankt voor de fijne sollicitatietraining vorige week!' },
  { to: 'vdab', via: 'mention', lang: 'nl', text: '@VDAB_be dat nieuwe beleid rond activering is belachelijk' },
  { to: 'vdab', via: 'dm', lang: 'nl', text: 'Waar vind ik het attest dat ik ingeschreven ben? Ik heb het nodig voor het OCMW.' },
  { to: 'vdab', via: 'dm', lang: 'nl', text: 'Ik wil klacht indienen: mijn opleidingscheques van oktober werden geweigerd zonder uitleg, terwijl ik aan alle voorwaarden voldoe.' },
  { to: 'vdab', via: 'mention', lang: 'fr', text: "@VDAB_be est-ce que les cours de néerlandais sont gratuits pour les demandeurs d'emploi ?" },
  { to: 'vdab', via: 'mention', lang: 'en', text: '@VDAB_be is there an English version of the job search workshop?' },
  { to: 'vdab', via: 'dm', lang: 'en', text: 'Thanks a lot for helping me with my CV, I got the job!' },
  { to: 'vdab', via: 'mention', lang: 'nl', text: '@VDAB_be geen klacht hoor, maar jullie website laadt wel traag vandaag' },
];

/** Follow-ups that join an existing conversation (a reply in the thread, a second DM). */
export const DEMO_FOLLOW_UPS: Array<{ lang: 'nl' | 'fr' | 'en'; text: string }> = [
  { lang: 'nl', text: 'Nog altijd niets gehoord trouwens.' },
  { lang: 'nl', text: 'Het was bus met nummer 4312 als dat helpt.' },
  { lang: 'fr', text: "Toujours pas de réponse de votre part." },
  { lang: 'en', text: 'Any update on this?' },
];
