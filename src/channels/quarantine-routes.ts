import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, unprocessable } from '../http/errors.js';
import { actorOf } from '../http/guard.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { dismissQuarantined, listQuarantine, quarantineEntity, retryQuarantined } from './quarantine.js';
import { channelParams } from './routes.js';
import { quarantineDismissedWire, quarantineListWire, quarantineRetriedWire } from './wire.js';

const TAGS = ['channels'];

const itemParams = z.object({ id: z.coerce.number().int().positive() });

const itemLabel = (id: number | string): string => `quarantined item ${id}`;

/** Items a connector could not read: listed without their payload, retried through the connector, or dismissed. */
export function registerQuarantineRoutes(app: FastifyInstance, runtime: Runtime): void {
  // An item belongs to its channel's entity; one that is resolved already is no longer there.
  app.defineSubject('quarantine', { see: 'channels.read', entityOf: (id) => quarantineEntity(runtime.db, Number(id)), label: itemLabel });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/channels/:id/quarantine',
    {
      schema: { summary: 'Items a channel could not read, with the reason (no raw payload)', tags: TAGS, params: channelParams, response: { 200: quarantineListWire } },
      config: { access: { permission: 'channels.read', subject: { kind: 'channel' } } },
    },
    async (request) => ({ items: await listQuarantine(runtime.db, request.params.id) }),
  );

  api.post(
    '/api/quarantine/:id/retry',
    {
      schema: {
        summary: 'Read a quarantined item again and ingest it (422 with the reason when it still fails)',
        tags: TAGS,
        params: itemParams,
        response: { 200: quarantineRetriedWire },
      },
      config: { access: { permission: 'channels.manage', subject: { kind: 'quarantine' } } },
    },
    async (request) => {
      const { id } = request.params;
      const outcome = await retryQuarantined(runtime.db, runtime, id, actorOf(request));
      if (outcome.status === 'not_found') throw notFound(itemLabel(id));
      if (outcome.status === 'quarantined') {
        throw unprocessable('still_quarantined', `the item still cannot be read: ${outcome.reason}`, { reason: outcome.reason });
      }
      await dispatchCommitted(runtime, outcome.outboxIds);
      return { status: outcome.status };
    },
  );

  api.post(
    '/api/quarantine/:id/dismiss',
    {
      schema: { summary: 'Dismiss a quarantined item', tags: TAGS, params: itemParams, response: { 200: quarantineDismissedWire } },
      config: { access: { permission: 'channels.manage', subject: { kind: 'quarantine' } } },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await dismissQuarantined(runtime.db, id, actorOf(request)))) throw notFound(itemLabel(id));
      return { status: 'dismissed' as const };
    },
  );
}
