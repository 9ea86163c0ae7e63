import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { connectorFor } from '../../connectors/registry.js';
import { CATEGORIES, TICKET_STATUSES } from '../domain/ticket.js';
import type { Runtime } from '../runtime.js';
import { loadReplyContext, queueReply } from '../store/replies.js';
import { retagTicket } from '../store/retag.js';
import { asksForPersonalDetails } from '../routing/intake.js';
import { getTicket, listTickets } from '../store/tickets.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import { actorOf, allowSubject, listScope } from './guard.js';
import type { Platform } from '../../connectors/types.js';

const listQuery = z.object({
  entity: z.string().min(1).optional(),
  category: z.enum(CATEGORIES).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  q: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const ticketParams = z.object({ id: z.coerce.number().int().positive() });

const retagBody = z.object({
  category: z.enum(CATEGORIES),
  reason: z.string().trim().min(1).max(1000).optional(),
});

const replyBody = z.object({
  text: z.string().trim().min(1, 'text is empty').max(10_000),
  visibility: z.enum(['public', 'private']),
});

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issue = error.issues[0]!;
  return reply.code(400).send({ error: 'bad_request', message: `${issue.path.join('.') || 'request'}: ${issue.message}` });
}

async function ticketEntity(runtime: Runtime, id: number): Promise<string | undefined> {
  const { rows } = await runtime.db.query<{ entity_id: string }>('select entity_id from tickets where id = $1', [id]);
  return rows[0]?.entity_id;
}

export function registerTicketRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/tickets', async (request, reply) => {
    const query = listQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const entities = listScope(request, 'tickets.read');
    return listTickets(runtime.db, { ...query.data, ...(entities ? { entities } : {}) });
  });

  app.get('/api/tickets/:id', async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const ticket = await getTicket(runtime.db, params.data.id);
    if (!allowSubject(request, reply, { see: 'tickets.read' }, ticket?.entity, `ticket ${params.data.id}`)) return reply;
    return ticket;
  });

  app.patch('/api/tickets/:id/category', async (request, reply) => {
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
    return getTicket(runtime.db, params.data.id);
  });

  app.post('/api/tickets/:id/replies', async (request, reply) => {
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
}
