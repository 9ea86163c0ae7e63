import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { loadDashboard } from '../../src/reports/sql.js';
import { histogramColumns, TIMES } from '../../src/reports/time-histogram.js';
import { createTestDb } from '../helpers/database.js';
import { TEST_SECRET } from '../helpers/runtime.js';

/**
 * The dashboard's rollup (migration 029) is kept by PostgreSQL's own triggers: after every kind of
 * change to tickets it must equal a recount from the tickets themselves. Two entities in different
 * time zones, so that a ticket's local day depends on its entity.
 */
let db: Db;
const HOUR = 3_600_000;
const NOW = new Date('2026-03-10T12:00:00.000Z');

beforeAll(async () => {
  db = await createTestDb();
  const channel = (id: string, platform: 'x' | 'facebook', account: Record<string, string>) => ({ id, platform, account, credentials: {}, pollIntervalSeconds: 60, enabled: true });
  await syncEntities(
    db,
    [
      { id: 'bru', name: 'Brussel', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [channel('bru-x', 'x', { userId: '1' }), channel('bru-fb', 'facebook', { pageId: '2' })] },
      { id: 'nyc', name: 'New York', complaintThreshold: 0.5, timeZone: 'America/New_York', channels: [channel('nyc-x', 'x', { userId: '3' })] },
    ],
    new SecretBox(TEST_SECRET),
  );
  await db.query(`insert into contacts (platform, platform_user_id, handle) values ('x', '77', 'burger')`);
});

afterAll(async () => {
  await db.close();
});

type Cell = string;

/** The rollup as sorted cells: counts per entity/day/channel/category, and each non-empty histogram bucket. */
async function rollup(): Promise<Cell[]> {
  const counts = await db.query<{ entity_id: string; day: string; channel_id: string; category: string; tickets: number }>(
    `select entity_id, to_char(day, 'YYYY-MM-DD') as day, channel_id, category, tickets from ticket_day_counts where tickets <> 0`,
  );
  const times = await db.query<Record<string, unknown>>(`select *, to_char(day, 'YYYY-MM-DD') as local_day from ticket_day_times`);
  const cells = counts.rows.map((r) => `count ${r.entity_id} ${r.day} ${r.channel_id} ${r.category} ${r.tickets}`);
  for (const row of times.rows) {
    TIMES.forEach((time, k) =>
      histogramColumns(time).forEach(({ count, seconds }, b) => {
        const n = Number(row[count]);
        const s = Number(row[seconds]);
        if (n !== 0 || s !== 0) cells.push(`time ${String(row.entity_id)} ${String(row.local_day)} ${k} ${b} ${n} ${s}`);
      }),
    );
  }
  return cells.sort();
}

/** The same cells recounted from the tickets, merged ones left out. */
async function recount(): Promise<Cell[]> {
  const counts = await db.query<{ entity_id: string; day: string; channel_id: string; category: string; tickets: number }>(
    `select t.entity_id, to_char((t.created_at at time zone e.time_zone)::date, 'YYYY-MM-DD') as day, t.channel_id, t.category, count(*)::int as tickets
       from tickets t join entities e on e.id = t.entity_id where t.merged_into_id is null group by 1, 2, 3, 4`,
  );
  const times = await db.query<{ entity_id: string; day: string; k: number; b: number; n: number; s: string }>(
    `with v as (
       select t.entity_id, to_char((t.created_at at time zone e.time_zone)::date, 'YYYY-MM-DD') as day,
              round(extract(epoch from t.first_response_at - t.created_at))::int8 as response,
              round(extract(epoch from coalesce(t.resolved_at, t.closed_at) - t.created_at))::int8 as resolution
         from tickets t join entities e on e.id = t.entity_id where t.merged_into_id is null),
     long as (select entity_id, day, 0 as k, response as seconds from v where response is not null
              union all select entity_id, day, 1, resolution from v where resolution is not null)
     select entity_id, day, k, least(71, floor(ln(1 + greatest(seconds, 0) / 60.0) / ln(1.2)))::int as b, count(*)::int as n, sum(seconds)::text as s
       from long group by 1, 2, 3, 4`,
  );
  return [
    ...counts.rows.map((r) => `count ${r.entity_id} ${r.day} ${r.channel_id} ${r.category} ${r.tickets}`),
    ...times.rows.map((r) => `time ${r.entity_id} ${r.day} ${r.k} ${r.b} ${r.n} ${r.s}`),
  ].sort();
}

async function expectInStep(): Promise<void> {
  const expected = await recount();
  expect(expected.filter((cell) => cell.startsWith('time ')).length).toBeGreaterThan(10);
  expect(await rollup()).toEqual(expected);
}

/** Inserts tickets in ONE statement (the triggers see one batch). */
async function insertTickets(rows: { entity: string; channel: string; category: string; createdAt: Date; response?: number; resolved?: number; closed?: number }[]): Promise<number[]> {
  const after = (from: Date, hours: number | undefined) => (hours === undefined ? null : new Date(from.getTime() + hours * HOUR).toISOString());
  const { rows: ids } = await db.query<{ id: number }>(
    `insert into tickets (entity_id, channel_id, contact_id, conversation_key, category, created_at, first_response_at, resolved_at, closed_at)
     select r.entity, r.channel, (select id from contacts limit 1), 'k-' || r.n, r.category, r.created_at, r.response_at, r.resolved_at, r.closed_at
       from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[]) with ordinality
            as r(entity, channel, category, created_at, response_at, resolved_at, closed_at, n)
     order by r.n returning id`,
    [
      rows.map((r) => r.entity),
      rows.map((r) => r.channel),
      rows.map((r) => r.category),
      rows.map((r) => r.createdAt.toISOString()),
      rows.map((r) => after(r.createdAt, r.response)),
      rows.map((r) => after(r.createdAt, r.resolved)),
      rows.map((r) => after(r.createdAt, r.closed)),
    ],
  );
  return ids.map((row) => Number(row.id));
}

test('the rollup equals a recount from the tickets after inserts, re-classification, a merge, answers, a delete and a move to another entity', async () => {
  // 300 tickets over the last 5 days, every 24 minutes, across both entities (23:30 UTC is the next day in Brussels, not in New York)
  const batch = Array.from({ length: 300 }, (_, i) => {
    const entity = i % 3 === 2 ? 'nyc' : 'bru';
    return {
      entity,
      channel: entity === 'nyc' ? 'nyc-x' : i % 2 ? 'bru-fb' : 'bru-x',
      category: ['question', 'dissatisfaction', 'complaint', 'other'][i % 4]!,
      createdAt: new Date(NOW.getTime() - i * 0.4 * HOUR),
      ...(i % 5 ? { response: (i % 17) * 0.37 } : {}),
      ...(i % 7 === 0 ? { resolved: i * 0.51 } : i % 11 === 0 ? { closed: 30 + i } : {}),
    };
  });
  const ids = await insertTickets(batch);
  expect(ids).toHaveLength(300);
  await expectInStep();

  // re-classification of several tickets in one statement
  await db.query(`update tickets set category = 'complaint', category_source = 'manual' where id = any($1::int8[])`, [ids.slice(0, 40)]);
  await expectInStep();

  // a merge: the merged ticket leaves the counts and the histograms
  await db.query(`update tickets set merged_into_id = $2, closed_at = now(), status = 'closed' where id = $1`, [ids[50], ids[51]]);
  await expectInStep();

  // first responses and resolutions set (and one taken back)
  await db.query(`update tickets set first_response_at = created_at + interval '95 minutes' where id = any($1::int8[]) and first_response_at is null`, [ids.slice(0, 30)]);
  await db.query(`update tickets set resolved_at = created_at + interval '2 days', status = 'resolved' where id = any($1::int8[])`, [ids.slice(100, 120)]);
  await db.query(`update tickets set resolved_at = null, closed_at = null where id = $1`, [ids[105]]);
  await expectInStep();

  // an update that changes nothing the rollup reads leaves it as it is
  const before = await rollup();
  await db.query(`update tickets set status = 'open', updated_at = now(), priority = 'high' where id = any($1::int8[])`, [ids.slice(200, 260)]);
  expect(await rollup()).toEqual(before);

  // a delete
  await db.query(`delete from tickets where id = any($1::int8[])`, [ids.slice(280, 290)]);
  await expectInStep();

  // moved to another entity (a referral): another entity, channel and local day
  await db.query(`update tickets set entity_id = 'nyc', channel_id = 'nyc-x' where id = any($1::int8[])`, [ids.slice(60, 70)]);
  await db.query(`update tickets set created_at = created_at - interval '3 hours' where id = $1`, [ids[71]]);
  await expectInStep();

  // a time zone that changes recounts the entity's days
  await db.query(`update entities set time_zone = 'Asia/Tokyo' where id = 'nyc'`);
  await expectInStep();
  await db.query(`update entities set time_zone = 'America/New_York' where id = 'nyc'`);
  await expectInStep();
});

test('COPY fires the triggers too', async () => {
  if (db.kind !== 'pg') return; // COPY FROM STDIN is a server's
  await db.transaction(async (tx) => {
    const contact = (await tx.query<{ id: number }>('select id from contacts limit 1')).rows[0]!.id;
    await tx.copyRows!(
      'tickets',
      ['entity_id', 'channel_id', 'contact_id', 'conversation_key', 'category', 'created_at', 'first_response_at'],
      Array.from({ length: 50 }, (_, i) => ['bru', 'bru-x', contact, `copy-${i}`, 'question', new Date(NOW.getTime() - i * HOUR), new Date(NOW.getTime() - i * HOUR + 600_000)]),
    );
  });
  await expectInStep();
});

test('the dashboard read from the rollup: exact counts, medians exact while each bucket holds one ticket', async () => {
  const dashboard = await loadDashboard(db, ['bru', 'nyc'], 30, NOW);
  const { rows } = await db.query<{ tickets: number }>(`select count(*)::int as tickets from tickets where merged_into_id is null and created_at <= $1`, [NOW]);
  expect(dashboard.volume.reduce((sum, row) => sum + row.count, 0)).toBe(rows[0]!.tickets);

  // a lone entity: 10, 20 and 40 minutes (three buckets) → 20 exactly
  await db.query(`insert into entities (id, name) values ('solo', 'Solo')`);
  await db.query(`insert into channels (id, entity_id, platform, name, account) values ('solo-x', 'solo', 'x', 'x', '{}')`);
  await insertTickets([10, 20, 40].map((minutes) => ({ entity: 'solo', channel: 'solo-x', category: 'question', createdAt: new Date(NOW.getTime() - HOUR), response: minutes / 60 })));
  const solo = await loadDashboard(db, ['solo'], 1, NOW);
  expect(solo.medianFirstResponseMinutes).toBe(20);
  expect(solo.volume).toEqual([{ day: '2026-03-10', platform: 'x', category: 'question', count: 3 }]);
});
