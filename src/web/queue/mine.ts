import { useApi } from '../api/index.js';
import { useLiveEvents } from '../live.js';
import { useResource } from '../useResource.js';

/** Tickets assigned to me that still need work (new or open): the number beside the queue in the menu. */
export const MINE_TO_DO = { mine: true, status: 'new,open' } as const;

/** Only for a logged-in user: it listens to live events from the moment it is shown. */
export function useMyOpenCount(): number | null {
  const api = useApi();
  const mine = useResource(() => api.tickets(MINE_TO_DO), []);
  useLiveEvents(['tickets'], () => void mine.reload());
  return mine.data?.total ?? null;
}
