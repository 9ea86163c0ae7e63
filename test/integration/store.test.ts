import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Db } from '../../src/db/db.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { syncEntities, loadChannel } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const secrets = new SecretBox('store-test-secret-key-000000');

async function scratchServerDb(): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const name = `inbox_store_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

function mention(id: string, author: string, text: string): RawItem {
  return {
    type: 'mention',
    externalId: id,
    payload: { tweet: { id, text, author_id: author, conversation_id: id, created_at: '2026-11-20T10:00:00.000Z', lang: 'nl' }, author: { id: author, username: `u${author}`, name: `User ${author}` } },
  };
}

async function exerciseIngest(db: Db): Promise<void> {
  await migrate(db);
  await syncEntities(
    db,
    [
      {
        id: 'de-lijn',
        name: 'De Lijn',
        coordinator: { name: 'K', email: 'k@example.org' },
        complaintThreshold: 0.5,
        timeZone: 'Europe/Brussels',
        channels: [{ id: 'c1', platform: 'x', account: { userId: '1' }, credentials: { bearerToken: 'secret-token' }, pollIntervalSeconds: 60, enabled: true }],
      },
    ],
    secrets,
  );
  const channel = (await loadChannel(db, 'c1', secrets))!.context as ChannelContext;
  expect(channel.credentials).toEqual({ bearerToken: 'secret-token' });
  const items = [mention('10', '7', 'wanneer rijdt lijn 1?'), mention('11', '8', 'ik wil een klacht indienen over lijn 2'), { type: 'mention', externalId: '12', payload: { tweet: { id: 12 } } }];
  const first = await ingest(db, { channel, items, normalize: normalizeX, cursor: { mentions: { sinceId: '11' } } });
  expect(first).toMatchObject({ received: 3, inserted: 2, quarantined: 1, ticketsCreated: 2, duplicates: 0 });
  // One complaint: the coordinator's mail and the intake, each its own outbox row.
  expect(first.outboxIds).toHaveLength(2);
  const again = await ingest(db, { channel, items, normalize: normalizeX });
  expect(again).toMatchObject({ inserted: 0, duplicates: 2, ticketsCreated: 0, outboxIds: [] });
  const { rows } = await db.query<{ cursor: unknown; sealed: string }>(`select cursor, credentials_encrypted as sealed from channels where id = 'c1'`);
  expect(rows[0]!.cursor).toEqual({ mentions: { sinceId: '11' } });
  expect(rows[0]!.sealed).not.toContain('secret-token');
}

describe('one query layer on both engines', () => {
  test('PGlite (embedded default): migrate, sync, ingest, dedupe', async () => {
    const db = await openPglite();
    try {
      await exerciseIngest(db);
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  (serverUrl ? test : test.skip)('PostgreSQL server: the same, and concurrent migrations queue on the advisory lock', async () => {
    const scratch = await scratchServerDb();
    const others = [openPostgres(scratch.url), openPostgres(scratch.url)];
    try {
      const results = await Promise.all([migrate(scratch.db), ...others.map((db) => migrate(db))]);
      expect(results.flat().sort()).toEqual(listMigrations().map((m) => m.name).sort());
      await exerciseIngest(scratch.db);
    } finally {
      await Promise.all(others.map((db) => db.close()));
      await scratch.drop();
    }
  });
});

describe('credentials at rest', () => {
  test('AES-256-GCM bound to the channel id', () => {
    const sealed = secrets.encrypt({ token: 'abc' }, 'channel-a');
    expect(sealed).toMatch(/^v2\./);
    expect(secrets.decrypt(sealed, 'channel-a')).toEqual({ token: 'abc' });
    expect(() => secrets.decrypt(sealed, 'channel-b')).toThrow(/cannot decrypt/);
    expect(() => new SecretBox('other-key-0000000000').decrypt(sealed, 'channel-a')).toThrow(/cannot decrypt/);
    expect(() => new SecretBox('short')).toThrow(/at least 16/);
  });
});
