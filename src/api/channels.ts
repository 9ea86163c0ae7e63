import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { listChannelHealth } from '../store/channels.js';
import { listScope } from './guard.js';

export function registerChannelRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/channels', async (request) => {
    const entities = listScope(request, 'channels.read');
    const items = (await listChannelHealth(runtime.db)) as Array<{ entity: string }>;
    return { items: entities ? items.filter((channel) => entities.includes(channel.entity)) : items };
  });
}
