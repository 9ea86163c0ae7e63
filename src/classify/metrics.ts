import { CATEGORIES, type Category } from '../tickets/ticket.js';
import type { ModerationFlag } from './types.js';
import { reliability, type ReliabilityBin } from './calibration.js';

/** Evaluation of classifier output against labels: per category, per language, per flag, per hard case. */

export const FLAGS: readonly ModerationFlag[] = ['insult', 'hate', 'threat', 'spam', 'personal_data'];

export interface EvaluatedMessage {
  id: string;
  lang: string;
  hard: string | null;
  gold: Category;
  predicted: Category;
  goldFlags: readonly string[];
  predictedFlags: readonly string[];
  /** The confidence shown with the verdict (0–1). */
  confidence: number;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface CategoryReport {
  count: number;
  accuracy: number;
  macroF1: number;
  categories: Record<Category, Scores>;
  /** confusion[gold][predicted], rows and columns in CATEGORIES order. */
  confusion: number[][];
}

export interface FlagScores {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Metrics extends CategoryReport {
  languages: Record<string, CategoryReport>;
  flags: Record<string, FlagScores>;
  hardCases: Record<string, { count: number; correct: number; accuracy: number }>;
  misclassified: Array<{ id: string; gold: Category; predicted: Category; hard: string | null }>;
  /** Is the shown confidence a probability that holds: expected calibration error and the reliability table. */
  calibration: { ece: number; bins: ReliabilityBin[] };
}

/** The corpus spells the "geen klacht, maar…" case two ways. */
export function hardCaseName(hard: string | null): string | null {
  return hard === 'geen-klacht-maar' ? 'not-a-complaint-but' : hard;
}

export function categoryReport(messages: readonly EvaluatedMessage[]): CategoryReport {
  const confusion = CATEGORIES.map(() => CATEGORIES.map(() => 0));
  for (const m of messages) confusion[CATEGORIES.indexOf(m.gold)]![CATEGORIES.indexOf(m.predicted)]!++;
  const categories = {} as Record<Category, Scores>;
  let f1Sum = 0;
  let correct = 0;
  CATEGORIES.forEach((c, i) => {
    const tp = confusion[i]![i]!;
    correct += tp;
    const predicted = confusion.reduce((sum, row) => sum + row[i]!, 0);
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    categories[c] = { precision, recall, f1, support };
    f1Sum += f1;
  });
  return { count: messages.length, accuracy: messages.length ? correct / messages.length : 0, macroF1: f1Sum / CATEGORIES.length, categories, confusion };
}

export function computeMetrics(messages: readonly EvaluatedMessage[]): Metrics {
  const languages: Record<string, CategoryReport> = {};
  for (const lang of [...new Set(messages.map((m) => m.lang))].sort()) languages[lang] = categoryReport(messages.filter((m) => m.lang === lang));

  const flags: Record<string, FlagScores> = {};
  for (const flag of FLAGS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const m of messages) {
      const gold = m.goldFlags.includes(flag);
      const predicted = m.predictedFlags.includes(flag);
      if (gold && predicted) tp++;
      else if (predicted) fp++;
      else if (gold) fn++;
    }
    flags[flag] = { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, truePositives: tp, falsePositives: fp, falseNegatives: fn };
  }

  const hardCases: Metrics['hardCases'] = {};
  for (const m of messages) {
    const name = hardCaseName(m.hard);
    if (!name) continue;
    const entry = (hardCases[name] ??= { count: 0, correct: 0, accuracy: 0 });
    entry.count++;
    if (m.gold === m.predicted) entry.correct++;
  }
  for (const entry of Object.values(hardCases)) entry.accuracy = entry.correct / entry.count;

  const misclassified = messages.filter((m) => m.gold !== m.predicted).map((m) => ({ id: m.id, gold: m.gold, predicted: m.predicted, hard: hardCaseName(m.hard) }));
  const calibration = reliability(messages.map((m) => ({ confidence: m.confidence, correct: m.gold === m.predicted })));
  return { ...categoryReport(messages), languages, flags, hardCases, misclassified, calibration };
}

/** A plain-text report of the metrics. */
export function formatMetrics(metrics: Metrics, title: string): string {
  const pct = (x: number): string => (x * 100).toFixed(1).padStart(5);
  const lines: string[] = [`${title}: ${metrics.count} messages`, ''];
  const block = (name: string, r: CategoryReport): void => {
    lines.push(`${name}  (n=${r.count})  accuracy ${pct(r.accuracy)}  macro-F1 ${pct(r.macroF1)}`);
    lines.push('  category          precision  recall     F1   support');
    for (const c of CATEGORIES) {
      const s = r.categories[c];
      lines.push(`  ${c.padEnd(16)}  ${pct(s.precision)}    ${pct(s.recall)}  ${pct(s.f1)}  ${String(s.support).padStart(6)}`);
    }
  };
  block('overall', metrics);
  lines.push('', '  confusion (rows: label, columns: predicted)');
  lines.push(`  ${''.padEnd(16)}${CATEGORIES.map((c) => c.slice(0, 8).padStart(10)).join('')}`);
  CATEGORIES.forEach((c, i) => lines.push(`  ${c.padEnd(16)}${metrics.confusion[i]!.map((n) => String(n).padStart(10)).join('')}`));
  for (const [lang, r] of Object.entries(metrics.languages)) {
    lines.push('');
    block(`language ${lang}`, r);
  }
  lines.push('', '  flag            precision  recall    tp  fp  fn');
  for (const [flag, s] of Object.entries(metrics.flags)) {
    lines.push(`  ${flag.padEnd(14)}  ${pct(s.precision)}    ${pct(s.recall)}  ${String(s.truePositives).padStart(4)}${String(s.falsePositives).padStart(4)}${String(s.falseNegatives).padStart(4)}`);
  }
  lines.push('', '  hard case                   accuracy   correct/n');
  for (const [name, h] of Object.entries(metrics.hardCases).sort()) lines.push(`  ${name.padEnd(26)}  ${pct(h.accuracy)}    ${h.correct}/${h.count}`);
  lines.push('', `  calibration: expected calibration error ${(metrics.calibration.ece * 100).toFixed(1)} points`);
  lines.push('  shown confidence   messages   mean shown   right');
  for (const bin of metrics.calibration.bins) {
    if (bin.count === 0) continue;
    lines.push(`  ${pct(bin.from)}–${pct(bin.to)} %  ${String(bin.count).padStart(8)}     ${pct(bin.meanConfidence)}    ${pct(bin.accuracy)}`);
  }
  lines.push('', `  misclassified (${metrics.misclassified.length}):`);
  for (const m of metrics.misclassified) lines.push(`    ${m.id}  ${m.gold} → ${m.predicted}${m.hard ? `  [${m.hard}]` : ''}`);
  return lines.join('\n');
}

/**
 * Complaint versus not, as the customer-service research set counts it: our complaint and
 * dissatisfaction are "complaint" (a state of affairs that breaches the writer's expectations),
 * question and other are not. Macro-F1 over the two classes, and the complaint class's scores.
 */
export function binaryComplaintReport(messages: readonly Pick<EvaluatedMessage, 'gold' | 'predicted'>[]): { count: number; macroF1: number; complaint: Scores; notComplaint: Scores } {
  const isComplaint = (c: Category) => c === 'complaint' || c === 'dissatisfaction';
  const scores = (positive: boolean): Scores => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const m of messages) {
      const gold = isComplaint(m.gold) === positive;
      const predicted = isComplaint(m.predicted) === positive;
      if (gold && predicted) tp++;
      else if (predicted) fp++;
      else if (gold) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support: tp + fn };
  };
  const complaint = scores(true);
  const notComplaint = scores(false);
  return { count: messages.length, macroF1: (complaint.f1 + notComplaint.f1) / 2, complaint, notComplaint };
}

/** Paraphrase consistency: the share of groups whose variants all get the same category, and of those, the right one. */
export function paraphraseConsistency(groups: ReadonlyArray<{ id: string; gold: Category; predicted: readonly Category[] }>): {
  groups: number;
  consistent: number;
  consistency: number;
  consistentAndRight: number;
  inconsistent: Array<{ id: string; gold: Category; predicted: readonly Category[] }>;
} {
  const inconsistent = groups.filter((g) => new Set(g.predicted).size > 1);
  const consistent = groups.length - inconsistent.length;
  const consistentAndRight = groups.filter((g) => g.predicted.every((p) => p === g.gold)).length;
  return { groups: groups.length, consistent, consistency: groups.length ? consistent / groups.length : 0, consistentAndRight, inconsistent };
}
