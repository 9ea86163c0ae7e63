import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { replyTextLimit } from '../../connectors/descriptor.js';
import { descriptorOf, isPlatform } from '../../connectors/platforms.js';
import { connectorFor } from '../../connectors/registry.js';
import { can } from '../accounts/access.js';
import { noteIntakeSent } from '../complaints/intake.js';
import type { Platform, Visibility } from '../../connectors/types.js';
import { asksForPersonalDetails } from '../complaints/intake-texts.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../http/errors.js';
import { actorOf, listScope } from '../http/guard.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { ticketDetail } from './detail.js';
import { approveDraft, confirmUncertainReply, discardDraft, loadReplyContext, queueReply, resendUncertainReply, type UncertainDecision } from './replies.js';
import { confirmTicketCategory, retagTicket } from './retag.js';
import { ticketListQuery, ticketParams, type TicketListQuery } from './schemas.js';
import { queuedReplyWire, ticketDetailWire, ticketListWire } from './wire.js';
import { CATEGORIES } from './ticket.js';
import { listTickets, ticketEntity, type TicketFilter } from './tickets.js';

const TAGS = ['tickets'];

const retagBody = z.object({
  category: z.enum(CATEGORIES),
  reason: z.string().trim().min(1).max(1000).optional(),
});

const replyBody = z.object({
  text: z.string().trim().min(1, 'text is empty').max(10_000),
  visibility: z.enum(['public', 'private']),
});

const replyParams = z.object({ id: z.coerce.number().int().positive(), messageId: z.coerce.number().int().positive() });

const approveBody = z
  .object({ text: z.string().trim().min(1, 'text is empty').max(10_000).optional() })
  .strict()
  .nullish()
  .transform((body) => body ?? {});

const markSentBody = z
  .object({ externalId: z.string().trim().min(1).max(200).optional() })
  .strict()
  .nullish()
  .transform((body) => body ?? {});

/** The platform's documented reply length limit for this visibility; undefined where it has none. */
function replyLimit(platform: string, visibility: Visibility): number | undefined {
  return isPlatform(platform) ? replyTextLimit(descriptorOf(platform), visibility) : undefined;
}

const tooLong = (limit: number) => unprocessable('too_long', `a reply on this platform is at most ${limit} characters`, { limit });

/** Drafts are approved by those who may reply, and by coordinators for their cases' intake. */
function assertMayApprove(request: FastifyRequest): void {
  const entity = request.subjectEntity;
  if (!can(request.principal, 'tickets.reply', entity) && !can(request.principal, 'cases.act', entity)) throw forbidden(`tickets.reply is not allowed for entity ${entity}`, 'tickets.reply');
}

/** Throws the 404 or 409 of an uncertain-reply decision that could not be taken. */
function assertDecided(outcome: UncertainDecision, ticketId: number, messageId: number): asserts outcome is { status: 'done'; outboxId?: number } {
  if (outcome.status === 'not_found') throw notFound(`reply ${messageId} of ticket ${ticketId}`);
  if (outcome.status === 'not_uncertain') throw conflict(`the reply is ${outcome.deliveryStatus ?? 'not a reply'}, not uncertain`, { deliveryStatus: outcome.deliveryStatus });
  if (outcome.status === 'conflict') throw conflict(outcome.message);
}

/** The list query as the store takes it, narrowed to the caller's entities. */
export function ticketFilter(request: FastifyRequest, query: TicketListQuery, now: Date): TicketFilter {
  const { status, assignee, mine, ...rest } = query;
  let assigneeId = assignee;
  if (mine) {
    if (request.principal?.kind !== 'user') throw badRequest('mine: only a logged-in user has tickets of their own');
    assigneeId = request.principal.userId;
  }
  const entities = listScope(request, 'tickets.read');
  return {
    ...rest,
    ...(status ? { statuses: status } : {}),
    ...(assigneeId !== undefined ? { assigneeId } : {}),
    ...(entities ? { entities } : {}),
    ...(request.principal?.kind === 'user' ? { readerId: request.principal.userId } : {}),
    now,
  };
}

/**
 * The ticket of a route that passed the access hook; 404 when it went away in between. With the
 * request, as its user sees it (their `unread`; not themselves in `presence`).
 */
export async function existingTicketDetail(runtime: Runtime, id: number, request: FastifyRequest) {
  const ticket = await ticketDetail(runtime, id, request.principal?.kind === 'user' ? request.principal.userId : null);
  if (!ticket) throw notFound(`ticket ${id}`);
  return ticket;
}

export function registerTicketRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.defineSubject('ticket', { see: 'tickets.read', entityOf: (id) => ticketEntity(runtime.db, Number(id)), label: (id) => `ticket ${id}` });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/tickets',
    {
      schema: { summary: 'The queue: tickets of the caller’s entities, filtered and sorted', tags: TAGS, querystring: ticketListQuery, response: { 200: ticketListWire } },
      config: { access: { list: 'tickets.read' } },
    },
    async (request) => listTickets(runtime.db, ticketFilter(request, request.query, runtime.now())),
  );

  api.get(
    '/api/tickets/:id',
    {
      schema: { summary: 'One ticket: conversation, notes, tags, SLA, the contact’s other tickets', tags: TAGS, params: ticketParams, response: { 200: ticketDetailWire } },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request) => existingTicketDetail(runtime, request.params.id, request),
  );

  api.patch(
    '/api/tickets/:id/category',
    {
      schema: { summary: 'Re-tag a ticket’s category (routes or withdraws a complaint)', tags: TAGS, params: ticketParams, body: retagBody, response: { 200: ticketDetailWire } },
      config: { access: { permission: 'tickets.retag', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const outcome = await retagTicket(runtime.db, { ticketId: id, ...request.body, actor: actorOf(request) });
      if (outcome.status === 'not_found') throw notFound(`ticket ${id}`);
      if (outcome.status === 'too_late') throw conflict(`the coordinator is already handling this complaint (${outcome.complaintStatus})`);
      await dispatchCommitted(runtime, outcome.outboxIds);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.post(
    '/api/tickets/:id/category/confirm',
    {
      schema: {
        summary: 'Confirm the classifier’s category (“Categorie klopt”): it becomes a person’s decision and the ticket leaves “to check”. Audited',
        tags: TAGS,
        params: ticketParams,
        response: { 200: ticketDetailWire },
      },
      config: { access: { permission: 'tickets.retag', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await confirmTicketCategory(runtime.db, { ticketId: id, actor: actorOf(request) }))) throw notFound(`ticket ${id}`);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.post(
    '/api/tickets/:id/replies',
    {
      schema: { summary: 'Reply to the citizen, publicly or privately as the platform allows', tags: TAGS, params: ticketParams, body: replyBody, response: { 202: queuedReplyWire } },
      config: { access: { permission: 'tickets.reply', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { text, visibility } = request.body;
      const context = await loadReplyContext(runtime.db, id);
      if (!context) throw notFound(`ticket ${id}`);
      if (!context.inReplyTo) throw conflict('the ticket has no citizen message to reply to');
      const allowed = connectorFor(runtime.connectors, context.platform as Platform).replyVisibilities(context.inReplyTo.kind);
      if (!allowed.includes(visibility)) {
        throw unprocessable('visibility_not_allowed', `a ${visibility} reply is not possible to a ${context.inReplyTo.kind} on ${context.platform}; allowed: ${allowed.join(', ')}`);
      }
      const limit = replyLimit(context.platform, visibility);
      if (limit !== undefined && text.length > limit) throw tooLong(limit);
      if (visibility === 'public' && asksForPersonalDetails(text)) {
        throw unprocessable(
          'personal_details_in_public',
          'a public reply must not ask for personal details (name, address, e-mail, phone…): send a private message or point to the complaint form',
        );
      }
      const idempotencyKey = request.headers['idempotency-key'];
      const queued = await queueReply(runtime.db, {
        context,
        text,
        visibility,
        actor: actorOf(request),
        ...(request.principal?.kind === 'user' ? { claimFor: { userId: request.principal.userId } } : {}),
        ...(typeof idempotencyKey === 'string' && idempotencyKey ? { idempotencyKey } : {}),
      });
      if (queued.outboxId !== undefined) await dispatchCommitted(runtime, [queued.outboxId], 'reply');
      return reply.code(202).send({ messageId: queued.messageId, deliveryStatus: 'queued', duplicate: queued.duplicate });
    },
  );

  api.post(
    '/api/tickets/:id/replies/:messageId/resend',
    {
      schema: {
        summary: 'Send an uncertain reply again (the platform could not tell whether an earlier attempt posted it): an agent’s decision, audited',
        tags: TAGS,
        params: replyParams,
        response: { 202: queuedReplyWire.omit({ duplicate: true }) },
      },
      config: { access: { permission: 'tickets.reply', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const outcome = await resendUncertainReply(runtime.db, { ticketId: id, messageId, actor: actorOf(request) });
      assertDecided(outcome, id, messageId);
      if (outcome.outboxId !== undefined) await dispatchCommitted(runtime, [outcome.outboxId], 'reply');
      return reply.code(202).send({ messageId, deliveryStatus: 'queued' });
    },
  );

  api.post(
    '/api/tickets/:id/replies/:messageId/mark-sent',
    {
      schema: {
        summary: 'Mark an uncertain reply as sent (an agent saw it on the platform), optionally with its platform id; nothing is sent. Audited',
        tags: TAGS,
        params: replyParams,
        body: markSentBody,
        response: { 200: ticketDetailWire },
      },
      config: { access: { permission: 'tickets.reply', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id, messageId } = request.params;
      const { externalId } = request.body;
      const outcome = await confirmUncertainReply(runtime.db, { ticketId: id, messageId, actor: actorOf(request), ...(externalId ? { externalId } : {}) });
      assertDecided(outcome, id, messageId);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.post(
    '/api/tickets/:id/replies/:messageId/approve',
    {
      schema: {
        summary: 'Approve a draft the system prepared (an intake question, an invitation), optionally edited: it is queued as the approver’s reply',
        tags: TAGS,
        params: replyParams,
        body: approveBody,
        response: { 202: queuedReplyWire.omit({ duplicate: true }) },
      },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      assertMayApprove(request);
      const { id, messageId } = request.params;
      const outcome = await approveDraft(runtime.db, { ticketId: id, messageId, ...(request.body.text ? { text: request.body.text } : {}), actor: actorOf(request), limitOf: replyLimit });
      if (outcome.status === 'not_found') throw notFound(`draft ${messageId} of ticket ${id}`);
      if (outcome.status === 'too_long') throw tooLong(outcome.limit);
      if (outcome.outboxId !== undefined) await dispatchCommitted(runtime, [outcome.outboxId], 'reply');
      if (outcome.draftKey?.startsWith('intake-')) await noteIntakeSent(runtime, id, actorOf(request));
      return reply.code(202).send({ messageId, deliveryStatus: 'queued' });
    },
  );

  api.delete(
    '/api/tickets/:id/replies/:messageId',
    {
      schema: { summary: 'Discard a draft: nothing is sent', tags: TAGS, params: replyParams },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      assertMayApprove(request);
      const { id, messageId } = request.params;
      if (!(await discardDraft(runtime.db, { ticketId: id, messageId, actor: actorOf(request) }))) throw notFound(`draft ${messageId} of ticket ${id}`);
      return reply.code(204).send();
    },
  );
}
