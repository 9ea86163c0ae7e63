import type { Queryable } from '../db/db.js';

/** All of the signals folder's SQL: key phrases per message (as hashes), their counts, and the signals. */

export interface MessageToIndex {
  id: number;
  entityId: string;
  text: string;
  sentAt: Date;
}

/**
 * Locks the job's progress row (a second indexer waits) and returns inbound messages after it, in
 * id order. Messages older than `since` are passed over (no window needs them) but still move the
 * progress on; `lastId` is where the batch ends, `more` whether messages may follow it.
 */
export async function nextMessagesToIndex(tx: Queryable, since: Date, limit: number): Promise<{ messages: MessageToIndex[]; lastId: number | undefined; more: boolean }> {
  const progress = await tx.query<{ last: string }>('select last_message_id as last from message_topics_progress where id = 1 for update');
  const after = Number(progress.rows[0]?.last ?? 0);
  // Texts only of the messages that are indexed: the rest only move the progress on.
  const { rows } = await tx.query<{ id: string; entity_id: string; text: string | null; sent_at: Date }>(
    `select m.id, t.entity_id, m.sent_at,
            case when m.direction = 'inbound' and m.sent_at >= $3 then m.text end as text
       from messages m join tickets t on t.id = m.ticket_id
      where m.id > $1 order by m.id limit $2`,
    [after, limit, since],
  );
  const last = rows.at(-1);
  const messages = rows.filter((row) => row.text).map((row) => ({ id: Number(row.id), entityId: row.entity_id, text: row.text ?? '', sentAt: row.sent_at }));
  return { messages, lastId: last ? Number(last.id) : undefined, more: rows.length === limit };
}

export async function insertMessageTopics(tx: Queryable, rows: Array<{ messageId: number; entityId: string; topic: number; sentAt: Date }>): Promise<void> {
  if (rows.length === 0) return;
  if (tx.copyRows) {
    await tx.copyRows('message_topics', ['message_id', 'entity_id', 'topic', 'sent_at'], rows.map((r) => [r.messageId, r.entityId, r.topic, r.sentAt]));
    return;
  }
  await tx.query(
    `insert into message_topics (message_id, entity_id, topic, sent_at)
     select * from unnest($1::int8[], $2::text[], $3::int8[], $4::timestamptz[])`,
    [rows.map((r) => r.messageId), rows.map((r) => r.entityId), rows.map((r) => r.topic), rows.map((r) => r.sentAt)],
  );
}

export async function advanceIndexProgress(tx: Queryable, lastId: number): Promise<void> {
  await tx.query('update message_topics_progress set last_message_id = greatest(last_message_id, $1), updated_at = now() where id = 1', [lastId]);
}

/** Forgets key phrases no window looks at any more (per entity, along the window index). */
export async function pruneMessageTopics(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('delete from message_topics where entity_id = any(array(select id from entities)) and sent_at < $1', [before]);
  return rowCount;
}

export interface EntitySignalSettingsRow {
  id: string;
  signals: Record<string, unknown> | null;
}

export async function entitiesWithSignalSettings(db: Queryable, entityId?: string): Promise<EntitySignalSettingsRow[]> {
  const { rows } = await db.query<EntitySignalSettingsRow>(
    `select id, settings->'signals' as signals from entities where ($1::text is null or id = $1) order by id`,
    [entityId ?? null],
  );
  return rows;
}

export interface TopicCountRow {
  topic: number;
  count: number;
  baselineCount: number;
}

/**
 * Per topic of the entity with at least `minCount` messages in the window, or with an open signal:
 * its count in the window and in the baseline before it.
 */
export async function topicCounts(
  db: Queryable,
  entityId: string,
  windows: { windowStart: Date; windowEnd: Date; baselineStart: Date },
  minCount: number,
  openTopics: number[],
): Promise<TopicCountRow[]> {
  const { rows } = await db.query<{ topic: string; count: number; baseline: number }>(
    `with current as (
       select topic, count(*)::int as count from message_topics
        where entity_id = $1 and sent_at >= $2 and sent_at <= $3
        group by topic having count(*) >= $5 or topic = any($6::int8[])
     ), wanted as (
       select topic, count from current
       union all
       select topic, 0 from unnest($6::int8[]) as o(topic) where not exists (select 1 from current c where c.topic = o.topic)
     )
     select w.topic, w.count,
            (select count(*)::int from message_topics b where b.entity_id = $1 and b.topic = w.topic and b.sent_at >= $4 and b.sent_at < $2) as baseline
       from wanted w`,
    [entityId, windows.windowStart, windows.windowEnd, windows.baselineStart, minCount, openTopics],
  );
  return rows.map((row) => ({ topic: Number(row.topic), count: row.count, baselineCount: row.baseline }));
}

/** When the entity's oldest indexed message in the baseline was written; null when there is none. */
export async function oldestInBaseline(db: Queryable, entityId: string, windows: { windowStart: Date; baselineStart: Date }): Promise<Date | null> {
  const { rows } = await db.query<{ oldest: Date | null }>(
    'select min(sent_at) as oldest from message_topics where entity_id = $1 and sent_at >= $2 and sent_at < $3',
    [entityId, windows.baselineStart, windows.windowStart],
  );
  return rows[0]?.oldest ?? null;
}

/** The window's messages of each topic (oldest first, at most `limit` per topic), with a few texts to name the topic by. */
export async function windowMessages(
  db: Queryable,
  entityId: string,
  topics: number[],
  windows: { windowStart: Date; windowEnd: Date },
  limit: number,
): Promise<Map<number, number[]>> {
  const { rows } = await db.query<{ topic: string; ids: string[] }>(
    `select topic, (array_agg(message_id order by sent_at, message_id))[1:$5] as ids
       from message_topics
      where entity_id = $1 and topic = any($2::int8[]) and sent_at >= $3 and sent_at <= $4
      group by topic`,
    [entityId, topics, windows.windowStart, windows.windowEnd, limit],
  );
  return new Map(rows.map((row) => [Number(row.topic), row.ids.map(Number)]));
}

export async function messageTexts(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; text: string }>('select id, text from messages where id = any($1::int8[])', [ids]);
  return new Map(rows.map((row) => [Number(row.id), row.text]));
}

export interface OpenSignalRow {
  id: number;
  topic: number;
  messageIds: number[];
}

export async function openSignals(db: Queryable, entityId: string): Promise<OpenSignalRow[]> {
  const { rows } = await db.query<{ id: string; topic: string; message_ids: number[] }>(
    'select id, topic, message_ids from topic_signals where entity_id = $1 and ended_at is null',
    [entityId],
  );
  return rows.map((row) => ({ id: Number(row.id), topic: Number(row.topic), messageIds: row.message_ids }));
}

export interface NewSignal {
  entityId: string;
  topic: number;
  phrase: string;
  related: string[];
  windowStart: Date;
  windowEnd: Date;
  messageCount: number;
  baselineCount: number;
  baselineDays: number;
  expected: number;
  ratio: number;
  pValue: number;
  messageIds: number[];
}

/** A new episode; undefined when the topic already has an open one. */
export async function insertSignal(tx: Queryable, s: NewSignal): Promise<number | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into topic_signals (entity_id, topic, phrase, related, window_start, window_end, message_count, baseline_count, baseline_days, expected, ratio, p_value, message_ids)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
     on conflict (entity_id, topic) where ended_at is null do nothing
     returning id`,
    [s.entityId, s.topic, s.phrase, JSON.stringify(s.related), s.windowStart, s.windowEnd, s.messageCount, s.baselineCount, s.baselineDays, s.expected, s.ratio, s.pValue, JSON.stringify(s.messageIds)],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}

export async function endSignals(db: Queryable, ids: number[], at: Date): Promise<void> {
  if (ids.length > 0) await db.query('update topic_signals set ended_at = $2 where id = any($1::int8[]) and ended_at is null', [ids, at]);
}

export interface SignalRow {
  id: number;
  entityId: string;
  entityName: string;
  phrase: string;
  related: string[];
  windowStart: Date;
  windowEnd: Date;
  messageCount: number;
  baselineCount: number;
  baselineDays: number;
  expected: number;
  ratio: number;
  pValue: number;
  status: 'open' | 'acknowledged' | 'dismissed';
  handledBy: string | null;
  handledAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  /** The tickets of the window's messages: id and number, each once, in the order of the messages. */
  tickets: Array<{ id: number; number: number }>;
}

const SELECT_SIGNAL = `
  select s.id::int as id, s.entity_id as "entityId", e.name as "entityName", s.phrase, s.related,
         s.window_start as "windowStart", s.window_end as "windowEnd", s.message_count as "messageCount",
         s.baseline_count as "baselineCount", s.baseline_days as "baselineDays", s.expected, s.ratio, s.p_value as "pValue",
         s.status, coalesce((select u.name from users u where 'user:' || u.email = s.handled_by), s.handled_by) as "handledBy", s.handled_at as "handledAt", s.ended_at as "endedAt", s.created_at as "createdAt",
         coalesce((select json_agg(json_build_object('id', x.id, 'number', x.number) order by x.first)
                     from (select t.id::int as id, t.number::int as number, min(o.ord) as first
                             from jsonb_array_elements_text(s.message_ids) with ordinality as o(message_id, ord)
                             join messages m on m.id = o.message_id::bigint
                             join tickets t on t.id = m.ticket_id
                            group by t.id, t.number) x), '[]'::json) as tickets
    from topic_signals s join entities e on e.id = s.entity_id`;

/**
 * The signals of these entities (undefined = all) created since `since`, newest first; `active` keeps
 * only those the banner shows (open and not ended).
 */
export async function signalRows(db: Queryable, entities: string[] | undefined, since: Date, active: boolean): Promise<SignalRow[]> {
  const { rows } = await db.query<SignalRow>(
    `${SELECT_SIGNAL}
      where ($1::text[] is null or s.entity_id = any($1::text[])) and s.created_at >= $2
        and (not $3 or (s.status = 'open' and s.ended_at is null))
      order by s.created_at desc, s.id desc limit 200`,
    [entities ?? null, since, active],
  );
  return rows;
}

export async function signalRow(db: Queryable, id: number): Promise<SignalRow | undefined> {
  const { rows } = await db.query<SignalRow>(`${SELECT_SIGNAL} where s.id = $1`, [id]);
  return rows[0];
}

export async function signalEntity(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ entity_id: string }>('select entity_id from topic_signals where id = $1', [id]);
  return rows[0]?.entity_id;
}

/** Marks an open signal acknowledged or dismissed; false when it was already handled. */
export async function markSignalHandled(tx: Queryable, id: number, status: 'acknowledged' | 'dismissed', actor: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query(`update topic_signals set status = $2, handled_by = $3, handled_at = $4 where id = $1 and status = 'open'`, [id, status, actor, at]);
  return rowCount > 0;
}

/** Where a signal's mail goes and how it is worded: the entity's settings. */
export async function signalMailSettings(db: Queryable, entityId: string): Promise<{ signals: Record<string, unknown> | null; timeZone: string } | undefined> {
  const { rows } = await db.query<{ signals: Record<string, unknown> | null; time_zone: string }>(
    `select settings->'signals' as signals, time_zone from entities where id = $1`,
    [entityId],
  );
  return rows[0] ? { signals: rows[0].signals, timeZone: rows[0].time_zone } : undefined;
}
