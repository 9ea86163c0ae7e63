/**
 * `inbox signals detect [--entity ID]`: looks for topic spikes now, as the workers do every few
 * minutes, and prints what it raised and ended. The mails wait in the outbox for the workers.
 * `inbox signals list [--entity ID] [--days N]`: the signals with their explanation (no message texts).
 * Exit codes: 0 done, 2 usage.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { openDatabase } from '../db/db.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../log.js';
import { findSpikes, listSignals } from './actions.js';
import { roundedCount } from './signal-mail.js';

export const SIGNALS_USAGE = `usage: inbox signals detect [--entity ID]
       inbox signals list [--entity ID] [--days N]`;

export async function runSignalsCommand(args: string[], rootDir: string): Promise<number> {
  const [action, ...rest] = args;
  let values: { entity?: string; days?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { entity: { type: 'string' }, days: { type: 'string' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${SIGNALS_USAGE}`);
    return 2;
  }
  const days = values.days === undefined ? 7 : Number(values.days);
  if ((action !== 'detect' && action !== 'list') || !Number.isInteger(days) || days < 1) {
    console.error(SIGNALS_USAGE);
    return 2;
  }
  const { settings } = loadConfig(rootDir);
  const db = await openDatabase({ ...(settings.database.url ? { url: settings.database.url } : {}), dataDir: settings.database.dataDir });
  const deps = { db, logger: createLogger('signals', process.env.LOG_LEVEL ?? 'error'), now: () => new Date() };
  try {
    await migrate(db);
    if (action === 'detect') {
      let found = await findSpikes(deps, values.entity ? { entityId: values.entity } : {});
      while (!found.caughtUp) found = await findSpikes(deps, values.entity ? { entityId: values.entity } : {});
      console.log(`raised: ${found.raised.length ? found.raised.join(', ') : 'none'}; ended: ${found.ended.length ? found.ended.join(', ') : 'none'}`);
      return 0;
    }
    const rows = await listSignals(deps, values.entity ? [values.entity] : undefined, { days, active: false });
    if (rows.length === 0) console.log('no signals');
    for (const s of rows) {
      const state = s.endedAt ? `${s.status}, ended` : s.status;
      console.log(
        `#${s.id} ${s.entityId} "${s.phrase}" (${state}): ${s.messageCount} messages ${s.windowStart.toISOString()}–${s.windowEnd.toISOString()}; ` +
          `baseline ${s.baselineCount} in ${s.baselineDays} days, expected ${roundedCount(s.expected)}; tickets ${s.tickets.map((t) => `#${t.number}`).join(' ')}`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}
