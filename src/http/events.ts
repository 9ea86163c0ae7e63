import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, entityScope } from '../accounts/access.js';
import type { Runtime } from '../runtime.js';
import { EVENTS_CHANNEL, parseEvent, type InboxEvent } from '../db/events.js';
import { parseSessionsEnded } from '../accounts/session-events.js';
import { sessionIsLive } from '../accounts/sessions.js';

const HEARTBEAT_MS = 20_000;
// A stream ends after this long and the browser reconnects (its session checked anew). A logout, a
// disabled account or a changed password ends the stream at once (notifySessionsEnded).
const STREAM_LIFETIME_MS = 10 * 60_000;

interface Subscriber {
  /** The account and cookie session behind the stream; none for the machine token. */
  userId?: number | undefined;
  sessionId?: string | undefined;
  deliver: (event: InboxEvent) => void;
  /** Called when the stream's session or account ends. */
  end: () => void;
}

/** One database listener per process, fanned out to every open stream. */
function createEventHub(runtime: Runtime) {
  const subscribers = new Set<Subscriber>();
  let stop: Promise<() => Promise<void>> | undefined;
  const onPayload = (payload: string): void => {
    const ended = parseSessionsEnded(payload);
    if (ended) {
      const sessions = new Set(ended.sessionIds);
      for (const subscriber of subscribers) {
        const mine = (subscriber.sessionId !== undefined && sessions.has(subscriber.sessionId)) || (ended.userId !== undefined && subscriber.userId === ended.userId);
        if (mine) subscriber.end();
      }
      return;
    }
    const event = parseEvent(payload);
    if (event) for (const subscriber of subscribers) subscriber.deliver(event);
  };
  return {
    async subscribe(subscriber: Subscriber): Promise<() => void> {
      subscribers.add(subscriber);
      stop ??= runtime.db.listen(EVENTS_CHANNEL, onPayload);
      try {
        await stop;
      } catch (error) {
        subscribers.delete(subscriber);
        stop = undefined;
        throw error;
      }
      return () => subscribers.delete(subscriber);
    },
    async close(): Promise<void> {
      subscribers.clear();
      const unlisten = await stop?.catch(() => undefined);
      stop = undefined;
      await unlisten?.();
    },
  };
}

/** Which events a principal may see: those of entities whose tickets or channels it may read. */
function visibleTo(request: FastifyRequest): (event: InboxEvent) => boolean {
  const scope = entityScope(request.principal);
  return (event) => {
    if (scope !== 'all' && !scope.includes(event.entity)) return false;
    return can(request.principal, event.type === 'tickets' ? 'tickets.read' : 'channels.read', event.entity);
  };
}

/**
 * GET /api/events: server-sent events telling the browser what changed (ids only), so the queue, an
 * open ticket and the health board refresh without a reload. Events are hints: on reconnect the
 * browser refetches, so a notification lost while a connection was down loses nothing.
 */
export function registerEventRoutes(app: FastifyInstance, runtime: Runtime): void {
  const hub = createEventHub(runtime);
  const open = new Set<() => void>();
  // Open streams would otherwise hold a shutdown until their lifetime ends.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  app.addHook('onClose', async () => hub.close());

  app.get(
    '/api/events',
    {
      schema: { summary: 'Live updates (server-sent events): ids of tickets and channels that changed in my entities', tags: ['live'] },
      // The stream narrows itself to the caller's entities (visibleTo).
      config: { access: { self: true } },
    },
    async (request, reply) => {
      const visible = visibleTo(request);
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      stream.write('retry: 3000\n\n');
      let unsubscribe: (() => void) | undefined;
      const end = (): void => {
        open.delete(end);
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        unsubscribe?.();
        if (!stream.writableEnded) stream.end();
      };
      const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(end, STREAM_LIFETIME_MS);
      request.raw.on('close', end);
      open.add(end);
      const principal = request.principal;
      const session = request.authSession;
      try {
        unsubscribe = await hub.subscribe({
          userId: principal?.kind === 'user' ? principal.userId : undefined,
          sessionId: session?.id,
          deliver: (event) => {
            if (visible(event)) stream.write(`event: ${event.type}\ndata: ${JSON.stringify({ entity: event.entity, ids: event.ids })}\n\n`);
          },
          end,
        });
        // A logout or a disabled account between the session check and the listener is caught here.
        if (session && !stream.writableEnded && !(await sessionIsLive(runtime.db, session.id))) end();
        if (stream.writableEnded) unsubscribe();
        else stream.write(': connected\n\n');
      } catch (error) {
        runtime.logger.error({ error: String(error) }, 'live events unavailable');
        end();
      }
    },
  );
}
