import type { ReportCase } from './annual-report.js';
import { platformName } from '../../connectors/platforms.js';
import type { Queryable } from '../db/db.js';

const ADMISSIBLE_STATES = ['acknowledged', 'in_investigation', 'resolved_by_agreement', 'decided', 'answered'];

/**
 * The complaint cases received in `year` (local calendar of each entity, with a day of margin on
 * either side; the report itself decides by local date) as the annual report reads them.
 */
export async function loadReportCases(db: Queryable, year: number, entity?: string): Promise<ReportCase[]> {
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
        and ($2::text is null or c.entity_id = $2)
      order by c.id`,
    [year, entity ?? null],
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
