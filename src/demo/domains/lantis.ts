import type { EntityDomain } from '../domain.js';

/** The Oosterweel link around Antwerp: works and their planning, detours, night work, dust and vibrations, site traffic, damage. */
export const LANTIS: EntityDomain = {
  entity: 'lantis',
  officialName: 'Lantis (Beheersmaatschappij Antwerpen Mobiel)',
  keywords: ['oosterweel', 'lantis', '\\bwerf', 'werken', 'omleiding', 'scheldetunnel', 'kanaaltunnels', 'heiwerken', 'bouwverkeer', 'travaux', 'works', 'knooppunt', '\\bring'],
  markers: ['oosterweel', 'lantis', 'scheldetunnel', 'kanaaltunnel', 'heiwerken', '\\bwerf'],
  slots: {
    'street/area': [
      'Bredabaan/Merksem', 'IJzerlaan/Merksem', 'Groenendaallaan/Luchtbal', 'Noorderlaan/Luchtbal', 'Blancefloerlaan/Linkeroever', 'Esmoreitlaan/Linkeroever',
      'Ter Heydelaan/Deurne', 'Hoogboomsteenweg/Ekeren', 'Pastoor Coplaan/Zwijndrecht', 'Londenstraat/het Eilandje',
    ],
    worksite: ['de Oosterweelknoop', 'de Scheldetunnel', 'de Kanaaltunnels', 'het knooppunt Antwerpen-West', 'de Ring in Merksem'],
    ref: ['LAN-2026-0412', 'LAN-2026-0736', 'LAN-2026-1058', 'LAN-2026-1311', 'LAN-2026-1647', 'LAN-2026-1920'],
    nights: ['drie', 'vier', 'vijf'],
  },
  posts: [],
  templates: [
    {
      category: 'question', lang: 'nl', topic: 'omleiding', subject: 'Vraag over de fietsomleiding in {area}',
      text: 'Hoe lang blijft de omleiding voor fietsers in {area} nog van kracht? Sinds de werken aan {worksite} moet ik elke dag een grote omweg maken naar mijn werk.',
    },
    {
      category: 'question', lang: 'nl', topic: 'infomoment', subject: 'Infomoment Oosterweel voor bewoners van {area}',
      text: 'Komt er nog een infomoment voor de bewoners van {area} over de volgende fase van de Oosterweelwerken? Ik vond niets op de website.',
    },
    {
      category: 'question', lang: 'nl', topic: 'nachtwerk', subject: 'Nachtwerk in de {street}?',
      text: 'Klopt het dat er volgende week nachtwerk gepland is in de {street}? Wij wonen aan de kant van de werf en hebben een baby van vier maanden.',
    },
    {
      category: 'question', lang: 'nl', topic: 'bouwverkeer', subject: 'Bouwverkeer in onze straat',
      text: 'Mag het bouwverkeer voor {worksite} door onze woonstraat rijden (de {street})? Er rijden sinds {date} dagelijks vrachtwagens door.',
    },
    {
      category: 'question', lang: 'nl', topic: 'groen', subject: 'Groen langs de {street}',
      text: 'Wanneer wordt het groen langs de {street} aangelegd dat in de plannen van de Oosterweelverbinding stond? Nu is het daar één grote zandvlakte.',
    },
    {
      category: 'dissatisfaction', lang: 'nl', topic: 'stof', subject: 'Stof van de werf in {area}',
      text: 'Alles in {area} ligt onder een laag stof van de werf aan {worksite}. Dat kan toch niet de bedoeling zijn.',
    },
    {
      category: 'dissatisfaction', lang: 'nl', topic: 'communicatie', subject: 'Opnieuw afsluiting zonder verwittiging',
      text: 'Opnieuw een afsluiting van de {street} zonder dat de bewoners een brief kregen. De communicatie over de Oosterweelwerken schiet echt tekort.',
    },
    {
      category: 'dissatisfaction', lang: 'nl', topic: 'verkeer', subject: 'Files in {area}',
      text: 'Elke ochtend een halfuur extra file in {area} door de werken aan {worksite}. Het begint echt op mijn zenuwen te werken.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'schade woning', subject: 'Klacht: scheuren in mijn woning',
      text: 'Ik dien hierbij formeel klacht in. Sinds de heiwerken aan {worksite} zijn er scheuren ontstaan in de gevel en de binnenmuren van onze woning in de {street} ({area}). Ik heb dit op {date} gemeld (referentie {ref}), maar er is nog niemand langsgekomen voor een plaatsbeschrijving.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'nachtlawaai', subject: 'Klacht nachtlawaai werf {area}',
      text: 'Formele klacht: al {nights} nachten op rij wordt er tot na {time} gewerkt aan {worksite} met zware machines, vlak naast onze woning in {area}. Er was geen enkele verwittiging en onze kinderen slapen niet meer.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'schade auto', subject: 'Klacht: schade aan mijn auto door werfverkeer',
      text: 'Klacht: mijn auto werd beschadigd door opspattend grind van een werfvrachtwagen van de Oosterweelwerken in de {street} op {date}. Mijn melding ({ref}) bleef onbeantwoord.',
    },
    {
      category: 'other', lang: 'nl', topic: 'compliment', subject: 'Bedankt',
      text: 'Bedankt voor de snelle reactie op mijn vraag over de fietsomleiding in {area}. Het nieuwe fietspad langs de werf is echt een verbetering!',
    },
    {
      category: 'other', lang: 'nl', topic: 'werfbezoek', subject: 'Werfbezoek met de klas',
      text: 'Wij waren {day} met onze klas uit {area} op werfbezoek aan {worksite}. Heel boeiend, dank aan de gids van Lantis!',
    },
    {
      category: 'question', lang: 'fr', topic: 'omleiding', subject: 'Question déviation {area}',
      text: "Bonjour, combien de temps la déviation pour les cyclistes à {area} va-t-elle encore durer à cause des travaux d'Oosterweel ?",
    },
    {
      category: 'question', lang: 'en', topic: 'planning', subject: 'Question about the Oosterweel works',
      text: 'Hello, I just moved to {area}. Where can I find the planning of the Oosterweel works near the {street}?',
    },
  ],
  followUps: [
    { lang: 'nl', text: 'Nog altijd geen reactie op mijn klacht over de Oosterweelwerken (referentie {ref}). Wanneer komt er iemand langs?', free: ['ref'], after: ['complaint'] },
    { lang: 'nl', attachment: 'photo', text: 'Intussen zijn de scheuren door de heiwerken in de {street} groter geworden. In bijlage nieuwe foto’s.', topics: ['schade woning'] },
    { lang: 'nl', text: 'Ook vannacht weer lawaai van de werf aan {worksite} tot na {time}. Dit moet stoppen.', topics: ['nachtlawaai'] },
    { lang: 'nl', text: 'Nog een vraag: geldt de omleiding ook in het weekend, of enkel tijdens de werkdagen in {area}?', after: ['question'], topics: ['omleiding'] },
    { lang: 'nl', text: 'Vandaag opnieuw een stofwolk over {area}, de auto’s staan helemaal wit. Wordt de werf nu gesproeid of niet?', topics: ['stof'] },
    { lang: 'fr', text: 'Toujours pas de réponse concernant la déviation à {area} pendant les travaux.', after: ['question'] },
    { lang: 'en', text: 'Any update on the planning of the works near the {street}?', after: ['question'] },
  ],
  replies: {
    nl: [
      'Beste {first},\n\nBedankt voor uw bericht. We hebben uw vraag doorgegeven aan het werfteam en komen er zo snel mogelijk op terug.\n\nMet vriendelijke groeten,\nHet Oosterweel-infopunt',
      'Beste {first},\n\nDe actuele omleidingen en de planning per werf vindt u op oosterweel.be. Heeft u nog vragen, dan horen we het graag.\n\nMet vriendelijke groeten,\nHet Oosterweel-infopunt',
    ],
    fr: ["Bonjour {first},\n\nMerci pour votre message. Nous l'avons transmis à l'équipe du chantier.\n\nCordialement,\nL'infopoint Oosterweel"],
    en: ['Dear {first},\n\nThank you for your message. We have passed it on to the site team and will get back to you.\n\nKind regards,\nThe Oosterweel info point'],
  },
  signature: '',
};
