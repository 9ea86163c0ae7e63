import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, type Permission } from '../accounts/access.js';
import { allEntityIds } from '../entities/entities.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { actorOf, listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { listAssignees } from './assignees.js';
import { mergeTickets } from './merge.js';
import { addNote } from './notes.js';
import { existingTicketDetail } from './routes.js';
import { ticketParams } from './schemas.js';
import { normalizeTags, setTicketTags, tagCounts } from './tags.js';
import { PRIORITIES, TICKET_STATUSES } from './ticket.js';
import { bulkUpdate, claimTicket, updateTicket, type BulkAction } from './workflow.js';

const patchBody = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    assigneeId: z.number().int().positive().nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one of status, priority, assigneeId');

const noteBody = z.object({ text: z.string().trim().min(1, 'text is empty').max(10_000) });
const tagsBody = z.object({ tags: z.array(z.string().max(200)).max(100) });
const entityQuery = z.object({ entity: z.string().min(1).optional() });
const mergeBody = z.object({ sourceId: z.number().int().positive() });

const bulkBody = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(200),
  action: z.discriminatedUnion('type', [
    z.object({ type: z.literal('assign'), assigneeId: z.number().int().positive().nullable() }),
    z.object({ type: z.literal('tag'), tags: z.array(z.string().max(200)).min(1).max(20) }),
    z.object({ type: z.literal('close') }),
  ]),
});

const TAGS = ['ticket workflow'];

/** The 409 of a change to a ticket that was merged into another one. */
function mergedConflict(id: number, into: number) {
  return conflict(`ticket ${id} was merged into ticket ${into}`, { mergedInto: into });
}

export function registerTicketWorkflowRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { db } = runtime;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.patch(
    '/api/tickets/:id',
    {
      schema: { summary: 'Change status, priority or assignee', tags: TAGS, params: ticketParams, body: patchBody },
      // What may be changed depends on the body (status and priority: tickets.work; assignee:
      // tickets.assign): the hook checks the ticket can be seen, the handler the rest.
      config: { access: { permission: 'tickets.read', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const { status, priority, assigneeId } = request.body;
      const entity = request.subjectEntity!;
      const needs: Permission[] = [];
      if (status !== undefined || priority !== undefined) needs.push('tickets.work');
      if (assigneeId !== undefined) needs.push('tickets.assign');
      for (const act of needs) if (!can(request.principal, act, entity)) throw forbidden(`${act} is not allowed for entity ${entity}`);
      const change = {
        ...(status !== undefined ? { status } : {}),
        ...(priority !== undefined ? { priority } : {}),
        ...(assigneeId !== undefined ? { assigneeId } : {}),
      };
      const outcome = await updateTicket(db, { ticketId: id, change, actor: actorOf(request) });
      if (outcome.status === 'not_found') throw notFound(`ticket ${id}`);
      if (outcome.status === 'merged') throw mergedConflict(id, outcome.into);
      if (outcome.status === 'invalid_assignee') throw badRequest(`assigneeId: not an active user of entity ${entity}`);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.post(
    '/api/tickets/:id/claim',
    {
      schema: { summary: 'Take a ticket: assign it to me (409 when someone else has it)', tags: TAGS, params: ticketParams },
      config: { access: { permission: 'tickets.assign', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const principal = request.principal;
      if (principal?.kind !== 'user') throw badRequest('only a logged-in user can claim a ticket');
      const outcome = await claimTicket(db, { ticketId: id, userId: principal.userId, actor: actorOf(request) });
      if (outcome.status === 'not_found') throw notFound(`ticket ${id}`);
      if (outcome.status === 'merged') throw mergedConflict(id, outcome.into);
      if (outcome.status === 'taken') throw conflict(`${outcome.assignee.name} is already working on this ticket`, { assignee: outcome.assignee });
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.post(
    '/api/tickets/:id/notes',
    {
      schema: { summary: 'Add an internal note (never sent to the platform)', tags: TAGS, params: ticketParams, body: noteBody },
      config: { access: { permission: 'tickets.note', subject: { kind: 'ticket' } } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const principal = request.principal;
      const author = principal?.kind === 'user' ? { id: principal.userId, name: principal.name } : { id: null, name: actorOf(request) };
      const note = await addNote(db, { ticketId: id, author, text: request.body.text, actor: actorOf(request) });
      if (!note) throw notFound(`ticket ${id}`);
      return reply.code(201).send(note);
    },
  );

  api.put(
    '/api/tickets/:id/tags',
    {
      schema: { summary: 'Replace the tags of a ticket', tags: TAGS, params: ticketParams, body: tagsBody },
      config: { access: { permission: 'tickets.work', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const normalized = normalizeTags(request.body.tags);
      if ('problem' in normalized) throw badRequest(`tags: ${normalized.problem}`);
      const outcome = await setTicketTags(db, { ticketId: id, tags: normalized.tags, actor: actorOf(request) });
      if (outcome.status === 'not_found') throw notFound(`ticket ${id}`);
      if (outcome.status === 'merged') throw mergedConflict(id, outcome.into);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.get(
    '/api/tags',
    {
      schema: { summary: 'Tags in use within my entities, with counts', tags: TAGS, querystring: entityQuery },
      config: { access: { list: 'tickets.read' } },
    },
    async (request) => {
      const { entity } = request.query;
      const entities = listScope(request, 'tickets.read');
      return { items: await tagCounts(db, { ...(entities ? { entities } : {}), ...(entity ? { entity } : {}) }) };
    },
  );

  api.get(
    '/api/assignees',
    {
      schema: { summary: 'Who tickets of my entities can be assigned to (names, no e-mail)', tags: TAGS, querystring: entityQuery },
      // A role that may not assign (a coordinator) gets an empty list, not 403.
      config: { access: { list: 'tickets.assign' } },
    },
    async (request) => {
      const { entity } = request.query;
      const scope = listScope(request, 'tickets.assign');
      const all = scope ?? (await allEntityIds(db));
      const entities = entity ? all.filter((e) => e === entity) : all;
      return { items: await listAssignees(db, entities) };
    },
  );

  api.post(
    '/api/tickets/:id/merge',
    {
      schema: { summary: 'Merge another ticket of the same person into this one', tags: TAGS, params: ticketParams, body: mergeBody },
      config: { access: { permission: 'tickets.work', subject: { kind: 'ticket' } } },
    },
    async (request) => {
      const { id } = request.params;
      const { sourceId } = request.body;
      const outcome = await mergeTickets(db, {
        targetId: id,
        sourceId,
        actor: actorOf(request),
        canSee: (entityId) => can(request.principal, 'tickets.read', entityId),
      });
      if (outcome.status === 'not_found') throw notFound(`ticket ${outcome.which === 'target' ? id : sourceId}`);
      if (outcome.status === 'conflict') throw conflict(outcome.reason);
      return existingTicketDetail(runtime, id, request);
    },
  );

  api.post(
    '/api/tickets/bulk',
    {
      schema: { summary: 'Assign, tag or close many tickets at once', tags: TAGS, body: bulkBody },
      // Each ticket is checked on its own (not found / forbidden are reported per id, not as the answer).
      config: { access: { permission: 'tickets.read' } },
    },
    async (request) => {
      const { ids } = request.body;
      let action: BulkAction = request.body.action;
      if (action.type === 'tag') {
        const normalized = normalizeTags(action.tags);
        if ('problem' in normalized) throw badRequest(`action.tags: ${normalized.problem}`);
        action = { type: 'tag', tags: normalized.tags };
      }
      const act: Permission = action.type === 'assign' ? 'tickets.assign' : 'tickets.work';
      return bulkUpdate(db, {
        ids,
        action,
        actor: actorOf(request),
        access: (entityId) => (!can(request.principal, 'tickets.read', entityId) ? 'not_found' : can(request.principal, act, entityId) ? 'ok' : 'forbidden'),
      });
    },
  );
}
