import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, conflict, forbidden, HttpError, registerErrorMapping } from '../http/errors.js';
import {
  clearLoginFailures,
  findByEmail,
  findById,
  loginFailuresSince,
  markLogin,
  recordLoginFailure,
  setLanguage,
  setPassword,
} from './users.js';
import { recordAudit } from '../db/audit.js';
import { ROLE_PERMISSIONS, type AuthDeps } from './access.js';
import { DEFAULT_LOGIN_THROTTLE, throttleVerdict, type LoginThrottle } from './login-throttle.js';
import { createOidcLogin, OIDC_COOKIE, OIDC_LOGIN_SECONDS } from './oidc.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, needsRehash, verifyPassword } from './passwords.js';
import { actorName, loadUserPrincipal, type Principal } from './principal.js';
import { LANGUAGES } from './roles.js';
import {
  clearSessionCookie,
  DEFAULT_SESSION_LIFETIMES,
  destroySession,
  destroyUserSessions,
  isLoopbackHttp,
  rotateSession,
  SESSION_COOKIE,
  setSessionCookie,
} from './sessions.js';
import { whoAmIWire } from './wire.js';

export { DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './login-throttle.js';

export type AuthRoutesDeps = AuthDeps & { loginThrottle?: LoginThrottle };

const loginBody = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

const meBody = z.strictObject({ language: z.enum(LANGUAGES) });

const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH),
});

const TAGS = ['accounts'];

/** The same answer for an unknown address, a wrong password and a disabled account. */
const WRONG_LOGIN = 'e-mail address or password is incorrect';

/** 429 with Retry-After: the login throttle (per account and client, and per account) says wait. */
const tooManyRequests = (message: string, retryAfterSeconds: number): HttpError =>
  new HttpError(429, 'too_many_requests', message, {}, { 'retry-after': String(retryAfterSeconds) });

const SSO_NOT_CONFIGURED = (): HttpError => new HttpError(404, 'not_found', 'single sign-on is not configured');

const THROTTLED = {
  client: 'too many failed logins for this account from this address; try again later',
  account: 'too many failed logins for this account; try again later',
} as const;

/** How a failed login is audited: the account's id when it exists, never the address typed for one that does not, never the password. */
type LoginFailureReason = 'wrong_password' | 'unknown_account' | 'disabled' | 'throttled' | 'no_account' | 'failed';

/**
 * /api/auth: password login (throttled per account and client, and per IP), logout, the current user with the
 * CSRF token, and OpenID Connect single sign-on. Needs registerAuth on the same app first.
 */
export async function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): Promise<void> {
  const { db, publicUrl } = deps;
  const now = deps.now ?? (() => new Date());
  const lifetimes = deps.sessionLifetimes ?? DEFAULT_SESSION_LIFETIMES;
  const throttle = deps.loginThrottle ?? DEFAULT_LOGIN_THROTTLE;
  const oidc = deps.oidc ? createOidcLogin(deps.oidc, { db, logger: deps.logger }) : undefined;

  const startSession = async (request: FastifyRequest, reply: FastifyReply, user: { id: number; email: string }, at: Date, method: 'password' | 'oidc') => {
    const { token, session } = await rotateSession(db, request.cookies[SESSION_COOKIE], {
      userId: user.id,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      now: at,
      lifetimes,
    });
    await markLogin(db, user.id, at);
    await recordAudit(db, { at, actor: `user:${user.email}`, action: 'user.login', subjectType: 'user', subjectId: user.id, details: { method, ip: request.ip } });
    setSessionCookie(reply, token, publicUrl);
    return session;
  };

  const auditLoginFailure = (request: FastifyRequest, userId: number | undefined, at: Date, method: 'password' | 'oidc', reason: LoginFailureReason) =>
    recordAudit(db, {
      at,
      actor: 'anonymous',
      action: 'user.login_failed',
      subjectType: 'user',
      subjectId: userId ?? 'unknown',
      details: { method, reason, ip: request.ip },
    });

  /** Failures within the throttle's window for the account, and whether this client must wait. */
  const throttled = async (email: string, ip: string, at: Date) =>
    throttleVerdict(throttle, await loginFailuresSince(db, email, new Date(at.getTime() - throttle.windowSeconds * 1000)), ip, at);

  await app.register(async (scope) => {
    // What buildApi sets up for every route, set here too: these routes are also mounted on their own
    // (next to registerAuth only), and then their zod schemas must still validate and serialize and
    // their errors (429 of the rate limit included) still map to `{ error, message }`.
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);
    registerErrorMapping(scope, deps.logger);
    await scope.register(rateLimit, {
      global: false,
      // The error mapping answers it as 429 too_many_requests with this message.
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many login attempts from this address; retry in ${context.after}`), { statusCode: context.statusCode }),
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/api/auth/login',
      {
        schema: { summary: 'Log in with e-mail and password: sets the session cookie, returns the CSRF token', tags: TAGS, security: [], body: loginBody },
        config: {
          access: { public: true },
          // Which field is wrong is not said: the same answer for every malformed login.
          invalidInputMessage: 'send {"email", "password"} as JSON',
          rateLimit: { max: throttle.perIpPerMinute, timeWindow: 60_000 },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body;
        const at = now();

        const verdict = await throttled(email, request.ip, at);
        const user = await findByEmail(db, email);
        if (verdict) {
          await auditLoginFailure(request, user?.id, at, 'password', 'throttled');
          throw tooManyRequests(THROTTLED[verdict.scope], verdict.retryAfterSeconds);
        }

        const passwordOk = await verifyPassword(user?.passwordHash, password);
        if (!passwordOk) await recordLoginFailure(db, email, request.ip, at);
        if (!passwordOk || !user || user.disabled) {
          await auditLoginFailure(request, user?.id, at, 'password', !user ? 'unknown_account' : passwordOk ? 'disabled' : 'wrong_password');
          throw new HttpError(401, 'unauthorized', WRONG_LOGIN);
        }

        await clearLoginFailures(db, email, request.ip, new Date(at.getTime() - 24 * 3600 * 1000));
        if (user.passwordHash && needsRehash(user.passwordHash)) await setPassword(db, user.id, await hashPassword(password));
        const session = await startSession(request, reply, user, at, 'password');
        const principal = await loadUserPrincipal(db, user.id);
        return whoAmI(principal!, session.csrfToken);
      },
    );

    api.post(
      '/api/auth/logout',
      { schema: { summary: 'Log out: ends this session', tags: TAGS }, config: { access: { self: true } } },
      async (request, reply) => {
        const principal = request.principal;
        if (request.authSession) {
          await destroySession(db, request.authSession.token);
          clearSessionCookie(reply, publicUrl);
          if (principal?.kind === 'user') await recordAudit(db, { actor: actorName(principal), action: 'user.logout', subjectType: 'user', subjectId: principal.userId });
        }
        return reply.code(204).send();
      },
    );

    api.get(
      '/api/auth/me',
      { schema: { summary: 'Who I am, my entities, and the CSRF token of my session', tags: TAGS, response: { 200: whoAmIWire } }, config: { access: { self: true } } },
      async (request) => whoAmI(request.principal!, request.authSession?.csrfToken ?? null),
    );

    api.patch(
      '/api/auth/me',
      {
        schema: { summary: 'Change my interface language', tags: TAGS, body: meBody, response: { 200: whoAmIWire } },
        config: { access: { self: true }, invalidInputMessage: `language: one of ${LANGUAGES.join(', ')}` },
      },
      async (request) => {
        const principal = request.principal!;
        if (principal.kind !== 'user') throw badRequest('the machine token has no profile');
        await setLanguage(db, principal.userId, request.body.language);
        const updated = await loadUserPrincipal(db, principal.userId);
        return whoAmI(updated!, request.authSession?.csrfToken ?? null);
      },
    );

    api.post(
      '/api/auth/password',
      {
        schema: {
          summary: 'Change my password (local accounts): other sessions end, this one gets a new cookie',
          tags: TAGS,
          body: passwordBody,
          response: { 200: whoAmIWire },
        },
        config: { access: { self: true } },
      },
      async (request, reply) => {
        const principal = request.principal!;
        if (principal.kind !== 'user') throw badRequest('the machine token has no password');
        const { currentPassword, newPassword } = request.body;
        const at = now();
        const user = await findByEmail(db, principal.email);
        if (!user?.passwordHash) throw conflict('this account logs in through its identity provider: change the password there');
        // A stolen session must not become a way to guess the password: the login's throttle (this
        // account from this address, and the account from everywhere) applies, and failures count for both.
        const actor = actorName(principal);
        const verdict = await throttled(user.email, request.ip, at);
        if (verdict) {
          await recordAudit(db, { at, actor, action: 'user.password_change_failed', subjectType: 'user', subjectId: user.id, details: { reason: 'throttled', ip: request.ip } });
          throw tooManyRequests('too many wrong passwords for this account; try again later', verdict.retryAfterSeconds);
        }
        if (!(await verifyPassword(user.passwordHash, currentPassword))) {
          await recordLoginFailure(db, user.email, request.ip, at);
          await recordAudit(db, { at, actor, action: 'user.password_change_failed', subjectType: 'user', subjectId: user.id, details: { reason: 'wrong_password', ip: request.ip } });
          throw forbidden('the current password is not correct');
        }
        if (newPassword === currentPassword) throw badRequest('newPassword: must differ from the current one');
        await setPassword(db, user.id, await hashPassword(newPassword));
        await destroyUserSessions(db, user.id);
        await recordAudit(db, { at, actor, action: 'user.password_changed', subjectType: 'user', subjectId: user.id });
        const session = await startSession(request, reply, user, at, 'password');
        return whoAmI(principal, session.csrfToken);
      },
    );

    api.get(
      '/api/auth/oidc/start',
      { schema: { summary: 'Log in through the entity’s identity provider (OpenID Connect): redirects there', tags: TAGS, security: [] }, config: { access: { public: true } } },
      async (_request, reply) => {
        if (!oidc) throw SSO_NOT_CONFIGURED();
        let started: Awaited<ReturnType<typeof oidc.start>>;
        try {
          started = await oidc.start(now());
        } catch (error) {
          deps.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'OpenID Provider unreachable');
          throw new HttpError(502, 'bad_gateway', 'the identity provider cannot be reached');
        }
        void reply.setCookie(OIDC_COOKIE, started.handle, oidcCookieOptions(publicUrl, OIDC_LOGIN_SECONDS));
        return reply.redirect(started.url.href, 302);
      },
    );

    api.get(
      '/api/auth/oidc/callback',
      { schema: { summary: 'Where the identity provider sends the browser back', tags: TAGS, security: [] }, config: { access: { public: true } } },
      async (request, reply) => {
        if (!oidc) throw SSO_NOT_CONFIGURED();
        const at = now();
        // The provider's parameters go to the OpenID Connect client as they came (it checks them).
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const outcome = await oidc.finish(query, request.cookies[OIDC_COOKIE], at);
        void reply.clearCookie(OIDC_COOKIE, oidcCookieOptions(publicUrl));
        // The single-page app shows the reason (no_account, disabled, failed) in the user's language.
        if (outcome.status === 'refused') {
          await auditLoginFailure(request, undefined, at, 'oidc', outcome.reason);
          return reply.redirect(`/?login_error=${outcome.reason}`, 302);
        }
        const user = await findById(db, outcome.userId);
        await startSession(request, reply, { id: outcome.userId, email: user?.email ?? String(outcome.userId) }, at, 'oidc');
        return reply.redirect('/', 302);
      },
    );
  });
}

/** The body of GET /api/auth/me and of a successful login. */
function whoAmI(principal: Principal, csrfToken: string | null): z.output<typeof whoAmIWire> {
  if (principal.kind === 'token') return { user: null, machineToken: true, csrfToken: null };
  const { userId, email, name, role, entities, language } = principal;
  return { user: { id: userId, email, name, role, entities, language, permissions: [...ROLE_PERMISSIONS[role]] }, csrfToken };
}

function oidcCookieOptions(publicUrl: string, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    // Lax: the cookie must come along on the provider's top-level redirect back to the callback.
    sameSite: 'lax' as const,
    path: '/api/auth/oidc/',
    secure: !isLoopbackHttp(publicUrl),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}
