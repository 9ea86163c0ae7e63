/** Entities: their names for everyone, their settings and SLA policy for admins. */
import type { SlaChange, SlaSettings } from '../admin/sla-form.js';
import { segment, type Client } from './client.js';

export { SLA_PRIORITIES, type BusinessPeriod, type SlaChange, type SlaPolicy, type SlaPriority, type SlaSettings } from '../admin/sla-form.js';

export interface IntakeTemplates {
  intakePrivate?: string;
  intakePublic?: string;
}
export type TemplateLang = 'nl' | 'fr' | 'en';

export interface Entity {
  id: string;
  name: string;
  coordinatorName: string | null;
  coordinatorEmail: string | null;
  complaintThreshold: number;
  timeZone: string;
  autoAssign: 'off' | 'round_robin';
  templates: Partial<Record<TemplateLang, IntakeTemplates>>;
  channelCount: number;
  source: 'config' | 'app';
}

export type EntityPatch = Partial<Pick<Entity, 'name' | 'coordinatorName' | 'coordinatorEmail' | 'complaintThreshold' | 'timeZone' | 'autoAssign' | 'templates'>>;

export function entityCalls({ request }: Client) {
  return {
    entities: () => request<{ items: Entity[] }>('GET', '/api/entities'),
    /** Id and name of the caller's entities (what agents may see of GET /api/entities). */
    entityNames: async () => ({ items: (await request<{ items: Array<{ id: string; name: string }> }>('GET', '/api/entities')).items.map(({ id, name }) => ({ id, name })) }),
    updateEntity: (entityId: string, patch: EntityPatch) => request<Entity>('PATCH', `/api/entities/${segment(entityId)}`, patch),
    sla: (entityId: string) => request<SlaSettings>('GET', `/api/entities/${segment(entityId)}/sla`),
    saveSla: (entityId: string, change: SlaChange) => request<SlaSettings>('PUT', `/api/entities/${segment(entityId)}/sla`, change),
  };
}
