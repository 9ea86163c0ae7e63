/** Entities: their names for everyone, their settings and SLA policy for admins. */
import type { z } from 'zod';
import type { entityListWire, entityWire } from '../../entities/wire.js';
import type { SlaChange, SlaSettings } from '../admin/sla-form.js';
import { segment, type Client } from './client.js';

export { SLA_PRIORITIES, type BusinessPeriod, type SlaChange, type SlaPolicy, type SlaPriority, type SlaSettings } from '../admin/sla-form.js';

/** An entity as src/entities/wire.ts defines it for the API. */
export type Entity = z.input<typeof entityWire>;
/** The languages of an entity's own intake texts, and its texts in one of them. */
export type TemplateLang = keyof Entity['templates'];
export type IntakeTemplates = NonNullable<Entity['templates'][TemplateLang]>;

export type EntityPatch = Partial<Pick<Entity, 'name' | 'coordinatorName' | 'coordinatorEmail' | 'complaintThreshold' | 'checkBelow' | 'timeZone' | 'autoAssign' | 'autoSend' | 'templates'>>;

export function entityCalls({ request }: Client) {
  return {
    entities: () => request<z.input<typeof entityListWire>>('GET', '/api/entities'),
    /** Id and name of the caller's entities (what agents may see of GET /api/entities). */
    entityNames: async () => ({ items: (await request<z.input<typeof entityListWire>>('GET', '/api/entities')).items.map(({ id, name }) => ({ id, name })) }),
    updateEntity: (entityId: string, patch: EntityPatch) => request<Entity>('PATCH', `/api/entities/${segment(entityId)}`, patch),
    sla: (entityId: string) => request<SlaSettings>('GET', `/api/entities/${segment(entityId)}/sla`),
    saveSla: (entityId: string, change: SlaChange) => request<SlaSettings>('PUT', `/api/entities/${segment(entityId)}/sla`, change),
  };
}
