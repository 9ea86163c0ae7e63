import type { Queryable } from '../db/db.js';

/*
 * The agents' category corrections as the classifier's retraining reads them. To be merged into
 * ./sql.ts (kept apart while that file is being restructured).
 */

export interface LatestCorrection {
  id: number;
  /** The ticket's first citizen message. */
  text: string;
  toCategory: string;
  fromCategory: string;
  lang: string | null;
  platform: string;
  entityId: string;
  createdAt: Date;
}

/** The latest correction of each ticket (made since `since`, when given), by ticket id. */
export async function latestCorrections(db: Queryable, since: Date | null): Promise<LatestCorrection[]> {
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
    [since],
  );
  return rows.map((row) => ({
    id: row.id,
    text: row.text,
    toCategory: row.to_category,
    fromCategory: row.from_category,
    lang: row.lang,
    platform: row.platform,
    entityId: row.entity_id,
    createdAt: row.created_at,
  }));
}
