import type { Lang } from './domain.js';

/**
 * The invented citizens who write in. Each one is one person on every platform: the same name,
 * and an id per platform derived from their number, so a second message comes from the same
 * account and lands in the same conversation.
 */
export interface Persona {
  /** 1, 2, …: stable across runs. */
  n: number;
  name: string;
  first: string;
  lang: Lang;
  /** Lower case, no spaces: the base of their handles. */
  handle: string;
}

const NAMES: Record<Lang, string[]> = {
  nl: [
    'An Peeters', 'Jonas Van den Broeck', 'Sofie Maes', 'Karim El Hadji', 'Lotte Janssens', 'Tom Wouters', 'Emma Claes', 'Pieter Goossens',
    'Nina De Vos', 'Bart Jacobs', 'Els Mertens', 'Wim Willems', 'Hanne Claeys', 'Koen De Smet', 'Ines Wouters', 'Jef Hermans',
    'Fatima Azzouzi', 'Lies Verhoeven', 'Dirk Van Damme', 'Mehmet Yilmaz', 'Ruben Desmet', 'Elke Vermeulen', 'Geert Lambrechts', 'Marieke De Backer',
    'Stijn Aerts', 'Yasmine Benali', 'Joris Van Acker', 'Kaat Dewulf', 'Bram Segers', 'Leen Coppens', 'Arne Michiels', 'Ilse Verbruggen',
    'Youssef Amrani', 'Griet Vandenberghe', 'Lukas Peeters', 'Noor Hendrickx',
  ],
  fr: ['Marie Dubois', 'Julie Lambert', 'Claire Lefèvre', 'Julien Dupont', 'Mathilde Renard', 'Nicolas Leroy', 'Sophie Martin', 'Amélie Fontaine'],
  en: ['Oliver Grant', 'Sarah Miller', 'James Carter', 'Emily Watson', 'Daniel Brooks', 'Priya Sharma', 'Tom Baker', 'Hannah Lewis'],
};

function handleOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .join('');
}

export const PERSONAS: readonly Persona[] = (['nl', 'fr', 'en'] as const).flatMap((lang) => NAMES[lang].map((name) => ({ name, lang }))).map(({ name, lang }, index) => ({
  n: index + 1,
  name,
  first: name.split(' ')[0]!,
  lang,
  handle: handleOf(name),
}));

export const PERSONAS_BY_LANG: Record<Lang, readonly Persona[]> = {
  nl: PERSONAS.filter((p) => p.lang === 'nl'),
  fr: PERSONAS.filter((p) => p.lang === 'fr'),
  en: PERSONAS.filter((p) => p.lang === 'en'),
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A persona's account on each platform. */
export function accountsOf(p: Persona) {
  const [first, ...rest] = p.name.split(' ');
  const last = handleOf(rest.join(' '));
  const firstPlain = handleOf(first!);
  return {
    /** X user id and @username. */
    x: { id: `9100${pad(p.n, 4)}`, username: p.n % 3 === 0 ? `${firstPlain}_${last}` : p.n % 3 === 1 ? p.handle : `${firstPlain}${last.slice(0, 3)}${p.n}` },
    /** Facebook visitor id and Messenger page-scoped id. */
    facebook: { id: `71000000${pad(p.n, 8)}`, psid: `72000000${pad(p.n, 8)}` },
    instagram: { id: `1784140${pad(p.n, 10)}`, username: p.n % 2 === 0 ? `${firstPlain}.${last}` : `${p.handle}_${pad(p.n, 2)}` },
    /** A Belgian mobile number (an English speaker's is British). */
    whatsapp: { from: p.lang === 'en' ? `4477009${pad(p.n, 5)}` : `3247${pad(p.n * 7919 % 10_000_000, 7)}` },
    linkedin: { urn: `urn:li:person:demo${p.handle.slice(0, 12)}${p.n}` },
    youtube: { channelId: `UCdemo${p.handle.slice(0, 12)}${pad(p.n, 4)}`.padEnd(24, '0').slice(0, 24), name: `@${p.handle}` },
    email: { address: `${firstPlain}.${last}@${['telenet', 'proximus', 'gmail', 'skynet', 'hotmail'][p.n % 5]}.example` },
  };
}
