import type { EntityDomain } from '../domain.js';

/** Work and social economy policy: ESF calls, service vouchers, Flemish training leave, combined permits, custom work companies, encouragement bonuses. */
export const WSE: EntityDomain = {
  entity: 'departement-wse',
  officialName: 'Departement Werk en Sociale Economie',
  keywords: ['esf', '\\bfse', 'dienstencheque', 'opleidingsverlof', 'gecombineerde vergunning', 'combined permit', 'single permit', 'maatwerk', 'aanmoedigingspremie', 'sociale economie', 'werkbaar werk', 'arbeidsmarkt', 'wse', 'workable work'],
  markers: ['\\besf', 'dienstencheque', 'opleidingsverlof', 'gecombineerde vergunning', 'aanmoedigingspremie', 'maatwerkbedrijf'],
  slots: {
    sector: ['bouw', 'schoonmaak', 'zorg', 'logistiek', 'horeca', 'metaalsector'],
    province: ['Oost-Vlaanderen', 'Antwerpen', 'Limburg', 'Vlaams-Brabant', 'West-Vlaanderen'],
    call: ['ESF-oproep 512', 'ESF-oproep 498', 'ESF-oproep 530', 'ESF-oproep 544'],
    ref: ['WSE/2026/0314', 'WSE/2026/0587', 'WSE/2026/0822', 'WSE/2026/1045', 'WSE/2026/1290', 'WSE/2026/1536'],
    training: ['boekhouding', 'HR-management', 'projectmanagement', 'Frans voor professionals', 'lassen', 'data-analyse'],
    job: ['ingenieur', 'verpleegkundige', 'softwareontwikkelaar', 'lasser', 'vrachtwagenchauffeur'],
    country: ['India', 'Marokko', 'Brazilië', 'de Filipijnen', 'Tunesië'],
  },
  posts: [
    { topic: 'esf', text: 'De nieuwe ESF-oproep rond inclusief ondernemen is open tot 30 september. Dien je projectvoorstel in via de ESF-site.' },
    { topic: 'dienstencheques', text: 'Vanaf 1 januari wijzigt de prijs van de dienstencheques. Alles over de nieuwe regeling op onze website.' },
    { topic: 'opleidingsverlof', text: 'Wist je dat je met Vlaams opleidingsverlof tot 125 uur per schooljaar kan bijleren met behoud van loon?' },
    { topic: 'economische migratie', text: 'Economische migratie: zo verkorten we de behandeltermijn van gecombineerde vergunningen.' },
  ],
  templates: [
    { category: 'question', lang: 'nl', topic: 'esf', text: 'Interessant! Komt er in het najaar nog een nieuwe ESF-oproep rond inclusief ondernemen? Wij zijn een kleine vzw uit {province}.' },
    { category: 'question', lang: 'nl', topic: 'dienstencheques', text: 'Geldt de nieuwe prijs van de dienstencheques ook voor cheques die ik vóór {date} gekocht heb?' },
    {
      category: 'question', lang: 'nl', topic: 'opleidingsverlof',
      text: 'Vraag over Vlaams opleidingsverlof: telt een avondopleiding {training} mee als erkende opleiding? Mijn werkgever twijfelt.',
    },
    {
      category: 'question', lang: 'nl', topic: 'economische migratie',
      text: 'Hoe lang duurt de behandeling van een gecombineerde vergunning op dit moment? We willen een {job} uit {country} aanwerven.',
    },
    { category: 'question', lang: 'nl', topic: 'sociale economie', text: 'Welke ondersteuning bestaat er voor een maatwerkbedrijf in de {sector} dat wil uitbreiden in {province}?' },
    { category: 'question', lang: 'nl', topic: 'aanmoedigingspremie', text: 'Heb ik recht op een Vlaamse aanmoedigingspremie als ik tijdskrediet neem om voor mijn vader te zorgen? Ik werk in de {sector}.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'esf', text: 'Jammer dat de ESF-rapportering zo zwaar blijft. Voor kleine organisaties in de sociale economie in {province} is dat bijna niet te doen.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'dienstencheques', text: 'Weer een prijsverhoging van de dienstencheques. Voor gepensioneerden in {province} wordt het echt onbetaalbaar.' },
    {
      category: 'dissatisfaction', lang: 'nl', topic: 'economische migratie',
      text: 'Al {months} maanden wachten op een gecombineerde vergunning voor een {job}. Ondertussen blijft die plaats in de {sector} gewoon onbezet.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'esf',
      text: 'Ik wil formeel klacht indienen over de afwijzing van ons ESF-projectvoorstel ({call}, dossier {ref}): de motivering verwijst naar een criterium dat niet in de oproep stond.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'opleidingsverlof',
      text: 'Klacht: de terugbetaling van het Vlaams opleidingsverlof voor ons bedrijf (dossier {ref}) is na {months} maanden nog altijd niet uitbetaald, ondanks herhaalde mails.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'aanmoedigingspremie',
      text: "Klacht over mijn dossier aanmoedigingspremie {ref}: al {months} maanden 'in behandeling' en niemand neemt de telefoon op.",
    },
    { category: 'other', lang: 'nl', topic: 'felicitaties', text: 'Mooi initiatief! Trots dat onze organisatie uit {province} mee aan de wieg stond van dit project rond sociale economie 👏' },
    { category: 'other', lang: 'nl', topic: 'werkbaar werk', text: 'Boeiende studiedag over werkbaar werk in de {sector} vandaag. Dank aan het Departement WSE voor de organisatie!' },
    { category: 'other', lang: 'nl', topic: 'arbeidsmarkt', text: 'Interessant rapport over de arbeidsmarkt in de {sector}. Gedeeld met ons team in {province}.' },
    { category: 'question', lang: 'fr', topic: 'esf', text: "L'appel FSE concerne-t-il aussi les entreprises de travail adapté actives en {province} ?" },
    { category: 'question', lang: 'en', topic: 'economische migratie', text: 'How long does a single permit (combined permit) application for a {job} from {country} take at the moment?' },
    { category: 'other', lang: 'en', topic: 'werkbaar werk', text: 'Great initiative on workable work in the {sector}, thanks for sharing!' },
  ],
  followUps: [
    { lang: 'nl', text: 'Nog altijd geen reactie over dossier {ref}. Kan iemand van het departement mij contacteren?', free: ['ref'] },
    { lang: 'nl', topics: ['esf'], text: 'Aanvulling: het gaat om {call}, ingediend op {date}.', free: ['call'] },
    { lang: 'nl', topics: ['esf'], text: 'Intussen ook gemaild naar het ESF-agentschap, maar ook daar geen antwoord.' },
    { lang: 'nl', topics: ['aanmoedigingspremie'], text: 'En geldt die aanmoedigingspremie ook voor wie in de {sector} werkt?', after: ['question'] },
    { lang: 'nl', topics: ['sociale economie'], text: 'En bestaat die steun ook voor een maatwerkbedrijf in de {sector} buiten {province}?', after: ['question'] },
    { lang: 'fr', topics: ['esf'], text: "Toujours pas de réponse concernant l'appel FSE." },
    { lang: 'en', topics: ['economische migratie'], after: ['question', 'dissatisfaction', 'complaint'], text: 'Any news on the single permit for our {job}?' },
  ],
  replies: {
    nl: [
      'Dag {first}, bedankt voor je reactie! Je vindt alle info op de website van het departement. Stuur gerust een bericht als je vragen hebt.',
      'Dag {first}, bedankt voor de vraag. We bekijken dit met de dossierbeheerder en nemen contact op via het e-mailadres in je dossier.',
    ],
    fr: ['Bonjour {first}, merci pour votre question. Nous vérifions et revenons vers vous.'],
    en: ['Hi {first}, thanks for your question. We are checking this and will get back to you.'],
  },
  signature: '— Departement WSE',
};
