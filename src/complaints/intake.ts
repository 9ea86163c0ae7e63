import { connectorFor } from '../../connectors/registry.js';
import type { Platform } from '../../connectors/types.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import { intakeDraftKey, intakeMessages, type IntakePolicy } from './intake-texts.js';
import type { Runtime } from '../runtime.js';
import { performCaseAction } from './cases.js';
import { loadReplyContext, queueReply } from '../tickets/replies.js';
import { mergeIntakeTemplates } from '../entities/entities.js';
import { sendsWithoutApproval } from './auto-send.js';
import { complaintOfTicket, intakeFacts } from './sql.js';

/**
 * After routing: asks the citizen — privately where the platform allows, with only a short public
 * invitation on public channels — for what the procedure needs (name, address, e-mail, facts), or
 * points to the entity's complaint form, per entity policy and in the citizen's language.
 */
export async function startIntake(runtime: Runtime, complaintId: number): Promise<'started' | 'drafted' | 'skipped'> {
  const { db } = runtime;
  const found = await intakeFacts(db, complaintId);
  if (!found || found.status !== 'received' || found.intake?.auto === false) return 'skipped';
  const context = await loadReplyContext(db, found.ticketId);
  if (!context?.inReplyTo) return 'skipped';
  const connector = connectorFor(runtime.connectors, context.platform as Platform);
  const visibilities = connector.replyVisibilities(context.inReplyTo.kind);
  const isPublic = !['dm', 'email'].includes(context.inReplyTo.kind);
  // The texts an admin set in the app win over the configuration file's.
  const templates = mergeIntakeTemplates(found.intake?.templates, found.ownTemplates);
  const policy: IntakePolicy = {
    mode: found.intake?.mode ?? 'ask_details',
    entityName: found.entityName,
    ...(found.intake?.formUrl ? { formUrl: found.intake.formUrl } : {}),
    ...(templates ? { templates } : {}),
  };
  const texts = intakeMessages(policy, found.lang ?? undefined, { canReplyPrivately: visibilities.includes('private'), isPublic });
  const draft = !sendsWithoutApproval(found.autoSend, found.confidence);
  const outboxIds: number[] = [];
  for (const visibility of ['private', 'public'] as const) {
    const text = texts[visibility];
    if (!text || !visibilities.includes(visibility)) continue;
    const queued = await queueReply(db, { context, text, visibility, actor: 'system', idempotencyKey: intakeDraftKey(visibility), draft });
    if (queued.outboxId !== undefined) outboxIds.push(queued.outboxId);
  }
  await dispatchCommitted(runtime, outboxIds, 'reply');
  // Drafts: the details are asked when a person approves one (noteIntakeSent).
  if (!draft) await performCaseAction(db, complaintId, { type: 'request_details' }, 'system', runtime.now());
  return draft ? 'drafted' : 'started';
}

/** A person approved an intake draft of the ticket: the case records that the details were asked. */
export async function noteIntakeSent(runtime: Runtime, ticketId: number, actor: string): Promise<void> {
  const complaint = await complaintOfTicket(runtime.db, ticketId);
  if (complaint?.status !== 'received') return;
  await performCaseAction(runtime.db, complaint.id, { type: 'request_details' }, actor, runtime.now());
}
