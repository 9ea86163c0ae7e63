import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../accounts/access.js';
import { bearerTokenMatches, loadUserPrincipal, type Principal } from '../accounts/principal.js';
import { DEFAULT_SESSION_LIFETIMES, findSession, SESSION_COOKIE } from '../accounts/sessions.js';
import type { Runtime } from '../runtime.js';
import { coversAllEntities } from '../entities/entities.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull-board over the four queues, for admins (queues.board) of every entity. Its routes live outside /api, so the
 * access check is its own hook on them: a session (or the machine token) is required; a browser
 * without one is sent to the login page. Read-only: its own pages cannot send our CSRF header, so
 * nothing that changes a queue is offered (failed outbox rows are retried by the sweeper anyway).
 */
export async function registerQueueBoard(app: FastifyInstance, runtime: Runtime, options: { apiToken: string | undefined }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  const { poll, route, outbound, digest } = runtime.queues;
  createBullBoard({
    queues: [poll, route, outbound, digest].map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Social inbox queues' } },
  });
  await app.register(
    async (board) => {
      board.addHook('onRequest', async (request, reply) => {
        const principal = await boardPrincipal(runtime, request, options.apiToken);
        if (!principal) return refuseAnonymous(request, reply);
        if (!can(principal, 'queues.board') || !(await coversEveryEntity(runtime, principal))) {
          return reply.code(403).send({ error: 'forbidden', message: 'the queue board shows every entity’s jobs: only for admins of all entities' });
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          return reply.code(405).send({ error: 'method_not_allowed', message: 'the queue board is read-only' });
        }
      });
      await board.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}

/** The queues are shared by all entities (job data names their channels), so the board is for admins of every one. */
async function coversEveryEntity(runtime: Runtime, principal: Principal): Promise<boolean> {
  if (principal.kind === 'token') return true;
  return coversAllEntities(runtime.db, principal.entities);
}

async function boardPrincipal(runtime: Runtime, request: FastifyRequest, apiToken: string | undefined): Promise<Principal | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return bearerTokenMatches(apiToken, authorization) ? { kind: 'token' } : undefined;
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  const session = await findSession(runtime.db, token, runtime.now(), DEFAULT_SESSION_LIFETIMES);
  return session ? loadUserPrincipal(runtime.db, session.userId) : undefined;
}

/** A page request goes to the login page; the board's own API calls get 401. */
function refuseAnonymous(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.method === 'GET' && String(request.headers.accept ?? '').includes('text/html')) return reply.redirect('/', 302);
  return reply.code(401).send({ error: 'unauthorized', message: 'log in first (as an admin)' });
}
