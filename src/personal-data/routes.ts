import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, notFound } from '../http/errors.js';
import { actorOf } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { auditExport, contactSummary, erasurePreview, eraseContact, exportContact, getRetention, resolveContact, setRetention } from './actions.js';
import { contactSummaryWire, erasureCountsWire, retentionWire } from './wire.js';

const TAGS = ['personal data'];

const contactParams = z.object({ entity: z.string().min(1).max(200), contactId: z.coerce.number().int().positive() });
const entityParams = z.object({ id: z.string().min(1).max(200) });
// The entity of the URL is the subject: a contact's data is always looked at within one entity.
const inEntity = { kind: 'entity', key: 'entity' } as const;

/**
 * A contact's page, the export of their data, its erasure (issue 17), and the entity's retention
 * settings. Export: coordinators and admins (contacts.export); erasure: admins (contacts.erase),
 * after a confirmation that names what goes.
 */
export function registerPersonalDataRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const resolved = async (params: z.infer<typeof contactParams>) => {
    const found = await resolveContact(runtime.db, { contactId: params.contactId, entityId: params.entity });
    if (!found) throw notFound(`contact ${params.contactId}`);
    return found;
  };

  api.get(
    '/api/entities/:entity/contacts/:contactId',
    {
      schema: { summary: 'A contact within an entity: who, their tickets there, earlier erasures', tags: TAGS, params: contactParams, response: { 200: contactSummaryWire } },
      config: { access: { permission: 'tickets.read', subject: inEntity } },
    },
    async (request) => contactSummary(runtime.db, await resolved(request.params)),
  );

  api.get(
    '/api/entities/:entity/contacts/:contactId/export',
    {
      schema: { summary: 'Everything stored about a contact in the entity, as one JSON file (GDPR access)', tags: TAGS, params: contactParams },
      config: { access: { permission: 'contacts.export', subject: inEntity } },
    },
    async (request, reply) => {
      const found = await resolved(request.params);
      const document = await exportContact(runtime.db, found, runtime.now());
      await auditExport(runtime.db, found, actorOf(request));
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="contact-${found.contact.id}-${found.scope.entityId.replace(/[^a-z0-9-]/gi, '')}.json"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(document, null, 2));
    },
  );

  api.get(
    '/api/entities/:entity/contacts/:contactId/erasure',
    {
      schema: { summary: 'What erasing the contact in the entity would remove, counted', tags: TAGS, params: contactParams, response: { 200: erasureCountsWire } },
      config: { access: { permission: 'contacts.erase', subject: inEntity } },
    },
    async (request) => erasurePreview(runtime, await resolved(request.params)),
  );

  api.post(
    '/api/entities/:entity/contacts/:contactId/erasure',
    {
      schema: {
        summary: "Erase the contact's personal data in the entity (a tombstone keeps the counts)",
        tags: TAGS,
        params: contactParams,
        body: z.strictObject({ confirm: z.literal(true) }),
        response: { 200: erasureCountsWire },
      },
      config: { access: { permission: 'contacts.erase', subject: inEntity } },
    },
    async (request) => eraseContact(runtime, await resolved(request.params), actorOf(request)),
  );

  api.get(
    '/api/entities/:id/retention',
    {
      schema: { summary: "How long the entity keeps citizens' data", tags: TAGS, params: entityParams, response: { 200: retentionWire } },
      config: { access: { permission: 'tickets.read', subject: { kind: 'entity' } } },
    },
    async (request) => {
      const retention = await getRetention(runtime.db, request.params.id);
      if (!retention) throw notFound(`entity ${request.params.id}`);
      return retention;
    },
  );

  api.put(
    '/api/entities/:id/retention',
    {
      schema: { summary: "Change how long the entity keeps citizens' data", tags: TAGS, params: entityParams, body: retentionWire.strict(), response: { 200: retentionWire } },
      config: { access: { permission: 'entities.manage', subject: { kind: 'entity' } } },
    },
    async (request) => {
      if (!(await setRetention(runtime.db, request.params.id, request.body, actorOf(request)))) throw badRequest(`entity ${request.params.id} was not changed`);
      return (await getRetention(runtime.db, request.params.id))!;
    },
  );
}
