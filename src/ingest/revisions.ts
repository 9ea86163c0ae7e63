import type { InboundMessage, Removal } from '../../connectors/types.js';
import type { Classification } from '../classify/types.js';

/**
 * Edited and removed messages, the pure part: what a platform's later word about a stored message
 * changes on it. An edit gives the message its newer version (the replaced text is kept in its
 * history); a removal marks it removed and keeps its text. Idempotent and order-proof: the same
 * revision twice, or an older one after a newer one, changes nothing.
 */

/** A new version of a message (InboundMessage.editedAt set), or its removal. */
export type Revision =
  | { kind: 'edited'; message: InboundMessage & { editedAt: Date }; verdict?: Classification }
  | { kind: 'removed'; removal: Removal };

/** A version an edit replaced, as kept in messages.revisions (oldest first). */
export interface ReplacedVersion {
  text: string;
  /** When this version was written: the message's sent_at, or the edit that made it. */
  from: string;
  rating?: number;
  /** Only when the edit changed them. */
  attachments?: unknown[];
}

/** A stored citizen message, as far as revisions touch it. */
export interface StoredMessage {
  id: number;
  ticketId: number;
  text: string;
  attachments: unknown[];
  rating: number | null;
  sentAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** What to write back; only produced when something changed. */
export interface RevisedMessage {
  id: number;
  ticketId: number;
  text: string;
  attachments: unknown[];
  rating: number | null;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Versions to append to the history, oldest first. */
  replaced: ReplacedVersion[];
  /**
   * The newest applied edit's classification and permalink (undefined: no edit applied, keep them). The
   * message's raw payload stays the first one: replies read it (thread ids, a messaging window's start).
   */
  verdict?: Classification;
  permalink?: string;
}

/** Where a revision's target may be stored: its id, and for legacy ids the prefix and conversation. */
export function revisionTarget(revision: Revision): { externalId: string; legacyIdPrefix?: string; conversationKey?: string } {
  if (revision.kind === 'removed') return { externalId: revision.removal.externalId };
  const { externalId, legacyIdPrefix, conversationKey } = revision.message;
  return legacyIdPrefix ? { externalId, legacyIdPrefix, conversationKey } : { externalId };
}

function revisionTime(revision: Revision): number {
  return revision.kind === 'edited' ? revision.message.editedAt.getTime() : revision.removal.at.getTime();
}

/**
 * Applies the revisions of one stored message, oldest first. An edit applies when it is newer than the
 * stored version's edit (or the message was never edited): a changed text, attachments or rating make a
 * new version; the same content only marks a never-edited message edited (the platform says it was).
 * A removal marks a message not yet removed. Undefined when nothing changes.
 */
export function reviseMessage(stored: StoredMessage, revisions: Revision[]): RevisedMessage | undefined {
  const state: RevisedMessage = {
    id: stored.id,
    ticketId: stored.ticketId,
    text: stored.text,
    attachments: stored.attachments,
    rating: stored.rating,
    editedAt: stored.editedAt,
    deletedAt: stored.deletedAt,
    replaced: [],
  };
  let changed = false;
  for (const revision of [...revisions].sort((a, b) => revisionTime(a) - revisionTime(b))) {
    if (revision.kind === 'removed') {
      if (state.deletedAt) continue;
      state.deletedAt = revision.removal.at;
      changed = true;
      continue;
    }
    const { message, verdict } = revision;
    if (state.editedAt && message.editedAt.getTime() <= state.editedAt.getTime()) continue;
    const attachments = message.attachments as unknown[] | undefined;
    const newText = message.text !== state.text;
    const newAttachments = attachments !== undefined && !sameJson(attachments, state.attachments);
    const newRating = message.rating !== undefined && message.rating !== state.rating;
    if (!newText && !newAttachments && !newRating) {
      if (state.editedAt) continue;
      state.editedAt = message.editedAt;
      changed = true;
      continue;
    }
    const before: ReplacedVersion = { text: state.text, from: (state.editedAt ?? stored.sentAt).toISOString() };
    if (state.rating !== null) before.rating = state.rating;
    if (newAttachments) before.attachments = state.attachments;
    state.replaced.push(before);
    state.text = message.text;
    if (newAttachments) state.attachments = attachments;
    if (message.rating !== undefined) state.rating = message.rating;
    state.editedAt = message.editedAt;
    if (verdict) state.verdict = verdict;
    if (message.permalink !== undefined) state.permalink = message.permalink;
    changed = true;
  }
  return changed ? state : undefined;
}

/** Equal as JSON whatever the order of keys (jsonb gives them back in its own order). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
}
