import type { FastifyRequest } from 'fastify';
import { entityScope, type Permission } from '../accounts/access.js';
import { actorName } from '../accounts/principal.js';

/** The entities a list may show: undefined = all (the machine token), else the principal's own. */
export function listScope(request: FastifyRequest, permission: Permission): string[] | undefined {
  const scope = entityScope(request.principal, permission);
  return scope === 'all' ? undefined : scope;
}

export function actorOf(request: FastifyRequest): string {
  return request.principal ? actorName(request.principal) : 'anonymous';
}
