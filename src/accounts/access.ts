import cookie from '@fastify/cookie';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { isDocsRoute } from '../http/openapi.js';
import type { Logger } from '../log.js';
import type { Db } from '../db/db.js';
import { CSRF_HEADER, csrfTokenMatches, requiresCsrfToken } from './csrf.js';
import type { OidcSettings } from './oidc.js';
import { bearerTokenMatches, loadUserPrincipal, type Principal } from './principal.js';
import type { Role } from './roles.js';
import { clearSessionCookie, DEFAULT_SESSION_LIFETIMES, findSession, SESSION_COOKIE, type SessionLifetimes } from './sessions.js';

export const PERMISSIONS = [
  'tickets.read',
  'tickets.reply',
  'tickets.retag',
  'tickets.assign',
  // status, priority, tags, merge and bulk close of tickets
  'tickets.work',
  // internal notes on tickets
  'tickets.note',
  'canned.manage',
  // own saved views of the queue (and shared ones of one's entities)
  'views',
  'cases.read',
  'cases.act',
  'reports.read',
  'channels.read',
  'channels.manage',
  'entities.manage',
  'users.manage',
  'queues.board',
  // a contact's personal data (GDPR): export it, and erase it (issue 17)
  'contacts.export',
  'contacts.erase',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role may do, within its own entities. The machine token may do everything everywhere. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  agent: ['tickets.read', 'tickets.reply', 'tickets.retag', 'tickets.assign', 'tickets.work', 'tickets.note', 'canned.manage', 'views', 'channels.read'],
  // coordinator = klachtencoördinator: handles complaint cases and the annual report, can re-tag but not reply
  coordinator: ['tickets.read', 'tickets.retag', 'tickets.note', 'views', 'cases.read', 'cases.act', 'reports.read', 'contacts.export'],
  admin: PERMISSIONS,
};

/**
 * The one access decision. A user needs the permission in their role's set and, when the resource
 * belongs to an entity, that entity among their own (admins included). Without `entityId` the answer
 * is whether the user has the permission for at least one of their entities: list routes must then
 * narrow their query to `entityScope()`.
 */
export function can(principal: Principal | null | undefined, permission: Permission, entityId?: string): boolean {
  if (!principal) return false;
  if (principal.kind === 'token') return true;
  if (!ROLE_PERMISSIONS[principal.role].includes(permission)) return false;
  return entityId === undefined ? principal.entities.length > 0 : principal.entities.includes(entityId);
}

/** The entities a list query may show: 'all' for the machine token, the user's own otherwise ([] without the permission). */
export function entityScope(principal: Principal | null | undefined, permission?: Permission): string[] | 'all' {
  if (!principal) return [];
  if (principal.kind === 'token') return 'all';
  if (permission && !ROLE_PERMISSIONS[principal.role].includes(permission)) return [];
  return [...principal.entities];
}

/**
 * users.manage over an account with these entities: only when every one of them is among the
 * manager's own (an admin cannot reach, or hand out, an entity they do not have).
 */
export function canManageUser(principal: Principal | null | undefined, userEntities: readonly string[]): boolean {
  if (!principal) return false;
  if (principal.kind === 'token') return true;
  return userEntities.length > 0 && userEntities.every((entity) => can(principal, 'users.manage', entity));
}

export interface AuthDeps {
  db: Db;
  /** INBOX_API_TOKEN; undefined = no bearer access. */
  apiToken: string | undefined;
  /** Where browsers reach the inbox: decides the Secure flag, HSTS and upgrade-insecure-requests. */
  publicUrl: string;
  oidc?: OidcSettings | undefined;
  logger: Logger;
  now?: () => Date;
  sessionLifetimes?: SessionLifetimes;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every /api route but the public ones; null elsewhere. */
    principal: Principal | null;
    /** The cookie session behind a user principal; null for the bearer token. */
    authSession: { id: string; token: string; csrfToken: string } | null;
  }
}

/** /api routes that answer without a principal (route patterns, as registered). */
export const PUBLIC_API_ROUTES: ReadonlySet<string> = new Set(['/api/auth/login', '/api/auth/oidc/start', '/api/auth/oidc/callback']);

/**
 * Cookies, security headers, and the principal of every /api request: the bearer token
 * (constant-time compare) or a session cookie, with the CSRF header required for state-changing
 * cookie requests. Anything else gets 401 before a route runs. Call before registering routes.
 */
export async function registerAuth(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const lifetimes = deps.sessionLifetimes ?? DEFAULT_SESSION_LIFETIMES;
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  await app.register(helmet, helmetOptions(deps.publicUrl));
  app.decorateRequest('principal', null);
  app.decorateRequest('authSession', null);

  app.addHook('onRequest', async (request, reply) => {
    // Decided on the matched route's pattern, not the raw URL: the router decodes the path, so a raw
    // check would let /%61pi/… reach an /api route unauthenticated. The raw path only counts for 404s.
    const route = request.routeOptions.url;
    if (!isApiPath(route ?? request.url.split('?', 1)[0]!)) return;
    if (route !== undefined && (PUBLIC_API_ROUTES.has(route) || isDocsRoute(route))) return;

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      if (bearerTokenMatches(deps.apiToken, authorization)) {
        request.principal = { kind: 'token' };
        return;
      }
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'the bearer token is not valid' });
    }

    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(deps.db, token, now(), lifetimes) : undefined;
    const principal = session ? await loadUserPrincipal(deps.db, session.userId) : undefined;
    if (!token || !session || !principal) {
      if (token) clearSessionCookie(reply, deps.publicUrl);
      return reply.code(401).send({ error: 'unauthorized', message: 'log in first (or send a bearer token)' });
    }
    request.principal = principal;
    request.authSession = { id: session.id, token, csrfToken: session.csrfToken };
    if (requiresCsrfToken(request.method) && !csrfTokenMatches(session.csrfToken, request.headers[CSRF_HEADER])) {
      return reply.code(403).send({ error: 'forbidden', message: `missing or wrong ${CSRF_HEADER} header` });
    }
  });
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Security headers for an API that also serves its own single-page app from the same origin. */
function helmetOptions(publicUrl: string): FastifyHelmetOptions {
  const https = new URL(publicUrl).protocol === 'https:';
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        // avatars and attachments come from the platforms' CDNs
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    hsts: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  };
}
