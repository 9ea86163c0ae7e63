import { createContext, useContext, useEffect, useRef } from 'react';

export type LiveEventType = 'tickets' | 'channels';
export interface LiveEvent {
  type: LiveEventType;
  entity: string;
  ids: Array<number | string>;
}
interface Listener {
  types: readonly LiveEventType[];
  onEvent: (event: LiveEvent) => void;
  onReconnect: () => void;
}

const RETRY_CLOSED_MS = 5000;

/**
 * One EventSource on /api/events for the whole app (the server sends ids of what changed, never
 * content). Screens subscribe with useLiveEvents and refetch what they show. After a reconnect every
 * listener gets a synthetic 'reconnected' call so nothing missed while offline stays stale. The
 * stream is not an API call: it stays outside the API client.
 */
export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private source: EventSource | null = null;
  private wasOpen = false;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.open();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Closes the stream (on logout): the next subscriber opens a new one with the new session. */
  close(): void {
    this.source?.close();
    this.source = null;
    this.wasOpen = false;
  }

  private open(): void {
    if (this.source || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    this.source = source;
    // A refused stream (401 after a session ended) is closed for good by the browser: start over later,
    // while someone still listens (a new login opens it again at once through its subscribers).
    source.addEventListener('error', () => {
      if (this.source !== source || source.readyState !== EventSource.CLOSED) return;
      // wasOpen stays: when it opens again, listeners refetch what they missed meanwhile
      this.source = null;
      setTimeout(() => {
        if (this.listeners.size > 0) this.open();
      }, RETRY_CLOSED_MS);
    });
    source.addEventListener('open', () => {
      if (this.wasOpen) for (const listener of this.listeners) listener.onReconnect();
      this.wasOpen = true;
    });
    for (const type of ['tickets', 'channels'] as const) {
      source.addEventListener(type, (message) => {
        let data: { entity: string; ids: Array<number | string> };
        try {
          data = JSON.parse((message as MessageEvent<string>).data) as typeof data;
        } catch {
          return;
        }
        for (const listener of this.listeners) if (listener.types.includes(type)) listener.onEvent({ type, ...data });
      });
    }
  }
}

export const LiveEventsContext = createContext<LiveEvents | null>(null);

/** Calls `onChange` when something of these types changes, and after a reconnect (event undefined). */
export function useLiveEvents(types: readonly LiveEventType[], onChange: (event: LiveEvent | undefined) => void): void {
  const live = useContext(LiveEventsContext);
  const callback = useRef(onChange);
  callback.current = onChange;
  const key = types.join(',');
  useEffect(() => {
    if (!live) return;
    return live.subscribe({
      types: key.split(',') as LiveEventType[],
      onEvent: (event) => callback.current(event),
      onReconnect: () => callback.current(undefined),
    });
  }, [live, key]);
}
