import type { Category } from '../tickets/ticket.js';

/**
 * What demo citizens write to one entity, about that entity's own services. Who does what comes
 * from ../shared/data/flemish-entities.json (the Flemish Parliament's answer to written question
 * 97 of 2020); the services, places and numbers are invented but plausible.
 */
export type Lang = 'nl' | 'fr' | 'en';

export interface Template {
  /** What the writer means it to be; the classifier decides what the ticket becomes. */
  category: Category;
  lang: Lang;
  /** The text, with `{slot}` placeholders filled from the entity's slots (or the shared ones). */
  text: string;
  /** The service it is about, in Dutch: the tag the backlog gives its ticket. */
  topic: string;
  /** Only on a public or only in a private channel (a case number or a personal situation goes private). */
  via?: 'public' | 'private';
  /** E-mail subject (with slots); without one it is made from the category and the topic. */
  subject?: string;
  /** Review stars; without them they follow from the category. */
  stars?: 1 | 2 | 3 | 4 | 5;
}

/** A citizen's second message in the same conversation (a reply in the thread, a second DM, an edited review). */
export interface FollowUp {
  lang: Lang;
  text: string;
  /** The categories of first messages it may follow (default complaint and dissatisfaction). */
  after?: Category[];
  /** Only after first messages about these topics (default: any topic whose slots it can fill). */
  topics?: string[];
  /** Slots it may fill from the entity's lists when the first message did not use them. */
  free?: string[];
  /** It comes with a photo (where the channel carries attachments). */
  attachment?: 'photo';
}

/** A post, video or announcement of the entity's own that citizens comment on. */
export interface OwnPost {
  topic: string;
  text: string;
}

export interface EntityDomain {
  entity: string;
  /** The entity's name as flemish-entities.json writes it. */
  officialName: string;
  /** Every text of this entity holds at least one of these (lower case; a leading `\b` is a word start). */
  keywords: string[];
  /** Words that only this entity's texts use: another entity's text holding one is off-topic. */
  markers: string[];
  slots: Record<string, readonly string[]>;
  posts: OwnPost[];
  templates: Template[];
  followUps: FollowUp[];
  /** What an agent answers in the backlog, per language: `{first}` is the citizen's first name. */
  replies: Record<Lang, string[]>;
  /** The team's signature under public replies (webcare teams sign with initials). */
  signature: string;
}

/** Slots every entity may use: days, times and dates in each language. */
export const SHARED_SLOTS: Record<string, readonly string[]> = {
  day: ['vanochtend', 'gisteren', 'gisterenavond', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
  jour: ['ce matin', 'hier', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'],
  dayEn: ['this morning', 'yesterday', 'on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday'],
  time: ['7u12', '7u42', '8u05', '8u20', '9u35', '12u35', '16u10', '16u48', '17u15', '17u52', '18u30', '22u05'],
  heure: ['7h12', '7h42', '8h05', '8h20', '12h35', '16h10', '17h15', '18h30'],
  timeEn: ['7:12', '7:42', '8:05', '8:20', '12:35', '16:10', '17:15', '18:30'],
  date: ['3 maart', '14 april', '22 mei', '2 juni', '17 september', '3 oktober', '14 oktober', '28 oktober', '4 november', '19 november', '2 december'],
  dateFr: ['3 mars', '14 avril', '22 mai', '2 juin', '17 septembre', '3 octobre', '14 octobre', '4 novembre'],
  dateEn: ['3 March', '14 April', '22 May', '2 June', '17 September', '3 October', '14 October', '4 November'],
  weeks: ['drie', 'vier', 'vijf', 'zes', 'acht'],
  months: ['drie', 'vier', 'vijf', 'zes'],
};

/** `{slot}` names in a text, each once, in order. */
export function slotsOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]!))];
}

/** Fills `{slot}` placeholders from `values`; unknown slots stay as they are. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Whether `text` is about the domain: it holds one of the keywords. */
export function mentionsAny(text: string, words: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((word) => (word.startsWith('\\b') ? new RegExp(`(^|[^\\p{L}\\p{N}])${escape(word.slice(2))}`, 'u').test(lower) : lower.includes(word)));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
