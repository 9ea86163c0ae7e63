/**
 * The Google Business Profile reviews connector against its emulator over real HTTP (Node fetch →
 * node:http server). No mocks. No review response was ever recorded in public: the emulator serves
 * the documented shapes (fixtures/google/*.docs.json).
 */
import { createGoogleConnector } from '../../connectors/google/connector.js';
import { GoogleReviewsEmulator, googleErrorBody, seedDemo } from '../../connectors/google/emulator.js';
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Cursor,
} from '../../connectors/types.js';
import { kindsOrErrors, messages, outageRejection, poll, rejection, replyTarget, timeoutRejection } from '../helpers/conformance.js';
import { platformJson } from '../helpers/fixtures.js';

type Json = Record<string, unknown>;
const read = <T>(name: string): T => platformJson('google', name) as T;

const LOC = { accountId: '108230940203480133456', locationId: '4839201838383920123' };
const TOKEN = 'ya29.emu-token-gent-0001';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

let emu: GoogleReviewsEmulator;
let connector: ReturnType<typeof createGoogleConnector>;

function channelFor(credentials: Record<string, string> = { accessToken: TOKEN }): ChannelContext {
  return { id: 'ch-g-1', entityId: 'ent-1', platform: 'google', account: { ...LOC }, baseUrl: emu.url, credentials };
}

const add = (comment: string | undefined, createTime: Date, starRating: 'ONE' | 'THREE' | 'FIVE' = 'THREE', displayName = 'Burger') =>
  emu.addReview({ ...LOC, starRating, displayName, createTime, ...(comment === undefined ? {} : { comment }) });

beforeEach(async () => {
  emu = new GoogleReviewsEmulator();
  emu.addLocation({ ...LOC, token: TOKEN });
  await emu.start();
  connector = createGoogleConnector({ timeoutMs: 5000 });
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('Google connector ↔ emulator: documented shapes', () => {
  it('reads the doc-derived reviews verbatim, newest update first, with the documented query', async () => {
    const docs = read<{ response: { body: { reviews: Json[] } } }>('reviews_list.docs.json').response.body.reviews;
    for (const r of docs) emu.addRawReview(LOC.accountId, LOC.locationId, r);
    const fixed = createGoogleConnector({ timeoutMs: 5000, now: () => new Date('2026-11-21T00:00:00Z') });
    const channel = channelFor();

    const page = await fixed.fetch(channel, null);

    expect(page.items.map((i) => (i.payload as { review: unknown }).review)).toEqual(docs);
    expect(page.items.map((i) => i.externalId)).toEqual(docs.map((r) => `${String(r.reviewId)}@${String(r.updateTime)}`));
    expect(page.more).toBe(false);
    expect(page.cursor).toEqual({ lastSeen: '2026-11-20T08:30:45.987654321Z', lastSeenIds: ['AbFvOqmB1x-docs-0003'] });
    expect(messages(connector, page.items, channel).map((m) => m.text)).toEqual([docs[0]!.comment, '', docs[2]!.comment]);
    const [req] = emu.requestLog;
    expect(req).toMatchObject({ method: 'GET', path: `/v4/accounts/${LOC.accountId}/locations/${LOC.locationId}/reviews`, status: 200 });
    expect(req!.query).toBe('pageSize=50&orderBy=updateTime%20desc');
  });

  it('answers with Google’s error envelope and `{}` for a location without reviews', async () => {
    const errors = read<Record<string, unknown>>('errors.docs.json');
    expect(googleErrorBody(401)).toEqual(errors['401_unauthenticated']);
    expect(googleErrorBody(429)).toEqual(errors['429_resource_exhausted']);
    const res = await fetch(`${emu.url}v4/accounts/${LOC.accountId}/locations/${LOC.locationId}/reviews`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await res.json()).toEqual({});
    const bad = await fetch(`${emu.url}v4/accounts/${LOC.accountId}/locations/${LOC.locationId}/reviews?pageSize=51`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bad.status).toBe(400);
  });
});

describe('Google connector ↔ emulator: polling', () => {
  it('first poll reads the reviews; the next poll only new and edited ones, edits in the same ticket', async () => {
    const channel = channelFor();
    const r1 = add('Vriendelijk onthaal', minutesAgo(30), 'FIVE');
    const r2 = add('Lang gewacht', minutesAgo(20), 'ONE');
    const r3 = add(undefined, minutesAgo(10), 'THREE');

    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => i.externalId!.split('@')[0])).toEqual([r3, r2, r1]);
    const msgs = messages(connector, first.items, channel);
    expect(msgs.map((m) => m.conversationKey)).toEqual([`gr:${r3}`, `gr:${r2}`, `gr:${r1}`]);
    expect(msgs[0]!.text).toBe('');

    const edited = emu.editReview(r2, { comment: 'Lang gewacht, en nog steeds geen antwoord op mijn mail', starRating: 'ONE' });
    const r4 = add('Nieuwe review', new Date());
    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([expect.stringMatching(new RegExp(`^${r4}@`)), `${r2}@${edited}`]);
    const [, edit] = messages(connector, second.items, channel);
    // The same review's one message, edited: ingest applies it to the stored message.
    expect(edit).toMatchObject({ conversationKey: `gr:${r2}`, text: 'Lang gewacht, en nog steeds geen antwoord op mijn mail', rating: 1 });
    expect(edit!.externalId).toBe(msgs[1]!.externalId);
    expect(edit!.editedAt).toEqual(new Date(edited.slice(0, 23) + 'Z'));
    expect(msgs[1]!.editedAt).toBeUndefined();

    const third = await poll(connector, channel, second.cursor);
    expect(third.items).toEqual([]);
    expect(third.pages).toBe(1);
  });

  it('pages 12 reviews 5 at a time, each once, resuming from a stored cursor', async () => {
    const small = createGoogleConnector({ timeoutMs: 5000, pageSize: 5 });
    const channel = channelFor();
    const ids = Array.from({ length: 12 }, (_, i) => add(`review ${i}`, minutesAgo(60 - i)));

    const page1 = await small.fetch(channel, null);
    expect(page1.items).toHaveLength(5);
    expect(page1.more).toBe(true);
    expect(page1.cursor).toMatchObject({ pageToken: expect.any(String), pendingNewest: expect.any(String) });
    expect(page1.cursor.lastSeen).toBeUndefined();

    const late = add('tijdens het bladeren', new Date());
    const fresh = createGoogleConnector({ timeoutMs: 5000, pageSize: 5 });
    const rest = await poll(fresh, channel, JSON.parse(JSON.stringify(page1.cursor)) as Cursor);
    const seen = [...page1.items, ...rest.items].map((i) => i.externalId!.split('@')[0]);
    // The late review lands on top and shifts the pages by one: one review comes twice (ingest dedupes), none is lost.
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toHaveLength(13);
    expect(emu.requestLog.filter((r) => r.path.endsWith('/reviews'))).toHaveLength(3);
    expect(rest.cursor).toEqual({ lastSeen: page1.cursor.pendingNewest, lastSeenIds: [ids[11]] });

    // lastSeen is the first page's newest review, so the late one comes with the next poll.
    const next = await poll(fresh, channel, rest.cursor);
    expect(next.items.map((i) => i.externalId!.split('@')[0])).toEqual([late]);
  });

  it('handles an empty location: no items, cursor unchanged', async () => {
    const page = await connector.fetch(channelFor(), null);
    expect(page).toEqual({ items: [], cursor: {}, more: false });
  });

  it('looks back 30 days on the first poll only', async () => {
    const channel = channelFor();
    add('van vorig jaar', new Date(Date.now() - 60 * 24 * 3600_000));
    const recent = add('van vandaag', minutesAgo(5));
    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => i.externalId!.split('@')[0])).toEqual([recent]);
    expect(first.pages).toBe(1);
  });

  it('never makes the owner’s reply a citizen message, whether or not it moves updateTime', async () => {
    const channel = channelFor();
    const r1 = add('Waar kan ik parkeren?', minutesAgo(15));
    const first = await poll(connector, channel, null);
    await connector.reply(channel, replyTarget(messages(connector, first.items, channel)[0]!, 'public'), 'Achter het gebouw.');
    const second = await poll(connector, channel, first.cursor);
    expect(second.items).toEqual([]);

    emu.replyBumpsUpdateTime = true;
    const r2 = add('En op zondag?', minutesAgo(1));
    const third = await poll(connector, channel, second.cursor);
    await connector.reply(channel, replyTarget(messages(connector, third.items, channel)[0]!, 'public'), 'Dan is het gratis.');
    const fourth = await poll(connector, channel, third.cursor);
    expect(fourth.items).toHaveLength(1);
    expect(fourth.items[0]!.externalId).toMatch(new RegExp(`^${r2}@`));
    expect(connector.normalize(fourth.items[0]!, channel)).toEqual({ kind: 'ignored', reason: 'only the owner reply changed' });
    expect(r1).not.toBe(r2);
  });

  it('passes a malformed review through fetch; only it fails to normalize', async () => {
    const channel = channelFor();
    const good1 = add('goed 1', minutesAgo(3));
    emu.addRawReview(LOC.accountId, LOC.locationId, { comment: 'geheime inhoud zonder id', starRating: 'ONE', updateTime: new Date(Date.now() - 120_000).toISOString() });
    const good2 = add('goed 2', minutesAgo(1));
    const { items } = await poll(connector, channel, null);
    expect(items).toHaveLength(3);
    const outcomes = kindsOrErrors(connector, items, channel, /geheime/);
    expect(outcomes).toEqual(['message', expect.stringMatching(/reviewId/), 'message']);
    expect(items[1]!.externalId).toBeUndefined();
    expect([items[0]!.externalId!.split('@')[0], items[2]!.externalId!.split('@')[0]]).toEqual([good2, good1]);
  });
});

describe('Google connector ↔ emulator: replies', () => {
  it('puts the owner reply once and answers with its time', async () => {
    const channel = channelFor();
    const r1 = add('Lang gewacht', minutesAgo(5), 'ONE');
    const [m] = messages(connector, (await poll(connector, channel, null)).items, channel);
    const sent = await connector.reply(channel, replyTarget(m!, 'public'), 'Het spijt ons, we nemen contact op.');
    expect(emu.replies).toHaveLength(1);
    expect(emu.replies[0]).toMatchObject({ ...LOC, reviewId: r1, comment: 'Het spijt ons, we nemen contact op.' });
    expect(sent.externalId).toBe(`${r1}/reply@${emu.replies[0]!.updateTime}`);
    expect(emu.requestLog.filter((r) => r.method === 'PUT').map((r) => [r.path, r.status])).toEqual([
      [`/v4/accounts/${LOC.accountId}/locations/${LOC.locationId}/reviews/${r1}/reply`, 200],
    ]);
  });

  it('refuses a private reply before any request', async () => {
    const error = await rejection(
      connector.reply(channelFor(), { visibility: 'private', inReplyToExternalId: 'r@t', inReplyToKind: 'review', conversationKey: 'gr:r', recipientPlatformUserId: 'reviewer:r' }, 'x'),
    );
    expect(error).toBeInstanceOf(PermanentError);
    expect(emu.requestLog).toHaveLength(0);
  });
});

describe('Google connector ↔ emulator: failures become typed errors', () => {
  it('429 RESOURCE_EXHAUSTED → RateLimitedError in 60 s, or at Retry-After', async () => {
    const now = new Date('2026-11-22T21:30:00Z');
    const fixed = createGoogleConnector({ timeoutMs: 5000, now: () => now });
    emu.failNext(429);
    const error = await rejection(fixed.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.getTime()).toBe(now.getTime() + 60_000);
    expect(error.message).toContain('RESOURCE_EXHAUSTED');
    emu.failNext(429, { retryAfter: 300 });
    const later = await rejection(fixed.fetch(channelFor(), null));
    expect((later as RateLimitedError).resetAt.getTime()).toBe(now.getTime() + 300_000);
    await expect(fixed.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it('401 after revokeToken → AuthExpiredError without the token, on fetch and reply', async () => {
    emu.revokeToken(TOKEN);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.message).toContain('UNAUTHENTICATED');
    expect(error.message).not.toContain(TOKEN);
    const replyError = await rejection(
      connector.reply(channelFor(), { visibility: 'public', inReplyToExternalId: 'r@t', inReplyToKind: 'review', conversationKey: 'gr:r', recipientPlatformUserId: 'x' }, 'geheim antwoord'),
    );
    expect(replyError).toBeInstanceOf(AuthExpiredError);
    expect(replyError.message).not.toMatch(/geheim|ya29/);
    emu.restoreToken(TOKEN);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it.each([
    [500, TransientError, 'INTERNAL'],
    [503, TransientError, 'UNAVAILABLE'],
    [403, PermanentError, 'PERMISSION_DENIED'],
  ] as const)('%i → %p', async (status, type, canonical) => {
    emu.failNext(status);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(`${status} ${canonical}`);
  });

  it('a token for another location → PermanentError; missing ids → PermanentError before any request', async () => {
    emu.addLocation({ accountId: '1', locationId: '2', token: 'other-token' });
    expect(await rejection(connector.fetch(channelFor({ accessToken: 'other-token' }), null))).toBeInstanceOf(PermanentError);
    const before = emu.requestLog.length;
    expect((await rejection(connector.fetch({ ...channelFor(), account: {} }, null))).message).toMatch(/accountId/);
    expect(emu.requestLog).toHaveLength(before);
  });

  it('a stopped emulator → TransientError; a restart heals it', async () => {
    const channel = channelFor();
    await connector.fetch(channel, null);
    const error = await outageRejection(emu, () => connector.fetch(channel, null));
    expect(error.message).toMatch(/ECONNREFUSED|ECONNRESET|socket|fetch failed/i);
    await expect(connector.fetch(channel, null)).resolves.toMatchObject({ items: [] });
  });

  it('a server that never answers → TransientError after the timeout', async () => {
    const quick = createGoogleConnector({ timeoutMs: 300 });
    const error = await timeoutRejection((silent) => quick.fetch({ ...channelFor(), baseUrl: silent.url }, null));
    expect(error.message).toMatch(/timed out/);
  });
});

describe('Google demo seed', () => {
  it('adds six reviews that poll into messages, one of them rating-only', async () => {
    const ids = seedDemo(emu, { accountId: '77', locationId: '88', accessToken: 'demo-g-token' });
    const channel = { ...channelFor({ accessToken: 'demo-g-token' }), account: { accountId: '77', locationId: '88' } };
    const msgs = messages(connector, (await poll(connector, channel, null)).items, channel);
    expect(msgs.map((m) => m.conversationKey)).toEqual([...ids].reverse().map((id) => `gr:${id}`));
    expect(msgs.filter((m) => m.text === '')).toHaveLength(1);
    expect(msgs.some((m) => /klacht/.test(m.text))).toBe(true);
  });
});
