import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../http/errors.js';
import { actorOf, listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { renderCanned } from './canned.js';
import {
  CANNED_LANGUAGES,
  cannedValuesForTicket,
  createCannedResponse,
  deleteCannedResponse,
  getCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from './canned-responses.js';
import { ticketParams } from './schemas.js';
import { cannedResponseListWire, cannedResponseWire, renderedCannedResponseListWire } from './wire.js';

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
  // Canned responses are not there (404) for whoever may not manage them in their entity.
  app.defineSubject('canned', {
    see: 'canned.manage',
    entityOf: async (id) => (await getCannedResponse(db, Number(id)))?.entity,
    label: (id) => `canned response ${id}`,
  });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/canned-responses',
    {
      schema: { summary: 'Canned responses of my entities', tags: TAGS, querystring: listQuery, response: { 200: cannedResponseListWire } },
      // Declared with tickets.read, which every role has: the list narrows itself to the entities
      // where the caller manages canned responses, so a role that may not gets an empty list, not 403.
      config: { access: { list: 'canned.manage' } },
    },
    async (request) => {
      const entities = listScope(request, 'canned.manage');
      return { items: await listCannedResponses(db, { ...request.query, ...(entities ? { entities } : {}) }) };
    },
  );

  api.post(
    '/api/canned-responses',
    {
      schema: { summary: 'Add a canned response', tags: TAGS, body: createBody, response: { 201: cannedResponseWire } },
      config: { access: { permission: 'canned.manage', subject: { kind: 'entity', in: 'body', key: 'entity', see: 'canned.manage' } } },
    },
    async (request, reply) => reply.code(201).send(await createCannedResponse(db, { ...request.body, actor: actorOf(request) })),
  );

  api.patch(
    '/api/canned-responses/:id',
    {
      schema: { summary: 'Change a canned response', tags: TAGS, params: idParams, body: patchBody, response: { 200: cannedResponseWire } },
      config: { access: { permission: 'canned.manage', subject: { kind: 'canned' } } },
    },
    async (request) => {
      const { id } = request.params;
      const updated = await updateCannedResponse(db, id, { ...request.body, actor: actorOf(request) });
      if (!updated) throw notFound(`canned response ${id}`);
      return updated;
    },
  );

  api.delete(
    '/api/canned-responses/:id',
    {
      schema: { summary: 'Remove a canned response', tags: TAGS, params: idParams },
      config: { access: { permission: 'canned.manage', subject: { kind: 'canned' } } },
    },
    async (request, reply) => {
      await deleteCannedResponse(db, request.params.id, actorOf(request));
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/tickets/:id/canned-responses',
    {
      schema: {
        summary: 'Canned responses filled in for this ticket and me',
        tags: TAGS,
        params: ticketParams,
        querystring: renderQuery,
        response: { 200: renderedCannedResponseListWire },
      },
      config: { access: { permission: 'tickets.reply', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const { lang } = request.query;
      const ticket = await cannedValuesForTicket(db, id);
      if (!ticket) throw notFound(`ticket ${id}`);
      const values = {
        'contact.name': ticket.contactName,
        'contact.handle': ticket.contactHandle,
        'ticket.number': ticket.ticketNumber,
        'agent.name': request.principal?.kind === 'user' ? request.principal.name : null,
        'entity.name': ticket.entityName,
      };
      const responses = await listCannedResponses(db, { entity: ticket.entity, ...(lang ? { lang } : {}) });
      return { items: responses.map((r) => ({ id: r.id, title: r.title, lang: r.lang, text: renderCanned(r.body, values) })) };
    },
  );
}
