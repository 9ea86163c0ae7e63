import type { Queryable } from '../db/db.js';

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
  const { rows } = await db.query<{
    id: number;
    text: string;
    to_category: string;
    from_category: string;
    lang: string | null;
    platform: string;
    entity_id: string;
    created_at: Date;
  }>(
    `select distinct on (cc.ticket_id) cc.id, m.text, cc.to_category, cc.from_category, m.lang, ch.platform, t.entity_id, cc.created_at
       from classification_corrections cc
       join tickets t on t.id = cc.ticket_id
       join channels ch on ch.id = t.channel_id
       join lateral (select text, lang from messages where ticket_id = t.id and direction = 'inbound' order by sent_at, id limit 1) m on true
      where ($1::timestamptz is null or cc.created_at >= $1)
      order by cc.ticket_id, cc.created_at desc, cc.id desc`,
    [since ?? null],
  );
  for (const row of rows) {
    yield {
      id: `corr-${row.id}`,
      text: row.text,
      category: row.to_category,
      lang: row.lang,
      platform: row.platform,
      entity: row.entity_id,
      flags: [],
      hard: null,
      source: 'correction',
      correctedFrom: row.from_category,
      correctedAt: row.created_at.toISOString(),
    };
  }
}
