import { createServer, type Server } from 'node:http';
import { exposition, METRICS_CONTENT_TYPE } from './metrics.js';
import { bearerTokenMatches } from '../accounts/principal.js';

/**
 * A worker process has no API: it serves its own counters (ingest, polls, process figures) at
 * GET /metrics on METRICS_PORT, with the same bearer token. The installation's state is the API's to report.
 */
export async function startMetricsServer(options: { port: number; host: string; token: string }): Promise<{ port: number; close(): Promise<void> }> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) throw new Error(`METRICS_PORT: not a port number: ${options.port}`);
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?', 1)[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    if (!bearerTokenMatches(options.token, request.headers.authorization)) {
      response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    exposition().then(
      (text) => response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: address && typeof address === 'object' ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
