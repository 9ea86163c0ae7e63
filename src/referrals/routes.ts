import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { replyTextLimit } from '../../connectors/descriptor.js';
import { descriptorOf, isPlatform } from '../../connectors/platforms.js';
import { connectorFor } from '../../connectors/registry.js';
import type { Platform, Visibility } from '../../connectors/types.js';
import { can } from '../accounts/access.js';
import { asksForPersonalDetails } from '../complaints/intake-texts.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../http/errors.js';
import { actorOf, listScope } from '../http/guard.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { loadReplyContext, type ReplyContext } from '../tickets/replies.js';
import { ticketParams } from '../tickets/schemas.js';
import { listReferrals, referralCounts, referralReplyPreview, referralTargets, referTicket, ticketReferrals } from './actions.js';
import { referralCreatedWire, referralListWire, referralPreviewWire, referralReportWire, referralTargetsWire } from './wire.js';

const TAGS = ['referrals'];

const entityId = z.string().trim().min(1).max(200);

const referBody = z.strictObject({
  to: entityId,
  note: z.string().trim().min(1, 'note is empty').max(4000),
  /** The reply to the citizen as the person approved it (shown first by the preview); null = no reply. */
  reply: z.strictObject({ text: z.string().trim().min(1, 'text is empty').max(10_000), visibility: z.enum(['public', 'private']) }).nullable(),
});

const previewQuery = z.object({ to: entityId });

const listQuery = z.object({
  direction: z.enum(['sent', 'received']).default('sent'),
  entity: entityId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const reportQuery = z.object({
  entity: entityId,
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

function replyLimit(platform: string, visibility: Visibility): number | undefined {
  return isPlatform(platform) ? replyTextLimit(descriptorOf(platform), visibility) : undefined;
}

function allowedVisibilities(runtime: Runtime, context: ReplyContext): Visibility[] {
  if (!context.inReplyTo) return [];
  return connectorFor(runtime.connectors, context.platform as Platform).replyVisibilities(context.inReplyTo.kind);
}

export function registerReferralRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  // Names only, of every entity: a referral may go to any entity of the installation.
  api.get(
    '/api/referral-targets',
    {
      schema: { summary: 'Every entity a ticket can be referred to (id and name only)', tags: TAGS, response: { 200: referralTargetsWire } },
      config: { access: { permission: 'tickets.work' } },
    },
    async () => ({ items: await referralTargets(runtime.db) }),
  );

  api.get(
    '/api/tickets/:id/referral-preview',
    {
      schema: {
        summary: 'The proposed reply to the citizen for a referral to this entity, in their language (nl, fr, en), to read and edit before approving',
        tags: TAGS,
        params: ticketParams,
        querystring: previewQuery,
        response: { 200: referralPreviewWire },
      },
      config: { access: { permission: 'tickets.work', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const preview = await referralReplyPreview(runtime.db, id, request.query.to);
      if (!preview) throw notFound(`entity ${request.query.to}`);
      const context = await loadReplyContext(runtime.db, id);
      const visibilities = context ? allowedVisibilities(runtime, context) : [];
      const limits: { public?: number; private?: number } = {};
      for (const visibility of visibilities) {
        const limit = context && replyLimit(context.platform, visibility);
        if (limit !== undefined && limit !== null) limits[visibility] = limit;
      }
      return { ...preview, visibilities, limits };
    },
  );

  api.post(
    '/api/tickets/:id/referrals',
    {
      schema: {
        summary:
          'Refer the ticket to the competent entity with a note: it moves to that entity’s queue (a complaint case with its original receipt date); this entity keeps a read-only trace; the approved reply goes to the citizen on the ticket’s channel',
        tags: TAGS,
        params: ticketParams,
        body: referBody,
        response: { 201: referralCreatedWire },
      },
      config: { access: { permission: 'tickets.work', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { to, note } = request.body;
      let approved: { context: ReplyContext; text: string; visibility: Visibility } | undefined;
      if (request.body.reply) {
        const entity = request.subjectEntity;
        if (!can(request.principal, 'tickets.reply', entity)) throw forbidden(`tickets.reply is not allowed for entity ${entity}`, 'tickets.reply');
        const { text, visibility } = request.body.reply;
        const context = await loadReplyContext(runtime.db, id);
        if (!context) throw notFound(`ticket ${id}`);
        if (!context.inReplyTo) throw conflict('the ticket has no citizen message to reply to: refer it without a reply');
        const allowed = allowedVisibilities(runtime, context);
        if (!allowed.includes(visibility)) {
          throw unprocessable('visibility_not_allowed', `a ${visibility} reply is not possible to a ${context.inReplyTo.kind} on ${context.platform}; allowed: ${allowed.join(', ')}`);
        }
        const limit = replyLimit(context.platform, visibility);
        if (limit !== undefined && text.length > limit) throw unprocessable('too_long', `a reply on this platform is at most ${limit} characters`, { limit });
        if (visibility === 'public' && asksForPersonalDetails(text)) {
          throw unprocessable('personal_details_in_public', 'a public reply must not ask for personal details (name, address, e-mail, phone…)');
        }
        approved = { context, text, visibility };
      }
      const principal = request.principal;
      const outcome = await referTicket(runtime.db, {
        ticketId: id,
        from: request.subjectEntity!,
        to,
        note,
        actor: actorOf(request),
        actorName: principal?.kind === 'user' ? principal.name : 'API',
        ...(approved ? { reply: approved } : {}),
      });
      if (outcome.status === 'not_found') throw notFound(`ticket ${id}`);
      if (outcome.status === 'unknown_entity') throw badRequest(`to: entity ${to} does not exist`);
      if (outcome.status === 'refused') throw conflict(outcome.problem.message, { reason: outcome.problem.code });
      await dispatchCommitted(runtime, outcome.replyOutboxIds, 'reply');
      await dispatchCommitted(runtime, outcome.routeOutboxIds);
      const replyMessageId = outcome.referral.replyMessageId;
      return reply.code(201).send({ referral: outcome.referral, reply: replyMessageId === null ? null : { messageId: replyMessageId, deliveryStatus: 'queued' as const } });
    },
  );

  api.get(
    '/api/tickets/:id/referrals',
    {
      schema: { summary: 'The ticket’s referrals, oldest first: from which entity, to which, with which note', tags: TAGS, params: ticketParams, response: { 200: referralListWire } },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request) => ({ items: await ticketReferrals(runtime.db, request.params.id) }),
  );

  // The sender's trace: what it referred and how that ended, never the ticket's messages or notes.
  api.get(
    '/api/referrals',
    {
      schema: {
        summary: 'Referrals my entities sent (the trace: to whom, the note, the outcome now) or received',
        tags: TAGS,
        querystring: listQuery,
        response: { 200: referralListWire },
      },
      config: { access: { list: 'tickets.read' } },
    },
    async (request) => {
      const { direction, entity, limit } = request.query;
      const scope = listScope(request, 'tickets.read');
      const entities = entity === undefined ? scope : scope === undefined || scope.includes(entity) ? [entity] : [];
      return { items: await listReferrals(runtime.db, { entities, direction, limit }) };
    },
  );

  api.get(
    '/api/reports/referrals',
    {
      schema: {
        summary: 'Referrals sent and received by an entity in a period (default: this year so far), per counterpart entity',
        tags: ['reports'],
        querystring: reportQuery,
        response: { 200: referralReportWire },
      },
      config: { access: { permission: 'tickets.read', subject: { kind: 'entity', in: 'querystring', key: 'entity' } } },
    },
    async (request) => {
      const now = runtime.now();
      const from = request.query.from ? new Date(`${request.query.from}T00:00:00Z`) : new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
      const to = request.query.to ? new Date(new Date(`${request.query.to}T00:00:00Z`).getTime() + 86_400_000) : now;
      if (to <= from) throw badRequest('to: the period ends before it starts');
      return referralCounts(runtime.db, request.query.entity, from, to);
    },
  );
}
