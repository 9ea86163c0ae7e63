import type { Queryable } from '../db/db.js';
import { latestCorrections } from './sql.js';

export interface CorrectionRecord {
  id: string;
  text: string;
  category: string;
  lang: string | null;
  platform: string;
  entity: string;
  flags: string[];
  hard: null;
  source: 'correction';
  correctedFrom: string;
  correctedAt: string;
}

/**
 * Manual re-tags in the labelled-corpus format (one object per JSON line), latest decision per
 * ticket, with the text of the ticket's first citizen message.
 */
export async function* correctionsForCorpus(db: Queryable, since?: Date): AsyncGenerator<CorrectionRecord> {
  for (const correction of await latestCorrections(db, since ?? null)) {
    yield {
      id: `corr-${correction.id}`,
      text: correction.text,
      category: correction.toCategory,
      lang: correction.lang,
      platform: correction.platform,
      entity: correction.entityId,
      flags: [],
      hard: null,
      source: 'correction',
      correctedFrom: correction.fromCategory,
      correctedAt: correction.createdAt.toISOString(),
    };
  }
}
