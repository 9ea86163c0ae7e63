import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP server every platform emulator runs on: 127.0.0.1 only, a free port unless one is given,
 * and starting again after stop() reuses the same port so a base URL stays valid across an outage.
 */
export class LoopbackServer {
  private server: http.Server | undefined;
  private baseUrl = '';

  constructor(
    private readonly handler: http.RequestListener,
    private port = 0,
  ) {}

  /** The base URL, ending in '/': '' while stopped. */
  get url(): string {
    return this.baseUrl;
  }

  async start(): Promise<string> {
    if (this.server) return this.baseUrl;
    const server = http.createServer(this.handler);
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${this.port}/`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/**
 * The base of every HTTP platform emulator: it owns the emulator's LoopbackServer, which reads each
 * request's body and answers with onRequest(), and gives it url, start() and stop().
 */
export abstract class LoopbackEmulator {
  protected readonly http: LoopbackServer;

  constructor(port = 0) {
    this.http = new LoopbackServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.onRequest(req, res, Buffer.concat(chunks).toString()));
    }, port);
  }

  /** Answers one request to the emulated API, its body read to the end (UTF-8). */
  protected abstract onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void;

  /** The base URL, ending in '/': '' while stopped. */
  get url(): string {
    return this.http.url;
  }

  /** Where this emulator serves a demo file (`/media/<name>`, see emulator-media.ts): an absolute URL once started. */
  mediaUrl(name: string): string {
    return `${this.http.url}media/${encodeURIComponent(name)}`;
  }

  /** Starting again after stop() reuses the port and keeps everything added. */
  start(): Promise<string> {
    return this.http.start();
  }

  stop(): Promise<void> {
    return this.http.stop();
  }
}
