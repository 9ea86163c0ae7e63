/**
 * The platforms, loaded once after login from GET /api/platforms and given to every screen
 * (usePlatforms): their names in the interface's language and what a channel form asks. The web app
 * names no platform itself.
 */
import { createContext, useContext } from 'react';
import type { PlatformView } from './api/index.js';

export interface Platforms {
  list: PlatformView[];
  platformName(id: string): string;
  fieldsOf(id: string): { account: string[]; credentials: string[] };
  /** The platform's own name for one of its keys, when it has one. */
  fieldLabel(id: string, key: string): string | undefined;
}

export function platformsIn(list: PlatformView[], lang: 'nl' | 'en'): Platforms {
  const byId = new Map(list.map((platform) => [platform.id, platform]));
  return {
    list,
    platformName: (id) => byId.get(id)?.names[lang] ?? id,
    fieldsOf: (id) => {
      const platform = byId.get(id);
      return platform ? { account: [...platform.account.required, ...platform.account.optional], credentials: platform.credentials } : { account: [], credentials: [] };
    },
    fieldLabel: (id, key) => byId.get(id)?.labels?.[key]?.[lang],
  };
}

export const PlatformsContext = createContext<Platforms>(platformsIn([], 'nl'));

export function usePlatforms(): Platforms {
  return useContext(PlatformsContext);
}
