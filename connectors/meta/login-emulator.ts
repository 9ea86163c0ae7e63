/** Facebook Login in the Meta emulators (facebook/emulator.ts, instagram/emulator.ts): connectors/oauth-emulator.ts set up as Meta's. */
import type { OAuthEmulatorOptions } from '../oauth-emulator.js';

/** The dialog, /oauth/access_token (code and fb_exchange_token, GET too) and /me/accounts rendered by `pages`. */
export function metaLoginEmulator(platformName: string, pages: () => unknown): OAuthEmulatorOptions {
  return {
    platformName,
    paths: { authorize: /^(?:\/v\d+\.\d+)?\/dialog\/oauth$/, token: /^(?:\/v\d+\.\d+)?\/oauth\/access_token$/ },
    pkce: 'optional',
    expiresIn: 5400,
    refresh: false,
    metaExchange: true,
    identities: () => [{ id: 'page-admin', label: 'Page admin (emulator)' }],
    // A user token reads /me/accounts only; the Pages' own tokens come with that list.
    grant: () => {},
    lists: [{ pattern: /^(?:\/v\d+\.\d+)?\/me\/accounts$/, render: () => ({ status: 200, body: pages() }) }],
  };
}
