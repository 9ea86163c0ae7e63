import { initials } from './words.js';

/**
 * Initials in a circle, the colour chosen from the name (the same person always looks the same).
 * Decorative: the name is written beside it, so screen readers skip it. White on each colour
 * reaches 4.5:1; none of them is a category's colour.
 */
const COLOURS = ['#37474f', '#4a148c', '#004d40', '#3e2723', '#1a237e', '#880e4f', '#33691e', '#5d4037'];

function colourOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return COLOURS[hash % COLOURS.length]!;
}

export function Avatar({ name, size = 'normal' }: { name: string; size?: 'small' | 'normal' | 'large' }) {
  return (
    <span className={`avatar avatar-${size}`} style={{ background: colourOf(name) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
