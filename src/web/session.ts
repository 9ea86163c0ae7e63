/** The signed-in user, given by the app to the screens it shows after login (useMe). */
import { createContext, useContext } from 'react';
import type { User } from './api/index.js';

export const SessionContext = createContext<User | null>(null);

/** The signed-in user; only on screens shown after login. */
export function useMe(): User {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useMe before login');
  return user;
}
