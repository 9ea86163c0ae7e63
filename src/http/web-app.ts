import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Paths that belong to the server, never to the single-page app's client routes. */
const SERVER_PREFIXES = ['/api', '/webhooks', '/health'];

function isServerPath(pathname: string): boolean {
  return SERVER_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/**
 * Serves the built inbox web app (`npm run build:web` → dist/web) from the API's own origin, so the
 * session cookie and the CSRF header need no CORS. Hashed files under /assets are cached for a
 * year; index.html is always revalidated. Any other GET that is not under /api, /webhooks or
 * /health and does not name a file gets index.html, so client routes (/tickets/12) survive a
 * reload. Register after the API routes (it installs the not-found handler).
 */
export async function registerWebApp(app: FastifyInstance, options: { dir: string }): Promise<void> {
  const dir = path.resolve(options.dir);
  const built = existsSync(path.join(dir, 'index.html'));

  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      // Routes for the files present at start-up only: no file-system lookups for arbitrary paths.
      wildcard: false,
      index: false,
      redirect: false,
      dotfiles: 'deny',
      setHeaders(reply, filePath) {
        const immutable = filePath.startsWith(path.join(dir, 'assets') + path.sep);
        void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?', 1)[0]!;
    const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
    const clientRoute = (request.method === 'GET' || request.method === 'HEAD') && !isServerPath(pathname) && !lastSegment.includes('.');
    if (!clientRoute) {
      return reply.code(404).send({ error: 'not_found', message: `Route ${request.method}:${pathname} not found` });
    }
    if (!built) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The inbox web app is not built: run \`npm run build:web\` (expected ${path.join(dir, 'index.html')}).`);
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', dir);
  });
}
