import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../accounts/access.js';
import type { Runtime } from '../runtime.js';
import { createView, deleteView, getView, listViews } from './views.js';
import { listScope } from '../http/guard.js';
import { doc } from '../http/openapi.js';
import { badRequest } from '../http/legacy-errors.js';
import { ticketListQuery } from './schemas.js';

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

export function registerViewRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { db } = runtime;

  app.get('/api/views', { schema: doc({ summary: 'My saved views and those shared in my entities', tags: TAGS }) }, async (request) => {
    const principal = request.principal;
    const entities = listScope(request, 'views');
    return { items: await listViews(db, { userId: principal?.kind === 'user' ? principal.userId : null, ...(entities ? { entities } : {}) }) };
  });

  app.post('/api/views', { schema: doc({ summary: 'Save the queue’s current filter as a view', tags: TAGS, body: createBody }) }, async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind !== 'user') return reply.code(400).send({ error: 'bad_request', message: 'only a logged-in user can save views' });
    if (!can(principal, 'views')) return reply.code(403).send({ error: 'forbidden', message: 'views is not allowed' });
    const body = createBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const filter = Object.fromEntries(Object.entries(body.data.filter).map(([key, value]) => [key, String(value)]));
    const check = ticketListQuery.strict().safeParse(filter);
    if (!check.success) {
      const issue = check.error.issues[0]!;
      const field = ['filter', ...issue.path.map(String)].join('.');
      return reply.code(400).send({ error: 'bad_request', message: `${field}: ${issue.message}` });
    }
    const fallback = principal.entities.length === 1 ? principal.entities[0]! : null;
    const entity = body.data.entity ?? (typeof filter.entity === 'string' ? filter.entity : null) ?? fallback;
    if (entity !== null && !can(principal, 'views', entity)) return reply.code(404).send({ error: 'not_found', message: `entity ${entity} not found` });
    if (body.data.shared && entity === null) return reply.code(400).send({ error: 'bad_request', message: 'entity: a shared view needs the entity it is shared with' });
    const view = await createView(db, { userId: principal.userId, name: body.data.name, filter, shared: body.data.shared, entity });
    return reply.code(201).send(view);
  });

  app.delete('/api/views/:id', { schema: doc({ summary: 'Delete one of my views', tags: TAGS, params: idParams }) }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const principal = request.principal;
    const userId = principal?.kind === 'user' ? principal.userId : null;
    const view = await getView(db, params.data.id, userId);
    const visible = view && (view.mine || (view.shared && view.entity !== null && can(principal, 'views', view.entity)));
    if (!view || !visible) return reply.code(404).send({ error: 'not_found', message: `view ${params.data.id} not found` });
    if (!view.mine) return reply.code(403).send({ error: 'forbidden', message: 'only the owner can delete a view' });
    await deleteView(db, view.id);
    return reply.code(204).send();
  });
}
