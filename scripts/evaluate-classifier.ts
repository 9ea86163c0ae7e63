import { fileURLToPath } from 'node:url';
import { classify, classifyWith } from '../src/classify/classify.js';
import { binaryComplaintReport, computeMetrics, formatMetrics, paraphraseConsistency, type EvaluatedMessage, type Metrics } from '../src/classify/metrics.js';
import { LinearModel } from '../src/classify/model.js';
import { DEFAULT_TRAIN_OPTIONS, trainModel, type TrainOptions } from '../src/classify/train.js';
import type { Classification } from '../src/classify/types.js';
import { loadCustomerServiceTest, loadParaphrases, loadSplit, trainingRecords, type CorpusRecord } from './corpus.js';

/**
 * `npm run evaluate:classifier` — the shipped model on the held-out test split.
 *   --json             metrics as JSON on stdout
 *   --cv [k]           k-fold cross-validation on the training data instead (default 5, stratified)
 *   --group entity     cross-validation folds grouped by entity (topic shift, closer to the test split)
 *   --set key=value    override a training option during cross-validation (e.g. --set l2=0.001,
 *                      --set features.charWeight=0.5, --set offsets=0,0,-0.3,0)
 *   --split train      evaluate the shipped model on the training data (resubstitution)
 */

export function evaluateRecords(records: readonly CorpusRecord[], run: (r: CorpusRecord) => Classification = (r) => classify(r.text, hintsOf(r))): Metrics {
  return computeMetrics(records.map((r) => evaluated(r, run(r))));
}

function hintsOf(r: CorpusRecord): { lang: string; platform: string } {
  return { lang: r.lang, platform: r.platform };
}

function evaluated(r: CorpusRecord, verdict: Classification): EvaluatedMessage {
  return { id: r.id, lang: r.lang, hard: r.hard, gold: r.category, predicted: verdict.category, goldFlags: r.flags, predictedFlags: verdict.flags, confidence: verdict.confidence };
}

/** Deterministic fold assignment: stratified by category, or whole entities per fold. */
export function assignFolds(records: readonly CorpusRecord[], k: number, group: 'category' | 'entity'): number[] {
  const folds = new Array<number>(records.length).fill(0);
  if (group === 'category') {
    const seen = new Map<string, number>();
    records.forEach((r, i) => {
      const n = seen.get(r.category) ?? 0;
      seen.set(r.category, n + 1);
      folds[i] = n % k;
    });
    return folds;
  }
  const sizes = new Map<string, number>();
  for (const r of records) sizes.set(r.entity, (sizes.get(r.entity) ?? 0) + 1);
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const [entity, size] of [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const f = load.indexOf(Math.min(...load));
    foldOf.set(entity, f);
    load[f]! += size;
  }
  records.forEach((r, i) => (folds[i] = foldOf.get(r.entity)!));
  return folds;
}

export function crossValidate(records: readonly CorpusRecord[], k: number, group: 'category' | 'entity', options: TrainOptions): Metrics {
  const folds = assignFolds(records, k, group);
  const results: EvaluatedMessage[] = [];
  for (let f = 0; f < k; f++) {
    const model = new LinearModel(trainModel(records.filter((_, i) => folds[i] !== f), options));
    records.forEach((r, i) => {
      if (folds[i] === f) results.push(evaluated(r, classifyWith(model, r.text, hintsOf(r))));
    });
  }
  const order = new Map(records.map((r, i) => [r.id, i]));
  results.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return computeMetrics(results);
}

function withOverrides(base: TrainOptions, sets: string[]): TrainOptions {
  const options = structuredClone(base) as unknown as Record<string, unknown>;
  for (const set of sets) {
    const [path, raw] = set.split('=') as [string, string | undefined];
    if (raw === undefined) throw new Error(`--set ${set}: expected key=value`);
    const value: unknown = raw.includes(',') ? raw.split(',').map(Number) : raw === 'true' ? true : raw === 'false' ? false : Number(raw);
    const keys = path.split('.');
    let target = options;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[keys[keys.length - 1]!] = value;
  }
  return options as unknown as TrainOptions;
}

function main(args: string[]): void {
  const json = args.includes('--json');
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sets = args.flatMap((a, i) => (a === '--set' && args[i + 1] ? [args[i + 1]!] : []));
  let metrics: Metrics;
  let title: string;
  if (args.includes('--cv')) {
    const next = option('--cv');
    const k = next && /^\d+$/.test(next) ? Number(next) : 5;
    const group = option('--group') === 'entity' ? 'entity' : 'category';
    const records = trainingRecords();
    metrics = crossValidate(records, k, group, withOverrides(DEFAULT_TRAIN_OPTIONS, sets));
    title = `${k}-fold cross-validation on the training data (${group === 'entity' ? 'folds by entity' : 'stratified'})`;
  } else {
    const split = option('--split') === 'train' ? 'train' : 'test';
    metrics = evaluateRecords(loadSplit(split));
    title = `shipped model on the ${split} split`;
    if (split === 'test') {
      const extra = heldOutExtras();
      console.log(json ? JSON.stringify({ ...metrics, ...extra, targets: targets(metrics, extra) }, null, 2) : [formatMetrics(metrics, title), formatExtras(extra), formatTargets(targets(metrics, extra))].join('\n\n'));
      return;
    }
  }
  console.log(json ? JSON.stringify(metrics, null, 2) : formatMetrics(metrics, title));
}

/** Beyond the test split: the customer-service tweets as the research set counts them, and the paraphrase groups. */
export function heldOutExtras() {
  const customerService = binaryComplaintReport(loadCustomerServiceTest().map((r) => ({ gold: r.category, predicted: classify(r.text, hintsOf(r)).category })));
  const paraphrases = paraphraseConsistency(
    loadParaphrases().map((g) => ({ id: g.id, gold: g.category, predicted: g.variants.map((text) => classify(text, { lang: g.lang }).category) })),
  );
  return { customerService, paraphrases };
}

type Extras = ReturnType<typeof heldOutExtras>;

/** The targets on the held-out data, each with its measured value. */
export function targets(metrics: Metrics, extra: Extras): Array<{ name: string; value: number; target: number; better: 'higher' | 'lower' }> {
  return [
    { name: 'macro-F1', value: metrics.macroF1, target: 0.96, better: 'higher' },
    { name: 'complaint precision', value: metrics.categories.complaint.precision, target: 0.96, better: 'higher' },
    { name: 'complaint recall', value: metrics.categories.complaint.recall, target: 0.95, better: 'higher' },
    { name: 'calibration error', value: metrics.calibration.ece, target: 0.05, better: 'lower' },
    { name: 'paraphrase consistency', value: extra.paraphrases.consistency, target: 0.95, better: 'higher' },
    { name: 'customer-service binary macro-F1', value: extra.customerService.macroF1, target: 0.85, better: 'higher' },
  ];
}

function formatExtras(extra: Extras): string {
  const pct = (x: number) => (x * 100).toFixed(1);
  const cs = extra.customerService;
  const p = extra.paraphrases;
  return [
    `customer-service tweets (complaint + dissatisfaction = complaint), n=${cs.count}: binary macro-F1 ${pct(cs.macroF1)}`,
    `  complaint      precision ${pct(cs.complaint.precision)}  recall ${pct(cs.complaint.recall)}  F1 ${pct(cs.complaint.f1)}  support ${cs.complaint.support}`,
    `  not complaint  precision ${pct(cs.notComplaint.precision)}  recall ${pct(cs.notComplaint.recall)}  F1 ${pct(cs.notComplaint.f1)}  support ${cs.notComplaint.support}`,
    '',
    `paraphrase groups: ${p.groups}; one category for all variants: ${p.consistent} (${pct(p.consistency)} %), and the right one: ${p.consistentAndRight}`,
    ...p.inconsistent.map((g) => `    ${g.id}  ${g.gold}: ${g.predicted.join(', ')}`),
  ].join('\n');
}

function formatTargets(list: ReturnType<typeof targets>): string {
  return [
    'targets (held-out data)',
    ...list.map((t) => {
      const met = t.better === 'higher' ? t.value >= t.target : t.value <= t.target;
      return `  ${met ? 'met    ' : 'NOT MET'}  ${t.name.padEnd(34)} ${(t.value * 100).toFixed(1).padStart(5)}  (target ${t.better === 'higher' ? '≥' : '≤'} ${(t.target * 100).toFixed(0)})`;
    }),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
