import type { OutboxRow } from '../db/outbox.js';
import { completeOutbox, failOutbox } from '../db/outbox.js';
import { recordOutsideEffect } from '../db/db.js';
import type { Runtime } from '../runtime.js';
import { markReplyEnded, markReplySent } from '../tickets/replies.js';
import type { MailMessage } from './coordinator-mail.js';
import { letterRow, letterSender, type LetterRow } from './sql.js';

/** The e-mail a case letter goes out as: from the app's address, answered to the coordinator. */
export function composeLetterMail(letter: Pick<LetterRow, 'id' | 'recipient' | 'subject' | 'body'>, replyTo: string | null): MailMessage {
  return {
    to: letter.recipient ?? '',
    subject: letter.subject,
    text: letter.body,
    messageId: `<letter-${letter.id}@social-inbox>`,
    headers: replyTo ? { 'Reply-To': replyTo } : {},
  };
}

/**
 * Sends one case letter by e-mail (an outbox row of kind letter_mail). The letter's message, the
 * letter (and so its step) and the outbox row end in one transaction after the mail was accepted.
 * A letter no longer on its way (cancelled, or sent by an earlier attempt) is skipped.
 */
export async function sendLetterMail(runtime: Runtime, row: OutboxRow, complaintId: number): Promise<'sent' | 'skipped'> {
  const { db } = runtime;
  const letter = await letterRow(db, complaintId, Number(row.payload.letterId));
  if (!letter || letter.status !== 'sending' || letter.route !== 'email' || letter.message_id === null) {
    await completeOutbox(db, row.id);
    return 'skipped';
  }
  const sender = await letterSender(db, complaintId);
  await runtime.mailer.send(composeLetterMail(letter, sender?.coordinator_email ?? null));
  await recordOutsideEffect(() =>
    db.transaction(async (tx) => {
      await markReplySent(tx, Number(letter.message_id), null);
      await completeOutbox(tx, row.id);
    }),
  );
  runtime.logger.info({ complaintId, letterId: Number(letter.id) }, 'case letter mailed');
  return 'sent';
}

/** The mail could not be sent after every attempt: the letter and its message fail, so the coordinator can choose another way. */
export async function letterMailGaveUp(runtime: Runtime, row: OutboxRow, reason: string): Promise<void> {
  const complaintId = Number(row.payload.complaintId);
  const letter = await letterRow(runtime.db, complaintId, Number(row.payload.letterId));
  await runtime.db.transaction(async (tx) => {
    if (letter?.message_id != null && letter.status === 'sending') await markReplyEnded(tx, Number(letter.message_id), 'failed', `e-mail not sent: ${reason}`);
    await failOutbox(tx, row.id, reason);
  });
}
