import type { z } from 'zod';
import { CATEGORIES, type Category } from '../tickets/ticket.js';
import type { Queryable } from '../db/db.js';
import { classifierOutcomes, type ClassifierOutcomeRow } from './sql.js';
import type { classifierReportWire } from './wire.js';

/** How often the classification was right, per entity and category (src/reports/wire.ts). */
export type ClassifierReport = z.output<typeof classifierReportWire>;
type EntityOutcome = ClassifierReport['entities'][number];
type CategoryOutcome = EntityOutcome['categories'][number];

/**
 * "Hoe vaak had de classificatie gelijk": per entity and per category the model gave, the tickets
 * opened in the period, how many an agent re-tagged (and to what), how many a person confirmed, and
 * the share the model was right (not re-tagged to another category). Counts only.
 */
export async function loadClassifierReport(db: Queryable, entities: string[], days: number, now: Date): Promise<ClassifierReport> {
  return classifierReport(await classifierOutcomes(db, entities, days, now), entities, days, now);
}

/** Pure: the report from the outcome rows; every entity asked for appears, with every category. */
export function classifierReport(rows: ClassifierOutcomeRow[], entities: string[], days: number, now: Date): ClassifierReport {
  const from = new Date(now.getTime() - days * 86_400_000);
  return {
    from,
    to: now,
    days,
    entities: entities.map((entity): EntityOutcome => {
      const categories = CATEGORIES.map((category) => categoryOutcome(category, rows.filter((row) => row.entity_id === entity && row.model_category === category)));
      const tagged = sum(categories.map((c) => c.tagged));
      const changed = sum(categories.map((c) => c.changed));
      return { entity, tagged, changed, confirmed: sum(categories.map((c) => c.confirmed)), rightShare: share(tagged - changed, tagged), categories };
    }),
  };
}

function categoryOutcome(category: Category, rows: ClassifierOutcomeRow[]): CategoryOutcome {
  const changedTo: Partial<Record<Category, number>> = {};
  let tagged = 0;
  let changed = 0;
  let confirmed = 0;
  for (const row of rows) {
    tagged += row.count;
    if (row.confirmed) confirmed += row.count;
    if (row.final_category !== category) {
      changed += row.count;
      const to = row.final_category as Category;
      changedTo[to] = (changedTo[to] ?? 0) + row.count;
    }
  }
  return { category, tagged, changed, changedTo, confirmed, rightShare: share(tagged - changed, tagged) };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** 0..1 rounded to 3 decimals; null when nothing was tagged. */
function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}
