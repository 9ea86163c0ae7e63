/**
 * What the coordinators' side sees: a complaint webhook receiver (an entity's own complaint
 * system) and an SMTP sink, both on 127.0.0.1, counting deliveries per complaint.
 */
import { createHmac } from 'node:crypto';
import { LoopbackServer } from '../../connectors/loopback-server.js';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { onCleanup } from './services.js';
import { WEBHOOK_SECRET } from './scenario.js';

export interface WebhookReceiver {
  url: string;
  /** Deliveries answered 2xx, per complaint id (from the body). */
  perComplaint: Map<string, number>;
  /** Distinct Idempotency-Key values seen, per complaint id. */
  keysPerComplaint: Map<string, Set<string>>;
  badSignatures: number;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', perComplaint: new Map(), keysPerComplaint: new Map(), badSignatures: 0 };
  const server = new LoopbackServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
      if (req.headers['x-inbox-signature'] !== expected) {
        receiver.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      let id = 'unreadable';
      try {
        id = String((JSON.parse(body) as { complaint?: { id?: unknown } }).complaint?.id ?? 'missing');
      } catch {
        // counted under 'unreadable'
      }
      receiver.perComplaint.set(id, (receiver.perComplaint.get(id) ?? 0) + 1);
      const key = String(req.headers['idempotency-key'] ?? '');
      let keys = receiver.keysPerComplaint.get(id);
      if (!keys) receiver.keysPerComplaint.set(id, (keys = new Set()));
      keys.add(key);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  receiver.url = `${await server.start()}complaints`;
  onCleanup('webhook receiver', () => server.stop());
  return receiver;
}

export interface MailSink {
  url: string;
  /** Coordinator mails (not withdrawals) per complaint id (X-Inbox-Complaint header). */
  perComplaint(): Map<string, number>;
  /** Distinct Message-IDs of those mails, per complaint id: a repeat after a crash keeps its Message-ID. */
  keysPerComplaint(): Map<string, Set<string>>;
  total(): number;
}

/** A real SMTP server on loopback; a worker killed in the middle of a session is no error here. */
export async function startMailSink(): Promise<MailSink> {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  onCleanup('smtp sink', () => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `smtp://127.0.0.1:${port}`,
    total: () => mails.length,
    keysPerComplaint() {
      const keys = new Map<string, Set<string>>();
      for (const raw of mails) {
        const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
        if (/^References:/im.test(head)) continue;
        const id = /^X-Inbox-Complaint:\s*(\S+)/im.exec(head)?.[1] ?? 'missing';
        const messageId = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? `none-${keys.size}`;
        let set = keys.get(id);
        if (!set) keys.set(id, (set = new Set()));
        set.add(messageId);
      }
      return keys;
    },
    perComplaint() {
      const counts = new Map<string, number>();
      for (const raw of mails) {
        const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
        if (/^References:/im.test(head)) continue; // a withdrawal refers to the original mail
        const id = /^X-Inbox-Complaint:\s*(\S+)/im.exec(head)?.[1] ?? 'missing';
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
  };
}

/**
 * An agent's open browser: the API's live event stream (server-sent events), read continuously and
 * opened again whenever it ends, so the API holds a database listener through the faults.
 */
export function watchEvents(url: string, token: string): { stop(): void; stats: { connects: number; bytes: number } } {
  const stats = { connects: 0, bytes: 0 };
  let stopped = false;
  let current: AbortController | undefined;
  void (async () => {
    while (!stopped) {
      current = new AbortController();
      try {
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: current.signal });
        stats.connects++;
        const reader = response.body?.getReader();
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) break;
          stats.bytes += chunk.value.length;
        }
      } catch {
        // the API restarting, or stop()
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  const stop = () => {
    stopped = true;
    current?.abort();
  };
  onCleanup('event stream', stop);
  return { stop, stats };
}
