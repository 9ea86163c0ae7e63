import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSetup, type SetupIo } from '../../src/accounts/setup.js';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { findByEmail, listUsers } from '../../src/accounts/users.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { checkDatabaseChoice, DatabaseChoiceError } from '../../src/ops/database-guard.js';
import { createTestDb } from '../helpers/database.js';

/** `inbox setup` (the first admin) and the guard that keeps CLI commands off an embedded database nobody asked for. */
let db: Db;
let scratch: string;

const ENTITIES = ['alfa', 'bravo'].map((id) => ({ id, name: id.toUpperCase(), complaintThreshold: 0.6, timeZone: 'Europe/Brussels', channels: [] }));

function capture(answers?: string[]): SetupIo & { lines: string[]; errors: string[]; asked: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const asked: string[] = [];
  return {
    lines,
    errors,
    asked,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    ask: answers
      ? async (question) => {
          asked.push(question);
          return answers.shift() ?? '';
        }
      : undefined,
  };
}

beforeAll(async () => {
  db = await createTestDb();
  await syncEntities(db, ENTITIES, undefined);
  scratch = mkdtempSync(path.join(tmpdir(), 'inbox-setup-'));
});

afterAll(async () => {
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('inbox setup', () => {
  test('without a terminal and without INBOX_ADMIN_EMAIL it says what to set and creates nobody', async () => {
    const io = capture();
    expect(await runSetup(db, {}, io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/INBOX_ADMIN_EMAIL/);
    expect(await listUsers(db, 'all')).toEqual([]);
  });

  test('a password that is too short is refused before anything is written', async () => {
    const io = capture();
    expect(await runSetup(db, { INBOX_ADMIN_EMAIL: 'admin@example.org', INBOX_ADMIN_PASSWORD: 'short' }, io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/INBOX_ADMIN_PASSWORD: a password needs at least 12 characters/);
    expect(await listUsers(db, 'all')).toEqual([]);
  });

  test('from the environment: one admin of every entity, the password works; a second run changes nothing', async () => {
    const env = { INBOX_ADMIN_EMAIL: 'Admin@Example.org', INBOX_ADMIN_NAME: 'Eerste Beheerder', INBOX_ADMIN_PASSWORD: 'een lang genoeg wachtwoord' };
    const first = capture();
    expect(await runSetup(db, env, first)).toBe(0);
    expect(first.lines.join('\n')).toMatch(/admin admin@example\.org created \(all entities\)/);
    expect(first.lines.join('\n')).not.toContain(env.INBOX_ADMIN_PASSWORD);
    const admin = await findByEmail(db, 'admin@example.org');
    expect(admin).toMatchObject({ role: 'admin', name: 'Eerste Beheerder', entities: ['alfa', 'bravo'], disabled: false });
    expect(await verifyPassword(admin?.passwordHash, env.INBOX_ADMIN_PASSWORD)).toBe(true);

    const before = await listUsers(db, 'all');
    const second = capture();
    expect(await runSetup(db, { ...env, INBOX_ADMIN_EMAIL: 'someone-else@example.org' }, second)).toBe(0);
    expect(second.lines.join('\n')).toMatch(/an admin exists already \(admin@example\.org\): nothing to do/);
    expect(await listUsers(db, 'all')).toEqual(before);
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from audit_log where action like 'user%'`);
    expect(rows[0]?.n).toBe(1);
  });
});

describe('inbox setup on a terminal', () => {
  let fresh: Db;
  beforeAll(async () => {
    fresh = await createTestDb();
    await syncEntities(fresh, ENTITIES, undefined);
  });
  afterAll(async () => fresh.close());

  test('asks for e-mail, name, entities and the password twice; differing passwords are asked again', async () => {
    const io = capture(['beheer@example.org', '', 'bravo', 'een eerste wachtwoord', 'iets anders helemaal', 'een eerste wachtwoord', 'een eerste wachtwoord']);
    expect(await runSetup(fresh, {}, io)).toBe(0);
    expect(io.asked).toEqual([
      'E-mail of the first admin: ',
      'Name [beheer]: ',
      'Entities (comma-separated; alfa, bravo) [all]: ',
      'Password (empty = generate one): ',
      'Password again: ',
      'Password (empty = generate one): ',
      'Password again: ',
    ]);
    expect(io.errors).toEqual(['the passwords differ']);
    const admin = await findByEmail(fresh, 'beheer@example.org');
    expect(admin).toMatchObject({ role: 'admin', name: 'beheer', entities: ['bravo'] });
    expect(await verifyPassword(admin?.passwordHash, 'een eerste wachtwoord')).toBe(true);
  });
});

describe('the CLI database guard', () => {
  const choice = (dataDir: string, env: Record<string, string> = {}, envFiles: string[] = []) => ({ databaseUrl: null, dataDir, env, envFiles });

  test('a fresh embedded database is refused with a clear message; --embedded proceeds', async () => {
    const dataDir = path.join(scratch, 'fresh', 'pglite');
    expect(() => checkDatabaseChoice(['user', 'list'], choice(dataDir))).toThrow(DatabaseChoiceError);
    expect(() => checkDatabaseChoice(['setup'], choice(dataDir))).toThrow(/DATABASE_URL is not set and there is no embedded database in .*fresh\/pglite yet: this command would create a new, empty one\. .*--embedded/);

    const args = checkDatabaseChoice(['setup', '--embedded'], choice(dataDir));
    expect(args).toEqual(['setup']);
    // the command then opens (and migrates) a new embedded database there, as before the guard;
    // PGlite's first start is slow on a busy machine, so here the folder stands in for it
    mkdirSync(dataDir, { recursive: true });
    // it exists now: the same command needs no flag any more
    expect(checkDatabaseChoice(['user', 'list'], choice(dataDir))).toEqual(['user', 'list']);
  });

  test('a server configured elsewhere (INBOX_SERVER_URL, or a .env of a compose installation) is refused even when an embedded database exists', () => {
    const dataDir = path.join(scratch, 'existing', 'pglite');
    mkdirSync(dataDir, { recursive: true });
    expect(() => checkDatabaseChoice(['user', 'add', '--email', 'a@b.c'], choice(dataDir, { INBOX_SERVER_URL: 'https://inbox.example.org' }))).toThrow(/INBOX_SERVER_URL says this inbox runs at https:\/\/inbox\.example\.org/);
    const envFile = path.join(scratch, '.env');
    writeFileSync(envFile, '# compose\nDOMAIN=\nPOSTGRES_PASSWORD="s3cret"\n');
    expect(() => checkDatabaseChoice(['migrate'], choice(dataDir, {}, [envFile]))).toThrow(/\.env sets POSTGRES_PASSWORD .*docker compose run --rm api migrate/);
    expect(checkDatabaseChoice(['migrate', '--embedded'], choice(dataDir, {}, [envFile]))).toEqual(['migrate']);
  });

  test('DATABASE_URL set, or a command that opens no database: nothing to check', () => {
    const dataDir = path.join(scratch, 'never', 'pglite');
    expect(checkDatabaseChoice(['user', 'list'], { ...choice(dataDir), databaseUrl: 'postgres://db/inbox' })).toEqual(['user', 'list']);
    expect(checkDatabaseChoice(['start'], choice(dataDir))).toEqual(['start']);
    expect(checkDatabaseChoice(['classify', 'de bus was te laat'], choice(dataDir))).toEqual(['classify', 'de bus was te laat']);
    expect(() => checkDatabaseChoice(['classify', 'export-corrections'], choice(dataDir))).toThrow(DatabaseChoiceError);
  });
});
