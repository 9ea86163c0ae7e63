import { readCursor, threadIdOf, youtubeConnector } from '../../connectors/youtube/connector.js';
import { nextPacificMidnight, reasonsOf, toYouTubeError } from '../../connectors/youtube/errors.js';
import { normalizeYouTube } from '../../connectors/youtube/normalize.js';
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

const fixture = <T>(name: string): T => platformJson('youtube', name) as T;

interface Comment {
  id: string;
  snippet: { textOriginal: string; authorDisplayName: string; authorChannelId: { value: string }; publishedAt: string; parentId?: string; videoId?: string };
}
interface Thread {
  id: string;
  snippet: { channelId: string; videoId?: string; topLevelComment: Comment; totalReplyCount: number };
}

const OWN = 'UCa-vrCLQHviTOVnEKDOdetQ';
const channel: ChannelContext = { id: 'ch-yt', entityId: 'ent-1', platform: 'youtube', account: { channelId: OWN }, credentials: {} };

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

const threadOf = (t: Thread) => {
  const rest: Partial<Thread['snippet']> = { ...t.snippet };
  delete rest.topLevelComment;
  return { id: t.id, ...rest };
};
const topItem = (t: Thread): RawItem => ({ type: 'comment', externalId: t.id, payload: { comment: t.snippet.topLevelComment, thread: threadOf(t) } });

const citizenComment: Comment = {
  id: 'UgzCitizen0000000000004AaABAg',
  snippet: {
    textOriginal: 'Mijn aanvraag voor de renovatiepremie is nog altijd niet behandeld',
    authorDisplayName: '@burgergent',
    authorChannelId: { value: 'UCcitizen0000000000000001' },
    publishedAt: '2026-11-20T09:15:00Z',
    videoId: 'vid00000001',
  },
};

describe('YouTube normalize: recorded fixtures', () => {
  const threads = fixture<{ items: Thread[] }>('commentThreads_list_allThreadsRelatedToChannelId.json').items;

  it('reads every top-level comment of the recorded list as a comment with a thread key per author', () => {
    expect(threads).toHaveLength(4);
    for (const t of threads) {
      const top = t.snippet.topLevelComment;
      const m = message(normalizeYouTube(topItem(t), channel));
      expect(m).toMatchObject({
        externalId: t.id,
        kind: 'comment',
        text: top.snippet.textOriginal,
        conversationKey: `yt:thread:${t.id}:${top.snippet.authorChannelId.value}`,
        author: { platformUserId: top.snippet.authorChannelId.value, name: top.snippet.authorDisplayName },
      });
      expect(m.sentAt.toISOString()).toBe(new Date(top.snippet.publishedAt).toISOString());
      expect(m.parentExternalId).toBeUndefined();
      expect(m.lang).toBeUndefined();
      expect(m.raw).toEqual({ comment: top, thread: threadOf(t) });
      // Recorded with updatedAt = publishedAt: never edited.
      expect(m.editedAt).toBeUndefined();
    }
  });

  it('links to the comment on its video, and leaves the link out when there is no video', () => {
    const [withVideo, , noVideo] = threads;
    expect(message(normalizeYouTube(topItem(withVideo!), channel)).permalink).toBe(`https://www.youtube.com/watch?v=JE8xdDp5B8Q&lc=${withVideo!.id}`);
    expect(message(normalizeYouTube(topItem(noVideo!), channel)).permalink).toBeUndefined();
  });

  it('reads the recorded comments.list replies as replies in their parent thread', () => {
    const replies = fixture<{ items: Comment[] }>('comments_list_parentId_paged_1.json').items;
    expect(replies).toHaveLength(2);
    for (const r of replies) {
      const m = message(normalizeYouTube({ type: 'reply', payload: { comment: r, thread: { id: r.snippet.parentId } } }, channel));
      expect(m).toMatchObject({
        externalId: r.id,
        kind: 'reply',
        parentExternalId: 'Ugw5zYU6n9pmIgAZWvN4AaABAg',
        conversationKey: `yt:thread:Ugw5zYU6n9pmIgAZWvN4AaABAg:${r.snippet.authorChannelId.value}`,
        text: r.snippet.textOriginal,
      });
    }
  });

  it('ignores the channel’s own comments (the recorded insert responses are the owner’s)', () => {
    const reply = fixture<Comment>('comments_insert_reply_response.json');
    const thread = fixture<Thread>('commentThreads_insert_response.json');
    expect(normalizeYouTube({ type: 'reply', payload: { comment: reply, thread: {} } }, channel)).toEqual({ kind: 'ignored', reason: 'own comment' });
    expect(normalizeYouTube(topItem(thread), channel)).toEqual({ kind: 'ignored', reason: 'own comment' });
  });
});

describe('YouTube normalize: synthetic cases', () => {
  it('takes the handle from an @-display name and falls back to textDisplay', () => {
    const noOriginal: Partial<Comment['snippet']> = { ...citizenComment.snippet };
    delete noOriginal.textOriginal;
    const m = message(normalizeYouTube({ type: 'comment', payload: { comment: { ...citizenComment, snippet: { ...noOriginal, textDisplay: 'zichtbare tekst' } }, thread: {} } }, channel));
    expect(m.author).toEqual({ platformUserId: 'UCcitizen0000000000000001', handle: 'burgergent', name: '@burgergent' });
    expect(m.text).toBe('zichtbare tekst');
    expect(m.conversationKey).toBe(`yt:thread:${citizenComment.id}:UCcitizen0000000000000001`);
  });

  it('marks a comment whose updatedAt is after its publishedAt as edited at updatedAt', () => {
    const edited = { ...citizenComment, snippet: { ...citizenComment.snippet, textOriginal: 'Aangevuld: dossier 2026/114', updatedAt: '2026-11-20T10:00:00Z' } };
    const m = message(normalizeYouTube({ type: 'comment', payload: { comment: edited, thread: { id: edited.id } } }, channel));
    expect(m).toMatchObject({ externalId: citizenComment.id, text: 'Aangevuld: dossier 2026/114', sentAt: new Date('2026-11-20T09:15:00Z'), editedAt: new Date('2026-11-20T10:00:00Z') });
    const same = { ...citizenComment, snippet: { ...citizenComment.snippet, updatedAt: '2026-11-20T09:15:00Z' } };
    expect(message(normalizeYouTube({ type: 'comment', payload: { comment: same, thread: { id: same.id } } }, channel)).editedAt).toBeUndefined();
  });

  it('gives two citizens in one thread two keys', () => {
    const a = message(normalizeYouTube({ type: 'reply', payload: { comment: { ...citizenComment, id: 'T.1', snippet: { ...citizenComment.snippet, parentId: 'T' } } } }, channel));
    const b = message(
      normalizeYouTube({ type: 'reply', payload: { comment: { ...citizenComment, id: 'T.2', snippet: { ...citizenComment.snippet, parentId: 'T', authorChannelId: { value: 'UCother' } } } } }, channel),
    );
    expect(a.conversationKey).toBe('yt:thread:T:UCcitizen0000000000000001');
    expect(b.conversationKey).toBe('yt:thread:T:UCother');
  });

  it.each([
    ['missing id', { ...citizenComment, id: undefined }, /comment\.id/],
    ['missing snippet', { id: 'x' }, /comment\.snippet/],
    ['unparsable publishedAt', { ...citizenComment, snippet: { ...citizenComment.snippet, publishedAt: 'gisteren' } }, /publishedAt/],
    ['empty text', { ...citizenComment, snippet: { ...citizenComment.snippet, textOriginal: '' } }, /textOriginal/],
  ])('throws NormalizeError on %s, naming the field but not the text', (_label, comment, field) => {
    let error: unknown;
    try {
      normalizeYouTube({ type: 'comment', payload: { comment, thread: {} } }, channel);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NormalizeError);
    expect((error as Error).message).toMatch(field);
    expect((error as Error).message).not.toContain('renovatiepremie');
  });

  it('throws NormalizeError on a reply without parent, a bad payload or an unknown type', () => {
    const noParent: Partial<Comment['snippet']> = { ...citizenComment.snippet };
    delete noParent.parentId;
    expect(() => normalizeYouTube({ type: 'reply', payload: { comment: { ...citizenComment, snippet: noParent } } }, channel)).toThrow(/parentId/);
    expect(() => normalizeYouTube({ type: 'comment', payload: null }, channel)).toThrow(NormalizeError);
    expect(() => normalizeYouTube({ type: 'comment', payload: { comment: 'x' } }, channel)).toThrow(NormalizeError);
    expect(() => normalizeYouTube({ type: 'like', payload: { comment: citizenComment } }, channel)).toThrow(/unknown YouTube item type/);
  });
});

describe('YouTube errors', () => {
  const observed = fixture<Record<string, unknown>>('errors_observed.json');
  const now = new Date('2026-07-15T12:00:00Z');

  it('maps the recorded bodies by reason', () => {
    const quota = toYouTubeError(403, observed['403_quotaExceeded'], 'GET commentThreads', now);
    expect(quota).toBeInstanceOf(RateLimitedError);
    expect((quota as RateLimitedError).resetAt.toISOString()).toBe('2026-07-16T07:00:00.000Z');
    expect(toYouTubeError(401, observed['401_authError'], 'GET commentThreads', now)).toBeInstanceOf(AuthExpiredError);
    expect(toYouTubeError(400, fixture('error_400_keyInvalid.json'), 'GET commentThreads', now)).toBeInstanceOf(AuthExpiredError);
    const permission = toYouTubeError(403, fixture('error_403_permission.json'), 'GET commentThreads', now);
    expect(permission).toBeInstanceOf(PermanentError);
    expect(permission.message).toBe('YouTube GET commentThreads failed with 403 (SERVICE_UNAVAILABLE)');
  });

  it('maps reasons from the newer ErrorInfo details, and falls back on the status', () => {
    const apiKey = { error: { code: 400, errors: [{ reason: 'badRequest' }], details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } };
    expect(reasonsOf(apiKey)).toEqual(['badRequest', 'API_KEY_INVALID']);
    expect(toYouTubeError(400, apiKey, 'x', now)).toBeInstanceOf(AuthExpiredError);
    expect(toYouTubeError(403, { error: { errors: [{ reason: 'insufficientPermissions' }] } }, 'x', now)).toBeInstanceOf(AuthExpiredError);
    const burst = toYouTubeError(403, { error: { errors: [{ reason: 'rateLimitExceeded' }] } }, 'x', now);
    expect((burst as RateLimitedError).resetAt.getTime()).toBe(now.getTime() + 60_000);
    expect(toYouTubeError(401, 'not json', 'x', now)).toBeInstanceOf(AuthExpiredError);
    expect(toYouTubeError(429, undefined, 'x', now)).toBeInstanceOf(RateLimitedError);
    expect(toYouTubeError(502, '<html>', 'x', now)).toBeInstanceOf(TransientError);
    expect(toYouTubeError(404, { error: { errors: [{ reason: 'videoNotFound' }] } }, 'x', now)).toBeInstanceOf(PermanentError);
  });

  it.each([
    ['winter evening (PST)', '2026-01-15T07:59:59Z', '2026-01-15T08:00:00.000Z'],
    ['summer morning (PDT)', '2026-07-15T12:00:00Z', '2026-07-16T07:00:00.000Z'],
    ['the night DST starts, before 02:00', '2026-03-08T09:00:00Z', '2026-03-09T07:00:00.000Z'],
    ['the evening before DST starts', '2026-03-08T07:30:00Z', '2026-03-08T08:00:00.000Z'],
    ['the night DST ends, 01:30 PDT', '2026-11-01T08:30:00Z', '2026-11-02T08:00:00.000Z'],
    ['the evening before DST ends', '2026-11-01T06:30:00Z', '2026-11-01T07:00:00.000Z'],
    ['exactly midnight → the next one', '2026-07-15T07:00:00Z', '2026-07-16T07:00:00.000Z'],
    ['new year', '2026-12-31T23:59:59.999Z', '2027-01-01T08:00:00.000Z'],
  ])('next Pacific midnight: %s', (_label, now, expected) => {
    expect(nextPacificMidnight(new Date(now)).toISOString()).toBe(expected);
  });
});

describe('YouTube connector surface', () => {
  it('exposes this normalizer, public replies only, and no webhook', () => {
    expect(youtubeConnector.platform).toBe('youtube');
    expect(youtubeConnector.normalize).toBe(normalizeYouTube);
    expect(youtubeConnector.replyVisibilities('comment')).toEqual(['public']);
    expect(youtubeConnector.replyVisibilities('reply')).toEqual(['public']);
    expect(youtubeConnector.replyVisibilities('dm')).toEqual([]);
    expect(youtubeConnector.webhook).toBeUndefined();
  });

  it('reads a stored cursor defensively', () => {
    expect(readCursor(null)).toEqual({});
    expect(readCursor({ watermark: 'gisteren', recent: { a: '2026-01-01T00:00:00Z', b: 5 }, replyCounts: { t: 3, u: -1 }, pageToken: '' })).toEqual({
      recent: { a: '2026-01-01T00:00:00Z' },
      replyCounts: { t: 3 },
    });
  });

  it('finds the thread to answer in from the raw payload, the key or the id', () => {
    const base = { visibility: 'public' as const, inReplyToKind: 'reply' as const, recipientPlatformUserId: 'UCx' };
    expect(threadIdOf({ ...base, inReplyToRaw: { comment: { id: 'T.1', snippet: { parentId: 'T' } } }, inReplyToExternalId: 'T.1', conversationKey: 'k' })).toBe('T');
    expect(threadIdOf({ ...base, inReplyToRaw: { comment: { id: 'T' }, thread: { id: 'T' } }, inReplyToExternalId: 'T', conversationKey: 'k' })).toBe('T');
    expect(threadIdOf({ ...base, inReplyToExternalId: 'X.2', conversationKey: 'yt:thread:T:UCx' })).toBe('T');
    expect(threadIdOf({ ...base, inReplyToExternalId: 'X.2', conversationKey: 'other' })).toBe('X');
  });
});
