/**
 * The chaos run's X API, in a process of its own: the XEmulator with a backlog, a steady trickle of
 * new mentions, hostile items, and a small control API (JSON over HTTP on another loopback port)
 * through which the harness injects faults and reads back what the platform saw: every mention it
 * served (the ledger the counts are checked against) and every reply and DM it received.
 *
 * Usage: tsx test/chaos/emulator-process.ts <backlog> — prints {"url","control"} as one JSON line.
 */
import type http from 'node:http';
import { LoopbackServer } from '../../connectors/loopback-server.js';
import { XEmulator, type XFailStatus } from '../../connectors/x/emulator.js';
import { ACCOUNTS, complaintText, questionText } from './scenario.js';

interface PathRule {
  remaining: number;
  path?: RegExp;
}

function takeRule<T extends PathRule>(rules: T[], pathname: string): T | undefined {
  const rule = rules.find((r) => r.remaining > 0 && (!r.path || r.path.test(pathname)));
  if (rule && --rule.remaining === 0) rules.splice(rules.indexOf(rule), 1);
  return rule;
}

/** Faults the XEmulator does not have: a request never answered, and a body cut in half. */
class ChaosXEmulator extends XEmulator {
  readonly hangRules: Array<PathRule & { ms: number }> = [];
  readonly truncateRules: PathRule[] = [];
  /** The request is carried out (a reply is recorded), its answer held back for `ms`. */
  readonly delayRules: Array<PathRule & { ms: number }> = [];
  /** Client ports of requests whose answer is being held back. */
  readonly delayed: Array<{ port: number; path: string; at: number }> = [];
  /** JSON string literals in a response replaced by other JSON text (deep nesting, duplicate ids). */
  readonly placeholders = new Map<string, string>();
  /** Per user id: the client port of the last mentions request, to find the process polling it. */
  readonly lastClient = new Map<string, { port: number; at: number }>();
  readonly faultsServed: Array<{ kind: string; path: string; at: string }> = [];

  protected override onRequest(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const pathname = new URL(req.url ?? '/', 'http://emulator').pathname;
    const mention = /^\/2\/users\/(\d+)\/mentions$/.exec(pathname);
    if (mention && req.socket.remotePort) this.lastClient.set(mention[1]!, { port: req.socket.remotePort, at: Date.now() });
    const hang = takeRule(this.hangRules, pathname);
    if (hang) {
      this.faultsServed.push({ kind: 'hang', path: pathname, at: new Date().toISOString() });
      const timer = setTimeout(() => res.destroy(), hang.ms);
      res.once('close', () => clearTimeout(timer));
      return;
    }
    const truncate = takeRule(this.truncateRules, pathname);
    if (truncate) this.faultsServed.push({ kind: 'truncate', path: pathname, at: new Date().toISOString() });
    const delay = takeRule(this.delayRules, pathname);
    if (delay) {
      this.faultsServed.push({ kind: 'delay-after', path: pathname, at: new Date().toISOString() });
      this.delayed.push({ port: req.socket.remotePort ?? 0, path: pathname, at: Date.now() });
    }
    const end = res.end.bind(res) as (chunk: string) => http.ServerResponse;
    res.end = ((chunk: unknown) => {
      let text = typeof chunk === 'string' ? chunk : '';
      for (const [literal, replacement] of this.placeholders) if (text.includes(literal)) text = text.split(literal).join(replacement);
      if (truncate) text = text.slice(0, Math.floor(text.length / 2));
      if (!delay) return end(text);
      setTimeout(() => {
        if (!res.destroyed) end(text);
      }, delay.ms);
      return res;
    }) as typeof res.end;
    super.onRequest(req, res, rawBody);
  }
}

interface HostileItem {
  kind: string;
  userId: string;
  /** The id the platform gives it (none for the item without one). */
  id?: string;
  /** Text at the start of the item's text, to find it in messages or quarantine without an id. */
  marker: string;
}

const emulator = new ChaosXEmulator();
const url = await emulator.start();
for (const account of Object.values(ACCOUNTS)) emulator.addAccount({ userId: account.userId, handle: account.handle, token: account.token });

/** Every well-formed mention added, per recipient: what must end up stored. */
const ledger = new Map<string, { ids: string[]; complaints: string[] }>();
const hostile: HostileItem[] = [];
let seq = 0;

function addMentions(userId: string, count: number, complaintEvery: number): string[] {
  const account = Object.values(ACCOUNTS).find((a) => a.userId === userId);
  if (!account) throw new Error(`unknown account ${userId}`);
  let entry = ledger.get(userId);
  if (!entry) ledger.set(userId, (entry = { ids: [], complaints: [] }));
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = seq++;
    // Every author writes once, so a target (tweet or DM participant) should get one reply at most.
    const complaint = complaintEvery > 0 && n % complaintEvery === 0;
    const id = emulator.addMention({
      toUserId: userId,
      authorId: String(500_000 + n),
      username: `citizen${n}`,
      text: complaint ? complaintText(account.handle, n) : questionText(account.handle, n),
      lang: 'nl',
    });
    entry.ids.push(id);
    if (complaint) entry.complaints.push(id);
    ids.push(id);
  }
  return ids;
}

function deepJson(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

/** The hostile items, each once; the duplicate id is served next to the mention whose id it copies. */
function addHostile(userId: string): HostileItem[] {
  const account = Object.values(ACCOUNTS).find((a) => a.userId === userId)!;
  const items: HostileItem[] = [];
  const structured = (kind: string, text: string, name?: string) => {
    const n = seq++;
    const marker = `[chaos-hostile:${kind}]`;
    const id = emulator.addMention({ toUserId: userId, authorId: String(900_000 + n), username: `hostile${n}`, name: name ?? `hostile${n}`, text: `${marker} @${account.handle} ${text}`, lang: 'nl' });
    items.push({ kind, userId, id, marker });
    return id;
  };
  structured('nul-in-text', 'tekst met \u0000 een NUL-teken');
  structured('lone-surrogate', 'tekst met een losse \ud800 surrogaat');
  structured('nul-in-author-name', 'gewone tekst, maar de naam van de auteur bevat een NUL', 'Jan\u0000Peeters');
  structured('1mb-text', 'x'.repeat(1024 * 1024));
  structured('10k-emoji', '😡'.repeat(10_000));
  structured('bidi-override', '\u202Egnirts desrever\u202C \u2066isolate\u2069 \u200F');
  const original = structured('duplicate-id', 'het origineel van een dubbel id');
  const raw = (kind: string, tweet: Record<string, unknown>, id?: string) => {
    const marker = `[chaos-hostile:${kind}]`;
    emulator.addRawMention(userId, { ...tweet, text: `${marker} ${String(tweet.text ?? '')}` });
    items.push({ kind, userId, ...(id ? { id } : {}), marker });
  };
  const n = seq++;
  const deepId = String(BigInt(original) + 1n);
  emulator.placeholders.set('"__CHAOS_DEEP__"', deepJson(10_000));
  raw('nested-10000-levels', { id: deepId, author_id: String(900_000 + n), text: 'een item 10.000 niveaus diep', conversation_id: deepId, nested: '__CHAOS_DEEP__' }, deepId);
  raw('missing-id', { author_id: String(900_000 + n + 1), text: 'een item zonder id' });
  // Added after the original, so served in the same page or the next one, with the original's id.
  emulator.placeholders.set('"__CHAOS_DUPLICATE__"', JSON.stringify(original));
  raw('duplicate-id-copy', { id: '__CHAOS_DUPLICATE__', author_id: String(900_000 + n + 2), text: 'een tweede item met hetzelfde id' }, original);
  seq += 2;
  hostile.push(...items);
  return items;
}

const trickles = new Map<string, NodeJS.Timeout>();

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const control = new LoopbackServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const u = new URL(req.url ?? '/', 'http://control');
      const body = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {}) as Record<string, unknown>;
      const path = typeof body.path === 'string' ? new RegExp(body.path) : undefined;
      const count = typeof body.count === 'number' ? body.count : 1;
      switch (`${req.method} ${u.pathname}`) {
        case 'POST /fail':
          emulator.failNext(body.status as XFailStatus, {
            count,
            ...(typeof body.resetAtMs === 'number' ? { resetAt: new Date(body.resetAtMs) } : {}),
            ...(path ? { path } : {}),
          });
          return json(res, 200, { ok: true });
        case 'POST /hang':
          emulator.hangRules.push({ remaining: count, ms: Number(body.ms), ...(path ? { path } : {}) });
          return json(res, 200, { ok: true });
        case 'POST /delay-after':
          emulator.delayRules.push({ remaining: count, ms: Number(body.ms), ...(path ? { path } : {}) });
          return json(res, 200, { ok: true });
        case 'GET /delayed':
          return json(res, 200, { delayed: emulator.delayed });
        case 'POST /truncate':
          emulator.truncateRules.push({ remaining: count, ...(path ? { path } : {}) });
          return json(res, 200, { ok: true });
        case 'POST /clear':
          emulator.clearFailures();
          emulator.hangRules.length = 0;
          emulator.truncateRules.length = 0;
          emulator.delayRules.length = 0;
          return json(res, 200, { ok: true });
        case 'POST /mentions':
          return json(res, 200, { ids: addMentions(String(body.userId), count, Number(body.complaintEvery ?? 0)) });
        case 'POST /trickle': {
          const userId = String(body.userId);
          clearInterval(trickles.get(userId));
          trickles.delete(userId);
          const everyMs = Number(body.everyMs ?? 0);
          if (everyMs > 0) trickles.set(userId, setInterval(() => addMentions(userId, 1, Number(body.complaintEvery ?? 0)), everyMs));
          return json(res, 200, { ok: true });
        }
        case 'POST /hostile':
          return json(res, 200, { items: addHostile(String(body.userId)) });
        case 'GET /ledger':
          return json(res, 200, { accounts: Object.fromEntries(ledger), hostile });
        case 'GET /replies':
          return json(res, 200, {
            replies: emulator.replies.map((r) => ({ kind: r.kind, id: r.id, byUserId: r.byUserId, target: r.kind === 'dm' ? `dm:${r.byUserId}->${r.participantId}` : `tweet:${r.inReplyToTweetId ?? 'none'}`, at: r.at })),
          });
        case 'GET /client':
          return json(res, 200, emulator.lastClient.get(u.searchParams.get('user') ?? '') ?? {});
        case 'GET /stats': {
          const statuses: Record<string, number> = {};
          for (const r of emulator.requestLog) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          return json(res, 200, { requests: emulator.requestLog.length, statuses, faultsServed: emulator.faultsServed });
        }
        default:
          return json(res, 404, { error: `no ${req.method} ${u.pathname}` });
      }
    } catch (error) {
      json(res, 500, { error: String(error) });
    }
  });
});
const controlUrl = await control.start();

addMentions(ACCOUNTS.backlog.userId, Number(process.argv[2] ?? 20_000), Number(process.argv[3] ?? 25));
process.stdout.write(`${JSON.stringify({ url, control: controlUrl })}\n`);

const stop = () => {
  for (const timer of trickles.values()) clearInterval(timer);
  void Promise.all([emulator.stop(), control.stop()]).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The harness holds stdin open: when it dies without cleaning up, this process ends too.
process.stdin.on('end', stop);
process.stdin.resume();
