import type { FastifyInstance } from 'fastify';
import { platformViews } from '../../connectors/platforms.js';
import { doc } from '../http/openapi.js';

const TAGS = ['channels'];

/**
 * The platforms the inbox speaks, as their descriptors state them (connectors/<platform>/descriptor.ts):
 * names, the account and credential keys a channel takes, which messages can be answered and how,
 * limits, webhooks. No secrets: key names only. Any logged-in principal may read it.
 */
export function registerPlatformRoutes(app: FastifyInstance): void {
  app.get(
    '/api/platforms',
    {
      schema: doc({
        summary: 'The platforms: names, account and credential keys, reply kinds and visibilities, limits, webhook support',
        tags: TAGS,
      }),
    },
    async () => ({ items: platformViews() }),
  );
}
