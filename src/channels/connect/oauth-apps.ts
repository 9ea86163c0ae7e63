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
 * _CLIENT_SECRET). A channel with its own base URL (an emulator) is connected through that URL,
 * and when nothing is configured for an emulator the emulators' own client is used: demo mode and
 * tests need no registration.
 */
export function oauthAppFor(settings: Pick<Settings, 'oauth'>, platform: Platform, channelBaseUrl?: string | null): OAuthAppConfig | undefined {
  const configured = settings.oauth?.[platform];
  const baseUrl = channelBaseUrl ?? configured?.baseUrl;
  if (configured) return { clientId: configured.clientId, clientSecret: configured.clientSecret, baseUrl };
  if (baseUrl && isLoopback(baseUrl)) return { ...EMULATOR_OAUTH_APP, baseUrl };
  return undefined;
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}
