import type { IntakeLanguage, IntakeTemplate } from '../complaints/intake-texts.js';
import type { Db, Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';

export type AutoAssign = 'off' | 'round_robin';
/** An entity's own intake texts per language (entities.settings.templates); they override the defaults and the file's. */
export type EntityTemplates = Partial<Record<IntakeLanguage, { intakePrivate?: string; intakePublic?: string }>>;

export interface EntityView {
  id: string;
  name: string;
  coordinatorName: string | null;
  coordinatorEmail: string | null;
  complaintThreshold: number;
  timeZone: string;
  autoAssign: AutoAssign;
  templates: EntityTemplates;
  channelCount: number;
  source: 'config' | 'app';
}

const SELECT_ENTITY = `
  select e.id, e.name, e.coordinator_name as "coordinatorName", e.coordinator_email as "coordinatorEmail",
         round(e.complaint_threshold::numeric, 4) as "complaintThreshold", e.time_zone as "timeZone",
         coalesce(e.settings->>'autoAssign', 'off') as "autoAssign", coalesce(e.settings->'templates', '{}'::jsonb) as templates,
         (select count(*)::int from channels ch where ch.entity_id = e.id) as "channelCount", e.source
    from entities e`;

/** `entities` limits the list to the caller's own; undefined = all. */
export async function listEntities(db: Queryable, entities?: string[]): Promise<EntityView[]> {
  const { rows } = await db.query<EntityView>(`${SELECT_ENTITY} where ($1::text[] is null or e.id = any($1::text[])) order by e.name, e.id`, [entities ?? null]);
  return rows;
}

export async function getEntity(db: Queryable, id: string): Promise<EntityView | undefined> {
  const { rows } = await db.query<EntityView>(`${SELECT_ENTITY} where e.id = $1`, [id]);
  return rows[0];
}

/** The complaint intake settings the configuration file gave the entity (mode and form address). */
export async function intakeSettings(db: Queryable, id: string): Promise<{ mode?: 'ask_details' | 'point_to_form'; formUrl?: string } | undefined> {
  const { rows } = await db.query<{ intake: { mode?: 'ask_details' | 'point_to_form'; formUrl?: string } | null }>(
    `select settings->'complaintIntake' as intake from entities where id = $1`,
    [id],
  );
  return rows[0]?.intake ?? undefined;
}

/** The columns the configuration file writes at every start. */
export const CONFIG_OWNED_FIELDS = ['name', 'coordinatorName', 'coordinatorEmail', 'complaintThreshold', 'timeZone'] as const;

export interface EntityChanges {
  name?: string | undefined;
  coordinatorName?: string | null | undefined;
  coordinatorEmail?: string | null | undefined;
  complaintThreshold?: number | undefined;
  timeZone?: string | undefined;
  autoAssign?: AutoAssign | undefined;
  /** Replaces all of the entity's own templates; {} removes them. */
  templates?: EntityTemplates | undefined;
}

const COLUMNS: Record<(typeof CONFIG_OWNED_FIELDS)[number], string> = {
  name: 'name',
  coordinatorName: 'coordinator_name',
  coordinatorEmail: 'coordinator_email',
  complaintThreshold: 'complaint_threshold',
  timeZone: 'time_zone',
};

/** Applies an admin's changes and audits which fields changed; false when the entity does not exist. */
export async function updateEntity(db: Db, id: string, changes: EntityChanges, actor: string): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const field of CONFIG_OWNED_FIELDS) {
    if (changes[field] === undefined) continue;
    params.push(changes[field]);
    sets.push(`${COLUMNS[field]} = $${params.length}`);
  }
  const settings: Record<string, unknown> = {};
  if (changes.autoAssign !== undefined) settings.autoAssign = changes.autoAssign;
  if (changes.templates !== undefined) settings.templates = changes.templates;
  params.push(JSON.stringify(settings));
  sets.push(`settings = settings || $${params.length}::jsonb`);
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(`update entities set ${sets.join(', ')}, updated_at = now() where id = $1`, params);
    if (rowCount === 0) return false;
    const changed = Object.keys(changes).filter((key) => changes[key as keyof EntityChanges] !== undefined);
    await recordAudit(tx, { actor, action: 'entity.update', subjectType: 'entity', subjectId: id, details: { changed } });
    return true;
  });
}

/** The entity's own templates in the shape the intake message builder takes. */
export function intakeTemplateOverrides(templates: EntityTemplates | null | undefined): Partial<Record<IntakeLanguage, IntakeTemplate>> {
  const overrides: Partial<Record<IntakeLanguage, IntakeTemplate>> = {};
  for (const [language, own] of Object.entries(templates ?? {}) as Array<[IntakeLanguage, EntityTemplates[IntakeLanguage]]>) {
    if (!own) continue;
    const template: IntakeTemplate = {
      ...(own.intakePublic ? { public: own.intakePublic } : {}),
      ...(own.intakePrivate ? { private: own.intakePrivate } : {}),
    };
    if (template.public !== undefined || template.private !== undefined) overrides[language] = template;
  }
  return overrides;
}

/** The file's templates with the entity's own laid over them, per language and per text. */
export function mergeIntakeTemplates(
  fromFile: Partial<Record<IntakeLanguage, IntakeTemplate>> | undefined,
  own: EntityTemplates | null | undefined,
): Partial<Record<IntakeLanguage, IntakeTemplate>> | undefined {
  const overrides = intakeTemplateOverrides(own);
  const languages = new Set([...Object.keys(fromFile ?? {}), ...Object.keys(overrides)]) as Set<IntakeLanguage>;
  if (languages.size === 0) return undefined;
  const merged: Partial<Record<IntakeLanguage, IntakeTemplate>> = {};
  for (const language of languages) merged[language] = { ...fromFile?.[language], ...overrides[language] };
  return merged;
}

/** The entity's id when it exists (the only way routes ask). */
export async function existingEntityId(db: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('select id from entities where id = $1', [id]);
  return rows[0]?.id;
}

/** Every entity's id, in order. */
export async function allEntityIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from entities order by id');
  return rows.map((row) => row.id);
}

/** True when `ids` covers every entity there is. */
export async function coversAllEntities(db: Queryable, ids: string[]): Promise<boolean> {
  const { rows } = await db.query('select 1 from entities where not (id = any($1::text[])) limit 1', [ids]);
  return rows.length === 0;
}
