import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { doc } from '../http/openapi.js';
import { CASE_STATES, DECLINE_GROUNDS, OUTCOMES, RESOLUTIONS, type CaseAction } from './procedure.js';
import { dispatchCommitted } from '../queue/dispatch.js';
import { buildAnnualReport } from '../reports/annual-report.js';
import { toCsv, toJson, toXlsx } from '../reports/report-writers.js';
import type { Runtime } from '../runtime.js';
import { caseAuditTrail, getCase, listCases, performCaseAction, complaintEntity } from './cases.js';
import { loadReportCases } from '../reports/sql.js';
import { retagTicket } from '../tickets/retag.js';
import { getTicket } from '../tickets/tickets.js';
import { actorOf, allowSubject, listScope } from '../http/guard.js';

const codes = <T extends { code: string }>(list: readonly T[]) => list.map((item) => item.code) as [T['code'], ...Array<T['code']>];

const listQuery = z.object({
  entity: z.string().min(1).optional(),
  state: z.enum(codes(CASE_STATES)).optional(),
  due: z.enum(['due_soon', 'overdue']).optional(),
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

const action = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('request_details') }),
  z.strictObject({ type: z.literal('details_received'), details: intake }),
  z.strictObject({ type: z.literal('decline'), ground: z.enum(codes(DECLINE_GROUNDS)), motivation: z.string().trim().min(1).max(5000) }),
  z.strictObject({ type: z.literal('acknowledge'), handler: z.string().trim().min(1) }),
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
  z.strictObject({ type: z.literal('answer') }),
  z.strictObject({ type: z.literal('close') }),
  z.strictObject({ type: z.literal('escalate'), why: z.string().trim().min(1).max(5000) }),
]);

const notAComplaint = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  category: z.enum(['question', 'dissatisfaction', 'other']).default('dissatisfaction'),
});

const reportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  entity: z.string().min(1).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

const TAGS = ['complaint cases'];

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issue = error.issues[0]!;
  return reply.code(400).send({ error: 'bad_request', message: `${issue.path.join('.') || 'request'}: ${issue.message}` });
}

/** Coordinators' side: complaint cases with their legal terms, the procedure's steps, the annual report. */
async function caseEntity(runtime: Runtime, id: number): Promise<string | undefined> {
  return complaintEntity(runtime.db, id);
}

export function registerCaseRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/cases', { schema: doc({ summary: 'Complaint cases of my entities with their legal terms; filter on state or due soon/overdue', tags: TAGS, querystring: listQuery }) }, async (request, reply) => {
    const query = listQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const entities = listScope(request, 'cases.read');
    return listCases(runtime.db, { ...query.data, ...(entities ? { entities } : {}) }, runtime.now());
  });

  app.get('/api/cases/:id', { schema: doc({ summary: 'One complaint case: state, terms, decisions, audit trail', tags: TAGS, params: caseParams }) }, async (request, reply) => {
    const params = caseParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const found = await getCase(runtime.db, params.data.id, runtime.now());
    if (!allowSubject(request, reply, { see: 'cases.read' }, found?.entity, `complaint case ${params.data.id}`)) return reply;
    return { ...found!, audit: await caseAuditTrail(runtime.db, found!.id), ticket: await getTicket(runtime.db, found!.ticketId, runtime.now()) };
  });

  app.post('/api/cases/:id/actions', { schema: doc({ summary: 'Take a step of the complaint procedure (refused with 409 when the state does not allow it)', tags: TAGS, params: caseParams, body: action }) }, async (request, reply) => {
    const params = caseParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = action.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    if (!allowSubject(request, reply, { see: 'cases.read', act: 'cases.act' }, await caseEntity(runtime, params.data.id), `complaint case ${params.data.id}`)) return reply;
    const outcome = await performCaseAction(runtime.db, params.data.id, body.data as CaseAction, actorOf(request), runtime.now());
    if (!outcome.ok) return reply.code(outcome.status).send({ error: outcome.status === 404 ? 'not_found' : 'conflict', message: outcome.error });
    return outcome.case;
  });

  // The citizen's details, e.g. from the entity's complaint form or copied from a private message.
  app.post('/api/cases/:id/intake', { schema: doc({ summary: 'Record the complainant’s details (name, address, e-mail, facts)', tags: TAGS, params: caseParams, body: intake }) }, async (request, reply) => {
    const params = caseParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = intake.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    if (!allowSubject(request, reply, { see: 'cases.read', act: 'cases.act' }, await caseEntity(runtime, params.data.id), `complaint case ${params.data.id}`)) return reply;
    const outcome = await performCaseAction(runtime.db, params.data.id, { type: 'details_received', details: body.data }, actorOf(request), runtime.now());
    if (!outcome.ok) return reply.code(outcome.status).send({ error: outcome.status === 404 ? 'not_found' : 'conflict', message: outcome.error });
    return outcome.case;
  });

  // A coordinator decides a routed ticket is not a complaint: it returns to the agents' queue and
  // the re-tag is kept as a classifier correction.
  app.post('/api/cases/:id/not-a-complaint', { schema: doc({ summary: 'Not a complaint after all: withdraw the case and re-tag the ticket', tags: TAGS, params: caseParams, body: notAComplaint }) }, async (request, reply) => {
    const params = caseParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const body = notAComplaint.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const found = await getCase(runtime.db, params.data.id, runtime.now());
    if (!allowSubject(request, reply, { see: 'cases.read', act: 'cases.act' }, found?.entity, `complaint case ${params.data.id}`)) return reply;
    const outcome = await retagTicket(runtime.db, { ticketId: found!.ticketId, category: body.data.category, actor: actorOf(request), reason: body.data.reason });
    if (outcome.status === 'too_late') return reply.code(409).send({ error: 'conflict', message: `the case is already ${outcome.complaintStatus}` });
    if (outcome.status === 'retagged') await dispatchCommitted(runtime, outcome.outboxIds);
    return getCase(runtime.db, params.data.id, runtime.now());
  });

  app.get('/api/reports/complaints', { schema: doc({ summary: 'Annual complaints report for the Vlaamse Ombudsdienst (JSON, CSV or XLSX)', tags: ['reports'], querystring: reportQuery }) }, async (request, reply) => {
    const query = reportQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const { year, format } = query.data;
    // A user's report covers one of their entities; the machine token may ask for all.
    const scope = listScope(request, 'reports.read');
    const entity = query.data.entity ?? (scope?.length === 1 ? scope[0] : undefined);
    if (scope && (!entity || !scope.includes(entity))) {
      return reply.code(entity ? 404 : 400).send({ error: entity ? 'not_found' : 'bad_request', message: entity ? `entity ${entity} not found` : 'entity: choose one of your entities' });
    }
    const report = buildAnnualReport(await loadReportCases(runtime.db, year, entity), { year, generatedAt: runtime.now(), ...(entity ? { entity } : {}) });
    const name = `klachten-${year}${entity ? `-${entity}` : ''}`;
    if (format === 'json') return reply.type('application/json').send(toJson(report));
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(report));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(await toXlsx(report));
  });
}
