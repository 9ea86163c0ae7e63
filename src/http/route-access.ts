import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, PUBLIC_API_ROUTES, type Permission } from '../accounts/access.js';
import { forbidden, notFound } from './errors.js';

/**
 * What a route needs, declared next to it (`config: { access }`) and enforced by one preHandler,
 * after the input was validated:
 * - `public`: no principal (login, OpenID Connect).
 * - `self`: any principal; the route is about the caller only (their session, their views).
 * - `{ list }`: a list of the principal's entities' things; never refused, the handler narrows it
 *   to `listScope(request, list)` (empty without the permission).
 * - `{ permission }`: the principal has it for at least one entity (403 otherwise); a handler with a
 *   finer rule (users, views, bulk changes) checks it and throws.
 * - `{ permission, subject }`: the request names one thing of one entity (a ticket, a case, a
 *   channel…). The subject's entity is looked up; 404 when it does not exist or the principal may
 *   not see that entity's things (existence is not revealed), 403 when it may see but not do this.
 *   The handler finds the entity in `request.subjectEntity`.
 */
export type RouteAccess =
  | { public: true }
  | { self: true }
  | { list: Permission }
  | { permission: Permission; subject?: SubjectRef };

export interface SubjectRef {
  /** A kind registered with defineSubject. */
  kind: string;
  /** Where the subject's id is: the path (default), the body or the query string, under `key` (default 'id'). */
  in?: 'params' | 'body' | 'querystring';
  key?: string;
  /** Absent from the input = no subject: the route then acts as a list within the principal's scope. */
  optional?: boolean;
  /** Overrides the kind's `see` for this route (an entity is "seen" by a channel route through channels.read). */
  see?: Permission;
}

export interface SubjectKind {
  /** Needed to know the subject exists at all; without it the answer is 404. */
  see: Permission;
  /** The entity the subject belongs to; undefined when there is no such subject. */
  entityOf(id: string): Promise<string | undefined>;
  /** How a 404 names it: `ticket 12`, `entity vdab`. */
  label(id: string): string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The entity of the route's subject, once the access hook let the request through. */
    subjectEntity: string | undefined;
  }
  interface FastifyInstance {
    /** Registers how a kind of subject finds its entity; every route naming that kind uses it. */
    defineSubject(kind: string, subject: SubjectKind): void;
  }
}

/**
 * Call before registering routes. An /api route registered without `config.access` is refused at
 * startup, so a route cannot be added that nobody guards.
 */
export function registerRouteAccess(app: FastifyInstance): void {
  const kinds = new Map<string, SubjectKind>();
  app.decorate('defineSubject', (kind: string, subject: SubjectKind) => {
    kinds.set(kind, subject);
  });
  app.decorateRequest('subjectEntity', undefined);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
    const isPublic = 'public' in access;
    if (isPublic !== PUBLIC_API_ROUTES.has(route.url)) {
      throw new Error(`route ${route.url}: access.public must match PUBLIC_API_ROUTES, which the auth hook lets through`);
    }
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access || 'self' in access || 'list' in access) return;
    const { permission, subject } = access;
    const id = subject ? subjectId(request, subject) : undefined;
    if (!subject || id === undefined) {
      if (!can(request.principal, permission)) throw forbidden(`${permission} is not allowed`, permission);
      return;
    }
    const kind = kinds.get(subject.kind);
    if (!kind) throw new Error(`subject kind ${subject.kind} is not defined`);
    const entity = await kind.entityOf(id);
    if (entity === undefined || !can(request.principal, subject.see ?? kind.see, entity)) throw notFound(kind.label(id));
    if (!can(request.principal, permission, entity)) throw forbidden(`${permission} is not allowed for entity ${entity}`, permission);
    request.subjectEntity = entity;
  });
}

function subjectId(request: FastifyRequest, subject: SubjectRef): string | undefined {
  const where = subject.in ?? 'params';
  const source = ((where === 'params' ? request.params : where === 'body' ? request.body : request.query) ?? {}) as Record<string, unknown>;
  const value = source[subject.key ?? 'id'];
  if (value === undefined || value === null || value === '') {
    if (subject.optional) return undefined;
    throw new Error(`route ${request.routeOptions.url} has no ${subject.key ?? 'id'} in its ${subject.in ?? 'params'}`);
  }
  return String(value);
}
