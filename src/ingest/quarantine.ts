import type { Queryable } from '../db/db.js';
import type { QuarantinedItem } from './normalize-batch.js';

/** Keeps unreadable payloads with the reason; the same item seen again is counted, not stored twice. */
export async function quarantineItems(tx: Queryable, channelId: string, items: QuarantinedItem[]): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `insert into quarantine (channel_id, item_type, external_id, reason, raw)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])
     on conflict (channel_id, item_type, external_id) do update
       set seen_count = quarantine.seen_count + 1, last_seen_at = now(), reason = excluded.reason`,
    [
      channelId,
      items.map((i) => i.type),
      items.map((i) => i.externalId ?? null),
      items.map((i) => i.reason),
      items.map((i) => JSON.stringify(i.raw ?? null)),
    ],
  );
}
