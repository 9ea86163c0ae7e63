/** Inserts `insert` over the box's selection (or at its end) and returns the new text and caret. */
export function insertAt(text: string, insert: string, start: number | null, end: number | null): { text: string; caret: number } {
  const from = start ?? text.length;
  const to = end ?? from;
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}
