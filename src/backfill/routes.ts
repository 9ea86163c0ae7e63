import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { actorOf } from '../http/guard.js';
import { enqueueBackfill } from '../queue/queues.js';
import type { Runtime } from '../runtime.js';
import { getChannelConfig } from '../channels/channels.js';
import { canBackfill, cancelBackfill, getBackfill, listBackfills, requestBackfill } from './actions.js';
import { parseWindow } from './progress.js';
import { backfillListWire, backfillWire, toBackfillWire } from './wire.js';

const TAGS = ['channels'];
const channelParams = z.object({ id: z.string().min(1).max(200) });
const backfillParams = z.object({ id: z.coerce.number().int().positive() });
const requestBody = z.strictObject({
  since: z.string().min(1).max(40).describe('YYYY-MM-DD (from midnight UTC) or an ISO time'),
  until: z.string().min(1).max(40).optional().describe('YYYY-MM-DD (that whole day) or an ISO time; default now'),
});
// A queue that does not answer must not hold the admin's request: the sweeper dispatches the row later.
const QUEUE_TIMEOUT_MS = 3000;

export function registerBackfillRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.defineSubject('backfill', {
    see: 'channels.read',
    entityOf: async (id) => {
      const backfill = /^\d+$/.test(id) ? await getBackfill(runtime, Number(id)) : undefined;
      return backfill ? (await getChannelConfig(runtime.db, backfill.channelId, undefined))?.entity : undefined;
    },
    label: (id) => `backfill ${id}`,
  });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/channels/:id/backfills',
    {
      schema: {
        summary: "Fetch the channel's history in a window (a backfill); the same window again resumes a paused one",
        tags: TAGS,
        params: channelParams,
        body: requestBody,
        response: { 202: backfillWire },
      },
      config: { access: { permission: 'channels.manage', subject: { kind: 'channel' } } },
    },
    async (request, reply) => {
      const window = parseWindow(request.body.since, request.body.until, runtime.now());
      if (!window.ok) throw badRequest(window.error);
      const asked = await requestBackfill(runtime, request.params.id, { since: window.since, until: window.until }, actorOf(request));
      if (asked.kind === 'unknown_channel') throw notFound(`channel ${request.params.id}`);
      if (asked.kind === 'no_history') throw conflict('this platform gives no history back: it only pushes new messages');
      if (asked.kind === 'conflict') throw conflict(`backfill ${asked.backfill.id} of another window is not finished: cancel it first`, { backfillId: asked.backfill.id });
      if (asked.kind !== 'running') {
        await withTimeout(enqueueBackfill(runtime.queues, asked.backfill.id, { attempt: `req-${Date.now()}` }), QUEUE_TIMEOUT_MS).catch((error: unknown) =>
          runtime.logger.warn({ backfillId: asked.backfill.id, error: String(error) }, 'backfill not queued; the sweeper dispatches it'),
        );
      }
      return reply.code(202).send(toBackfillWire(asked.backfill));
    },
  );

  api.get(
    '/api/channels/:id/backfills',
    {
      schema: { summary: "The channel's backfills, newest first, with their progress", tags: TAGS, params: channelParams, response: { 200: backfillListWire } },
      config: { access: { permission: 'channels.read', subject: { kind: 'channel' } } },
    },
    async (request) => {
      const channel = await getChannelConfig(runtime.db, request.params.id, undefined);
      if (!channel) throw notFound(`channel ${request.params.id}`);
      const backfills = await listBackfills(runtime, channel.id);
      return { supported: canBackfill(runtime, channel.platform), backfills: backfills.map(toBackfillWire) };
    },
  );

  api.post(
    '/api/backfills/:id/cancel',
    {
      schema: { summary: 'Cancel a backfill: what it stored stays, nothing more is read', tags: TAGS, params: backfillParams, response: { 200: backfillWire } },
      config: { access: { permission: 'channels.manage', subject: { kind: 'backfill' } } },
    },
    async (request) => {
      const cancelled = await cancelBackfill(runtime, request.params.id, actorOf(request));
      if (cancelled) return toBackfillWire(cancelled);
      const backfill = await getBackfill(runtime, request.params.id);
      if (!backfill) throw notFound(`backfill ${request.params.id}`);
      throw conflict(`backfill ${backfill.id} is ${backfill.status} already`);
    },
  );
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
