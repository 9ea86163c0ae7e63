/**
 * `inbox backfill --channel ID --since DATE [--until DATE] [--max-pages N]` and `inbox backfill --channel ID --status`:
 * runs the channel's backfill in this process with a progress bar (one line per batch when the output
 * is not a terminal). Ctrl-C stops after the batch that is committing; the same command again resumes.
 * Exit codes: 0 done, 1 failed or cancelled, 2 usage, 3 paused (resume with the same command).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConnectorRegistry } from '../../connectors/registry.js';
import { SecretBox } from '../channels/secrets.js';
import { loadConfig } from '../config/load.js';
import { openDatabase } from '../db/db.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../log.js';
import { listBackfills, requestBackfill, runBackfill, type BackfillDeps } from './actions.js';
import { parseWindow } from './progress.js';
import { barLine, plainLine, statusLine } from './progress-line.js';

export const BACKFILL_USAGE = `usage: inbox backfill --channel ID --since YYYY-MM-DD [--until YYYY-MM-DD] [--max-pages N]
       inbox backfill --channel ID --status`;

export async function runBackfillCommand(args: string[], rootDir: string): Promise<number> {
  let values: { channel?: string; since?: string; until?: string; status?: boolean; 'max-pages'?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { channel: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, status: { type: 'boolean' }, 'max-pages': { type: 'string' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${BACKFILL_USAGE}`);
    return 2;
  }
  const maxPages = values['max-pages'] === undefined ? undefined : Number(values['max-pages']);
  if (!values.channel || (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1))) {
    console.error(BACKFILL_USAGE);
    return 2;
  }
  const window = values.status ? undefined : parseWindow(values.since, values.until, new Date());
  if (window && !window.ok) {
    console.error(`${window.error}\n${BACKFILL_USAGE}`);
    return 2;
  }

  const config = loadConfig(rootDir);
  const { settings } = config;
  const secretKey = config.secretKey ?? (config.demo ? demoSecretKey(settings.database.dataDir) : undefined);
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  const deps: BackfillDeps = {
    db,
    secrets: secretKey ? new SecretBox(secretKey) : undefined,
    connectors: createConnectorRegistry(),
    logger: createLogger('backfill', process.env.LOG_LEVEL ?? 'error'),
    now: () => new Date(),
  };
  try {
    await migrate(db);
    if (!window) {
      const list = await listBackfills(deps, values.channel);
      if (list.length === 0) console.log(`no backfills of channel ${values.channel}`);
      for (const b of list) console.log(statusLine(b));
      return 0;
    }
    return await runInTerminal(deps, values.channel, { since: window.since, until: window.until }, maxPages);
  } finally {
    await db.close();
  }
}

async function runInTerminal(deps: BackfillDeps, channelId: string, window: { since: Date; until: Date }, maxPages: number | undefined): Promise<number> {
  const asked = await requestBackfill(deps, channelId, window, `cli:${process.env.USER ?? 'unknown'}`);
  if (asked.kind === 'unknown_channel') {
    console.error(`no channel "${channelId}"`);
    return 2;
  }
  if (asked.kind === 'no_history') {
    console.error(`channel ${channelId}: its platform gives no history back (it only pushes new messages), nothing to backfill`);
    return 1;
  }
  if (asked.kind === 'conflict') {
    console.error(`channel ${channelId} has an unfinished backfill of another window:\n  ${statusLine(asked.backfill)}\ncancel it in the app, or run it again with that window`);
    return 2;
  }
  const tty = Boolean(process.stdout.isTTY);
  const out = (line: string) => (tty ? process.stdout.write(`\r\x1b[2K${line}`) : process.stdout.write(`${line}\n`));
  console.log(`${asked.kind === 'started' ? 'started' : 'resuming'} backfill ${asked.backfill.id} of channel ${channelId}`);
  out(tty ? barLine(asked.backfill) : plainLine(asked.backfill));

  let stopAsked = false;
  const onSigint = () => {
    if (stopAsked) process.exit(130);
    stopAsked = true;
    process.stderr.write(`${tty ? '\n' : ''}stopping after the current batch (Ctrl-C again to quit at once)\n`);
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await runBackfill(deps, asked.backfill.id, {
      shouldStop: () => stopAsked,
      onStop: 'pause',
      waitInProcess: true,
      ...(maxPages !== undefined ? { maxPages } : {}),
      onProgress: (b) => out(tty ? barLine(b) : plainLine(b)),
      onWait: (until, reason) => process.stderr.write(`${tty ? '\n' : ''}waiting until ${until.toISOString()}: ${reason}\n`),
    });
    if (tty) process.stdout.write('\n');
    switch (outcome.status) {
      case 'done':
        console.log(`done: ${plainLine(outcome.backfill)}`);
        return 0;
      case 'paused':
      case 'stopped':
        console.log(`paused: ${plainLine(outcome.backfill)}${outcome.backfill.error ? ` (${outcome.backfill.error})` : ''}\nrun the same command again to resume`);
        return 3;
      case 'waiting':
        console.log(`waiting until ${outcome.until.toISOString()}; run the same command again to resume`);
        return 3;
      case 'busy':
        console.error(`channel ${channelId}: another process is running its backfill now`);
        return 1;
      case 'unknown':
        console.error('the backfill is gone');
        return 1;
      default:
        console.error(`${outcome.status}: ${plainLine(outcome.backfill)}${outcome.backfill.error ? ` (${outcome.backfill.error})` : ''}`);
        return 1;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The demo's key, as `inbox start` made it next to the data directory; not made here. */
function demoSecretKey(dataDir: string): string | undefined {
  const file = path.join(path.dirname(dataDir), 'secret.key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
