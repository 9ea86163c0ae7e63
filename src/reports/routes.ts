import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allEntityIds, listEntities } from '../entities/entities.js';
import { notFound } from '../http/errors.js';
import { listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { buildAnnualReport } from './annual-report.js';
import { toPdf } from './report-pdf.js';
import { toCsv, toJson, toXlsx } from './report-writers.js';
import { loadDashboard, loadReportCases } from './sql.js';
import { classifierReportWire, dashboardWire } from './wire.js';
import { loadClassifierReport } from './classifier-report.js';

const TAGS = ['reports'];

/** `entity=a&entity=b` or `entity=a,b`: the entities of one report, without repeats. */
const entityList = z
  .union([z.string(), z.array(z.string()).max(200)])
  .optional()
  .transform((value) => {
    if (value === undefined) return undefined;
    const ids = (Array.isArray(value) ? value : [value]).flatMap((text) => text.split(',')).map((id) => id.trim()).filter(Boolean);
    return ids.length ? [...new Set(ids)] : undefined;
  })
  .pipe(z.array(z.string().max(200)).max(200).optional())
  .describe('One or more entity ids, repeated or comma-separated; without it, every entity the caller may report on');

const reportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  entity: entityList,
  format: z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json'),
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

  api.get(
    '/api/reports/classifier',
    {
      schema: {
        summary:
          'How often the classification was right: per entity and model category, tickets opened in the period, how many agents re-tagged (and to what) or confirmed, the share the model was right',
        tags: TAGS,
        querystring: dashboardQuery,
        response: { 200: classifierReportWire },
      },
      // Like the dashboard: one entity when named (404 when it is not the caller's), else every entity of the caller.
      config: { access: { permission: 'tickets.read', subject: { kind: 'entity', in: 'querystring', key: 'entity', optional: true } } },
    },
    async (request) => {
      const { entity, days } = request.query;
      const entities = entity !== undefined ? [entity] : (listScope(request, 'tickets.read') ?? (await allEntityIds(runtime.db)));
      return loadClassifierReport(runtime.db, entities, days, runtime.now());
    },
  );

  // A user's report covers the entities they name (404 for one that is not theirs) or, naming none, all their entities with
  // reports.read; the machine token may name any entity and, naming none, gets every entity.
  api.get(
    '/api/reports/complaints',
    {
      schema: {
        summary: 'Annual complaints report for the Vlaamse Ombudsdienst (JSON, CSV, XLSX or PDF) over one or more entities',
        tags: TAGS,
        querystring: reportQuery,
      },
      config: { access: { list: 'reports.read' } },
    },
    async (request, reply) => {
      const { year, format } = request.query;
      const scope = listScope(request, 'reports.read');
      const named = request.query.entity;
      const outside = named?.find((id) => scope && !scope.includes(id));
      if (outside !== undefined) throw notFound(`entity ${outside}`);
      const entities = named ?? scope ?? (await allEntityIds(runtime.db));
      const report = buildAnnualReport(await loadReportCases(runtime.db, year, entities), { year, generatedAt: runtime.now(), entities });
      const name = `klachten-${year}${fileSuffix(entities)}`;
      if (format === 'json') return reply.type('application/json').send(toJson(report));
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(report));
      if (format === 'pdf') {
        const entityNames = Object.fromEntries((await listEntities(runtime.db, entities)).map((entity) => [entity.id, entity.name]));
        const pdf = await toPdf(report, { entityNames });
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(Buffer.from(pdf));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await toXlsx(report));
    },
  );
}

/** The entities in a download's file name: their ids (up to three), else how many. */
function fileSuffix(entities: readonly string[]): string {
  if (entities.length === 0) return '';
  const ids = entities.length <= 3 ? entities.join('-') : `${entities.length}-entiteiten`;
  return `-${ids.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
