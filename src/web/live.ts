import { useEffect, useRef } from 'react';

export type LiveEventType = 'tickets' | 'channels';
export interface LiveEvent {
  type: LiveEventType;
  entity: string;
  ids: Array<number | string>;
}
type Listener = (event: LiveEvent) => void;

/**
 * One EventSource on /api/events for the whole app (the server sends ids of what changed, never
 * content). Screens subscribe with useLiveEvents and refetch what they show. After a reconnect every
 * listener gets a synthetic 'reconnected' call so nothing missed while offline stays stale.
 */
const listeners = new Set<{ types: readonly LiveEventType[]; onEvent: Listener; onReconnect: () => void }>();
let source: EventSource | null = null;
const RETRY_CLOSED_MS = 5000;
let wasOpen = false;

function ensureSource(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/events');
  // A refused stream (401 after a session ended) is closed for good by the browser: start over later,
  // while someone still listens (a new login opens it again at once through its subscribers).
  source.addEventListener('error', () => {
    if (source?.readyState !== EventSource.CLOSED) return;
    // wasOpen stays: when it opens again, listeners refetch what they missed meanwhile
    source = null;
    setTimeout(() => {
      if (listeners.size > 0) ensureSource();
    }, RETRY_CLOSED_MS);
  });
  source.addEventListener('open', () => {
    if (wasOpen) for (const listener of listeners) listener.onReconnect();
    wasOpen = true;
  });
  for (const type of ['tickets', 'channels'] as const) {
    source.addEventListener(type, (message) => {
      let data: { entity: string; ids: Array<number | string> };
      try {
        data = JSON.parse((message as MessageEvent<string>).data) as typeof data;
      } catch {
        return;
      }
      for (const listener of listeners) if (listener.types.includes(type)) listener.onEvent({ type, ...data });
    });
  }
}

/** Closes the stream (on logout): the next subscriber opens a new one with the new session. */
export function closeLiveEvents(): void {
  source?.close();
  source = null;
  wasOpen = false;
}

/** Calls `onChange` when something of these types changes, and after a reconnect (event undefined). */
export function useLiveEvents(types: readonly LiveEventType[], onChange: (event: LiveEvent | undefined) => void): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  const key = types.join(',');
  useEffect(() => {
    const listener = {
      types: key.split(',') as LiveEventType[],
      onEvent: (event: LiveEvent) => callback.current(event),
      onReconnect: () => callback.current(undefined),
    };
    listeners.add(listener);
    ensureSource();
    return () => {
      listeners.delete(listener);
    };
  }, [key]);
}
