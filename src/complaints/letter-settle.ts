import { recordAudit } from '../db/audit.js';
import type { Queryable } from '../db/db.js';
import { performCaseActionIn } from './cases.js';
import { lockLetterOfMessage, setLetterStatus } from './sql.js';

/**
 * A ticket message's delivery ended: if it carries a case letter, the letter ends with it, and a sent
 * letter completes its step of the procedure (acknowledged, declined, answered…) in the same
 * transaction. A step the case no longer allows (someone moved it on meanwhile) is recorded, not forced.
 */
export async function settleLetterOfMessage(tx: Queryable, messageId: number, outcome: { sent: true } | { sent: false; reason: string }, at = new Date()): Promise<void> {
  const letter = await lockLetterOfMessage(tx, messageId);
  if (!letter || letter.status === 'sent' || letter.status === 'cancelled') return;
  const subject = { actor: 'system', subjectType: 'complaint', subjectId: Number(letter.complaint_id) } as const;
  if (!outcome.sent) {
    await setLetterStatus(tx, letter.id, 'failed', outcome.reason, null);
    await recordAudit(tx, { ...subject, action: 'case.letter_failed', details: { letterId: Number(letter.id), kind: letter.kind, route: letter.route, why: outcome.reason } });
    return;
  }
  await setLetterStatus(tx, letter.id, 'sent', null, at);
  await recordAudit(tx, { ...subject, action: 'case.letter_sent', details: { letterId: Number(letter.id), kind: letter.kind, route: letter.route } });
  if (!letter.step) return;
  const step = await performCaseActionIn(tx, Number(letter.complaint_id), letter.step, letter.created_by, at, { byLetter: true });
  if (!step.ok) {
    await recordAudit(tx, { ...subject, action: 'case.letter_step_refused', details: { letterId: Number(letter.id), kind: letter.kind, why: step.error } });
  }
}
