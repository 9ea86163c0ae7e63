import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { PLATFORMS } from '../../connectors/platforms.js';
import { entitiesFileSchema, settingsSchema, type EntityConfig, type Settings } from './schema.js';

/** A configuration problem a person must fix: printed as one line, exit code 2, never a stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${file}${where ? `: ${where}` : ''}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

export interface LoadedConfig {
  settings: Settings;
  entities: EntityConfig[];
  /** True when no entities file exists: demo entities on the local emulators. */
  demo: boolean;
  entitiesFile: string;
  apiToken: string | undefined;
  secretKey: string | undefined;
}

/** The defaults ship with the code: config/default.yaml in a checkout, dist/config/default.yaml in a build. */
const DEFAULTS_FILE = fileURLToPath(new URL('../../config/default.yaml', import.meta.url));

/** Settings of the installation in rootDir (its data and mail folders resolve against it). */
export function loadSettings(rootDir: string, env: Env = process.env): Settings {
  const file = DEFAULTS_FILE;
  const settings = parseFile(file, settingsSchema, env);
  if (env.DATABASE_URL) settings.database.url = env.DATABASE_URL;
  if (env.REDIS_URL) settings.redis.url = env.REDIS_URL;
  if (env.SMTP_URL) settings.mail.smtpUrl = env.SMTP_URL;
  if (env.INBOX_QUEUE_PREFIX) settings.queue.prefix = env.INBOX_QUEUE_PREFIX;
  if (env.INBOX_MAIL_DIR) settings.mail.dir = env.INBOX_MAIL_DIR;
  if (env.INBOX_PUBLIC_URL) settings.publicUrl = env.INBOX_PUBLIC_URL;
  if (env.PORT) {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError('PORT', '', `not a port number: "${env.PORT}"`);
    settings.api.port = port;
  }
  for (const platform of PLATFORMS) {
    const clientId = env[`OAUTH_${platform.toUpperCase()}_CLIENT_ID`];
    if (!clientId) continue;
    const secret = env[`OAUTH_${platform.toUpperCase()}_CLIENT_SECRET`];
    settings.oauth = { ...settings.oauth, [platform]: { ...settings.oauth?.[platform], clientId, ...(secret ? { clientSecret: secret } : {}) } };
  }
  settings.database.dataDir = path.resolve(rootDir, settings.database.dataDir);
  settings.mail.dir = path.resolve(rootDir, settings.mail.dir);
  return settings;
}

export function loadEntities(file: string, env: Env = process.env): EntityConfig[] {
  return parseFile(file, entitiesFileSchema, env).entities;
}

export function loadConfig(rootDir: string, env: Env = process.env): LoadedConfig {
  const settings = loadSettings(rootDir, env);
  const entitiesFile = path.resolve(rootDir, env.INBOX_CONFIG ?? 'config/entities.yaml');
  const demo = env.INBOX_DEMO === '1' || env.INBOX_DEMO === 'government' || (!env.INBOX_CONFIG && !existsSync(entitiesFile));
  if (!demo && !existsSync(entitiesFile)) throw new ConfigError(entitiesFile, '', 'file not found (INBOX_CONFIG)');
  const entities = demo ? [] : loadEntities(entitiesFile, env);
  return { settings, entities, demo, entitiesFile, apiToken: env.INBOX_API_TOKEN, secretKey: env.INBOX_SECRET_KEY };
}

function parseFile<S extends z.ZodType>(file: string, schema: S, env: Env): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(file, '', 'cannot be read');
  }
  // ${NAME} is not valid YAML inside a flow map ({ token: ${X} }): hide references behind placeholders first.
  const references: string[] = [];
  const masked = text.replace(ENV_REFERENCE, (reference) => `${PLACEHOLDER}${references.push(reference) - 1}__`);
  let document: unknown;
  try {
    document = parseYaml(masked);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw new ConfigError(file, at ? `line ${at.line}, column ${at.col}` : '', error.message.split('\n')[0] ?? 'invalid YAML');
    }
    throw error;
  }
  const expanded = expandEnv(document, [], file, env, references);
  const result = schema.safeParse(expanded);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(file, formatPath(issue.path), issue.message);
  }
  return result.data;
}

const ENV_REFERENCE = /\$\{([A-Z0-9_]+)(:-([^}]*))?\}/g;
const PLACEHOLDER = '__inbox_env_';
const PLACEHOLDER_PATTERN = /__inbox_env_(\d+)__/g;

/** Replaces ${NAME} (required) and ${NAME:-fallback} in every string value. */
function expandEnv(value: unknown, at: PropertyKey[], file: string, env: Env, references: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER_PATTERN, (_match, index: string) => {
      const [, name, hasFallback, fallback] = new RegExp(ENV_REFERENCE.source).exec(references[Number(index)]!)!;
      const found = env[name!];
      if (found !== undefined && found !== '') return found;
      if (hasFallback !== undefined) return fallback ?? '';
      throw new ConfigError(file, formatPath(at), `environment variable ${name} is not set`);
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => expandEnv(item, [...at, index], file, env, references));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandEnv(item, [...at, key], file, env, references)]));
  }
  return value;
}

function formatPath(at: readonly PropertyKey[]): string {
  return at.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}
