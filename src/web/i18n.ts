/** The interface's words, Dutch (default) and English, following /work/shared/design/GLOSSARY.md. */
import { enAdmin, nlAdmin } from './i18n-admin.js';

export type Lang = 'nl' | 'en';

const nl = {
  appName: 'Sociale inbox',
  login: 'Aanmelden',
  loginTitle: 'Aanmelden bij de sociale inbox',
  email: 'E-mailadres',
  password: 'Wachtwoord',
  logout: 'Afmelden',
  language: 'Taal',
  queue: 'Wachtrij',
  tickets: 'tickets',
  category: 'Categorie',
  status: 'Status',
  priority: 'Prioriteit',
  all: 'Alle',
  search: 'Zoeken',
  searchPlaceholder: 'Tekst, handle of naam',
  platform: 'Platform',
  author: 'Auteur',
  message: 'Bericht',
  age: 'Leeftijd',
  noTickets: 'Geen tickets in deze wachtrij.',
  loading: 'Laden…',
  updated: 'Bijgewerkt',
  back: 'Terug naar de wachtrij',
  conversation: 'Gesprek',
  signals: 'Signalen van de classificatie',
  noSignals: 'Geen signalen.',
  confidence: 'zekerheid',
  manual: 'met de hand',
  inbound: 'Burger',
  outbound: 'Ons antwoord',
  reply: 'Antwoorden',
  replyText: 'Antwoord',
  visibility: 'Zichtbaarheid',
  send: 'Versturen',
  sent: 'Antwoord in de wachtrij gezet.',
  retag: 'Categorie wijzigen',
  retagReason: 'Reden (optioneel)',
  retagSave: 'Categorie opslaan',
  retagged: 'Categorie gewijzigd.',
  complaintRecord: 'Klacht doorgestuurd naar de klachtencoördinator',
  help: 'Sneltoetsen',
  close: 'Sluiten',
  error: 'Fout',
  showHelp: 'Sneltoetsen tonen',
  keys: {
    j: 'volgende ticket',
    k: 'vorige ticket',
    enter: 'ticket openen',
    slash: 'zoeken',
    r: 'antwoord schrijven (in een ticket)',
    escape: 'terug naar de wachtrij',
    question: 'deze hulp',
  },
  categories: { question: 'vraag', dissatisfaction: 'ongenoegen', complaint: 'klacht', other: 'overige' },
  statuses: { new: 'nieuw', open: 'open', pending: 'in afwachting', resolved: 'opgelost', closed: 'gesloten' },
  priorities: { low: 'laag', medium: 'normaal', high: 'hoog', urgent: 'dringend' },
  visibilities: { public: 'openbaar antwoord', private: 'privébericht' },
  delivery: { queued: 'in de wachtrij', sent: 'verstuurd', failed: 'mislukt' },
  ago: { now: 'net nu', min: 'min', hour: 'u', day: 'd' },
  mainNav: 'Hoofdmenu',
  sessionEnded: 'Je sessie is verlopen. Meld je opnieuw aan.',
  admin: nlAdmin,
};

export type Dictionary = typeof nl;

const en: Dictionary = {
  appName: 'Social inbox',
  login: 'Log in',
  loginTitle: 'Log in to the social inbox',
  email: 'E-mail address',
  password: 'Password',
  logout: 'Log out',
  language: 'Language',
  queue: 'Queue',
  tickets: 'tickets',
  category: 'Category',
  status: 'Status',
  priority: 'Priority',
  all: 'All',
  search: 'Search',
  searchPlaceholder: 'Text, handle or name',
  platform: 'Platform',
  author: 'Author',
  message: 'Message',
  age: 'Age',
  noTickets: 'No tickets in this queue.',
  loading: 'Loading…',
  updated: 'Updated',
  back: 'Back to the queue',
  conversation: 'Conversation',
  signals: "The classifier's signals",
  noSignals: 'No signals.',
  confidence: 'confidence',
  manual: 'by hand',
  inbound: 'Citizen',
  outbound: 'Our reply',
  reply: 'Reply',
  replyText: 'Reply',
  visibility: 'Visibility',
  send: 'Send',
  sent: 'Reply queued.',
  retag: 'Change category',
  retagReason: 'Reason (optional)',
  retagSave: 'Save category',
  retagged: 'Category changed.',
  complaintRecord: 'Complaint routed to the complaint coordinator',
  help: 'Keyboard shortcuts',
  close: 'Close',
  error: 'Error',
  showHelp: 'Show keyboard shortcuts',
  keys: {
    j: 'next ticket',
    k: 'previous ticket',
    enter: 'open ticket',
    slash: 'search',
    r: 'write a reply (in a ticket)',
    escape: 'back to the queue',
    question: 'this help',
  },
  categories: { question: 'question', dissatisfaction: 'dissatisfaction', complaint: 'complaint', other: 'other' },
  statuses: { new: 'new', open: 'open', pending: 'pending', resolved: 'resolved', closed: 'closed' },
  priorities: { low: 'low', medium: 'medium', high: 'high', urgent: 'urgent' },
  visibilities: { public: 'public reply', private: 'private message' },
  delivery: { queued: 'queued', sent: 'sent', failed: 'failed' },
  ago: { now: 'just now', min: 'min', hour: 'h', day: 'd' },
  mainNav: 'Main menu',
  sessionEnded: 'Your session has ended. Please log in again.',
  admin: enAdmin,
};

export const DICTIONARIES: Record<Lang, Dictionary> = { nl, en };

/** A word from one of the dictionary's groups, or the code itself when the API sends a new one. */
export function label(group: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '';
  return group[code] ?? code;
}

export function age(t: Dictionary, iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return t.ago.now;
  if (minutes < 60) return `${minutes} ${t.ago.min}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${t.ago.hour}`;
  return `${Math.floor(hours / 24)} ${t.ago.day}`;
}
