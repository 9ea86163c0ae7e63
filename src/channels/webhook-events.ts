import { createHash } from 'node:crypto';
import { storableText } from '../ingest/storable.js';
import type { Queryable } from '../db/db.js';

/** Stores a verified delivery. Returns its id, or undefined when the same bytes were stored before (a replay). */
export async function storeWebhookEvent(db: Queryable, channelId: string, rawBody: Buffer): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `insert into webhook_events (channel_id, body_sha256, body) values ($1, $2, $3)
     on conflict (channel_id, body_sha256) do nothing returning id`,
    // The hash covers the exact bytes; the text kept is made storable (a NUL byte would be refused).
    [channelId, createHash('sha256').update(rawBody).digest('hex'), storableText(rawBody.toString('utf8'), Number.MAX_SAFE_INTEGER)],
  );
  return rows[0]?.id;
}

export interface StoredWebhookEvent {
  id: number;
  channel_id: string;
  body: string;
  attempts: number;
}

/** Claims a pending event for processing (a second claim of the same event gets nothing). */
export async function claimWebhookEvent(db: Queryable, id: number): Promise<StoredWebhookEvent | undefined> {
  const { rows } = await db.query<StoredWebhookEvent>(
    `update webhook_events set attempts = attempts + 1, processed_at = now()
      where id = $1 and status = 'pending' and (processed_at is null or processed_at < now() - interval '2 minutes')
      returning id, channel_id, body, attempts`,
    [id],
  );
  return rows[0];
}

export async function finishWebhookEvent(db: Queryable, id: number, outcome: { error?: string; retry?: boolean }): Promise<void> {
  const status = outcome.error === undefined ? 'processed' : outcome.retry ? 'pending' : 'failed';
  await db.query(`update webhook_events set status = $2, error = $3, processed_at = now() where id = $1`, [id, status, outcome.error ?? null]);
}

/** Events a crashed process left behind. */
export async function findStaleWebhookEvents(db: Queryable, olderThanSeconds: number, limit = 200): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `select id from webhook_events
      where status = 'pending' and coalesce(processed_at, received_at) < now() - make_interval(secs => $1)
      order by id limit $2`,
    [olderThanSeconds, limit],
  );
  return rows.map((r) => r.id);
}

/** The stored body of a delivery, for retrying one that was quarantined. */
export async function webhookEventBody(db: Queryable, id: number): Promise<{ channelId: string; body: string } | undefined> {
  const { rows } = await db.query<{ channel_id: string; body: string }>('select channel_id, body from webhook_events where id = $1', [id]);
  return rows[0] ? { channelId: rows[0].channel_id, body: rows[0].body } : undefined;
}
