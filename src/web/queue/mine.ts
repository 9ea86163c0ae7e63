import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { useLiveEvents } from '../live.js';

/** Tickets assigned to me that still need work (new or open): the number beside the queue in the menu. */
export const MINE_TO_DO = { mine: true, status: 'new,open' } as const;

/** Only for a logged-in user: it listens to live events from the moment it is shown. */
export function useMyOpenCount(): number | null {
  const [count, setCount] = useState<number | null>(null);
  const load = useCallback(() => {
    api.tickets(MINE_TO_DO).then(
      (page) => setCount(page.total),
      () => undefined,
    );
  }, []);
  useEffect(load, [load]);
  useLiveEvents(['tickets'], load);
  return count;
}
