import { fold } from '../classify/normalize.js';
import { tokenize } from '../classify/tokenize.js';
import { STOP_WORDS } from './stop-words.js';

/**
 * The key phrases of a message, the topics spikes are counted on: its content words (folded, no
 * stop words, handles, links, numbers or emoji) and each pair of content words that follow each
 * other in a sentence ("tram storing"). Each phrase once per message. Pure.
 */

/** Shorter words are too ambiguous to make a topic ("bus" has three letters and is one). */
const MIN_WORD_LENGTH = 3;
/** A long message counts for no more topics than this (its first phrases). */
export const MAX_PHRASES_PER_MESSAGE = 60;

const WORD = /^[a-z]+$/;

function isContentWord(token: string): boolean {
  return token.length >= MIN_WORD_LENGTH && WORD.test(token) && !STOP_WORDS.has(token);
}

export function keyPhrases(text: string): string[] {
  const tokens = tokenize(fold(text));
  const phrases = new Set<string>();
  let previous: string | undefined;
  for (const token of tokens) {
    if (phrases.size >= MAX_PHRASES_PER_MESSAGE) break;
    if (!isContentWord(token)) {
      previous = undefined;
      continue;
    }
    phrases.add(token);
    if (previous !== undefined && previous !== token) phrases.add(`${previous} ${token}`);
    previous = token;
  }
  return [...phrases];
}

/** Whether a phrase is a pair of words (a bigram). */
export function isBigram(phrase: string): boolean {
  return phrase.includes(' ');
}

/**
 * The topic's stored id: a 53-bit hash of the phrase (cyrb53), so the table of key phrases per
 * message holds no citizen's words; a safe integer in JavaScript, a bigint in PostgreSQL. Two phrases
 * sharing an id are as likely as not once in some 10^16 pairs: no concern for one entity's week.
 */
export function topicId(phrase: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < phrase.length; i++) {
    const c = phrase.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
