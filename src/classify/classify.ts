import type { Category } from '../domain/ticket.js';
import { detectLanguage } from './language.js';
import type { Classification, ClassifyHints, ModerationFlag } from './types.js';

/**
 * Classification v0: a few transparent rules, enough to route explicit complaints. The classifier
 * issue replaces the rules behind this same signature.
 */
const EXPLICIT_COMPLAINT = /\b(klacht (in)?dienen|klacht neerleggen|wil (een )?klacht|dien(t)? klacht in|porter plainte|d[ée]pose[rz]? plainte|d[ée]poser une plainte|file a (formal )?complaint|make a complaint|lodge a complaint)\b/i;
const NEGATED_COMPLAINT = /\b(geen klacht|pas une plainte|not a complaint)\b/i;
const CONCRETE_CASE = /(\b\d{1,2}[/.-]\d{1,2}\b|\b\d{1,2}[u:h]\d{0,2}\b|\bdossier\b|\bfactuur\b|\bfacture\b|\binvoice\b|\blijn \d+|\bligne \d+|\bline \d+|\bhalte\b|\barr[êe]t\b|\bbus stop\b)/i;
const NEGATIVE = /\b(schandalig|belachelijk|slecht|nooit|niet gestopt|reed door|onbeleefd|kwaad|boos|te laat|scandaleux|honteux|inadmissible|jamais|en retard|impoli|disgraceful|terrible|awful|rude|never|late|unacceptable|ridiculous)\b/i;
const QUESTION = /(\?|^(wanneer|waar|hoe|wat|welke|kan|kunnen|mag|moet|is|zijn|quand|où|comment|quel|quelle|est-ce|pouvez|when|where|how|what|which|can|could|is|are|do|does)\b)/i;
const POSITIVE = /\b(bedankt|dank u|dankjewel|merci|thanks|thank you|super|top|proficiat|bravo|great)\b/i;
const FLAG_RULES: Array<[ModerationFlag, RegExp]> = [
  ['personal_data', /(\b\d{2}\.?\d{2}\.?\d{2}-?\d{3}\.?\d{2}\b|(\+32|\b0)\s?4\d{2}[\s./]?\d{2}[\s./]?\d{2}[\s./]?\d{2}\b|[\w.+-]+@[\w-]+\.[\w.]+)/],
  ['insult', /\b(idioot|idioten|klootzak\w*|sukkel\w*|connard\w*|imb[ée]cile\w*|idiots?|morons?)\b/i],
  ['threat', /\b(in brand steken|kapot maken|ik kom jullie|je vais vous|i will (kill|burn|hurt))\b/i],
  ['spam', /\b(gratis iphone|crypto|bitcoin|volg mij|follow me|click here)\b/i],
];

export function classify(text: string, hints: ClassifyHints = {}): Classification {
  const lang = detectLanguage(text, hints.lang);
  const flags = FLAG_RULES.filter(([, pattern]) => pattern.test(text)).map(([flag]) => flag);
  const verdict = decide(text);
  return { ...verdict, flags, lang };
}

function decide(text: string): { category: Category; confidence: number; signals: string[] } {
  const explicit = text.match(EXPLICIT_COMPLAINT);
  if (explicit && !NEGATED_COMPLAINT.test(text)) {
    return { category: 'complaint', confidence: 0.9, signals: [`explicit wish to complain: '${explicit[0]}'`] };
  }
  const negative = text.match(NEGATIVE);
  const concrete = text.match(CONCRETE_CASE);
  if (negative && concrete) {
    return {
      category: 'complaint',
      confidence: 0.7,
      signals: [`negative evaluation: '${negative[0]}'`, `concrete case: '${concrete[0]}'`],
    };
  }
  if (QUESTION.test(text.trim())) return { category: 'question', confidence: 0.7, signals: ['asks for information'] };
  if (negative) return { category: 'dissatisfaction', confidence: 0.6, signals: [`negative evaluation: '${negative[0]}'`] };
  const positive = text.match(POSITIVE);
  if (positive) return { category: 'other', confidence: 0.6, signals: [`praise or thanks: '${positive[0]}'`] };
  return { category: 'other', confidence: 0.4, signals: [] };
}
