import type { InboundMessage, Platform } from '../../connectors/types.js';
import type { Queryable } from '../db/db.js';

/** Contact step: one row per platform user, handle and name kept current. Returns platformUserId → contact id. */
export async function upsertContacts(tx: Queryable, platform: Platform, messages: InboundMessage[]): Promise<Map<string, number>> {
  const authors = new Map<string, InboundMessage['author']>();
  for (const message of messages) authors.set(message.author.platformUserId, message.author);
  if (authors.size === 0) return new Map();
  const list = [...authors.values()];
  const { rows } = await tx.query<{ id: number; platform_user_id: string }>(
    `insert into contacts (platform, platform_user_id, handle, name)
     select $1, * from unnest($2::text[], $3::text[], $4::text[])
     on conflict (platform, platform_user_id) do update
       set handle = coalesce(excluded.handle, contacts.handle),
           name = coalesce(excluded.name, contacts.name),
           updated_at = now()
     returning id, platform_user_id`,
    [platform, list.map((a) => a.platformUserId), list.map((a) => a.handle ?? null), list.map((a) => a.name ?? null)],
  );
  return new Map(rows.map((r) => [r.platform_user_id, r.id]));
}
