import { createFacebookConnector, createMessengerConnector } from '../../connectors/facebook/connector.js';
import { normalizeFacebook } from '../../connectors/facebook/normalize.js';
import { messengerSentAt, normalizeMessenger } from '../../connectors/facebook/messenger-normalize.js';
import { parseFacebookWebhook } from '../../connectors/facebook/webhook.js';
import { parseMessengerWebhook } from '../../connectors/facebook/messenger-webhook.js';
import { classifyGraphError, graphErrorToConnectorError, usageFromHeaders, graphErrorInfo } from '../../connectors/meta/errors.js';
import { metaHandshake, signMetaBody, verifyMetaSignature } from '../../connectors/meta/signature.js';
import { parseGraphTime, readPage } from '../../connectors/meta/paging.js';
import {
  AuthExpiredError,
  NormalizeError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type InboundMessage,
  type NormalizeOutcome,
  type RawItem,
} from '../../connectors/types.js';
import { platformJson } from '../helpers/fixtures.js';

type Json = Record<string, unknown>;

const fixture = <T = Json>(name: string): T =>
  platformJson('facebook', name) as T;

const PAGE = '<FACEBOOK_PAGE_1_ID>';
const CUSTOMER = '<FACEBOOK_CUSTOMER_ID>';

function channel(pageId: string, platform: 'facebook' | 'messenger' = 'facebook'): ChannelContext {
  return { id: `ch-${platform}`, entityId: 'ent-1', platform, account: { pageId }, credentials: {} };
}

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

function normalizeError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NormalizeError);
    return e as Error;
  }
  throw new Error('expected a NormalizeError');
}

const post = (p: unknown): RawItem => ({ type: 'post', payload: { post: p } });
const comment = (c: unknown, postId?: string): RawItem => ({ type: 'comment', payload: postId ? { comment: c, postId } : { comment: c } });
const dm = (m: unknown): RawItem => ({ type: 'dm', payload: { message: m, conversationId: 't_1' } });

describe('Facebook normalize: recorded page feed (zammad cassette)', () => {
  const body = fixture<{ response: { body: { data: Json[] } } }>('page_feed_with_comments.json').response.body;
  const ch = channel(PAGE);

  it('reads a visitor post as a post, keyed per post and author', () => {
    const first = body.data[0]!;
    expect(first.comments).toBeUndefined();
    const m = message(normalizeFacebook(post(first), ch));
    expect(m).toMatchObject({
      externalId: `${PAGE}_107166708068915`,
      kind: 'post',
      text: 'asd',
      conversationKey: `fb:post:${PAGE}_107166708068915:${CUSTOMER}`,
      author: { platformUserId: CUSTOMER, name: '<FACEBOOK_CUSTOMER_FIRSTNAME> <FACEBOOK_CUSTOMER_LASTNAME>' },
      permalink: `https://www.facebook.com/${PAGE}/posts/107166708068915/`,
    });
    expect(m.sentAt.toISOString()).toBe('2021-02-12T16:27:12.000Z');
    expect(m.lang).toBeUndefined();
    expect(m.parentExternalId).toBeUndefined();
  });

  it('reads the inline comments: the Page’s own is ignored, the customer’s is a comment on the post', () => {
    const p = body.data[1]!;
    const postId = p.id as string;
    const list = readPage(p.comments).data;
    expect(list).toHaveLength(2);
    expect(normalizeFacebook(comment(list[0], postId), ch)).toEqual({ kind: 'ignored', reason: 'own message' });
    const m = message(normalizeFacebook(comment(list[1], postId), ch));
    expect(m).toMatchObject({
      externalId: '<FACEBOOK_PAGE_1_POST_ID>_<FACEBOOK_PAGE_1_POST_COMMENT_ID>',
      kind: 'comment',
      parentExternalId: postId,
      conversationKey: `fb:post:${postId}:${CUSTOMER}`,
      text: 'dddd',
    });
    expect(m.sentAt.toISOString()).toBe('2021-02-04T15:23:13.000Z');
    // Real comment ids are "<post>_<comment>"; the anonymised placeholders contain '_' themselves.
    expect(m.permalink).toMatch(new RegExp(`^https://www\\.facebook\\.com/${postId}\\?comment_id=`));
  });

  it('ignores every recorded reply of the Page (comment_replies.json)', () => {
    const replies = fixture<{ response: { body: Json } }>('comment_replies.json').response.body;
    const page = readPage(replies);
    expect(page.data).toHaveLength(5);
    expect(page.next).toBeUndefined(); // cursors but no `next`: the last page
    for (const c of page.data) expect(normalizeFacebook(comment(c, `${PAGE}_<FACEBOOK_PAGE_1_POST_ID>`), ch).kind).toBe('ignored');
  });
});

describe('Facebook normalize: recorded comments and posts (python-facebook)', () => {
  it('reads comments without `from` as an unknown author and derives the post id from the comment id', () => {
    const byId = fixture<Record<string, Json>>('comments_by_ids.json');
    const ch = channel('19292868552');
    for (const c of Object.values(byId)) {
      const m = message(normalizeFacebook(comment(c), ch));
      expect(m.author).toEqual({ platformUserId: 'unknown' });
      expect(m.conversationKey).toBe('fb:post:19292868552_10158371815748553:unknown');
      expect(m.parentExternalId).toBe('19292868552_10158371815748553');
      expect(m.permalink).toBe(c.permalink_url);
      expect(m.text).toBe(c.message);
    }
  });

  it('reads recorded /posts items, emoji intact', () => {
    const data = fixture<{ data: Json[] }>('page_posts_paged_p1.json').data;
    const ms = data.map((p) => message(normalizeFacebook(post(p), channel('4'))));
    expect(ms[0]!.text).toBe('Happy July 4th! 🇺🇸');
    expect(ms.map((m) => m.externalId)).toEqual(data.map((p) => p.id));
    expect(ms[0]!.sentAt.toISOString()).toBe('2021-07-04T19:50:58.000Z');
  });

  it('reads the recorded paging: next carries until= and __paging_token, no after cursor', () => {
    const page = readPage(fixture('page_posts_paged_p1.json'));
    expect(page.next).toContain('until=1624385168');
    expect(page.after).toBeUndefined();
  });
});

describe('Facebook normalize: synthetic cases', () => {
  const ch = channel('111');
  const base = { id: '111_222', from: { id: '900', name: 'Burger' }, message: 'Wanneer is het stadhuis open?', created_time: '2026-11-20T09:15:00+0000' };

  it('ignores the Page’s own posts and comments', () => {
    expect(normalizeFacebook(post({ ...base, from: { id: '111', name: 'Stad' } }), ch)).toEqual({ kind: 'ignored', reason: 'own message' });
    expect(normalizeFacebook(comment({ ...base, id: '222_3', from: { id: '111' } }, '111_222'), ch).kind).toBe('ignored');
  });

  it('reads a reply to a comment: kind reply, parent is the comment, same thread key as the author’s comment', () => {
    const c = { id: '222_5', from: { id: '900' }, message: 'Nog steeds geen antwoord', created_time: '2026-11-20T10:00:00+0000', parent: { id: '222_4' } };
    const m = message(normalizeFacebook(comment(c, '111_222'), ch));
    expect(m).toMatchObject({ kind: 'reply', parentExternalId: '222_4', conversationKey: 'fb:post:111_222:900' });
    expect(m.permalink).toBe('https://www.facebook.com/111_222?comment_id=5');
    const top = message(normalizeFacebook(comment({ ...c, id: '222_4', parent: undefined }, '111_222'), ch));
    expect(top.kind).toBe('comment');
    expect(top.conversationKey).toBe(m.conversationKey);
    const other = message(normalizeFacebook(comment({ ...c, from: { id: '901' } }, '111_222'), ch));
    expect(other.conversationKey).toBe('fb:post:111_222:901');
  });

  it('accepts a photo-only comment and an album post, listing the media', () => {
    const c = { id: '222_6', from: { id: '900' }, created_time: '2026-11-20T10:00:00+0000', attachment: { type: 'photo', media: { image: { src: 'https://scontent.example/p.jpg' } } } };
    const m = message(normalizeFacebook(comment(c, '111_222'), ch));
    expect(m.text).toBe('');
    expect(m.attachments).toEqual([{ type: 'photo', url: 'https://scontent.example/p.jpg' }]);
    const album = {
      ...base, message: '',
      attachments: { data: [{ type: 'album', subattachments: { data: [{ type: 'photo', media: { image: { src: 'https://a/1.jpg' } } }, { type: 'video_inline', url: 'https://a/v' }] } }] },
    };
    expect(message(normalizeFacebook(post(album), ch)).attachments).toEqual([{ type: 'photo', url: 'https://a/1.jpg' }, { type: 'video_inline', url: 'https://a/v' }]);
  });

  it.each([
    ['missing id', { ...base, id: undefined }, /post\.id/],
    ['bad created_time', { ...base, created_time: 'gisteren' }, /post\.created_time/],
    ['missing created_time', { ...base, created_time: undefined }, /post\.created_time/],
    ['numeric message', { ...base, message: 12 }, /post\.message/],
    ['empty message without media', { ...base, message: '' }, /post\.message/],
  ])('throws NormalizeError on a post with %s, naming the field but not the text', (_label, p, field) => {
    const error = normalizeError(() => normalizeFacebook(post(p), ch));
    expect(error.message).toMatch(field);
    expect(error.message).not.toContain('stadhuis');
  });

  it('throws on unknown types, non-object payloads and comments whose post cannot be known', () => {
    expect(normalizeError(() => normalizeFacebook({ type: 'reaction', payload: {} }, ch)).message).toMatch(/unknown Facebook item type/);
    normalizeError(() => normalizeFacebook({ type: 'post', payload: null }, ch));
    normalizeError(() => normalizeFacebook(post('x'), ch));
    expect(normalizeError(() => normalizeFacebook(comment({ id: 'zonderpost', from: { id: '9' }, message: 'x', created_time: '2026-01-01T00:00:00+0000' }), ch)).message).toMatch(/postId/);
  });
});

describe('Facebook feed webhook', () => {
  it('parses the documented comment add into a comment that normalizes', () => {
    const body = fixture('webhook_feed_comment_add.meta-docs.json');
    const ch = channel('<PAGE_ID>');
    const items = parseFacebookWebhook(body, ch);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'comment', externalId: '<POST_ID>_<COMMENT_ID>' });
    const m = message(normalizeFacebook(items[0]!, ch));
    expect(m).toMatchObject({ kind: 'comment', parentExternalId: '<PAGE_ID>_<POST_ID>', conversationKey: 'fb:post:<PAGE_ID>_<POST_ID>:<USER_ID>', text: 'test comment' });
    expect(m.sentAt.getTime()).toBe(1520383571 * 1000);
  });

  it('keeps add, edited and remove, drops reactions and other pages; a visitor post becomes a post', () => {
    const value = (v: Json) => ({ field: 'feed', value: { from: { id: '900', name: 'B' }, post_id: '111_2', created_time: 1763600000, ...v } });
    const body = {
      object: 'page',
      entry: [
        {
          id: '111', time: 1763600000,
          changes: [
            value({ item: 'comment', verb: 'add', comment_id: '2_1', parent_id: '111_2', message: 'a' }),
            value({ item: 'comment', verb: 'edited', comment_id: '2_3', parent_id: '2_1', message: 'b' }),
            value({ item: 'comment', verb: 'remove', comment_id: '2_4', parent_id: '111_2' }),
            value({ item: 'reaction', verb: 'add', reaction_type: 'like' }),
            value({ item: 'status', verb: 'add', message: 'Een vraag', photos: ['https://x/1.jpg'] }),
            { field: 'mention', value: { post_id: '1' } },
          ],
        },
        { id: '999', time: 1, changes: [value({ item: 'comment', verb: 'add', comment_id: '9_9', message: 'andere pagina' })] },
      ],
    };
    const ch = channel('111');
    const items = parseFacebookWebhook(body, ch);
    expect(items.map((i) => [i.type, i.externalId])).toEqual([['comment', '2_1'], ['comment', '2_3'], ['comment', '2_4'], ['post', '111_2']]);
    const removal = normalizeFacebook(items[2]!, ch);
    expect(removal).toEqual({ kind: 'ignored', reason: 'comment removed on Facebook', removes: { externalId: '2_4', at: new Date(1763600000 * 1000) } });
    const ms = [items[0]!, items[1]!, items[3]!].map((i) => message(normalizeFacebook(i, ch)));
    expect(ms.map((m) => m.kind)).toEqual(['comment', 'reply', 'post']);
    expect(ms[1]!.parentExternalId).toBe('2_1');
    expect(ms[2]!.attachments).toEqual([{ type: 'photo', url: 'https://x/1.jpg' }]);
    // Only the edit is a newer version: `add` carries no editedAt.
    expect(ms.map((m) => m.editedAt?.getTime())).toEqual([undefined, 1763600000 * 1000, undefined]);
  });

  it('dates an edit or removal by the later of the entry time and created_time; ignores the Page’s own removal', () => {
    const ch = channel('111');
    const change = (v: Json, time: number) => ({ object: 'page', entry: [{ id: '111', time, changes: [{ field: 'feed', value: { post_id: '111_2', ...v } }] }] });
    const [edit] = parseFacebookWebhook(change({ item: 'comment', verb: 'edited', comment_id: '2_1', from: { id: '900', name: 'B' }, message: 'nieuw', created_time: 1763600000 }, 1763600500), ch);
    const m = message(normalizeFacebook(edit!, ch));
    expect(m).toMatchObject({ externalId: '2_1', text: 'nieuw', editedAt: new Date(1763600500 * 1000), sentAt: new Date(1763600000 * 1000) });
    const [postRemoval] = parseFacebookWebhook(change({ item: 'status', verb: 'remove', from: { id: '900' }, created_time: 1763600900 }, 1763600800), ch);
    expect(normalizeFacebook(postRemoval!, ch)).toEqual({ kind: 'ignored', reason: 'post removed on Facebook', removes: { externalId: '111_2', at: new Date(1763600900 * 1000) } });
    const [own] = parseFacebookWebhook(change({ item: 'comment', verb: 'remove', comment_id: '2_9', from: { id: '111', name: 'Pagina' } }, 1763600800), ch);
    expect(normalizeFacebook(own!, ch)).toEqual({ kind: 'ignored', reason: 'own message' });
    const [timeless] = parseFacebookWebhook({ object: 'page', entry: [{ id: '111', changes: [{ field: 'feed', value: { item: 'comment', verb: 'remove', comment_id: '2_8', post_id: '111_2', from: { id: '900' } } }] }] }, ch);
    expect(() => normalizeFacebook(timeless!, ch)).toThrow(/created_time/);
  });

  it('throws on an unreadable body', () => {
    expect(() => parseFacebookWebhook('nope', channel('1'))).toThrow(/not an object/);
    expect(() => parseFacebookWebhook({ object: 'instagram', entry: [] }, channel('1'))).toThrow(/object/);
    expect(() => parseFacebookWebhook({ object: 'page' }, channel('1'))).toThrow(/entry/);
  });
});

describe('Messenger normalize', () => {
  const byId = fixture<Record<string, Json>>('messages_by_ids.json');
  const ch = channel('2121008874780932', 'messenger');

  it('reads the recorded attachment-only messages with their image and video', () => {
    const [image, video] = Object.values(byId).map((m) => message(normalizeMessenger(dm(m), ch)));
    expect(image).toMatchObject({ kind: 'dm', text: '', conversationKey: 'fb:dm:2711636948859886', author: { platformUserId: '2711636948859886', name: 'Kun Liu' } });
    const [imageId, videoId] = Object.keys(byId);
    // ref: the message and position, for a fresh CDN URL when this one expired; generated image names are not file names.
    expect(image!.attachments).toEqual([{ type: 'image', url: expect.stringContaining('scontent-gmp1-1.xx.fbcdn.net'), size: 54542, mimeType: 'image/jpeg', ref: `${imageId}#0` }]);
    expect(video!.attachments).toEqual([
      { type: 'video', url: expect.stringContaining('video-1627035862.mp4'), size: 1994148, mimeType: 'video/mp4', filename: 'video-1627035862.mp4', ref: `${videoId}#0` },
    ]);
    expect(image!.sentAt.toISOString()).toBe('2021-07-23T09:50:48.000Z');
  });

  it('ignores the Page’s own messages and throws without a sender', () => {
    const first = Object.values(byId)[0]!;
    expect(normalizeMessenger(dm({ ...first, from: { id: '2121008874780932' } }), ch)).toEqual({ kind: 'ignored', reason: 'own message' });
    expect(normalizeError(() => normalizeMessenger(dm({ ...first, from: undefined }), ch)).message).toMatch(/from\.id/);
    expect(normalizeError(() => normalizeMessenger(dm({ ...first, attachments: undefined }), ch)).message).toMatch(/message\.message/);
    expect(normalizeError(() => normalizeMessenger(dm({ ...first, message: 'geheim', created_time: 'x' }), ch)).message).not.toContain('geheim');
  });

  it('parses the documented messages webhook into a dm', () => {
    const items = parseMessengerWebhook(fixture('webhook_messenger_message.meta-docs.json'), channel('<PAGE_ID>', 'messenger'));
    expect(items).toEqual([expect.objectContaining({ type: 'dm_event', externalId: 'mid.1457764197618:41d102a3e1ae206a38' })]);
    const m = message(normalizeMessenger(items[0]!, channel('<PAGE_ID>', 'messenger')));
    expect(m).toMatchObject({ kind: 'dm', text: 'hello, world!', conversationKey: 'fb:dm:<PSID>', externalId: 'mid.1457764197618:41d102a3e1ae206a38' });
    expect(m.sentAt.getTime()).toBe(1458692752478);
  });

  it('ignores echoes, delivery and read receipts; keeps quoted replies and attachments', () => {
    const event = (e: Json): RawItem => ({ type: 'dm_event', payload: { event: e } });
    const base = { sender: { id: '555' }, recipient: { id: '2121008874780932' }, timestamp: 1763600000000 };
    expect(normalizeMessenger(event({ ...base, message: { mid: 'm_1', text: 'x', is_echo: true } }), ch)).toEqual({ kind: 'ignored', reason: 'echo of own message' });
    expect(normalizeMessenger(event({ ...base, delivery: { mids: ['m_1'], watermark: 1 } }), ch)).toEqual({ kind: 'ignored', reason: 'messaging event delivery' });
    expect(normalizeMessenger(event({ ...base, read: { watermark: 1 } }), ch)).toEqual({ kind: 'ignored', reason: 'messaging event read' });
    const m = message(normalizeMessenger(event({ ...base, message: { mid: 'm_2', reply_to: { mid: 'm_1' }, attachments: [{ type: 'image', payload: { url: 'https://cdn/x.jpg' } }] } }), ch));
    expect(m).toMatchObject({ text: '', parentExternalId: 'm_1', attachments: [{ type: 'image', url: 'https://cdn/x.jpg' }] });
    expect(normalizeError(() => normalizeMessenger(event({ ...base, message: { text: 'zonder mid' } }), ch)).message).toMatch(/mid/);
  });

  it('reads a message_edit as the newer text of its message and an unsent message as its removal', () => {
    const base = { sender: { id: '555' }, recipient: { id: '2121008874780932' }, timestamp: 1763600009000 };
    const body = { object: 'page', entry: [{ id: '2121008874780932', time: 1763600009000, messaging: [{ ...base, message_edit: { mid: 'm_1', text: 'Verbeterd', num_edit: 1 } }] }] };
    const [item] = parseMessengerWebhook(body, ch);
    expect(item).toMatchObject({ type: 'dm_event', externalId: 'm_1' });
    const m = message(normalizeMessenger(item!, ch));
    expect(m).toMatchObject({ externalId: 'm_1', conversationKey: 'fb:dm:555', kind: 'dm', text: 'Verbeterd', editedAt: new Date(1763600009000) });
    const unsent: RawItem = { type: 'dm_event', payload: { event: { ...base, message: { mid: 'm_1', is_deleted: true } } } };
    expect(normalizeMessenger(unsent, ch)).toEqual({ kind: 'ignored', reason: 'deleted message', removes: { externalId: 'm_1', at: new Date(1763600009000) } });
    const ownEdit: RawItem = { type: 'dm_event', payload: { event: { ...base, sender: { id: '2121008874780932' }, message_edit: { mid: 'm_9', text: 'x' } } } };
    expect(normalizeMessenger(ownEdit, ch)).toEqual({ kind: 'ignored', reason: 'own message edited' });
  });

  it('reads the time of the answered message from a dm or dm_event raw payload', () => {
    expect(messengerSentAt({ message: { created_time: '2021-07-23T09:50:48+0000' } })?.toISOString()).toBe('2021-07-23T09:50:48.000Z');
    expect(messengerSentAt({ event: { timestamp: 1458692752478 } })?.getTime()).toBe(1458692752478);
    expect(messengerSentAt(undefined)).toBeUndefined();
  });
});

describe('Meta shared pieces', () => {
  it('maps the recorded error bodies through the one table', () => {
    const observed = fixture<Record<string, Json>>('errors_observed.json');
    const at = Date.UTC(2026, 10, 22, 12);
    const err = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      graphErrorToConnectorError({ status, body, headers, what: 'GET feed', now: at, secrets: ['EAAsecret-token'] });
    const expired = err(400, observed['190_463_token_expired']);
    expect(expired).toBeInstanceOf(AuthExpiredError);
    expect(graphErrorInfo(expired)).toMatchObject({ code: 190, subcode: 463, status: 400 });
    const throttled = err(400, observed['80001_pages_buc_throttle'], {
      'x-business-use-case-usage': JSON.stringify({ '1': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }] }),
    });
    expect(throttled).toBeInstanceOf(RateLimitedError);
    expect((throttled as RateLimitedError).resetAt.getTime()).toBe(at + 7 * 60_000);
    expect((err(403, observed['4_app_request_limit']) as RateLimitedError).resetAt.getTime()).toBe(at + 15 * 60_000);
    expect(err(400, observed['32_page_request_limit'])).toBeInstanceOf(RateLimitedError);
    expect(err(500, observed.transient_code_2)).toBeInstanceOf(TransientError);
    expect(err(400, observed['3_capability'])).toBeInstanceOf(PermanentError);
    expect(err(400, fixture('error_oauth_100.json'))).toBeInstanceOf(PermanentError);
    expect(err(400, { error: { code: 102, message: 'session' } })).toBeInstanceOf(AuthExpiredError);
    expect(err(400, { error: { code: 130429, message: 'throughput' } })).toBeInstanceOf(RateLimitedError);
    expect(err(403, { error: { code: 200, message: 'permission' } })).toBeInstanceOf(PermanentError);
    expect(err(502, '<html>')).toBeInstanceOf(TransientError);
    expect(err(400, { error: { code: 190, message: 'bad token EAAsecret-token' } }).message).not.toContain('EAAsecret-token');
    expect(classifyGraphError({ status: 400, code: 10, subcode: 2018278 }).meaning).toMatch(/24-hour/);
  });

  it('reads both usage headers as recorded', () => {
    const recorded = fixture<{ response: { headers: Record<string, string> } }>('page_feed_with_comments.json').response.headers;
    expect(usageFromHeaders(recorded)).toEqual({ maxPercent: 1 });
    expect(usageFromHeaders({ 'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":25}' })).toEqual({ maxPercent: 28 });
    expect(usageFromHeaders({ 'x-app-usage': 'kapot' })).toEqual({});
  });

  it('signs and verifies X-Hub-Signature-256 over the raw bytes, and answers the handshake', () => {
    const raw = Buffer.from('{"object":"page","entry":[{"id":"1","messaging":[{"message":{"text":"caf\\u00e9 \\/ x"}}]}]}');
    const sig = signMetaBody('s3cret', raw);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyMetaSignature('s3cret', raw, sig)).toBe(true);
    expect(verifyMetaSignature('s3cret', Buffer.from(JSON.stringify(JSON.parse(raw.toString()))), sig)).toBe(false);
    expect(verifyMetaSignature('other', raw, sig)).toBe(false);
    expect(verifyMetaSignature('s3cret', raw, undefined)).toBe(false);
    expect(verifyMetaSignature('s3cret', raw, 'sha256=zz')).toBe(false);
    const get = (query: Record<string, string>) => ({ method: 'GET' as const, query, headers: {}, rawBody: Buffer.alloc(0) });
    expect(metaHandshake(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'vt', 'hub.challenge': '1158201444' }), 'vt')).toEqual({ status: 200, body: '1158201444', contentType: 'text/plain; charset=utf-8' });
    expect(metaHandshake(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }), 'vt')?.status).toBe(403);
    expect(metaHandshake(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'vt', 'hub.challenge': '1' }), undefined)?.status).toBe(403);
    expect(metaHandshake(get({}), 'vt')).toBeUndefined();
  });

  it('parses Graph times in every form Meta sends', () => {
    expect(parseGraphTime('2021-02-12T16:27:12+0000')?.toISOString()).toBe('2021-02-12T16:27:12.000Z');
    expect(parseGraphTime('2021-02-12T18:27:12+0200')?.toISOString()).toBe('2021-02-12T16:27:12.000Z');
    expect(parseGraphTime(1520383571)?.getTime()).toBe(1520383571000);
    expect(parseGraphTime(1458692752478)?.getTime()).toBe(1458692752478);
    expect(parseGraphTime('1520383571')?.getTime()).toBe(1520383571000);
    expect(parseGraphTime('gisteren')).toBeUndefined();
  });
});

describe('Facebook and Messenger connector surface', () => {
  it('exposes the normalizers, webhooks and reply visibilities', () => {
    const fb = createFacebookConnector();
    const ms = createMessengerConnector();
    expect([fb.platform, ms.platform]).toEqual(['facebook', 'messenger']);
    expect(fb.normalize).toBe(normalizeFacebook);
    expect(ms.normalize).toBe(normalizeMessenger);
    expect(fb.replyVisibilities('comment')).toEqual(['public', 'private']);
    // A Messenger answer to a private reply joins the comment's ticket and is answered in Messenger.
    expect(fb.replyVisibilities('dm')).toEqual(['private']);
    expect(ms.replyVisibilities('dm')).toEqual(['private']);
    expect(fb.webhook?.parse).toBe(parseFacebookWebhook);
    expect(ms.webhook?.parse).toBe(parseMessengerWebhook);
  });
});
