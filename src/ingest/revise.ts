import { applyComplaintThreshold } from '../complaints/threshold.js';
import type { Classification } from '../classify/types.js';
import type { Queryable } from '../db/db.js';
import type { Category } from '../tickets/ticket.js';
import { leadAfterMessages, needsCheck } from '../tickets/conversation-category.js';
import { reviseMessage, revisionTarget, type RevisedMessage, type Revision, type StoredMessage } from './revisions.js';
import { escalateTickets, revisionTargets, updateRevisedMessages, type EntityThresholds } from './sql.js';

export interface RevisionResult {
  /** Messages an edit or a removal changed. */
  revised: number;
  /** Their tickets, for the live event. */
  ticketIds: number[];
  /** Tickets an edit escalated to a complaint, to route. */
  complaintTickets: number[];
}

/**
 * Revision step, after the batch's new messages are stored: edits and removals applied to the stored
 * citizen messages they name (src/ingest/revisions.ts decides what changes). A removal of a message
 * never stored changes nothing; an edit of one was stored as a new message by the steps before.
 */
export async function applyRevisions(tx: Queryable, channelId: string, revisions: Revision[], thresholds: EntityThresholds): Promise<RevisionResult> {
  const none: RevisionResult = { revised: 0, ticketIds: [], complaintTickets: [] };
  if (revisions.length === 0) return none;
  const targets = await revisionTargets(tx, channelId, revisions.map(revisionTarget));
  const byMessage = new Map<number, { stored: StoredMessage; category: TicketCategory; revisions: Revision[] }>();
  for (const row of targets) {
    if (row.direction !== 'inbound') continue;
    const revision = revisions[row.index]!;
    const thresholded: Revision =
      revision.kind === 'edited' && revision.verdict ? { ...revision, verdict: applyComplaintThreshold(revision.verdict, thresholds.complaintThreshold) } : revision;
    const entry = byMessage.get(row.id);
    if (entry) entry.revisions.push(thresholded);
    else byMessage.set(row.id, { stored: row, category: { current: row.ticketCategory, confidence: row.ticketConfidence, source: row.ticketCategorySource }, revisions: [thresholded] });
  }
  const changed: Array<{ revised: RevisedMessage; category: TicketCategory }> = [];
  for (const { stored, category, revisions: own } of byMessage.values()) {
    const revised = reviseMessage(stored, own);
    if (revised) changed.push({ revised, category });
  }
  if (changed.length === 0) return none;
  await updateRevisedMessages(tx, changed.map(({ revised }) => revised));

  // An edit that makes the message carry its conversation (a complaint now) escalates an automatically tagged ticket.
  const leads = new Map<number, Classification>();
  for (const { revised, category } of changed) {
    const verdict = revised.verdict;
    if (!verdict) continue;
    const lead = leads.get(revised.ticketId);
    const current = lead ? { category: lead.category, confidence: lead.confidence, source: category.source } : { category: category.current, confidence: category.confidence, source: category.source };
    if (leadAfterMessages(current, [verdict])) leads.set(revised.ticketId, verdict);
  }
  const escalated = new Set(
    await escalateTickets(tx, [...leads].map(([ticketId, lead]) => ({ ticketId, lead, toCheck: needsCheck(lead, thresholds.checkBelow) }))),
  );
  return {
    revised: changed.length,
    ticketIds: [...new Set(changed.map(({ revised }) => revised.ticketId))],
    complaintTickets: [...leads].filter(([ticketId, lead]) => escalated.has(ticketId) && lead.category === 'complaint').map(([ticketId]) => ticketId),
  };
}

interface TicketCategory {
  current: Category;
  confidence: number | null;
  source: 'auto' | 'manual';
}
