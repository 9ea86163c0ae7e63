/**
 * Google Business Profile raw items → InboundMessage. Pure: a table from item type to a small function.
 * Payload (what connector.ts builds): review `{ review }`, a v4 Review as listed:
 *   { name, reviewId, reviewer: { displayName, profilePhotoUrl, isAnonymous }, starRating: 'ONE'..'FIVE',
 *     comment?, createTime, updateTime, reviewReply?: { comment, updateTime }, reviewMediaItems? }
 * One ticket per review (gr:<reviewId>) and one message, `<reviewId>`: a later version (the reviewer
 * edited it: updateTime after createTime) is that message edited (editedAt: updateTime), not a second
 * message. Before edits were recognised each version was stored as `<reviewId>@<updateTime>`: those ids
 * are still this message (legacyIdPrefix). The owner's reviewReply is never a message. The stars (starRating ONE..FIVE)
 * become the message's rating 1–5; a rating without a comment is a message with text '' and its rating.
 * Error messages name the field, never the reviewer's text.
 */
import {
  NormalizeError,
  type Attachment,
  type ChannelContext,
  type InboundMessage,
  type NormalizeOutcome,
  type RawItem,
} from '../types.js';
import { isObject, normalizeByType, requireObject, str, type Json, type PayloadNormalizer } from '../payload.js';

export const STAR_RATINGS = ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'] as const;

/** ONE..FIVE as 1..5; undefined for STAR_RATING_UNSPECIFIED or none. */
export function stars(starRating: unknown): number | undefined {
  const i = STAR_RATINGS.indexOf(starRating as (typeof STAR_RATINGS)[number]);
  return i >= 0 ? i + 1 : undefined;
}

/** An owner reply this close after the review's update is taken as the cause of that update. */
const REPLY_BUMP_TOLERANCE_MS = 2000;
/** An updateTime this close to createTime is the review as first written, not an edit. */
const EDIT_TOLERANCE_MS = 1000;

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A Google timestamp (RFC 3339, up to nanoseconds) as a UTC string with 9 fraction digits, which
 * sorts as text; undefined when unreadable.
 */
export function timeKey(value: string): string | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const seconds = new Date(`${m[1]}${m[3]!.toUpperCase()}`);
  if (Number.isNaN(seconds.getTime())) return undefined;
  return `${seconds.toISOString().slice(0, 19)}.${(m[2] ?? '').padEnd(9, '0')}Z`;
}

function timestamp(review: Json, field: 'createTime' | 'updateTime'): Date {
  const v = review[field];
  const key = typeof v === 'string' ? timeKey(v) : undefined;
  if (!key) throw new NormalizeError(`review.${field} is missing or not an RFC 3339 timestamp`);
  return new Date(key.slice(0, 23) + 'Z');
}

function attachments(review: Json): Attachment[] {
  if (!Array.isArray(review.reviewMediaItems)) return [];
  const out: Attachment[] = [];
  for (const m of review.reviewMediaItems) {
    if (!isObject(m)) continue;
    const a: Attachment = { type: (str(m.mediaFormat) ?? 'photo').toLowerCase() };
    const url = str(m.googleUrl) ?? str(m.thumbnailUrl);
    if (url) a.url = url;
    out.push(a);
  }
  return out;
}

/** The reviewId, or the last segment of `name` (accounts/../locations/../reviews/<id>). */
function reviewIdOf(review: Json): string {
  const id = str(review.reviewId) ?? str(review.name)?.match(/\/reviews\/([^/]+)$/)?.[1];
  if (!id) throw new NormalizeError('review.reviewId is missing or not a string');
  return id;
}

const normalizeReview: PayloadNormalizer = (payload) => {
  const review = requireObject(payload, 'review');
  const reviewId = reviewIdOf(review);
  if (!str(review.updateTime) && !str(review.createTime)) throw new NormalizeError('review.updateTime is missing or not a string');
  const updated = timestamp(review, review.updateTime === undefined ? 'createTime' : 'updateTime');
  const created = review.createTime === undefined ? updated : timestamp(review, 'createTime');
  if (review.comment !== undefined && typeof review.comment !== 'string') throw new NormalizeError('review.comment is not a string');
  if (review.starRating !== undefined && !STAR_RATINGS.includes(review.starRating as (typeof STAR_RATINGS)[number]) && review.starRating !== 'STAR_RATING_UNSPECIFIED') {
    throw new NormalizeError('review.starRating is not ONE..FIVE');
  }

  // If Google moves updateTime when the owner replies, that version holds nothing new from the reviewer.
  const reply = isObject(review.reviewReply) ? review.reviewReply : undefined;
  const replyKey = typeof reply?.updateTime === 'string' ? timeKey(reply.updateTime) : undefined;
  if (replyKey && updated.getTime() > created.getTime() && new Date(replyKey.slice(0, 23) + 'Z').getTime() >= updated.getTime() - REPLY_BUMP_TOLERANCE_MS) {
    return { kind: 'ignored', reason: 'only the owner reply changed' };
  }

  const reviewer = isObject(review.reviewer) ? review.reviewer : {};
  const author: InboundMessage['author'] = { platformUserId: `reviewer:${reviewId}` };
  const name = str(reviewer.displayName);
  if (name && reviewer.isAnonymous !== true) author.name = name;
  const message: InboundMessage = {
    externalId: reviewId,
    legacyIdPrefix: `${reviewId}@`,
    conversationKey: `gr:${reviewId}`,
    kind: 'review',
    author,
    text: typeof review.comment === 'string' ? review.comment : '',
    sentAt: updated,
    attachments: attachments(review),
    raw: payload,
  };
  const rating = stars(review.starRating);
  if (rating !== undefined) message.rating = rating;
  if (updated.getTime() - created.getTime() > EDIT_TOLERANCE_MS) message.editedAt = updated;
  return { kind: 'message', message };
};

const NORMALIZERS: Record<string, PayloadNormalizer> = { review: normalizeReview };

export function normalizeGoogle(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'Google', item, channel);
}
