import type { InboundMessage } from '../../connectors/types.js';
import type { Queryable } from '../db/db.js';

/** Dedupe step: drops messages this channel already holds. unique(channel_id, external_id) is the final guard. */
export async function dropKnownMessages(tx: Queryable, channelId: string, messages: InboundMessage[]): Promise<InboundMessage[]> {
  if (messages.length === 0) return messages;
  const { rows } = await tx.query<{ external_id: string }>(
    'select external_id from messages where channel_id = $1 and external_id = any($2::text[])',
    [channelId, messages.map((m) => m.externalId)],
  );
  const known = new Set(rows.map((r) => r.external_id));
  return messages.filter((m) => !known.has(m.externalId));
}
