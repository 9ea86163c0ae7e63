import { connectorFor } from '../../connectors/registry.js';
import type { Platform } from '../../connectors/types.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import { intakeMessages, type IntakePolicy } from './intake-texts.js';
import type { Runtime } from '../runtime.js';
import { performCaseAction } from './cases.js';
import { loadReplyContext, queueReply } from '../tickets/replies.js';
import { mergeIntakeTemplates, type EntityTemplates } from '../entities/entities.js';

/**
 * After routing: asks the citizen — privately where the platform allows, with only a short public
 * invitation on public channels — for what the procedure needs (name, address, e-mail, facts), or
 * points to the entity's complaint form, per entity policy and in the citizen's language.
 */
export async function startIntake(runtime: Runtime, complaintId: number): Promise<'started' | 'skipped'> {
  const { db } = runtime;
  const { rows } = await db.query<{
    ticket_id: number;
    status: string;
    entity_name: string;
    intake: (Partial<IntakePolicy> & { auto?: boolean }) | null;
    own_templates: EntityTemplates | null;
    lang: string | null;
  }>(
    `select c.ticket_id, c.status, e.name as entity_name, e.settings->'complaintIntake' as intake, e.settings->'templates' as own_templates, t.lang
       from complaints c join entities e on e.id = c.entity_id join tickets t on t.id = c.ticket_id where c.id = $1`,
    [complaintId],
  );
  const found = rows[0];
  if (!found || found.status !== 'received' || found.intake?.auto === false) return 'skipped';
  const context = await loadReplyContext(db, found.ticket_id);
  if (!context?.inReplyTo) return 'skipped';
  const connector = connectorFor(runtime.connectors, context.platform as Platform);
  const visibilities = connector.replyVisibilities(context.inReplyTo.kind);
  const isPublic = !['dm', 'email'].includes(context.inReplyTo.kind);
  // The texts an admin set in the app win over the configuration file's.
  const templates = mergeIntakeTemplates(found.intake?.templates, found.own_templates);
  const policy: IntakePolicy = {
    mode: found.intake?.mode ?? 'ask_details',
    entityName: found.entity_name,
    ...(found.intake?.formUrl ? { formUrl: found.intake.formUrl } : {}),
    ...(templates ? { templates } : {}),
  };
  const texts = intakeMessages(policy, found.lang ?? undefined, { canReplyPrivately: visibilities.includes('private'), isPublic });
  const outboxIds: number[] = [];
  for (const visibility of ['private', 'public'] as const) {
    const text = texts[visibility];
    if (!text || !visibilities.includes(visibility)) continue;
    const queued = await queueReply(db, { context, text, visibility, actor: 'system', idempotencyKey: `intake-${visibility}` });
    if (queued.outboxId !== undefined) outboxIds.push(queued.outboxId);
  }
  await dispatchCommitted(runtime, outboxIds, 'reply');
  await performCaseAction(db, complaintId, { type: 'request_details' }, 'system', runtime.now());
  return 'started';
}
