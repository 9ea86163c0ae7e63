import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { loadConfig } from '../config/load.js';
import { syncEntities } from '../channels/channels.js';
import { SecretBox } from '../channels/secrets.js';
import { openDatabase, type Db } from '../db/db.js';
import { migrate } from '../db/migrate.js';
import { allEntityIds } from '../entities/entities.js';
import { generatePassword, hashPassword, passwordProblem } from './passwords.js';
import { auditUserCreated, createUser, findByEmail, listUsers } from './users.js';

export interface SetupIo {
  /** Asks one question on the terminal; undefined = no terminal (non-interactive). */
  ask: ((question: string, options?: { hidden?: boolean }) => Promise<string>) | undefined;
  out: (line: string) => void;
  err: (line: string) => void;
}

type Env = Record<string, string | undefined>;

/**
 * `inbox setup`: the first admin of an installation. Asks on a terminal for what the environment
 * does not give (INBOX_ADMIN_EMAIL, INBOX_ADMIN_NAME, INBOX_ADMIN_PASSWORD, INBOX_ADMIN_ENTITIES);
 * without a terminal it takes the environment alone, and a missing password is generated and
 * printed once. Does nothing when an active admin exists. Returns the exit code.
 */
export async function runSetup(db: Db, env: Env, io: SetupIo): Promise<number> {
  const admins = (await listUsers(db, 'all')).filter((user) => user.role === 'admin' && !user.disabled);
  if (admins.length > 0) {
    io.out(`an admin exists already (${admins.map((admin) => admin.email).join(', ')}): nothing to do. Add people in the app (Beheer → Gebruikers) or with \`inbox user add\`.`);
    return 0;
  }
  const known = await allEntityIds(db);
  if (known.length === 0) {
    io.err('no entities in the database: put them in config/entities.yaml (see config/entities.example.yaml) and run setup again');
    return 1;
  }

  const ask = io.ask;
  const email = env.INBOX_ADMIN_EMAIL?.trim() || (ask ? (await ask('E-mail of the first admin: ')).trim() : '');
  const parsedEmail = z.email().safeParse(email);
  if (!parsedEmail.success) {
    io.err(email ? `not an e-mail address: ${email}` : 'set INBOX_ADMIN_EMAIL (and INBOX_ADMIN_PASSWORD) or run inbox setup on a terminal');
    return 2;
  }
  if (await findByEmail(db, parsedEmail.data)) {
    io.err(`a user with e-mail ${parsedEmail.data} exists already (not an active admin): change them in the app or with \`inbox user\``);
    return 1;
  }
  const fallbackName = parsedEmail.data.split('@')[0]!;
  const name = env.INBOX_ADMIN_NAME?.trim() || (ask ? (await ask(`Name [${fallbackName}]: `)).trim() : '') || fallbackName;

  const entities = await chooseEntities(env.INBOX_ADMIN_ENTITIES || (ask ? await ask(`Entities (comma-separated; ${known.join(', ')}) [all]: `) : ''), known);
  if (typeof entities === 'string') {
    io.err(entities);
    return 2;
  }

  const password = await choosePassword(env.INBOX_ADMIN_PASSWORD, ask, io);
  if (!password) return 2;

  const user = await createUser(db, {
    email: parsedEmail.data,
    name,
    role: 'admin',
    entities,
    language: env.INBOX_ADMIN_LANGUAGE === 'en' ? 'en' : 'nl',
    passwordHash: await hashPassword(password.value),
  });
  await auditUserCreated(db, 'cli', user);
  io.out(`admin ${user.email} created (${user.entities.length === known.length ? 'all entities' : user.entities.join(', ')}); log in at the inbox's address`);
  if (password.generated) io.out(`password (shown once): ${password.value}`);
  return 0;
}

async function chooseEntities(answer: string, known: string[]): Promise<string[] | string> {
  const wanted = answer.split(',').map((entity) => entity.trim()).filter(Boolean);
  if (wanted.length === 0 || (wanted.length === 1 && wanted[0] === 'all')) return known;
  const unknown = wanted.filter((entity) => !known.includes(entity));
  return unknown.length ? `unknown entity: ${unknown.join(', ')} (known: ${known.join(', ')})` : wanted;
}

async function choosePassword(fromEnv: string | undefined, ask: SetupIo['ask'], io: SetupIo): Promise<{ value: string; generated: boolean } | undefined> {
  if (fromEnv) {
    const problem = passwordProblem(fromEnv);
    if (problem) io.err(`INBOX_ADMIN_PASSWORD: ${problem}`);
    return problem ? undefined : { value: fromEnv, generated: false };
  }
  if (!ask) return { value: generatePassword(), generated: true };
  for (let attempt = 0; attempt < 3; attempt++) {
    const value = await ask('Password (empty = generate one): ', { hidden: true });
    if (!value) return { value: generatePassword(), generated: true };
    const problem = passwordProblem(value);
    if (problem) {
      io.err(problem);
      continue;
    }
    if ((await ask('Password again: ', { hidden: true })) !== value) {
      io.err('the passwords differ');
      continue;
    }
    return { value, generated: false };
  }
  io.err('no password set');
  return undefined;
}

/** The command: opens the installation's database, brings it up to date, and runs setup. */
export async function runSetupCommand(args: string[], rootDir: string): Promise<number> {
  if (args.length > 0) {
    console.error('usage: inbox setup    (reads INBOX_ADMIN_EMAIL, INBOX_ADMIN_NAME, INBOX_ADMIN_PASSWORD, INBOX_ADMIN_ENTITIES, INBOX_ADMIN_LANGUAGE; asks on a terminal for the rest)');
    return 2;
  }
  const config = loadConfig(rootDir);
  const { settings } = config;
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  const terminal = process.stdin.isTTY ? terminalQuestions() : undefined;
  try {
    await migrate(db);
    // Setup before the first start: the entities come from the same file the API reads at start.
    if (!config.demo && (await allEntityIds(db)).length === 0) {
      await syncEntities(db, config.entities, config.secretKey ? new SecretBox(config.secretKey) : undefined);
    }
    return await runSetup(db, process.env, {
      ask: terminal?.ask,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  } finally {
    terminal?.close();
    await db.close();
  }
}

/** Questions on the terminal; a hidden answer is not echoed. */
function terminalQuestions(): { ask: NonNullable<SetupIo['ask']>; close(): void } {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const lines = createInterface({ input: process.stdin, output, terminal: true });
  return {
    async ask(question, options) {
      // The question is written when asked; only what is typed after it is kept from the screen.
      const answer = lines.question(question);
      muted = options?.hidden ?? false;
      try {
        return await answer;
      } finally {
        if (muted) process.stdout.write('\n');
        muted = false;
      }
    },
    close: () => lines.close(),
  };
}
