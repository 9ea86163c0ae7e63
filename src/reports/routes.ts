import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { doc } from '../http/openapi.js';
import { can, entityScope, requirePermission } from '../accounts/access.js';
import type { Runtime } from '../runtime.js';
import { loadDashboard } from './sql.js';
import { badRequest, notFound } from '../http/legacy-errors.js';
import { allEntityIds, existingEntityId } from '../entities/entities.js';

const TAGS = ['reports'];

const dashboardQuery = z.object({
  entity: z.string().min(1).max(200).optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

/** Volume, response and resolution medians, and complaint deadlines: for everyone who works an entity's tickets (counts only, no content). */
export function registerDashboardRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/dashboard', { schema: doc({ summary: 'Dashboard: volume per day, platform and category; median first-response and resolution times; open complaints by legal deadline', querystring: dashboardQuery, tags: TAGS }) }, async (request, reply) => {
    const query = dashboardQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const { entity, days } = query.data;
    if (entity !== undefined) {
      if (!can(request.principal, 'tickets.read', entity) || !(await entityExists(runtime, entity))) return notFound(reply, `entity ${entity}`);
      return loadDashboard(runtime.db, [entity], days, runtime.now());
    }
    if (!requirePermission(request, reply, 'tickets.read')) return reply;
    const scope = entityScope(request.principal, 'tickets.read');
    const entities = scope === 'all' ? await allEntities(runtime) : scope;
    return loadDashboard(runtime.db, entities, days, runtime.now());
  });
}

async function entityExists(runtime: Runtime, id: string): Promise<boolean> {
  return (await existingEntityId(runtime.db, id)) !== undefined;
}

async function allEntities(runtime: Runtime): Promise<string[]> {
  return allEntityIds(runtime.db);
}
