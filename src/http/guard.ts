import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, entityScope, type Permission } from '../accounts/access.js';
import { actorName } from '../accounts/principal.js';

/**
 * Access to one subject (a ticket, a case) of `entityId`: 404 when it does not exist or the
 * principal may not even see that entity's subjects (so existence is not revealed), 403 when it
 * may see but not do this. Returns true when the handler may go on.
 */
export function allowSubject(
  request: FastifyRequest,
  reply: FastifyReply,
  access: { see: Permission; act?: Permission },
  entityId: string | undefined,
  what: string,
): boolean {
  if (entityId === undefined || !can(request.principal, access.see, entityId)) {
    void reply.code(404).send({ error: 'not_found', message: `${what} not found` });
    return false;
  }
  if (access.act && !can(request.principal, access.act, entityId)) {
    void reply.code(403).send({ error: 'forbidden', message: `${access.act} is not allowed for entity ${entityId}` });
    return false;
  }
  return true;
}

/** The entities a list may show: undefined = all (the machine token), else the principal's own. */
export function listScope(request: FastifyRequest, permission: Permission): string[] | undefined {
  const scope = entityScope(request.principal, permission);
  return scope === 'all' ? undefined : scope;
}

export function actorOf(request: FastifyRequest): string {
  return request.principal ? actorName(request.principal) : 'anonymous';
}
