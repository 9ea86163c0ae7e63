import type { Queryable } from '../db/db.js';
import { publish } from '../db/events.js';

/**
 * Sessions that ended (logout, password change, an account disabled): sent on the live-updates
 * channel so every API process ends the event streams (GET /api/events) opened with them, instead
 * of letting those streams run to the end of their lifetime. Ids only: a session id is the sha256
 * of its cookie token, never the token.
 */
export interface SessionsEnded {
  /** Every session of this account, whenever it was opened (the account was disabled). */
  userId?: number;
  sessionIds: string[];
}

const TYPE = 'sessions_ended';
// pg_notify payloads are limited to 8000 bytes; a session id takes 67 of them in the list.
const IDS_PER_NOTIFICATION = 100;

/** Delivered when the surrounding transaction commits, like the other live updates. */
export async function notifySessionsEnded(db: Queryable, ended: { userId?: number; sessionIds?: string[] }): Promise<void> {
  const ids = ended.sessionIds ?? [];
  if (ended.userId !== undefined) await publish(db, { type: TYPE, userId: ended.userId, sessionIds: ids.slice(0, IDS_PER_NOTIFICATION) });
  for (let start = ended.userId === undefined ? 0 : IDS_PER_NOTIFICATION; start < ids.length; start += IDS_PER_NOTIFICATION) {
    await publish(db, { type: TYPE, sessionIds: ids.slice(start, start + IDS_PER_NOTIFICATION) });
  }
}

/** A notification payload back into ended sessions; undefined for anything else (ticket and channel events). */
export function parseSessionsEnded(payload: string): SessionsEnded | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    const { type, userId, sessionIds } = value as Record<string, unknown>;
    if (type !== TYPE || !Array.isArray(sessionIds) || !sessionIds.every((id) => typeof id === 'string')) return undefined;
    if (userId !== undefined && typeof userId !== 'number') return undefined;
    return { ...(userId === undefined ? {} : { userId }), sessionIds: sessionIds as string[] };
  } catch {
    return undefined;
  }
}
