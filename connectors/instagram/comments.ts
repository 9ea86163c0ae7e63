/** Media comments as the poller (connector.ts) and the backfill (history.ts) both read them. */
import { graphErrorInfo } from '../meta/errors.js';
import { str, type Json } from '../payload.js';
import type { RawItem } from '../types.js';

export const REPLY_FIELDS = 'id,text,timestamp,username,from,parent_id';
export const COMMENT_FIELDS = `id,text,timestamp,username,from,replies{${REPLY_FIELDS}}`;

export function commentItem(comment: Json, media: { id: string; permalink?: string }, parentId?: string): RawItem {
  const payload: Json = { comment, mediaId: media.id };
  if (media.permalink) payload.mediaPermalink = media.permalink;
  if (parentId) payload.parentId = parentId;
  const id = str(comment.id);
  return id ? { type: 'comment', externalId: id, payload } : { type: 'comment', payload };
}

/** Graph's answer for the comments of a media deleted since it was listed (code 100, subcode 33). */
export function mediaGone(err: unknown): boolean {
  const info = graphErrorInfo(err);
  return info?.code === 100 && info.subcode === 33;
}
