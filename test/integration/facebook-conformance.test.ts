import { createFacebookConnector } from '../../connectors/facebook/connector.js';
import { FacebookEmulator, commentChange, feedWebhookBody, seedDemo, signedWebhookRequest } from '../../connectors/facebook/emulator.js';
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Connector,
  type Cursor,
  type ReplyTarget,
} from '../../connectors/types.js';
import { kindsOrErrors, messages, outageRejection, poll, rejection, requestsTo, timeoutRejection } from '../helpers/conformance.js';

const PAGE = { pageId: '104000000000001', name: 'Stad Gent', token: 'EAApagetokengent0000000000000000' };
const A = { fromId: '5100000000000001', fromName: 'An Burger' };
const B = { fromId: '5100000000000002', fromName: 'Bart Inwoner' };
const C = { fromId: '5100000000000003', fromName: 'Chloé Bezoeker' };
const APP_SECRET = 'app-secret-gent';

let emu: FacebookEmulator;
let connector: Connector & { close(): void };

function channelFor(extra: Partial<ChannelContext> = {}): ChannelContext {
  return {
    id: 'ch-fb',
    entityId: 'ent-gent',
    platform: 'facebook',
    account: { pageId: PAGE.pageId },
    baseUrl: emu.url,
    credentials: { accessToken: PAGE.token, appSecret: APP_SECRET, verifyToken: 'verify-gent' },
    ...extra,
  };
}

function make(opts: Parameters<typeof createFacebookConnector>[0] = {}) {
  return createFacebookConnector({ timeoutMs: 5000, recentPosts: 5, feedPageSize: 5, commentPageSize: 3, ...opts });
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

beforeEach(async () => {
  emu = new FacebookEmulator();
  emu.addPage(PAGE);
  await emu.start();
  connector = make();
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('Facebook emulator serves the recorded shapes', () => {
  it('feed with inline comments, cursors and the usage headers', async () => {
    const post = emu.addPost({ pageId: PAGE.pageId, ...A, message: 'vraag', createdAt: minutesAgo(10) });
    emu.addComment({ postId: post, ...B, message: 'ik ook', createdAt: minutesAgo(5) });
    const res = await fetch(`${emu.url}v21.0/${PAGE.pageId}/feed?fields=id,from,message,created_time,comments{id,from,message,created_time}&access_token=${PAGE.token}`);
    expect(res.headers.get('x-business-use-case-usage')).toMatch(new RegExp(`"${PAGE.pageId}":\\[\\{"type":"pages","call_count"`));
    const body = (await res.json()) as { data: Array<Record<string, unknown>>; paging: { cursors: { before: string; after: string } } };
    expect(body.data[0]).toMatchObject({ id: post, from: { name: A.fromName, id: A.fromId }, message: 'vraag', created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/) });
    expect(body.data[0]!.comments).toMatchObject({ data: [{ from: { id: B.fromId }, message: 'ik ook' }], paging: { cursors: { before: expect.any(String), after: expect.any(String) } } });
    expect(body.paging.cursors.after).toEqual(expect.any(String));
    expect(emu.requestLog[0]).toMatchObject({ path: `/${PAGE.pageId}/feed`, auth: 'query' });
    expect(emu.requestLog[0]!.query).not.toContain(PAGE.token);
  });

  it('answers an unknown token with the OAuthException code 190 envelope', async () => {
    const res = await fetch(`${emu.url}${PAGE.pageId}/feed`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toMatch(/^OAuth "Facebook Platform"/);
    expect(await res.json()).toMatchObject({ error: { type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) } });
  });
});

describe('Facebook connector ↔ emulator: polling', () => {
  it('first poll reads visitor posts and comments; the next poll only what is new', async () => {
    const channel = channelFor();
    const own = emu.addPagePost(PAGE.pageId, 'Nieuwe openingsuren', minutesAgo(60));
    const c1 = emu.addComment({ postId: own, ...A, message: 'Ook op zaterdag?', createdAt: minutesAgo(50) });
    emu.addComment({ postId: own, fromId: PAGE.pageId, fromName: PAGE.name, message: 'Ja hoor', parentId: c1, createdAt: minutesAgo(45) });
    const c3 = emu.addComment({ postId: own, ...B, message: 'En op zondag?', parentId: c1, createdAt: minutesAgo(40) });
    const v1At = minutesAgo(30);
    const v1 = emu.addPost({ pageId: PAGE.pageId, ...C, message: 'Waar vind ik het formulier?', createdAt: v1At });

    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => [i.type, i.externalId])).toEqual([
      ['post', v1],
      ['comment', c3],
      ['comment', c1],
    ]);
    const msgs = messages(connector, first.items, channel);
    expect(msgs.map((m) => [m.kind, m.conversationKey, m.parentExternalId])).toEqual([
      ['post', `fb:post:${v1}:${C.fromId}`, undefined],
      ['reply', `fb:post:${own}:${B.fromId}`, c1],
      ['comment', `fb:post:${own}:${A.fromId}`, own],
    ]);
    expect(msgs[0]!.author).toEqual({ platformUserId: C.fromId, name: C.fromName });
    expect(first.cursor.round).toBeUndefined();
    expect(first.cursor).toMatchObject({ feedSince: Math.floor(v1At.getTime() / 1000), posts: { [own]: { lastCommentId: c3 }, [v1]: {} } });

    // A new comment on the older post and a new visitor post.
    const c4 = emu.addComment({ postId: own, ...A, message: 'Dank u', createdAt: minutesAgo(2) });
    const v2 = emu.addPost({ pageId: PAGE.pageId, ...B, message: 'Een tweede vraag', createdAt: minutesAgo(1) });
    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([v2, c4]);
    expect(messages(connector, second.items, channel)[1]!.conversationKey).toBe(`fb:post:${own}:${A.fromId}`);

    const before = emu.requestLog.length;
    const third = await poll(connector, channel, second.cursor);
    expect(third.items).toEqual([]);
    // Nothing moved: one feed request and no comment requests.
    expect(emu.requestLog.slice(before).map((r) => r.path)).toEqual([`/${PAGE.pageId}/feed`]);
  });

  it('reads a post with more new comments than the inline page through /comments pages, each once', async () => {
    const channel = channelFor();
    const post = emu.addPost({ pageId: PAGE.pageId, ...A, message: 'Wegenwerken', createdAt: minutesAgo(100) });
    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => i.externalId)).toEqual([post]);

    const ids = Array.from({ length: 8 }, (_, i) => emu.addComment({ postId: post, ...(i % 2 ? A : B), message: `reactie ${i}`, createdAt: minutesAgo(90 - i) }));
    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([...ids].reverse());
    // feed (inline page of 3 does not reach the mark) + /comments pages of 3, 3, 2.
    const commentRequests = requestsTo(emu, /\/comments$/);
    expect(commentRequests).toHaveLength(3);
    for (const r of commentRequests) expect(new URLSearchParams(r.query).get('order')).toBe('reverse_chronological');
    expect(second.cursor.posts).toMatchObject({ [post]: { lastCommentId: ids[7] } });

    const late = emu.addComment({ postId: post, ...C, message: 'nog een', createdAt: new Date() });
    const third = await poll(connector, channel, second.cursor);
    expect(third.items.map((i) => i.externalId)).toEqual([late]);
  });

  it('skips a queued post that was deleted before its comments were read', async () => {
    const channel = channelFor();
    const gone = emu.addPost({ pageId: PAGE.pageId, ...A, message: 'wordt verwijderd', createdAt: minutesAgo(60) });
    const kept = emu.addPost({ pageId: PAGE.pageId, ...B, message: 'blijft', createdAt: minutesAgo(50) });
    for (const postId of [gone, kept]) for (let i = 0; i < 4; i++) emu.addComment({ postId, ...C, message: `r ${i}`, createdAt: minutesAgo(40 - i) });
    const feed = await connector.fetch(channel, null);
    expect(feed.cursor).toMatchObject({ round: { phase: 'comments', queue: [{ id: kept }, { id: gone }] } });
    emu.removePost(gone);
    const rest = await poll(connector, channel, feed.cursor);
    expect(rest.items.filter((i) => i.type === 'comment')).toHaveLength(4);
    expect(rest.cursor.round).toBeUndefined();
    expect(rest.cursor.posts).not.toHaveProperty(gone);
    expect(requestsTo(emu, /\/comments$/).map((r) => r.status)).toEqual([200, 200, 400]);
  });

  it('walks several feed pages when many posts are new, resuming from a stored cursor', async () => {
    const channel = channelFor();
    emu.addPost({ pageId: PAGE.pageId, ...A, message: 'oud', createdAt: minutesAgo(500) });
    const first = await poll(connector, channel, null);
    // One clock reading for all posts: the expected cursor is computed from it, not from a later one.
    const now = Date.now();
    const ids = Array.from({ length: 12 }, (_, i) => emu.addPost({ pageId: PAGE.pageId, ...(i % 2 ? B : C), message: `post ${i}`, createdAt: new Date(now - (100 - i) * 60_000) }));

    const page1 = await connector.fetch(channel, first.cursor);
    expect(page1.more).toBe(true);
    expect(page1.items).toHaveLength(5);
    expect(page1.cursor).toMatchObject({ round: { phase: 'feed', feedAfter: expect.any(String), seen: 5 } });
    // A fresh process resumes from the stored cursor.
    connector.close();
    connector = make();
    const rest = await poll(connector, channel, JSON.parse(JSON.stringify(page1.cursor)) as Cursor);
    const seen = [...page1.items, ...rest.items].map((i) => i.externalId);
    expect(seen).toEqual([...ids].reverse());
    expect(requestsTo(emu, /\/feed$/)).toHaveLength(1 + 3);
    expect(rest.cursor.round).toBeUndefined();
    expect(rest.cursor.feedSince).toBe(Math.floor((now - 89 * 60_000) / 1000));
  });

  it('handles a Page without posts: empty page, no more, cursor without marks', async () => {
    const result = await connector.fetch(channelFor(), null);
    expect(result).toMatchObject({ items: [], more: false, cursor: { posts: {} } });
    expect(result.rateLimit).toMatchObject({ remaining: expect.any(Number) });
    expect(emu.requestLog.map((r) => [r.path, r.status, r.auth])).toEqual([[`/${PAGE.pageId}/feed`, 200, 'bearer']]);
    expect(emu.requestLog[0]!.query).toContain('appsecret_proof=');
  });

  it('leaves the Page’s own posts and comments out of fetch', async () => {
    const own = emu.addPagePost(PAGE.pageId, 'Persbericht', minutesAgo(20));
    emu.addComment({ postId: own, fromId: PAGE.pageId, fromName: PAGE.name, message: 'Aanvulling', createdAt: minutesAgo(10) });
    const result = await poll(connector, channelFor(), null);
    expect(result.items).toEqual([]);
    expect(result.cursor.posts).toHaveProperty(own);
  });

  it('passes malformed items through fetch; only they fail to normalize', async () => {
    const channel = channelFor();
    const post = emu.addPost({ pageId: PAGE.pageId, ...A, message: 'goed', createdAt: minutesAgo(30) });
    const before = emu.addComment({ postId: post, ...B, message: 'goed 1', createdAt: minutesAgo(20) });
    emu.addRawComment(post, { id: `${post.split('_')[1]}_999`, from: { id: C.fromId }, message: 'geheime inhoud', created_time: 'niet-een-datum' }, minutesAgo(15));
    emu.addRawComment(post, { from: { id: C.fromId }, message: 'zonder id', created_time: '2026-01-01T00:00:00+0000' }, minutesAgo(12));
    const after = emu.addComment({ postId: post, ...A, message: 'goed 2', createdAt: minutesAgo(10) });

    const { items } = await poll(connector, channel, null);
    expect(items).toHaveLength(5);
    const outcomes = kindsOrErrors(connector, items, channel, /geheime|zonder/);
    expect(outcomes).toEqual(['message', 'message', expect.stringMatching(/comment\.id/), expect.stringMatching(/comment\.created_time/), 'message']);
    expect([items[0]!.externalId, items[1]!.externalId, items[4]!.externalId]).toEqual([post, after, before]);
  });
});

describe('Facebook connector ↔ emulator: replies', () => {
  it('posts a public reply under the comment, recorded once, and does not read it back as a message', async () => {
    const channel = channelFor();
    const post = emu.addPagePost(PAGE.pageId, 'Aankondiging', minutesAgo(30));
    const c1 = emu.addComment({ postId: post, ...A, message: 'Klopt dit?', createdAt: minutesAgo(20) });
    const first = await poll(connector, channel, null);
    const target: ReplyTarget = {
      visibility: 'public', inReplyToExternalId: c1, inReplyToKind: 'comment', conversationKey: `fb:post:${post}:${A.fromId}`,
      recipientPlatformUserId: A.fromId, inReplyToRaw: first.items[0]!.payload,
    };
    const sent = await connector.reply(channel, target, 'Ja, dat klopt.');
    expect(emu.replies).toEqual([expect.objectContaining({ kind: 'comment', id: sent.externalId, text: 'Ja, dat klopt.', objectId: c1, pageId: PAGE.pageId })]);
    expect(requestsTo(emu, /\/comments$/).filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([200]);
    const next = await poll(connector, channel, first.cursor);
    expect(next.items).toEqual([]);
    expect(next.cursor.posts).toMatchObject({ [post]: { lastCommentId: sent.externalId } });
  });

  it('answers a reply under its top-level comment, and sends a private reply through the Send API', async () => {
    const channel = channelFor();
    const post = emu.addPagePost(PAGE.pageId, 'Aankondiging', minutesAgo(30));
    const c1 = emu.addComment({ postId: post, ...A, message: 'Vraag', createdAt: minutesAgo(20) });
    const r1 = emu.addComment({ postId: post, ...B, message: 'Zelfde vraag', parentId: c1, createdAt: minutesAgo(10) });
    const { items } = await poll(connector, channel, null);
    const replyItem = items.find((i) => i.externalId === r1)!;
    const base = { inReplyToExternalId: r1, inReplyToKind: 'reply' as const, conversationKey: `fb:post:${post}:${B.fromId}`, recipientPlatformUserId: B.fromId, inReplyToRaw: replyItem.payload };

    await connector.reply(channel, { ...base, visibility: 'public' }, 'Zie ons antwoord hierboven.');
    const priv = await connector.reply(channel, { ...base, visibility: 'private' }, 'Stuur ons uw dossiernummer.');
    expect(emu.replies.map((r) => [r.kind, r.objectId, r.recipientId])).toEqual([
      ['comment', c1, undefined],
      ['private_reply', r1, B.fromId],
    ]);
    expect(emu.replies[1]!.id).toBe(priv.externalId);
    expect(priv.externalId).toMatch(/^m_/);
  });

  it('a reply to an unknown object → PermanentError without the text', async () => {
    const target: ReplyTarget = { visibility: 'public', inReplyToExternalId: '1_2', inReplyToKind: 'comment', conversationKey: 'k', recipientPlatformUserId: A.fromId };
    const error = await rejection(connector.reply(channelFor(), target, 'geheim antwoord'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/code 100\/33/);
    expect(error.message).not.toContain('geheim');
    expect(emu.replies).toHaveLength(0);
  });
});

describe('Facebook connector ↔ emulator: failures become typed errors', () => {
  it('code 80001 → RateLimitedError at estimated_time_to_regain_access', async () => {
    emu.failNext('page_throttle', { regainMinutes: 7, path: /\/feed$/ });
    const started = Date.now();
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    const reset = (error as RateLimitedError).resetAt.getTime();
    expect(reset).toBeGreaterThanOrEqual(started + 7 * 60_000);
    expect(reset).toBeLessThanOrEqual(Date.now() + 7 * 60_000);
    expect(error.message).toMatch(/80001/);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it('code 4 without a regain estimate → RateLimitedError 15 minutes on; rateLimitUntil holds every call', async () => {
    emu.failNext('app_throttle');
    const error = await rejection(connector.fetch(channelFor(), null));
    expect((error as RateLimitedError).resetAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const until = new Date(Date.now() + 3 * 60_000);
    emu.rateLimitUntil(until);
    for (let i = 0; i < 2; i++) {
      const e = await rejection(connector.fetch(channelFor(), null));
      expect(e).toBeInstanceOf(RateLimitedError);
      expect(Math.abs((e as RateLimitedError).resetAt.getTime() - until.getTime())).toBeLessThan(61_000);
    }
    emu.clearFailures();
  });

  it('expired token (190/463) → AuthExpiredError without the token; restoreToken heals it', async () => {
    emu.revokeToken(PAGE.token);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.message).toMatch(/190\/463/);
    expect(error.message).not.toContain(PAGE.token);
    const target: ReplyTarget = { visibility: 'public', inReplyToExternalId: '1_2', inReplyToKind: 'comment', conversationKey: 'k', recipientPlatformUserId: '1' };
    const replyError = await rejection(connector.reply(channelFor(), target, 'geheim antwoord'));
    expect(replyError).toBeInstanceOf(AuthExpiredError);
    expect(replyError.message).not.toMatch(/geheim|EAApage/);
    emu.restoreToken(PAGE.token);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it.each([
    [503, TransientError],
    ['transient', TransientError],
    ['server_error', TransientError],
    ['permission', PermanentError],
    ['invalid_parameter', PermanentError],
  ] as const)('%s → %o', async (failure, type) => {
    emu.failNext(failure);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(type);
  });

  it('a missing token or page id → PermanentError before any request', async () => {
    await expect(connector.fetch(channelFor({ credentials: {} }), null)).rejects.toThrow(/credentials\.accessToken/);
    await expect(connector.fetch(channelFor({ account: {} }), null)).rejects.toBeInstanceOf(PermanentError);
    expect(emu.requestLog).toHaveLength(0);
  });

  it('connection refused → TransientError; a restart heals it', async () => {
    const channel = channelFor();
    await connector.fetch(channel, null);
    const error = await outageRejection(emu, () => connector.fetch(channel, null));
    expect(error.message).toMatch(/ECONNREFUSED|ECONNRESET|socket|fetch failed/i);
    await expect(connector.fetch(channel, null)).resolves.toMatchObject({ items: [] });
  });

  it('a server that never answers → TransientError after the timeout', async () => {
    const quick = createFacebookConnector({ timeoutMs: 300 });
    try {
      const error = await timeoutRejection((silent) => quick.fetch({ ...channelFor(), baseUrl: silent.url }, null));
      expect(error.message).toMatch(/timeout/);
    } finally {
      quick.close();
    }
  });

  it('sends the token as access_token when asked to', async () => {
    const q = make({ auth: 'query' });
    await q.fetch(channelFor(), null);
    expect(emu.requestLog.map((r) => r.auth)).toEqual(['query']);
  });
});

describe('Facebook webhook', () => {
  it('answers the hub.challenge handshake only with the right verify token', () => {
    const hook = connector.webhook!;
    const get = (token: string) => ({ method: 'GET' as const, query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '987654' }, headers: {}, rawBody: Buffer.alloc(0) });
    expect(hook.handshake!(get('verify-gent'), channelFor())).toMatchObject({ status: 200, body: '987654' });
    expect(hook.handshake!(get('verify-anders'), channelFor())).toMatchObject({ status: 403 });
  });

  it('verifies a signed delivery, refuses a forged or unsigned one, and parses it into comments that normalize', () => {
    const hook = connector.webhook!;
    const channel = channelFor();
    const body = feedWebhookBody(PAGE.pageId, [
      commentChange({ pageId: PAGE.pageId, postId: `${PAGE.pageId}_77`, commentId: '77_1', ...A, message: 'Straat / café blijft dicht?' }),
      commentChange({ pageId: PAGE.pageId, postId: `${PAGE.pageId}_77`, commentId: '77_2', fromId: PAGE.pageId, fromName: PAGE.name, message: 'Antwoord' }),
      commentChange({ pageId: PAGE.pageId, postId: `${PAGE.pageId}_77`, commentId: '77_3', ...B, message: 'weg', verb: 'remove' }),
    ]);
    const signed = signedWebhookRequest(APP_SECRET, body);
    expect(signed.rawBody.toString()).toContain('caf\\u00e9');
    expect(hook.verify(signed, channel)).toBe(true);
    expect(hook.verify(signedWebhookRequest(APP_SECRET, body, { forge: true }), channel)).toBe(false);
    expect(hook.verify({ ...signed, headers: {} }, channel)).toBe(false);
    expect(hook.verify({ ...signed, rawBody: Buffer.from(signed.rawBody.toString().replace('77_1', '77_9')) }, channel)).toBe(false);

    const items = hook.parse(JSON.parse(signed.rawBody.toString()), channel);
    expect(items.map((i) => i.externalId)).toEqual(['77_1', '77_2', '77_3']);
    const outcomes = items.map((i) => connector.normalize(i, channel));
    expect(outcomes[0]).toMatchObject({ kind: 'message', message: { text: 'Straat / café blijft dicht?', conversationKey: `fb:post:${PAGE.pageId}_77:${A.fromId}`, kind: 'comment' } });
    expect(outcomes[1]).toEqual({ kind: 'ignored', reason: 'own message' });
    // A removal is no message: it names the stored one to mark removed.
    expect(outcomes[2]).toMatchObject({ kind: 'ignored', removes: { externalId: '77_3' } });
  });
});

describe('Facebook demo seed', () => {
  it('adds realistic items that poll and normalize', async () => {
    seedDemo(emu, { pageId: PAGE.pageId });
    const channel = channelFor();
    const { items } = await poll(connector, channel, null);
    const msgs = messages(connector, items, channel);
    expect(msgs.length).toBeGreaterThanOrEqual(6);
    expect(msgs.some((m) => /klacht/.test(m.text))).toBe(true);
    expect(msgs.some((m) => /Bonjour/.test(m.text))).toBe(true);
  });
});
