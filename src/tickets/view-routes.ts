import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../accounts/access.js';
import { badRequest, fieldMessage, forbidden, notFound } from '../http/errors.js';
import { listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { ticketListQuery } from './schemas.js';
import { createView, deleteView, getView, listViews } from './views.js';
import { savedViewListWire, savedViewWire } from './wire.js';

// A view stores the queue's query as the browser sends it; it is checked like GET /api/tickets would.
const filterSchema = z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean()]));
const createBody = z
  .object({
    name: z.string().trim().min(1, 'name is empty').max(100),
    filter: filterSchema,
    shared: z.boolean().default(false),
    // which entity a shared view is for; defaults to the filter's entity or the user's only entity
    entity: z.string().min(1).optional(),
  })
  .strict();
const idParams = z.object({ id: z.coerce.number().int().positive() });

const TAGS = ['saved views'];

/**
 * Views belong to their owner, and a shared one is seen within its entity: the routes are about the
 * caller's own views (`self`) and the handlers apply those rules.
 */
export function registerViewRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { db } = runtime;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/views',
    {
      schema: { summary: 'My saved views and those shared in my entities', tags: TAGS, response: { 200: savedViewListWire } },
      config: { access: { self: true } },
    },
    async (request) => {
      const principal = request.principal;
      const entities = listScope(request, 'views');
      return { items: await listViews(db, { userId: principal?.kind === 'user' ? principal.userId : null, ...(entities ? { entities } : {}) }) };
    },
  );

  api.post(
    '/api/views',
    {
      schema: { summary: 'Save the queue’s current filter as a view', tags: TAGS, body: createBody, response: { 201: savedViewWire } },
      config: { access: { self: true } },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') throw badRequest('only a logged-in user can save views');
      if (!can(principal, 'views')) throw forbidden('views is not allowed');
      const body = request.body;
      const filter = Object.fromEntries(Object.entries(body.filter).map(([key, value]) => [key, String(value)]));
      const check = ticketListQuery.strict().safeParse(filter);
      if (!check.success) {
        const issue = check.error.issues[0]!;
        throw badRequest(fieldMessage({ path: ['filter', ...issue.path], message: issue.message }));
      }
      const fallback = principal.entities.length === 1 ? principal.entities[0]! : null;
      const entity = body.entity ?? (typeof filter.entity === 'string' ? filter.entity : null) ?? fallback;
      if (entity !== null && !can(principal, 'views', entity)) throw notFound(`entity ${entity}`);
      if (body.shared && entity === null) throw badRequest('entity: a shared view needs the entity it is shared with');
      const view = await createView(db, { userId: principal.userId, name: body.name, filter, shared: body.shared, entity });
      return reply.code(201).send(view);
    },
  );

  api.delete(
    '/api/views/:id',
    {
      schema: { summary: 'Delete one of my views', tags: TAGS, params: idParams },
      config: { access: { self: true } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const principal = request.principal;
      const userId = principal?.kind === 'user' ? principal.userId : null;
      const view = await getView(db, id, userId);
      const visible = view && (view.mine || (view.shared && view.entity !== null && can(principal, 'views', view.entity)));
      if (!view || !visible) throw notFound(`view ${id}`);
      if (!view.mine) throw forbidden('only the owner can delete a view');
      await deleteView(db, view.id);
      return reply.code(204).send();
    },
  );
}
