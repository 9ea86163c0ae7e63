import { EMULATOR_OAUTH_APP } from '../../../connectors/oauth-emulator.js';
import type { Platform } from '../../../connectors/types.js';
import type { Settings } from '../../config/schema.js';

/** The app's OAuth client for a platform, and where its flow runs (an emulator, a proxy) when not at the platform. */
export interface OAuthAppConfig {
  clientId: string;
  clientSecret?: string | undefined;
  baseUrl?: string | undefined;
}

/**
 * The configured client for `platform` (settings `oauth.<platform>`, or OAUTH_<PLATFORM>_CLIENT_ID /
 * _CLIENT_SECRET), always at its configured base URL (or the platform's own hosts): the app's
 * secret never goes to a base URL an admin typed on a channel. A channel on an emulator of this
 * machine (a loopback base URL other than the configured one) is connected through that emulator
 * with the emulators' own client, as is any emulator when nothing is configured: demo mode and
 * tests need no registration.
 */
export function oauthAppFor(settings: Pick<Settings, 'oauth'>, platform: Platform, channelBaseUrl?: string | null): OAuthAppConfig | undefined {
  const configured = settings.oauth?.[platform];
  const onEmulator = channelBaseUrl && isLoopback(channelBaseUrl) && !sameBase(channelBaseUrl, configured?.baseUrl);
  if (onEmulator) return { ...EMULATOR_OAUTH_APP, baseUrl: channelBaseUrl };
  if (configured) return { clientId: configured.clientId, clientSecret: configured.clientSecret, baseUrl: configured.baseUrl };
  return undefined;
}

function sameBase(a: string, b: string | undefined): boolean {
  return b !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}
