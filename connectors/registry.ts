import type { Connector, Platform } from './types.js';
import { createEmailConnector } from './email/connector.js';
import { createFacebookConnector, createMessengerConnector } from './facebook/connector.js';
import { createGoogleConnector } from './google/connector.js';
import { createInstagramConnector } from './instagram/connector.js';
import { createLinkedInConnector } from './linkedin/connector.js';
import { createWhatsAppConnector } from './whatsapp/connector.js';
import { createXConnector } from './x/connector.js';
import { createYouTubeConnector } from './youtube/connector.js';

export type ConnectorRegistry = Map<Platform, Connector>;

/** platform → connector. Each platform's code lives in its own folder. */
export function createConnectorRegistry(): ConnectorRegistry {
  return new Map<Platform, Connector>([
    ['x', createXConnector()],
    ['facebook', createFacebookConnector()],
    ['messenger', createMessengerConnector()],
    ['instagram', createInstagramConnector()],
    ['whatsapp', createWhatsAppConnector()],
    ['linkedin', createLinkedInConnector()],
    ['google', createGoogleConnector()],
    ['youtube', createYouTubeConnector()],
    ['email', createEmailConnector()],
  ]);
}

export function connectorFor(registry: ConnectorRegistry, platform: Platform): Connector {
  const connector = registry.get(platform);
  if (!connector) throw new Error(`no connector for platform "${platform}" yet`);
  return connector;
}
