/**
 * The Instagram connector against the Instagram emulator over real HTTP (the Meta Graph client's
 * fetch → node:http server), and its webhook support on signed deliveries. No mocks.
 */
import { createInstagramConnector, PRIVATE_REPLY_REFUSED } from '../../connectors/instagram/connector.js';
import { InstagramEmulator, seedDemo, type InstagramDelivery } from '../../connectors/instagram/emulator.js';
import { SIGNATURE_HEADER, signMetaBody } from '../../connectors/meta/signature.js';
import {
  AuthExpiredError,
  NormalizeError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Cursor,
  type InboundMessage,
  type RawItem,
  type ReplyTarget,
  type WebhookRequest,
} from '../../connectors/types.js';
import { deliveryRequest, kindsOrErrors, messages, poll, rejection, replyTarget, requestsTo, timeoutRejection } from '../helpers/conformance.js';
import { platformJson } from '../helpers/fixtures.js';

const APP_SECRET = 'ig-app-secret-0001';
const VERIFY_TOKEN = 'ig-verify-token-0001';
const OWN = { igUserId: '17841400008460056', username: 'vlaanderen', token: 'ig-page-token-0001' };
const ANNA = { fromId: '17841405822304914', username: 'anna.peeters' };
const BERT = { fromId: '17841405822304915', username: 'bert_gent' };

const read = <T>(name: string): T => platformJson('instagram', name) as T;

let emu: InstagramEmulator;
let connector: ReturnType<typeof createInstagramConnector>;

function channelFor(overrides: Partial<ChannelContext> = {}): ChannelContext {
  return {
    id: 'ch-ig-1',
    entityId: 'ent-1',
    platform: 'instagram',
    account: { igUserId: OWN.igUserId, username: OWN.username },
    baseUrl: emu.url,
    credentials: { accessToken: OWN.token, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
    ...overrides,
  };
}

function pushed(delivery: InstagramDelivery, channel = channelFor()): RawItem[] {
  expect(connector.webhook!.verify(deliveryRequest(delivery), channel)).toBe(true);
  return connector.webhook!.parse(JSON.parse(delivery.rawBody.toString()), channel);
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

async function restart(next: InstagramEmulator): Promise<InstagramEmulator> {
  await emu.stop();
  next.addAccount(OWN);
  await next.start();
  return next;
}

beforeEach(async () => {
  emu = new InstagramEmulator({ appSecret: APP_SECRET });
  emu.addAccount(OWN);
  await emu.start();
  connector = createInstagramConnector({ timeoutMs: 5000 });
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('Instagram emulator: recorded shapes', () => {
  it('serves comments and paging in the shape of media_comments_p1.json', async () => {
    const recorded = read<{ data: Array<Record<string, unknown>>; paging: { cursors: Record<string, string>; next: string } }>('media_comments_p1.json');
    const media = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(100) });
    for (let i = 0; i < 3; i++) emu.addComment({ mediaId: media, text: 'Beautiful!', ...ANNA, at: minutesAgo(50 - i) });
    const res = await fetch(`${emu.url}v21.0/${media}/comments?limit=2`, { headers: { authorization: `Bearer ${OWN.token}` } });
    const body = (await res.json()) as typeof recorded;
    expect(Object.keys(body)).toEqual(Object.keys(recorded));
    expect(body.data.map((c) => Object.keys(c).sort())).toEqual(recorded.data.map((c) => Object.keys(c).sort()));
    expect(Object.keys(body.paging).sort()).toEqual(Object.keys(recorded.paging).sort());
    expect(new URL(body.paging.next).searchParams.get('after')).toBe(body.paging.cursors.after);
    expect(body.data[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    // Newest first, like the recording.
    expect(Date.parse(String(body.data[0]!.timestamp).replace('+0000', 'Z'))).toBeGreaterThan(Date.parse(String(body.data[1]!.timestamp).replace('+0000', 'Z')));
    expect(JSON.parse(res.headers.get('x-business-use-case-usage')!)).toEqual({ [OWN.igUserId]: [expect.objectContaining({ type: 'instagram' })] });
  });

  it('answers a mentioned_comment lookup like mentioned_comment.json', async () => {
    const recorded = read<{ mentioned_comment: Record<string, unknown>; id: string }>('mentioned_comment.json');
    const { commentId } = emu.addMention({ igUserId: OWN.igUserId, text: '@vlaanderen good', ...ANNA });
    const fields = `mentioned_comment.comment_id(${commentId}){id,like_count,text,timestamp,username}`;
    const res = await fetch(`${emu.url}${OWN.igUserId}?fields=${encodeURIComponent(fields)}`, { headers: { authorization: `Bearer ${OWN.token}` } });
    const body = (await res.json()) as typeof recorded;
    expect(Object.keys(body).sort()).toEqual(Object.keys(recorded).sort());
    expect(Object.keys(body.mentioned_comment).sort()).toEqual(Object.keys(recorded.mentioned_comment).sort());
    expect(body.id).toBe(OWN.igUserId);
  });
});

describe('Instagram connector ↔ emulator: polling', () => {
  it('first poll reads comments and replies of the recent media; the next poll only returns new ones', async () => {
    const channel = channelFor();
    const post1 = emu.addMedia({ ownerId: OWN.igUserId, caption: 'post 1', at: minutesAgo(300) });
    const post2 = emu.addMedia({ ownerId: OWN.igUserId, caption: 'post 2', at: minutesAgo(200) });
    emu.addMedia({ ownerId: OWN.igUserId, caption: 'zonder reacties', at: minutesAgo(100) });
    const a1 = emu.addComment({ mediaId: post1, text: 'Vraag van Anna', ...ANNA, at: minutesAgo(90) });
    const b1 = emu.addComment({ mediaId: post1, text: 'Vraag van Bert', ...BERT, at: minutesAgo(80) });
    const ownReply = emu.addComment({ mediaId: post1, text: 'Dag Anna, zie onze website.', fromId: OWN.igUserId, username: OWN.username, parentId: a1, at: minutesAgo(70) });
    const a2 = emu.addComment({ mediaId: post1, text: 'Bedankt!', ...ANNA, parentId: a1, at: minutesAgo(60) });
    const a3 = emu.addComment({ mediaId: post2, text: 'Ook hier een vraag', ...ANNA, at: minutesAgo(50) });

    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => i.externalId).sort()).toEqual([a1, b1, ownReply, a2, a3].sort());
    const outcomes = first.items.map((i) => connector.normalize(i, channel));
    expect(outcomes.filter((o) => o.kind === 'ignored')).toEqual([{ kind: 'ignored', reason: 'own comment' }]);
    const byId = new Map(messages(connector, first.items, channelFor()).map((m) => [m.externalId, m]));
    expect(byId.get(a1)).toMatchObject({ kind: 'comment', conversationKey: `ig:media:${post1}:${ANNA.fromId}`, author: { platformUserId: ANNA.fromId, handle: ANNA.username } });
    expect(byId.get(a2)).toMatchObject({ kind: 'reply', parentExternalId: a1, conversationKey: `ig:media:${post1}:${ANNA.fromId}` });
    expect(byId.get(b1)!.conversationKey).toBe(`ig:media:${post1}:${BERT.fromId}`);
    expect(byId.get(a3)!.conversationKey).toBe(`ig:media:${post2}:${ANNA.fromId}`);
    expect(byId.get(a1)!.permalink).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    // The media without comments was never asked for its comments.
    expect(requestsTo(emu, /\/comments$/).map((r) => r.path).sort()).toEqual([`/${post1}/comments`, `/${post2}/comments`].sort());
    const mediaQuery = new URLSearchParams(requestsTo(emu, /\/media$/)[0]!.query);
    expect(mediaQuery.get('fields')).toContain('comments_count');

    // Nothing changed: one request (the media list), no items.
    const logBefore = emu.requestLog.length;
    const idle = await poll(connector, channel, first.cursor);
    expect(idle.items).toEqual([]);
    expect(emu.requestLog.length - logBefore).toBe(1);

    const b2 = emu.addComment({ mediaId: post1, text: 'Nog een vraag', ...BERT, at: minutesAgo(10) });
    const a4 = emu.addComment({ mediaId: post2, text: 'Antwoord op mezelf', ...ANNA, parentId: a3, at: minutesAgo(5) });
    const second = await poll(connector, channel, idle.cursor);
    expect(second.items.map((i) => i.externalId).sort()).toEqual([b2, a4].sort());
    const third = await poll(connector, channel, second.cursor);
    expect(third.items).toEqual([]);
  });

  it('pages through 120 comments, each once, and resumes a stored mid-scan cursor in a fresh connector', async () => {
    emu = await restart(new InstagramEmulator({ appSecret: APP_SECRET, pageSize: 50 }));
    const channel = channelFor();
    const media = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(1000) });
    const ids = Array.from({ length: 120 }, (_, i) => emu.addComment({ mediaId: media, text: `reactie ${i}`, ...(i % 2 ? ANNA : BERT), at: minutesAgo(900 - i) }));

    const page1 = await connector.fetch(channel, null);
    expect(page1.items).toHaveLength(50);
    expect(page1.more).toBe(true);
    expect(page1.cursor).toMatchObject({ scan: { queue: [{ id: media, count: 120 }], after: expect.any(String) } });

    connector.close();
    connector = createInstagramConnector({ timeoutMs: 5000 });
    const rest = await poll(connector, channel, JSON.parse(JSON.stringify(page1.cursor)) as Cursor);
    expect(rest.pages).toBe(2);
    const seen = [...page1.items, ...rest.items].map((i) => i.externalId);
    expect(seen).toHaveLength(120);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(rest.cursor).toEqual({ media: { [media]: { count: 120, hw: expect.any(Number), hwIds: [ids[119]], lastId: ids[119] } }, reconcile: expect.any(Object) });

    // One new comment: the scan stops on the first page, at the last seen comment.
    const fresh = emu.addComment({ mediaId: media, text: 'nieuw', ...ANNA, at: minutesAgo(1) });
    let before = requestsTo(emu, /\/comments$/).length;
    const next = await poll(connector, channel, rest.cursor);
    expect(next.items.map((i) => i.externalId)).toEqual([fresh]);
    expect(requestsTo(emu, /\/comments$/).length - before).toBe(1);

    // A reply to the oldest comment (on the last page) raises comments_count: the scan goes on until it finds it.
    const late = emu.addComment({ mediaId: media, text: 'laat antwoord', ...BERT, parentId: ids[0]!, at: new Date() });
    before = requestsTo(emu, /\/comments$/).length;
    const last = await poll(connector, channel, next.cursor);
    expect(last.items.map((i) => i.externalId)).toEqual([late]);
    expect(requestsTo(emu, /\/comments$/).length - before).toBe(3);
    expect(messages(connector, last.items, channelFor())[0]).toMatchObject({ kind: 'reply', parentExternalId: ids[0] });
  });

  it('follows nested reply paging through /{comment-id}/replies', async () => {
    emu = await restart(new InstagramEmulator({ appSecret: APP_SECRET, replyPageSize: 25 }));
    const media = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(500) });
    const parent = emu.addComment({ mediaId: media, text: 'draad', ...ANNA, at: minutesAgo(400) });
    const replies = Array.from({ length: 30 }, (_, i) => emu.addComment({ mediaId: media, text: `antwoord ${i}`, ...BERT, parentId: parent, at: minutesAgo(300 - i) }));
    const result = await poll(connector, channelFor(), null);
    expect(result.items.map((i) => i.externalId).sort()).toEqual([parent, ...replies].sort());
    expect(requestsTo(emu, /\/replies$/).map((r) => r.path)).toEqual([`/${parent}/replies`]);
  });

  it('handles an account without media and media without comments: no comment requests, empty page', async () => {
    const channel = channelFor();
    const empty = await connector.fetch(channel, null);
    expect(empty).toMatchObject({ items: [], more: false, cursor: { media: {} } });
    emu.addMedia({ ownerId: OWN.igUserId });
    const still = await connector.fetch(channel, empty.cursor);
    expect(still.items).toEqual([]);
    expect(still.more).toBe(false);
    expect(requestsTo(emu, /\/comments$/)).toHaveLength(0);
    expect(emu.requestLog.map((r) => r.status)).toEqual([200, 200]);
  });

  it('forgets media that left the recent window and skips media deleted mid-scan', async () => {
    const small = createInstagramConnector({ timeoutMs: 5000, recentMedia: 2, pageSize: 1 });
    try {
      const channel = channelFor();
      const old = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(300) });
      emu.addComment({ mediaId: old, text: 'oud', ...ANNA, at: minutesAgo(290) });
      const first = await poll(small, channel, null);
      expect(Object.keys((first.cursor as { media: object }).media)).toEqual([old]);

      const m1 = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(200) });
      const m2 = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(100) });
      emu.addComment({ mediaId: m1, text: 'een', ...ANNA, at: minutesAgo(50) });
      emu.addComment({ mediaId: m1, text: 'twee', ...ANNA, at: minutesAgo(49) });
      emu.addComment({ mediaId: m2, text: 'drie', ...BERT, at: minutesAgo(40) });
      const page = await small.fetch(channel, first.cursor);
      expect(page.more).toBe(true);
      expect((page.cursor as { media: object }).media).not.toHaveProperty(old);
      // m2 (newest) was scanned in this fetch; m1 waits in the queue.
      expect((page.cursor as { scan: { queue: Array<{ id: string }> } }).scan.queue.map((q) => q.id)).toEqual([m1]);
      emu.removeMedia(m1);
      const rest = await poll(small, channel, page.cursor);
      expect(rest.cursor).not.toHaveProperty('scan');
      expect(emu.requestLog.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([400]);
    } finally {
      small.close();
    }
  });

  it('passes a malformed comment through fetch; only it fails to normalize', async () => {
    const channel = channelFor();
    const media = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(100) });
    const before = emu.addComment({ mediaId: media, text: 'goed 1', ...ANNA, at: minutesAgo(50) });
    emu.addRawComment(media, { id: '17999999999999999', text: 'geheime inhoud', timestamp: 'niet-een-datum', from: { id: BERT.fromId } });
    emu.addRawComment(media, { text: 'zonder id', timestamp: '2026-11-20T10:00:00+0000' });
    const after = emu.addComment({ mediaId: media, text: 'goed 2', ...ANNA, at: new Date() });
    const { items } = await poll(connector, channel, null);
    const results = kindsOrErrors(connector, items, channel, /geheime|zonder/);
    expect(results.filter((r) => r === 'message')).toHaveLength(2);
    expect(results.filter((r) => r !== 'message').sort()).toEqual([expect.stringMatching(/comment\.id/), expect.stringMatching(/comment\.timestamp/)].sort());
    expect(items.filter((i) => i.externalId === before || i.externalId === after)).toHaveLength(2);
  });

  it('reports the BUC usage as FetchResult.rateLimit', async () => {
    const page = await connector.fetch(channelFor(), null);
    expect(page.rateLimit).toEqual({ remaining: 99 });
  });
});

describe('Instagram connector ↔ emulator: replies', () => {
  async function polledComment(text: string, at = minutesAgo(30)): Promise<InboundMessage> {
    const media = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(600) });
    const id = emu.addComment({ mediaId: media, text, ...ANNA, at });
    const { items } = await poll(connector, channelFor(), null);
    return messages(connector, items, channelFor()).find((m) => m.externalId === id)!;
  }

  it('answers a comment publicly, once; the next poll sees the answer as own and ignores it', async () => {
    const channel = channelFor();
    const media = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(600) });
    const c = emu.addComment({ mediaId: media, text: 'Wanneer is het loket open?', ...ANNA, at: minutesAgo(30) });
    const r = emu.addComment({ mediaId: media, text: 'Ik vraag me dat ook af', ...BERT, parentId: c, at: minutesAgo(20) });
    const first = await poll(connector, channel, null);
    const [comment, reply] = [c, r].map((id) => messages(connector, first.items, channelFor()).find((m) => m.externalId === id)!);

    const sent = await connector.reply(channel, replyTarget(comment!, 'public'), 'Van 9 tot 12 uur.');
    // A reply to a reply goes under the top-level comment: Instagram nests one level.
    const sent2 = await connector.reply(channel, replyTarget(reply!, 'public'), 'Dag Bert, van 9 tot 12 uur.');
    expect(emu.replies).toEqual([
      expect.objectContaining({ kind: 'comment_reply', id: sent.externalId, commentId: c, text: 'Van 9 tot 12 uur.', byIgUserId: OWN.igUserId }),
      expect.objectContaining({ kind: 'comment_reply', id: sent2.externalId, commentId: c }),
    ]);
    expect(requestsTo(emu, /\/replies$/).filter((q) => q.method === 'POST').map((q) => q.path)).toEqual([`/${c}/replies`, `/${c}/replies`]);

    const next = await poll(connector, channel, first.cursor);
    expect(next.items.map((i) => i.externalId).sort()).toEqual([sent.externalId, sent2.externalId].sort());
    expect(next.items.map((i) => connector.normalize(i, channel))).toEqual([
      { kind: 'ignored', reason: 'own comment' },
      { kind: 'ignored', reason: 'own comment' },
    ]);
  });

  it('sends one private reply to a comment; a second one is refused with a clear PermanentError', async () => {
    const m = await polledComment('Mijn dossier 2026/123 is zoek');
    const sent = await connector.reply(channelFor(), replyTarget(m, 'private'), 'Stuur ons uw gegevens in een privébericht.');
    expect(emu.replies).toEqual([expect.objectContaining({ kind: 'private_reply', id: sent.externalId, commentId: m.externalId, recipientId: ANNA.fromId })]);
    const error = await rejection(connector.reply(channelFor(), replyTarget(m, 'private'), 'Nog een bericht'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(PRIVATE_REPLY_REFUSED);
    expect(emu.replies).toHaveLength(1);
  });

  it('refuses a private reply to a comment older than 7 days before any request; the API refuses it too', async () => {
    const m = await polledComment('oude vraag', new Date(Date.now() - 8 * 24 * 3600 * 1000));
    const logBefore = emu.requestLog.length;
    const error = await rejection(connector.reply(channelFor(), replyTarget(m, 'private'), 'te laat'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(PRIVATE_REPLY_REFUSED);
    expect(emu.requestLog.length).toBe(logBefore);

    // Without a timestamp in the raw payload the API decides: code 10 / subcode 2534022.
    const bare = { ...replyTarget(m, 'private'), inReplyToRaw: { comment: { id: m.externalId } } };
    const apiError = await rejection(connector.reply(channelFor(), bare, 'te laat'));
    expect(apiError).toBeInstanceOf(PermanentError);
    expect(apiError.message).toBe(PRIVATE_REPLY_REFUSED);
    expect(emu.requestLog.slice(logBefore).map((r) => r.status)).toEqual([400]);
    expect(emu.replies).toHaveLength(0);
  });

  it('answers a DM privately through /{page-id}/messages when the channel has a page id; never publicly', async () => {
    emu = await restart(new InstagramEmulator({ appSecret: APP_SECRET }));
    emu.addAccount({ ...OWN, pageId: '104857600000001' });
    const channel = channelFor({ account: { igUserId: OWN.igUserId, username: OWN.username, pageId: '104857600000001' } });
    const { delivery } = emu.dmWebhook({ igUserId: OWN.igUserId, fromId: ANNA.fromId, text: 'Waar vind ik het formulier?' });
    const [m] = messages(connector, pushed(delivery, channel), channel);
    expect(m).toMatchObject({ kind: 'dm', conversationKey: `ig:dm:${ANNA.fromId}` });
    expect(connector.replyVisibilities('dm')).toEqual(['private']);

    const sent = await connector.reply(channel, replyTarget(m!, 'private'), 'Op onze website.');
    expect(emu.replies).toEqual([expect.objectContaining({ kind: 'dm', id: sent.externalId, recipientId: ANNA.fromId, text: 'Op onze website.' })]);
    expect(requestsTo(emu, /\/messages$/).map((r) => r.path)).toEqual(['/104857600000001/messages']);
    await expect(connector.reply(channel, replyTarget(m!, 'public'), 'x')).rejects.toThrow(/only be answered privately/);
    expect(emu.replies).toHaveLength(1);
  });

  it("maps a DM outside Instagram's 24-hour window to a PermanentError", async () => {
    const { delivery } = emu.dmWebhook({ igUserId: OWN.igUserId, fromId: BERT.fromId, text: 'oud', at: new Date(Date.now() - 30 * 3600 * 1000) });
    const [m] = messages(connector, pushed(delivery), channelFor());
    const error = await rejection(connector.reply(channelFor(), replyTarget(m!, 'private'), 'te laat'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/24-hour messaging window/);
  });

  it('resolves a mention from the webhook ids, then answers it through the mentions edge', async () => {
    const channel = channelFor();
    const { mediaId, commentId, delivery } = emu.addMention({ igUserId: OWN.igUserId, text: '@vlaanderen dit fietspad ligt vol putten', ...BERT });
    const [item] = pushed(delivery);
    expect(() => connector.normalize(item!, channel)).toThrow(NormalizeError);
    const resolved = await connector.resolveMention(channel, item!);
    const m = messages(connector, [resolved], channelFor())[0]!;
    expect(m).toMatchObject({ externalId: commentId, kind: 'comment', text: '@vlaanderen dit fietspad ligt vol putten', conversationKey: `ig:media:${mediaId}:${BERT.username}` });
    const sent = await connector.reply(channel, replyTarget(m, 'public'), 'Bedankt, we geven het door aan de wegbeheerder.');
    expect(emu.replies).toEqual([expect.objectContaining({ kind: 'mention_reply', id: sent.externalId, mediaId, commentId })]);
    expect(requestsTo(emu, /\/mentions$/).map((r) => [r.method, r.status])).toEqual([['POST', 200]]);
  });

  it('offers public and private for comments and replies, private for DMs', () => {
    expect(connector.replyVisibilities('comment')).toEqual(['public', 'private']);
    expect(connector.replyVisibilities('reply')).toEqual(['public', 'private']);
    expect(connector.replyVisibilities('dm')).toEqual(['private']);
  });
});

describe('Instagram connector: webhooks', () => {
  it('answers the handshake for the right verify token only', () => {
    const get = (query: Record<string, string>): WebhookRequest => ({ method: 'GET', query, headers: {}, rawBody: Buffer.alloc(0) });
    const channel = channelFor();
    expect(connector.webhook!.handshake!(get({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '424242' }), channel)).toMatchObject({ status: 200, body: '424242' });
    expect(connector.webhook!.handshake!(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }), channel)?.status).toBe(403);
  });

  it('verifies signed deliveries and rejects forged or unsigned ones', () => {
    const channel = channelFor();
    const media = emu.addMedia({ ownerId: OWN.igUserId });
    const c = emu.addComment({ mediaId: media, text: 'Één vraag / opmerking', ...ANNA });
    const delivery = emu.commentWebhook(c);
    expect(delivery.rawBody.toString()).toContain('\\u00c9\\u00e9n vraag \\/ opmerking');
    expect(connector.webhook!.verify(deliveryRequest(delivery), channel)).toBe(true);
    expect(connector.webhook!.verify(deliveryRequest(delivery, { rawBody: Buffer.from(delivery.rawBody.toString().replace('vraag', 'klacht')) }), channel)).toBe(false);
    expect(connector.webhook!.verify(deliveryRequest(delivery, { headers: {} }), channel)).toBe(false);
    expect(connector.webhook!.verify(deliveryRequest(delivery, { headers: { [SIGNATURE_HEADER]: signMetaBody('other', delivery.rawBody) } }), channel)).toBe(false);
  });

  it('parses comment and DM deliveries into items that normalize; echoes are ignored; a pushed comment has the polled id', async () => {
    const channel = channelFor();
    const media = emu.addMedia({ ownerId: OWN.igUserId, at: minutesAgo(60) });
    const c = emu.addComment({ mediaId: media, text: 'Via webhook', ...ANNA, at: minutesAgo(1) });
    const [fromHook] = messages(connector, pushed(emu.commentWebhook(c)), channelFor());
    const { items } = await poll(connector, channel, null);
    const [fromPoll] = messages(connector, items, channelFor());
    expect(fromHook!.externalId).toBe(fromPoll!.externalId);
    expect(fromHook!.conversationKey).toBe(fromPoll!.conversationKey);

    const dm = emu.dmWebhook({ igUserId: OWN.igUserId, fromId: BERT.fromId, attachments: [{ type: 'image', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=9' }] });
    const [photo] = messages(connector, pushed(dm.delivery), channelFor());
    expect(photo).toMatchObject({ externalId: dm.mid, text: '', attachments: [{ type: 'image' }] });
    const echo = emu.dmWebhook({ igUserId: OWN.igUserId, fromId: BERT.fromId, text: 'ons antwoord', isEcho: true });
    expect(pushed(echo.delivery).map((i) => connector.normalize(i, channel))).toEqual([{ kind: 'ignored', reason: 'own message (echo)' }]);
  });
});

describe('Instagram connector ↔ emulator: failures become typed errors', () => {
  it('80002 throttle → RateLimitedError at the BUC estimated_time_to_regain_access; the next call goes through', async () => {
    emu.failNext('rate_limit', { regainMinutes: 7 });
    const before = Date.now();
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    const wait = (error as RateLimitedError).resetAt.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(7 * 60_000 - 1000);
    expect(wait).toBeLessThanOrEqual(7 * 60_000 + 5000);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ items: [] });
  });

  it('rateLimitUntil → RateLimitedError on every call until then', async () => {
    emu.rateLimitUntil(new Date(Date.now() + 3 * 60_000));
    for (let i = 0; i < 2; i++) {
      const error = await rejection(connector.fetch(channelFor(), null));
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).resetAt.getTime()).toBeGreaterThan(Date.now() + 2 * 60_000);
    }
  });

  it('revoked token → AuthExpiredError without the token; reply errors carry no text', async () => {
    emu.revokeToken(OWN.token);
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.message).not.toContain(OWN.token);
    const target: ReplyTarget = { visibility: 'public', inReplyToExternalId: '1', inReplyToKind: 'comment', conversationKey: 'k', recipientPlatformUserId: '2' };
    const replyError = await rejection(connector.reply(channelFor(), target, 'geheim antwoord'));
    expect(replyError).toBeInstanceOf(AuthExpiredError);
    expect(replyError.message).not.toMatch(/geheim|ig-page-token/);
    emu.restoreToken(OWN.token);
    await expect(connector.fetch(channelFor(), null)).resolves.toMatchObject({ more: false });
  });

  it.each([[500], [503]] as const)('%i → TransientError', async (status) => {
    emu.failNext(status);
    expect(await rejection(connector.fetch(channelFor(), null))).toBeInstanceOf(TransientError);
  });

  it('a missing igUserId or token → PermanentError before any request', async () => {
    await expect(connector.fetch(channelFor({ account: {} }), null)).rejects.toThrow(/account\.igUserId/);
    await expect(connector.fetch(channelFor({ credentials: {} }), null)).rejects.toThrow(/credentials\.accessToken/);
    expect(emu.requestLog).toHaveLength(0);
  });

  it('a stopped emulator or a server that never answers → TransientError', async () => {
    const channel = channelFor();
    await emu.stop();
    expect(await rejection(connector.fetch(channel, null))).toBeInstanceOf(TransientError);
    const quick = createInstagramConnector({ timeoutMs: 300 });
    try {
      await timeoutRejection((silent) => quick.fetch({ ...channel, baseUrl: silent.url }, null));
    } finally {
      quick.close();
    }
  });
});

describe('Instagram demo seed', () => {
  it('gives comments to poll and a DM delivery, all citizen messages', async () => {
    const { dmDelivery } = seedDemo(emu, { igUserId: OWN.igUserId });
    const { items } = await poll(connector, channelFor(), null);
    const polled = messages(connector, items, channelFor());
    expect(polled.length).toBeGreaterThanOrEqual(6);
    expect(new Set(polled.map((m) => m.author.platformUserId)).size).toBeGreaterThanOrEqual(5);
    expect(messages(connector, pushed(dmDelivery), channelFor())).toHaveLength(1);
  });
});
