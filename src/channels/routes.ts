import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { doc } from '../http/openapi.js';
import { PLATFORMS, type Platform } from '../../connectors/types.js';
import { enqueuePollNow, removePollScheduler, syncPollSchedulers } from '../queue/queues.js';
import type { Runtime } from '../runtime.js';
import { AccountClaimedError, createChannel, getChannelConfig, listChannelHealth, listEnabledChannels, updateChannel } from './channels.js';
import { badRequest, conflict, notFound } from '../http/legacy-errors.js';
import { channelKeysProblem } from './channel-keys.js';
import { actorOf, allowSubject, listScope } from '../http/guard.js';
import { existingEntityId } from '../entities/entities.js';

const TAGS = ['channels'];

const channelId = z.string().max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');
const keyValues = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a key is letters and digits'), z.string().min(1).max(8192));
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const pollInterval = z.number().int().min(1).max(86_400);
const name = z.string().trim().min(1).max(200);

const createBody = z.strictObject({
  id: channelId,
  entity: z.string().min(1),
  platform: z.enum(PLATFORMS),
  name: name.optional(),
  account: keyValues.default({}),
  baseUrl: httpUrl.optional(),
  credentials: keyValues.default({}),
  pollIntervalSeconds: pollInterval.default(60),
  enabled: z.boolean().default(true),
});

/** The platform and the entity stay: a channel on another platform or entity is a new channel. */
const patchBody = z.strictObject({
  name: name.nullable().optional(),
  account: keyValues.optional(),
  baseUrl: httpUrl.nullable().optional(),
  credentials: keyValues.optional(),
  pollIntervalSeconds: pollInterval.optional(),
  enabled: z.boolean().optional(),
});

const channelParams = z.object({ id: z.string().min(1).max(200) });

const NO_SECRET_KEY = 'credentials cannot be stored: the server has no INBOX_SECRET_KEY to encrypt them with (set it and restart)';
// Scheduler commands wait for Redis to come back; an admin's request must not wait that long.
const SCHEDULER_TIMEOUT_MS = 3000;

/** Where the platform must send its deliveries for this channel; null when the platform only gets polled. */
function webhookUrl(runtime: Runtime, platform: Platform, channelId: string): string | null {
  if (!runtime.connectors.get(platform)?.webhook) return null;
  return `${runtime.settings.publicUrl.replace(/\/+$/, '')}/webhooks/${platform}/${encodeURIComponent(channelId)}`;
}

export function registerChannelRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get('/api/channels', { schema: doc({ summary: 'Channels of my entities with their health: status, last poll, last error, backlog, quarantined items', tags: TAGS }) }, async (request) => {
    return { items: await listChannelHealth(runtime.db, listScope(request, 'channels.read')) };
  });

  app.get('/api/channels/:id', { schema: doc({ summary: 'A channel’s configuration and webhook address; credential values are never returned, only which keys are set', params: channelParams, tags: TAGS }) }, async (request, reply) => {
    const params = channelParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const channel = await getChannelConfig(runtime.db, params.data.id, runtime.secrets);
    if (!allowSubject(request, reply, { see: 'channels.read' }, channel?.entity, `channel ${params.data.id}`)) return reply;
    return { ...channel!, webhookUrl: webhookUrl(runtime, channel!.platform, channel!.id) };
  });

  app.post('/api/channels', { schema: doc({ summary: 'Add a channel (credentials are encrypted and write-only)', body: createBody, tags: TAGS }) }, async (request, reply) => {
    const body = createBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const input = body.data;
    const entity = await existingEntity(runtime, input.entity);
    if (!allowSubject(request, reply, { see: 'channels.read', act: 'channels.manage' }, entity, `entity ${input.entity}`)) return reply;
    const problem = channelKeysProblem(input.platform, input.account, input.credentials);
    if (problem) return badRequest(reply, problem);
    if (Object.keys(input.credentials).length > 0 && !runtime.secrets) return conflict(reply, NO_SECRET_KEY);
    const created = await claimingAccount(reply, () => createChannel(runtime.db, { ...input, entityId: input.entity }, runtime.secrets, actorOf(request)));
    if (created === CLAIMED) return reply;
    if (!created) return conflict(reply, `a channel with id ${input.id} exists already`);
    await refreshSchedule(runtime, input.id, input.enabled);
    return reply.code(201).send(await getChannelConfig(runtime.db, input.id, runtime.secrets));
  });

  app.patch('/api/channels/:id', { schema: doc({ summary: 'Change a channel; new credentials end a “reconnect needed” state', params: channelParams, body: patchBody, tags: TAGS }) }, async (request, reply) => {
    const channel = await manageableChannel(runtime, request, reply);
    if (!channel) return reply;
    const body = patchBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    if (channel.source === 'config') {
      return conflict(reply, `channel ${channel.id} is defined in the configuration file, which rewrites it at every start: change it there`);
    }
    const changes = body.data;
    const problem = channelKeysProblem(channel.platform, changes.account, changes.credentials);
    if (problem) return badRequest(reply, problem);
    if (changes.credentials && Object.keys(changes.credentials).length > 0 && !runtime.secrets) return conflict(reply, NO_SECRET_KEY);
    const updated = await claimingAccount(reply, () => updateChannel(runtime.db, channel.id, changes, runtime.secrets, actorOf(request)));
    if (updated === CLAIMED) return reply;
    if (!updated) return notFound(reply, `channel ${channel.id}`);
    await refreshSchedule(runtime, channel.id, updated.enabled);
    return getChannelConfig(runtime.db, channel.id, runtime.secrets);
  });

  app.post('/api/channels/:id/poll', { schema: doc({ summary: 'Poll now (test the connection)', params: channelParams, tags: TAGS }) }, async (request, reply) => {
    const channel = await manageableChannel(runtime, request, reply);
    if (!channel) return reply;
    if (!channel.enabled) return conflict(reply, `channel ${channel.id} is disabled: enable it first`);
    if (channel.status === 'auth_expired') return conflict(reply, `channel ${channel.id} needs reconnecting: send new credentials first`);
    try {
      const jobId = await withTimeout(enqueuePollNow(runtime.queues, channel.id), SCHEDULER_TIMEOUT_MS);
      return reply.code(202).send({ status: 'queued', jobId: jobId ?? null });
    } catch (error) {
      runtime.logger.warn({ channelId: channel.id, error: String(error) }, 'poll now not queued');
      return reply.code(503).send({ error: 'unavailable', message: 'the job queue (Redis) does not answer; try again later' });
    }
  });
}

/** The channel of `:id` when the caller may manage it; otherwise the reply is sent (400/404/403). */
async function manageableChannel(runtime: Runtime, request: FastifyRequest, reply: FastifyReply) {
  const params = channelParams.safeParse(request.params);
  if (!params.success) {
    badRequest(reply, params.error);
    return undefined;
  }
  const channel = await getChannelConfig(runtime.db, params.data.id, runtime.secrets);
  if (!allowSubject(request, reply, { see: 'channels.read', act: 'channels.manage' }, channel?.entity, `channel ${params.data.id}`)) return undefined;
  return channel;
}

async function existingEntity(runtime: Runtime, id: string): Promise<string | undefined> {
  return existingEntityId(runtime.db, id);
}

/**
 * Polls an enabled channel on its (new) interval, stops polling a disabled one. The database is
 * the truth: if Redis does not answer, the workers bring the schedulers in line at their next check.
 */
async function refreshSchedule(runtime: Runtime, channelId: string, enabled: boolean): Promise<void> {
  try {
    const work: Promise<unknown> = enabled
      ? listEnabledChannels(runtime.db).then((channels) => syncPollSchedulers(runtime.queues, channels))
      : removePollScheduler(runtime.queues, channelId);
    await withTimeout(work, SCHEDULER_TIMEOUT_MS);
  } catch (error) {
    runtime.logger.warn({ channelId, error: String(error) }, 'poll schedule not updated; the workers sync it at their next check');
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const CLAIMED = Symbol('claimed');

/** A platform account held by another entity: 409, saying no more than that. */
async function claimingAccount<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | typeof CLAIMED> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AccountClaimedError)) throw error;
    conflict(reply, 'this platform account is already connected to another entity');
    return CLAIMED;
  }
}
