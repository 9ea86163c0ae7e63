import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { actorOf } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { reportPresence } from './presence.js';
import { markTicketRead } from './reads.js';
import { existingTicketDetail } from './routes.js';
import { ticketParams } from './schemas.js';
import { setSnooze, type SnoozeOutcome } from './snooze.js';
import { ticketDetailWire } from './wire.js';

/**
 * The agent's workspace around one ticket: snooze it (until a time, or until the citizen writes
 * again), mark it read for me, and tell colleagues I am on it (viewing or typing).
 */

const TAGS = ['ticket workspace'];

const snoozeBody = z
  .object({
    until: z.iso
      .datetime({ offset: true })
      .transform((text) => new Date(text))
      .optional(),
    untilReply: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.until !== undefined || body.untilReply === true, 'send until (a time) or untilReply: true');

const presenceBody = z.object({ state: z.enum(['viewing', 'typing']) }).strict();

/** The calling user's id; the machine token has no read state and no presence. */
function userOf(request: FastifyRequest, what: string): number {
  if (request.principal?.kind !== 'user') throw badRequest(`${what}: only a logged-in user has one`);
  return request.principal.userId;
}

function assertSnoozed(outcome: SnoozeOutcome, id: number): void {
  if (outcome.status === 'not_found') throw notFound(`ticket ${id}`);
  if (outcome.status === 'merged') throw conflict(`ticket ${id} was merged into ticket ${outcome.into}`, { mergedInto: outcome.into });
  if (outcome.status === 'closed') throw conflict(`ticket ${id} is closed`, { status: 'closed' });
}

export function registerTicketWorkspaceRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { db } = runtime;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/tickets/:id/snooze',
    {
      schema: {
        summary: 'Snooze a ticket: out of the queue until a time, or until the citizen writes again (whichever comes first when both)',
        tags: TAGS,
        params: ticketParams,
        body: snoozeBody,
        response: { 200: ticketDetailWire },
      },
      config: { access: { permission: 'tickets.work', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const { until, untilReply } = request.body;
      const now = runtime.now();
      if (until && until.getTime() <= now.getTime()) throw badRequest('until: must be in the future');
      assertSnoozed(await setSnooze(db, { ticketId: id, until: until ?? null, untilReply: untilReply ?? false, actor: actorOf(request), now }), id);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.delete(
    '/api/tickets/:id/snooze',
    {
      schema: { summary: 'Wake a snoozed ticket: back in the queue now', tags: TAGS, params: ticketParams, response: { 200: ticketDetailWire } },
      config: { access: { permission: 'tickets.work', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      assertSnoozed(await setSnooze(db, { ticketId: id, until: null, untilReply: false, actor: actorOf(request), now: runtime.now() }), id);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.post(
    '/api/tickets/:id/read',
    {
      schema: { summary: 'Mark the ticket read for me, up to its newest citizen message', tags: TAGS, params: ticketParams },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      await markTicketRead(db, { ticketId: request.params.id, userId: userOf(request, 'read state'), now: runtime.now() });
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/tickets/:id/presence',
    {
      schema: {
        summary: 'I am on this ticket (viewing or typing): sent every 10 seconds while it is open; others see it for 30 seconds',
        tags: TAGS,
        params: ticketParams,
        body: presenceBody,
      },
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      const userId = userOf(request, 'presence');
      await reportPresence(db, { ticketId: request.params.id, entityId: request.subjectEntity!, userId, state: request.body.state, now: runtime.now() });
      return reply.code(204).send();
    },
  );
}
