import type { EntityDomain } from '../domain.js';

/** Drinking water: bills and meter readings, water meters, new connections, outages, water quality, leaks. */
export const WATERGROEP: EntityDomain = {
  entity: 'de-watergroep',
  officialName: 'Vlaamse Maatschappij voor Watervoorziening (De Watergroep)',
  keywords: ['water', 'meter', 'kraan', 'leiding', 'factuur', 'afrekening', '\\beau', 'aansluiting'],
  markers: ['waterfactuur', 'watermeter', 'leidingwater', 'meterstand', 'wateraansluiting', 'kraan'],
  slots: {
    town: ['Zottegem', 'Ninove', 'Lebbeke', 'Herzele', 'Tielt', 'Izegem', 'Tienen', 'Diest', 'Bree', 'Maaseik', 'Roeselare', 'Temse'],
    street: ['Kerkstraat', 'Stationsstraat', 'Molenstraat', 'Dorpsstraat', 'Nieuwstraat', 'Schoolstraat', 'Beekstraat', 'Kapelstraat'],
    amount: ['€ 412', '€ 687', '€ 1.240', '€ 356', '€ 925', '€ 538'],
    ref: ['3012 4455', '3044 1827', '3051 9902', '3067 2210', '3079 5546', '3088 0133'],
    hours: ['4', '6', '8', '10', '12'],
  },
  posts: [],
  templates: [
    {
      category: 'question', lang: 'nl', topic: 'meterstand', stars: 3,
      text: 'Vriendelijk onthaal in {town}. Kan ik mijn meterstand ook via de app doorgeven? Mijn watermeter staat in een kelder zonder bereik.',
    },
    { category: 'question', lang: 'nl', topic: 'digitale meter', stars: 4, text: 'Goede uitleg aan het loket. Wanneer wordt de digitale watermeter geplaatst in de {street} in {town}?' },
    { category: 'question', lang: 'nl', topic: 'aansluiting', stars: 3, text: 'Hoe lang duurt een nieuwe wateraansluiting voor een nieuwbouw in {town}? Aanvraag gedaan op {date}, nog niets gehoord.' },
    { category: 'question', lang: 'nl', topic: 'afbetaling', stars: 4, text: 'Vlot geholpen. Kan ik mijn waterfactuur van {amount} ook in schijven afbetalen?' },
    { category: 'question', lang: 'nl', topic: 'waterkwaliteit', stars: 3, text: 'Ons leidingwater in {town} is erg kalkrijk. Hoe hard is het water in de {street} eigenlijk?' },
    {
      category: 'dissatisfaction', lang: 'nl', topic: 'onderbreking', stars: 2,
      text: 'Al {hours} uur geen water in de {street} in {town} en nergens informatie over de onderbreking. De communicatie kan echt beter.',
    },
    { category: 'dissatisfaction', lang: 'nl', topic: 'waterkwaliteit', stars: 2, text: 'Na de werken in de {street} in {town} komt er al twee dagen bruin water uit de kraan. Niemand die iets laat weten.' },
    { category: 'dissatisfaction', lang: 'nl', topic: 'loket', stars: 2, text: 'Anderhalf uur gewacht aan het loket in {town} voor een eenvoudige vraag over mijn waterfactuur. Maar één loket open.' },
    {
      category: 'complaint', lang: 'nl', topic: 'factuur', stars: 1,
      text: 'Ik dien hierbij formeel klacht in: mijn afrekening van {amount} is gebaseerd op een geschatte meterstand, terwijl ik op {date} de juiste stand heb doorgegeven. Klantnummer {ref}.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'lek', stars: 1,
      text: 'Klacht: een lek aan de waterleiding in de {street} in {town} is al sinds {date} gemeld. Het water loopt nog altijd over het voetpad en er gebeurt niets.',
    },
    {
      category: 'complaint', lang: 'nl', topic: 'schade', stars: 1,
      text: 'Bij het vervangen van de watermeter is mijn kelder in {town} ondergelopen. Schade gemeld op {date}, klantnummer {ref}, en na {weeks} weken nog geen reactie. Ik wil hierover klacht indienen.',
    },
    { category: 'other', lang: 'nl', topic: 'compliment', stars: 5, text: 'Snelle en vriendelijke hulp bij het verhuizen van mijn watercontract naar {town}. Top!' },
    { category: 'other', lang: 'nl', topic: 'compliment', stars: 5, text: 'Technieker kwam de watermeter in de {street} vervangen: stipt op tijd en alles netjes achtergelaten. Dikke merci!' },
    { category: 'other', lang: 'nl', topic: 'compliment', stars: 4, text: 'Goede service bij het aanpassen van mijn voorschotfactuur voor water. Enkel de parking aan het kantoor in {town} is wat klein.' },
    {
      category: 'complaint', lang: 'fr', topic: 'factuur', stars: 1,
      text: "Plainte : facture d'eau de {amount} basée sur une estimation alors que j'ai communiqué mon index le {dateFr}. Aucune réponse à mes mails.",
    },
    { category: 'question', lang: 'fr', topic: 'onderbreking', stars: 3, text: "Personnel aimable, mais aucune information en français sur la coupure d'eau à {town}. Où la trouver ?" },
    { category: 'other', lang: 'en', topic: 'compliment', stars: 5, text: 'Quick and friendly help transferring my water contract when I moved to {town}. Thank you!' },
    { category: 'dissatisfaction', lang: 'en', topic: 'onderbreking', stars: 2, text: 'No water for {hours} hours in {town} and no information online about the outage.' },
  ],
  followUps: [
    { lang: 'nl', topics: ['factuur', 'loket', 'afbetaling'], text: 'Update: ondertussen een week verder en nog altijd geen antwoord over mijn waterfactuur.' },
    { lang: 'nl', topics: ['lek'], text: 'Update: het lek in de {street} is er nog altijd, het water loopt nu tot op de rijweg.' },
    { lang: 'nl', topics: ['onderbreking'], text: 'Update: vandaag opnieuw geen water in {town}, weer zonder verwittiging.' },
    { lang: 'nl', after: ['complaint'], text: 'Update: klantnummer {ref}, nog steeds geen reactie van De Watergroep.', free: ['ref'] },
    { lang: 'nl', topics: ['waterkwaliteit'], text: 'Update: de kraan geeft nu weer helder water, maar een woordje uitleg was fijn geweest.', after: ['dissatisfaction'] },
    { lang: 'fr', topics: ['factuur'], text: "Mise à jour : toujours aucune réponse concernant ma facture d'eau." },
    { lang: 'en', topics: ['onderbreking'], text: 'Update: still no water information for {town} online.' },
  ],
  replies: {
    nl: [
      'Dag {first}, bedankt voor je review! We bekijken je vraag en nemen contact op via je klantnummer.',
      'Dag {first}, vervelend. Storingen en onderbrekingen vind je live op onze website; we geven je opmerking door.',
      'Dag {first}, dank je wel voor de mooie woorden, we geven ze door aan het team!',
    ],
    fr: ['Bonjour {first}, merci pour votre avis. Nous vérifions et revenons vers vous.'],
    en: ['Hi {first}, thank you for your review! We have passed it on to the team.'],
  },
  signature: '— De Watergroep',
};
