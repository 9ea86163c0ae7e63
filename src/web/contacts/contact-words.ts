/** Words of a contact's page and of an entity's retention settings (issue 17), Dutch and English. */
import type { ErasureCounts } from '../api/contacts.js';

type Lang = 'nl' | 'en';

const nl = {
  title: 'Contactpersoon',
  open: 'Gegevens van deze contactpersoon',
  account: 'Account',
  tickets: 'Tickets bij deze entiteit',
  erased: (when: string) => `Gewist op ${when}.`,
  erasures: 'Eerder gewist',
  exportTitle: 'Gegevens opvragen',
  exportIntro: 'Alles wat over deze persoon bij deze entiteit bewaard is, als JSON-bestand (recht op inzage).',
  exportButton: 'Gegevens downloaden (JSON)',
  eraseTitle: 'Gegevens wissen',
  eraseIntro: 'Wist de persoonsgegevens van deze contactpersoon bij deze entiteit. De tickets en klachtdossiers blijven bestaan met hun categorie, data en aantallen, zodat de jaarrapportage niet verandert.',
  erasePrepare: 'Wissen voorbereiden…',
  eraseConfirmTitle: 'Dit wordt definitief gewist:',
  eraseConfirm: 'Definitief wissen',
  eraseCancel: 'Annuleren',
  eraseDone: 'De gegevens zijn gewist.',
  counts: (c: ErasureCounts): string[] => [
    `de tekst van ${c.messages} ${c.messages === 1 ? 'bericht' : 'berichten'} (met eerdere versies en links) in ${c.tickets} ${c.tickets === 1 ? 'ticket' : 'tickets'}`,
    `${c.rawPayloads} ruwe ${c.rawPayloads === 1 ? 'platformgegeven' : 'platformgegevens'} en ${c.attachments} ${c.attachments === 1 ? 'bijlage' : 'bijlagen'}`,
    `${c.notes} interne ${c.notes === 1 ? 'notitie' : 'notities'}`,
    `de persoonsgegevens (naam, adres, e-mail, feiten) van ${c.cases} ${c.cases === 1 ? 'klachtdossier' : 'klachtdossiers'} en ${c.letters} ${c.letters === 1 ? 'brief' : 'brieven'}`,
    `${c.webhookDeliveries} opgeslagen ${c.webhookDeliveries === 1 ? 'webhooklevering' : 'webhookleveringen'} en ${c.quarantined} ${c.quarantined === 1 ? 'item' : 'items'} in quarantaine`,
    `de details van ${c.auditEntries} ${c.auditEntries === 1 ? 'logregel' : 'logregels'}`,
    `${c.mailFiles} ${c.mailFiles === 1 ? 'mailbestand' : 'mailbestanden'} in de mailmap`,
    c.contactRow ? 'naam en gebruikersnaam van de contactpersoon (wordt "gewist")' : 'naam en gebruikersnaam blijven: de persoon heeft nog tickets bij een andere entiteit',
  ],
  retentionTitle: 'Bewaartermijnen',
  retentionIntro: 'Wat na deze termijn automatisch gewist wordt. Leeg = niet automatisch wissen.',
  rawPayloadDays: 'Ruwe platformgegevens en webhookleveringen (dagen)',
  closedTicketTextYears: 'Teksten van gesloten tickets (jaren na sluiten)',
  save: 'Bewaartermijnen opslaan',
  saved: 'Opgeslagen.',
};

const en: typeof nl = {
  title: 'Contact',
  open: "This contact's data",
  account: 'Account',
  tickets: 'Tickets with this entity',
  erased: (when) => `Erased on ${when}.`,
  erasures: 'Erased before',
  exportTitle: 'Request data',
  exportIntro: 'Everything stored about this person at this entity, as a JSON file (right of access).',
  exportButton: 'Download data (JSON)',
  eraseTitle: 'Erase data',
  eraseIntro: "Erases this contact's personal data at this entity. Tickets and complaint cases stay with their category, dates and counts, so the annual report does not change.",
  erasePrepare: 'Prepare erasure…',
  eraseConfirmTitle: 'This will be erased for good:',
  eraseConfirm: 'Erase for good',
  eraseCancel: 'Cancel',
  eraseDone: 'The data has been erased.',
  counts: (c) => [
    `the text of ${c.messages} ${c.messages === 1 ? 'message' : 'messages'} (with earlier versions and links) in ${c.tickets} ${c.tickets === 1 ? 'ticket' : 'tickets'}`,
    `${c.rawPayloads} raw platform ${c.rawPayloads === 1 ? 'payload' : 'payloads'} and ${c.attachments} ${c.attachments === 1 ? 'attachment' : 'attachments'}`,
    `${c.notes} internal ${c.notes === 1 ? 'note' : 'notes'}`,
    `the personal details (name, address, e-mail, facts) of ${c.cases} complaint ${c.cases === 1 ? 'case' : 'cases'} and ${c.letters} ${c.letters === 1 ? 'letter' : 'letters'}`,
    `${c.webhookDeliveries} stored webhook ${c.webhookDeliveries === 1 ? 'delivery' : 'deliveries'} and ${c.quarantined} quarantined ${c.quarantined === 1 ? 'item' : 'items'}`,
    `the details of ${c.auditEntries} audit ${c.auditEntries === 1 ? 'entry' : 'entries'}`,
    `${c.mailFiles} mail ${c.mailFiles === 1 ? 'file' : 'files'} in the mail folder`,
    c.contactRow ? 'the contact\'s name and handle (becomes "gewist")' : 'name and handle stay: the person still has tickets with another entity',
  ],
  retentionTitle: 'Retention',
  retentionIntro: 'What is erased automatically after this period. Empty = never erased automatically.',
  rawPayloadDays: 'Raw platform payloads and webhook deliveries (days)',
  closedTicketTextYears: 'Texts of closed tickets (years after closing)',
  save: 'Save retention',
  saved: 'Saved.',
};

export function contactWords(lang: Lang): typeof nl {
  return lang === 'en' ? en : nl;
}
