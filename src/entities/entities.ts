import type { z } from 'zod';
import type { IntakeLanguage, IntakeTemplate } from '../complaints/intake-texts.js';
import type { Db, Queryable } from '../db/db.js';
import { recordAudit } from '../db/audit.js';
import type { entityWire } from './wire.js';
import { anyEntityBesides, complaintIntakeSettings, entityIds, entityView, entityViews, findEntityId, updateEntityRow } from './sql.js';

export type AutoAssign = EntityView['autoAssign'];
/** An entity's own intake texts per language (entities.settings.templates); they override the defaults and the file's. */
export type EntityTemplates = Partial<Record<IntakeLanguage, { intakePrivate?: string; intakePublic?: string }>>;

/** An entity as the API shows it (its wire shape, src/entities/wire.ts). */
export type EntityView = z.output<typeof entityWire>;

/** `entities` limits the list to the caller's own; undefined = all. */
export async function listEntities(db: Queryable, entities?: string[]): Promise<EntityView[]> {
  return entityViews(db, entities);
}

export async function getEntity(db: Queryable, id: string): Promise<EntityView | undefined> {
  return entityView(db, id);
}

/** The complaint intake settings the configuration file gave the entity (mode and form address). */
export async function intakeSettings(db: Queryable, id: string): Promise<{ mode?: 'ask_details' | 'point_to_form'; formUrl?: string } | undefined> {
  return complaintIntakeSettings(db, id);
}

/** The columns the configuration file writes at every start. */
export const CONFIG_OWNED_FIELDS = ['name', 'coordinatorName', 'coordinatorEmail', 'complaintThreshold', 'checkBelow', 'timeZone'] as const;

export interface EntityChanges {
  name?: string | undefined;
  coordinatorName?: string | null | undefined;
  coordinatorEmail?: string | null | undefined;
  complaintThreshold?: number | undefined;
  checkBelow?: number | undefined;
  timeZone?: string | undefined;
  autoAssign?: AutoAssign | undefined;
  autoSend?: { enabled: boolean; minConfidence: number } | undefined;
  /** Replaces all of the entity's own templates; {} removes them. */
  templates?: EntityTemplates | undefined;
}

/** Applies an admin's changes and audits which fields changed; false when the entity does not exist. */
export async function updateEntity(db: Db, id: string, changes: EntityChanges, actor: string): Promise<boolean> {
  const settings: Record<string, unknown> = {};
  if (changes.autoAssign !== undefined) settings.autoAssign = changes.autoAssign;
  if (changes.autoSend !== undefined) settings.autoSend = changes.autoSend;
  if (changes.templates !== undefined) settings.templates = changes.templates;
  return db.transaction(async (tx) => {
    if (!(await updateEntityRow(tx, id, changes, settings))) return false;
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
  return findEntityId(db, id);
}

/** Every entity's id, in order. */
export async function allEntityIds(db: Queryable): Promise<string[]> {
  return entityIds(db);
}

/** True when `ids` covers every entity there is. */
export async function coversAllEntities(db: Queryable, ids: string[]): Promise<boolean> {
  return !(await anyEntityBesides(db, ids));
}
