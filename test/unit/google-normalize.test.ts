import { googleConnector } from '../../connectors/google/connector.js';
import { googleError } from '../../connectors/google/errors.js';
import { normalizeGoogle, timeKey } from '../../connectors/google/normalize.js';
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
const read = <T>(name: string): T => platformJson('google', name) as T;

const channel: ChannelContext = { id: 'ch-g', entityId: 'ent-1', platform: 'google', account: { accountId: '1', locationId: '2' }, credentials: {} };
const item = (review: unknown): RawItem => ({ type: 'review', payload: { review } });

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

function normalizeError(i: RawItem): Error {
  try {
    normalizeGoogle(i, channel);
  } catch (e) {
    expect(e).toBeInstanceOf(NormalizeError);
    return e as Error;
  }
  throw new Error('expected NormalizeError');
}

const review = {
  name: 'accounts/1/locations/2/reviews/rev-1',
  reviewId: 'rev-1',
  reviewer: { displayName: 'Sofie Maes', isAnonymous: false, profilePhotoUrl: 'https://lh3.googleusercontent.com/a/x' },
  starRating: 'TWO',
  comment: 'Anderhalf uur gewacht aan het loket',
  createTime: '2026-11-20T09:00:00.000000001Z',
  updateTime: '2026-11-20T09:00:00.000000001Z',
};

describe('Google normalize: doc-derived fixture', () => {
  const reviews = read<{ response: { body: { reviews: Json[] } } }>('reviews_list.docs.json').response.body.reviews;

  it('reads an edited review as its review’s one message, edited, stamped with its updateTime', () => {
    const r = reviews[0]!;
    const m = message(normalizeGoogle(item(r), channel));
    expect(m).toMatchObject({
      externalId: 'AbFvOqmB1x-docs-0003',
      legacyIdPrefix: 'AbFvOqmB1x-docs-0003@',
      conversationKey: 'gr:AbFvOqmB1x-docs-0003',
      kind: 'review',
      author: { platformUserId: 'reviewer:AbFvOqmB1x-docs-0003', name: 'Jonas Van den Broeck' },
      text: r.comment,
      attachments: [],
    });
    expect(m.sentAt.toISOString()).toBe('2026-11-20T08:30:45.987Z');
    // createTime 2026-11-19T16:02:11: the reviewer changed it since.
    expect(m.editedAt?.toISOString()).toBe('2026-11-20T08:30:45.987Z');
    expect(m.parentExternalId).toBeUndefined();
    expect(m.permalink).toBeUndefined();
  });

  it('keeps a rating-only anonymous review as a message with empty text and the rating in raw', () => {
    const m = message(normalizeGoogle(item(reviews[1]), channel));
    expect(m.text).toBe('');
    expect(m.attachments).toEqual([]);
    expect(m.author).toEqual({ platformUserId: 'reviewer:AbFvOqmB1x-docs-0002' });
    expect((m.raw as { review: { starRating: string } }).review.starRating).toBe('FIVE');
  });

  it('never turns the owner’s reviewReply into the message', () => {
    const m = message(normalizeGoogle(item(reviews[2]), channel));
    expect(m.text).toBe('Accueil très aimable, merci !');
    expect(m.externalId).toBe('AbFvOqmB1x-docs-0001');
    expect(m.sentAt.toISOString()).toBe('2026-11-10T09:15:00.500Z');
    expect(m.editedAt).toBeUndefined();
  });
});

describe('Google normalize: versions and replies', () => {
  it('makes a later version of a review the same message, edited at its updateTime, with the new text and stars', () => {
    const first = message(normalizeGoogle(item(review), channel));
    expect(first).toMatchObject({ externalId: 'rev-1', legacyIdPrefix: 'rev-1@', rating: 2 });
    expect(first.editedAt).toBeUndefined();
    const edited = message(normalizeGoogle(item({ ...review, comment: 'Toch snel geholpen', starRating: 'FOUR', updateTime: '2026-11-21T10:00:00Z' }), channel));
    expect(edited).toMatchObject({ externalId: 'rev-1', conversationKey: first.conversationKey, text: 'Toch snel geholpen', rating: 4 });
    expect(edited.editedAt?.toISOString()).toBe('2026-11-21T10:00:00.000Z');
    // Within a second of createTime it is the review as first written.
    expect(message(normalizeGoogle(item({ ...review, updateTime: '2026-11-20T09:00:00.9Z' }), channel)).editedAt).toBeUndefined();
  });

  it('ignores a version whose only change is the owner’s reply; keeps an edit made after the reply', () => {
    const bumped = { ...review, updateTime: '2026-11-20T12:00:00.000001Z', reviewReply: { comment: 'Sorry', updateTime: '2026-11-20T12:00:00.000002Z' } };
    expect(normalizeGoogle(item(bumped), channel)).toEqual({ kind: 'ignored', reason: 'only the owner reply changed' });
    const editedLater = { ...bumped, updateTime: '2026-11-21T08:00:00Z', comment: 'Nog steeds niets gehoord' };
    expect(message(normalizeGoogle(item(editedLater), channel)).text).toBe('Nog steeds niets gehoord');
    // A brand-new review that already has a reply (updateTime = createTime) is still the citizen's.
    expect(normalizeGoogle(item({ ...review, reviewReply: { comment: 'Dank', updateTime: '2026-11-20T10:00:00Z' } }), channel).kind).toBe('message');
  });

  it('hides the name of an anonymous reviewer, falls back to name for the id, lists media', () => {
    const m = message(
      normalizeGoogle(
        item({
          ...review,
          reviewId: undefined,
          reviewer: { displayName: 'A Google User', isAnonymous: true },
          reviewMediaItems: [{ mediaFormat: 'PHOTO', googleUrl: 'https://lh3.googleusercontent.com/p/1' }, { thumbnailUrl: 'https://lh3.googleusercontent.com/p/2' }],
        }),
        channel,
      ),
    );
    expect(m.conversationKey).toBe('gr:rev-1');
    expect(m.author.name).toBeUndefined();
    expect(m.attachments).toEqual([
      { type: 'photo', url: 'https://lh3.googleusercontent.com/p/1' },
      { type: 'photo', url: 'https://lh3.googleusercontent.com/p/2' },
    ]);
  });
});

describe('Google normalize: unreadable payloads', () => {
  it.each([
    ['no reviewId nor name', { ...review, reviewId: undefined, name: undefined }, /reviewId/],
    ['no timestamps', { ...review, updateTime: undefined, createTime: undefined }, /updateTime/],
    ['unparsable updateTime', { ...review, updateTime: 'gisteren' }, /updateTime/],
    ['comment not a string', { ...review, comment: 5 }, /comment/],
    ['unknown star rating', { ...review, starRating: 'SIX' }, /starRating/],
  ])('throws NormalizeError on %s, without the text', (_label, r, field) => {
    const error = normalizeError(item(r));
    expect(error.message).toMatch(field);
    expect(error.message).not.toContain('gewacht');
  });

  it('throws on a missing review, a non-object payload and an unknown type', () => {
    expect(normalizeError({ type: 'review', payload: {} }).message).toMatch(/payload\.review/);
    expect(normalizeError({ type: 'review', payload: 'x' }).message).toMatch(/payload/);
    expect(normalizeError({ type: 'question', payload: {} }).message).toMatch(/unknown Google item type/);
  });
});

describe('Google timestamps', () => {
  it('orders nanosecond, millisecond and offset timestamps as text', () => {
    expect(timeKey('2026-03-01T10:00:00.123456789Z')).toBe('2026-03-01T10:00:00.123456789Z');
    expect(timeKey('2026-03-01T10:00:00Z')).toBe('2026-03-01T10:00:00.000000000Z');
    expect(timeKey('2026-03-01T12:00:00.5+02:00')).toBe('2026-03-01T10:00:00.500000000Z');
    expect(timeKey('2026-03-01')).toBeUndefined();
    expect(timeKey('2026-03-01T10:00:00.000000002Z')! > timeKey('2026-03-01T10:00:00.000000001Z')!).toBe(true);
  });
});

describe('Google errors table', () => {
  const now = new Date('2026-11-22T21:30:00Z');
  const bodies = read<Record<string, Json>>('errors.docs.json');

  it('maps the envelope to typed errors', () => {
    const limited = googleError({ status: 429, body: bodies['429_resource_exhausted'], now }, 'GET reviews', []) as RateLimitedError;
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.resetAt.getTime()).toBe(now.getTime() + 60_000);
    expect(limited.message).toContain('RESOURCE_EXHAUSTED');
    const after = googleError({ status: 429, body: bodies['429_resource_exhausted'], retryAfter: '90', now }, 'x', []) as RateLimitedError;
    expect(after.resetAt.getTime()).toBe(now.getTime() + 90_000);
    const dated = googleError({ status: 429, body: {}, retryAfter: 'Sun, 22 Nov 2026 21:35:00 GMT', now }, 'x', []) as RateLimitedError;
    expect(dated.resetAt.toISOString()).toBe('2026-11-22T21:35:00.000Z');
    // Some Google APIs report quota as 403 RESOURCE_EXHAUSTED: the status string decides.
    expect(googleError({ status: 403, body: { error: { status: 'RESOURCE_EXHAUSTED' } }, now }, 'x', [])).toBeInstanceOf(RateLimitedError);
    expect(googleError({ status: 401, body: bodies['401_unauthenticated'], now }, 'x', [])).toBeInstanceOf(AuthExpiredError);
    expect(googleError({ status: 403, body: bodies['403_permission_denied'], now }, 'x', [])).toBeInstanceOf(PermanentError);
    expect(googleError({ status: 500, body: bodies['500_internal'], now }, 'x', [])).toBeInstanceOf(TransientError);
    expect(googleError({ status: 503, body: bodies['503_unavailable'], now }, 'x', [])).toBeInstanceOf(TransientError);
    expect(googleError({ status: 404, body: {}, now }, 'x', [])).toBeInstanceOf(PermanentError);
    expect(googleError({ status: 400, body: { error: { message: 'bad ya29.secret-token' } }, now }, 'x', ['ya29.secret-token']).message).not.toContain('ya29.secret-token');
  });
});

describe('Google connector surface', () => {
  it('exposes this normalizer, public replies to reviews, and no webhook', () => {
    expect(googleConnector.platform).toBe('google');
    expect(googleConnector.normalize).toBe(normalizeGoogle);
    expect(googleConnector.replyVisibilities('review')).toEqual(['public']);
    expect(googleConnector.replyVisibilities('dm')).toEqual([]);
    expect(googleConnector.webhook).toBeUndefined();
  });
});
