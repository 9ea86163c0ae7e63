import type { FastifyInstance, FastifyRequest } from 'fastify';
import { connectorFor } from '../../connectors/registry.js';
import type { WebhookRequest } from '../../connectors/types.js';
import { processWebhookEvent } from '../ingest/webhook.js';
import type { Runtime } from '../runtime.js';
import { loadChannel, webhookSiblings } from '../store/channels.js';
import { storeWebhookEvent } from '../store/webhook-events.js';

interface Params {
  platform: string;
  channelId: string;
}

/**
 * Webhook ingress: verify before anything else, store the raw delivery durably, answer 200 at once,
 * then ingest. A forged or unsigned request gets 401 and nothing is stored; a replay changes nothing.
 */
export async function registerWebhookRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  await app.register(async (scope) => {
    // Signatures are computed over the exact bytes: keep the body as a buffer here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    const resolve = async (params: Params) => {
      const channel = await loadChannel(runtime.db, params.channelId, runtime.secrets);
      if (!channel || channel.context.platform !== params.platform || !channel.enabled) return undefined;
      const connector = connectorFor(runtime.connectors, channel.context.platform);
      return connector.webhook ? { channel, webhook: connector.webhook } : undefined;
    };

    scope.get<{ Params: Params }>('/webhooks/:platform/:channelId', async (request, reply) => {
      const found = await resolve(request.params);
      if (!found) return reply.code(404).send({ error: 'not_found', message: 'no webhook channel here' });
      const answer = found.webhook.handshake?.(toWebhookRequest(request, Buffer.alloc(0)), found.channel.context);
      if (!answer) return reply.code(403).send({ error: 'forbidden', message: 'handshake refused' });
      return reply.code(answer.status).type(answer.contentType ?? 'text/plain').send(answer.body);
    });

    scope.post<{ Params: Params }>('/webhooks/:platform/:channelId', async (request, reply) => {
      const found = await resolve(request.params);
      if (!found) return reply.code(404).send({ error: 'not_found', message: 'no webhook channel here' });
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!found.webhook.verify(toWebhookRequest(request, rawBody), found.channel.context)) {
        return reply.code(401).send({ error: 'unauthorized', message: 'signature does not match' });
      }
      const channelIds = [found.channel.context.id, ...(await webhookSiblings(runtime.db, found.channel.context))];
      const eventIds: number[] = [];
      for (const channelId of channelIds) {
        const eventId = await storeWebhookEvent(runtime.db, channelId, rawBody);
        if (eventId !== undefined) eventIds.push(eventId);
      }
      // Answer first: platforms retry slow endpoints. Ingest follows; a crash here is recovered by the sweeper.
      if (eventIds.length) setImmediate(() => void processAll(runtime, eventIds));
      return reply.code(200).send({ received: true, duplicate: eventIds.length === 0 });
    });
  });
}

async function processAll(runtime: Runtime, eventIds: number[]): Promise<void> {
  for (const eventId of eventIds) await processWebhookEvent(runtime, eventId);
}

function toWebhookRequest(request: FastifyRequest, rawBody: Buffer): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  return {
    method: request.method === 'GET' ? 'GET' : 'POST',
    query: request.query as Record<string, string | undefined>,
    headers,
    rawBody,
  };
}
