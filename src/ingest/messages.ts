import type { Queryable } from '../db/db.js';
import type { ThreadedTicket } from './tickets.js';

/** Persist step: the messages themselves, with their raw payload and classification. */
export async function insertMessages(
  tx: Queryable,
  channelId: string,
  threaded: ThreadedTicket[],
  contactIds: Map<string, number>,
): Promise<number> {
  const rows = threaded.flatMap((t) => t.messages.map((item) => ({ ticketId: t.ticketId, ...item })));
  if (rows.length === 0) return 0;
  const result = await tx.query(
    `insert into messages (channel_id, ticket_id, external_id, direction, kind, visibility, conversation_key,
                           parent_external_id, contact_id, text, lang, category, category_confidence, signals, flags,
                           attachments, permalink, raw, sent_at)
     select $1, v.*
       from unnest($2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int8[],
                   $10::text[], $11::text[], $12::text[], $13::real[], $14::jsonb[], $15::jsonb[], $16::jsonb[],
                   $17::text[], $18::jsonb[], $19::timestamptz[]) as v
     on conflict (channel_id, external_id) do nothing`,
    [
      channelId,
      rows.map((r) => r.ticketId),
      rows.map((r) => r.message.externalId),
      rows.map(() => 'inbound'),
      rows.map((r) => r.message.kind),
      rows.map((r) => (r.message.kind === 'dm' || r.message.kind === 'email' ? 'private' : 'public')),
      rows.map((r) => r.message.conversationKey),
      rows.map((r) => r.message.parentExternalId ?? null),
      rows.map((r) => contactIds.get(r.message.author.platformUserId) ?? null),
      rows.map((r) => r.message.text),
      rows.map((r) => r.verdict.lang ?? null),
      rows.map((r) => r.verdict.category),
      rows.map((r) => r.verdict.confidence),
      rows.map((r) => JSON.stringify(r.verdict.signals)),
      rows.map((r) => JSON.stringify(r.verdict.flags)),
      rows.map((r) => JSON.stringify(r.message.attachments ?? [])),
      rows.map((r) => r.message.permalink ?? null),
      rows.map((r) => JSON.stringify(r.message.raw ?? null)),
      rows.map((r) => r.message.sentAt),
    ],
  );
  return result.rowCount;
}
