import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { listChannelHealth } from '../store/channels.js';
import { listScope } from './guard.js';

export function registerChannelRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/channels', async (request) => {
    return { items: await listChannelHealth(runtime.db, listScope(request, 'channels.read')) };
  });
}
