import { createHash } from 'node:crypto';
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
 * The topic's stored id: 48 bits of the phrase's SHA-256, so the table of key phrases per message
 * holds no citizen's words (a safe integer in JavaScript, a bigint in PostgreSQL).
 */
export function topicId(phrase: string): number {
  return createHash('sha256').update(phrase).digest().readUIntBE(0, 6);
}
