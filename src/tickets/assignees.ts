export interface Assignee {
  id: number;
  name: string;
  role: string;
  /** Of the entities asked about, those this person works for. */
  entities: string[];
}

export { assignableEntities, isAssignable, listAssignees, userName } from './sql.js';
