import { useApi, type Assignee } from '../api/index.js';
import { useResource } from '../useResource.js';

/**
 * Who tickets can be assigned to, from GET /api/assignees: every active colleague of the entity (or of
 * all the user's entities), also those who have no ticket in the queue yet. [] until loaded or refused.
 */
export function useAssignees(entity?: string): Assignee[] {
  const api = useApi();
  const assignees = useResource(() => api.assignees(entity).catch(() => ({ items: [] })), [entity]);
  return assignees.data?.items ?? [];
}
