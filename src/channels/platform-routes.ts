import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { platformViews } from '../../connectors/platforms.js';

const TAGS = ['channels'];

/**
 * The platforms the inbox speaks, as their descriptors state them (connectors/<platform>/descriptor.ts):
 * names, the account and credential keys a channel takes, which messages can be answered and how,
 * limits, webhooks. No secrets: key names only. Any logged-in principal may read it, the same for all.
 */
export function registerPlatformRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/platforms',
    {
      schema: { summary: 'The platforms: names, account and credential keys, reply kinds and visibilities, limits, webhook support', tags: TAGS },
      config: { access: { self: true } },
    },
    async () => ({ items: platformViews() }),
  );
}
