import type { Connector, Platform } from './types.js';
import { createXConnector } from './x/connector.js';

export type ConnectorRegistry = Map<Platform, Connector>;

/** platform → connector. Each platform's code lives in its own folder. */
export function createConnectorRegistry(): ConnectorRegistry {
  return new Map<Platform, Connector>([['x', createXConnector()]]);
}

export function connectorFor(registry: ConnectorRegistry, platform: Platform): Connector {
  const connector = registry.get(platform);
  if (!connector) throw new Error(`no connector for platform "${platform}" yet`);
  return connector;
}
