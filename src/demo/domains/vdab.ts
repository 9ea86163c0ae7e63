import type { EntityDomain } from '../domain.js';

/** Jobseekers: registration, mediators (bemiddelaars), training, training vouchers, vacancies, Mijn Loopbaan. */
export const VDAB: EntityDomain = {
  entity: 'vdab',
  officialName: 'Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding (VDAB)',
  keywords: ['vdab', 'werkzoekend', 'opleiding', 'bemiddelaar', 'sollicit', 'vacature', 'job', 'mijn loopbaan', 'servicelijn', 'emploi', 'werkwinkel', 'trajectbegeleider', 'jobseeker', '\\bcv'],
  markers: ['vdab', 'werkzoekende', 'bemiddelaar', 'sollicit', 'vacature', 'werkwinkel', 'mijn loopbaan'],
  slots: {
    office: ['Gent', 'Antwerpen', 'Leuven', 'Brugge', 'Hasselt', 'Mechelen', 'Kortrijk', 'Aalst', 'Genk', 'Turnhout'],
    course: [
      'heftruckchauffeur', 'lasser', 'boekhouding', 'Nederlands voor anderstaligen', 'Excel voor gevorderden', 'zorgkundige', 'vrachtwagenchauffeur',
      'elektricien', 'webdeveloper', 'logistiek medewerker',
    ],
    ref: ['77-1203', '81-4410', '69-2275', '90-3318', '84-0761', '73-5592', '88-1147', '92-6630'],
    count: ['12', '15', '18', '23', '27', '31'],
  },
  posts: [],
  templates: [
    { category: 'question', lang: 'nl', topic: 'inschrijving', text: 'Hoe schrijf ik me in als werkzoekende na mijn studies? Moet dat online of in de werkwinkel van {office}?' },
    { category: 'question', lang: 'nl', topic: 'attest', via: 'private', text: 'Waar vind ik het attest dat ik ingeschreven ben als werkzoekende? Ik heb het nodig voor het OCMW in {office}, liefst voor {day}.' },
    { category: 'question', lang: 'nl', topic: 'opleiding', text: 'Is de opleiding {course} in {office} gratis voor werkzoekenden, en wanneer start de volgende reeks?' },
    { category: 'question', lang: 'nl', topic: 'opleidingscheques', text: 'Kan ik opleidingscheques van VDAB gebruiken voor een cursus {course}? Ik werk nu voltijds als bediende.' },
    { category: 'question', lang: 'nl', topic: 'vacatures', text: 'De vacaturezoeker toont sinds {day} geen vacatures meer voor {course} in de regio {office}. Ligt dat aan mij?' },
    { category: 'question', lang: 'nl', topic: 'mijn loopbaan', text: 'Lukt het inloggen op Mijn Loopbaan bij iemand anders ook niet? Ik krijg al sinds {day} een foutmelding bij mijn sollicitaties.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'bemiddeling', text: 'Nooit een antwoord van mijn bemiddelaar als ik iets vraag over een opleiding {course}. Echt frustrerend.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'servicelijn', text: 'Telkens een half uur in de wachtrij als je de Servicelijn van VDAB belt. Dat kan toch beter.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'bemiddeling', text: 'Verplicht naar een infosessie in {office} terwijl ik volgende week al start in mijn nieuwe job. Echt zinloos, VDAB.' },
    {
      category: 'complaint', lang: 'nl', topic: 'opleidingscheques', via: 'private',
      text: 'Ik wil klacht indienen: mijn opleidingscheques voor {course} van {date} werden geweigerd zonder uitleg, terwijl ik aan alle voorwaarden voldoe. Dossier {ref}.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'bemiddeling', via: 'private',
      text: "Klacht over mijn bemiddelaar in {office}: ik kreeg een verwittiging wegens 'onvoldoende zoekgedrag' terwijl ik {count} sollicitaties kan bewijzen. Dossier {ref}.",
    },
    {
      category: 'complaint', lang: 'nl', topic: 'opleiding',
      text: 'Formele klacht: de opleiding {course} in {office} werd twee dagen voor de start geannuleerd, ik had mijn interimjob er al voor opgezegd. Niemand van VDAB belt terug.',
    },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Bedankt voor de fijne sollicitatietraining in {office} vorige week! {day} heb ik mijn eerste gesprek.' },
    { category: 'other', lang: 'nl', topic: 'compliment', text: 'Via de opleiding {course} bij VDAB meteen werk gevonden. Merci aan mijn trajectbegeleider!' },
    {
      category: 'other', lang: 'nl', topic: 'suggestie',
      text: 'Tip voor de vacaturezoeker: sorteer ook eens op afstand, nu krijg ik jobs in {office} terwijl ik aan de andere kant van het land woon.',
    },
    { category: 'question', lang: 'fr', topic: 'opleiding', text: "Est-ce que les cours de néerlandais sont gratuits pour les demandeurs d'emploi à {office} ?" },
    {
      category: 'complaint', lang: 'fr', topic: 'bemiddeling', via: 'private',
      text: 'Je veux porter plainte : mon conseiller VDAB à {office} ne répond plus depuis des semaines et on me menace de sanction. Dossier {ref}.',
    },
    { category: 'dissatisfaction', lang: 'fr', topic: 'servicelijn', text: "Impossible de joindre le Servicelijn de VDAB {jour}, une heure d'attente. Pas très sérieux pour un service public de l'emploi." },
    { category: 'question', lang: 'en', topic: 'opleiding', text: 'Is there an English version of the job search workshop in {office}?' },
    { category: 'other', lang: 'en', topic: 'compliment', text: 'Thanks a lot VDAB for helping me with my CV in {office}, I got the job!' },
    {
      category: 'complaint', lang: 'en', topic: 'inschrijving', via: 'private',
      text: 'I want to file a complaint: my registration as a jobseeker was cancelled without notice and now my unemployment benefits are blocked. File {ref}.',
    },
  ],
  followUps: [
    { lang: 'nl', topics: ['bemiddeling', 'opleidingscheques', 'inschrijving'], text: 'Nog altijd niets gehoord van mijn bemiddelaar, dossier {ref}. Ik wacht echt op een antwoord.', free: ['ref'] },
    { lang: 'nl', topics: ['bemiddeling'], text: 'Aanvulling: ik heb intussen {count} sollicitaties gedaan, ik kan de bewijzen doorsturen.', free: ['count'] },
    { lang: 'nl', text: 'Nog steeds geen antwoord over de opleiding {course}. Moet ik me opnieuw inschrijven?' },
    { lang: 'nl', text: 'Ik heb intussen ook naar de Servicelijn gebeld over mijn dossier, ze zouden terugbellen. Niet gebeurd.' },
    { lang: 'nl', topics: ['opleiding', 'opleidingscheques', 'inschrijving'], text: 'En geldt dat ook als ik al ingeschreven ben als werkzoekende in {office}?', after: ['question'] },
    { lang: 'fr', topics: ['bemiddeling', 'servicelijn'], text: 'Toujours pas de nouvelles de mon conseiller VDAB.' },
    { lang: 'en', text: 'Any update on my file {ref}? Still no answer from VDAB.', free: ['ref'] },
  ],
  replies: {
    nl: [
      'Dag {first}, bedankt voor je bericht. We bekijken je vraag met je bemiddelaar en laten je snel iets weten.',
      'Dag {first}, op vdab.be vind je onder "Opleidingen" alle startdata per regio. Succes!',
      'Dag {first}, vervelend. Stuur ons gerust een privébericht, dan zoeken we het samen uit.',
    ],
    fr: ["Bonjour {first}, merci pour votre message. Nous vérifions avec votre conseiller et revenons vers vous."],
    en: ['Hi {first}, thanks for your message. We are checking this with your counsellor and will get back to you.'],
  },
  signature: '^Servicelijn',
};
