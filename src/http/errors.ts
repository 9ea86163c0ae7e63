import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { isConnectionError } from '../db/db.js';
import type { Logger } from '../log.js';

/**
 * An answer other than success, thrown by a handler (or the access hook) and turned into
 * `{ error: code, message, ...extra }` with its status in one place: registerErrorMapping.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, 'bad_request', message);
/** 403; `permission` names what was missing, so the web app can say it in the user's language. */
export const forbidden = (message: string, permission?: string): HttpError => new HttpError(403, 'forbidden', message, permission ? { permission } : {});
export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, extra?: Record<string, unknown>): HttpError => new HttpError(409, 'conflict', message, extra);
/** The request is well-formed but cannot be done as asked (422 with a specific code). */
export const unprocessable = (code: string, message: string, extra?: Record<string, unknown>): HttpError => new HttpError(422, code, message, extra);
/** A dependency (Redis, a platform) does not answer: the client may try again later. */
export const unavailable = (message: string, retryAfterSeconds?: number): HttpError =>
  new HttpError(503, 'unavailable', message, {}, retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) });

/** `field.path: message` for the first issue, the wording every 400 of the API uses. */
export function fieldMessage(issue: { path: readonly PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join('.') || 'request'}: ${issue.message}`;
}

/** A zod error as a 400, for the few inputs parsed inside a handler (a nested filter, a file). */
export function invalidInput(error: z.ZodError): HttpError {
  return badRequest(fieldMessage(error.issues[0]!));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Replaces the field-by-field 400 of this route's input validation (login must not say which field). */
    invalidInputMessage?: string;
  }
}

/**
 * Every error of every route becomes one JSON shape here: thrown HttpErrors with their status,
 * zod validation of the declared schemas as 400 `field: message`, an unreachable database as 503
 * with Retry-After, Fastify's own 4xx (bad JSON, too large) as they are, anything else as 500
 * with the details in the log only.
 */
export function registerErrorMapping(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .code(error.status)
        .headers(error.headers)
        .send({ error: error.code, message: error.message, ...error.extra });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0]!;
      const path = issue.instancePath.split('/').filter(Boolean);
      const message = request.routeOptions.config.invalidInputMessage ?? fieldMessage({ path, message: issue.message ?? 'invalid' });
      return reply.code(400).send({ error: 'bad_request', message });
    }
    if (isConnectionError(error)) {
      // The database is restarting or unreachable: say so, and the client tries again.
      logger.warn({ url: request.url, error: error.message }, 'database unavailable');
      return reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: 'the database does not answer; try again in a few seconds' });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 429) return reply.code(429).send({ error: 'too_many_requests', message: error.message });
    if (status === 500) logger.error({ url: request.url, error: error.message }, 'request failed');
    return reply.code(status).send({ error: status === 500 ? 'internal' : 'bad_request', message: status === 500 ? 'internal error' : error.message });
  });
}
