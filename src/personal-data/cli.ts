import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { openDatabase } from '../db/db.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../log.js';
import { eraseContact, erasurePreview, exportContact, auditExport, resolveContact, runRetention, type PersonalDataDeps } from './actions.js';

export const CONTACT_USAGE = `usage: inbox contact export --channel ID --user PLATFORM_USER_ID [--out FILE]
       inbox contact erase --channel ID --user PLATFORM_USER_ID [--yes]
  The contact is the platform account PLATFORM_USER_ID on the channel's platform; export and erasure
  cover their data in the channel's entity. erase without --yes only shows what it would erase.`;

export const RETENTION_USAGE = 'usage: inbox retention run [--entity ID]';

/** `inbox contact export|erase`: exit 0 done, 1 not found, 2 usage, 3 erase not confirmed (nothing erased). */
export async function runContactCommand(args: string[], rootDir: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { channel: { type: 'string' }, user: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean', default: false } },
  });
  const action = positionals[0];
  if ((action !== 'export' && action !== 'erase') || !values.channel || !values.user) {
    console.error(CONTACT_USAGE);
    return 2;
  }
  return withDeps(rootDir, async (deps) => {
    const found = await resolveContact(deps.db, { channelId: values.channel!, platformUserId: values.user! });
    if (!found) {
      console.error(`no contact ${values.user} with tickets in the entity of channel ${values.channel}`);
      return 1;
    }
    if (action === 'export') {
      const document = JSON.stringify(await exportContact(deps.db, found, deps.now()), null, 2);
      await auditExport(deps.db, found, 'cli');
      if (values.out) {
        writeFileSync(values.out, document);
        console.error(`written: ${values.out}`);
      } else {
        process.stdout.write(`${document}\n`);
      }
      return 0;
    }
    if (!values.yes) {
      console.log(JSON.stringify({ wouldErase: await erasurePreview(deps, found) }, null, 2));
      console.error('nothing erased: run again with --yes to erase this');
      return 3;
    }
    console.log(JSON.stringify({ erased: await eraseContact(deps, found, 'cli') }, null, 2));
    return 0;
  });
}

/** `inbox retention run`: applies every entity's retention settings now (the worker does it hourly). */
export async function runRetentionCommand(args: string[], rootDir: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { entity: { type: 'string' } } });
  if (positionals[0] !== 'run') {
    console.error(RETENTION_USAGE);
    return 2;
  }
  return withDeps(rootDir, async (deps) => {
    const outcomes = await runRetention(deps, { actor: 'cli', ...(values.entity ? { entityId: values.entity } : {}) });
    for (const outcome of outcomes) console.log(JSON.stringify(outcome));
    return 0;
  });
}

async function withDeps(rootDir: string, work: (deps: PersonalDataDeps) => Promise<number>): Promise<number> {
  const { settings } = loadConfig(rootDir);
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  try {
    await migrate(db);
    return await work({ db, settings, logger: createLogger('personal-data', process.env.LOG_LEVEL ?? 'error'), now: () => new Date() });
  } finally {
    await db.close();
  }
}
