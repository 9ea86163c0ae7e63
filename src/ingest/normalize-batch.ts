import type { ChannelContext, Connector, InboundMessage, RawItem, Removal } from '../../connectors/types.js';
import type { Revision } from './revisions.js';
import { payloadId, storableId, storableMessage, storableRaw, storableText } from './storable.js';

export interface QuarantinedItem {
  type: string;
  externalId: string;
  reason: string;
  raw: unknown;
}

export interface NormalizedBatch {
  /** One version of each message, the original when the batch holds it, for the ones not stored yet. */
  messages: InboundMessage[];
  /**
   * Every edited version (InboundMessage.editedAt) and every removal, applied to the stored messages
   * once the batch's new ones are stored (so an edit or removal may follow its message in one batch).
   */
  revisions?: Revision[];
  ignored: number;
  quarantined: QuarantinedItem[];
  /** The raw item type each message came from (by external id), to quarantine it under that name. */
  itemTypes?: Map<string, string>;
}

/**
 * Normalize step: every item becomes a storable message, is ignored (own posts, echoes) or is
 * quarantined with its reason. Nothing a platform sends makes this throw.
 */
export function normalizeBatch(items: RawItem[], channel: ChannelContext, normalize: Connector['normalize']): NormalizedBatch {
  const batch = emptyBatch();
  const seen = new Map<string, number>();
  for (const item of items) addItem(batch, seen, item, channel, normalize);
  return ordered(batch);
}

export function emptyBatch(): NormalizedBatch {
  return { messages: [], revisions: [], ignored: 0, quarantined: [], itemTypes: new Map() };
}

/**
 * Adds one item to the batch; returns the message it placed (a new one, or the original replacing
 * an edited version already in the batch), to be classified.
 */
export function addItem(batch: NormalizedBatch, seen: Map<string, number>, item: RawItem, channel: ChannelContext, normalize: Connector['normalize']): InboundMessage | undefined {
  let outcome: ReturnType<Connector['normalize']>;
  let message: InboundMessage;
  try {
    outcome = normalize(item, channel);
    if (outcome.kind === 'ignored') {
      if (outcome.removes) batch.revisions!.push({ kind: 'removed', removal: storableRemoval(outcome.removes) });
      batch.ignored++;
      return undefined;
    }
    message = storableMessage(outcome.message);
  } catch (error) {
    batch.quarantined.push(quarantinedItem(item, describeError(error)));
    return undefined;
  }
  if (message.editedAt) batch.revisions!.push({ kind: 'edited', message: message as InboundMessage & { editedAt: Date } });
  const at = seen.get(message.externalId);
  if (at === undefined) {
    seen.set(message.externalId, batch.messages.length);
    batch.messages.push(message);
    batch.itemTypes!.set(message.externalId, item.type);
    return message;
  }
  if (batch.messages[at]!.editedAt && !message.editedAt) {
    // The original and an edit in one batch: the original is stored, the edit applied to it.
    batch.messages[at] = message;
    return message;
  }
  return undefined;
}

/** Threading must see a conversation in the order it was written. */
export function ordered(batch: NormalizedBatch): NormalizedBatch {
  batch.messages.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || compareIds(a.externalId, b.externalId));
  return batch;
}

function storableRemoval(removal: Removal): Removal {
  if (!(removal.at instanceof Date) || Number.isNaN(removal.at.getTime())) throw new Error('the removal has no valid date');
  return { externalId: storableId(String(removal.externalId)), at: removal.at };
}

/** An item kept aside with its reason, made storable; named by its id, or by its payload's hash when it has none. */
export function quarantinedItem(item: RawItem, reason: string): QuarantinedItem {
  const raw = storableRaw(item.payload);
  return {
    type: storableText(String(item.type), 64),
    externalId: item.externalId ? storableId(String(item.externalId)) : payloadId(raw),
    reason: storableText(reason, 2000),
    raw,
  };
}

/** Platform ids grow over time (snowflakes): a longer id is newer, equal lengths compare as text. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
