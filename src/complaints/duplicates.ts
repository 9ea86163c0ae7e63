/**
 * Likely duplicate complaints (issue 13): the same person sending the same complaint again (often
 * in several mentions, or tagging other accounts) is proposed as a duplicate of the earlier case,
 * never silently made into a separate case with its own coordinator mail. Pure: no I/O.
 */

/** How far back an earlier complaint of the same contact counts. */
export const DUPLICATE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Token-set Jaccard similarity from which two normalised texts are taken as the same complaint. */
export const DUPLICATE_SIMILARITY = 0.8;

/** The words of a text: lowercased, without @handles, URLs, punctuation, emoji and accents. */
export function complaintTokens(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/@[\p{L}\p{N}_.]+/gu, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w.length > 0);
  return new Set(words);
}

/** Token-set Jaccard similarity (1 for two empty texts). */
export function similarity(a: string, b: string): number {
  const ta = complaintTokens(a);
  const tb = complaintTokens(b);
  if (ta.size === 0 && tb.size === 0) return 1;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

export interface EarlierComplaint {
  id: number;
  text: string;
  receivedAt: Date;
}

/**
 * The earlier complaint (of the same contact and entity, the caller's selection) the new one likely
 * duplicates: received within the week before it, with an identical or very similar text; the most
 * similar one, the newest on a tie. Undefined when none is.
 */
export function likelyDuplicateOf(text: string, receivedAt: Date, earlier: readonly EarlierComplaint[]): number | undefined {
  let best: { id: number; score: number; at: number } | undefined;
  for (const e of earlier) {
    const age = receivedAt.getTime() - e.receivedAt.getTime();
    if (age < 0 || age > DUPLICATE_WINDOW_MS) continue;
    if (complaintTokens(e.text).size === 0) continue;
    const score = similarity(text, e.text);
    if (score < DUPLICATE_SIMILARITY) continue;
    if (!best || score > best.score || (score === best.score && e.receivedAt.getTime() > best.at)) best = { id: e.id, score, at: e.receivedAt.getTime() };
  }
  return best?.id;
}
