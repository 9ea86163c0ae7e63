import { useEffect, useState } from 'react';
import { api, type Assignee } from '../api.js';

/**
 * Who tickets can be assigned to, from GET /api/assignees: every active colleague of the entity (or of
 * all the user's entities), also those who have no ticket in the queue yet. [] until loaded or refused.
 */
export function useAssignees(entity?: string): Assignee[] {
  const [assignees, setAssignees] = useState<Assignee[]>([]);
  useEffect(() => {
    let current = true;
    api.assignees(entity).then(
      (result) => current && setAssignees(result.items),
      () => current && setAssignees([]),
    );
    return () => {
      current = false;
    };
  }, [entity]);
  return assignees;
}
