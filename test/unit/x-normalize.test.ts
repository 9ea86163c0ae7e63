import { xConnector } from '../../connectors/x/connector.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { NormalizeError, type ChannelContext, type InboundMessage, type NormalizeOutcome, type RawItem } from '../../connectors/types.js';
import { platformJson } from '../helpers/fixtures.js';

interface Recorded<B> {
  response: { body: B };
}
type Item = { id: string; text: string };

const fixture = <B>(name: string): Recorded<B> =>
  platformJson('x', name) as Recorded<B>;

const OWN_ID = '1072250532645998596';
const channel: ChannelContext = {
  id: 'ch-x',
  entityId: 'ent-1',
  platform: 'x',
  account: { userId: OWN_ID, handle: 'vlaanderen' },
  credentials: {},
};

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

const mention = (tweet: unknown, extra: Record<string, unknown> = {}): RawItem => ({ type: 'mention', payload: { tweet, ...extra } });
const dm = (event: unknown, extra: Record<string, unknown> = {}): RawItem => ({ type: 'dm', payload: { event, ...extra } });

const citizen = { id: '2244994945', username: 'burger_gent', name: 'Burger Gent' };
const fullTweet = {
  id: '1900000000000000101',
  text: '@vlaanderen mijn aanvraag voor een premie is nog altijd niet behandeld',
  author_id: citizen.id,
  created_at: '2026-11-20T09:15:00.000Z',
  conversation_id: '1900000000000000101',
  lang: 'nl',
  edit_history_tweet_ids: ['1900000000000000101'],
};

describe('X normalize: recorded fixtures', () => {
  const tweets = fixture<{ data: Item[] }>('mentions_timeline.json').response.body.data;
  const events = fixture<{ data: Item[] }>('dm_events_conversation.json').response.body.data;

  it('reads every default-fields mention of the recorded timeline as a post', () => {
    expect(tweets).toHaveLength(3);
    const before = Date.now();
    for (const tweet of tweets) {
      const m = message(normalizeX(mention(tweet), channel));
      expect(m).toMatchObject({
        externalId: tweet.id,
        kind: 'post',
        text: tweet.text,
        conversationKey: `x:thread:${tweet.id}:unknown`,
        author: { platformUserId: 'unknown' },
        permalink: `https://x.com/i/status/${tweet.id}`,
      });
      expect(m.parentExternalId).toBeUndefined();
      expect(m.lang).toBeUndefined();
      // The recorded response has no created_at: the time of reading stands in for it.
      expect(m.sentAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(m.raw).toEqual({ tweet });
    }
  });

  it('takes handle and name from the joined author', () => {
    const m = message(normalizeX(mention({ ...tweets[0], author_id: citizen.id }, { author: citizen }), channel));
    expect(m.author).toEqual({ platformUserId: citizen.id, handle: 'burger_gent', name: 'Burger Gent' });
    expect(m.permalink).toBe(`https://x.com/burger_gent/status/${tweets[0]!.id}`);
  });

  it('reads the recorded DM events as dms', () => {
    expect(events).toHaveLength(2);
    for (const event of events) {
      const m = message(normalizeX(dm(event), channel));
      expect(m).toMatchObject({ externalId: event.id, kind: 'dm', text: event.text, author: { platformUserId: 'unknown' } });
      expect(m.conversationKey).toBe(`x:dm:event-${event.id}`);
    }
  });

  it('derives the 1:1 conversation id when only sender_id is present', () => {
    const sent = fixture<{ data: { dm_conversation_id: string } }>('dm_send_to_participant.json').response.body.data;
    const event = { ...events[0], sender_id: '750362064426721281' };
    expect(message(normalizeX(dm(event), channel)).conversationKey).toBe(`x:dm:${sent.dm_conversation_id}`);
  });
});

describe('X normalize: mentions', () => {
  it('reads a full mention as a post with sentAt, lang and thread key', () => {
    const m = message(normalizeX(mention(fullTweet, { author: citizen }), channel));
    expect(m).toMatchObject({
      externalId: fullTweet.id,
      kind: 'post',
      conversationKey: `x:thread:${fullTweet.id}:${citizen.id}`,
      lang: 'nl',
      author: { platformUserId: citizen.id, handle: 'burger_gent' },
    });
    expect(m.sentAt.toISOString()).toBe('2026-11-20T09:15:00.000Z');
  });

  it('reads a reply: parentExternalId and the thread root in the key', () => {
    const tweet = {
      ...fullTweet,
      id: '1900000000000000200',
      conversation_id: '1900000000000000050',
      referenced_tweets: [{ type: 'quoted', id: '1900000000000000040' }, { type: 'replied_to', id: '1900000000000000101' }],
    };
    const m = message(normalizeX(mention(tweet), channel));
    expect(m.kind).toBe('reply');
    expect(m.parentExternalId).toBe('1900000000000000101');
    expect(m.conversationKey).toBe(`x:thread:1900000000000000050:${citizen.id}`);
  });

  it('gives two citizens in one thread two conversation keys', () => {
    const a = message(normalizeX(mention({ ...fullTweet, conversation_id: '77' }), channel));
    const b = message(normalizeX(mention({ ...fullTweet, id: '1900000000000000300', conversation_id: '77', author_id: '99' }), channel));
    expect(a.conversationKey).not.toBe(b.conversationKey);
  });

  it('ignores the entity’s own tweets and retweets', () => {
    expect(normalizeX(mention({ ...fullTweet, author_id: OWN_ID }), channel)).toEqual({ kind: 'ignored', reason: 'own message' });
    const rt = { ...fullTweet, referenced_tweets: [{ type: 'retweeted', id: '1900000000000000001' }] };
    expect(normalizeX(mention(rt), channel)).toEqual({ kind: 'ignored', reason: 'retweet' });
  });

  it('drops the undetermined and special language codes', () => {
    for (const lang of ['und', 'qme', 'zxx', 'qht']) {
      expect(message(normalizeX(mention({ ...fullTweet, lang }), channel)).lang).toBeUndefined();
    }
    expect(message(normalizeX(mention({ ...fullTweet, lang: 'fr' }), channel)).lang).toBe('fr');
  });

  it('accepts a media-only mention with empty text and lists its attachments', () => {
    const tweet = { ...fullTweet, text: '', attachments: { media_keys: ['3_1', '7_2'] } };
    const media = [
      { media_key: '3_1', type: 'photo', url: 'https://pbs.twimg.com/media/a.jpg' },
      { media_key: '7_2', type: 'video', preview_image_url: 'https://pbs.twimg.com/media/b.jpg' },
    ];
    const m = message(normalizeX(mention(tweet, { media }), channel));
    expect(m.text).toBe('');
    expect(m.attachments).toEqual([
      { type: 'photo', url: 'https://pbs.twimg.com/media/a.jpg' },
      { type: 'video', url: 'https://pbs.twimg.com/media/b.jpg' },
    ]);
  });

  it('prefers the long text of a note tweet', () => {
    const tweet = { ...fullTweet, text: 'kort…', note_tweet: { text: 'de volledige lange tekst' } };
    expect(message(normalizeX(mention(tweet), channel)).text).toBe('de volledige lange tekst');
  });

  it.each([
    ['missing id', { ...fullTweet, id: undefined }, /tweet\.id/],
    ['numeric id', { ...fullTweet, id: 190000000000101 }, /tweet\.id/],
    ['unparsable created_at', { ...fullTweet, created_at: 'gisteren' }, /tweet\.created_at/],
    ['non-string created_at', { ...fullTweet, created_at: 12 }, /tweet\.created_at/],
    ['missing text', { ...fullTweet, text: undefined }, /tweet\.text/],
    ['empty text without media', { ...fullTweet, text: '' }, /tweet\.text/],
  ])('throws NormalizeError on %s, naming the field but not the text', (_label, tweet, field) => {
    let error: unknown;
    try {
      normalizeX(mention(tweet), channel);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NormalizeError);
    expect((error as Error).message).toMatch(field);
    expect((error as Error).message).not.toContain('premie');
  });

  it('throws NormalizeError when the payload has no tweet or the type is unknown', () => {
    expect(() => normalizeX({ type: 'mention', payload: { tweet: 'x' } }, channel)).toThrow(NormalizeError);
    expect(() => normalizeX({ type: 'mention', payload: null }, channel)).toThrow(NormalizeError);
    expect(() => normalizeX({ type: 'like', payload: { tweet: fullTweet } }, channel)).toThrow(/unknown X item type/);
  });
});

describe('X normalize: DMs', () => {
  const event = {
    id: '1900000000000000900',
    event_type: 'MessageCreate',
    text: 'Wanneer is het containerpark open?',
    sender_id: citizen.id,
    dm_conversation_id: `${OWN_ID}-${citizen.id}`,
    created_at: '2026-11-21T17:00:00.000Z',
  };

  it('reads a DM with its conversation key and author', () => {
    const m = message(normalizeX(dm(event, { author: citizen }), channel));
    expect(m).toMatchObject({
      externalId: event.id,
      kind: 'dm',
      conversationKey: `x:dm:${OWN_ID}-${citizen.id}`,
      author: { platformUserId: citizen.id, handle: 'burger_gent', name: 'Burger Gent' },
      text: event.text,
    });
    expect(m.sentAt.toISOString()).toBe(event.created_at);
    expect(m.permalink).toBeUndefined();
  });

  it('ignores own DMs and non-message events', () => {
    expect(normalizeX(dm({ ...event, sender_id: OWN_ID }), channel)).toEqual({ kind: 'ignored', reason: 'own message' });
    expect(normalizeX(dm({ ...event, event_type: 'ParticipantsJoin' }), channel)).toEqual({
      kind: 'ignored',
      reason: 'dm event type ParticipantsJoin',
    });
  });

  it('accepts an attachment-only DM, rejects an empty one', () => {
    const withMedia = { ...event, text: '', attachments: { media_keys: ['3_9'] } };
    expect(message(normalizeX(dm(withMedia), channel)).text).toBe('');
    expect(() => normalizeX(dm({ ...event, text: '' }), channel)).toThrow(NormalizeError);
  });

  it('throws NormalizeError on a missing id or a bad created_at, without the text', () => {
    expect(() => normalizeX(dm({ ...event, id: undefined }), channel)).toThrow(/event\.id/);
    let error: unknown;
    try {
      normalizeX(dm({ ...event, created_at: '2026-13-45' }), channel);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NormalizeError);
    expect((error as Error).message).toMatch(/event\.created_at/);
    expect((error as Error).message).not.toContain('containerpark');
  });
});

describe('X connector surface', () => {
  it('exposes this normalizer and the reply visibilities per kind', () => {
    expect(xConnector.platform).toBe('x');
    expect(xConnector.normalize).toBe(normalizeX);
    expect(xConnector.replyVisibilities('dm')).toEqual(['private']);
    expect(xConnector.replyVisibilities('post')).toEqual(['public', 'private']);
    expect(xConnector.replyVisibilities('reply')).toEqual(['public', 'private']);
  });
});
