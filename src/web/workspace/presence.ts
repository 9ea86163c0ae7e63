import { useCallback, useEffect, useRef } from 'react';
import { useApi } from '../api/index.js';

/** How often an open ticket says "I am here" (the server shows a colleague for 30 s after the last one). */
export const PRESENCE_EVERY_MS = 10_000;
/** Typing is said at most this often while the reply box changes. */
const TYPING_EVERY_MS = 4_000;

/**
 * Tells colleagues I am on this ticket: "viewing" now and every 10 s while it is open and the page is
 * shown, "typing" (at most every few seconds) while I write in the reply box. A server without the
 * route, or a refusal, changes nothing on the screen.
 */
export function usePresence(ticketId: number): { typing: () => void } {
  const api = useApi();
  const lastTyping = useRef(0);

  useEffect(() => {
    const send = () => {
      if (document.visibilityState === 'hidden') return;
      api.presence(ticketId, 'viewing').catch(() => undefined);
    };
    send();
    const timer = setInterval(send, PRESENCE_EVERY_MS);
    document.addEventListener('visibilitychange', send);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', send);
    };
  }, [api, ticketId]);

  const typing = useCallback(() => {
    const now = Date.now();
    if (now - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = now;
    api.presence(ticketId, 'typing').catch(() => undefined);
  }, [api, ticketId]);

  return { typing };
}
