import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

export const REDIS_HELP =
  'No Redis answers at REDIS_URL and no redis-server is installed. Start one with `docker compose up -d redis` or `apt-get install redis-server`.';

/**
 * Uses the Redis at `url` when it answers; otherwise starts a private redis-server on a free port
 * (no persistence) when the binary is on the PATH. Returns undefined when neither is possible.
 */
export async function ensureRedis(url: string): Promise<LocalRedis | undefined> {
  if (await redisAnswers(url)) return { url, stop: async () => undefined };
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'inbox-redis-'));
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
  } catch {
    return undefined;
  }
  const started = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    const localUrl = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 5000;
    const probe = async () => {
      if (await redisAnswers(localUrl, 300)) return resolve(true);
      if (Date.now() > deadline || child.exitCode !== null) return resolve(false);
      setTimeout(() => void probe(), 100);
    };
    void probe();
  });
  if (!started) {
    child.kill();
    return undefined;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
