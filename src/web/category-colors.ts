/**
 * One colour per category everywhere (queue badges, the ticket, charts): the same values as the
 * `--category-*` custom properties in styles.css, for the places that draw with SVG. Each reaches
 * 4.5:1 contrast on white (WCAG 2.1 AA for text).
 */
import type { Category } from './ticket/wire.js';

export const CATEGORY_COLORS: Readonly<Record<Category, string>> = {
  complaint: '#a4001f',
  dissatisfaction: '#8a4b00',
  question: '#05476b',
  other: '#4a4a48',
};
