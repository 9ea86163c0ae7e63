import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, notFound } from '../http/errors.js';
import { actorOf } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { businessHoursProblems, isLocalDate } from './sla.js';
import { loadSlaSettings, saveSlaSettings } from './sla-policies.js';
import { PRIORITIES } from './ticket.js';

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
  // The subject kind 'entity' is defined by registerEntityRoutes (src/entities/routes.ts).
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/entities/:id/sla',
    {
      schema: { summary: 'Business hours, holidays and SLA targets per priority', tags: TAGS, params: entityParams },
      config: { access: { permission: 'tickets.read', subject: { kind: 'entity' } } },
    },
    async (request) => {
      const { id } = request.params;
      const settings = await loadSlaSettings(db, id);
      if (!settings) throw notFound(`entity ${id}`);
      return settings;
    },
  );

  api.put(
    '/api/entities/:id/sla',
    {
      schema: {
        summary: 'Set business hours, holidays and SLA targets',
        description: 'Priorities left out use the defaults. Open tickets get new due dates from when they were opened.',
        tags: TAGS,
        params: entityParams,
        body: slaBody,
      },
      config: { access: { permission: 'entities.manage', subject: { kind: 'entity' } } },
    },
    async (request) => {
      const { id } = request.params;
      const problems = businessHoursProblems(request.body.businessHours);
      if (problems.length) throw badRequest(`businessHours: ${problems.join('; ')}`);
      return saveSlaSettings(db, id, { ...request.body, actor: actorOf(request) });
    },
  );
}
