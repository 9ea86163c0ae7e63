import type { PlatformDescriptor } from './descriptor.js';
import { createEmailConnector } from './email/connector.js';
import { createFacebookConnector, createMessengerConnector } from './facebook/connector.js';
import { createGoogleConnector } from './google/connector.js';
import { createInstagramConnector } from './instagram/connector.js';
import { createLinkedInConnector } from './linkedin/connector.js';
import { DESCRIPTORS } from './platforms.js';
import type { Connector, Platform } from './types.js';
import { createWhatsAppConnector } from './whatsapp/connector.js';
import { createXConnector } from './x/connector.js';
import { createYouTubeConnector } from './youtube/connector.js';

export { DESCRIPTORS, descriptorOf } from './platforms.js';

/** Each platform's connector, keyed by its descriptor's id: a descriptor without a connector does not compile. */
const CONNECTORS: { [P in Platform]: () => Connector } = {
  x: createXConnector,
  facebook: createFacebookConnector,
  messenger: createMessengerConnector,
  instagram: createInstagramConnector,
  whatsapp: createWhatsAppConnector,
  linkedin: createLinkedInConnector,
  google: createGoogleConnector,
  youtube: createYouTubeConnector,
  email: createEmailConnector,
};

export type ConnectorRegistry = Map<Platform, Connector>;

/** The platforms, in the descriptors' order: descriptor and connector each. */
export function platformRegistry(): Array<{ descriptor: PlatformDescriptor<Platform>; create: () => Connector }> {
  return DESCRIPTORS.map((descriptor) => ({ descriptor, create: CONNECTORS[descriptor.id] }));
}

/** platform → connector. Each platform's code lives in its own folder. */
export function createConnectorRegistry(): ConnectorRegistry {
  return new Map<Platform, Connector>(platformRegistry().map(({ descriptor, create }) => [descriptor.id, create()]));
}

export function connectorFor(registry: ConnectorRegistry, platform: Platform): Connector {
  const connector = registry.get(platform);
  if (!connector) throw new Error(`no connector for platform "${platform}" yet`);
  return connector;
}

