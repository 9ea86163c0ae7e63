import { createHash } from 'node:crypto';
import { storableText } from '../ingest/storable.js';
import type { Queryable } from '../db/db.js';
import { claimPendingWebhookEvent, insertWebhookEvent, setWebhookEventStatus, staleWebhookEventIds, storedWebhookBody, type StoredWebhookEvent } from './sql.js';

export type { StoredWebhookEvent } from './sql.js';

/** Stores a verified delivery. Returns its id, or undefined when the same bytes were stored before (a replay). */
export async function storeWebhookEvent(db: Queryable, channelId: string, rawBody: Buffer): Promise<number | undefined> {
  // The hash covers the exact bytes; the text kept is made storable (a NUL byte would be refused).
  return insertWebhookEvent(db, channelId, createHash('sha256').update(rawBody).digest('hex'), storableText(rawBody.toString('utf8'), Number.MAX_SAFE_INTEGER));
}

/** Claims a pending event for processing (a second claim of the same event gets nothing). */
export async function claimWebhookEvent(db: Queryable, id: number): Promise<StoredWebhookEvent | undefined> {
  return claimPendingWebhookEvent(db, id);
}

export async function finishWebhookEvent(db: Queryable, id: number, outcome: { error?: string; retry?: boolean }): Promise<void> {
  const status = outcome.error === undefined ? 'processed' : outcome.retry ? 'pending' : 'failed';
  await setWebhookEventStatus(db, id, status, outcome.error ?? null);
}

/** Events a crashed process left behind. */
export async function findStaleWebhookEvents(db: Queryable, olderThanSeconds: number, limit = 200): Promise<number[]> {
  return staleWebhookEventIds(db, olderThanSeconds, limit);
}

/** The stored body of a delivery, for retrying one that was quarantined. */
export async function webhookEventBody(db: Queryable, id: number): Promise<{ channelId: string; body: string } | undefined> {
  return storedWebhookBody(db, id);
}
