/**
 * The X connector against the X emulator over real HTTP (twitter-api-v2 → node:http server).
 * No mocks: every request, header and body goes over a socket.
 */
import { createXConnector } from '../../connectors/x/connector.js';
import { XEmulator } from '../../connectors/x/emulator.js';
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Cursor,
} from '../../connectors/types.js';
import { kindsOrErrors, messages, outageRejection, poll, rejection, requestsTo, timeoutRejection } from '../helpers/conformance.js';
import { platformJson } from '../helpers/fixtures.js';

type Tweet = { id: string; text: string };
const read = (name: string): unknown => platformJson('x', name);
const recordedBody = <B>(name: string): B => (read(name) as { response: { body: B } }).response.body;

const OWN = { userId: '1000', handle: 'vlaanderen', name: 'Vlaanderen', token: 'user-token-vl-0001' };
const CITIZEN = { authorId: '2000', username: 'burger_gent', name: 'Burger Gent' };

let emu: XEmulator;
let connector: ReturnType<typeof createXConnector>;

function channelFor(credentials: Record<string, string> = { userAccessToken: OWN.token }): ChannelContext {
  return {
    id: 'ch-x-1',
    entityId: 'ent-1',
    platform: 'x',
    account: { userId: OWN.userId, handle: OWN.handle },
    baseUrl: emu.url,
    credentials,
  };
}

beforeEach(async () => {
  emu = new XEmulator();
  emu.addAccount(OWN);
  await emu.start();
  connector = createXConnector({ timeoutMs: 5000 });
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('X connector ↔ emulator: recorded shapes', () => {
  it('serves the recorded timeline verbatim and the connector reads it', async () => {
    const recorded = recordedBody<{ data: Tweet[]; meta: { newest_id: string } }>('mentions_timeline.json');
    for (const tweet of recorded.data) emu.addRawMention(OWN.userId, tweet);
    const channel = channelFor({ bearerToken: OWN.token });

    const page = await connector.fetch(channel, null);

    expect(page.items.map((i) => (i.payload as { tweet: unknown }).tweet)).toEqual(recorded.data);
    expect(page.items.map((i) => i.externalId)).toEqual(recorded.data.map((t) => t.id));
    expect(page.more).toBe(false);
    expect(page.cursor).toEqual({ phase: 'mentions', mentions: { sinceId: recorded.meta.newest_id }, dms: {} });
    expect(page.rateLimit?.remaining).toEqual(expect.any(Number));
    expect(page.rateLimit?.resetAt?.getTime()).toBeGreaterThan(Date.now());
    expect(messages(connector, page.items, channel).map((m) => m.text)).toEqual(recorded.data.map((t) => t.text));

    const [req] = requestsTo(emu, /\/mentions$/);
    expect(req).toMatchObject({ method: 'GET', path: `/2/users/${OWN.userId}/mentions`, status: 200 });
    const query = new URLSearchParams(req!.query);
    expect(query.get('max_results')).toBe('100');
    expect(query.get('expansions')).toContain('author_id');
    expect(query.get('tweet.fields')).toContain('created_at');
    expect(query.has('since_id')).toBe(false);
  });

  it('answers like the recorded API: headers, empty page, 401 body', async () => {
    const empty = await fetch(`${emu.url}2/dm_events`, { headers: { authorization: `Bearer ${OWN.token}` } });
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(empty.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(empty.headers.get('x-rate-limit-limit')).not.toBeNull();
    expect(await empty.json()).toEqual(recordedBody('dm_events_empty.json'));

    const denied = await fetch(`${emu.url}2/users/me`, { headers: { authorization: 'Bearer nope' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('x-rate-limit-remaining')).not.toBeNull();
    expect(await denied.json()).toEqual((read('errors_observed.json') as Record<string, unknown>)['401_unauthorized']);

    const oauth1 = await fetch(`${emu.url}2/users/me`, { headers: { authorization: 'OAuth oauth_consumer_key="k", oauth_signature="s"' } });
    expect(await oauth1.json()).toEqual({ data: { id: OWN.userId, name: OWN.name, username: OWN.handle } });

    const tooMany = await fetch(`${emu.url}2/users/${OWN.userId}/mentions?max_results=1000`, { headers: { authorization: `Bearer ${OWN.token}` } });
    expect(tooMany.status).toBe(400);
  });

  it('returns requested fields and includes.users; accepts post.fields', async () => {
    const id = emu.addMention({ toUserId: OWN.userId, text: 'hallo', ...CITIZEN, lang: 'nl', createdAt: new Date('2026-11-01T10:00:00Z') });
    const res = await fetch(`${emu.url}2/users/${OWN.userId}/mentions?post.fields=created_at,author_id,lang&expansions=author_id`, {
      headers: { authorization: `Bearer ${OWN.token}` },
    });
    expect(await res.json()).toEqual({
      data: [{ edit_history_tweet_ids: [id], id, text: 'hallo', created_at: '2026-11-01T10:00:00.000Z', author_id: CITIZEN.authorId, lang: 'nl' }],
      includes: { users: [{ id: CITIZEN.authorId, name: CITIZEN.name, username: CITIZEN.username }] },
      meta: { result_count: 1, newest_id: id, oldest_id: id },
    });
  });

  it('exchanges refresh tokens sent as JSON or as a form', async () => {
    emu.addAccount({ userId: '1001', handle: 'gent', token: 'gent-token-1', refreshToken: 'gent-refresh-1' });
    const json = await fetch(`${emu.url}2/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'gent-refresh-1', client_id: 'c' }),
    });
    const first = (await json.json()) as { access_token: string; refresh_token: string; token_type: string; expires_in: number };
    expect(first).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
    const form = await fetch(`${emu.url}2/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'c' }),
    });
    const second = (await form.json()) as { access_token: string };
    const me = await fetch(`${emu.url}2/users/me`, { headers: { authorization: `Bearer ${second.access_token}` } });
    expect(((await me.json()) as { data: { id: string } }).data.id).toBe('1001');
    const reused = await fetch(`${emu.url}2/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'gent-refresh-1' }),
    });
    expect(reused.status).toBe(400);
  });
});

describe('X connector ↔ emulator: polling', () => {
  it('first poll reads mentions then DMs; the next poll only returns new items', async () => {
    const channel = channelFor();
    const m1 = emu.addMention({ toUserId: OWN.userId, text: 'vraag 1', ...CITIZEN });
    const m2 = emu.addMention({ toUserId: OWN.userId, text: 'vraag 2', ...CITIZEN, inReplyToTweetId: m1 });
    const d1 = emu.addDm({ toUserId: OWN.userId, senderId: CITIZEN.authorId, text: 'privé vraag', username: CITIZEN.username });

    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => [i.type, i.externalId])).toEqual([
      ['mention', m2],
      ['mention', m1],
      ['dm', d1],
    ]);
    const msgs = messages(connector, first.items, channel);
    expect(msgs.map((m) => m.kind)).toEqual(['reply', 'post', 'dm']);
    expect(msgs[0]).toMatchObject({ parentExternalId: m1, conversationKey: `x:thread:${m1}:${CITIZEN.authorId}`, author: { handle: 'burger_gent' } });
    expect(msgs[2]).toMatchObject({ conversationKey: `x:dm:${OWN.userId}-${CITIZEN.authorId}`, author: { handle: 'burger_gent' } });
    expect(first.cursor).toMatchObject({ phase: 'mentions', mentions: { sinceId: m2 }, dms: { lastSeenId: d1 } });

    const m3 = emu.addMention({ toUserId: OWN.userId, text: 'vraag 3', ...CITIZEN });
    const d2 = emu.addDm({ toUserId: OWN.userId, senderId: CITIZEN.authorId, text: 'nog een vraag' });
    const logBefore = emu.requestLog.length;
    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([m3, d2]);
    const secondMentionReq = emu.requestLog.slice(logBefore).find((r) => r.path.endsWith('/mentions'))!;
    expect(new URLSearchParams(secondMentionReq.query).get('since_id')).toBe(m2);

    const third = await poll(connector, channel, second.cursor);
    expect(third.items).toEqual([]);
  });

  it('pages 250 mentions in 3 pages, each id once, and resumes from a stored page token', async () => {
    emu = await restart(new XEmulator({ pageSize: 100 }));
    const channel = channelFor({ bearerToken: OWN.token });
    const ids = Array.from({ length: 250 }, (_, i) => emu.addMention({ toUserId: OWN.userId, text: `melding ${i}`, ...CITIZEN }));

    const page1 = await connector.fetch(channel, null);
    expect(page1.items).toHaveLength(100);
    expect(page1.more).toBe(true);
    expect(page1.cursor).toMatchObject({ mentions: { pendingNewestId: ids[249], paginationToken: expect.any(String) } });
    expect((page1.cursor.mentions as { sinceId?: string }).sinceId).toBeUndefined();

    // A mention arriving mid-pagination is not lost: sinceId becomes the first page's newest id.
    const late = emu.addMention({ toUserId: OWN.userId, text: 'laat', ...CITIZEN });
    // Resume from the stored cursor as a fresh process would (new connector, new client).
    connector.close();
    connector = createXConnector({ timeoutMs: 5000 });
    const rest = await poll(connector, channel, JSON.parse(JSON.stringify(page1.cursor)) as Cursor);
    expect(rest.pages).toBe(2);
    const seen = [...page1.items, ...rest.items].map((i) => i.externalId);
    expect(seen).toHaveLength(250);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(requestsTo(emu, /\/mentions$/)).toHaveLength(3);
    expect(rest.cursor).toEqual({ phase: 'mentions', mentions: { sinceId: ids[249] }, dms: {} });

    const next = await poll(connector, channel, rest.cursor);
    expect(next.items.map((i) => i.externalId)).toEqual([late]);
  });

  it('handles an empty account: mentions empty, DMs empty, cursor unchanged', async () => {
    const channel = channelFor();
    const mentions = await connector.fetch(channel, null);
    expect(mentions).toMatchObject({ items: [], more: true, cursor: { phase: 'dms', mentions: {}, dms: {} } });
    const dms = await connector.fetch(channel, mentions.cursor);
    expect(dms).toMatchObject({ items: [], more: false, cursor: { phase: 'mentions', mentions: {}, dms: {} } });
    expect(emu.requestLog.map((r) => r.status)).toEqual([200, 200]);
  });

  it('reads DMs until the last seen id and leaves out the DMs the entity sent', async () => {
    const channel = channelFor();
    const a = emu.addDm({ toUserId: OWN.userId, senderId: CITIZEN.authorId, text: 'dag', username: CITIZEN.username });
    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => i.externalId)).toEqual([a]);
    // No last seen id yet: the page's next_token is followed until an empty page (the recorded quirk).
    expect(requestsTo(emu, /^\/2\/dm_events$/).map((r) => r.status)).toEqual([200, 200]);

    const sent = await connector.reply(
      channel,
      { visibility: 'private', inReplyToExternalId: a, inReplyToKind: 'dm', conversationKey: `x:dm:${OWN.userId}-${CITIZEN.authorId}`, recipientPlatformUserId: CITIZEN.authorId },
      'Bedankt, we bekijken het.',
    );
    const b = emu.addDm({ toUserId: OWN.userId, senderId: CITIZEN.authorId, text: 'graag gedaan' });
    const other = emu.addDm({ toUserId: OWN.userId, senderId: '3000', text: 'andere burger', username: 'antwerpenaar' });

    const dmRequestsBefore = requestsTo(emu, /^\/2\/dm_events$/).length;
    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([other, b]);
    expect(second.items.map((i) => i.externalId)).not.toContain(sent.externalId);
    // The page reached the last seen id, so its next_token was not followed.
    expect(requestsTo(emu, /^\/2\/dm_events$/).length - dmRequestsBefore).toBe(1);
    expect(second.cursor).toMatchObject({ dms: { lastSeenId: other } });
    expect(messages(connector, second.items, channel).map((m) => m.conversationKey)).toEqual([`x:dm:${OWN.userId}-3000`, `x:dm:${OWN.userId}-${CITIZEN.authorId}`]);
  });

  it('walks many DM pages on the first poll, each event once', async () => {
    emu = await restart(new XEmulator({ pageSize: 5 }));
    const channel = channelFor();
    const ids = Array.from({ length: 12 }, (_, i) => emu.addDm({ toUserId: OWN.userId, senderId: String(2000 + i), text: `dm ${i}` }));
    const result = await poll(connector, channel, null);
    const dmIds = result.items.filter((i) => i.type === 'dm').map((i) => i.externalId);
    expect(dmIds).toEqual([...ids].reverse());
    expect(requestsTo(emu, /^\/2\/dm_events$/)).toHaveLength(4); // 5 + 5 + 2 + the empty page
    expect(result.cursor).toMatchObject({ dms: { lastSeenId: ids[11] } });
  });

  it('does not poll DMs without a user access token', async () => {
    emu.addDm({ toUserId: OWN.userId, senderId: CITIZEN.authorId, text: 'dag' });
    const result = await poll(connector, channelFor({ bearerToken: OWN.token }), null);
    expect(result.items).toEqual([]);
    expect(requestsTo(emu, /dm_events/)).toHaveLength(0);
  });

  it('passes a malformed mention through fetch; only it fails to normalize', async () => {
    const channel = channelFor({ bearerToken: OWN.token });
    const before = emu.addMention({ toUserId: OWN.userId, text: 'goed 1', ...CITIZEN });
    emu.addRawMention(OWN.userId, { id: '1900000000000009000', text: 'geheime inhoud', author_id: CITIZEN.authorId, created_at: 'niet-een-datum' });
    emu.addRawMention(OWN.userId, { text: 'zonder id', edit_history_tweet_ids: [] });
    const after = emu.addMention({ toUserId: OWN.userId, text: 'goed 2', ...CITIZEN });

    const { items } = await poll(connector, channel, null);
    expect(items).toHaveLength(4);
    const outcomes = kindsOrErrors(connector, items, channel, /geheime|zonder/);
    expect(outcomes).toEqual(['message', expect.stringMatching(/tweet\.id/), expect.stringMatching(/tweet\.created_at/), 'message']);
    expect([items[0]!.externalId, items[3]!.externalId]).toEqual([after, before]);
    expect(items[1]!.externalId).toBeUndefined();
    expect(items[2]!.externalId).toBe('1900000000000009000');
  });
});

describe('X connector ↔ emulator: replies', () => {
  it('posts a public reply and a DM, each recorded once by the emulator', async () => {
    const channel = channelFor();
    const mention = emu.addMention({ toUserId: OWN.userId, text: 'help', ...CITIZEN });
    const target = { inReplyToExternalId: mention, inReplyToKind: 'post' as const, conversationKey: `x:thread:${mention}:${CITIZEN.authorId}`, recipientPlatformUserId: CITIZEN.authorId };

    const pub = await connector.reply(channel, { ...target, visibility: 'public' }, 'We helpen u graag.');
    const priv = await connector.reply(channel, { ...target, visibility: 'private' }, 'Stuur ons uw dossiernummer.');

    expect(emu.replies).toHaveLength(2);
    expect(emu.replies[0]).toMatchObject({ kind: 'tweet', id: pub.externalId, text: 'We helpen u graag.', inReplyToTweetId: mention, byUserId: OWN.userId });
    expect(emu.replies[1]).toMatchObject({ kind: 'dm', id: priv.externalId, text: 'Stuur ons uw dossiernummer.', participantId: CITIZEN.authorId, byUserId: OWN.userId });
    expect(BigInt(pub.externalId)).toBeGreaterThan(BigInt(mention));
    expect(requestsTo(emu, /^\/2\/tweets$/).map((r) => [r.method, r.status])).toEqual([['POST', 201]]);
    expect(requestsTo(emu, /\/messages$/).map((r) => r.status)).toEqual([201]);
  });

  it('refuses to reply without a user access token, before any request', async () => {
    const channel = channelFor({ bearerToken: OWN.token });
    const target = { visibility: 'public' as const, inReplyToExternalId: '1', inReplyToKind: 'post' as const, conversationKey: 'k', recipientPlatformUserId: '2000' };
    const error = await rejection(connector.reply(channel, target, 'tekst'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/userAccessToken/);
    expect(emu.requestLog).toHaveLength(0);
    expect(emu.replies).toHaveLength(0);
  });
});

describe('X connector ↔ emulator: failures become typed errors', () => {
  it('429 → RateLimitedError at the reset of x-rate-limit-reset', async () => {
    const resetAt = new Date((Math.floor(Date.now() / 1000) + 600) * 1000);
    emu.failNext(429, { resetAt, path: /\/mentions$/ });
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.toISOString()).toBe(resetAt.toISOString());
    // failNext is used up: the next call goes through.
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it('rateLimitUntil → RateLimitedError on every matching call until the reset', async () => {
    const resetAt = new Date((Math.floor(Date.now() / 1000) + 120) * 1000);
    emu.rateLimitUntil(resetAt, /dm_events/);
    const channel = channelFor();
    const mentions = await connector.fetch(channel, null);
    for (let i = 0; i < 2; i++) {
      const error = await rejection(connector.fetch(channel, mentions.cursor));
      expect((error as RateLimitedError).resetAt.getTime()).toBe(resetAt.getTime());
    }
  });

  it('usage cap → RateLimitedError until the next day', async () => {
    emu.failNext(429, { usageCapped: true });
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    const resetAt = (error as RateLimitedError).resetAt;
    expect(resetAt.getTime()).toBeGreaterThan(Date.now());
    expect(resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600 * 1000);
    expect(resetAt.getUTCHours()).toBe(0);
  });

  it('401 after revokeToken → AuthExpiredError without the token; restoreToken heals it', async () => {
    emu.revokeToken(OWN.token);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.message).not.toContain(OWN.token);
    const replyError = await rejection(
      connector.reply(channelFor(), { visibility: 'public', inReplyToExternalId: '5', inReplyToKind: 'post', conversationKey: 'k', recipientPlatformUserId: '2' }, 'geheim antwoord'),
    );
    expect(replyError).toBeInstanceOf(AuthExpiredError);
    expect(replyError.message).not.toMatch(/geheim|user-token/);
    emu.restoreToken(OWN.token);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it.each([
    [503, 'TransientError', TransientError],
    [500, 'TransientError', TransientError],
    [403, 'PermanentError', PermanentError],
  ] as const)('%i → %s', async (status, _name, type) => {
    emu.failNext(status);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(String(status));
  });

  it('a stopped emulator (connection refused) → TransientError; a restart heals it', async () => {
    const channel = channelFor();
    await connector.fetch(channel, null); // opens a keep-alive connection first
    const error = await outageRejection(emu, () => connector.fetch(channel, null));
    expect(error.message).toMatch(/ECONNREFUSED|ECONNRESET|socket/i);
    // Restarted on the same URL, the next poll goes through again.
    await expect(connector.fetch(channel, null)).resolves.toMatchObject({ items: [] });
  });

  it('a server that never answers → TransientError after the timeout', async () => {
    const quick = createXConnector({ timeoutMs: 300 });
    try {
      await timeoutRejection((silent) => quick.fetch({ ...channelFor(), baseUrl: silent.url }, null));
    } finally {
      quick.close();
    }
  });
});

async function restart(next: XEmulator): Promise<XEmulator> {
  await emu.stop();
  next.addAccount(OWN);
  await next.start();
  return next;
}
