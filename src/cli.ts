#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadSettings } from './config/load.js';
import { openDatabase } from './db/db.js';
import { migrate } from './db/migrate.js';

// The installation's folder (config/entities.yaml, data/): the checkout, or the folder holding dist/ when compiled.
const codeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = path.basename(codeDir) === 'dist' ? path.dirname(codeDir) : codeDir;

const USAGE = `inbox <command>

  start              API and workers (demo mode when no config/entities.yaml exists)
  start --government demo mode with the whole Flemish government: 63 entities, 153 channels
  api                API only
  worker             workers only (run more of these to scale out)
  migrate            apply database migrations
  classify "text"    classify one message and explain the verdict
  classify --jsonl   classify JSON lines {"id","text","lang"?,"platform"?} from stdin
  classify export-corrections [--since YYYY-MM-DD]
                     agents' re-tags as corpus lines (JSONL on stdout), for npm run train:classifier
  user add --email E --name N --role agent|coordinator|admin --entity a,b [--password-stdin]
  user list | user password --email E | user disable --email E
                     accounts for the inbox (the first admin too)
  setup              the first admin: asks for e-mail, name, password and entities, or reads
                     INBOX_ADMIN_EMAIL, INBOX_ADMIN_NAME, INBOX_ADMIN_PASSWORD, INBOX_ADMIN_ENTITIES;
                     does nothing when an admin exists
  health worker      exit 0 when a worker on this host completed a sweep recently (healthcheck)
  Commands that open the database refuse to create or use an embedded one (no DATABASE_URL)
  when none exists yet or a server is configured (.env), unless given --embedded.
  report complaints --year YYYY [--entity ID] [--format csv|xlsx|pdf|json] [--out FILE]
                     the annual complaints report for the Vlaamse Ombudsdienst (stdout unless --out)
  backfill --channel ID --since YYYY-MM-DD [--until YYYY-MM-DD] [--max-pages N]
                     fetch a channel's history in that window, with progress; Ctrl-C pauses,
                     the same command again resumes (exit 0 done, 1 failed, 2 usage, 3 paused)
  backfill --channel ID --status
                     the channel's backfills and how far each got
  signals detect [--entity ID]
                     look for topic spikes now (the workers do it every 5 minutes)
  signals list [--entity ID] [--days N]
                     the signals: topic, counts against the baseline, tickets
  contact export --channel ID --user PLATFORM_USER_ID [--out FILE]
                     everything stored about a citizen in the channel's entity, as JSON
  contact erase --channel ID --user PLATFORM_USER_ID [--yes]
                     erase it (a tombstone keeps the counts); without --yes shows what would go
  retention run [--entity ID]
                     apply the entities' retention settings now (the worker does it hourly)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
    case 'api':
    case 'worker':
      // --government: demo mode with every Flemish government entity and channel (config/government.example.yaml) on the emulators.
      if (rest.includes('--government')) process.env.INBOX_DEMO = 'government';
      return run({ api: command !== 'worker', workers: command !== 'api' });
    case 'migrate':
      return runMigrate();
    case 'classify': {
      if (rest[0] === 'export-corrections') return exportCorrections(rest.slice(1));
      const { runClassify } = await import('./classify/cli.js');
      return runClassify(rest);
    }
    case 'report':
      return report(rest);
    case 'user':
      return user(rest);
    case 'setup': {
      const { runSetupCommand } = await import('./accounts/setup.js');
      return runSetupCommand(rest, rootDir);
    }
    case 'health': {
      const { runHealthCommand } = await import('./ops/health-cli.js');
      return runHealthCommand(rest, loadSettings(rootDir));
    }
    case 'backfill': {
      const { runBackfillCommand } = await import('./backfill/cli.js');
      return runBackfillCommand(rest, rootDir);
    }
    case 'signals': {
      const { runSignalsCommand } = await import('./signals/cli.js');
      return runSignalsCommand(rest, rootDir);
    }
    case 'contact': {
      const { runContactCommand } = await import('./personal-data/cli.js');
      return runContactCommand(rest, rootDir);
    }
    case 'retention': {
      const { runRetentionCommand } = await import('./personal-data/cli.js');
      return runRetentionCommand(rest, rootDir);
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

async function run(parts: { api: boolean; workers: boolean }): Promise<number> {
  // A lost connection surfaces through the work that failed, which is retried; a promise nobody
  // awaited must not end a process that serves every entity.
  process.on('unhandledRejection', (reason) => {
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled rejection (process goes on)', error: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason) }));
  });
  const { boot } = await import('./boot.js');
  const running = await boot({ rootDir, ...parts });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.error(`${signal}: finishing running jobs, then stopping`);
      void running.stop().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

/** Refuses to write to an embedded database nobody asked for (see src/ops/database-guard.ts). */
async function guardDatabase(argv: string[]): Promise<string[]> {
  const { checkDatabaseChoice, opensDatabase } = await import('./ops/database-guard.js');
  if (!opensDatabase(argv)) return argv;
  // A configuration error is the first thing to fix: it is reported before the database is looked at.
  const { database } = loadConfig(rootDir).settings;
  return checkDatabaseChoice(argv, { databaseUrl: database.url, dataDir: database.dataDir, env: process.env, envFiles: [...new Set([path.join(rootDir, '.env'), path.resolve('.env')])] });
}

async function runMigrate(): Promise<number> {
  const { settings } = loadConfig(rootDir);
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  try {
    const applied = await migrate(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  } finally {
    await db.close();
  }
}

async function user(args: string[]): Promise<number> {
  const { settings } = loadConfig(rootDir);
  const { runUserCommand } = await import('./accounts/cli-user.js');
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  try {
    await migrate(db);
    return await runUserCommand(args, db);
  } finally {
    await db.close();
  }
}

async function report(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { year: { type: 'string' }, entity: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' } },
  });
  const year = Number(values.year);
  if (positionals[0] !== 'complaints' || !Number.isInteger(year) || !['csv', 'xlsx', 'pdf', 'json'].includes(values.format ?? '')) {
    console.error('usage: inbox report complaints --year 2026 [--entity ID] [--format csv|xlsx|pdf|json] [--out FILE]');
    return 2;
  }
  if ((values.format === 'xlsx' || values.format === 'pdf') && !values.out) {
    console.error(`--format ${values.format} needs --out FILE`);
    return 2;
  }
  const { settings } = loadConfig(rootDir);
  const [{ loadReportCases }, { buildAnnualReport }, writers, { toPdf }] = await Promise.all([
    import('./reports/sql.js'),
    import('./reports/annual-report.js'),
    import('./reports/report-writers.js'),
    import('./reports/report-pdf.js'),
  ]);
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  try {
    await migrate(db);
    const built = buildAnnualReport(await loadReportCases(db, year, values.entity), { year, generatedAt: new Date(), ...(values.entity ? { entity: values.entity } : {}) });
    const output =
      values.format === 'xlsx'
        ? await writers.toXlsx(built)
        : values.format === 'pdf'
          ? await toPdf(built)
          : values.format === 'json'
            ? writers.toJson(built)
            : writers.toCsv(built);
    if (values.out) {
      writeFileSync(values.out, output);
      console.error(`written: ${values.out}`);
    } else {
      process.stdout.write(output);
    }
    return 0;
  } finally {
    await db.close();
  }
}

async function exportCorrections(args: string[]): Promise<number> {
  const sinceIndex = args.indexOf('--since');
  const since = sinceIndex >= 0 ? new Date(args[sinceIndex + 1] ?? '') : undefined;
  if (since && Number.isNaN(since.getTime())) {
    console.error('--since takes a date, e.g. --since 2026-01-01');
    return 2;
  }
  const { settings } = loadConfig(rootDir);
  const { correctionsForCorpus } = await import('./tickets/corrections.js');
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  try {
    await migrate(db);
    let count = 0;
    for await (const record of correctionsForCorpus(db, since)) {
      process.stdout.write(JSON.stringify(record) + '\n');
      count++;
    }
    console.error(`${count} corrections exported; save them as test/fixtures/classify/corrections/<date>.jsonl and run npm run train:classifier`);
    return 0;
  } finally {
    await db.close();
  }
}

void (async () => {
  try {
    process.exitCode = await main(await guardDatabase(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof Error && error.name === 'DatabaseChoiceError') {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(error instanceof Error ? `error: ${error.message}` : error);
    process.exitCode = 1;
  }
})();
