/**
 * The accessibility statement (toegankelijkheidsverklaring) in Dutch and English, in the order of the
 * model the Flemish government asks for (the European model statement of Implementing Decision (EU)
 * 2018/1523, as the bestuursdecreet of 7 December 2018 takes it over): scope, compliance status,
 * non-accessible content, how the statement was drawn up, feedback and contact, enforcement.
 * Review it when a screen changes; the date says when it was last checked.
 */

/** A block of the statement: a paragraph, a list, or name–value pairs (an address). */
export type Block = { p: string } | { list: string[] } | { pairs: Array<[string, string]> };

export interface StatementSection {
  id: string;
  heading: string;
  blocks: Block[];
}

export interface Statement {
  title: string;
  /** ISO date of the statement and of its last review. */
  date: string;
  dateLabel: string;
  sections: StatementSection[];
}

/** When the screens were last checked (axe-core and the keyboard, see the method below). */
export const STATEMENT_DATE = '2026-12-04';

const OMBUDS_NL: Array<[string, string]> = [
  ['Adres', 'Vlaamse Ombudsdienst, Leuvenseweg 86, 1000 Brussel'],
  ['E-mail', 'klachten@vlaamseombudsdienst.be'],
  ['Gratis telefoonnummer', '0800 240 50'],
  ['Website', 'www.vlaamseombudsdienst.be'],
];

const OMBUDS_EN: Array<[string, string]> = [
  ['Address', 'Vlaamse Ombudsdienst, Leuvenseweg 86, 1000 Brussel, Belgium'],
  ['E-mail', 'klachten@vlaamseombudsdienst.be'],
  ['Free phone number (in Belgium)', '0800 240 50'],
  ['Website', 'www.vlaamseombudsdienst.be'],
];

export const STATEMENTS: Record<'nl' | 'en', Statement> = {
  nl: {
    title: 'Toegankelijkheidsverklaring',
    date: STATEMENT_DATE,
    dateLabel: 'Datum van deze verklaring',
    sections: [
      {
        id: 'scope',
        heading: 'Waarover gaat deze verklaring?',
        blocks: [
          {
            p: 'De organisatie die deze sociale inbox gebruikt, streeft ernaar haar websites en toepassingen toegankelijk te maken, overeenkomstig het bestuursdecreet van 7 december 2018, dat de Europese richtlijn 2016/2102 omzet.',
          },
          {
            p: 'Deze verklaring geldt voor de webtoepassing van de sociale inbox: aanmelden, de wachtrij en de tickets, de klachtdossiers, het dashboard, de standaardantwoorden, het beheer van kanalen, entiteiten, gebruikers en SLA, je account, de sneltoetsen en deze pagina.',
          },
        ],
      },
      {
        id: 'status',
        heading: 'Nalevingsstatus',
        blocks: [
          {
            p: 'Deze toepassing is gedeeltelijk conform met de Web Content Accessibility Guidelines (WCAG) versie 2.1, niveau AA (de norm EN 301 549). De onderdelen die niet of nog niet conform zijn, staan hieronder.',
          },
        ],
      },
      {
        id: 'limitations',
        heading: 'Niet-toegankelijke inhoud',
        blocks: [
          { p: 'Niet conform met de toegankelijkheidsvoorschriften:' },
          {
            list: [
              'De sneltoetsen van één letter in de wachtrij en in een ticket (j, k, e, n, x, r) kunnen nog niet uitgeschakeld of aangepast worden (succescriterium 2.1.4). Ze werken niet terwijl je in een invoerveld typt; alles wat ze doen, kan ook met knoppen en de Tab-toets.',
              'Een sessie eindigt na 12 uur zonder activiteit, zonder waarschuwing vooraf (succescriterium 2.2.1). Tekst die je nog niet verstuurde, kan dan verloren gaan.',
              'De schermen zijn getest op een breedte van 390 pixels, nog niet op 320 pixels (vergroting tot 400 %, succescriterium 1.4.10).',
            ],
          },
          { p: 'Inhoud die buiten het toepassingsgebied valt:' },
          {
            list: [
              'Berichten, foto’s, video’s en bijlagen van burgers worden getoond zoals ze op het platform staan. Dat is inhoud van derden die de organisatie niet maakt of beheert: een foto heeft bijvoorbeeld geen tekstalternatief als de burger er geen gaf, en een bericht kan in een andere taal zijn.',
              'Het overzicht van de achtergrondtaken (BullMQ) voor beheerders is een extern hulpmiddel dat niet getest werd.',
            ],
          },
          {
            p: 'Toegankelijk alternatief: elke grafiek op het dashboard heeft een knop „Als tabel tonen” met alle cijfers, en een samenvatting in tekst.',
          },
        ],
      },
      {
        id: 'method',
        heading: 'Opstelling van deze verklaring',
        blocks: [
          { p: 'Deze verklaring werd opgesteld op 4 december 2026 en laatst herzien op 4 december 2026, met een zelfbeoordeling door het ontwikkelteam:' },
          {
            list: [
              'Automatische controle met axe-core op de regels van WCAG 2.1 A en AA, voor elk scherm, in het Nederlands en in het Engels, op een laptop (1440 × 900) en een smartphone (390 × 844). De test slaagt alleen zonder overtredingen.',
              'Een geautomatiseerde controle dat elk scherm volledig Nederlandstalig is en op de smartphone niet zijwaarts scrolt.',
              'Handmatige controle met het toetsenbord: alles bereikbaar met Tab, zichtbare focus, logische volgorde, dialogen die de focus vasthouden en met Esc sluiten, meldingen die schermlezers voorlezen.',
            ],
          },
        ],
      },
      {
        id: 'feedback',
        heading: 'Feedback en contactgegevens',
        blocks: [
          {
            p: 'Loop je tegen een toegankelijkheidsprobleem aan, of heb je een onderdeel in een andere vorm nodig? Meld het aan de beheerder van de sociale inbox in je organisatie. De beheerder bevestigt je melding binnen 5 werkdagen, zoekt een oplossing of alternatief en geeft het probleem door aan de ontwikkelaars van de inbox.',
          },
        ],
      },
      {
        id: 'enforcement',
        heading: 'Handhavingsprocedure',
        blocks: [
          {
            p: 'Ben je niet tevreden over hoe je melding of klacht behandeld werd? Dan kan je terecht bij de Vlaamse Ombudsdienst. Die behandelt klachten over de toegankelijkheid van websites en toepassingen van Vlaamse overheidsinstanties.',
          },
          { pairs: OMBUDS_NL },
        ],
      },
    ],
  },
  en: {
    title: 'Accessibility statement',
    date: STATEMENT_DATE,
    dateLabel: 'Date of this statement',
    sections: [
      {
        id: 'scope',
        heading: 'What this statement covers',
        blocks: [
          {
            p: 'The organisation that uses this social inbox is committed to making its websites and applications accessible, in accordance with the Flemish administrative decree (bestuursdecreet) of 7 December 2018, which transposes European Directive 2016/2102.',
          },
          {
            p: "This statement applies to the social inbox's web application: logging in, the queue and tickets, complaint cases, the dashboard, canned responses, the management of channels, entities, users and SLA, your account, the keyboard shortcuts and this page.",
          },
        ],
      },
      {
        id: 'status',
        heading: 'Compliance status',
        blocks: [
          {
            p: 'This application is partially compliant with the Web Content Accessibility Guidelines (WCAG) version 2.1, level AA (the EN 301 549 standard). The parts that are not (yet) compliant are listed below.',
          },
        ],
      },
      {
        id: 'limitations',
        heading: 'Non-accessible content',
        blocks: [
          { p: 'Non-compliance with the accessibility requirements:' },
          {
            list: [
              'The single-letter keyboard shortcuts in the queue and in a ticket (j, k, e, n, x, r) cannot be turned off or remapped yet (success criterion 2.1.4). They do nothing while you type in a field; everything they do is also possible with buttons and the Tab key.',
              'A session ends after 12 hours without activity, without a warning first (success criterion 2.2.1). Text you had not sent yet may then be lost.',
              'The screens are tested at a width of 390 pixels, not yet at 320 pixels (400 % zoom, success criterion 1.4.10).',
            ],
          },
          { p: 'Content outside the scope of the legislation:' },
          {
            list: [
              "Citizens' messages, photos, videos and attachments are shown as they are on the platform. This is third-party content the organisation does not make or control: a photo has no text alternative if the citizen gave none, and a message may be in another language.",
              'The background job overview (BullMQ) for administrators is an external tool that was not tested.',
            ],
          },
          {
            p: 'Accessible alternative: every chart on the dashboard has a "Show as table" button with all the figures, and a summary in text.',
          },
        ],
      },
      {
        id: 'method',
        heading: 'Preparation of this statement',
        blocks: [
          { p: 'This statement was prepared on 4 December 2026 and last reviewed on 4 December 2026, by a self-assessment of the development team:' },
          {
            list: [
              'Automated checks with axe-core against the WCAG 2.1 A and AA rules, for every screen, in Dutch and in English, on a laptop (1440 × 900) and a smartphone (390 × 844). The test passes only without violations.',
              'An automated check that every screen is entirely in Dutch and does not scroll sideways on the smartphone.',
              'Manual keyboard testing: everything reachable with Tab, visible focus, a logical order, dialogs that keep the focus and close with Esc, messages that screen readers announce.',
            ],
          },
        ],
      },
      {
        id: 'feedback',
        heading: 'Feedback and contact information',
        blocks: [
          {
            p: 'Do you run into an accessibility problem, or do you need a part in another form? Tell the administrator of the social inbox in your organisation. The administrator acknowledges your report within 5 working days, looks for a solution or an alternative, and passes the problem on to the developers of the inbox.',
          },
        ],
      },
      {
        id: 'enforcement',
        heading: 'Enforcement procedure',
        blocks: [
          {
            p: 'If you are not satisfied with how your report or complaint was handled, you can turn to the Flemish Ombudsman (Vlaamse Ombudsdienst), who handles complaints about the accessibility of websites and applications of Flemish public bodies.',
          },
          { pairs: OMBUDS_EN },
        ],
      },
    ],
  },
};
