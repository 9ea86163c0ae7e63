/**
 * The YouTube connector against the YouTube emulator over real HTTP (global fetch → node:http).
 * No mocks: every request, header and body goes over a socket.
 */
import { createYouTubeConnector } from '../../connectors/youtube/connector.js';
import { YouTubeEmulator, seedDemo } from '../../connectors/youtube/emulator.js';
import { nextPacificMidnight } from '../../connectors/youtube/errors.js';
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Cursor,
  type ReplyTarget,
} from '../../connectors/types.js';
import { kindsOrErrors, messages, outageRejection, poll, rejection, requestsTo, timeoutRejection } from '../helpers/conformance.js';
import { platformJson } from '../helpers/fixtures.js';

const fixture = (name: string): unknown => platformJson('youtube', name);

const OWN = { channelId: 'UCvlaanderenOwnChannel01', title: '@vlaanderen', apiKey: 'AIza-test-key-0001', accessToken: 'ya29.test-token-0001' };
const ANN = { authorChannelId: 'UCannCitizen000000000001', authorDisplayName: '@ann' };
const BOB = { authorChannelId: 'UCbobCitizen000000000002', authorDisplayName: '@bob' };

let emu: YouTubeEmulator;
let connector: ReturnType<typeof createYouTubeConnector>;

function channelFor(credentials: Record<string, string> = { accessToken: OWN.accessToken }, channelId = OWN.channelId): ChannelContext {
  return { id: 'ch-yt-1', entityId: 'ent-1', platform: 'youtube', account: { channelId }, baseUrl: emu.url, credentials };
}

/** Here the log is read per method: GET unless told. */
const requests = (path: RegExp, method = 'GET') => requestsTo(emu, path).filter((r) => r.method === method);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function restart(next: YouTubeEmulator): Promise<YouTubeEmulator> {
  await emu.stop();
  next.addAccount(OWN);
  await next.start();
  return next;
}

beforeEach(async () => {
  emu = new YouTubeEmulator();
  emu.addAccount(OWN);
  await emu.start();
  connector = createYouTubeConnector({ timeoutMs: 5000 });
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('YouTube connector ↔ emulator: recorded shapes', () => {
  it('serves the recorded threads verbatim and the connector reads every top comment', async () => {
    const recorded = fixture('commentThreads_list_allThreadsRelatedToChannelId.json') as { items: Array<{ id: string; snippet: { topLevelComment: { snippet: { textOriginal: string } } } }> };
    for (const thread of recorded.items) emu.addRawThread(OWN.channelId, thread);
    const channel = channelFor({ apiKey: OWN.apiKey });

    const page = await connector.fetch(channel, null);

    expect(page.more).toBe(false);
    expect(page.items.map((i) => i.externalId)).toEqual(recorded.items.map((t) => t.id));
    expect(page.items.map((i) => (i.payload as { comment: unknown }).comment)).toEqual(recorded.items.map((t) => t.snippet.topLevelComment));
    expect(messages(connector, page.items, channel).map((m) => m.text)).toEqual(recorded.items.map((t) => t.snippet.topLevelComment.snippet.textOriginal));
    expect(page.cursor.watermark).toBe('2019-12-01T03:36:55.000Z');

    const [req] = requests(/commentThreads$/);
    expect(req).toMatchObject({ path: '/youtube/v3/commentThreads', status: 200, units: 1 });
    const q = new URLSearchParams(req!.query);
    expect(Object.fromEntries(q)).toMatchObject({
      part: 'snippet,replies',
      allThreadsRelatedToChannelId: OWN.channelId,
      order: 'time',
      maxResults: '100',
      key: OWN.apiKey,
    });
    expect(q.has('pageToken')).toBe(false);
  });

  it('answers like the recorded API: list envelope, keyInvalid and quota bodies', async () => {
    emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000001', ...ANN, text: 'hallo' });
    const ok = (await (await fetch(`${emu.url}youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=${OWN.channelId}&key=${OWN.apiKey}`)).json()) as Record<string, unknown>;
    expect(ok).toMatchObject({ kind: 'youtube#commentThreadListResponse', pageInfo: { totalResults: 1 }, items: [{ kind: 'youtube#commentThread' }] });

    const bad = await fetch(`${emu.url}youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=${OWN.channelId}&key=wrong`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual(fixture('error_400_keyInvalid.json'));

    emu.setQuota(emu.quotaUsed);
    const quota = await fetch(`${emu.url}youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=${OWN.channelId}&key=${OWN.apiKey}`);
    expect(quota.status).toBe(403);
    const body = (await quota.json()) as { error: { errors: Array<{ reason: string; domain: string }> } };
    expect(body.error.errors[0]).toMatchObject({ reason: 'quotaExceeded', domain: 'youtube.quota' });
  });
});

describe('YouTube connector ↔ emulator: polling', () => {
  it('first poll reads threads and inline replies; the next poll only what is new', async () => {
    const channel = channelFor();
    const t1 = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000001', ...ANN, text: 'Wanneer opent het loket?', publishedAt: minutesAgo(30) });
    const r1 = emu.addReply({ threadId: t1, ...BOB, text: 'Ik vraag me hetzelfde af', publishedAt: minutesAgo(25) });
    const t2 = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000002', ...BOB, text: 'Mijn premie is nog niet betaald', publishedAt: minutesAgo(20) });

    const first = await poll(connector, channel, null, { stored: true });
    expect(first.items.map((i) => [i.type, i.externalId])).toEqual([
      ['comment', t2],
      ['comment', t1],
      ['reply', r1],
    ]);
    expect(first.cursor).toMatchObject({ watermark: expect.any(String), recent: { [t2]: expect.any(String) } });
    // Only the comments within the overlap (5 min) of the watermark are remembered.
    expect(Object.keys(first.cursor.recent as object)).not.toContain(t1);
    expect(first.cursor.pageToken).toBeUndefined();

    const t3 = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000001', ...ANN, text: 'Nog een vraag' });
    const r2 = emu.addReply({ threadId: t2, ...ANN, text: 'Bij mij ook niet' });
    const second = await poll(connector, channel, first.cursor, { stored: true });
    expect(second.items.map((i) => i.externalId).sort()).toEqual([t3, r2].sort());

    const third = await poll(connector, channel, second.cursor, { stored: true });
    expect(third.items).toEqual([]);
    expect(third.cursor.watermark).toBe(second.cursor.watermark);
  });

  it('still picks up a comment indexed late within the overlap, but not one older than it', async () => {
    const channel = channelFor();
    emu.addComment({ channelId: OWN.channelId, ...ANN, text: 'eerste', publishedAt: minutesAgo(1) });
    const first = await poll(connector, channel, null, { stored: true });
    const late = emu.addComment({ channelId: OWN.channelId, ...BOB, text: 'laat zichtbaar', publishedAt: minutesAgo(3) });
    emu.addComment({ channelId: OWN.channelId, ...BOB, text: 'veel te laat', publishedAt: minutesAgo(30) });
    const second = await poll(connector, channel, first.cursor, { stored: true });
    expect(second.items.map((i) => i.externalId)).toEqual([late]);
  });

  it('pages 25 threads in 3 requests and resumes a walk from the stored cursor without losing a newcomer', async () => {
    emu = await restart(new YouTubeEmulator({ pageSize: 10 }));
    const channel = channelFor();
    const ids = Array.from({ length: 25 }, (_, i) => emu.addComment({ channelId: OWN.channelId, ...ANN, text: `melding ${i}`, publishedAt: minutesAgo(100 - i) }));

    const page1 = await connector.fetch(channel, null);
    expect(page1.items).toHaveLength(10);
    expect(page1.more).toBe(true);
    expect(page1.cursor).toMatchObject({ pageToken: expect.any(String), pending: { watermark: expect.any(String) } });
    expect(page1.cursor.watermark).toBeUndefined();

    const newcomer = emu.addComment({ channelId: OWN.channelId, ...BOB, text: 'tijdens het bladeren' });
    connector = createYouTubeConnector({ timeoutMs: 5000 });
    const rest = await poll(connector, channel, JSON.parse(JSON.stringify(page1.cursor)) as Cursor, { stored: true });
    expect(rest.pages).toBe(2);
    const seen = [...page1.items, ...rest.items].map((i) => i.externalId);
    expect(seen).toHaveLength(25);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(requests(/commentThreads$/)).toHaveLength(3);
    expect(new URLSearchParams(requests(/commentThreads$/)[1]!.query).get('pageToken')).toBe(page1.cursor.pageToken);
    expect(rest.cursor.pageToken).toBeUndefined();
    expect(rest.cursor.watermark).toBe((page1.cursor.pending as { watermark: string }).watermark);

    const next = await poll(connector, channel, rest.cursor, { stored: true });
    expect(next.items.map((i) => i.externalId)).toEqual([newcomer]);
    // The walk stops at the first page that reaches old threads: one request.
    expect(requests(/commentThreads$/)).toHaveLength(4);
  });

  it('reads every reply of a busy thread through comments.list, paged, and only again when the count changes', async () => {
    emu = await restart(new YouTubeEmulator({ pageSize: 5, inlineReplies: 5 }));
    const channel = channelFor();
    const thread = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000003', ...ANN, text: 'Wegenwerken in mijn straat', publishedAt: minutesAgo(60) });
    const replies = Array.from({ length: 12 }, (_, i) => emu.addReply({ threadId: thread, ...(i % 2 ? ANN : BOB), text: `reactie ${i}`, publishedAt: minutesAgo(59 - i) }));

    const first = await poll(connector, channel, null, { stored: true });
    expect(first.items.filter((i) => i.type === 'reply').map((i) => i.externalId).sort()).toEqual([...replies].sort());
    const listCalls = requests(/\/comments$/);
    expect(listCalls).toHaveLength(3); // 5 + 5 + 2
    expect(new URLSearchParams(listCalls[0]!.query).get('parentId')).toBe(thread);
    expect(first.cursor.replyCounts).toEqual({ [thread]: 12 });

    await poll(connector, channel, first.cursor, { stored: true });
    expect(requests(/\/comments$/)).toHaveLength(3);

    const extra = emu.addReply({ threadId: thread, ...BOB, text: 'nog steeds niets gebeurd' });
    const third = await poll(connector, channel, first.cursor, { stored: true });
    expect(third.items.map((i) => i.externalId)).toEqual([extra]);
    expect(requests(/\/comments$/)).toHaveLength(6);
  });

  it('held and rejected comments leave the public listing; only the owner lists the held ones (moderationStatus=heldForReview)', async () => {
    const channel = channelFor();
    const held = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000004', ...ANN, text: 'Koop nu goedkope tickets', publishedAt: minutesAgo(30) });
    const thread = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000004', ...BOB, text: 'Wanneer is de brug weer open?', publishedAt: minutesAgo(20) });
    const rejected = emu.addReply({ threadId: thread, ...ANN, text: 'Schande, jullie idioten', publishedAt: minutesAgo(15) });
    const kept = emu.addReply({ threadId: thread, ...ANN, text: 'Ik wil het ook weten', publishedAt: minutesAgo(10) });
    const target = (externalId: string) => ({ externalId, kind: 'comment' as const, conversationKey: externalId });
    expect(await connector.moderate!(channel, target(held), 'hold')).toBe('held');
    expect(await connector.moderate!(channel, target(rejected), 'reject')).toBe('rejected');

    const page = await poll(connector, channel, null, { stored: true });
    expect(page.items.map((i) => i.externalId)).toEqual([thread, kept]);

    const list = (status: string, auth: Record<string, string>) =>
      fetch(`${emu.url}youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=${OWN.channelId}&moderationStatus=${status}${auth.key ? `&key=${auth.key}` : ''}`, {
        headers: auth.token ? { authorization: `Bearer ${auth.token}` } : {},
      });
    const heldList = (await (await list('heldForReview', { token: OWN.accessToken })).json()) as { items: Array<{ id: string; snippet: { topLevelComment: { snippet: Record<string, unknown> } } }> };
    expect(heldList.items.map((t) => t.id)).toEqual([held]);
    expect(heldList.items[0]!.snippet.topLevelComment.snippet.moderationStatus).toBe('heldForReview');
    expect((await list('heldForReview', { key: OWN.apiKey })).status).toBe(403);
    const published = (await (await list('published', { token: OWN.accessToken })).json()) as { items: Array<{ id: string; snippet: { totalReplyCount: number } }> };
    expect(published.items.map((t) => [t.id, t.snippet.totalReplyCount])).toEqual([[thread, 1]]);

    // rejected: in no listing; published again: back in the public one
    expect(await connector.moderate!(channel, target(held), 'reject')).toBe('rejected');
    expect(((await (await list('heldForReview', { token: OWN.accessToken })).json()) as { items: unknown[] }).items).toEqual([]);
    expect(await connector.moderate!(channel, target(held), 'publish')).toBe('visible');
    const again = await poll(connector, channel, null, { stored: true });
    expect(again.items.map((i) => i.externalId)).toEqual([thread, kept, held]);
  });

  it('handles a channel without comments: empty page, no cursor fields', async () => {
    const page = await connector.fetch(channelFor(), null);
    expect(page).toEqual({ items: [], cursor: {}, more: false });
    const again = await connector.fetch(channelFor(), page.cursor);
    expect(again.items).toEqual([]);
    expect(emu.requestLog.map((r) => r.status)).toEqual([200, 200]);
  });

  it('gives one ticket key per thread per author and ignores the channel’s own replies', async () => {
    const channel = channelFor();
    const thread = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000004', ...ANN, text: 'Waarom is het zwembad dicht?', publishedAt: minutesAgo(10) });
    emu.addReply({ threadId: thread, authorChannelId: OWN.channelId, authorDisplayName: OWN.title, text: 'Wegens onderhoud.', publishedAt: minutesAgo(9) });
    emu.addReply({ threadId: thread, ...BOB, text: 'Tot wanneer?', publishedAt: minutesAgo(8) });
    emu.addReply({ threadId: thread, ...ANN, text: 'Dank u', publishedAt: minutesAgo(7) });

    const { items } = await poll(connector, channel, null, { stored: true });
    expect(items).toHaveLength(4);
    const outcomes = items.map((i) => connector.normalize(i, channel));
    expect(outcomes.filter((o) => o.kind === 'ignored')).toEqual([{ kind: 'ignored', reason: 'own comment' }]);
    const keys = messages(connector, items, channel).map((m) => [m.author.platformUserId, m.conversationKey, m.kind]);
    expect(keys).toEqual(
      expect.arrayContaining([
        [ANN.authorChannelId, `yt:thread:${thread}:${ANN.authorChannelId}`, 'comment'],
        [BOB.authorChannelId, `yt:thread:${thread}:${BOB.authorChannelId}`, 'reply'],
        [ANN.authorChannelId, `yt:thread:${thread}:${ANN.authorChannelId}`, 'reply'],
      ]),
    );
    expect(keys).toHaveLength(3);
  });

  it('passes malformed comments through fetch; only they fail to normalize', async () => {
    const channel = channelFor();
    const good1 = emu.addComment({ channelId: OWN.channelId, ...ANN, text: 'goed 1', publishedAt: minutesAgo(5) });
    const top = (id: string | undefined, snippet: Record<string, unknown>) => ({
      kind: 'youtube#commentThread',
      id: id ?? 'UgBrokenThread0000004AaABAg',
      snippet: { channelId: OWN.channelId, topLevelComment: { kind: 'youtube#comment', ...(id ? { id } : {}), snippet }, totalReplyCount: 0 },
    });
    emu.addRawThread(OWN.channelId, top('UgBadDate00000000004AaABAg', { textOriginal: 'geheime inhoud', publishedAt: 'gisteren', authorChannelId: { value: 'UCx' } }));
    emu.addRawThread(OWN.channelId, top(undefined, { textOriginal: 'zonder id', publishedAt: minutesAgo(4).toISOString() }));
    const good2 = emu.addComment({ channelId: OWN.channelId, ...BOB, text: 'goed 2', publishedAt: minutesAgo(3) });

    const { items } = await poll(connector, channel, null, { stored: true });
    expect(items).toHaveLength(4);
    const results = kindsOrErrors(connector, items, channel, /geheime|zonder/);
    const outcomes = items.map((item, i) => [item.externalId, results[i]]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        [good1, 'message'],
        [good2, 'message'],
        ['UgBadDate00000000004AaABAg', expect.stringMatching(/publishedAt/)],
        [undefined, expect.stringMatching(/comment\.id/)],
      ]),
    );
  });
});

describe('YouTube connector ↔ emulator: replies', () => {
  const target = (raw: unknown, key: string, id: string): ReplyTarget => ({
    visibility: 'public',
    inReplyToRaw: raw,
    inReplyToExternalId: id,
    inReplyToKind: 'comment',
    conversationKey: key,
    recipientPlatformUserId: ANN.authorChannelId,
  });

  it('posts a public reply in the thread, recorded once, and reads it back as the channel’s own', async () => {
    const channel = channelFor();
    const thread = emu.addComment({ channelId: OWN.channelId, videoId: 'vid00000005', ...ANN, text: 'Hoe vraag ik een parkeerkaart aan?' });
    const first = await poll(connector, channel, null, { stored: true });
    const msg = messages(connector, first.items, channel)[0]!;

    const sent = await connector.reply(channel, target(msg.raw, msg.conversationKey, msg.externalId), 'Via het e-loket, zie de link in de beschrijving.');

    expect(emu.replies).toHaveLength(1);
    expect(emu.replies[0]).toMatchObject({ id: sent.externalId, parentId: thread, text: 'Via het e-loket, zie de link in de beschrijving.', byChannelId: OWN.channelId });
    expect(sent.externalId.startsWith(`${thread}.`)).toBe(true);
    expect(requests(/\/comments$/, 'POST').map((r) => [r.status, r.units])).toEqual([[200, 50]]);

    const second = await poll(connector, channel, first.cursor, { stored: true });
    expect(second.items.map((i) => i.externalId)).toEqual([sent.externalId]);
    expect(connector.normalize(second.items[0]!, channel)).toEqual({ kind: 'ignored', reason: 'own comment' });
  });

  it('answers a reply in its thread (parentId), found from the raw payload or the conversation key', async () => {
    const channel = channelFor();
    const thread = emu.addComment({ channelId: OWN.channelId, ...ANN, text: 'vraag' });
    const replyId = emu.addReply({ threadId: thread, ...BOB, text: 'ik ook' });
    const { items } = await poll(connector, channel, null, { stored: true });
    const reply = messages(connector, items, channel).find((m) => m.externalId === replyId)!;
    await connector.reply(channel, { ...target(reply.raw, reply.conversationKey, reply.externalId), inReplyToKind: 'reply' }, 'antwoord 1');
    await connector.reply(channel, target(undefined, `yt:thread:${thread}:${BOB.authorChannelId}`, replyId), 'antwoord 2');
    expect(emu.replies.map((r) => r.parentId)).toEqual([thread, thread]);
  });

  it('refuses private replies and replies without an OAuth token before any request', async () => {
    const t = target(undefined, 'yt:thread:Ugx:UCa', 'Ugx');
    const priv = await rejection(connector.reply(channelFor(), { ...t, visibility: 'private' }, 'tekst'));
    expect(priv).toBeInstanceOf(PermanentError);
    const keyOnly = await rejection(connector.reply(channelFor({ apiKey: OWN.apiKey }), t, 'tekst'));
    expect(keyOnly).toBeInstanceOf(PermanentError);
    expect(keyOnly.message).toMatch(/accessToken/);
    expect(emu.requestLog).toHaveLength(0);
    expect(connector.replyVisibilities('comment')).toEqual(['public']);
    expect(connector.replyVisibilities('reply')).toEqual(['public']);
  });
});

describe('YouTube connector ↔ emulator: failures become typed errors', () => {
  it('quotaExceeded → RateLimitedError until the next midnight in Los Angeles', async () => {
    const now = new Date('2026-03-08T09:00:00Z'); // 01:00 PST; DST starts at 02:00 that day
    const clocked = createYouTubeConnector({ timeoutMs: 5000, now: () => now });
    emu.setQuota(0);
    const error = await rejection(clocked.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(error.message).toMatch(/quotaExceeded/);

    const realNow = await rejection(connector.fetch(channelFor(), null));
    expect((realNow as RateLimitedError).resetAt.getTime()).toBe(nextPacificMidnight(new Date()).getTime());
  });

  it('rateLimitExceeded → RateLimitedError in 60 s; the rule is used up afterwards', async () => {
    emu.failNext(403, { reason: 'rateLimitExceeded' });
    const before = Date.now();
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    const wait = (error as RateLimitedError).resetAt.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(59_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it('a revoked access token → AuthExpiredError (401 authError), without the token in the message', async () => {
    emu.revokeToken(OWN.accessToken);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.message).toMatch(/401/);
    expect(error.message).not.toContain(OWN.accessToken);
    const replyError = await rejection(connector.reply(channelFor(), { visibility: 'public', inReplyToExternalId: 'Ugx', inReplyToKind: 'comment', conversationKey: 'yt:thread:Ugx:UCa', recipientPlatformUserId: 'UCa' }, 'geheim antwoord'));
    expect(replyError).toBeInstanceOf(AuthExpiredError);
    expect(replyError.message).not.toMatch(/geheim|ya29/);
    emu.restoreToken(OWN.accessToken);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it('a revoked API key → AuthExpiredError (400 keyInvalid), without the key in the message', async () => {
    emu.revokeToken(OWN.apiKey);
    const error = await rejection(connector.fetch(channelFor({ apiKey: OWN.apiKey }), null));
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.message).toMatch(/400.*keyInvalid/);
    expect(error.message).not.toContain(OWN.apiKey);
  });

  it.each([
    [500, 'backendError', 'TransientError', TransientError],
    [503, 'backendError', 'TransientError', TransientError],
    [403, 'forbidden', 'PermanentError', PermanentError],
    [403, 'commentsDisabled', 'PermanentError', PermanentError],
  ] as const)('%i %s → %s', async (status, reason, _name, type) => {
    emu.failNext(status, { reason });
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(String(status));
  });

  it('commentsDisabled on a reply → PermanentError, nothing recorded', async () => {
    const thread = emu.addComment({ channelId: OWN.channelId, ...ANN, text: 'x' });
    emu.failNext(403, { reason: 'commentsDisabled', path: /\/comments$/ });
    const error = await rejection(
      connector.reply(channelFor(), { visibility: 'public', inReplyToExternalId: thread, inReplyToKind: 'comment', conversationKey: `yt:thread:${thread}:UCa`, recipientPlatformUserId: 'UCa' }, 'tekst'),
    );
    expect(error).toBeInstanceOf(PermanentError);
    expect(emu.replies).toHaveLength(0);
  });

  it('a stopped emulator (connection refused) → TransientError; a restart heals it', async () => {
    const channel = channelFor();
    await connector.fetch(channel, null);
    const error = await outageRejection(emu, () => connector.fetch(channel, null));
    expect(error.message).toMatch(/ECONNREFUSED|ECONNRESET|socket|other side closed/i);
    await expect(connector.fetch(channel, null)).resolves.toMatchObject({ items: [] });
  });

  it('a server that never answers → TransientError after the timeout', async () => {
    const quick = createYouTubeConnector({ timeoutMs: 300 });
    const error = await timeoutRejection((silent) => quick.fetch({ ...channelFor(), baseUrl: silent.url }, null));
    expect(error.message).toMatch(/timed out/);
  });
});

describe('YouTube demo seed', () => {
  it('adds six comments that all normalize to messages in several languages', async () => {
    const ids = seedDemo(emu, { channelId: OWN.channelId });
    expect(ids).toHaveLength(6);
    const { items } = await poll(connector, channelFor(), null, { stored: true });
    const msgs = messages(connector, items, channelFor());
    expect(msgs).toHaveLength(6);
    const all = msgs.map((m) => m.text).join(' ');
    expect(all).toContain('Bonjour');
    expect(all).toContain('English');
    expect(all).toMatch(/dossier 2026\/04512/);
  });
});
