import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can, type Permission } from '../accounts/access.js';
import { PRIORITIES, TICKET_STATUSES } from './ticket.js';
import type { Runtime } from '../runtime.js';
import { mergeTickets } from './merge.js';
import { addNote } from './notes.js';
import { normalizeTags, setTicketTags, tagCounts } from './tags.js';
import { bulkUpdate, claimTicket, updateTicket, type BulkAction } from './workflow.js';
import { listAssignees } from './assignees.js';
import { ticketEntity } from './tickets.js';
import { actorOf, allowSubject, listScope } from '../http/guard.js';
import { doc } from '../http/openapi.js';
import { badRequest } from '../http/legacy-errors.js';
import { ticketDetail } from './detail.js';
import { ticketParams } from './schemas.js';
import { allEntityIds } from '../entities/entities.js';

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
const tagsQuery = z.object({ entity: z.string().min(1).optional() });
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

function notFound(id: number) {
  return { error: 'not_found', message: `ticket ${id} not found` };
}

function mergedConflict(id: number, into: number) {
  return { error: 'conflict', message: `ticket ${id} was merged into ticket ${into}`, mergedInto: into };
}

export function registerTicketWorkflowRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { db } = runtime;

  app.patch('/api/tickets/:id', { schema: doc({ summary: 'Change status, priority or assignee', tags: TAGS, params: ticketParams, body: patchBody }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = patchBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const { id } = params.data;
    const entity = await ticketEntity(db, id);
    const needs: Permission[] = [];
    if (body.data.status !== undefined || body.data.priority !== undefined) needs.push('tickets.work');
    if (body.data.assigneeId !== undefined) needs.push('tickets.assign');
    for (const act of needs) if (!allowSubject(request, reply, { see: 'tickets.read', act }, entity, `ticket ${id}`)) return reply;
    const change = {
      ...(body.data.status !== undefined ? { status: body.data.status } : {}),
      ...(body.data.priority !== undefined ? { priority: body.data.priority } : {}),
      ...(body.data.assigneeId !== undefined ? { assigneeId: body.data.assigneeId } : {}),
    };
    const outcome = await updateTicket(db, { ticketId: id, change, actor: actorOf(request) });
    if (outcome.status === 'not_found') return reply.code(404).send(notFound(id));
    if (outcome.status === 'merged') return reply.code(409).send(mergedConflict(id, outcome.into));
    if (outcome.status === 'invalid_assignee') {
      return reply.code(400).send({ error: 'bad_request', message: `assigneeId: not an active user of entity ${entity}` });
    }
    return ticketDetail(runtime, id);
  });

  app.post('/api/tickets/:id/claim', { schema: doc({ summary: 'Take a ticket: assign it to me (409 when someone else has it)', tags: TAGS, params: ticketParams }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const { id } = params.data;
    const entity = await ticketEntity(db, id);
    if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.assign' }, entity, `ticket ${id}`)) return reply;
    const principal = request.principal;
    if (principal?.kind !== 'user') return reply.code(400).send({ error: 'bad_request', message: 'only a logged-in user can claim a ticket' });
    const outcome = await claimTicket(db, { ticketId: id, userId: principal.userId, actor: actorOf(request) });
    if (outcome.status === 'not_found') return reply.code(404).send(notFound(id));
    if (outcome.status === 'merged') return reply.code(409).send(mergedConflict(id, outcome.into));
    if (outcome.status === 'taken') {
      return reply.code(409).send({ error: 'conflict', message: `${outcome.assignee.name} is already working on this ticket`, assignee: outcome.assignee });
    }
    return ticketDetail(runtime, id);
  });

  app.post('/api/tickets/:id/notes', { schema: doc({ summary: 'Add an internal note (never sent to the platform)', tags: TAGS, params: ticketParams, body: noteBody }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = noteBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const { id } = params.data;
    const entity = await ticketEntity(db, id);
    if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.note' }, entity, `ticket ${id}`)) return reply;
    const principal = request.principal;
    const author = principal?.kind === 'user' ? { id: principal.userId, name: principal.name } : { id: null, name: actorOf(request) };
    const note = await addNote(db, { ticketId: id, author, text: body.data.text, actor: actorOf(request) });
    if (!note) return reply.code(404).send(notFound(id));
    return reply.code(201).send(note);
  });

  app.put('/api/tickets/:id/tags', { schema: doc({ summary: 'Replace the tags of a ticket', tags: TAGS, params: ticketParams, body: tagsBody }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = tagsBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const { id } = params.data;
    const entity = await ticketEntity(db, id);
    if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.work' }, entity, `ticket ${id}`)) return reply;
    const normalized = normalizeTags(body.data.tags);
    if ('problem' in normalized) return reply.code(400).send({ error: 'bad_request', message: `tags: ${normalized.problem}` });
    const outcome = await setTicketTags(db, { ticketId: id, tags: normalized.tags, actor: actorOf(request) });
    if (outcome.status === 'not_found') return reply.code(404).send(notFound(id));
    if (outcome.status === 'merged') return reply.code(409).send(mergedConflict(id, outcome.into));
    return ticketDetail(runtime, id);
  });

  app.get('/api/tags', { schema: doc({ summary: 'Tags in use within my entities, with counts', tags: TAGS, querystring: tagsQuery }) }, async (request, reply) => {
    const query = tagsQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const entities = listScope(request, 'tickets.read');
    return { items: await tagCounts(db, { ...(entities ? { entities } : {}), ...(query.data.entity ? { entity: query.data.entity } : {}) }) };
  });

  app.get('/api/assignees', { schema: doc({ summary: 'Who tickets of my entities can be assigned to (names, no e-mail)', tags: TAGS, querystring: tagsQuery }) }, async (request, reply) => {
    const query = tagsQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const scope = listScope(request, 'tickets.assign');
    const all = scope ?? (await allEntityIds(db));
    const entities = query.data.entity ? all.filter((e) => e === query.data.entity) : all;
    return { items: await listAssignees(db, entities) };
  });

  app.post('/api/tickets/:id/merge', { schema: doc({ summary: 'Merge another ticket of the same person into this one', tags: TAGS, params: ticketParams, body: mergeBody }) }, async (request, reply) => {
    const params = ticketParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = mergeBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const { id } = params.data;
    const entity = await ticketEntity(db, id);
    if (!allowSubject(request, reply, { see: 'tickets.read', act: 'tickets.work' }, entity, `ticket ${id}`)) return reply;
    const outcome = await mergeTickets(db, {
      targetId: id,
      sourceId: body.data.sourceId,
      actor: actorOf(request),
      canSee: (entityId) => can(request.principal, 'tickets.read', entityId),
    });
    if (outcome.status === 'not_found') return reply.code(404).send(notFound(outcome.which === 'target' ? id : body.data.sourceId));
    if (outcome.status === 'conflict') return reply.code(409).send({ error: 'conflict', message: outcome.reason });
    return ticketDetail(runtime, id);
  });

  app.post('/api/tickets/bulk', { schema: doc({ summary: 'Assign, tag or close many tickets at once', tags: TAGS, body: bulkBody }) }, async (request, reply) => {
    const body = bulkBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    let action: BulkAction = body.data.action;
    if (action.type === 'tag') {
      const normalized = normalizeTags(action.tags);
      if ('problem' in normalized) return reply.code(400).send({ error: 'bad_request', message: `action.tags: ${normalized.problem}` });
      action = { type: 'tag', tags: normalized.tags };
    }
    const act: Permission = action.type === 'assign' ? 'tickets.assign' : 'tickets.work';
    return bulkUpdate(db, {
      ids: body.data.ids,
      action,
      actor: actorOf(request),
      access: (entityId) => (!can(request.principal, 'tickets.read', entityId) ? 'not_found' : can(request.principal, act, entityId) ? 'ok' : 'forbidden'),
    });
  });
}
