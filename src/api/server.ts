import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { registerCaseRoutes } from './cases.js';
import { registerChannelRoutes } from './channels.js';
import { registerTicketRoutes } from './tickets.js';
import { registerWebhookRoutes } from './webhooks.js';

export interface ApiOptions {
  apiToken: string;
  logger?: boolean;
}

/** REST API. Every /api route needs the machine token (Authorization: Bearer …). */
export async function buildApi(runtime: Runtime, options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false });
  const expected = Buffer.from(options.apiToken);

  app.get('/health', async () => ({ status: 'ok' }));

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'a valid bearer token is required' });
    }
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) runtime.logger.error({ url: request.url, error: error.message }, 'request failed');
    void reply.code(status).send({ error: status === 500 ? 'internal' : 'bad_request', message: status === 500 ? 'internal error' : error.message });
  });

  registerTicketRoutes(app, runtime);
  registerChannelRoutes(app, runtime);
  registerCaseRoutes(app, runtime);
  await registerWebhookRoutes(app, runtime);
  return app;
}
