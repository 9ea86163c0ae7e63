import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, unprocessable } from '../http/errors.js';
import { actorOf } from '../http/guard.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { getModerationPolicy, requestModeration, setModerationPolicy, ticketModeration } from './actions.js';
import { ticketParams } from '../tickets/schemas.js';
import { moderationWire, policyWire, requestBody } from './wire.js';

const TAGS = ['moderation'];

const messageParams = ticketParams.extend({ messageId: z.coerce.number().int().positive() });
const entityParams = z.object({ id: z.string().trim().min(1).max(200) });



export function registerModerationRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/tickets/:id/moderation',
    {
      schema: { summary: 'Per citizen message: its state on the platform, the moderation actions possible now, and the last request', tags: TAGS, params: ticketParams, response: { 200: moderationWire } },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request) => ({ items: await ticketModeration(runtime.db, request.params.id) }),
  );

  // Acting on the platform in the entity's name, as a reply does: the same permission.
  api.post(
    '/api/tickets/:id/messages/:messageId/moderation',
    {
      schema: {
        summary: 'Hide, unhide, hold, reject, publish or delete the message on its platform (as the platform allows); carried out by the worker, audited',
        tags: TAGS,
        params: messageParams,
        body: requestBody,
        response: { 202: z.object({ id: z.number(), status: z.literal('queued') }) },
      },
      config: { access: { permission: 'tickets.reply', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const outcome = await requestModeration(runtime.db, { ticketId: id, messageId, action: request.body.action, actor: actorOf(request), flag: request.body.flag });
      if (outcome.status === 'not_found') throw notFound(`message ${messageId} of ticket ${id}`);
      if (outcome.status === 'refused') throw unprocessable('moderation_refused', outcome.reason);
      await dispatchCommitted(runtime, outcome.outboxIds, 'moderation');
      return reply.status(202).send({ id: outcome.id, status: 'queued' as const });
    },
  );

  api.get(
    '/api/entities/:id/moderation-policy',
    {
      schema: { summary: 'The flags whose messages are hidden on the platform without an agent (empty: off)', tags: TAGS, params: entityParams, response: { 200: policyWire } },
      config: { access: { permission: 'tickets.read', subject: { kind: 'entity' } } },
    },
    async (request) => getModerationPolicy(runtime.db, request.params.id),
  );

  api.put(
    '/api/entities/:id/moderation-policy',
    {
      schema: { summary: 'Set the entity’s automatic moderation: the classifier’s flags whose messages are hidden (or held) on the platform', tags: TAGS, params: entityParams, body: policyWire, response: { 200: policyWire } },
      config: { access: { permission: 'entities.manage', subject: { kind: 'entity' } } },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await setModerationPolicy(runtime.db, id, request.body, actorOf(request)))) throw notFound(`entity ${id}`);
      return getModerationPolicy(runtime.db, id);
    },
  );
}
