import type { ChannelContext, Connector, Cursor, RawItem } from '../../connectors/types.js';
import { classify } from '../classify/classify.js';
import { applyComplaintThreshold } from '../routing/threshold.js';
import type { Db, Queryable } from '../store/db.js';
import { upsertContacts } from './contacts.js';
import { routeComplaints } from './complaints.js';
import { dropKnownMessages } from './dedupe.js';
import { insertMessages } from './messages.js';
import { normalizeBatch } from './normalize-batch.js';
import { quarantineItems } from './quarantine.js';
import { threadIntoTickets, type ClassifiedMessage } from './tickets.js';

export interface IngestInput {
  channel: ChannelContext;
  items: RawItem[];
  normalize: Connector['normalize'];
  /** The cursor that covers these items (polling); stored in the same transaction. */
  cursor?: Cursor;
}

export interface IngestResult {
  received: number;
  inserted: number;
  duplicates: number;
  ignored: number;
  quarantined: number;
  ticketsCreated: number;
  ticketsReopened: number;
  /** Outbox rows written by this batch, to dispatch once it has committed. */
  outboxIds: number[];
}

/**
 * The one way messages enter the system, for polling and webhooks alike. One transaction:
 * normalize → dedupe → contact → classify → thread → persist → outbox → cursor.
 */
export async function ingest(db: Db, input: IngestInput): Promise<IngestResult> {
  const { channel } = input;
  const batch = normalizeBatch(input.items, channel, input.normalize);
  return db.transaction(async (tx) => {
    // Serializes ingest per channel (poll and webhook may overlap); other channels go on.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`ingest:${channel.id}`]);
    const threshold = await complaintThreshold(tx, channel.entityId);
    await quarantineItems(tx, channel.id, batch.quarantined);
    const fresh = await dropKnownMessages(tx, channel.id, batch.messages);
    const contactIds = await upsertContacts(tx, channel.platform, fresh);
    const classified: ClassifiedMessage[] = fresh.map((message) => ({
      message,
      verdict: applyComplaintThreshold(classify(message.text, { lang: message.lang, platform: channel.platform }), threshold),
    }));
    const threaded = await threadIntoTickets(tx, channel, classified, contactIds);
    const inserted = await insertMessages(tx, channel.id, threaded, contactIds);
    const complaintTickets = threaded.filter((t) => t.category === 'complaint').map((t) => t.ticketId);
    const outboxIds = await routeComplaints(tx, channel.entityId, complaintTickets);
    if (input.cursor) await tx.query('update channels set cursor = $2::jsonb, updated_at = now() where id = $1', [channel.id, JSON.stringify(input.cursor)]);
    return {
      received: input.items.length,
      inserted,
      duplicates: batch.messages.length - fresh.length,
      ignored: batch.ignored,
      quarantined: batch.quarantined.length,
      ticketsCreated: threaded.filter((t) => t.created).length,
      ticketsReopened: threaded.filter((t) => t.reopened).length,
      outboxIds,
    };
  });
}

async function complaintThreshold(tx: Queryable, entityId: string): Promise<number> {
  const { rows } = await tx.query<{ complaint_threshold: number }>('select complaint_threshold from entities where id = $1', [entityId]);
  if (!rows[0]) throw new Error(`entity ${entityId} does not exist`);
  return rows[0].complaint_threshold;
}
