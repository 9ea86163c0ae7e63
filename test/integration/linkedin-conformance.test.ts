/**
 * The LinkedIn connector against the LinkedIn emulator over real HTTP (Node fetch → node:http server),
 * and its webhook support behind a real local HTTP endpoint. No mocks. No LinkedIn success payload was
 * ever recorded in public: the emulator serves the documented shapes (fixtures/*.docs.json).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLinkedInConnector, DEFAULT_LINKEDIN_VERSION } from '../../connectors/linkedin/connector.js';
import { LinkedInEmulator, LINKEDIN_ERRORS, linkedInWebhookDelivery, seedDemo } from '../../connectors/linkedin/emulator.js';
import { encodeUrn } from '../../connectors/linkedin/urn.js';
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Cursor,
  type RawItem,
  type WebhookRequest,
} from '../../connectors/types.js';
import { kindsOrErrors, messages, outageRejection, poll, rejection, requestsTo, timeoutRejection } from '../helpers/conformance.js';
import { platformJson } from '../helpers/fixtures.js';

type Json = Record<string, unknown>;
const read = <T>(name: string): T => platformJson('linkedin', name) as T;

const ORG = 'urn:li:organization:2414183';
const TOKEN = 'li-token-vlaanderen-0001';
const SECRET = 'li-client-secret-0001';
const ANNA = 'urn:li:person:AnnaP01';
const BERT = 'urn:li:person:BertV02';

let emu: LinkedInEmulator;
let connector: ReturnType<typeof createLinkedInConnector>;

function channelFor(credentials: Record<string, string> = { accessToken: TOKEN, clientSecret: SECRET }): ChannelContext {
  return { id: 'ch-li-1', entityId: 'ent-1', platform: 'linkedin', account: { organizationUrn: ORG }, baseUrl: emu.url, credentials };
}

beforeEach(async () => {
  emu = new LinkedInEmulator();
  emu.addOrganization({ organizationUrn: ORG, token: TOKEN, memberUrn: 'urn:li:person:AdminVl' });
  await emu.start();
  connector = createLinkedInConnector({ timeoutMs: 5000 });
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('LinkedIn connector ↔ emulator: documented shapes and Rest.li encoding', () => {
  it('reads the doc-derived comments verbatim and sends the required headers and encodings', async () => {
    const docs = read<{ response: { body: { elements: Json[] } } }>('comments_page.docs.json').response.body.elements;
    const { share } = emu.addPost({ author: ORG, commentary: 'Nieuwe openingsuren', createdAt: new Date(1795160000000) });
    for (const c of docs) emu.addRawComment(share, c);
    const fixed = createLinkedInConnector({ timeoutMs: 5000, now: () => new Date(1795170000000) });
    const channel = channelFor();

    const { items } = await poll(fixed, channel, null);

    expect(items.map((i) => (i.payload as { comment: unknown }).comment)).toEqual(docs);
    expect(items.map((i) => connector.normalize(i, channel).kind)).toEqual(['message', 'ignored', 'message']);
    for (const r of emu.requestLog) expect(r).toMatchObject({ version: DEFAULT_LINKEDIN_VERSION, restli: '2.0.0' });
    // The first comment reports one reply: its replies are asked for (unknown here → 404, skipped).
    const [posts, comments, replies, notifications] = emu.requestLog;
    expect(replies).toMatchObject({ path: `/rest/socialActions/${encodeUrn(String(docs[0]!.commentUrn))}/comments`, status: 404 });
    expect([posts, comments, notifications].map((r) => r!.status)).toEqual([200, 200, 200]);
    expect(posts).toMatchObject({ path: '/rest/posts', query: `author=${encodeUrn(ORG)}&q=author&count=10` });
    expect(comments!.path).toBe(`/rest/socialActions/${encodeUrn(share)}/comments`);
    expect(comments!.path).not.toMatch(/[:()]/);
    expect(notifications!.path).toBe('/rest/organizationalEntityNotifications');
    expect(notifications!.query).toContain(`organizationalEntity=${encodeUrn(ORG)}`);
    expect(notifications!.query).toContain('actions=List(COMMENT,SHARE_MENTION)');
    expect(notifications!.query).toMatch(/timeRange=\(start:\d+,end:1795170000000\)/);
  });

  it('answers a wrongly encoded request with 400 and a retired version with 426', async () => {
    const headers = { authorization: `Bearer ${TOKEN}`, 'linkedin-version': DEFAULT_LINKEDIN_VERSION, 'x-restli-protocol-version': '2.0.0' };
    const raw = await fetch(`${emu.url}rest/posts?author=${ORG}&q=author`, { headers });
    expect(raw.status).toBe(400);
    const list = await fetch(`${emu.url}rest/organizationalEntityNotifications?q=criteria&organizationalEntity=${encodeUrn(ORG)}&actions=List%28COMMENT%29`, { headers });
    expect(list.status).toBe(400);
    const old = await fetch(`${emu.url}rest/posts?author=${encodeUrn(ORG)}&q=author`, { headers: { ...headers, 'linkedin-version': '202401' } });
    expect(old.status).toBe(426);
    expect(await old.json()).toMatchObject({ code: 'NONEXISTENT_VERSION' });

    const retired = createLinkedInConnector({ timeoutMs: 5000, version: '202401' });
    const error = await rejection(retired.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/426.*no longer active/);
  });
});

describe('LinkedIn connector ↔ emulator: polling', () => {
  it('first poll reads comments and mentions once; the next poll only returns new items', async () => {
    const channel = channelFor();
    const { share, activity } = emu.addPost({ author: ORG, commentary: 'Vanaf 1 december nieuwe openingsuren' });
    const c1 = emu.addComment({ post: share, actor: ANNA, text: 'Ook in Gent?' });
    const c2 = emu.addComment({ post: share, actor: BERT, text: 'Mijn afspraak werd geannuleerd' });
    const m1 = emu.addMention({ organizationUrn: ORG, author: BERT, commentary: 'Dank aan het loket voor de hulp!' });

    const first = await poll(connector, channel, null);
    // The COMMENT notifications of c1 and c2 were already read by the walk: not returned twice.
    expect(first.items.map((i) => [i.type, i.externalId])).toEqual([
      ['comment', c1],
      ['comment', c2],
      ['notification', m1],
    ]);
    expect(first.pages).toBe(3);
    const msgs = messages(connector, first.items, channel);
    expect(msgs.map((m) => [m.kind, m.conversationKey])).toEqual([
      ['comment', `li:post:${activity}:${ANNA}`],
      ['comment', `li:post:${activity}:${BERT}`],
      ['post', `li:post:${m1}:${BERT}`],
    ]);
    expect(first.cursor).toMatchObject({ phase: 'posts', queue: [] });

    const c3 = emu.addComment({ post: share, actor: ANNA, text: 'Nog een vraag' });
    const m2 = emu.addMention({ organizationUrn: ORG, author: ANNA, commentary: 'Vraag aan de dienst' });
    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([c3, m2]);
    expect(messages(connector, second.items, channel)[0]!.conversationKey).toBe(`li:post:${activity}:${ANNA}`);

    const third = await poll(connector, channel, JSON.parse(JSON.stringify(second.cursor)) as Cursor);
    expect(third.items).toEqual([]);
  });

  it('walks replies of a comment whose reply count grew, once, and threads them per author', async () => {
    const channel = channelFor();
    const { share, activity } = emu.addPost({ author: ORG, commentary: 'Post' });
    const c1 = emu.addComment({ post: share, actor: ANNA, text: 'Vraag' });
    const first = await poll(connector, channel, null);
    const question = messages(connector, first.items, channel)[0]!;

    const own = await connector.reply(channel, { visibility: 'public', inReplyToExternalId: c1, inReplyToKind: 'comment', conversationKey: question.conversationKey, recipientPlatformUserId: ANNA, inReplyToRaw: question.raw }, 'Antwoord');
    const r1 = emu.addComment({ post: share, actor: ANNA, text: 'Dank, maar het klopt niet', parentComment: c1 });
    const r2 = emu.addComment({ post: share, actor: BERT, text: 'Zelfde probleem', parentComment: c1 });

    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([own.externalId, r1, r2]);
    expect(second.items.map((i) => connector.normalize(i, channel).kind)).toEqual(['ignored', 'message', 'message']);
    const [a, b] = messages(connector, second.items, channel);
    expect(a).toMatchObject({ kind: 'reply', parentExternalId: c1, conversationKey: question.conversationKey });
    expect(b).toMatchObject({ kind: 'reply', parentExternalId: c1, conversationKey: `li:post:${activity}:${BERT}` });
    const repliesPath = `/rest/socialActions/${encodeUrn(c1)}/comments`;
    expect(requestsTo(emu, new RegExp(`^${repliesPath.replace(/[()%]/g, '\\$&')}$`))).toHaveLength(1);

    const before = emu.requestLog.length;
    const third = await poll(connector, channel, second.cursor);
    expect(third.items).toEqual([]);
    expect(emu.requestLog.slice(before).some((r) => r.path === repliesPath)).toBe(false);
  });

  it('pages 12 comments in 3 pages, each once, and resumes from a stored cursor', async () => {
    const small = createLinkedInConnector({ timeoutMs: 5000, pageSize: 5 });
    const channel = channelFor();
    const { share } = emu.addPost({ author: ORG, commentary: 'Post' });
    const ids = Array.from({ length: 12 }, (_, i) => emu.addComment({ post: share, actor: `urn:li:person:P${i}`, text: `reactie ${i}` }));

    const posts = await small.fetch(channel, null);
    const page1 = await small.fetch(channel, posts.cursor);
    expect(page1.items.map((i) => i.externalId)).toEqual(ids.slice(0, 5));
    expect(page1.more).toBe(true);
    expect(page1.cursor).toMatchObject({ phase: 'comments', start: 5 });

    const fresh = createLinkedInConnector({ timeoutMs: 5000, pageSize: 5 });
    const rest = await poll(fresh, channel, JSON.parse(JSON.stringify(page1.cursor)) as Cursor);
    const seen = [...page1.items, ...rest.items].map((i) => i.externalId);
    expect(seen).toEqual(ids);
    const starts = requestsTo(emu, /\/comments$/).map((r) => new URLSearchParams(r.query).get('start'));
    expect(starts).toEqual(['0', '5', '10']);
  });

  it('handles an organization with no posts and no notifications', async () => {
    const channel = channelFor();
    const posts = await connector.fetch(channel, null);
    expect(posts).toMatchObject({ items: [], more: true, cursor: { phase: 'notifications', queue: [] } });
    const notifications = await connector.fetch(channel, posts.cursor);
    expect(notifications).toMatchObject({ items: [], more: false, cursor: { phase: 'posts' } });
    expect(emu.requestLog.map((r) => [r.path, r.status])).toEqual([
      ['/rest/posts', 200],
      ['/rest/organizationalEntityNotifications', 200],
    ]);
  });

  it('reads comments on an old post through notifications, fetching undecorated ones', async () => {
    const channel = channelFor();
    const old = emu.addPost({ author: ORG, commentary: 'Oude post', createdAt: new Date(Date.now() - 90 * 24 * 3600_000) });
    emu.decorateNotifications = false;
    const c1 = emu.addComment({ post: old.share, actor: ANNA, text: 'Late vraag op een oude post' });

    const { items } = await poll(connector, channel, null);
    expect(items.map((i) => [i.type, i.externalId])).toEqual([['notification', c1]]);
    expect(requestsTo(emu, new RegExp(`^/rest/socialActions/${encodeUrn(old.share)}/comments$`))).toHaveLength(0);
    expect(requestsTo(emu, /\/comments\/\d+$/)).toHaveLength(1);
    const [m] = messages(connector, items, channel);
    expect(m).toMatchObject({ externalId: c1, text: 'Late vraag op een oude post', conversationKey: `li:post:${old.activity}:${ANNA}` });
  });

  it('skips a post that was deleted while queued (404) and goes on', async () => {
    const channel = channelFor();
    const gone = emu.addPost({ author: ORG, commentary: 'Verwijderd', createdAt: new Date(Date.now() - 1000) });
    const kept = emu.addPost({ author: ORG, commentary: 'Blijft' });
    emu.addComment({ post: gone.share, actor: ANNA, text: 'weg' });
    const c = emu.addComment({ post: kept.share, actor: BERT, text: 'blijft' });
    emu.failNext(404, { path: new RegExp(`^/rest/socialActions/${encodeUrn(gone.share)}/comments$`) });
    const { items } = await poll(connector, channel, null);
    expect(items.map((i) => i.externalId)).toContain(c);
    expect(emu.requestLog.map((r) => r.status)).toContain(404);
  });

  it('passes malformed comments through fetch; only they fail to normalize', async () => {
    const channel = channelFor();
    const { share, activity } = emu.addPost({ author: ORG, commentary: 'Post' });
    const before = emu.addComment({ post: share, actor: ANNA, text: 'goed 1' });
    emu.addRawComment(share, { commentUrn: `urn:li:comment:(${activity},7399999999999999999)`, actor: BERT, message: { text: 'geheime inhoud' }, object: activity });
    emu.addRawComment(share, { actor: BERT, message: { text: 'zonder id' } });
    const after = emu.addComment({ post: share, actor: ANNA, text: 'goed 2' });

    const { items } = await poll(connector, channel, null);
    expect(items).toHaveLength(4);
    const outcomes = kindsOrErrors(connector, items, channel, /geheime|zonder/);
    expect(outcomes).toEqual(['message', expect.stringMatching(/created\.time/), expect.stringMatching(/commentUrn/), 'message']);
    expect([items[0]!.externalId, items[3]!.externalId]).toEqual([before, after]);
    expect(items[2]!.externalId).toBeUndefined();
  });
});

describe('LinkedIn connector ↔ emulator: replies', () => {
  it('replies as the organization: nested under the comment, under the top-level one for a reply, on the post for a mention', async () => {
    const channel = channelFor();
    const { share, activity } = emu.addPost({ author: ORG, commentary: 'Post' });
    const c1 = emu.addComment({ post: share, actor: ANNA, text: 'Vraag' });
    const r1 = emu.addComment({ post: share, actor: BERT, text: 'Ik ook', parentComment: c1 });
    const m1 = emu.addMention({ organizationUrn: ORG, author: ANNA, commentary: 'Vraag aan de dienst' });
    const { items } = await poll(connector, channel, null);
    const byId = new Map(messages(connector, items, channel).map((m) => [m.externalId, m]));
    const target = (id: string) => {
      const m = byId.get(id)!;
      return { visibility: 'public' as const, inReplyToExternalId: id, inReplyToKind: m.kind, conversationKey: m.conversationKey, recipientPlatformUserId: m.author.platformUserId, inReplyToRaw: m.raw };
    };
    // r1 arrived through its COMMENT notification (the walk reads replies only when a count grew).
    expect(byId.has(r1)).toBe(true);

    const a = await connector.reply(channel, target(c1), 'Antwoord aan Anna');
    const b = await connector.reply(channel, target(r1), 'Antwoord aan Bert');
    const c = await connector.reply(channel, target(m1), 'Bedankt voor uw bericht');

    expect(emu.replies).toHaveLength(3);
    expect(emu.replies[0]).toMatchObject({ commentUrn: a.externalId, actor: ORG, object: activity, parentComment: c1, text: 'Antwoord aan Anna' });
    expect(emu.replies[1]).toMatchObject({ commentUrn: b.externalId, parentComment: c1, text: 'Antwoord aan Bert' });
    expect(emu.replies[2]!.parentComment).toBeUndefined();
    expect(emu.replies[2]).toMatchObject({ commentUrn: c.externalId, actor: ORG, text: 'Bedankt voor uw bericht' });
    expect(requestsTo(emu, /\/comments$/).filter((r) => r.method === 'POST').map((r) => [r.path, r.status])).toEqual([
      [`/rest/socialActions/${encodeUrn(activity)}/comments`, 201],
      [`/rest/socialActions/${encodeUrn(activity)}/comments`, 201],
      [`/rest/socialActions/${encodeUrn(m1)}/comments`, 201],
    ]);
  });

  it('refuses a private reply before any request', async () => {
    const error = await rejection(
      connector.reply(channelFor(), { visibility: 'private', inReplyToExternalId: 'urn:li:comment:(urn:li:activity:1,2)', inReplyToKind: 'comment', conversationKey: 'k', recipientPlatformUserId: ANNA }, 'x'),
    );
    expect(error).toBeInstanceOf(PermanentError);
    expect(emu.requestLog).toHaveLength(0);
  });
});

describe('LinkedIn connector ↔ emulator: failures become typed errors', () => {
  it('429 APPLICATION DAY → RateLimitedError until the next UTC midnight', async () => {
    const now = new Date('2026-11-22T21:30:00Z');
    const fixed = createLinkedInConnector({ timeoutMs: 5000, now: () => now });
    emu.failNext(429);
    const error = await rejection(fixed.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(error.message).toContain(LINKEDIN_ERRORS.dayThrottle.code);
    await expect(fixed.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });

    emu.failNext(429, { retryAfter: 120 });
    const withHeader = await rejection(fixed.fetch(channelFor(), null));
    expect((withHeader as RateLimitedError).resetAt.getTime()).toBe(now.getTime() + 120_000);
  });

  it('expired and revoked tokens → AuthExpiredError without the token, on fetch and reply', async () => {
    emu.expireToken(TOKEN);
    const expired = await rejection(connector.fetch(channelFor(), null));
    expect(expired).toBeInstanceOf(AuthExpiredError);
    expect(expired.message).toContain('EXPIRED_ACCESS_TOKEN');
    expect(expired.message).not.toContain(TOKEN);
    emu.restoreToken(TOKEN);
    emu.revokeToken(TOKEN);
    const target = { visibility: 'public' as const, inReplyToExternalId: 'urn:li:comment:(urn:li:activity:1,2)', inReplyToKind: 'comment' as const, conversationKey: 'k', recipientPlatformUserId: ANNA };
    const revoked = await rejection(connector.reply(channelFor(), target, 'geheim antwoord'));
    expect(revoked).toBeInstanceOf(AuthExpiredError);
    expect(revoked.message).toContain('REVOKED_ACCESS_TOKEN');
    expect(revoked.message).not.toMatch(/geheim|li-token/);
    emu.restoreToken(TOKEN);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it.each([
    [500, TransientError],
    [503, TransientError],
    [403, PermanentError],
  ] as const)('%i → %p', async (status, type) => {
    emu.failNext(status);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(String(status));
  });

  it('a missing token or organization → PermanentError before any request', async () => {
    expect(await rejection(connector.fetch(channelFor({}), null))).toBeInstanceOf(PermanentError);
    const noOrg = { ...channelFor(), account: {} };
    expect((await rejection(connector.fetch(noOrg, null))).message).toMatch(/organizationUrn/);
    expect(emu.requestLog).toHaveLength(0);
  });

  it('a stopped emulator → TransientError; a restart heals it', async () => {
    const channel = channelFor();
    await connector.fetch(channel, null);
    const error = await outageRejection(emu, () => connector.fetch(channel, null));
    expect(error.message).toMatch(/ECONNREFUSED|ECONNRESET|socket|fetch failed/i);
    await expect(connector.fetch(channel, null)).resolves.toMatchObject({ more: true });
  });

  it('a server that never answers → TransientError after the timeout', async () => {
    const quick = createLinkedInConnector({ timeoutMs: 300 });
    const error = await timeoutRejection((silent) => quick.fetch({ ...channelFor(), baseUrl: silent.url }, null));
    expect(error.message).toMatch(/timed out/);
  });
});

describe('LinkedIn webhooks behind a real HTTP endpoint', () => {
  let endpoint: http.Server;
  let endpointUrl: string;
  const received: RawItem[][] = [];

  /** What the ingress does: handshake, then verify over the raw bytes, then parse. */
  beforeEach(async () => {
    received.length = 0;
    endpoint = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
        const request: WebhookRequest = { method: req.method === 'GET' ? 'GET' : 'POST', query: Object.fromEntries(url.searchParams), headers, rawBody: Buffer.concat(chunks) };
        const channel = channelFor();
        const webhook = connector.webhook!;
        const answer = webhook.handshake?.(request, channel);
        if (answer) {
          res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain' });
          res.end(answer.body);
          return;
        }
        if (!webhook.verify(request, channel)) {
          res.writeHead(401).end();
          return;
        }
        received.push(webhook.parse(JSON.parse(request.rawBody.toString()), channel));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/linkedin/ch-li-1`;
  });

  afterEach(async () => {
    endpoint.closeAllConnections();
    await new Promise((resolve) => endpoint.close(resolve));
  });

  it('answers the challengeCode handshake with hex HMAC-SHA256(clientSecret, challengeCode)', async () => {
    const code = 'f3b4a0a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    const res = await fetch(`${endpointUrl}?challengeCode=${code}&applicationId=123`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ challengeCode: code, challengeResponse: createHmac('sha256', SECRET).update(code).digest('hex') });
    const noSecret = connector.webhook!.handshake!({ method: 'GET', query: { challengeCode: code }, headers: {}, rawBody: Buffer.alloc(0) }, channelFor({ accessToken: TOKEN }));
    expect(noSecret?.status).toBe(500);
    expect(connector.webhook!.handshake!({ method: 'POST', query: {}, headers: {}, rawBody: Buffer.alloc(0) }, channelFor())).toBeUndefined();
  });

  it('accepts a signed delivery whose items normalize like the polled ones; rejects forged and unsigned ones', async () => {
    const channel = channelFor();
    const { share } = emu.addPost({ author: ORG, commentary: 'Post' });
    const c1 = emu.addComment({ post: share, actor: ANNA, text: 'Via webhook' });
    const m1 = emu.addMention({ organizationUrn: ORG, author: BERT, commentary: 'Vermelding' });
    const delivery = linkedInWebhookDelivery(SECRET, emu.notificationsFor(ORG));

    const ok = await fetch(endpointUrl, { method: 'POST', headers: delivery.headers, body: delivery.rawBody });
    expect(ok.status).toBe(200);
    expect(received).toHaveLength(1);
    const pushed = messages(connector, received[0]!, channel);
    expect(pushed.map((m) => m.externalId)).toEqual([c1, m1]);
    const polled = messages(connector, (await poll(connector, channel, null)).items, channel);
    expect(pushed.map((m) => [m.externalId, m.conversationKey, m.text])).toEqual(polled.map((m) => [m.externalId, m.conversationKey, m.text]));

    // The other reading of the docs (HMAC over the body alone, header with the prefix) is accepted too.
    const plain = `hmacsha256=${createHmac('sha256', SECRET).update(delivery.rawBody).digest('hex')}`;
    expect((await fetch(endpointUrl, { method: 'POST', headers: { 'x-li-signature': plain }, body: delivery.rawBody })).status).toBe(200);

    const forged = linkedInWebhookDelivery('not-the-secret', emu.notificationsFor(ORG));
    const tampered = Buffer.from(delivery.rawBody.toString().replace('Via webhook', 'Vervalst'));
    for (const [headers, body] of [
      [forged.headers, forged.rawBody],
      [delivery.headers, tampered],
      [{ 'content-type': 'application/json' }, delivery.rawBody],
      [{ 'x-li-signature': 'hmacsha256=zz' }, delivery.rawBody],
    ] as const) {
      expect((await fetch(endpointUrl, { method: 'POST', headers, body })).status).toBe(401);
    }
    expect(received).toHaveLength(2);
  });
});

describe('LinkedIn demo seed', () => {
  it('adds a post with five citizen comments and a mention that poll into messages', async () => {
    const demo = seedDemo(emu, { organizationUrn: 'urn:li:organization:999', accessToken: 'demo-li-token' });
    const channel = { ...channelFor({ accessToken: 'demo-li-token' }), account: { organizationUrn: 'urn:li:organization:999' } };
    const msgs = messages(connector, (await poll(connector, channel, null)).items, channel);
    expect(msgs).toHaveLength(6);
    expect(msgs.map((m) => m.externalId)).toEqual([...demo.comments, demo.mention]);
    expect(msgs.some((m) => /klacht/.test(m.text))).toBe(true);
  });
});
