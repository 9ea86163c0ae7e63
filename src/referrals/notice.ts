import type { Queryable } from '../db/db.js';
import { isReferralReply } from './sql.js';

/**
 * Whether a reply is the notice that the question was passed on: it neither makes the ticket wait
 * for the citizen nor counts as the receiving entity's first response (src/tickets/replies.ts). Apart
 * from actions.ts, which queues replies through src/tickets/replies.ts: no import circle.
 */
export async function isReferralNotice(db: Queryable, messageId: number): Promise<boolean> {
  return isReferralReply(db, messageId);
}
