/** The signed-in user, given by the app to the screens it shows after login (useMe), and their entities. */
import { createContext, useContext } from 'react';
import { useApi, type User } from './api/index.js';
import { useResource } from './useResource.js';

export const SessionContext = createContext<User | null>(null);

/** The signed-in user; only on screens shown after login. */
export function useMe(): User {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useMe before login');
  return user;
}

/** Id and name of the entities I see; their ids alone when the names cannot be loaded. */
export function useMyEntities(): Array<{ id: string; name: string }> {
  const me = useMe();
  const api = useApi();
  const names = useResource(() => api.entityNames().catch(() => ({ items: me.entities.map((id) => ({ id, name: id })) })), [me]);
  return names.data?.items ?? [];
}
