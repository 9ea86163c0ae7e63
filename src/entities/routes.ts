import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { intakePolicyProblems, type IntakePolicy } from '../complaints/intake-texts.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { actorOf, listScope } from '../http/guard.js';
import type { Runtime } from '../runtime.js';
import { CONFIG_OWNED_FIELDS, existingEntityId, getEntity, intakeSettings, listEntities, mergeIntakeTemplates, updateEntity, type EntityTemplates } from './entities.js';
import { entityListWire, entityWire } from './wire.js';

const TAGS = ['entities'];

const languageTemplates = z.strictObject({
  intakePrivate: z.string().trim().min(1).max(5000).optional(),
  intakePublic: z.string().trim().min(1).max(1000).optional(),
});

const timeZone = z.string().refine(isTimeZone, 'not a valid IANA time zone (e.g. Europe/Brussels)');

const patchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  coordinatorName: z.string().trim().min(1).max(200).nullable().optional(),
  coordinatorEmail: z.email().nullable().optional(),
  complaintThreshold: z.number().min(0).max(1).optional(),
  checkBelow: z.number().min(0).max(1).optional(),
  timeZone: timeZone.optional(),
  autoAssign: z.enum(['off', 'round_robin']).optional(),
  autoSend: z.strictObject({ enabled: z.boolean(), minConfidence: z.number().min(0.5).max(1) }).optional(),
  templates: z.strictObject({ nl: languageTemplates.optional(), fr: languageTemplates.optional(), en: languageTemplates.optional() }).optional(),
});

const entityParams = z.object({ id: z.string().min(1).max(200) });

export function registerEntityRoutes(app: FastifyInstance, runtime: Runtime): void {
  // tickets.read: every role's "this entity is mine" (an entity's settings, SLA, channels, dashboard).
  app.defineSubject('entity', { see: 'tickets.read', entityOf: (id) => existingEntityId(runtime.db, id), label: (id) => `entity ${id}` });
  const api = app.withTypeProvider<ZodTypeProvider>();

  // Every role may read its own entities' names and settings.
  api.get(
    '/api/entities',
    {
      schema: {
        summary: 'My entities: coordinator, complaint threshold, time zone, auto-assignment, intake templates',
        tags: TAGS,
        response: { 200: entityListWire },
      },
      config: { access: { list: 'tickets.read' } },
    },
    async (request) => ({ items: await listEntities(runtime.db, listScope(request, 'tickets.read')) }),
  );

  api.patch(
    '/api/entities/:id',
    {
      schema: {
        summary: 'Change an entity (fields from the configuration file are changed there)',
        tags: TAGS,
        params: entityParams,
        body: patchBody,
        response: { 200: entityWire },
      },
      config: { access: { permission: 'entities.manage', subject: { kind: 'entity' } } },
    },
    async (request) => {
      const entity = await getEntity(runtime.db, request.params.id);
      if (!entity) throw notFound(`entity ${request.params.id}`);
      const changes = request.body;
      const fromFile = CONFIG_OWNED_FIELDS.filter((field) => changes[field] !== undefined);
      if (entity.source === 'config' && fromFile.length > 0) {
        throw conflict(`${fromFile.join(', ')} of entity ${entity.id} come from the configuration file, which rewrites them at every start: change them there`);
      }
      if (changes.templates) {
        const problem = await templateProblem(runtime, entity.id, changes.name ?? entity.name, changes.templates);
        if (problem) throw badRequest(`templates: ${problem}`);
      }
      if (!(await updateEntity(runtime.db, entity.id, changes, actorOf(request)))) throw notFound(`entity ${entity.id}`);
      return getEntity(runtime.db, entity.id);
    },
  );
}

/**
 * The first thing wrong with the templates as the intake would use them (a public text that asks
 * for personal details, an unknown variable, no word on where to file a formal complaint).
 */
async function templateProblem(runtime: Runtime, entityId: string, entityName: string, templates: EntityTemplates): Promise<string | undefined> {
  const intake = await intakeSettings(runtime.db, entityId);
  const base: IntakePolicy = { mode: intake?.mode ?? 'ask_details', entityName, ...(intake?.formUrl ? { formUrl: intake.formUrl } : {}) };
  const before = new Set(intakePolicyProblems(base));
  const merged = mergeIntakeTemplates(undefined, templates);
  const after = intakePolicyProblems({ ...base, ...(merged ? { templates: merged } : {}) });
  return after.find((problem) => !before.has(problem));
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}
