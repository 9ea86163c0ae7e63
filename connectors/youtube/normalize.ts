/**
 * YouTube raw items → InboundMessage. Pure: a table from item type to a small function.
 * Payloads are what connector.ts builds: `{ comment, thread }` where `comment` is the
 * `youtube#comment` as the API returned it and `thread` the thread's id and snippet fields
 * (without topLevelComment and replies). Item types: 'comment' (a thread's top-level comment)
 * and 'reply' (a reply inside a thread). A comment whose updatedAt is after its publishedAt was edited:
 * editedAt is updatedAt (ingest applies it to the stored comment once). Error messages name the field,
 * never the citizen's text.
 */
import { NormalizeError, type ChannelContext, type InboundMessage, type NormalizeOutcome, type RawItem } from '../types.js';
import { dateOf, isObject, normalizeByType, requireId, requireObject, str, type Json, type PayloadNormalizer } from '../payload.js';

function publishedAt(snippet: Json): Date {
  const d = dateOf(snippet.publishedAt);
  if (!d) throw new NormalizeError('comment.snippet.publishedAt is missing or not a valid date');
  return d;
}

/** textOriginal is the raw text; textDisplay (plain with textFormat=plainText) stands in when the API withholds it. */
function commentText(snippet: Json): string {
  const text = str(snippet.textOriginal) ?? str(snippet.textDisplay);
  if (text === undefined) throw new NormalizeError('comment.snippet.textOriginal and textDisplay are missing or empty');
  return text;
}

/** authorDisplayName is the @handle on current channels, a plain name on older ones. */
function author(snippet: Json, authorId: string | undefined): InboundMessage['author'] {
  const a: InboundMessage['author'] = { platformUserId: authorId ?? 'unknown' };
  const display = str(snippet.authorDisplayName);
  if (display) {
    a.name = display;
    if (/^@[\w.-]+$/.test(display)) a.handle = display.slice(1);
  }
  return a;
}

/** updatedAt when it is after publishedAt (the author edited the comment). */
export function editedAt(snippet: Json): Date | undefined {
  const published = dateOf(snippet.publishedAt);
  const updated = dateOf(snippet.updatedAt);
  return published && updated && updated.getTime() > published.getTime() ? updated : undefined;
}

function authorIdOf(snippet: Json): string | undefined {
  return isObject(snippet.authorChannelId) ? str(snippet.authorChannelId.value) : undefined;
}

function normalizer(kind: 'comment' | 'reply'): PayloadNormalizer {
  return (payload, channel) => {
    const comment = requireObject(payload, 'comment', 'payload');
    const id = requireId(comment, 'comment');
    const snippet = requireObject(comment, 'snippet', 'comment');
    const thread = isObject(payload.thread) ? payload.thread : {};
    const authorId = authorIdOf(snippet);
    const ownId = channel.account.channelId;
    if (authorId !== undefined && authorId === ownId) return { kind: 'ignored', reason: 'own comment' };

    const threadId = kind === 'reply' ? (str(snippet.parentId) ?? str(thread.id)) : (str(thread.id) ?? id);
    if (!threadId) throw new NormalizeError('comment.snippet.parentId is missing on a reply');
    const videoId = str(snippet.videoId) ?? str(thread.videoId);
    const message: InboundMessage = {
      externalId: id,
      conversationKey: `yt:thread:${threadId}:${authorId ?? 'unknown'}`,
      kind,
      author: author(snippet, authorId),
      text: commentText(snippet),
      sentAt: publishedAt(snippet),
      raw: payload,
    };
    if (kind === 'reply') message.parentExternalId = threadId;
    const edited = editedAt(snippet);
    if (edited) message.editedAt = edited;
    if (videoId) message.permalink = `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(id)}`;
    return { kind: 'message', message };
  };
}

const NORMALIZERS: Record<string, PayloadNormalizer> = { comment: normalizer('comment'), reply: normalizer('reply') };

export function normalizeYouTube(item: RawItem, channel: ChannelContext): NormalizeOutcome {
  return normalizeByType(NORMALIZERS, 'YouTube', item, channel);
}
