import type { Queryable } from './db.js';

/** The PostgreSQL notification channel of live updates (read by GET /api/events). */
export const EVENTS_CHANNEL = 'inbox_events';

/** What changed; the browser refetches what it shows. Ids only: never a citizen's text. */
export type InboxEvent =
  | { type: 'tickets'; entity: string; ids: number[] }
  | { type: 'channels'; entity: string; ids: string[] };

// pg_notify payloads are limited to 8000 bytes: beyond this many ids the browser just refetches its list.
const MAX_IDS = 200;

/** Live updates: delivered to /api/events listeners when the surrounding transaction commits. */
export async function notifyTickets(db: Queryable, entityId: string, ticketIds: number[]): Promise<void> {
  if (ticketIds.length === 0) return;
  await publish(db, { type: 'tickets', entity: entityId, ids: ticketIds.slice(0, MAX_IDS) });
}

export async function notifyChannels(db: Queryable, entityId: string, channelIds: string[]): Promise<void> {
  if (channelIds.length === 0) return;
  await publish(db, { type: 'channels', entity: entityId, ids: channelIds.slice(0, MAX_IDS) });
}

/** Sends one payload on the live-updates channel, at commit; every kind of live event goes through here. */
export async function publish(db: Queryable, event: InboxEvent | ({ type: string } & Record<string, unknown>)): Promise<void> {
  await db.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(event)]);
}

/** A notification payload back into an event; anything else (another version, a manual NOTIFY) is ignored. */
export function parseEvent(payload: string): InboxEvent | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    const { type, entity, ids } = value as Record<string, unknown>;
    if (typeof entity !== 'string' || !Array.isArray(ids)) return undefined;
    if (type === 'tickets' && ids.every((id) => typeof id === 'number')) return { type, entity, ids: ids as number[] };
    if (type === 'channels' && ids.every((id) => typeof id === 'string')) return { type, entity, ids: ids as string[] };
    return undefined;
  } catch {
    return undefined;
  }
}

/** notifyTickets for one ticket whose entity the caller does not have at hand (one statement). */
export async function notifyTicket(db: Queryable, ticketId: number): Promise<void> {
  await db.query(
    `select pg_notify($1, json_build_object('type', 'tickets', 'entity', entity_id, 'ids', json_build_array(id))::text) from tickets where id = $2`,
    [EVENTS_CHANNEL, ticketId],
  );
}
