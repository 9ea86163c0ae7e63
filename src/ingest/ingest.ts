import type { ChannelContext, Connector, Cursor, RawItem } from '../../connectors/types.js';
import { classify } from '../classify/classify.js';
import type { Classification } from '../classify/types.js';
import { applyComplaintThreshold } from '../complaints/threshold.js';
import type { Db, Queryable } from '../db/db.js';
import { routeComplaints } from '../complaints/routing.js';
import { moderateByPolicy } from '../moderation/actions.js';
import { notifyTickets } from '../db/events.js';
import { countIngested } from '../ops/metrics.js';
import { TimeSlice } from './time-slice.js';
import { addItem, describeError, emptyBatch, normalizeBatch, ordered, quarantinedItem, type NormalizedBatch, type QuarantinedItem } from './normalize-batch.js';
import { dropKnownMessages, insertMessages, lockChannel, quarantineItems, storeCursor, upsertContacts } from './sql.js';
import { threadIntoTickets, type ClassifiedMessage, type ThreadedTicket } from './tickets.js';
import { applyRevisions } from './revise.js';
import type { Revision } from './revisions.js';
import { planNewTickets, restartResolutionClocks } from '../tickets/round-robin.js';

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
  /** Stored messages an edit or a removal from the platform changed. */
  revised: number;
  ignored: number;
  quarantined: number;
  ticketsCreated: number;
  ticketsReopened: number;
  /** Outbox rows written by this batch, to dispatch once it has committed. */
  outboxIds: number[];
}

/** A batch normalized and classified, ready to commit: pure work, done outside the transaction. */
export interface PreparedBatch {
  channel: ChannelContext;
  received: number;
  batch: NormalizedBatch;
  verdicts: Map<string, Classification>;
}

export function prepareBatch(channel: ChannelContext, items: RawItem[], normalize: Connector['normalize']): PreparedBatch {
  const normalized = normalizeBatch(items, channel, normalize);
  const verdicts = new Map(normalized.messages.map((m) => [m.externalId, classify(m.text, { lang: m.lang, platform: channel.platform })]));
  return withRevisions(channel, items.length, normalized, verdicts);
}

/** How long preparing a batch may hold the event loop before it lets other work (a commit's next statement) run. */
const SLICE_MS = 1;

/**
 * prepareBatch page by page, for a batch polled while another one commits: each page is normalized
 * and classified as it arrives (while the next is fetched), giving the event loop back every
 * millisecond so the commit's statements follow each other without waiting for a whole batch.
 */
export class BatchPreparation {
  private readonly normalized = emptyBatch();
  private readonly seen = new Map<string, number>();
  private readonly verdicts = new Map<string, Classification>();
  private readonly slice = new TimeSlice(SLICE_MS);
  private received = 0;

  constructor(
    private readonly channel: ChannelContext,
    private readonly normalize: Connector['normalize'],
  ) {}

  async add(items: readonly RawItem[]): Promise<void> {
    this.received += items.length;
    for (const item of items) {
      if (this.slice.spent) await this.slice.next();
      const placed = addItem(this.normalized, this.seen, item, this.channel, this.normalize);
      if (placed) this.verdicts.set(placed.externalId, classify(placed.text, { lang: placed.lang, platform: this.channel.platform }));
    }
  }

  prepared(): PreparedBatch {
    return withRevisions(this.channel, this.received, ordered(this.normalized), this.verdicts);
  }
}

function withRevisions(channel: ChannelContext, received: number, normalized: NormalizedBatch, verdicts: Map<string, Classification>): PreparedBatch {
  // An edit is classified too: its text may make the message (and its ticket) weightier.
  const revisions = (normalized.revisions ?? []).map((r): Revision => {
    if (r.kind !== 'edited') return r;
    const kept = normalized.messages.find((m) => m === r.message);
    return { ...r, verdict: kept ? verdicts.get(kept.externalId)! : classify(r.message.text, { lang: r.message.lang, platform: channel.platform }) };
  });
  return { channel, received, batch: { ...normalized, revisions }, verdicts };
}

/**
 * The one way messages enter the system, for polling and webhooks alike:
 * normalize → classify, then one transaction: dedupe → contact → thread → persist → revise (edits and
 * removals of stored messages) → outbox → cursor.
 */
export async function ingest(db: Db, input: IngestInput): Promise<IngestResult> {
  return commitBatch(db, prepareBatch(input.channel, input.items, input.normalize), input.cursor);
}

/**
 * Commits a prepared batch. No item can hold the channel: when the batch fails on something an item
 * carries (a value PostgreSQL refuses), each message is committed on its own, the ones that still
 * fail are quarantined with the reason, and the cursor moves past them all. A lost connection is not
 * an item's fault: it is thrown, the cursor stays, and the next poll fetches the same items again.
 */
export async function commitBatch(db: Db, prepared: PreparedBatch, cursor?: Cursor, alsoInTransaction?: AlsoInTransaction): Promise<IngestResult> {
  const result = await commitWholeOrItemByItem(db, prepared, cursor, alsoInTransaction);
  // every way in (polls, webhooks, backfills, quarantine retries) counts, once committed
  countIngested(prepared.channel.platform, result.inserted);
  return result;
}

async function commitWholeOrItemByItem(db: Db, prepared: PreparedBatch, cursor?: Cursor, alsoInTransaction?: AlsoInTransaction): Promise<IngestResult> {
  try {
    return await commitWhole(db, prepared, cursor, alsoInTransaction);
  } catch (error) {
    if (!isItemError(error)) throw error;
    return commitItemByItem(db, prepared, cursor, alsoInTransaction);
  }
}

/**
 * Work that must commit with the batch, given the batch's result: a backfill advances its own cursor
 * and counters with it (the channel's poll cursor stays where it is).
 */
export type AlsoInTransaction = (tx: Queryable, result: IngestResult) => Promise<void>;

async function commitItemByItem(db: Db, prepared: PreparedBatch, cursor: Cursor | undefined, alsoInTransaction?: AlsoInTransaction): Promise<IngestResult> {
  const total = emptyResult(prepared.received);
  const refused: QuarantinedItem[] = [];
  for (const message of prepared.batch.messages) {
    try {
      addResult(total, await commitWhole(db, { ...prepared, batch: { messages: [message], ignored: 0, quarantined: [] } }));
    } catch (error) {
      if (!isItemError(error)) throw error;
      refused.push(quarantinedItem({ type: prepared.batch.itemTypes?.get(message.externalId) ?? message.kind, externalId: message.externalId, payload: message.raw }, `not storable: ${describeError(error)}`));
    }
  }
  const refusedMessages = refused.length;
  for (const revision of prepared.batch.revisions ?? []) {
    try {
      addResult(total, await commitWhole(db, { ...prepared, batch: { messages: [], revisions: [revision], ignored: 0, quarantined: [] } }));
    } catch (error) {
      if (!isItemError(error)) throw error;
      const item = quarantinedItem(revisionItem(revision, prepared), `not storable: ${describeError(error)}`);
      // One quarantine row per item: several versions of one message are one item.
      if (!refused.some((r) => r.type === item.type && r.externalId === item.externalId)) refused.push(item);
    }
  }
  const quarantined = [...prepared.batch.quarantined, ...refused];
  const rest = { ...prepared, batch: { messages: [], ignored: prepared.batch.ignored, quarantined } };
  // The last commit carries the whole batch's counts to the work that commits with it.
  const also: AlsoInTransaction | undefined =
    alsoInTransaction &&
    ((tx, part) => {
      const whole = { ...total, outboxIds: [...total.outboxIds] };
      addResult(whole, part);
      whole.duplicates = prepared.batch.messages.length - whole.inserted - refusedMessages;
      return alsoInTransaction(tx, whole);
    });
  try {
    addResult(total, await commitWhole(db, rest, cursor, also));
  } catch (error) {
    if (!isItemError(error)) throw error;
    // Even a payload as quarantined was refused: keep its name and reason without the payload.
    const bare = quarantined.map((item) => ({ ...item, raw: { unstorable: true } }));
    addResult(total, await commitWhole(db, { ...rest, batch: { ...rest.batch, quarantined: bare } }, cursor, also));
  }
  total.duplicates = prepared.batch.messages.length - total.inserted - refusedMessages;
  return total;
}

/** A revision that could not be stored, as the item to quarantine. */
function revisionItem(revision: Revision, prepared: PreparedBatch): { type: string; externalId: string; payload: unknown } {
  if (revision.kind === 'removed') return { type: 'removal', externalId: revision.removal.externalId, payload: { removes: revision.removal } };
  const { message } = revision;
  return { type: prepared.batch.itemTypes?.get(message.externalId) ?? message.kind, externalId: message.externalId, payload: message.raw };
}

/** Errors caused by what an item carries, as opposed to a lost connection or a server going away. */
function isItemError(error: unknown): boolean {
  if (error instanceof RangeError || error instanceof TypeError || error instanceof SyntaxError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  // SQLSTATE classes 22 (data exception), 23 (integrity constraint), 54 (program limit exceeded).
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}

function emptyResult(received: number): IngestResult {
  return { received, inserted: 0, duplicates: 0, revised: 0, ignored: 0, quarantined: 0, ticketsCreated: 0, ticketsReopened: 0, outboxIds: [] };
}

function addResult(total: IngestResult, part: IngestResult): void {
  total.inserted += part.inserted;
  total.revised += part.revised;
  total.ignored += part.ignored;
  total.quarantined += part.quarantined;
  total.ticketsCreated += part.ticketsCreated;
  total.ticketsReopened += part.ticketsReopened;
  total.outboxIds.push(...part.outboxIds);
}

async function commitWhole(db: Db, prepared: PreparedBatch, cursor?: Cursor, alsoInTransaction?: AlsoInTransaction): Promise<IngestResult> {
  const { channel, batch, verdicts } = prepared;
  return db.transaction(async (tx) => {
    const thresholds = await lockChannel(tx, channel.id, channel.entityId);
    await quarantineItems(tx, channel.id, batch.quarantined);
    const fresh = await dropKnownMessages(tx, channel.id, batch.messages);
    const contactIds = await upsertContacts(tx, channel.platform, fresh);
    const classified: ClassifiedMessage[] = fresh.map((message) => ({
      message,
      verdict: applyComplaintThreshold(verdicts.get(message.externalId)!, thresholds.complaintThreshold),
    }));
    const ticketChannel = { id: channel.id, entityId: channel.entityId, checkBelow: thresholds.checkBelow };
    const threaded = await threadIntoTickets(tx, ticketChannel, classified, contactIds, (openedAt) => planNewTickets(tx, channel.entityId, openedAt));
    const rows = threaded.flatMap((t) => t.messages.map((item) => ({ ticketId: t.ticketId, ...item })));
    const inserted = await insertMessages(tx, channel.id, rows, contactIds);
    await restartResolutionClocks(
      tx,
      channel.entityId,
      threaded.filter((t) => t.reopened).map((t) => ({ ticketId: t.ticketId, at: t.messages[t.messages.length - 1]!.message.sentAt })),
    );
    // After the new messages: an edit or removal may name a message this very batch stored.
    const revisions = await applyRevisions(tx, channel.id, batch.revisions ?? [], thresholds);
    const complaintTickets = [...new Set([...threaded.filter((t) => t.category === 'complaint').map((t) => t.ticketId), ...revisions.complaintTickets])];
    const outboxIds = await routeComplaints(tx, channel.entityId, complaintTickets);
    // The entity's moderation policy: flagged new citizen messages hidden on the platform (src/moderation).
    // Only messages the classifier flagged can match a policy: most batches have none and skip the query.
    const flagged = classified.filter((item) => item.verdict.flags.length > 0).map((item) => item.message.externalId);
    outboxIds.push(...(await moderateByPolicy(tx, channel, flagged)));
    // a referred ticket's follow-up, ingested through the referring entity's channel, is the receiving entity's news
    for (const [entityId, ids] of ticketsByEntity(threaded, channel.entityId, revisions.ticketIds)) await notifyTickets(tx, entityId, [...ids]);
    if (cursor) await storeCursor(tx, channel.id, cursor);
    const result: IngestResult = {
      received: prepared.received,
      inserted,
      duplicates: batch.messages.length - fresh.length,
      revised: revisions.revised,
      ignored: batch.ignored,
      quarantined: batch.quarantined.length,
      ticketsCreated: threaded.filter((t) => t.created).length,
      ticketsReopened: threaded.filter((t) => t.reopened).length,
      outboxIds,
    };
    if (alsoInTransaction) await alsoInTransaction(tx, result);
    return result;
  });
}

/** The batch's tickets by the entity each is in now (a ticket only revised here: the channel's). */
function ticketsByEntity(threaded: readonly ThreadedTicket[], channelEntity: string, revised: readonly number[]): Map<string, Set<number>> {
  const byEntity = new Map<string, Set<number>>();
  const add = (entityId: string, id: number) => byEntity.set(entityId, (byEntity.get(entityId) ?? new Set()).add(id));
  for (const ticket of threaded) add(ticket.entityId, ticket.ticketId);
  for (const id of revised) if (!threaded.some((t) => t.ticketId === id)) add(channelEntity, id);
  return byEntity;
}
