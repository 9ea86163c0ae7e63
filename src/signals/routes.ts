import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict, notFound } from '../http/errors.js';
import { actorOf, listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { detectSpikes, entityOfSignal, getSignal, handleSignal, listSignals } from './actions.js';
import { detectionWire, signalListWire, signalWire, toSignalWire } from './wire.js';

const TAGS = ['signals'];
const signalParams = z.object({ id: z.coerce.number().int().positive() });
const listQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(7),
  active: z.enum(['true', 'false']).default('false').describe('true: only open signals of a spike that lasts (the banner)'),
});

export function registerSignalRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.defineSubject('signal', {
    see: 'tickets.read',
    entityOf: (id) => (/^\d+$/.test(id) ? entityOfSignal(runtime, Number(id)) : Promise.resolve(undefined)),
    label: (id) => `signal ${id}`,
  });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/signals',
    {
      schema: { summary: 'Topic spikes of my entities, newest first, each with its tickets and baseline', tags: TAGS, querystring: listQuery, response: { 200: signalListWire } },
      // every role reads its entities' tickets, so every user of the entity sees the banner
      config: { access: { list: 'tickets.read' } },
    },
    async (request) => {
      const rows = await listSignals(runtime, listScope(request, 'tickets.read'), { days: request.query.days, active: request.query.active === 'true' });
      return { items: rows.map(toSignalWire) };
    },
  );

  for (const [action, status] of [['acknowledge', 'acknowledged'], ['dismiss', 'dismissed']] as const) {
    api.post(
      `/api/signals/:id/${action}`,
      {
        schema: {
          summary: action === 'acknowledge' ? 'Acknowledge a signal: someone is on it (the banner goes)' : 'Dismiss a signal: not a real spike (the banner goes)',
          tags: TAGS,
          params: signalParams,
          response: { 200: signalWire },
        },
        config: { access: { permission: 'tickets.work', subject: { kind: 'signal' } } },
      },
      async (request) => {
        const outcome = await handleSignal(runtime, request.params.id, status, actorOf(request));
        const signal = await getSignal(runtime, request.params.id);
        if (!signal) throw notFound(`signal ${request.params.id}`);
        if (outcome === 'already_handled') throw conflict(`signal ${signal.id} is already ${signal.status}`);
        return toSignalWire(signal);
      },
    );
  }

  api.post(
    '/api/signals/detect',
    {
      schema: {
        summary: 'Look for topic spikes of an entity now (the workers do it every few minutes)',
        tags: TAGS,
        body: z.strictObject({ entity: z.string().min(1).max(200) }),
        response: { 200: detectionWire },
      },
      config: { access: { permission: 'entities.manage', subject: { kind: 'entity', in: 'body', key: 'entity' } } },
    },
    async (request) => detectSpikes(runtime, { entityId: request.body.entity }),
  );
}
