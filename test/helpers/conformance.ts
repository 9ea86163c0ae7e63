/**
 * What every connector ↔ emulator conformance test does the same way: poll like the poll worker,
 * normalize like ingest (malformed items included), expect a rejection, live through an emulator's
 * outage, read its request log, answer a reply target, and meet a server that never answers.
 */
import net from 'node:net';
import {
  NormalizeError,
  TransientError,
  type ChannelContext,
  type Connector,
  type Cursor,
  type InboundMessage,
  type RawItem,
  type ReplyTarget,
  type Visibility,
  type WebhookRequest,
} from '../../connectors/types.js';

/** The most pages one poll may take before it counts as a runaway. */
const MAX_PAGES = 50;

export interface PollResult {
  items: RawItem[];
  /** The cursor of the last page: what the poll worker stores. */
  cursor: Cursor;
  pages: number;
}

/**
 * Runs one poll the way the poll worker does: fetch until `more` is false. With `stored`, each
 * cursor makes the round trip through JSON that the channel row gives it before it is passed back.
 */
export async function poll(connector: Pick<Connector, 'fetch'>, channel: ChannelContext, cursor: Cursor | null, opts: { stored?: boolean } = {}): Promise<PollResult> {
  const items: RawItem[] = [];
  let pages = 0;
  for (;;) {
    const page = await connector.fetch(channel, cursor);
    pages++;
    items.push(...page.items);
    const next: Cursor = opts.stored ? (JSON.parse(JSON.stringify(page.cursor)) as Cursor) : page.cursor;
    if (!page.more) return { items, cursor: next, pages };
    if (pages > MAX_PAGES) throw new Error('poll does not end');
    cursor = next;
  }
}

/** The messages ingest would make of the items; ignored items are left out. */
export function messages(connector: Pick<Connector, 'normalize'>, items: RawItem[], channel: ChannelContext): InboundMessage[] {
  return items.flatMap((item) => {
    const outcome = connector.normalize(item, channel);
    return outcome.kind === 'message' ? [outcome.message] : [];
  });
}

/**
 * For each item, in order: the kind of its outcome ('message' or 'ignored'), or, when it fails to
 * normalize, its error's message, once checked to be a NormalizeError that does not repeat the
 * payload's text (`leak` matches what must not appear in it).
 */
export function kindsOrErrors(connector: Pick<Connector, 'normalize'>, items: RawItem[], channel: ChannelContext, leak: RegExp): string[] {
  return items.map((item) => {
    try {
      return connector.normalize(item, channel).kind;
    } catch (e) {
      expect(e).toBeInstanceOf(NormalizeError);
      expect((e as Error).message).not.toMatch(leak);
      return (e as Error).message;
    }
  });
}

/** The error the promise rejects with; fails when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/**
 * Stops the emulator, returns the error `call` rejects with meanwhile (checked to be a
 * TransientError), and starts the emulator again, checked to be back on the same URL.
 */
export async function outageRejection(emulator: { readonly url: string; stop(): Promise<void>; start(): Promise<string> }, call: () => Promise<unknown>): Promise<Error> {
  const url = emulator.url;
  await emulator.stop();
  const error = await rejection(call());
  expect(error).toBeInstanceOf(TransientError);
  expect(await emulator.start()).toBe(url);
  return error;
}

/** The emulator's logged requests whose path matches, in order. */
export function requestsTo<T extends { path: string }>(emulator: { readonly requestLog: readonly T[] }, path: RegExp): T[] {
  return emulator.requestLog.filter((r) => path.test(r.path));
}

/** The reply target an agent's answer to `m` gets. */
export function replyTarget(m: InboundMessage, visibility: Visibility): ReplyTarget {
  return {
    visibility,
    inReplyToRaw: m.raw,
    inReplyToExternalId: m.externalId,
    inReplyToKind: m.kind,
    conversationKey: m.conversationKey,
    recipientPlatformUserId: m.author.platformUserId,
  };
}

/** A signed webhook delivery (the exact bytes and their headers) as the ingress receives it. */
export function deliveryRequest(delivery: { rawBody: Buffer; headers: Record<string, string> }, overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return { method: 'POST', query: {}, headers: { ...delivery.headers }, rawBody: delivery.rawBody, ...overrides };
}

/** A server that accepts connections and never answers (see timeoutRejection). */
export interface SilentServer {
  port: number;
  /** `http://127.0.0.1:<port>/`, a base URL for an HTTP connector. */
  url: string;
  /** Drops the connections it holds and stops listening. */
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that accepts connections and never sends a byte: no HTTP answer, no IMAP greeting. */
async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Runs `call` against a silentServer() and returns the error it rejects with, once checked to be a
 * TransientError that came within 5 s: the connector's own timeout gave up, not Jest's.
 */
export async function timeoutRejection(call: (server: SilentServer) => Promise<unknown>): Promise<Error> {
  const server = await silentServer();
  try {
    const started = Date.now();
    const error = await rejection(call(server));
    expect(error).toBeInstanceOf(TransientError);
    expect(Date.now() - started).toBeLessThan(5000);
    return error;
  } finally {
    await server.close();
  }
}
