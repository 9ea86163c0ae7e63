/**
 * Reconciliation of Instagram DMs. DMs reach us only by the `messages` webhook; a delivery that never
 * arrives (our ingress down longer than Meta retries, a subscription lapse) is found here, at a slower
 * pace than the comment polling, by reading the Conversations API:
 *   GET /{page-id|ig-user-id}/conversations?platform=instagram
 *       &fields=id,updated_time,messages.limit(20){id,created_time,from,to,message,attachments}
 * newest updated first, cursor paging. The walk stops at the first conversation updated before `since`
 * (the newest updated_time of the last finished walk); messages created at or after `since` become
 * 'dm' items in the webhook's shape ({ event, time }), so normalize.ts gives them the webhook's
 * externalId (the mid) and ingest dedupes what a delivery brought already. Meta details only the 20
 * newest messages of a conversation: more than 20 lost in one conversation between two walks cannot
 * be had back.
 *
 * State, in the connector's cursor under `reconcile`: { due: epoch ms, since: ISO, after?, newest? }.
 * A channel's first poll only starts the clock (since = now minus one interval): reconciliation looks
 * for lost deliveries, it does not import the account's DM history.
 */
import type { GraphClient, GraphResponse, GraphTarget } from '../meta/graph-client.js';
import { parseGraphTime, readPage } from '../meta/paging.js';
import { isObject, str, type Json } from '../payload.js';
import type { RawItem } from '../types.js';

export interface ReconcileState {
  /** When the next walk starts (epoch ms). */
  due: number;
  /** Messages created at or after this time are read (Graph time, ISO). */
  since: string;
  /** The next conversations page of a walk in progress. */
  after?: string;
  /** The newest updated_time seen in the walk in progress: `since` once it ends. */
  newest?: string;
}

/** Ten minutes between walks: the comments are polled every poll interval, DMs reconciled at this pace. */
export const RECONCILE_INTERVAL_MS = 10 * 60 * 1000;

const CONVERSATION_PAGE_SIZE = 25;
const MESSAGE_FIELDS = 'id,created_time,from,to,message,attachments';
const CONVERSATION_FIELDS = `id,updated_time,messages.limit(20){${MESSAGE_FIELDS}}`;

const timeOf = (v: unknown): number | undefined => parseGraphTime(v)?.getTime();

/** Reads the stored state defensively; a channel without one starts the clock now. */
export function readReconcileState(v: unknown, now: number, intervalMs: number): ReconcileState {
  const fresh: ReconcileState = { due: now + intervalMs, since: new Date(now - intervalMs).toISOString() };
  if (!isObject(v) || typeof v.due !== 'number' || !Number.isFinite(v.due) || timeOf(v.since) === undefined) return fresh;
  const state: ReconcileState = { due: v.due, since: v.since as string };
  if (str(v.after)) state.after = v.after as string;
  if (str(v.newest) && timeOf(v.newest) !== undefined) state.newest = v.newest as string;
  return state;
}

/** A walk is in progress, or its time has come. */
export function reconcileDue(state: ReconcileState, now: number): boolean {
  return state.after !== undefined || now >= state.due;
}

/** A Conversations API message as the webhook's messaging event, for normalize.ts's 'dm' item. */
export function dmItemOf(message: Json): RawItem {
  const mid = str(message.id);
  const from = isObject(message.from) ? str(message.from.id) : undefined;
  const to = isObject(message.to) ? readPage(message.to).data.find(isObject) : undefined;
  const at = timeOf(message.created_time);
  const body: Json = {};
  if (mid) body.mid = mid;
  if (typeof message.message === 'string' && message.message !== '') body.text = message.message;
  const attachments = readPage(message.attachments).data.filter(isObject).map(attachmentOf);
  if (attachments.length) body.attachments = attachments;
  const event: Json = { sender: { id: from }, recipient: { id: to ? str(to.id) : undefined }, message: body };
  if (at !== undefined) event.timestamp = at;
  const payload: Json = { event, time: at, reconciled: true };
  return mid ? { type: 'dm', externalId: mid, payload } : { type: 'dm', payload };
}

/** `{ image_data: { url } }`, `video_data`, `file_url` → the webhook's `{ type, payload: { url } }`. */
function attachmentOf(a: Json): Json {
  const image = isObject(a.image_data) ? str(a.image_data.url) : undefined;
  const video = isObject(a.video_data) ? str(a.video_data.url) : undefined;
  const file = str(a.file_url);
  if (image) return { type: 'image', payload: { url: image } };
  if (video) return { type: 'video', payload: { url: video } };
  if (file) return { type: 'file', payload: { url: file } };
  return { type: 'fallback', payload: {} };
}

/**
 * One conversations page of a walk: its messages since `since` as items, and the state after it
 * (the walk goes on while `after` is set; when it ends, the next is due an interval later).
 */
export async function reconcileStep(
  client: GraphClient,
  target: GraphTarget,
  node: string,
  state: ReconcileState,
  now: number,
  intervalMs: number,
): Promise<{ items: RawItem[]; state: ReconcileState; res: GraphResponse }> {
  const query: Record<string, string | number> = { platform: 'instagram', fields: CONVERSATION_FIELDS, limit: CONVERSATION_PAGE_SIZE };
  if (state.after) query.after = state.after;
  const res = await client.get(target, `${encodeURIComponent(node)}/conversations`, query, 'GET conversations');
  const page = readPage(res.body);
  const since = timeOf(state.since) ?? 0;
  const items: RawItem[] = [];
  let newest = state.newest;
  let reachedOlder = false;
  for (const conversation of page.data) {
    if (!isObject(conversation)) continue;
    const updated = timeOf(conversation.updated_time);
    if (updated !== undefined && updated < since) {
      reachedOlder = true;
      break;
    }
    if (updated !== undefined && (newest === undefined || updated > (timeOf(newest) ?? 0))) newest = conversation.updated_time as string;
    for (const message of readPage(conversation.messages).data) {
      if (!isObject(message)) continue;
      const created = timeOf(message.created_time);
      if (created === undefined || created >= since) items.push(dmItemOf(message));
    }
  }
  if (!reachedOlder && page.after && page.data.length > 0) {
    const next: ReconcileState = { due: state.due, since: state.since, after: page.after };
    if (newest) next.newest = newest;
    return { items, state: next, res };
  }
  return { items, state: { due: now + intervalMs, since: newest ?? state.since }, res };
}
