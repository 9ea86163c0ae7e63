import type { ChannelContext, Connector, InboundMessage, RawItem } from '../../connectors/types.js';

export interface QuarantinedItem {
  type: string;
  externalId: string | undefined;
  reason: string;
  raw: unknown;
}

export interface NormalizedBatch {
  messages: InboundMessage[];
  ignored: number;
  quarantined: QuarantinedItem[];
}

/** Normalize step: every item becomes a message, is ignored (own posts, echoes) or is quarantined. */
export function normalizeBatch(items: RawItem[], channel: ChannelContext, normalize: Connector['normalize']): NormalizedBatch {
  const batch: NormalizedBatch = { messages: [], ignored: 0, quarantined: [] };
  const seen = new Set<string>();
  for (const item of items) {
    let outcome: ReturnType<Connector['normalize']>;
    try {
      outcome = normalize(item, channel);
    } catch (error) {
      batch.quarantined.push({ type: item.type, externalId: item.externalId, reason: describe(error), raw: item.payload });
      continue;
    }
    if (outcome.kind === 'ignored') {
      batch.ignored++;
    } else if (!seen.has(outcome.message.externalId)) {
      seen.add(outcome.message.externalId);
      batch.messages.push(outcome.message);
    }
  }
  // Threading must see a conversation in the order it was written.
  batch.messages.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || compareIds(a.externalId, b.externalId));
  return batch;
}

/** Platform ids grow over time (snowflakes): a longer id is newer, equal lengths compare as text. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
