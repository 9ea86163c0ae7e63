import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { renderCanned } from './canned.js';
import type { Runtime } from '../runtime.js';
import {
  CANNED_LANGUAGES,
  cannedValuesForTicket,
  createCannedResponse,
  deleteCannedResponse,
  getCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from './canned-responses.js';
import { actorOf, allowSubject, listScope } from '../http/guard.js';
import { doc } from '../http/openapi.js';
import { badRequest } from '../http/legacy-errors.js';
import { ticketParams } from './schemas.js';
import { existingEntityId } from '../entities/entities.js';

const listQuery = z.object({ entity: z.string().min(1).optional(), lang: z.enum(CANNED_LANGUAGES).optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const title = z.string().trim().min(1, 'title is empty').max(200);
const body = z.string().trim().min(1, 'body is empty').max(10_000);
const createBody = z.object({ entity: z.string().min(1), lang: z.enum(CANNED_LANGUAGES), title, body }).strict();
const patchBody = z
  .object({ lang: z.enum(CANNED_LANGUAGES).optional(), title: title.optional(), body: body.optional() })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'send at least one of lang, title, body');
const renderQuery = z.object({ lang: z.enum(CANNED_LANGUAGES).optional() });

const TAGS = ['canned responses'];

export function registerCannedResponseRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { db } = runtime;

  app.get('/api/canned-responses', { schema: doc({ summary: 'Canned responses of my entities', tags: TAGS, querystring: listQuery }) }, async (request, reply) => {
    const query = listQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const entities = listScope(request, 'canned.manage');
    return { items: await listCannedResponses(db, { ...query.data, ...(entities ? { entities } : {}) }) };
  });

  app.post('/api/canned-responses', { schema: doc({ summary: 'Add a canned response', tags: TAGS, body: createBody }) }, async (request, reply) => {
    const parsed = createBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const entity = await existingEntityId(db, parsed.data.entity);
    if (!allowSubject(request, reply, { see: 'canned.manage' }, entity, `entity ${parsed.data.entity}`)) return reply;
    return reply.code(201).send(await createCannedResponse(db, { ...parsed.data, actor: actorOf(request) }));
  });

  app.patch('/api/canned-responses/:id', { schema: doc({ summary: 'Change a canned response', tags: TAGS, params: idParams, body: patchBody }) }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const parsed = patchBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const existing = await getCannedResponse(db, params.data.id);
    if (!allowSubject(request, reply, { see: 'canned.manage' }, existing?.entity, `canned response ${params.data.id}`)) return reply;
    const updated = await updateCannedResponse(db, params.data.id, { ...parsed.data, actor: actorOf(request) });
    if (!updated) return reply.code(404).send({ error: 'not_found', message: `canned response ${params.data.id} not found` });
    return updated;
  });

  app.delete('/api/canned-responses/:id', { schema: doc({ summary: 'Remove a canned response', tags: TAGS, params: idParams }) }, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const existing = await getCannedResponse(db, params.data.id);
    if (!allowSubject(request, reply, { see: 'canned.manage' }, existing?.entity, `canned response ${params.data.id}`)) return reply;
    await deleteCannedResponse(db, params.data.id, actorOf(request));
    return reply.code(204).send();
  });

  app.get(
    '/api/tickets/:id/canned-responses',
    { schema: doc({ summary: 'Canned responses filled in for this ticket and me', tags: TAGS, params: ticketParams, querystring: renderQuery }) },
    async (request, reply) => {
      const params = ticketParams.safeParse(request.params);
      if (!params.success) return badRequest(reply, params.error);
      const query = renderQuery.safeParse(request.query);
      if (!query.success) return badRequest(reply, query.error);
      const ticket = await cannedValuesForTicket(db, params.data.id);
      if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.reply' }, ticket?.entity, `ticket ${params.data.id}`)) return reply;
      const values = {
        'contact.name': ticket!.contactName,
        'contact.handle': ticket!.contactHandle,
        'ticket.number': ticket!.ticketNumber,
        'agent.name': request.principal?.kind === 'user' ? request.principal.name : null,
        'entity.name': ticket!.entityName,
      };
      const responses = await listCannedResponses(db, { entity: ticket!.entity, ...(query.data.lang ? { lang: query.data.lang } : {}) });
      return { items: responses.map((r) => ({ id: r.id, title: r.title, lang: r.lang, text: renderCanned(r.body, values) })) };
    },
  );
}
