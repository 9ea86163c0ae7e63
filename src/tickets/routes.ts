import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { connectorFor } from '../../connectors/registry.js';
import { CATEGORIES, TICKET_STATUSES } from './ticket.js';
import type { Runtime } from '../runtime.js';
import { confirmUncertainReply, loadReplyContext, queueReply, resendUncertainReply, type UncertainDecision } from './replies.js';
import { retagTicket } from './retag.js';
import { asksForPersonalDetails } from '../complaints/intake-texts.js';
import { getTicket, listTickets, ticketEntity as findTicketEntity, TICKET_SORTS, type TicketFilter } from './tickets.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import { actorOf, allowSubject, listScope } from '../http/guard.js';
import type { MessageKind, Platform } from '../../connectors/types.js';
import { doc } from '../http/openapi.js';
import { ticketActivity } from './history.js';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const ticketListQuery = z.object({
  entity: z.string().min(1).optional(),
  platform: z.string().min(1).max(40).optional(),
  category: z.enum(CATEGORIES).optional(),
  status: z
    .string()
    .transform((value) => [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(TICKET_STATUSES)).min(1))
    .optional(),
  assignee: z.coerce.number().int().positive().optional(),
  mine: flag.optional(),
  unassigned: flag.optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  overdue: flag.optional(),
  q: z.string().min(1).max(200).optional(),
  sort: z.enum(TICKET_SORTS).default('updated'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ticketParams = z.object({ id: z.coerce.number().int().positive() });

const retagBody = z.object({
  category: z.enum(CATEGORIES),
  reason: z.string().trim().min(1).max(1000).optional(),
});

const replyBody = z.object({
  text: z.string().trim().min(1, 'text is empty').max(10_000),
  visibility: z.enum(['public', 'private']),
});

const replyParams = z.object({ id: z.coerce.number().int().positive(), messageId: z.coerce.number().int().positive() });

const markSentBody = z.object({ externalId: z.string().trim().min(1).max(200).optional() }).strict();

/** 404 or 409 for an uncertain-reply decision that cannot be taken; undefined when it was. */
function refusedDecision(reply: FastifyReply, outcome: UncertainDecision, ticketId: number, messageId: number): FastifyReply | undefined {
  if (outcome.status === 'not_found') return reply.code(404).send({ error: 'not_found', message: `reply ${messageId} of ticket ${ticketId} not found` });
  if (outcome.status === 'not_uncertain') {
    return reply.code(409).send({ error: 'conflict', message: `the reply is ${outcome.deliveryStatus ?? 'not a reply'}, not uncertain`, deliveryStatus: outcome.deliveryStatus });
  }
  if (outcome.status === 'conflict') return reply.code(409).send({ error: 'conflict', message: outcome.message });
  return undefined;
}

export function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issue = error.issues[0]!;
  return reply.code(400).send({ error: 'bad_request', message: `${issue.path.join('.') || 'request'}: ${issue.message}` });
}

async function ticketEntity(runtime: Runtime, id: number): Promise<string | undefined> {
  return findTicketEntity(runtime.db, id);
}

/**
 * A ticket as the ticket view shows it, with what a reply to the latest citizen message may be
 * on its platform ([] = no citizen message to reply to).
 */
export async function ticketDetail(runtime: Runtime, id: number) {
  const ticket = await getTicket(runtime.db, id, runtime.now());
  if (!ticket) return undefined;
  const latestInbound = ticket.messages.findLast((m) => m.direction === 'inbound');
  const replyVisibilities = latestInbound
    ? connectorFor(runtime.connectors, ticket.platform as Platform).replyVisibilities(latestInbound.kind as MessageKind)
    : [];
  return { ...ticket, replyVisibilities, activity: await ticketActivity(runtime.db, id) };
}

/** The list query as the store takes it; 400 (sent) when `mine` is asked without a user. */
export function ticketFilter(request: FastifyRequest, reply: FastifyReply, query: z.infer<typeof ticketListQuery>, now: Date): TicketFilter | undefined {
  const { status, assignee, mine, ...rest } = query;
  let assigneeId = assignee;
  if (mine) {
    if (request.principal?.kind !== 'user') {
      void reply.code(400).send({ error: 'bad_request', message: 'mine: only a logged-in user has tickets of their own' });
      return undefined;
    }
    assigneeId = request.principal.userId;
  }
  const entities = listScope(request, 'tickets.read');
  return {
    ...rest,
    ...(status ? { statuses: status } : {}),
    ...(assigneeId !== undefined ? { assigneeId } : {}),
    ...(entities ? { entities } : {}),
    now,
  };
}

export function registerTicketRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/tickets', { schema: doc({ summary: 'The queue: tickets of the caller’s entities, filtered and sorted', tags: ['tickets'], querystring: ticketListQuery }) }, async (request, reply) => {
    const query = ticketListQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const filter = ticketFilter(request, reply, query.data, runtime.now());
    if (!filter) return reply;
    return listTickets(runtime.db, filter);
  });

  app.get('/api/tickets/:id', { schema: doc({ summary: 'One ticket: conversation, notes, tags, SLA, the contact’s other tickets', tags: ['tickets'], params: ticketParams }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const ticket = await ticketDetail(runtime, params.data.id);
    if (!allowSubject(request, reply, { see: 'tickets.read' }, ticket?.entity, `ticket ${params.data.id}`)) return reply;
    return ticket;
  });

  app.patch('/api/tickets/:id/category', { schema: doc({ summary: 'Re-tag a ticket’s category (routes or withdraws a complaint)', tags: ['tickets'], params: ticketParams, body: retagBody }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = retagBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const entity = await ticketEntity(runtime, params.data.id);
    if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.retag' }, entity, `ticket ${params.data.id}`)) return reply;
    const outcome = await retagTicket(runtime.db, { ticketId: params.data.id, ...body.data, actor: actorOf(request) });
    if (outcome.status === 'not_found') return reply.code(404).send({ error: 'not_found', message: `ticket ${params.data.id} not found` });
    if (outcome.status === 'too_late') {
      return reply.code(409).send({ error: 'conflict', message: `the coordinator is already handling this complaint (${outcome.complaintStatus})` });
    }
    await dispatchCommitted(runtime, outcome.outboxIds);
    return ticketDetail(runtime, params.data.id);
  });

  app.post('/api/tickets/:id/replies', { schema: doc({ summary: 'Reply to the citizen, publicly or privately as the platform allows', tags: ['tickets'], params: ticketParams, body: replyBody }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = replyBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const entity = await ticketEntity(runtime, params.data.id);
    if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.reply' }, entity, `ticket ${params.data.id}`)) return reply;
    const context = await loadReplyContext(runtime.db, params.data.id);
    if (!context) return reply.code(404).send({ error: 'not_found', message: `ticket ${params.data.id} not found` });
    if (!context.inReplyTo) return reply.code(409).send({ error: 'conflict', message: 'the ticket has no citizen message to reply to' });
    const allowed = connectorFor(runtime.connectors, context.platform as Platform).replyVisibilities(context.inReplyTo.kind);
    if (!allowed.includes(body.data.visibility)) {
      return reply.code(422).send({
        error: 'visibility_not_allowed',
        message: `a ${body.data.visibility} reply is not possible to a ${context.inReplyTo.kind} on ${context.platform}; allowed: ${allowed.join(', ')}`,
      });
    }
    if (body.data.visibility === 'public' && asksForPersonalDetails(body.data.text)) {
      return reply.code(422).send({
        error: 'personal_details_in_public',
        message: 'a public reply must not ask for personal details (name, address, e-mail, phone…): send a private message or point to the complaint form',
      });
    }
    const idempotencyKey = request.headers['idempotency-key'];
    const queued = await queueReply(runtime.db, {
      context,
      text: body.data.text,
      visibility: body.data.visibility,
      actor: actorOf(request),
      ...(typeof idempotencyKey === 'string' && idempotencyKey ? { idempotencyKey } : {}),
    });
    if (queued.outboxId !== undefined) await dispatchCommitted(runtime, [queued.outboxId], 'reply');
    return reply.code(202).send({ messageId: queued.messageId, deliveryStatus: 'queued', duplicate: queued.duplicate });
  });

  app.post(
    '/api/tickets/:id/replies/:messageId/resend',
    {
      schema: doc({
        summary: 'Send an uncertain reply again (the platform could not tell whether an earlier attempt posted it): an agent’s decision, audited',
        tags: ['tickets'],
        params: replyParams,
      }),
    },
    async (request, reply) => {
      const params = replyParams.safeParse(request.params);
      if (!params.success) return badRequest(reply, params.error);
      const { id, messageId } = params.data;
      const entity = await ticketEntity(runtime, id);
      if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.reply' }, entity, `ticket ${id}`)) return reply;
      const outcome = await resendUncertainReply(runtime.db, { ticketId: id, messageId, actor: actorOf(request) });
      const refused = refusedDecision(reply, outcome, id, messageId);
      if (refused) return refused;
      if (outcome.status === 'done' && outcome.outboxId !== undefined) await dispatchCommitted(runtime, [outcome.outboxId], 'reply');
      return reply.code(202).send({ messageId, deliveryStatus: 'queued' });
    },
  );

  app.post(
    '/api/tickets/:id/replies/:messageId/mark-sent',
    {
      schema: doc({
        summary: 'Mark an uncertain reply as sent (an agent saw it on the platform), optionally with its platform id; nothing is sent. Audited',
        tags: ['tickets'],
        params: replyParams,
        body: markSentBody,
      }),
    },
    async (request, reply) => {
      const params = replyParams.safeParse(request.params);
      if (!params.success) return badRequest(reply, params.error);
      const body = markSentBody.safeParse(request.body ?? {});
      if (!body.success) return badRequest(reply, body.error);
      const { id, messageId } = params.data;
      const entity = await ticketEntity(runtime, id);
      if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.reply' }, entity, `ticket ${id}`)) return reply;
      const { externalId } = body.data;
      const outcome = await confirmUncertainReply(runtime.db, { ticketId: id, messageId, actor: actorOf(request), ...(externalId ? { externalId } : {}) });
      const refused = refusedDecision(reply, outcome, id, messageId);
      if (refused) return refused;
      return ticketDetail(runtime, id);
    },
  );
}
