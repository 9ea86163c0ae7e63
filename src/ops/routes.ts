import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { exposition, METRICS_CONTENT_TYPE } from './metrics.js';
import { checkReadiness } from './readiness.js';
import { bearerTokenMatches } from '../accounts/principal.js';

export interface OpsOptions {
  /** METRICS_TOKEN: /metrics answers only with it; unset = /metrics is off (404). */
  metricsToken: string | undefined;
}

/**
 * Outside /api (no session, no machine token), so load balancers, Docker and Prometheus can ask:
 * - /healthz: the process answers (no dependency is asked);
 * - /readyz: database, Redis and a recent worker heartbeat (200, or 503 naming what is not ready);
 * - /metrics: Prometheus exposition, with `Authorization: Bearer $METRICS_TOKEN`.
 */
export function registerOpsRoutes(app: FastifyInstance, runtime: Runtime, options: OpsOptions): void {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const readiness = await checkReadiness(runtime);
    return reply
      .code(readiness.status === 'ready' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(readiness);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = options.metricsToken;
    if (!token) return reply.code(404).send({ error: 'not_found', message: 'metrics are off: set METRICS_TOKEN' });
    if (!bearerTokenMatches(token, request.headers.authorization)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'Authorization: Bearer <METRICS_TOKEN> is needed' });
    }
    return reply.header('cache-control', 'no-store').type(METRICS_CONTENT_TYPE).send(await exposition(runtime));
  });
}
