import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { businessHoursProblems, isLocalDate } from './sla.js';
import { PRIORITIES } from './ticket.js';
import type { Runtime } from '../runtime.js';
import { loadSlaSettings, saveSlaSettings } from './sla-policies.js';
import { actorOf, allowSubject } from '../http/guard.js';
import { doc } from '../http/openapi.js';
import { badRequest } from '../http/legacy-errors.js';

const entityParams = z.object({ id: z.string().min(1).max(100) });
// up to 30 days in business minutes of a 24/7 calendar
const minutes = z.number().int().positive().max(43_200);
const slaBody = z
  .object({
    businessHours: z.array(z.object({ day: z.number().int().min(1).max(7), start: z.string(), end: z.string() }).strict()).max(50),
    holidays: z.array(z.string().refine(isLocalDate, 'a holiday is a date YYYY-MM-DD')).max(400),
    policies: z
      .array(z.object({ priority: z.enum(PRIORITIES), firstResponseMinutes: minutes, resolutionMinutes: minutes }).strict())
      .max(PRIORITIES.length)
      .refine((list) => new Set(list.map((p) => p.priority)).size === list.length, 'one policy per priority')
      .refine((list) => list.every((p) => p.firstResponseMinutes <= p.resolutionMinutes), 'firstResponseMinutes cannot exceed resolutionMinutes'),
  })
  .strict();

const TAGS = ['SLA'];

export function registerSlaRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { db } = runtime;

  app.get('/api/entities/:id/sla', { schema: doc({ summary: 'Business hours, holidays and SLA targets per priority', tags: TAGS, params: entityParams }) }, async (request, reply) => {
    const params = entityParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const settings = await loadSlaSettings(db, params.data.id);
    if (!allowSubject(request, reply, { see: 'tickets.read' }, settings ? params.data.id : undefined, `entity ${params.data.id}`)) return reply;
    return settings;
  });

  app.put(
    '/api/entities/:id/sla',
    {
      schema: doc({
        summary: 'Set business hours, holidays and SLA targets',
        description: 'Priorities left out use the defaults. Open tickets get new due dates from when they were opened.',
        tags: TAGS,
        params: entityParams,
        body: slaBody,
      }),
    },
    async (request, reply) => {
      const params = entityParams.safeParse(request.params);
      if (!params.success) return badRequest(reply, params.error);
      const body = slaBody.safeParse(request.body);
      if (!body.success) return badRequest(reply, body.error);
      const existing = await loadSlaSettings(db, params.data.id);
      if (!allowSubject(request, reply, { see: 'tickets.read', act: 'entities.manage' }, existing ? params.data.id : undefined, `entity ${params.data.id}`)) return reply;
      const problems = businessHoursProblems(body.data.businessHours);
      if (problems.length) return reply.code(400).send({ error: 'bad_request', message: `businessHours: ${problems.join('; ')}` });
      return saveSlaSettings(db, params.data.id, { ...body.data, actor: actorOf(request) });
    },
  );
}
