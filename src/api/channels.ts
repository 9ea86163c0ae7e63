import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { listChannelHealth } from '../store/channels.js';

export function registerChannelRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/channels', async () => ({ items: await listChannelHealth(runtime.db) }));
}
