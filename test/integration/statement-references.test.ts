import pg from 'pg';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { createTestDb } from '../helpers/database.js';
import { TEST_SECRET } from '../helpers/runtime.js';

/**
 * Migration 030: the references ingest writes most are checked once per statement by triggers instead
 * of per row by foreign keys. Each guarantee a foreign key gave is tried here: a child naming a missing
 * parent (by INSERT, COPY and UPDATE), a parent removed, renumbered or truncated while rows name it,
 * and, on a server, a parent removed while a writer that names it has not yet committed.
 */
let db: Db & { url?: string };
let ticketId: number;
let contactId: number;

const FOREIGN_KEY_VIOLATION = '23503';

async function refused(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = (await work.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | undefined;
  if (!error) throw new Error('the statement was accepted');
  return { code: String(error.code), message: String(error.message) };
}

async function newTicket(key: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into tickets (entity_id, channel_id, contact_id, conversation_key, category) values ('gent', 'gent-x', $1, $2, 'question') returning id`,
    [contactId, key],
  );
  return rows[0]!.id;
}

async function newMessage(ticket: number, externalId: string): Promise<void> {
  await db.query(
    `insert into messages (ticket_id, channel_id, external_id, direction, kind, conversation_key, text, sent_at)
     values ($1, 'gent-x', $2, 'inbound', 'mention', 'k', 'tekst', now())`,
    [ticket, externalId],
  );
}

beforeAll(async () => {
  db = await createTestDb();
  await syncEntities(
    db,
    [
      { id: 'gent', name: 'Stad Gent', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [{ id: 'gent-x', platform: 'x', account: { userId: '1' }, credentials: {}, pollIntervalSeconds: 60, enabled: true }] },
      { id: 'leeg', name: 'Zonder kanalen', complaintThreshold: 0.5, timeZone: 'Europe/Brussels', channels: [] },
    ],
    new SecretBox(TEST_SECRET),
  );
  const { rows } = await db.query<{ id: number }>(`insert into contacts (platform, platform_user_id, handle) values ('x', '42', 'burger') returning id`);
  contactId = rows[0]!.id;
  ticketId = await newTicket('k');
  await newMessage(ticketId, 'm1');
  await db.query(`insert into complaints (ticket_id, entity_id, received_at) values ($1, 'gent', now())`, [ticketId]);
});

afterAll(async () => {
  await db.close();
});

describe('a row that names a missing parent is refused', () => {
  it('a message whose ticket does not exist, by INSERT and by UPDATE', async () => {
    const inserted = await refused(newMessage(999_999, 'm-orphan'));
    expect(inserted.code).toBe(FOREIGN_KEY_VIOLATION);
    expect(inserted.message).toContain('messages.ticket_id');
    const moved = await refused(db.query(`update messages set ticket_id = 999999 where external_id = 'm1'`));
    expect(moved.code).toBe(FOREIGN_KEY_VIOLATION);
    const { rows } = await db.query<{ ticket_id: number }>(`select ticket_id from messages where external_id = 'm1'`);
    expect(rows).toEqual([{ ticket_id: ticketId }]);
  });

  it('a message by COPY (the way ingest writes on a server): the whole COPY is refused', async () => {
    const copy = db.transaction(async (tx) => {
      if (!tx.copyRows) return tx.query(`insert into messages (ticket_id, channel_id, external_id, direction, kind, conversation_key, text, sent_at) values (999999, 'gent-x', 'c2', 'inbound', 'mention', 'k', 't', now())`);
      const row = (ticket: number, id: string) => [ticket, 'gent-x', id, 'inbound', 'mention', 'k', 't', new Date()];
      return tx.copyRows('messages', ['ticket_id', 'channel_id', 'external_id', 'direction', 'kind', 'conversation_key', 'text', 'sent_at'], [row(ticketId, 'c1'), row(999_999, 'c2')]);
    });
    expect((await refused(copy)).code).toBe(FOREIGN_KEY_VIOLATION);
    const { rows } = await db.query(`select 1 from messages where external_id in ('c1', 'c2')`);
    expect(rows).toHaveLength(0);
  });

  it('a ticket whose contact or channel does not exist', async () => {
    const contact = await refused(db.query(`insert into tickets (entity_id, channel_id, contact_id, conversation_key, category) values ('gent', 'gent-x', 999999, 'x1', 'question')`));
    expect(contact).toMatchObject({ code: FOREIGN_KEY_VIOLATION, message: expect.stringContaining('tickets.contact_id') });
    const channel = await refused(db.query(`insert into tickets (entity_id, channel_id, contact_id, conversation_key, category) values ('gent', 'nergens', $1, 'x2', 'question')`, [contactId]));
    expect(channel).toMatchObject({ code: FOREIGN_KEY_VIOLATION, message: expect.stringContaining('tickets.channel_id') });
    const moved = await refused(db.query(`update tickets set contact_id = 999999 where id = $1`, [ticketId]));
    expect(moved.code).toBe(FOREIGN_KEY_VIOLATION);
  });

  it('a complaint whose ticket or entity does not exist', async () => {
    const other = await newTicket('k-complaint');
    const ticket = await refused(db.query(`insert into complaints (ticket_id, entity_id, received_at) values (999999, 'gent', now())`));
    expect(ticket).toMatchObject({ code: FOREIGN_KEY_VIOLATION, message: expect.stringContaining('complaints.ticket_id') });
    const entity = await refused(db.query(`insert into complaints (ticket_id, entity_id, received_at) values ($1, 'nergens', now())`, [other]));
    expect(entity).toMatchObject({ code: FOREIGN_KEY_VIOLATION, message: expect.stringContaining('complaints.entity_id') });
    const moved = await refused(db.query(`update complaints set entity_id = 'nergens' where ticket_id = $1`, [ticketId]));
    expect(moved).toMatchObject({ code: FOREIGN_KEY_VIOLATION, message: expect.stringContaining('complaints.entity_id') });
  });
});

describe('a parent that rows still name stays', () => {
  it('a ticket with messages or a complaint is not removed; one without is', async () => {
    expect((await refused(db.query(`delete from tickets where id = $1`, [ticketId]))).code).toBe(FOREIGN_KEY_VIOLATION);
    const bare = await newTicket('k-bare');
    await db.query(`delete from tickets where id = $1`, [bare]);
    const { rows } = await db.query(`select 1 from tickets where id = $1`, [bare]);
    expect(rows).toHaveLength(0);
  });

  it('a contact, a channel and an entity that are named are not removed', async () => {
    expect((await refused(db.query(`delete from contacts where id = $1`, [contactId]))).code).toBe(FOREIGN_KEY_VIOLATION);
    expect((await refused(db.query(`delete from channels where id = 'gent-x'`))).code).toBe(FOREIGN_KEY_VIOLATION);
    expect((await refused(db.query(`delete from entities where id = 'gent'`))).code).toBe(FOREIGN_KEY_VIOLATION);
    // an entity nothing names goes
    await db.query(`delete from entities where id = 'leeg'`);
    expect((await db.query(`select 1 from entities where id = 'leeg'`)).rows).toHaveLength(0);
  });

  it('a named key is not renamed, and a named table is not truncated on its own', async () => {
    expect((await refused(db.query(`update channels set id = 'gent-x2' where id = 'gent-x'`))).code).toBe(FOREIGN_KEY_VIOLATION);
    expect((await refused(db.query(`update entities set id = 'gent2' where id = 'gent'`))).code).toBe(FOREIGN_KEY_VIOLATION);
    // CASCADE follows the foreign keys that remain (tags, notes, …), not these references: the trigger refuses
    expect((await refused(db.query(`truncate tickets cascade`))).code).toBe(FOREIGN_KEY_VIOLATION);
    expect((await db.query(`select 1 from messages where ticket_id = $1`, [ticketId])).rows).toHaveLength(1);
  });
});

describe('on a server: the race a foreign key closes with a row lock', () => {
  it('a ticket removed while a writer that names it has not committed: the removal waits, sees the message and is refused', async () => {
    if (!db.url) return expect(db.kind).toBe('pglite'); // one connection: writers cannot overlap
    const target = await newTicket('k-race');
    const writer = new pg.Client({ connectionString: db.url });
    const remover = new pg.Client({ connectionString: db.url });
    await Promise.all([writer.connect(), remover.connect()]);
    try {
      await writer.query('begin');
      await writer.query(
        `insert into messages (ticket_id, channel_id, external_id, direction, kind, conversation_key, text, sent_at) values ($1, 'gent-x', 'race', 'inbound', 'mention', 'k', 't', now())`,
        [target],
      );
      let removalEnded = false;
      const removal = remover.query(`delete from tickets where id = $1`, [target]).finally(() => (removalEnded = true));
      const outcome = refused(removal);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(removalEnded).toBe(false); // waiting for the writer's lock on messages
      await writer.query('commit');
      expect((await outcome).code).toBe(FOREIGN_KEY_VIOLATION);
      const { rows } = await db.query(`select t.id from messages m join tickets t on t.id = m.ticket_id where m.external_id = 'race'`);
      expect(rows).toEqual([{ id: target }]);
    } finally {
      await Promise.all([writer.end(), remover.end()]);
    }
  });

  it('a channel renamed while a writer that names it has not committed: the rename waits and is refused', async () => {
    if (!db.url) return expect(db.kind).toBe('pglite');
    await db.query(`insert into channels (id, entity_id, platform, name, account) values ('gent-x3', 'gent', 'x', 'x3', '{"userId": "3"}')`);
    const writer = new pg.Client({ connectionString: db.url });
    const renamer = new pg.Client({ connectionString: db.url });
    await Promise.all([writer.connect(), renamer.connect()]);
    try {
      await writer.query('begin');
      await writer.query(`insert into tickets (entity_id, channel_id, contact_id, conversation_key, category) values ('gent', 'gent-x3', $1, 'k-rename', 'question')`, [contactId]);
      let renameEnded = false;
      const outcome = refused(renamer.query(`update channels set id = 'gent-x4' where id = 'gent-x3'`).finally(() => (renameEnded = true)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(renameEnded).toBe(false);
      await writer.query('commit');
      expect((await outcome).code).toBe(FOREIGN_KEY_VIOLATION);
      const { rows } = await db.query(`select c.id from tickets t join channels c on c.id = t.channel_id where t.conversation_key = 'k-rename'`);
      expect(rows).toEqual([{ id: 'gent-x3' }]);
    } finally {
      await Promise.all([writer.end(), renamer.end()]);
    }
  });
});
