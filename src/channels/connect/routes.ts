import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuthExpiredError, RateLimitedError, TransientError } from '../../../connectors/types.js';
import { DEFAULT_SESSION_LIFETIMES, findSession, SESSION_COOKIE } from '../../accounts/sessions.js';
import { badRequest, conflict, notFound, unavailable } from '../../http/errors.js';
import { actorOf } from '../../http/guard.js';
import type { Runtime } from '../../runtime.js';
import { AccountClaimedError, getChannelConfig } from '../channels.js';
import { channelConfigWire } from '../wire.js';
import { attachAccount, completeCallback, ConnectError, connectionAccounts, startConnection, type ConnectDeps } from './connections.js';
import { connectionEntity } from './sql.js';

const TAGS = ['channels'];
const channelId = z.string().max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

const startBody = z.strictObject({ entity: z.string().min(1), channelId: channelId.optional() });
const startWire = z.object({ authorizeUrl: z.string(), connectionId: z.string() });
const connectionParams = z.object({ id: z.string().min(1).max(64) });
const accountsWire = z.object({
  id: z.string(),
  platform: z.string(),
  entity: z.string(),
  channelId: z.string().nullable(),
  accounts: z.array(z.object({ id: z.string(), name: z.string(), detail: z.string().nullable(), account: z.record(z.string(), z.string()) })),
});
const attachBody = z
  .strictObject({
    account: z.string().min(1).max(300),
    channel: z.strictObject({ id: channelId, name: z.string().trim().min(1).max(200).optional() }).optional(),
    existingChannelId: channelId.optional(),
  })
  .refine((b) => !(b.channel && b.existingChannelId), 'give either channel or existingChannelId');
const callbackQuery = z.object({
  state: z.string().max(500).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

/** ConnectError and the platform's typed errors as HTTP answers. */
function httpErrorOf(error: unknown): unknown {
  if (error instanceof ConnectError) return error.kind === 'bad' ? badRequest(error.message) : error.kind === 'conflict' ? conflict(error.message) : notFound(error.message);
  if (error instanceof AccountClaimedError) return conflict('this platform account is already connected to another entity');
  if (error instanceof AuthExpiredError) return conflict('the platform refused the authorization (revoked or expired): connect again');
  if (error instanceof RateLimitedError || error instanceof TransientError) return unavailable('the platform does not answer now; try again in a moment', 30);
  return error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw httpErrorOf(error);
  }
}

/** The live session of the browser's cookie (sessions.id), for routes outside /api that the auth hook does not see. */
async function cookieSessionId(runtime: Runtime, request: FastifyRequest): Promise<string | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  return (await findSession(runtime.db, token, runtime.now(), DEFAULT_SESSION_LIFETIMES))?.id;
}

/**
 * "Connect with …": start (admin of the entity), the platform's callback, the accounts to pick, attach.
 * `afterAttach` re-reads the polling schedule and polls the channel now, as a PATCH does.
 */
export function registerConnectRoutes(app: FastifyInstance, runtime: Runtime, afterAttach: (channelId: string, enabled: boolean) => Promise<void>): void {
  const deps: ConnectDeps = {
    db: runtime.db,
    get settings() {
      return runtime.settings;
    },
    secrets: runtime.secrets,
    now: runtime.now,
  };
  app.defineSubject('oauth-connection', {
    see: 'channels.read',
    entityOf: (id) => connectionEntity(runtime.db, id),
    label: (id) => `connection ${id}`,
  });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/channels/connect/:platform/start',
    {
      schema: {
        summary: 'Start connecting a channel through the platform’s OAuth flow: the URL to send the browser to (admins of the entity; a logged-in session)',
        tags: TAGS,
        params: z.object({ platform: z.string().min(1).max(32) }),
        body: startBody,
        response: { 200: startWire },
      },
      config: { access: { permission: 'channels.manage', subject: { kind: 'entity', in: 'body', key: 'entity', see: 'channels.read' } } },
    },
    async (request) => {
      const session = request.authSession;
      const principal = request.principal;
      if (!session || principal?.kind !== 'user') throw conflict('connecting needs a logged-in admin in a browser (the authorization is bound to the session)');
      return mapped(() =>
        startConnection(deps, { platform: request.params.platform, entity: request.body.entity, channelId: request.body.channelId, session: { id: session.id, userEmail: principal.email } }),
      );
    },
  );

  api.get(
    '/oauth/callback',
    { schema: { hide: true, querystring: callbackQuery } },
    async (request, reply) => {
      const q = request.query;
      try {
        const outcome = await completeCallback(deps, { state: q.state, code: q.code, error: q.error, sessionId: await cookieSessionId(runtime, request) });
        if (outcome.kind === 'authorized') return reply.redirect(`/admin/channels?connection=${encodeURIComponent(outcome.connectionId)}`);
        runtime.logger.info({ platform: outcome.platform, reason: outcome.reason }, 'channel connection not authorized');
        return reply.redirect(`/admin/channels?connectError=${outcome.kind}&platform=${encodeURIComponent(outcome.platform)}`);
      } catch (error) {
        if (!(error instanceof ConnectError)) throw error;
        return reply.code(400).type('text/html; charset=utf-8').send(callbackPage(error.message));
      }
    },
  );

  api.get(
    '/api/channels/connections/:id/accounts',
    {
      schema: {
        summary: 'The pages, accounts, channels or locations an authorized connection may attach (only in the session that authorized it)',
        tags: TAGS,
        params: connectionParams,
        response: { 200: accountsWire },
      },
      config: { access: { permission: 'channels.manage', subject: { kind: 'oauth-connection' } } },
    },
    async (request) => mapped(() => connectionAccounts(deps, request.params.id, request.authSession?.id)),
  );

  api.post(
    '/api/channels/connections/:id/attach',
    {
      schema: {
        summary: 'Attach the chosen account: a new channel, or new credentials for the channel being reconnected (its “reconnect needed” state ends)',
        tags: TAGS,
        params: connectionParams,
        body: attachBody,
        response: { 200: channelConfigWire },
      },
      config: { access: { permission: 'channels.manage', subject: { kind: 'oauth-connection' } } },
    },
    async (request) => {
      const body = request.body;
      const attached = await mapped(() =>
        attachAccount(deps, request.params.id, { account: body.account, channel: body.channel, existingChannelId: body.existingChannelId, sessionId: request.authSession?.id, actor: actorOf(request) }),
      );
      await afterAttach(attached.channelId, attached.enabled);
      const channel = await getChannelConfig(runtime.db, attached.channelId, runtime.secrets);
      if (!channel) throw notFound(`channel ${attached.channelId}`);
      return channel;
    },
  );
}

function callbackPage(message: string): string {
  const text = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Verbinden mislukt</title></head><body><main><h1>Verbinden mislukt / Connecting failed</h1><p>${text}</p><p><a href="/admin/channels">Terug naar de kanalen / Back to the channels</a></p></main></body></html>`;
}
