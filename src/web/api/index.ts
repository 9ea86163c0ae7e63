/**
 * The web app's API: one client (client.ts) and the typed calls of each area. The app makes one Api
 * per page load and gives it to the screens through ApiContext; screens call useApi().
 */
import { createContext, useContext } from 'react';
import { authCalls } from './auth.js';
import { backfillCalls } from './backfills.js';
import { cannedCalls } from './canned.js';
import { caseCalls } from './cases.js';
import { channelCalls } from './channels.js';
import { connectCalls } from './connect.js';
import { contactCalls } from './contacts.js';
import { createClient } from './client.js';
import { dashboardCalls } from './dashboard.js';
import { platformCalls } from './platforms.js';
import { referralCalls } from './referrals.js';
import { moderationCalls } from './moderation.js';
import { signalCalls } from './signals.js';
import { entityCalls } from './entities.js';
import { ticketCalls } from './tickets.js';
import { userCalls } from './users.js';

export * from './backfills.js';
export * from './cases.js';
export * from './canned.js';
export * from './channels.js';
export * from './connect.js';
export * from './contacts.js';
export { ApiError, messageOf } from './client.js';
export * from './dashboard.js';
export * from './entities.js';
export * from './platforms.js';
export * from './referrals.js';
export * from './moderation.js';
export * from './signals.js';
export * from './tickets.js';
export * from './users.js';

export function createApi(options: { onUnauthorized: () => void }) {
  const client = createClient(options);
  return {
    ...authCalls(client),
    ...ticketCalls(client),
    ...caseCalls(client),
    ...entityCalls(client),
    ...contactCalls(client),
    ...channelCalls(client),
    ...connectCalls(client),
    ...userCalls(client),
    ...cannedCalls(client),
    ...dashboardCalls(client),
    ...platformCalls(client),
    ...referralCalls(client),
    ...moderationCalls(client),
    ...signalCalls(client),
    ...backfillCalls(client),
  };
}

export type Api = ReturnType<typeof createApi>;

export const ApiContext = createContext<Api | null>(null);

/** The app's API; only inside <ApiContext value={…}>. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside the app');
  return api;
}
