import { linkedInConnector } from '../../connectors/linkedin/connector.js';
import { linkedInError, nextUtcMidnight } from '../../connectors/linkedin/errors.js';
import { commentUrnOf, normalizeLinkedIn, notificationExternalId } from '../../connectors/linkedin/normalize.js';
import { canonicalCommentUrn, encodeUrn, parseCommentUrn, restliList, rootPostOf } from '../../connectors/linkedin/urn.js';
import { linkedInWebhook } from '../../connectors/linkedin/webhook.js';
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
const read = <T>(name: string): T => platformJson('linkedin', name) as T;

const ORG = 'urn:li:organization:2414183';
const POST = 'urn:li:activity:7290000000000000001';
const channel: ChannelContext = { id: 'ch-li', entityId: 'ent-1', platform: 'linkedin', account: { organizationUrn: ORG }, credentials: {} };

function message(outcome: NormalizeOutcome): InboundMessage {
  if (outcome.kind !== 'message') throw new Error(`expected a message, got ignored: ${outcome.reason}`);
  return outcome.message;
}

const commentItem = (comment: unknown, postUrn = POST): RawItem => ({ type: 'comment', payload: { comment, postUrn } });
const notificationItem = (notification: unknown, extra: Json = {}): RawItem => ({ type: 'notification', payload: { notification, ...extra } });

function normalizeError(item: RawItem): Error {
  try {
    normalizeLinkedIn(item, channel);
  } catch (e) {
    expect(e).toBeInstanceOf(NormalizeError);
    return e as Error;
  }
  throw new Error('expected NormalizeError');
}

const citizenComment = {
  actor: 'urn:li:person:A1b2C3d4E5',
  commentUrn: `urn:li:comment:(${POST},7290000000000000201)`,
  created: { actor: 'urn:li:person:A1b2C3d4E5', time: 1795166100000 },
  id: '7290000000000000201',
  message: { attributes: [], text: 'Mijn premie-aanvraag blijft maar hangen' },
  object: POST,
};

describe('LinkedIn normalize: doc-derived fixtures', () => {
  const comments = read<{ response: { body: { elements: Json[] } } }>('comments_page.docs.json').response.body.elements;
  const notifications = read<{ response: { body: { elements: Json[] } } }>('notifications_page.docs.json').response.body.elements;

  it('reads a citizen comment: key per post and author, sentAt, permalink', () => {
    const m = message(normalizeLinkedIn(commentItem(comments[0]), channel));
    expect(m).toMatchObject({
      externalId: `urn:li:comment:(${POST},7290000000000000101)`,
      conversationKey: `li:post:${POST}:urn:li:person:A1b2C3d4E5`,
      kind: 'comment',
      author: { platformUserId: 'urn:li:person:A1b2C3d4E5' },
      text: 'Waar vind ik het aanvraagformulier voor de renovatiepremie?',
    });
    expect(m.sentAt.getTime()).toBe(1795166100000);
    expect(m.permalink).toBe(`https://www.linkedin.com/feed/update/${POST}/?commentUrn=${encodeURIComponent(m.externalId)}`);
    expect(m.parentExternalId).toBeUndefined();
    expect(m.lang).toBeUndefined();
    expect(m.raw).toEqual({ comment: comments[0], postUrn: POST });
  });

  it('ignores the organization’s own comment (actor = organization, agent = the admin)', () => {
    expect(normalizeLinkedIn(commentItem(comments[1]), channel)).toEqual({ kind: 'ignored', reason: 'own comment' });
  });

  it('keeps an image-only comment as a message with empty text', () => {
    const m = message(normalizeLinkedIn(commentItem(comments[2]), channel));
    expect(m.text).toBe('');
    expect(m.attachments).toEqual([{ type: 'image', url: 'https://media.licdn.com/dms/image/emu/comment-image.jpg' }]);
  });

  it('reads notifications: a decorated COMMENT, a SHARE_MENTION, and ignores a LIKE', () => {
    const comment = message(normalizeLinkedIn(notificationItem(notifications[0]), channel));
    // The short `activity:` spelling becomes the comments API's spelling, so both streams dedupe.
    expect(comment).toMatchObject({
      externalId: `urn:li:comment:(${POST},7290000000000000104)`,
      conversationKey: `li:post:${POST}:urn:li:person:M3n4B5v6C7`,
      kind: 'comment',
      text: 'Geldt dat ook voor het loket in Gent?',
    });
    expect(comment.sentAt.getTime()).toBe(1795167300000);

    const mention = message(normalizeLinkedIn(notificationItem(notifications[1]), channel));
    expect(mention).toMatchObject({
      externalId: 'urn:li:share:7290000000000000200',
      conversationKey: 'li:post:urn:li:share:7290000000000000200:urn:li:person:L8k7J6h5G4',
      kind: 'post',
      author: { platformUserId: 'urn:li:person:L8k7J6h5G4' },
      permalink: 'https://www.linkedin.com/feed/update/urn:li:share:7290000000000000200/',
    });
    expect(normalizeLinkedIn(notificationItem(notifications[2]), channel)).toEqual({ kind: 'ignored', reason: 'notification action LIKE' });
  });

  it('gives a comment the same external id from the walk and from its notification', () => {
    const n = notifications[0]!;
    const walked = { ...citizenComment, commentUrn: 'urn:li:comment:(urn:li:activity:7290000000000000001,7290000000000000104)', id: '7290000000000000104' };
    expect(notificationExternalId(n)).toBe(commentUrnOf(walked));
    expect(message(normalizeLinkedIn(notificationItem(n), channel)).externalId).toBe(message(normalizeLinkedIn(commentItem(walked), channel)).externalId);
  });

  it('parses the webhook example into items that normalize', () => {
    const { body } = read<{ body: Json }>('webhook_notification.docs.json');
    const items = linkedInWebhook.parse(body, channel);
    expect(items).toHaveLength(1);
    expect(items[0]!.externalId).toBe(`urn:li:comment:(${POST},7290000000000000105)`);
    const m = message(normalizeLinkedIn(items[0]!, channel));
    expect(m.conversationKey).toBe(`li:post:${POST}:urn:li:person:P1o2I3u4Y5`);
    expect(linkedInWebhook.parse(Buffer.from(JSON.stringify(body)), channel)).toEqual(items);
    expect(linkedInWebhook.parse({ type: 'LEAD_ACTION', notifications: [{}] }, channel)).toEqual([]);
    expect(() => linkedInWebhook.parse({ type: 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS' }, channel)).toThrow(/notifications/);
  });
});

describe('LinkedIn normalize: threading and own messages', () => {
  it('reads a reply: parentExternalId and the root post in the key', () => {
    const reply = {
      ...citizenComment,
      commentUrn: `urn:li:comment:(${POST},7290000000000000300)`,
      id: '7290000000000000300',
      parentComment: `urn:li:comment:(activity:7290000000000000001,7290000000000000201)`,
    };
    const m = message(normalizeLinkedIn(commentItem(reply), channel));
    expect(m.kind).toBe('reply');
    expect(m.parentExternalId).toBe(citizenComment.commentUrn);
    expect(m.conversationKey).toBe(`li:post:${POST}:urn:li:person:A1b2C3d4E5`);
  });

  it('gives two citizens on one post two conversation keys', () => {
    const a = message(normalizeLinkedIn(commentItem(citizenComment), channel));
    const b = message(normalizeLinkedIn(commentItem({ ...citizenComment, actor: 'urn:li:person:Other', commentUrn: `urn:li:comment:(${POST},7290000000000000202)` }), channel));
    expect(a.conversationKey).not.toBe(b.conversationKey);
  });

  it('ignores own comments, ADMIN_COMMENT, other organizations, own mentions and deleted items', () => {
    expect(normalizeLinkedIn(commentItem({ ...citizenComment, actor: ORG }), channel)).toEqual({ kind: 'ignored', reason: 'own comment' });
    const base = { action: 'COMMENT', organizationalEntity: ORG, generatedActivity: citizenComment.commentUrn, lastModifiedAt: 1795166100000 };
    expect(normalizeLinkedIn(notificationItem({ ...base, action: 'ADMIN_COMMENT' }), channel)).toEqual({ kind: 'ignored', reason: 'own comment' });
    expect(normalizeLinkedIn(notificationItem({ ...base, organizationalEntity: 'urn:li:organization:1' }), channel)).toEqual({ kind: 'ignored', reason: 'another organization' });
    expect(normalizeLinkedIn(notificationItem(base, { missing: true }), channel)).toEqual({ kind: 'ignored', reason: 'deleted on LinkedIn' });
    const ownMention = { ...base, action: 'SHARE_MENTION', generatedActivity: 'urn:li:share:1', decoratedGeneratedActivity: { share: { owner: ORG, entity: 'urn:li:share:1', text: 'x' } } };
    expect(normalizeLinkedIn(notificationItem(ownMention), channel)).toEqual({ kind: 'ignored', reason: 'own post' });
  });

  it('prefers the comment the connector fetched for an undecorated notification', () => {
    const n = { action: 'COMMENT', organizationalEntity: ORG, generatedActivity: 'urn:li:comment:(activity:7290000000000000001,7290000000000000201)', lastModifiedAt: 1 };
    const m = message(normalizeLinkedIn(notificationItem(n, { comment: citizenComment }), channel));
    expect(m).toMatchObject({ externalId: citizenComment.commentUrn, text: citizenComment.message.text });
    expect(m.sentAt.getTime()).toBe(citizenComment.created.time);
    const post = { id: 'urn:li:share:9', author: 'urn:li:person:Q', commentary: 'Bedankt @team', createdAt: 1795166100000 };
    const mention = message(normalizeLinkedIn(notificationItem({ action: 'SHARE_MENTION', generatedActivity: 'urn:li:share:9', lastModifiedAt: 2 }, { post }), channel));
    expect(mention).toMatchObject({ externalId: 'urn:li:share:9', text: 'Bedankt @team', kind: 'post' });
  });
});

describe('LinkedIn normalize: unreadable payloads', () => {
  it.each([
    ['no comment URN', { ...citizenComment, commentUrn: undefined, object: undefined }, /commentUrn/],
    ['no actor', { ...citizenComment, actor: undefined, created: { time: 1795166100000 } }, /actor/],
    ['no created.time', { ...citizenComment, created: { actor: citizenComment.actor } }, /created\.time/],
    ['text not a string', { ...citizenComment, message: { text: 42 } }, /message\.text/],
    ['empty text without content', { ...citizenComment, message: { text: '' } }, /message\.text/],
  ])('throws NormalizeError on %s, naming the field but not the text', (_label, comment, field) => {
    const error = normalizeError(commentItem(comment));
    expect(error.message).toMatch(field);
    expect(error.message).not.toContain('premie');
  });

  it('throws on an undecorated notification, a missing action, a non-object payload and an unknown type', () => {
    expect(normalizeError(notificationItem({ action: 'COMMENT', organizationalEntity: ORG, generatedActivity: citizenComment.commentUrn })).message).toMatch(/decoratedGeneratedActivity/);
    expect(normalizeError(notificationItem({ organizationalEntity: ORG })).message).toMatch(/notification\.action/);
    expect(normalizeError({ type: 'comment', payload: null }).message).toMatch(/payload/);
    expect(normalizeError({ type: 'comment', payload: { comment: 'x' } }).message).toMatch(/payload\.comment/);
    expect(normalizeError({ type: 'like', payload: {} }).message).toMatch(/unknown LinkedIn item type/);
  });
});

describe('LinkedIn URNs (Rest.li 2.0)', () => {
  it('encodes URNs whole and keeps List(...) structure', () => {
    expect(encodeUrn('urn:li:organization:2414183')).toBe('urn%3Ali%3Aorganization%3A2414183');
    expect(encodeUrn('urn:li:comment:(urn:li:activity:1,2)')).toBe('urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A1%2C2%29');
    expect(restliList(['COMMENT', 'SHARE_MENTION'])).toBe('List(COMMENT,SHARE_MENTION)');
  });

  it('parses comment URNs, nested ones included, and finds the root post', () => {
    expect(parseCommentUrn('urn:li:comment:(urn:li:activity:1,22)')).toEqual({ parent: 'urn:li:activity:1', id: '22' });
    expect(parseCommentUrn('urn:li:share:1')).toBeUndefined();
    expect(parseCommentUrn('urn:li:comment:(urn:li:activity:1,abc)')).toBeUndefined();
    const nested = 'urn:li:comment:(urn:li:comment:(activity:1,22),33)';
    expect(canonicalCommentUrn(nested)).toBe('urn:li:comment:(urn:li:comment:(urn:li:activity:1,22),33)');
    expect(rootPostOf(nested)).toBe('urn:li:activity:1');
    expect(rootPostOf('urn:li:comment:(urn:li:ugcPost:5,6)')).toBe('urn:li:ugcPost:5');
  });
});

describe('LinkedIn errors table', () => {
  const now = new Date('2026-11-22T21:30:00Z');
  const observed = read<Record<string, Json>>('errors_observed.json');

  it('maps the observed bodies to typed errors', () => {
    const limited = linkedInError({ status: 429, body: observed['429_application_day_throttle'], now }, 'GET comments', []);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).resetAt.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(limited.message).toContain('serviceErrorCode 101');
    for (const key of ['401_invalid_access_token', '401_expired_access_token', '401_revoked_access_token']) {
      const error = linkedInError({ status: 401, body: observed[key], now }, 'GET posts', []);
      expect(error).toBeInstanceOf(AuthExpiredError);
      expect(error.message).toContain(String(observed[key]!.code));
    }
    expect(linkedInError({ status: 403, body: {}, now }, 'x', [])).toBeInstanceOf(PermanentError);
    expect(linkedInError({ status: 426, body: {}, now }, 'x', []).message).toMatch(/no longer active/);
    expect(linkedInError({ status: 502, body: undefined, now }, 'x', [])).toBeInstanceOf(TransientError);
    expect(linkedInError({ status: 400, body: {}, now }, 'x', [])).toBeInstanceOf(PermanentError);
  });

  it('honours Retry-After and minute throttles, and scrubs secrets', () => {
    const minute = linkedInError({ status: 429, body: { message: 'Resource level throttle MEMBER MINUTE limit reached' }, now }, 'x', []) as RateLimitedError;
    expect(minute.resetAt.getTime()).toBe(now.getTime() + 60_000);
    const header = linkedInError({ status: 429, body: {}, retryAfter: '30', now }, 'x', []) as RateLimitedError;
    expect(header.resetAt.getTime()).toBe(now.getTime() + 30_000);
    const scrubbed = linkedInError({ status: 401, body: { message: 'token secret-token-1 is bad' }, now }, 'x', ['secret-token-1']);
    expect(scrubbed.message).not.toContain('secret-token-1');
    expect(nextUtcMidnight(new Date('2026-12-31T23:59:59Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('LinkedIn connector surface', () => {
  it('exposes this normalizer, public replies only, and webhook support', () => {
    expect(linkedInConnector.platform).toBe('linkedin');
    expect(linkedInConnector.normalize).toBe(normalizeLinkedIn);
    expect(linkedInConnector.replyVisibilities('comment')).toEqual(['public']);
    expect(linkedInConnector.replyVisibilities('reply')).toEqual(['public']);
    expect(linkedInConnector.replyVisibilities('dm')).toEqual([]);
    expect(linkedInConnector.webhook).toBe(linkedInWebhook);
  });
});
