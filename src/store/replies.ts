import type { MessageKind, Visibility } from '../../connectors/types.js';
import type { Db, Queryable } from './db.js';
import { enqueueOutbox } from './outbox.js';
import { notifyTicket } from './events.js';
import { recordAudit } from './audit.js';

export interface ReplyContext {
  ticketId: number;
  channelId: string;
  platform: string;
  conversationKey: string;
  /** The latest citizen message: the one a reply answers. */
  inReplyTo: { externalId: string; kind: MessageKind; authorPlatformUserId: string; raw: unknown } | undefined;
}

export async function loadReplyContext(db: Queryable, ticketId: number): Promise<ReplyContext | undefined> {
  const { rows } = await db.query<{
    channel_id: string;
    platform: string;
    conversation_key: string;
    external_id: string | null;
    kind: MessageKind | null;
    platform_user_id: string | null;
    raw: unknown;
  }>(
    `select t.channel_id, ch.platform, t.conversation_key, m.external_id, m.kind, co.platform_user_id, m.raw
       from tickets t
       join channels ch on ch.id = t.channel_id
       left join lateral (select external_id, kind, contact_id, raw from messages
                           where ticket_id = t.id and direction = 'inbound' order by sent_at desc, id desc limit 1) m on true
       left join contacts co on co.id = m.contact_id
      where t.id = $1`,
    [ticketId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ticketId,
    channelId: row.channel_id,
    platform: row.platform,
    conversationKey: row.conversation_key,
    inReplyTo:
      row.external_id && row.kind && row.platform_user_id
        ? { externalId: row.external_id, kind: row.kind, authorPlatformUserId: row.platform_user_id, raw: row.raw }
        : undefined,
  };
}

/**
 * Stores an agent's reply as a queued outbound message and an outbox row, in one transaction.
 * The same idempotency key returns the reply already queued instead of a second one.
 */
export async function queueReply(
  db: Db,
  reply: { context: ReplyContext; text: string; visibility: Visibility; actor: string; idempotencyKey?: string },
): Promise<{ messageId: number; outboxId: number | undefined; duplicate: boolean }> {
  const { context } = reply;
  return db.transaction(async (tx) => {
    if (reply.idempotencyKey) {
      const existing = await tx.query<{ id: number; message_id: number }>(
        `select id, (payload->>'messageId')::int8 as message_id from outbox where idempotency_key = $1`,
        [`reply:${context.ticketId}:${reply.idempotencyKey}`],
      );
      if (existing.rows[0]) return { messageId: existing.rows[0].message_id, outboxId: undefined, duplicate: true };
    }
    const { rows } = await tx.query<{ id: number }>(
      `insert into messages (ticket_id, channel_id, direction, kind, visibility, conversation_key, parent_external_id, text, delivery_status, sent_at, raw)
       values ($1, $2, 'outbound', $3, $4, $5, $6, $7, 'queued', now(), $8::jsonb) returning id`,
      [
        context.ticketId,
        context.channelId,
        reply.visibility === 'private' ? 'dm' : 'reply',
        reply.visibility,
        context.conversationKey,
        context.inReplyTo?.externalId ?? null,
        reply.text,
        JSON.stringify({ author: reply.actor }),
      ],
    );
    const messageId = rows[0]!.id;
    const key = `reply:${context.ticketId}:${reply.idempotencyKey ?? `message-${messageId}`}`;
    const [outboxId] = await enqueueOutbox(tx, [{ kind: 'reply', idempotencyKey: key, payload: { messageId } }]);
    await recordAudit(tx, {
      actor: reply.actor,
      action: 'ticket.reply_queued',
      subjectType: 'ticket',
      subjectId: context.ticketId,
      details: { messageId, visibility: reply.visibility },
    });
    await notifyTicket(tx, context.ticketId);
    return { messageId, outboxId, duplicate: false };
  });
}
