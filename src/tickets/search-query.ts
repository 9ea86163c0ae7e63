/**
 * What a person typed in the queue's search box, taken apart: words (letters and digits only, so
 * nothing typed can become a tsquery operator or a LIKE wildcard), "quoted phrases", and a ticket
 * number ("1234" or "#1234"). Pure: src/tickets/sql.ts turns it into SQL.
 */

/** At most this many words and phrases are used; the rest is ignored. */
export const MAX_TERMS = 12;
/** Substring (compound word) matching needs at least this many characters: a trigram. */
export const SUBSTRING_MIN_LENGTH = 3;

export interface SearchTerms {
  /** Lower-cased words outside quotes, in order. */
  words: string[];
  /** Each quoted phrase's words, lower-cased and joined by one space; only phrases of two words or more. */
  phrases: string[];
  /** The ticket number the whole query stands for, if it is one. */
  number?: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

export function parseSearch(text: string): SearchTerms {
  const words: string[] = [];
  const phrases: string[] = [];
  // an unmatched quote runs to the end of the text
  const parts = text.split('"');
  parts.forEach((part, index) => {
    const inQuotes = index % 2 === 1;
    const found = wordsOf(part);
    if (inQuotes && found.length > 1) phrases.push(found.join(' '));
    else words.push(...found);
  });
  const number = /^#?(\d{1,15})$/.exec(text.trim());
  return {
    words: words.slice(0, MAX_TERMS),
    phrases: phrases.slice(0, MAX_TERMS),
    ...(number ? { number: Number(number[1]) } : {}),
  };
}

/**
 * The terms as to_tsquery text: each word a prefix (after stemming, so "bus" finds "bussen"), each
 * phrase its words one after the other. '' when there is nothing to search for.
 */
export function tsqueryText(terms: SearchTerms): string {
  const parts = [
    ...terms.words.map((word) => `${word}:*`),
    ...terms.phrases.map((phrase) => `(${phrase.split(' ').join(' <-> ')})`),
  ];
  return parts.join(' & ');
}

/**
 * The terms that must each occur in the folded text for a substring match ("premie" in
 * "renovatiepremie"): every word and phrase. Empty when a word is too short for a trigram (it would
 * match nearly everything) or when the query is a ticket number.
 */
export function substringTerms(terms: SearchTerms): string[] {
  if (terms.number !== undefined) return [];
  if (terms.words.some((word) => word.length < SUBSTRING_MIN_LENGTH)) return [];
  return [...terms.words, ...terms.phrases];
}

/** A LIKE pattern that finds `term` anywhere; terms hold letters, digits and spaces only. */
export function containsPattern(term: string): string {
  return `%${term}%`;
}

// ── Which way a search reads the database ──────────────────────────────────────────────────────────
// A word most tickets share ("bus") is found fastest by reading the queue newest first and stopping
// once a page is full; a rare one by its index, whatever the number of tickets. PostgreSQL's estimate
// of the matching messages chooses; a walk that does not fill its page falls back to the indexes.

/** The fewest and the most tickets a walk reads. */
export const WALK_MIN = 300;
export const WALK_MAX = 4000;
/** A walk reads this many times the tickets the estimate says would fill the page. */
const WALK_MARGIN = 2;

/**
 * How many of the newest tickets to read for a page of `need` tickets (offset + limit) when about
 * `share` (0..1) of tickets match; null when that is more than WALK_MAX: use the indexes.
 */
export function walkWindow(need: number, share: number): number | null {
  if (!(share > 0)) return null;
  const window = Math.ceil((need / Math.min(share, 1)) * WALK_MARGIN);
  if (window > WALK_MAX) return null;
  return Math.max(WALK_MIN, window);
}

export interface WalkResult {
  /** Tickets read (fewer than the window: every ticket of the filter was read). */
  walked: number;
  window: number;
  /** Matches among them, of any rank, and of the strongest rank the query has. */
  hits: number;
  strongHits: number;
}

export interface RankedId {
  id: number;
  rank: number;
}

/**
 * Whether the walk's matches (`ranked`: its first `need` in page order) are the page: every ticket of
 * the filter was read, or the strongest matches alone fill it (every ticket newer than the last one
 * read was read, and strong matches rank before all others).
 */
export function walkDecides(walk: WalkResult, need: number): boolean {
  return walk.walked < walk.window || walk.strongHits >= need;
}

/**
 * The page's first `need` ids from a walk that did not decide alone and every strong match
 * (`allStrong`, newest first, at most `need`, from the indexes: few, or the walk would have found
 * them): those first, then the walk's weaker matches, which are the newest of their rank. Null when
 * the two together are too few to tell.
 */
export function pageWithAllStrong(ranked: readonly RankedId[], need: number, strongest: number, allStrong: readonly number[]): number[] | null {
  if (allStrong.length >= need) return allStrong.slice(0, need);
  const weaker = ranked.filter((r) => r.rank < strongest).map((r) => r.id);
  if (allStrong.length + weaker.length < need) return null;
  return [...allStrong, ...weaker].slice(0, need);
}

/**
 * The number of matches when the walk stopped early: its share of matches times the estimated number
 * of tickets the filter holds, never fewer than the matches seen.
 */
export function estimatedTotal(walk: WalkResult, filteredTickets: number): number {
  if (walk.walked < walk.window) return walk.hits;
  return Math.max(walk.hits, Math.round((walk.hits / Math.max(walk.walked, 1)) * filteredTickets));
}
