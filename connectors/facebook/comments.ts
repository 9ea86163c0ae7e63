/** Page comments as the poller (connector.ts) and the backfill (history.ts) both read them. */
import { isObject, str, type Json } from '../payload.js';
import type { RawItem } from '../types.js';

export const COMMENT_FIELDS = 'id,from{id,name},message,created_time,parent{id},attachment,permalink_url';

/** The comments of a post as items, the Page's own left out; an unreadable one (`{ unreadable: true }`) stays an item without id. */
export function commentItems(comments: Json[], postId: string, pageId: string): RawItem[] {
  const items: RawItem[] = [];
  for (const c of comments) {
    if (c.unreadable === true) {
      items.push({ type: 'comment', payload: { comment: null, postId } });
      continue;
    }
    const from = isObject(c.from) ? str(c.from.id) : undefined;
    if (from === pageId) continue;
    const id = str(c.id);
    items.push(id ? { type: 'comment', externalId: id, payload: { comment: c, postId } } : { type: 'comment', payload: { comment: c, postId } });
  }
  return items;
}
