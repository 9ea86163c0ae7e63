import { normalizeInstagram } from '../../connectors/instagram/normalize.js';
import { parseInstagramWebhook } from '../../connectors/instagram/webhook.js';
import { NormalizeError, type ChannelContext, type InboundMessage, type NormalizeOutcome, type RawItem } from '../../connectors/types.js';
import { platformJson } from '../helpers/fixtures.js';

const fixture = <T>(name: string): T => platformJson('instagram', name) as T;

const OWN_ID = '17841400008460056';
const channel: ChannelContext = {
  id: 'ch-ig',
  entityId: 'ent-1',
  platform: 'instagram',
  account: { igUserId: OWN_ID, username: 'vlaanderen' },
  credentials: {},
};

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

function normalizeError(fn: () => unknown): NormalizeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NormalizeError);
    return e as NormalizeError;
  }
  throw new Error('expected a NormalizeError');
}

type Comment = { id: string; text: string; timestamp: string; username?: string };
const comment = (c: unknown, extra: Record<string, unknown> = { mediaId: '17846368219941692' }): RawItem => ({ type: 'comment', payload: { comment: c, ...extra } });
const dm = (event: unknown): RawItem => ({ type: 'dm', payload: { event, time: 1769000000000 } });
const citizen = { id: '17841405822304914', username: 'burger.gent' };

describe('Instagram normalize: recorded comments', () => {
  it('reads the media comments page (no from, no username) as comments keyed per media', () => {
    const page = fixture<{ data: Comment[] }>('media_comments_p1.json');
    expect(page.data).toHaveLength(2);
    for (const c of page.data) {
      const m = message(normalizeInstagram(comment(c), channel));
      expect(m).toEqual({
        externalId: c.id,
        conversationKey: 'ig:media:17846368219941692:unknown',
        kind: 'comment',
        author: { platformUserId: 'unknown' },
        text: c.text,
        sentAt: new Date(c.timestamp.replace('+0000', 'Z')),
        raw: { comment: c, mediaId: '17846368219941692' },
      });
    }
  });

  it('reads a recorded reply as a reply to its parent', () => {
    const [r] = fixture<{ data: Comment[] }>('comment_replies.json').data;
    const m = message(normalizeInstagram(comment(r, { mediaId: 'M1', parentId: '17858154961981086', mediaPermalink: 'https://www.instagram.com/p/abc/' }), channel));
    expect(m).toMatchObject({ kind: 'reply', parentExternalId: '17858154961981086', externalId: '17847314687296283', permalink: 'https://www.instagram.com/p/abc/' });
    expect(m.sentAt.toISOString()).toBe('2020-08-07T03:30:06.000Z');
  });

  it('uses the username as author when from is absent, and ignores the account itself by username', () => {
    const byId = fixture<Record<string, Comment>>('comments_by_ids_fields.json');
    const lixiang = message(normalizeInstagram(comment(byId['17858154961981086']), channel));
    expect(lixiang.author).toEqual({ platformUserId: 'lixiangguodu123', handle: 'lixiangguodu123' });
    expect(lixiang.conversationKey).toBe('ig:media:17846368219941692:lixiangguodu123');
    const asOwner = { ...channel, account: { igUserId: OWN_ID, username: 'IKROSKUN' } };
    expect(normalizeInstagram(comment(byId['17892250648466172']), asOwner)).toEqual({ kind: 'ignored', reason: 'own comment' });
  });

  it('reads a resolved mention (mentioned_comment.json) as a comment on the mentioning media', () => {
    const { mentioned_comment: mc } = fixture<{ mentioned_comment: Comment }>('mentioned_comment.json');
    const m = message(normalizeInstagram({ type: 'mention', payload: { mediaId: '17889114512354744', commentId: mc.id, comment: mc } }, channel));
    expect(m).toMatchObject({ externalId: mc.id, kind: 'comment', text: '@ikroskun good', conversationKey: 'ig:media:17889114512354744:ikroskun', author: { handle: 'ikroskun' } });
  });
});

describe('Instagram normalize: webhook shapes (Meta docs)', () => {
  it('comments webhook → a reply keyed on media and author, timed by the entry', () => {
    const items = parseInstagramWebhook(fixture('webhook_comments.meta-docs.json'));
    expect(items.map((i) => [i.type, i.externalId])).toEqual([['comment', '<COMMENT_ID>']]);
    const m = message(normalizeInstagram(items[0]!, channel));
    expect(m).toMatchObject({
      conversationKey: 'ig:media:<MEDIA_ID>:<IGSID>',
      kind: 'reply',
      parentExternalId: '<PARENT_COMMENT_ID_if_reply>',
      author: { platformUserId: '<IGSID>', handle: '<USERNAME>' },
      text: '<COMMENT_TEXT>',
    });
    expect(m.sentAt.getTime()).toBe(1755779280 * 1000);
  });

  it('mentions webhook → a mention item that is quarantined until resolved', () => {
    const items = parseInstagramWebhook(fixture('webhook_mentions.meta-docs.json'));
    expect(items).toEqual([{ type: 'mention', externalId: '<COMMENT_ID>', payload: { time: 1755779280, mediaId: '<MEDIA_ID>', commentId: '<COMMENT_ID>' } }]);
    expect(normalizeError(() => normalizeInstagram(items[0]!, channel)).message).toMatch(/mention\.comment is missing.*resolve it first/);
  });

  it('messaging webhook → a DM keyed on the sender', () => {
    const items = parseInstagramWebhook(fixture('webhook_messaging_message.meta-docs.json'));
    expect(items.map((i) => [i.type, i.externalId])).toEqual([['dm', '<MESSAGE_ID>']]);
    const m = message(normalizeInstagram(items[0]!, channel));
    expect(m).toEqual({
      externalId: '<MESSAGE_ID>',
      conversationKey: 'ig:dm:<IGSID>',
      kind: 'dm',
      author: { platformUserId: '<IGSID>' },
      text: '<MESSAGE_CONTENT>',
      sentAt: new Date(1569262485349),
      raw: expect.objectContaining({ event: expect.any(Object) }),
    });
  });

  it('rejects bodies that are not Instagram deliveries; skips fields without citizen messages', () => {
    expect(normalizeError(() => parseInstagramWebhook({ object: 'page', entry: [] })).message).toMatch(/body\.object/);
    expect(normalizeError(() => parseInstagramWebhook({ object: 'instagram' })).message).toMatch(/body\.entry/);
    expect(parseInstagramWebhook({ object: 'instagram', entry: [{ id: '1', time: 1, changes: [{ field: 'story_insights', value: { media_id: '1' } }] }] })).toEqual([]);
  });
});

describe('Instagram normalize: synthetic cases', () => {
  it('comment with from: author is the IGSID with the username as handle; own comments by id are ignored', () => {
    const m = message(normalizeInstagram(comment({ id: 'C1', text: 'Wanneer opent het loket?', timestamp: '2026-11-20T09:15:00+0000', from: citizen }), channel));
    expect(m.author).toEqual({ platformUserId: citizen.id, handle: 'burger.gent' });
    expect(m.conversationKey).toBe(`ig:media:17846368219941692:${citizen.id}`);
    const own = comment({ id: 'C2', text: 'Bedankt!', timestamp: '2026-11-20T09:15:00+0000', from: { id: OWN_ID, username: 'anders' } });
    expect(normalizeInstagram(own, channel)).toEqual({ kind: 'ignored', reason: 'own comment' });
  });

  it('takes the media from comment.media.id when the payload has no mediaId', () => {
    const m = message(normalizeInstagram(comment({ id: 'C3', text: 'ok', timestamp: '2026-11-20T09:15:00+0000', from: citizen, media: { id: 'M9' } }, {}), channel));
    expect(m.conversationKey).toBe(`ig:media:M9:${citizen.id}`);
  });

  it('caption mention → a post with the media as attachment', () => {
    const media = { id: 'M5', caption: '@vlaanderen kijk eens naar dit kruispunt', media_type: 'IMAGE', media_url: 'https://cdn.example/x.jpg', timestamp: '2026-11-20T10:00:00+0000', username: 'fietser' };
    const m = message(normalizeInstagram({ type: 'mention', payload: { mediaId: 'M5', media } }, channel));
    expect(m).toMatchObject({ kind: 'post', externalId: 'M5', text: media.caption, attachments: [{ type: 'image', url: media.media_url }], conversationKey: 'ig:media:M5:fietser' });
  });

  it('DM attachments without text are still a message; reply_to becomes the parent', () => {
    const m = message(normalizeInstagram(dm({
      sender: { id: citizen.id }, recipient: { id: OWN_ID }, timestamp: 1769000000123,
      message: { mid: 'MID1', attachments: [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } }, { type: 'story_mention', payload: { url: 'https://x/story' } }], reply_to: { mid: 'MID0' } },
    }), channel));
    expect(m.text).toBe('');
    // ref: the message and position, to ask the Graph API for a fresh URL when the lookaside one expired.
    expect(m.attachments).toEqual([
      { type: 'image', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', ref: 'MID1#0' },
      { type: 'story_mention', url: 'https://x/story', ref: 'MID1#1' },
    ]);
    expect(m.parentExternalId).toBe('MID0');
    expect(m.sentAt.getTime()).toBe(1769000000123);
  });

  it.each([
    [{ sender: { id: OWN_ID }, recipient: { id: citizen.id }, timestamp: 1, message: { mid: 'E1', text: 'antwoord', is_echo: true } }, 'own message (echo)'],
    [{ sender: { id: OWN_ID }, recipient: { id: citizen.id }, timestamp: 1, message: { mid: 'E2', text: 'antwoord' } }, 'own message (echo)'],
    [{ sender: { id: citizen.id }, recipient: { id: OWN_ID }, timestamp: 1, read: { mid: 'X' } }, 'messaging read event'],
    [{ sender: { id: citizen.id }, recipient: { id: OWN_ID }, timestamp: 1, reaction: { mid: 'X', action: 'react', reaction: 'love' } }, 'messaging reaction event'],
  ])('ignores messaging event %#', (event, reason) => {
    expect(normalizeInstagram(dm(event), channel)).toEqual({ kind: 'ignored', reason });
  });

  it('reads an unsent DM as the removal of the stored one, and an edit as its newer text', () => {
    const deleted = { sender: { id: citizen.id }, recipient: { id: OWN_ID }, timestamp: 1769000000123, message: { mid: 'D1', is_deleted: true } };
    expect(normalizeInstagram(dm(deleted), channel)).toEqual({
      kind: 'ignored', reason: 'message deleted by its sender', removes: { externalId: 'D1', at: new Date(1769000000123) },
    });
    const edit = { sender: { id: citizen.id }, recipient: { id: OWN_ID }, timestamp: 1769000000999, message_edit: { mid: 'MID1', text: 'Verbeterde vraag', num_edit: 1 } };
    const m = message(normalizeInstagram(dm(edit), channel));
    expect(m).toMatchObject({ externalId: 'MID1', conversationKey: `ig:dm:${citizen.id}`, kind: 'dm', text: 'Verbeterde vraag', editedAt: new Date(1769000000999) });
    expect(normalizeInstagram(dm({ ...edit, sender: { id: OWN_ID } }), channel)).toEqual({ kind: 'ignored', reason: 'own message edited' });
  });

  const secret = 'mijn rijksregisternummer is 85.07.30-033.61';
  it.each([
    [comment({ text: secret, timestamp: '2026-11-20T09:15:00+0000' }), /comment\.id/],
    [comment({ id: 'C', text: secret, timestamp: 'vorige dinsdag' }), /comment\.timestamp/],
    [comment({ id: 'C', text: secret }), /comment\.timestamp is missing/],
    [comment({ id: 'C', text: '', timestamp: '2026-11-20T09:15:00+0000' }), /comment\.text is empty/],
    [comment({ id: 'C', text: secret, timestamp: '2026-11-20T09:15:00+0000' }, {}), /media id is missing/],
    [comment('niet een object'), /payload\.comment/],
    [dm({ sender: { id: citizen.id }, timestamp: 1, message: { text: secret } }), /message\.mid/],
    [dm({ timestamp: 1, message: { mid: 'M', text: secret } }), /sender\.id/],
    [dm({ sender: { id: citizen.id }, timestamp: 1, message: { mid: 'M' } }), /event\.message\.text/],
    [dm({ sender: { id: citizen.id }, timestamp: 1 }), /event\.message is missing/],
    [{ type: 'mention', payload: { commentId: 'C' } }, /mention\.mediaId/],
    [{ type: 'story', payload: {} }, /unknown Instagram item type "story"/],
    [{ type: 'comment', payload: [] }, /payload is not an object/],
  ] as Array<[RawItem, RegExp]>)('unreadable item %# → NormalizeError naming the field, never the text', (item, pattern) => {
    const error = normalizeError(() => normalizeInstagram(item, channel));
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain('rijksregister');
  });
});
