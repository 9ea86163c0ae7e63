import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allEntityIds } from '../entities/entities.js';
import { badRequest, notFound } from '../http/errors.js';
import { listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { buildAnnualReport } from './annual-report.js';
import { toCsv, toJson, toXlsx } from './report-writers.js';
import { loadDashboard, loadReportCases } from './sql.js';
import { dashboardWire } from './wire.js';

const TAGS = ['reports'];

const reportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  entity: z.string().min(1).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

const dashboardQuery = z.object({
  entity: z.string().min(1).max(200).optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

/**
 * The dashboard (volume, response and resolution medians, complaint deadlines: counts only, no
 * content) for everyone who works an entity's tickets, and the annual complaints report.
 */
export function registerReportRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/dashboard',
    {
      schema: {
        summary:
          'Dashboard: volume per day, platform and category; median first-response and resolution times; open complaints by legal deadline; open tickets and those past their SLA',
        tags: TAGS,
        querystring: dashboardQuery,
        response: { 200: dashboardWire },
      },
      // One entity when named (404 when it is not the caller's), else every entity of the caller.
      config: { access: { permission: 'tickets.read', subject: { kind: 'entity', in: 'querystring', key: 'entity', optional: true } } },
    },
    async (request) => {
      const { entity, days } = request.query;
      if (entity !== undefined) return loadDashboard(runtime.db, [entity], days, runtime.now());
      const entities = listScope(request, 'tickets.read') ?? (await allEntityIds(runtime.db));
      return loadDashboard(runtime.db, entities, days, runtime.now());
    },
  );

  // A user's report covers one of their entities (404 for another one, 400 when it must choose); the machine token may ask for all.
  api.get(
    '/api/reports/complaints',
    {
      schema: { summary: 'Annual complaints report for the Vlaamse Ombudsdienst (JSON, CSV or XLSX)', tags: TAGS, querystring: reportQuery },
      config: { access: { list: 'reports.read' } },
    },
    async (request, reply) => {
      const { year, format } = request.query;
      const scope = listScope(request, 'reports.read');
      const entity = request.query.entity ?? (scope?.length === 1 ? scope[0] : undefined);
      if (scope && !entity) throw badRequest('entity: choose one of your entities');
      if (scope && entity && !scope.includes(entity)) throw notFound(`entity ${entity}`);
      const report = buildAnnualReport(await loadReportCases(runtime.db, year, entity), { year, generatedAt: runtime.now(), ...(entity ? { entity } : {}) });
      const name = `klachten-${year}${entity ? `-${entity}` : ''}`;
      if (format === 'json') return reply.type('application/json').send(toJson(report));
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(report));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await toXlsx(report));
    },
  );
}
