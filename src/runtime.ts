import { createConnectorRegistry, type ConnectorRegistry } from '../connectors/registry.js';
import type { Settings } from './config/schema.js';
import type { Logger } from './log.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { createQueues, type Queues } from './queue/queues.js';
import type { Db } from './db/db.js';
import type { SecretBox } from './channels/secrets.js';

/** Everything a worker or the API needs, built once per process. */
export interface Runtime {
  settings: Settings;
  db: Db;
  queues: Queues;
  connectors: ConnectorRegistry;
  mailer: Mailer;
  secrets: SecretBox | undefined;
  logger: Logger;
  now: () => Date;
}

export function createRuntime(parts: {
  settings: Settings;
  db: Db;
  logger: Logger;
  secrets: SecretBox | undefined;
  connectors?: ConnectorRegistry;
  now?: () => Date;
}): Runtime {
  const { settings } = parts;
  return {
    ...parts,
    queues: createQueues(settings.redis.url, settings.queue.prefix),
    connectors: parts.connectors ?? createConnectorRegistry(),
    mailer: createMailer(settings.mail),
    now: parts.now ?? (() => new Date()),
  };
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await runtime.queues.close();
  runtime.mailer.close();
  await runtime.db.close();
}
