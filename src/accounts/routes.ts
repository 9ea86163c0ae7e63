import rateLimit from '@fastify/rate-limit';
import { describeOnly, doc } from '../http/openapi.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
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
import type { AuthDeps } from './access.js';
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
const WRONG_LOGIN = { error: 'unauthorized', message: 'e-mail address or password is incorrect' } as const;

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
    describeOnly(scope);
    await scope.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many login attempts from this address; retry in ${context.after}`), { statusCode: context.statusCode }),
    });
    scope.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
      if (error.statusCode === 429) return reply.code(429).send({ error: 'too_many_requests', message: error.message });
      throw error;
    });

    scope.post('/api/auth/login', { schema: doc({ summary: 'Log in with e-mail and password: sets the session cookie, returns the CSRF token', tags: TAGS, public: true, body: loginBody }), config: { rateLimit: { max: throttle.perIpPerMinute, timeWindow: 60_000 } } }, async (request, reply) => {
      const body = loginBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: 'bad_request', message: 'send {"email", "password"} as JSON' });
      const { email, password } = body.data;
      const at = now();

      const verdict = await throttled(email, request.ip, at);
      const user = await findByEmail(db, email);
      if (verdict) {
        await auditLoginFailure(request, user?.id, at, 'password', 'throttled');
        return reply
          .code(429)
          .header('retry-after', String(verdict.retryAfterSeconds))
          .send({ error: 'too_many_requests', message: THROTTLED[verdict.scope] });
      }

      const passwordOk = await verifyPassword(user?.passwordHash, password);
      if (!passwordOk) await recordLoginFailure(db, email, request.ip, at);
      if (!passwordOk || !user || user.disabled) {
        await auditLoginFailure(request, user?.id, at, 'password', !user ? 'unknown_account' : passwordOk ? 'disabled' : 'wrong_password');
        return reply.code(401).send(WRONG_LOGIN);
      }

      await clearLoginFailures(db, email, request.ip, new Date(at.getTime() - 24 * 3600 * 1000));
      if (user.passwordHash && needsRehash(user.passwordHash)) await setPassword(db, user.id, await hashPassword(password));
      const session = await startSession(request, reply, user, at, 'password');
      const principal = await loadUserPrincipal(db, user.id);
      return reply.send(whoAmI(principal!, session.csrfToken));
    });

    scope.post('/api/auth/logout', { schema: doc({ summary: 'Log out: ends this session', tags: TAGS }) }, async (request, reply) => {
      const principal = request.principal;
      if (request.authSession) {
        await destroySession(db, request.authSession.token);
        clearSessionCookie(reply, publicUrl);
        if (principal?.kind === 'user') await recordAudit(db, { actor: actorName(principal), action: 'user.logout', subjectType: 'user', subjectId: principal.userId });
      }
      return reply.code(204).send();
    });

    scope.get('/api/auth/me', { schema: doc({ summary: 'Who I am, my entities, and the CSRF token of my session', tags: TAGS }) }, async (request, reply) => reply.send(whoAmI(request.principal!, request.authSession?.csrfToken ?? null)));

    scope.patch('/api/auth/me', { schema: doc({ summary: 'Change my interface language', tags: TAGS, body: meBody }) }, async (request, reply) => {
      const principal = request.principal!;
      if (principal.kind !== 'user') return reply.code(400).send({ error: 'bad_request', message: 'the machine token has no profile' });
      const body = meBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: 'bad_request', message: `language: one of ${LANGUAGES.join(', ')}` });
      await setLanguage(db, principal.userId, body.data.language);
      const updated = await loadUserPrincipal(db, principal.userId);
      return reply.send(whoAmI(updated!, request.authSession?.csrfToken ?? null));
    });

    scope.post('/api/auth/password', { schema: doc({ summary: 'Change my password (local accounts): other sessions end, this one gets a new cookie', tags: TAGS, body: passwordBody }) }, async (request, reply) => {
      const principal = request.principal!;
      if (principal.kind !== 'user') return reply.code(400).send({ error: 'bad_request', message: 'the machine token has no password' });
      const body = passwordBody.safeParse(request.body);
      if (!body.success) {
        const issue = body.error.issues[0]!;
        return reply.code(400).send({ error: 'bad_request', message: `${issue.path.join('.')}: ${issue.message}` });
      }
      const at = now();
      const user = await findByEmail(db, principal.email);
      if (!user?.passwordHash) return reply.code(409).send({ error: 'conflict', message: 'this account logs in through its identity provider: change the password there' });
      // A stolen session must not become a way to guess the password: the login's throttle (this
      // account from this address, and the account from everywhere) applies, and failures count for both.
      const actor = actorName(principal);
      const verdict = await throttled(user.email, request.ip, at);
      if (verdict) {
        await recordAudit(db, { at, actor, action: 'user.password_change_failed', subjectType: 'user', subjectId: user.id, details: { reason: 'throttled', ip: request.ip } });
        return reply
          .code(429)
          .header('retry-after', String(verdict.retryAfterSeconds))
          .send({ error: 'too_many_requests', message: 'too many wrong passwords for this account; try again later' });
      }
      if (!(await verifyPassword(user.passwordHash, body.data.currentPassword))) {
        await recordLoginFailure(db, user.email, request.ip, at);
        await recordAudit(db, { at, actor, action: 'user.password_change_failed', subjectType: 'user', subjectId: user.id, details: { reason: 'wrong_password', ip: request.ip } });
        return reply.code(403).send({ error: 'forbidden', message: 'the current password is not correct' });
      }
      if (body.data.newPassword === body.data.currentPassword) return reply.code(400).send({ error: 'bad_request', message: 'newPassword: must differ from the current one' });
      await setPassword(db, user.id, await hashPassword(body.data.newPassword));
      await destroyUserSessions(db, user.id);
      await recordAudit(db, { at, actor, action: 'user.password_changed', subjectType: 'user', subjectId: user.id });
      const session = await startSession(request, reply, user, at, 'password');
      return reply.send(whoAmI(principal, session.csrfToken));
    });

    scope.get('/api/auth/oidc/start', { schema: doc({ summary: 'Log in through the entity’s identity provider (OpenID Connect): redirects there', tags: TAGS, public: true }) }, async (_request, reply) => {
      if (!oidc) return reply.code(404).send({ error: 'not_found', message: 'single sign-on is not configured' });
      let started: Awaited<ReturnType<typeof oidc.start>>;
      try {
        started = await oidc.start(now());
      } catch (error) {
        deps.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'OpenID Provider unreachable');
        return reply.code(502).send({ error: 'bad_gateway', message: 'the identity provider cannot be reached' });
      }
      void reply.setCookie(OIDC_COOKIE, started.handle, oidcCookieOptions(publicUrl, OIDC_LOGIN_SECONDS));
      return reply.redirect(started.url.href, 302);
    });

    scope.get('/api/auth/oidc/callback', { schema: doc({ summary: 'Where the identity provider sends the browser back', tags: TAGS, public: true }) }, async (request, reply) => {
      if (!oidc) return reply.code(404).send({ error: 'not_found', message: 'single sign-on is not configured' });
      const at = now();
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
    });
  });
}

/** The body of GET /api/auth/me and of a successful login. */
function whoAmI(principal: Principal, csrfToken: string | null) {
  if (principal.kind === 'token') return { user: null, machineToken: true, csrfToken: null };
  const { userId, email, name, role, entities, language } = principal;
  return { user: { id: userId, email, name, role, entities, language }, csrfToken };
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
