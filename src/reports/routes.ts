import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allEntityIds } from '../entities/entities.js';
import { listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { loadDashboard } from './sql.js';

const TAGS = ['reports'];

const dashboardQuery = z.object({
  entity: z.string().min(1).max(200).optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

/** Volume, response and resolution medians, and complaint deadlines: for everyone who works an entity's tickets (counts only, no content). */
export function registerDashboardRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/dashboard',
    {
      schema: {
        summary: 'Dashboard: volume per day, platform and category; median first-response and resolution times; open complaints by legal deadline',
        tags: TAGS,
        querystring: dashboardQuery,
      },
      // One entity when named (404 when it is not the caller's), else every entity of the caller.
      config: { access: { permission: 'tickets.read', subject: { kind: 'entity', in: 'querystring', key: 'entity', optional: true } } },
    },
    async (request) => {
      const { entity, days } = request.query;
      if (entity !== undefined) return loadDashboard(runtime.db, [entity], days, runtime.now());
      const entities = listScope(request, 'tickets.read') ?? (await allEntityIds(runtime.db));
      return loadDashboard(runtime.db, entities, days, runtime.now());
    },
  );
}
