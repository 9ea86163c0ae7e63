import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { doc } from '../http/openapi.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { getChannelConfig } from './channels.js';
import { dismissQuarantined, listQuarantine, quarantineEntity, retryQuarantined } from './quarantine.js';
import { badRequest, notFound } from '../http/legacy-errors.js';
import { actorOf, allowSubject } from '../http/guard.js';

const TAGS = ['channels'];

const channelParams = z.object({ id: z.string().min(1).max(200) });
const itemParams = z.object({ id: z.coerce.number().int().positive() });

/** Items a connector could not read: listed without their payload, retried through the connector, or dismissed. */
export function registerQuarantineRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/channels/:id/quarantine', { schema: doc({ summary: 'Items a channel could not read, with the reason (no raw payload)', params: channelParams, tags: TAGS }) }, async (request, reply) => {
    const params = channelParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const channel = await getChannelConfig(runtime.db, params.data.id, undefined);
    if (!allowSubject(request, reply, { see: 'channels.read' }, channel?.entity, `channel ${params.data.id}`)) return reply;
    return { items: await listQuarantine(runtime.db, params.data.id) };
  });

  app.post('/api/quarantine/:id/retry', { schema: doc({ summary: 'Read a quarantined item again and ingest it (422 with the reason when it still fails)', params: itemParams, tags: TAGS }) }, async (request, reply) => {
    const params = itemParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const what = `quarantined item ${params.data.id}`;
    const entity = await quarantineEntity(runtime.db, params.data.id);
    if (!allowSubject(request, reply, { see: 'channels.read', act: 'channels.manage' }, entity, what)) return reply;
    const outcome = await retryQuarantined(runtime.db, runtime, params.data.id, actorOf(request));
    if (outcome.status === 'not_found') return notFound(reply, what);
    if (outcome.status === 'quarantined') {
      return reply.code(422).send({ error: 'still_quarantined', message: `the item still cannot be read: ${outcome.reason}`, reason: outcome.reason });
    }
    await dispatchCommitted(runtime, outcome.outboxIds);
    return { status: outcome.status };
  });

  app.post('/api/quarantine/:id/dismiss', { schema: doc({ summary: 'Dismiss a quarantined item', params: itemParams, tags: TAGS }) }, async (request, reply) => {
    const params = itemParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const what = `quarantined item ${params.data.id}`;
    const entity = await quarantineEntity(runtime.db, params.data.id);
    if (!allowSubject(request, reply, { see: 'channels.read', act: 'channels.manage' }, entity, what)) return reply;
    if (!(await dismissQuarantined(runtime.db, params.data.id, actorOf(request)))) return notFound(reply, what);
    return { status: 'dismissed' };
  });
}
