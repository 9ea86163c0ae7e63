import { complaintDeadlines, deadlineStatus } from '../complaints/deadlines.js';
import type { CaseState } from '../complaints/procedure.js';
import type { Queryable } from '../db/db.js';

export interface VolumeRow {
  day: string;
  platform: string;
  category: string;
  count: number;
}

export interface Dashboard {
  volume: VolumeRow[];
  medianFirstResponseMinutes: number | null;
  medianResolutionMinutes: number | null;
  openComplaints: { overdue: number; dueSoon: number; onTrack: number };
}

/** The case states in which the procedure is over: no legal term runs any more. */
const FINISHED_STATES: CaseState[] = ['closed', 'withdrawn', 'declined'];

/**
 * The entities' last `days` local days up to `now` (today included), each ticket counted on the day
 * it arrived in its entity's time zone; medians over the tickets that arrived in that window.
 */
export async function loadDashboard(db: Queryable, entities: string[], days: number, now: Date): Promise<Dashboard> {
  // a ticket merged into another is counted there (its closing at the merge is no resolution)
  const window = `t.entity_id = any($1::text[]) and t.merged_into_id is null
      and t.created_at <= $2 and t.created_at > $2::timestamptz - ($3::int + 1) * interval '1 day'
      and (t.created_at at time zone e.time_zone)::date > ($2::timestamptz at time zone e.time_zone)::date - $3::int`;
  const params = [entities, now, days];
  const volume = await db.query<VolumeRow>(
    `select to_char((t.created_at at time zone e.time_zone)::date, 'YYYY-MM-DD') as day, ch.platform, t.category, count(*)::int as count
       from tickets t join entities e on e.id = t.entity_id join channels ch on ch.id = t.channel_id
      where ${window}
      group by 1, 2, 3 order by 1, 2, 3`,
    params,
  );
  const medians = await db.query<{ first_response: number | null; resolution: number | null }>(
    `select percentile_cont(0.5) within group (order by extract(epoch from t.first_response_at - t.created_at) / 60)
              filter (where t.first_response_at is not null) as first_response,
            percentile_cont(0.5) within group (order by extract(epoch from coalesce(t.resolved_at, t.closed_at) - t.created_at) / 60)
              filter (where coalesce(t.resolved_at, t.closed_at) is not null) as resolution
       from tickets t join entities e on e.id = t.entity_id
      where ${window}`,
    params,
  );
  return {
    volume: volume.rows,
    medianFirstResponseMinutes: roundMinutes(medians.rows[0]?.first_response),
    medianResolutionMinutes: roundMinutes(medians.rows[0]?.resolution),
    openComplaints: await openComplaints(db, entities, now),
  };
}

/** Open complaint cases by their most urgent legal term (10-day acknowledgement, 45-day answer). */
async function openComplaints(db: Queryable, entities: string[], now: Date): Promise<Dashboard['openComplaints']> {
  const { rows } = await db.query<{
    status: CaseState;
    received_at: Date;
    acknowledged_at: Date | null;
    declined_at: Date | null;
    answered_at: Date | null;
    time_zone: string;
  }>(
    `select c.status, c.received_at, c.acknowledged_at, c.declined_at, c.answered_at, e.time_zone
       from complaints c join entities e on e.id = c.entity_id
      where c.entity_id = any($1::text[]) and c.status <> all($2::text[])`,
    [entities, FINISHED_STATES],
  );
  const counts = { overdue: 0, dueSoon: 0, onTrack: 0 };
  for (const row of rows) {
    const status = deadlineStatus(complaintDeadlines(new Date(row.received_at), row.time_zone), now, row.time_zone, {
      state: row.status,
      ...(row.acknowledged_at ? { acknowledgedAt: new Date(row.acknowledged_at) } : {}),
      ...(row.declined_at ? { declinedAt: new Date(row.declined_at) } : {}),
      ...(row.answered_at ? { answeredAt: new Date(row.answered_at) } : {}),
    });
    const terms = [status.acknowledge, status.answer];
    if (terms.includes('overdue')) counts.overdue++;
    else if (terms.includes('due_soon')) counts.dueSoon++;
    else counts.onTrack++;
  }
  return counts;
}

function roundMinutes(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
}
