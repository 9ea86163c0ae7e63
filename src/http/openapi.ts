import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { createJsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Where the API describes itself: Swagger UI here, the OpenAPI document at `${DOCS_PREFIX}/json`. */
export const DOCS_PREFIX = '/api/docs';

export function isDocsRoute(route: string): boolean {
  return route === DOCS_PREFIX || route.startsWith(`${DOCS_PREFIX}/`);
}

interface RouteDoc {
  summary: string;
  tags: string[];
  /** Answers without a session or token (login, OpenID Connect). */
  public?: boolean;
  description?: string;
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
}

/**
 * A route's OpenAPI description, built from the same zod schemas the handler parses with, so the
 * document cannot drift from what the API accepts. The handlers validate (their 400s name the
 * field); the schemas here only describe — see registerOpenApi's pass-through validator.
 */
export function doc(route: RouteDoc): FastifySchema {
  const schema: FastifySchema & Record<string, unknown> = { summary: route.summary, tags: route.tags };
  if (route.description) schema.description = route.description;
  if (route.public) schema.security = [];
  if (route.params) schema.params = jsonSchema(route.params, 'input');
  if (route.querystring) schema.querystring = jsonSchema(route.querystring, 'input');
  if (route.body) schema.body = jsonSchema(route.body, 'input');
  return schema;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete converted.$schema;
  return converted;
}

const SECURITY_SCHEMES = {
  session: { type: 'apiKey', in: 'cookie', name: 'inbox_session', description: 'Browser session from POST /api/auth/login; changes also need the x-csrf-token header.' },
  bearer: { type: 'http', scheme: 'bearer', description: 'INBOX_API_TOKEN, for scripts.' },
} as const;

export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the app as registered (HEAD excluded): for the docs test and the access test. */
    routeTable: RegisteredRoute[];
  }
}

/**
 * Route schemas in this scope describe; zod in the handlers validates. Without this Fastify would
 * validate the same input a second time with Ajv and answer with differently worded errors.
 */
export function describeOnly(scope: FastifyInstance): void {
  scope.setValidatorCompiler(() => (data) => ({ value: data }));
}

const isZod = (schema: unknown): schema is z.ZodType => schema instanceof z.ZodType;

/**
 * Routes declare zod schemas (params, querystring, body, response): Fastify validates the input with
 * them before the handler runs, serializes the response through them (unknown fields are dropped),
 * and the OpenAPI document is generated from them.
 */
function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler((route) => {
    const { schema } = route;
    return isZod(schema) ? validatorCompiler({ ...route, schema }) : (data: unknown) => ({ value: data });
  });
  app.setSerializerCompiler((route) => {
    const { schema } = route;
    return isZod(schema) ? serializerCompiler({ ...route, schema }) : (data: unknown) => JSON.stringify(data);
  });
}

const zodToOpenApi = createJsonSchemaTransform({ skipList: [] });

/** Call before registering routes: every route registered later is in the document. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const routeTable: RegisteredRoute[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });
  useZodSchemas(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Social inbox API',
        description:
          'Tickets from social media for Flemish public services: the queue, replies, complaint cases, channels, users. ' +
          'Every route needs a session (cookie + x-csrf-token on changes) or the bearer token, and acts only within the caller’s entities.',
        version: '1',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
      security: [{ session: [] }, { bearer: [] }],
    },
    hideUntagged: false,
    transform: (document) => {
      const { schema, url } = document;
      // Webhooks and the web app's routes are not part of the REST API.
      if (!url.startsWith('/api/') || isDocsRoute(url)) return { schema: { ...(schema ?? {}), hide: true }, url };
      const declared = schema as Record<string, unknown> | undefined;
      const usesZod = declared && ['params', 'querystring', 'body', 'response'].some((part) => declared[part] !== undefined && (part === 'response' || isZod(declared[part])));
      return usesZod ? zodToOpenApi(document) : { schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list', deepLinking: true } });
}
