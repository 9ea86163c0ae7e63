import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { connectorFor } from '../../connectors/registry.js';
import { DESCRIPTORS, descriptorOf } from '../../connectors/platforms.js';
import type { WebhookRequest, WebhookSupport } from '../../connectors/types.js';
import { processWebhookEvent } from '../ingest/webhook.js';
import type { Runtime } from '../runtime.js';
import { loadChannel, webhookSiblings, type ChannelState } from './channels.js';
import { storeWebhookEvent } from './webhook-events.js';

interface Params {
  platform: string;
  channelId: string;
}

/**
 * The largest delivery each platform sends, in bytes (its descriptor's webhook.maxBodyBytes); a
 * larger body is refused before it is read whole.
 */
const DEFAULT_BODY_LIMIT = 256 * 1024;
const MAX_BODY_LIMIT = Math.max(DEFAULT_BODY_LIMIT, ...DESCRIPTORS.map((d) => d.webhook?.maxBodyBytes ?? 0));
/** Unverified bodies read at the same time; more wait for the platform's retry (503). */
const MAX_UNVERIFIED_BODIES = 8;
/** Subscription handshakes per client and channel per minute: a verify token cannot be guessed by trying. */
const HANDSHAKES_PER_MINUTE = 10;

declare module 'fastify' {
  interface FastifyRequest {
    webhookTarget?: { channel: ChannelState; webhook: WebhookSupport };
  }
}

/**
 * Webhook ingress: verify before anything else, store the raw delivery durably, answer 200 at once,
 * then ingest. A forged or unsigned request gets 401 and nothing is stored; a replay changes nothing.
 * Before the signature is checked, a body's size and the number read at once are bounded.
 */
export async function registerWebhookRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  let unverifiedBodies = 0;

  await app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many subscription handshakes; retry in ${context.after}`), { statusCode: context.statusCode }),
    });
    // Signatures are computed over the exact bytes: keep the body as a buffer here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_LIMIT }, (_request, body, done) => done(null, body));

    const resolve = async (params: Params) => {
      const channel = await loadChannel(runtime.db, params.channelId, runtime.secrets);
      if (!channel || channel.context.platform !== params.platform || !channel.enabled) return undefined;
      const connector = connectorFor(runtime.connectors, channel.context.platform);
      return connector.webhook ? { channel, webhook: connector.webhook } : undefined;
    };

    scope.get<{ Params: Params }>(
      '/webhooks/:platform/:channelId',
      {
        config: {
          rateLimit: {
            max: HANDSHAKES_PER_MINUTE,
            timeWindow: 60_000,
            keyGenerator: (request: FastifyRequest) => `${request.ip}|${(request.params as Params).channelId}`,
          },
        },
      },
      async (request, reply) => {
        const found = await resolve(request.params);
        if (!found) return reply.code(404).send({ error: 'not_found', message: 'no webhook channel here' });
        const answer = found.webhook.handshake?.(toWebhookRequest(request, Buffer.alloc(0)), found.channel.context);
        if (!answer) return reply.code(403).send({ error: 'forbidden', message: 'handshake refused' });
        return reply.code(answer.status).type(answer.contentType ?? 'text/plain').send(answer.body);
      },
    );

    scope.post<{ Params: Params }>(
      '/webhooks/:platform/:channelId',
      {
        // Before the body is read: the channel must exist, the declared size fit, and a reading slot be free.
        preParsing: async (request: FastifyRequest, reply: FastifyReply) => {
          const found = await resolve(request.params as Params);
          if (!found) return reply.code(404).send({ error: 'not_found', message: 'no webhook channel here' });
          const limit = descriptorOf(found.channel.context.platform).webhook?.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
          if (Number(request.headers['content-length'] ?? 0) > limit) return tooLarge(reply, limit);
          if (unverifiedBodies >= MAX_UNVERIFIED_BODIES) {
            return reply.code(503).header('retry-after', '5').send({ error: 'unavailable', message: 'too many deliveries at once; retry shortly' });
          }
          unverifiedBodies++;
          let released = false;
          const release = () => {
            if (!released) unverifiedBodies--;
            released = true;
          };
          request.raw.once('close', release);
          reply.raw.once('close', release);
          request.webhookTarget = found;
          return undefined;
        },
      },
      async (request, reply) => {
        const found = request.webhookTarget;
        if (!found) return reply.code(404).send({ error: 'not_found', message: 'no webhook channel here' });
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const limit = descriptorOf(found.channel.context.platform).webhook?.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
        if (rawBody.length > limit) return tooLarge(reply, limit);
        const delivery = toWebhookRequest(request, rawBody);
        if (!found.webhook.verify(delivery, found.channel.context)) {
          return reply.code(401).send({ error: 'unauthorized', message: 'signature does not match' });
        }
        const channelIds = [found.channel.context.id, ...(await verifiedSiblings(runtime, found.channel, found.webhook, delivery))];
        const eventIds: number[] = [];
        for (const channelId of channelIds) {
          const eventId = await storeWebhookEvent(runtime.db, channelId, rawBody);
          if (eventId !== undefined) eventIds.push(eventId);
        }
        // Answer first: platforms retry slow endpoints. Ingest follows; a crash here is recovered by the sweeper.
        if (eventIds.length) setImmediate(() => void processAll(runtime, eventIds));
        return reply.code(200).send({ received: true, duplicate: eventIds.length === 0 });
      },
    );
  });
}

/**
 * The other channels a delivery also belongs to (one callback URL serves the platforms of a shared
 * webhook group, as the descriptors say): only channels of the same entity, and only those whose own secret verifies the
 * delivery — one entity's secret never opens another channel.
 */
async function verifiedSiblings(runtime: Runtime, channel: ChannelState, webhook: WebhookSupport, delivery: WebhookRequest): Promise<string[]> {
  const verified: string[] = [];
  for (const id of await webhookSiblings(runtime.db, channel.context)) {
    const sibling = await loadChannel(runtime.db, id, runtime.secrets);
    const siblingHook = sibling && connectorFor(runtime.connectors, sibling.context.platform).webhook;
    if (sibling?.enabled && sibling.context.entityId === channel.context.entityId && siblingHook?.verify(delivery, sibling.context)) verified.push(id);
  }
  return verified;
}

function tooLarge(reply: FastifyReply, limit: number): FastifyReply {
  return reply.code(413).send({ error: 'too_large', message: `a delivery to this platform is at most ${limit} bytes` });
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
