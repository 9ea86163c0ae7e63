import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict, HttpError, notFound } from '../http/errors.js';
import { CASE_STATES, DECLINE_GROUNDS, OUTCOMES, RESOLUTIONS, type CaseAction } from './procedure.js';
import { listLetters, performStepSentElsewhere } from './letters.js';
import { registerLetterRoutes } from './letter-routes.js';
import { updateTicket } from '../tickets/workflow.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import type { Runtime } from '../runtime.js';
import { caseAuditTrail, complaintEntity, getCase, listCases, performCaseAction, type ComplaintCase } from './cases.js';
import { LETTER_STEPS } from './letter-texts.js';
import { retagTicket } from '../tickets/retag.js';
import { getTicket } from '../tickets/tickets.js';
import { actorOf, listScope } from '../http/guard.js';
import { caseDetailWire, caseListWire, codes, complaintCaseWire, suggestedDetailsWire } from './wire.js';
import { suggestDetails } from './detail-suggestions.js';
import { citizenPrivateMessages } from './sql.js';
import { ROLE_PERMISSIONS } from '../accounts/access.js';
import { listUsers } from '../accounts/users.js';

const listQuery = z.object({
  entity: z.string().min(1).optional(),
  state: z.enum(codes(CASE_STATES)).optional(),
  due: z.enum(['due_soon', 'overdue', 'this_week']).optional(),
  q: z.string().trim().max(200).optional(),
  handler: z.string().trim().min(1).max(300).optional(),
  theme: z.string().trim().min(1).max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const caseParams = z.object({ id: z.coerce.number().int().positive() });

const intake = z.strictObject({
  name: z.string().trim().min(1).max(300).optional(),
  address: z.string().trim().min(1).max(500).optional(),
  email: z.email().optional(),
  facts: z.string().trim().min(1).max(20_000).optional(),
});

/** A step that speaks to the citizen is taken by sending its letter; here only when it went out another way, said how. */
const sentElsewhere = z.string().trim().min(1).max(500).optional();

const action = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('request_details'), sentElsewhere }),
  z.strictObject({ type: z.literal('details_received'), details: intake }),
  z.strictObject({ type: z.literal('decline'), ground: z.enum(codes(DECLINE_GROUNDS)), motivation: z.string().trim().min(1).max(5000), sentElsewhere }),
  z.strictObject({ type: z.literal('acknowledge'), handler: z.string().trim().min(1), sentElsewhere }),
  z.strictObject({ type: z.literal('assign_handler'), handler: z.string().trim().min(1) }),
  z.strictObject({ type: z.literal('mark_involved'), staff: z.array(z.string().trim().min(1)).min(1) }),
  z.strictObject({ type: z.literal('start_investigation') }),
  z.strictObject({ type: z.literal('resolve_by_agreement'), resolution: z.enum(codes(RESOLUTIONS)) }),
  z.strictObject({
    type: z.literal('decide'),
    outcome: z.enum(codes(OUTCOMES)),
    resolution: z.enum(codes(RESOLUTIONS)),
    ombudsNorms: z.array(z.string()).default([]),
    theme: z.string().trim().min(1).optional(),
  }),
  z.strictObject({ type: z.literal('answer'), sentElsewhere }),
  /** resolveTicket: the ticket is resolved with the case (the case page offers it). */
  z.strictObject({ type: z.literal('close'), resolveTicket: z.boolean().optional() }),
  z.strictObject({ type: z.literal('escalate'), why: z.string().trim().min(1).max(5000) }),
]);

const notAComplaint = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  category: z.enum(['question', 'dissatisfaction', 'other']).default('dissatisfaction'),
});

const TAGS = ['complaint cases'];

/** A refused step of the procedure: 404 when the case went away, 409 (or 422) when its state does not allow it. */
function refusedAction(outcome: { status: 404 | 409 | 422; error: string }): HttpError {
  return new HttpError(outcome.status, outcome.status === 404 ? 'not_found' : 'conflict', outcome.error);
}

/** The entity's active users who may take steps in its cases (cases.act): whom the handler is picked from. */
async function possibleHandlers(runtime: Runtime, entity: string): Promise<Array<{ name: string; email: string }>> {
  const users = await listUsers(runtime.db, [entity]);
  return users
    .filter((user) => !user.disabled && ROLE_PERMISSIONS[user.role].includes('cases.act'))
    .map((user) => ({ name: user.name, email: user.email }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Coordinators' side: complaint cases with their legal terms, the procedure's steps, the annual report. */
export function registerCaseRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.defineSubject('case', { see: 'cases.read', entityOf: (id) => complaintEntity(runtime.db, Number(id)), label: (id) => `complaint case ${id}` });
  const api = app.withTypeProvider<ZodTypeProvider>();
  registerLetterRoutes(app, runtime);

  api.get(
    '/api/cases',
    {
      schema: { summary: 'Complaint cases of my entities with their legal terms, nearest open term first; search (q) and filter on state, handler, theme, entity, due soon/overdue/this week', tags: TAGS, querystring: listQuery, response: { 200: caseListWire } },
      config: { access: { list: 'cases.read' } },
    },
    async (request) => {
      const entities = listScope(request, 'cases.read');
      return listCases(runtime.db, { ...request.query, ...(entities ? { entities } : {}) }, runtime.now());
    },
  );

  api.get(
    '/api/cases/:id',
    {
      schema: { summary: 'One complaint case: state, terms, decisions, audit trail', tags: TAGS, params: caseParams, response: { 200: caseDetailWire } },
      config: { access: { permission: 'cases.read', subject: { kind: 'case' } } },
    },
    async (request) => {
      const found = await existingCase(runtime, request.params.id);
      return {
        ...found,
        audit: await caseAuditTrail(runtime.db, found.id),
        ticket: await getTicket(runtime.db, found.ticketId, runtime.now()),
        handlers: await possibleHandlers(runtime, found.entity),
        letters: await listLetters(runtime, found.id),
      };
    },
  );

  api.post(
    '/api/cases/:id/actions',
    {
      schema: { summary: 'Take a step of the complaint procedure (refused with 409 when the state does not allow it)', tags: TAGS, params: caseParams, body: action, response: { 200: complaintCaseWire } },
      config: { access: { permission: 'cases.act', subject: { kind: 'case' } } },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const actor = actorOf(request);
      if ('sentElsewhere' in body || LETTER_STEPS.includes(body.type)) {
        const { sentElsewhere: how, ...step } = body as typeof body & { sentElsewhere?: string };
        if (!how) throw conflict(`this step speaks to the citizen: send its letter (POST /api/cases/${id}/letters), or say how it was sent outside the app (sentElsewhere)`, { code: 'letter_needed' });
        const outcome = await performStepSentElsewhere(runtime, id, step as CaseAction, how, actor);
        if (!outcome.ok) throw refusedAction(outcome);
        return outcome.case;
      }
      const { resolveTicket, ...step } = body as typeof body & { resolveTicket?: boolean };
      const outcome = await performCaseAction(runtime.db, id, step as CaseAction, actor, runtime.now());
      if (!outcome.ok) throw refusedAction(outcome);
      if (resolveTicket) await updateTicket(runtime.db, { ticketId: outcome.case.ticketId, change: { status: 'resolved' }, actor });
      return outcome.case;
    },
  );

  // Suggestions only: the coordinator confirms them by saving the intake form; nothing is stored here.
  api.get(
    '/api/cases/:id/suggested-details',
    {
      schema: {
        summary: 'Details (name, address, e-mail, phone) suggested by the citizen’s private messages since the case was received, newest first; nothing is stored',
        tags: TAGS,
        params: caseParams,
        response: { 200: suggestedDetailsWire },
      },
      config: { access: { permission: 'cases.read', subject: { kind: 'case' } } },
    },
    async (request) => {
      const found = await existingCase(runtime, request.params.id);
      const messages = await citizenPrivateMessages(runtime.db, found.id);
      const items = messages
        .map((message) => ({ messageId: message.id, sentAt: message.sent_at, ...suggestDetails(message.text) }))
        .filter((item) => item.name ?? item.address ?? item.email ?? item.phone);
      return { items };
    },
  );

  // The citizen's details, e.g. from the entity's complaint form or copied from a private message.
  api.post(
    '/api/cases/:id/intake',
    {
      schema: { summary: 'Record the complainant’s details (name, address, e-mail, facts)', tags: TAGS, params: caseParams, body: intake, response: { 200: complaintCaseWire } },
      config: { access: { permission: 'cases.act', subject: { kind: 'case' } } },
    },
    async (request) => {
      const outcome = await performCaseAction(runtime.db, request.params.id, { type: 'details_received', details: request.body }, actorOf(request), runtime.now());
      if (!outcome.ok) throw refusedAction(outcome);
      return outcome.case;
    },
  );

  // A coordinator decides a routed ticket is not a complaint: it returns to the agents' queue and
  // the re-tag is kept as a classifier correction.
  api.post(
    '/api/cases/:id/not-a-complaint',
    {
      schema: { summary: 'Not a complaint after all: withdraw the case and re-tag the ticket', tags: TAGS, params: caseParams, body: notAComplaint, response: { 200: complaintCaseWire } },
      config: { access: { permission: 'cases.act', subject: { kind: 'case' } } },
    },
    async (request) => {
      const { id } = request.params;
      const found = await existingCase(runtime, id);
      const outcome = await retagTicket(runtime.db, { ticketId: found.ticketId, category: request.body.category, actor: actorOf(request), reason: request.body.reason });
      if (outcome.status === 'too_late') throw conflict(`the case is already ${outcome.complaintStatus}`);
      if (outcome.status === 'retagged') await dispatchCommitted(runtime, outcome.outboxIds);
      return existingCase(runtime, id);
    },
  );
}

/** The case of a route that passed the access hook; 404 when it went away in between. */
async function existingCase(runtime: Runtime, id: number): Promise<ComplaintCase> {
  const found = await getCase(runtime.db, id, runtime.now());
  if (!found) throw notFound(`complaint case ${id}`);
  return found;
}
