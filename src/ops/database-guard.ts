import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Commands that open the database from the command line (the servers have their own rules: demo mode). */
const DATABASE_COMMANDS = new Set(['migrate', 'user', 'setup', 'report', 'backfill', 'contact', 'retention', 'signals', 'classify export-corrections']);
/** Flags that say "yes, this embedded database": taken out before the command sees its arguments. */
const ALLOW_FLAGS = new Set(['--embedded', '--create']);
/** Keys of a .env that belong to an installation with a database server (docker compose or a host's). */
const SERVER_KEYS = ['DATABASE_URL', 'POSTGRES_PASSWORD', 'DOMAIN'];

export function opensDatabase(argv: string[]): boolean {
  const [command, sub] = argv;
  return DATABASE_COMMANDS.has(command === 'classify' ? `classify ${sub ?? ''}` : (command ?? ''));
}

/** The command would write to an embedded database the person most likely did not mean. */
export class DatabaseChoiceError extends Error {
  override name = 'DatabaseChoiceError';
}

export interface DatabaseChoice {
  /** settings.database.url (DATABASE_URL) */
  databaseUrl: string | null;
  /** settings.database.dataDir: where the embedded database lives */
  dataDir: string;
  env: Record<string, string | undefined>;
  /** .env files that may describe the installation (the checkout's and the current folder's) */
  envFiles: string[];
}

/**
 * Without DATABASE_URL a command falls back to the embedded database in dataDir. Refused unless
 * --embedded/--create is given, when nothing is there yet (a new empty database would be made) or
 * when the installation is configured to use a server elsewhere. Returns the arguments without the flag.
 */
export function checkDatabaseChoice(argv: string[], choice: DatabaseChoice): string[] {
  if (!opensDatabase(argv)) return argv;
  const args = argv.filter((arg) => !ALLOW_FLAGS.has(arg));
  if (choice.databaseUrl || args.length < argv.length) return args;

  const relative = path.relative(process.cwd(), choice.dataDir) || choice.dataDir;
  const how = `Set DATABASE_URL to the installation's PostgreSQL (docker compose: docker compose run --rm api ${argv.join(' ')}), or add --embedded to use the embedded database in ${relative}.`;
  if (choice.env.INBOX_SERVER_URL) {
    throw new DatabaseChoiceError(`INBOX_SERVER_URL says this inbox runs at ${choice.env.INBOX_SERVER_URL}, but DATABASE_URL is not set: this command would write to a local embedded database instead. ${how}`);
  }
  for (const file of choice.envFiles) {
    const key = serverKeyIn(file);
    if (key) {
      throw new DatabaseChoiceError(`${file} sets ${key} (an installation with a database server), but DATABASE_URL is not set in this shell: this command would write to a local embedded database instead. ${how}`);
    }
  }
  if (!existsSync(choice.dataDir)) {
    throw new DatabaseChoiceError(`DATABASE_URL is not set and there is no embedded database in ${relative} yet: this command would create a new, empty one. ${how}`);
  }
  return args;
}

function serverKeyIn(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const set = new Set(
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((line) => /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*(\S.*)?$/.exec(line))
      .filter((match): match is RegExpExecArray => Boolean(match?.[2]?.replace(/^["']|["']$/g, '')))
      .map((match) => match[1]!),
  );
  return SERVER_KEYS.find((key) => set.has(key));
}
