import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

/** Where the API describes itself: Swagger UI here, the OpenAPI document at `${DOCS_PREFIX}/json`. */
export const DOCS_PREFIX = '/api/docs';

export function isDocsRoute(route: string): boolean {
  return route === DOCS_PREFIX || route.startsWith(`${DOCS_PREFIX}/`);
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
 * Routes declare zod schemas (params, querystring, body, response): Fastify validates the input with
 * them before the handler runs, serializes the response through them (unknown fields are dropped),
 * and the OpenAPI document is generated from them.
 */
function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
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
      return zodToOpenApi(document);
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list', deepLinking: true } });
}
