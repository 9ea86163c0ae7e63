import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PLATFORMS, type Platform } from '../../connectors/types.js';
import { badRequest, conflict, notFound, unavailable } from '../http/errors.js';
import { actorOf, listScope } from '../http/guard.js';
import { enqueuePollNow, removePollScheduler, syncPollSchedulers } from '../queue/queues.js';
import type { Runtime } from '../runtime.js';
import { channelKeysProblem } from './channel-keys.js';
import { registerConnectRoutes } from './connect/routes.js';
import { AccountClaimedError, createChannel, getChannelConfig, listChannelHealth, listEnabledChannels, listHealthAlerts, updateChannel } from './channels.js';
import { alertAfterMinutes } from './health-alerts.js';
import { channelAlertListWire, channelConfigWire, channelDetailWire, channelHealthListWire, pollQueuedWire } from './wire.js';

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

/** A channel named in the path (also the quarantine list's). */
export const channelParams = z.object({ id: z.string().min(1).max(200) });

const NO_SECRET_KEY = 'credentials cannot be stored: the server has no INBOX_SECRET_KEY to encrypt them with (set it and restart)';
// Scheduler commands wait for Redis to come back; an admin's request must not wait that long.
const SCHEDULER_TIMEOUT_MS = 3000;

/** Where the platform must send its deliveries for this channel; null when the platform only gets polled. */
function webhookUrl(runtime: Runtime, platform: Platform, channelId: string): string | null {
  if (!runtime.connectors.get(platform)?.webhook) return null;
  return `${runtime.settings.publicUrl.replace(/\/+$/, '')}/webhooks/${platform}/${encodeURIComponent(channelId)}`;
}

/** The channel of a route that passed the access hook; 404 when it went away in between. */
async function existingChannel(runtime: Runtime, id: string) {
  const channel = await getChannelConfig(runtime.db, id, runtime.secrets);
  if (!channel) throw notFound(`channel ${id}`);
  return channel;
}

export function registerChannelRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.defineSubject('channel', {
    see: 'channels.read',
    entityOf: async (id) => (await getChannelConfig(runtime.db, id, undefined))?.entity,
    label: (id) => `channel ${id}`,
  });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/channels',
    {
      schema: {
        summary: 'Channels of my entities with their health: status, last poll, last error, backlog, quarantined items',
        tags: TAGS,
        response: { 200: channelHealthListWire },
      },
      config: { access: { list: 'channels.read' } },
    },
    async (request) => ({ items: await listChannelHealth(runtime.db, listScope(request, 'channels.read'), runtime.now()) }),
  );

  api.get(
    '/api/channels/alerts',
    {
      schema: {
        summary: 'Channels of my entities that have been unhealthy for longer than the alert threshold (the banner every user sees)',
        tags: TAGS,
        response: { 200: channelAlertListWire },
      },
      // every role reads its entities' tickets, so every user of the entity sees the banner
      config: { access: { list: 'tickets.read' } },
    },
    async (request) => {
      const minutes = alertAfterMinutes(runtime);
      return { alertAfterMinutes: minutes, items: await listHealthAlerts(runtime.db, listScope(request, 'tickets.read'), runtime.now(), minutes) };
    },
  );

  api.get(
    '/api/channels/:id',
    {
      schema: {
        summary: 'A channel’s configuration and webhook address; credential values are never returned, only which keys are set',
        tags: TAGS,
        params: channelParams,
        response: { 200: channelDetailWire },
      },
      config: { access: { permission: 'channels.read', subject: { kind: 'channel' } } },
    },
    async (request) => {
      const channel = await existingChannel(runtime, request.params.id);
      return { ...channel, webhookUrl: webhookUrl(runtime, channel.platform, channel.id) };
    },
  );

  api.post(
    '/api/channels',
    {
      schema: { summary: 'Add a channel (credentials are encrypted and write-only)', tags: TAGS, body: createBody, response: { 201: channelConfigWire } },
      config: { access: { permission: 'channels.manage', subject: { kind: 'entity', in: 'body', key: 'entity', see: 'channels.read' } } },
    },
    async (request, reply) => {
      const input = request.body;
      const problem = channelKeysProblem(input.platform, input.account, input.credentials);
      if (problem) throw badRequest(problem);
      if (Object.keys(input.credentials).length > 0 && !runtime.secrets) throw conflict(NO_SECRET_KEY);
      const created = await claimingAccount(() => createChannel(runtime.db, { ...input, entityId: input.entity }, runtime.secrets, actorOf(request)));
      if (!created) throw conflict(`a channel with id ${input.id} exists already`);
      await refreshSchedule(runtime, input.id, input.enabled);
      return reply.code(201).send(await existingChannel(runtime, input.id));
    },
  );

  api.patch(
    '/api/channels/:id',
    {
      schema: {
        summary: 'Change a channel; new credentials end a “reconnect needed” state',
        tags: TAGS,
        params: channelParams,
        body: patchBody,
        response: { 200: channelConfigWire },
      },
      config: { access: { permission: 'channels.manage', subject: { kind: 'channel' } } },
    },
    async (request) => {
      const channel = await existingChannel(runtime, request.params.id);
      const changes = request.body;
      if (channel.source === 'config' && !(channel.credentialsManagedInApp && Object.keys(changes).every((key) => key === 'credentials'))) {
        throw conflict(
          channel.credentialsManagedInApp
            ? `channel ${channel.id} is defined in the configuration file: only its credentials are managed in the app`
            : `channel ${channel.id} is defined in the configuration file, which rewrites it at every start: change it there (or set credentialsManagedInApp: true there to renew its credentials in the app)`,
        );
      }
      const problem = channelKeysProblem(channel.platform, changes.account, changes.credentials);
      if (problem) throw badRequest(problem);
      if (changes.credentials && Object.keys(changes.credentials).length > 0 && !runtime.secrets) throw conflict(NO_SECRET_KEY);
      const updated = await claimingAccount(() => updateChannel(runtime.db, channel.id, changes, runtime.secrets, actorOf(request)));
      if (!updated) throw notFound(`channel ${channel.id}`);
      await refreshSchedule(runtime, channel.id, updated.enabled);
      return existingChannel(runtime, channel.id);
    },
  );

  api.post(
    '/api/channels/:id/poll',
    {
      schema: { summary: 'Poll now (test the connection)', tags: TAGS, params: channelParams, response: { 202: pollQueuedWire } },
      config: { access: { permission: 'channels.manage', subject: { kind: 'channel' } } },
    },
    async (request, reply) => {
      const channel = await existingChannel(runtime, request.params.id);
      if (!channel.enabled) throw conflict(`channel ${channel.id} is disabled: enable it first`);
      if (channel.status === 'auth_expired') throw conflict(`channel ${channel.id} needs reconnecting: send new credentials first`);
      let jobId: string | undefined;
      try {
        jobId = await withTimeout(enqueuePollNow(runtime.queues, channel.id), SCHEDULER_TIMEOUT_MS);
      } catch (error) {
        runtime.logger.warn({ channelId: channel.id, error: String(error) }, 'poll now not queued');
        throw unavailable('the job queue (Redis) does not answer; try again later');
      }
      return reply.code(202).send({ status: 'queued', jobId: jobId ?? null });
    },
  );

  // "Connect with …" (OAuth): a channel attached or reconnected is scheduled and polled at once.
  registerConnectRoutes(app, runtime, async (channelId, enabled) => {
    await refreshSchedule(runtime, channelId, enabled);
    if (enabled) await withTimeout(enqueuePollNow(runtime.queues, channelId), SCHEDULER_TIMEOUT_MS).catch(() => undefined);
  });
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

/** A platform account held by another entity: 409, saying no more than that. */
async function claimingAccount<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccountClaimedError) throw conflict('this platform account is already connected to another entity');
    throw error;
  }
}
