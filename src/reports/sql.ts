/** The reports' reads: the dashboard's figures and the cases the annual report is built from. */
import { ACKNOWLEDGE_DAYS, ANSWER_DAYS, DUE_SOON_DAYS } from '../complaints/deadlines.js';
import type { CaseState } from '../complaints/procedure.js';
import type { Queryable } from '../db/db.js';
import { platformName } from '../../connectors/platforms.js';
import type { z } from 'zod';
import type { ReportCase } from './annual-report.js';
import type { dashboardWire, volumeRowWire } from './wire.js';
import { histogramColumns, medianMinutes, TIMES, type Bucket, type TimeName } from './time-histogram.js';

export type VolumeRow = z.output<typeof volumeRowWire>;
export type Dashboard = z.output<typeof dashboardWire>;

/**
 * The case states in which the procedure is over: no legal term runs any more. Written into the SQL
 * as literals so that the planner uses the partial index of open cases (complaints_open_terms_idx, migration 029).
 */
const FINISHED_STATES: CaseState[] = ['closed', 'withdrawn', 'declined'];
const NOT_FINISHED = `c.status not in (${FINISHED_STATES.map((state) => `'${state}'`).join(', ')})`;

/**
 * The entities' last `days` local days up to `now` (today included), each ticket counted on the day
 * it arrived in its entity's time zone; medians over the tickets that arrived in that window. All
 * three come from the daily rollup PostgreSQL keeps (migration 029): exact counts, and medians
 * estimated from histograms (src/reports/time-histogram.ts says how close). The other figures run beside it.
 */
export async function loadDashboard(db: Queryable, entities: string[], days: number, now: Date): Promise<Dashboard> {
  const [volume, medians, openComplaintCounts, openTicketCounts] = await Promise.all([
    createdVolume(db, entities, days, now),
    createdMedians(db, entities, days, now),
    openComplaints(db, entities, now),
    openTickets(db, entities, now),
  ]);
  return { volume, ...medians, openComplaints: openComplaintCounts, openTickets: openTicketCounts };
}

/**
 * A rollup's rows in each entity's window (its local days from `days` − 1 days before today up to
 * today), as `r`, next to the entity as `e`. Read entity by entity from the rollup's (entity_id, day)
 * key: joined as one set, the planner scanned the whole rollup and converted the time zone once
 * for each of its rows (220 ms for 60 entities' year of days).
 */
const inWindow = (rollup: string): string =>
  `entities e cross join lateral (
     select r.* from ${rollup} r
      where r.entity_id = e.id
        and r.day between ($2::timestamptz at time zone e.time_zone)::date - ($3::int - 1) and ($2::timestamptz at time zone e.time_zone)::date
     offset 0) r`;

async function createdVolume(db: Queryable, entities: string[], days: number, now: Date): Promise<VolumeRow[]> {
  // a ticket merged into another is counted there (the rollup leaves merged tickets out)
  const { rows } = await db.query<VolumeRow>(
    `select to_char(v.day, 'YYYY-MM-DD') as day, v.platform, v.category, v.count
       from (select r.day, ch.platform, r.category, sum(r.tickets)::int as count
               from ${inWindow('ticket_day_counts')} join channels ch on ch.id = r.channel_id
              where e.id = any($1::text[]) and r.tickets > 0
              group by 1, 2, 3) v
      order by v.day, v.platform, v.category`,
    [entities, now, days],
  );
  return rows;
}

const HISTOGRAM_SUMS = TIMES.flatMap((time) => histogramColumns(time).flatMap(({ count, seconds }) => [`sum(r.${count})::int8 as ${count}`, `sum(r.${seconds})::int8 as ${seconds}`])).join(', ');

async function createdMedians(db: Queryable, entities: string[], days: number, now: Date): Promise<Pick<Dashboard, 'medianFirstResponseMinutes' | 'medianResolutionMinutes'>> {
  // int8 sums come back as text (node-postgres keeps 64-bit integers exact); Number() is exact below 2^53
  const { rows } = await db.query<Record<string, string | null>>(
    `select ${HISTOGRAM_SUMS} from ${inWindow('ticket_day_times')} where e.id = any($1::text[])`,
    [entities, now, days],
  );
  const row = rows[0] ?? {};
  const histogram = (time: TimeName): Bucket[] =>
    histogramColumns(time).map(({ count, seconds }) => ({ count: Number(row[count] ?? 0), seconds: Number(row[seconds] ?? 0) }));
  return {
    medianFirstResponseMinutes: roundMinutes(medianMinutes(histogram('response'))),
    medianResolutionMinutes: roundMinutes(medianMinutes(histogram('resolution'))),
  };
}

/** Tickets still being worked (not resolved or closed, not merged), and those past an SLA target (the queue's "overdue" rule). */
async function openTickets(db: Queryable, entities: string[], now: Date): Promise<Dashboard['openTickets']> {
  const { rows } = await db.query<{ total: number; over_sla: number }>(
    `select count(*)::int as total,
            count(*) filter (where (t.first_response_at is null and t.first_response_due_at < $2) or t.resolution_due_at < $2)::int as over_sla
       from tickets t
      where t.entity_id = any($1::text[]) and t.merged_into_id is null and t.status not in ('resolved', 'closed')`,
    [entities, now],
  );
  return { total: rows[0]?.total ?? 0, overSla: rows[0]?.over_sla ?? 0 };
}

/**
 * Open complaint cases by their most urgent legal term (10-day acknowledgement, 45-day answer), in
 * local calendar days of each entity: the rule of deadlineStatus() (src/complaints/deadlines.ts) in SQL.
 * A term of n days received on local day r has "left" r + n − today days; so "left < 0" means received
 * before the start of local day today − n, and "left <= soon" before the start of today − n + soon + 1.
 * Those instants are computed once per entity, and each case is only compared with them.
 */
async function openComplaints(db: Queryable, entities: string[], now: Date): Promise<Dashboard['openComplaints']> {
  const { rows } = await db.query<{ overdue: number; due_soon: number; on_track: number }>(
    `with bounds as materialized (
       select e.id as entity_id,
              (d.today - $3::int)::timestamp at time zone e.time_zone as acknowledge_late,
              (d.today - $3::int + $5::int + 1)::timestamp at time zone e.time_zone as acknowledge_soon,
              (d.today - $4::int)::timestamp at time zone e.time_zone as answer_late,
              (d.today - $4::int + $5::int + 1)::timestamp at time zone e.time_zone as answer_soon
         from entities e cross join lateral (select ($2::timestamptz at time zone e.time_zone)::date as today) d
        where e.id = any($1::text[])),
     terms as (
       select c.acknowledged_at is null and c.declined_at is null and c.status <> 'withdrawn' as acknowledge_open,
              c.answered_at is null and c.declined_at is null and c.status not in ('withdrawn', 'declined') as answer_open,
              c.received_at, b.acknowledge_late, b.acknowledge_soon, b.answer_late, b.answer_soon
         from bounds b join complaints c on c.entity_id = b.entity_id
        where ${NOT_FINISHED}),
     judged as (
       select (acknowledge_open and received_at < acknowledge_late) or (answer_open and received_at < answer_late) as overdue,
              (acknowledge_open and received_at < acknowledge_soon) or (answer_open and received_at < answer_soon) as due_soon
         from terms)
     select count(*) filter (where overdue)::int as overdue,
            count(*) filter (where not overdue and due_soon)::int as due_soon,
            count(*) filter (where not overdue and not due_soon)::int as on_track
       from judged`,
    [entities, now, ACKNOWLEDGE_DAYS, ANSWER_DAYS, DUE_SOON_DAYS],
  );
  return { overdue: rows[0]?.overdue ?? 0, dueSoon: rows[0]?.due_soon ?? 0, onTrack: rows[0]?.on_track ?? 0 };
}

function roundMinutes(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
}

const ADMISSIBLE_STATES = ['acknowledged', 'in_investigation', 'resolved_by_agreement', 'decided', 'answered'];

/**
 * The complaint cases of `entities` (all when undefined) received in `year` (local calendar of each entity, with a day of margin on
 * either side; the report itself decides by local date) as the annual report reads them.
 */
export async function loadReportCases(db: Queryable, year: number, entities?: string | readonly string[]): Promise<ReportCase[]> {
  const { rows } = await db.query<{
    id: number;
    entity_id: string;
    received_at: Date;
    channel_id: string;
    platform: string;
    source: string;
    status: ReportCase['state'];
    decline_ground: ReportCase['declineGround'] | null;
    declined_at: Date | null;
    outcome: ReportCase['outcome'] | null;
    resolution: ReportCase['resolution'] | null;
    ombuds_norms: string[];
    theme: string | null;
    acknowledged_at: Date | null;
    answered_at: Date | null;
    time_zone: string;
    withdrawn_at: Date | null;
  }>(
    `select c.id, c.entity_id, c.received_at, ch.id as channel_id, ch.platform, c.source, c.status, c.decline_ground, c.declined_at,
            c.outcome, c.resolution, c.ombuds_norms, c.theme, c.acknowledged_at, c.answered_at, e.time_zone, c.withdrawn_at
       from complaints c join tickets t on t.id = c.ticket_id join channels ch on ch.id = t.channel_id join entities e on e.id = c.entity_id
      where c.received_at >= make_timestamptz($1, 1, 1, 0, 0, 0, 'UTC') - interval '1 day'
        and c.received_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'UTC') + interval '1 day'
        and ($2::text[] is null or c.entity_id = any($2::text[]))
      order by c.id`,
    [year, entities === undefined ? null : typeof entities === 'string' ? [entities] : entities],
  );
  return rows.map((row) => {
    const qualified = row.status !== 'withdrawn' && row.withdrawn_at === null;
    // A closed case was admissible if it was acknowledged, inadmissible if it was declined.
    const admissible = row.declined_at ? false : row.acknowledged_at || ADMISSIBLE_STATES.includes(row.status) ? true : null;
    return {
      id: String(row.id),
      entityId: row.entity_id,
      receivedAt: row.received_at,
      channel: row.channel_id,
      platform: platformName(row.platform),
      source: row.source,
      qualified,
      state: row.status,
      admissible,
      ombudsNorms: row.ombuds_norms,
      timeZone: row.time_zone,
      ...(row.decline_ground ? { declineGround: row.decline_ground } : {}),
      ...(row.outcome ? { outcome: row.outcome } : {}),
      ...(row.resolution ? { resolution: row.resolution } : {}),
      ...(row.theme ? { theme: row.theme } : {}),
      ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
      ...(row.declined_at ? { declinedAt: row.declined_at } : {}),
      ...(row.answered_at ? { answeredAt: row.answered_at } : {}),
    };
  });
}

// ── How often the classifier was right (issue 14) ───────────────────────────────────────────────

/** Tickets of one entity opened in the period, by the model's category, the category they ended with, and whether a person only confirmed it. */
export interface ClassifierOutcomeRow {
  entity_id: string;
  model_category: string;
  final_category: string;
  confirmed: boolean;
  count: number;
}

/**
 * Per entity: the tickets opened in the last `days` days (merged ones are counted where they went),
 * with the category the model gave (before an agent's first re-tag) and the one they have now.
 */
export async function classifierOutcomes(db: Queryable, entities: string[], days: number, now: Date): Promise<ClassifierOutcomeRow[]> {
  const { rows } = await db.query<ClassifierOutcomeRow>(
    `select t.entity_id, coalesce(first_cc.from_category, t.category) as model_category, t.category as final_category,
            (t.category_source = 'manual' and first_cc.from_category is null) as confirmed, count(*)::int as count
       from tickets t
       left join lateral (select cc.from_category from classification_corrections cc where cc.ticket_id = t.id
                           order by cc.created_at, cc.id limit 1) first_cc on true
      where t.entity_id = any($1::text[]) and t.merged_into_id is null
        and t.created_at <= $2 and t.created_at > $2::timestamptz - $3::int * interval '1 day'
      group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    [entities, now, days],
  );
  return rows;
}
