/**
 * Backfill on demand, per polled platform: the emulator holds citizens' messages before, inside and
 * after a window over several pages; a backfill stores exactly those inside, a stop midway resumes
 * where it was, nothing is stored twice, and the channel's own poll cursor is not moved.
 * Real PostgreSQL, the emulators over real HTTP, the connectors as they poll.
 */
import type { ChannelConfig, EntityConfig } from '../../src/config/schema.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { requestBackfill, runBackfill, type BackfillDeps } from '../../src/backfill/actions.js';
import { createConnectorRegistry } from '../../connectors/registry.js';
import { createLogger } from '../../src/log.js';
import { createTestDb } from '../helpers/database.js';
import { TEST_SECRET } from '../helpers/runtime.js';
import { backfillCases, type BackfillCase, type SeededPlatform } from '../helpers/backfill-platforms.js';

const SINCE = new Date('2026-03-01T00:00:00Z');
const UNTIL = new Date('2026-03-10T00:00:00Z');
/** Inside the window: enough for several pages at the emulators' small page size. */
const INSIDE = 11;

let db: Db;
let deps: BackfillDeps;

beforeAll(async () => {
  db = await createTestDb();
  deps = { db, secrets: new SecretBox(TEST_SECRET), connectors: createConnectorRegistry(), logger: createLogger('test', 'silent'), now: () => new Date() };
});

afterAll(async () => {
  await db.close();
});

/** Messages at times before, inside and after the window, oldest first. */
function moments(): Array<{ at: Date; inside: boolean }> {
  const out: Array<{ at: Date; inside: boolean }> = [];
  for (let i = 0; i < 3; i++) out.push({ at: new Date(SINCE.getTime() - (3 - i) * 3600_000), inside: false });
  for (let i = 0; i < INSIDE; i++) out.push({ at: new Date(SINCE.getTime() + 3600_000 + i * 17 * 3600_000), inside: true });
  for (let i = 0; i < 3; i++) out.push({ at: new Date(UNTIL.getTime() + (i + 1) * 3600_000), inside: false });
  return out;
}

async function stored(channelId: string): Promise<Array<{ external_id: string; sent_at: Date }>> {
  const { rows } = await db.query<{ external_id: string; sent_at: Date }>(
    `select external_id, sent_at from messages where channel_id = $1 and direction = 'inbound' order by sent_at`,
    [channelId],
  );
  return rows;
}

describe.each(backfillCases.map((c) => [c.platform, c] as const))('backfill on %s', (_name, platformCase: BackfillCase) => {
  let seeded: SeededPlatform;
  let channel: ChannelConfig;

  beforeAll(async () => {
    seeded = await platformCase.start();
    channel = seeded.channel;
    if (seeded.connector) deps.connectors.set(channel.platform, seeded.connector);
    const entity: EntityConfig = { id: `ent-${channel.id}`, name: channel.id, complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [channel] };
    await syncEntities(db, [entity], new SecretBox(TEST_SECRET));
    const all = moments();
    for (let i = 0; i < all.length; i++) await seeded.add(all[i]!.at, i);
  });

  afterAll(async () => {
    await seeded.stop();
  });

  test('stores exactly the window, resumes after a stop, stores nothing twice', async () => {
    const window = { since: SINCE, until: UNTIL };
    const asked = await requestBackfill(deps, channel.id, window, 'test');
    expect(asked.kind).toBe('started');
    const id = (asked as { backfill: { id: number } }).backfill.id;

    const first = await runBackfill(deps, id, { maxPages: 2 });
    expect(first.status).toBe('paused');
    const afterStop = await stored(channel.id);
    expect(afterStop.length).toBeLessThan(INSIDE);

    // The same window again resumes the paused backfill instead of starting over.
    const again = await requestBackfill(deps, channel.id, window, 'test');
    expect(again).toMatchObject({ kind: 'resumed', backfill: { id, pages: 2 } });
    const rest = await runBackfill(deps, id);
    expect(rest.status).toBe('done');
    const done = (rest as { backfill: { pages: number; inserted: number; duplicates: number; fetched: number } }).backfill;
    expect(done.pages).toBeGreaterThan(2);

    const messages = await stored(channel.id);
    expect(messages).toHaveLength(INSIDE);
    for (const m of messages) {
      expect(new Date(m.sent_at).getTime()).toBeGreaterThanOrEqual(SINCE.getTime());
      expect(new Date(m.sent_at).getTime()).toBeLessThan(UNTIL.getTime());
    }
    expect(done.inserted).toBe(INSIDE);
    const channelRow = await loadChannel(db, channel.id, undefined);
    expect(channelRow?.cursor ?? null).toBeNull();

    // Over what is stored already: nothing new, each counted as a duplicate.
    const twice = await requestBackfill(deps, channel.id, window, 'test');
    expect(twice.kind).toBe('started');
    const second = await runBackfill(deps, (twice as { backfill: { id: number } }).backfill.id);
    expect(second).toMatchObject({ status: 'done', backfill: { inserted: 0, duplicates: INSIDE } });
    expect(await stored(channel.id)).toHaveLength(INSIDE);
  }, 30_000);
});
