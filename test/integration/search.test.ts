import type { Db } from '../../src/db/db.js';
import { COUNT_CAP, findTickets } from '../../src/tickets/sql.js';
import { createTestDb } from '../helpers/database.js';

/**
 * The queue's search (issue 16): Dutch and French stemming with accents folded, parts of compound
 * words, exact phrases, contacts' handles and names; and the list's count, capped. Runs on the
 * PostgreSQL server of TEST_DATABASE_URL, or on PGlite (with its pg_trgm and unaccent) without it.
 */
let db: Db;
const NOW = new Date('2026-03-10T12:00:00.000Z');
const found: Record<string, number> = {};

async function ticket(key: string, text: string, lang: 'nl' | 'fr', contact: { handle: string; name: string }, minutesAgo: number): Promise<void> {
  const { rows } = await db.query<{ id: number }>(
    `with co as (insert into contacts (platform, platform_user_id, handle, name) values ('x', $1, $2, $3) returning id),
          t as (insert into tickets (entity_id, channel_id, contact_id, conversation_key, category, lang, created_at, updated_at)
                select 'e1', 'c1', co.id, $1, 'question', $5, $6, $6 from co returning id, contact_id)
     insert into messages (ticket_id, channel_id, direction, kind, conversation_key, contact_id, text, lang, sent_at)
     select t.id, 'c1', 'inbound', 'dm', $1, t.contact_id, $4, $5, $6 from t returning ticket_id as id`,
    [key, contact.handle, contact.name, text, lang, new Date(NOW.getTime() - minutesAgo * 60_000)],
  );
  found[key] = rows[0]!.id;
}

async function search(q: string): Promise<string[]> {
  const { rows } = await findTickets(db, { q, limit: 50, offset: 0, now: NOW });
  const byId = new Map(Object.entries(found).map(([key, id]) => [id, key]));
  return rows.map((row) => byId.get(row.id) ?? String(row.id));
}

beforeAll(async () => {
  db = await createTestDb();
  await db.query(`insert into entities (id, name) values ('e1', 'Eén'), ('e2', 'Twee')`);
  await db.query(`insert into channels (id, entity_id, platform) values ('c1', 'e1', 'x'), ('c2', 'e2', 'x')`);
  await ticket('premie', 'Wanneer wordt mijn renovatiepremie eindelijk uitbetaald?', 'nl', { handle: 'jan_p', name: 'Jan Peeters' }, 50);
  await ticket('passe', 'Le bus est passé trop tôt ce matin', 'fr', { handle: 'marie', name: 'Hélène Dubois' }, 40);
  await ticket('phrase', 'De bus kwam niet opdagen aan de halte', 'nl', { handle: 'k_claes', name: 'Koen Claes' }, 30);
  await ticket('apart', 'De kwam bus, maar niet op tijd: een rare zin', 'nl', { handle: 'sofie', name: 'Sofie Maes' }, 20);
  await ticket('bussen', 'Alle bussen waren te laat vanochtend', 'nl', { handle: 'luc', name: 'Luc Goossens' }, 10);
});

afterAll(async () => {
  await db.close();
});

test('a part of a compound word: "premie" finds the "renovatiepremie"', async () => {
  expect(await search('premie')).toEqual(['premie']);
  expect(await search('PREMIE')).toEqual(['premie']);
});

test('accents folded both ways: "passe" finds "passé", "passé" too', async () => {
  expect(await search('passe')).toEqual(['passe']);
  expect(await search('passé')).toEqual(['passe']);
});

test('Dutch stemming: "bus" finds "bussen"; stemmed matches rank before parts of words, newest first', async () => {
  const hits = await search('bus');
  expect(hits.sort()).toEqual(['apart', 'bussen', 'passe', 'phrase']);
  expect(await search('bussen')).toEqual(['bussen']);
});

test('a quoted phrase finds only the exact phrase, not the same words apart', async () => {
  expect(await search('"bus kwam"')).toEqual(['phrase']);
  expect(await search('"de bus kwam niet"')).toEqual(['phrase']);
  expect(await search('bus kwam')).toEqual(expect.arrayContaining(['phrase', 'apart']));
  expect(await search('"kwam bus"')).toEqual(['apart']);
});

test('a contact by handle or name, accents folded', async () => {
  expect(await search('k_claes')).toEqual(['phrase']);
  expect(await search('helene')).toEqual(['passe']);
  expect(await search('Goossens')).toEqual(['bussen']);
});

test('operators are no syntax and nothing typed breaks the query', async () => {
  expect(await search(`bus & !kwam | ') ( % _`)).toEqual(expect.arrayContaining(['phrase', 'apart']));
  expect(await search('%')).toEqual([]);
  expect(await search('"')).toEqual([]);
});

test('the count is exact up to the cap, then estimated', async () => {
  expect(await findTickets(db, { entity: 'e1', limit: 2, offset: 0, now: NOW })).toMatchObject({ total: 5, totalCapped: false });
  await db.query(
    `insert into tickets (entity_id, channel_id, contact_id, conversation_key, category)
     select 'e2', 'c2', (select min(id) from contacts), 'bulk-' || i, 'question' from generate_series(1, $1::int) i`,
    [COUNT_CAP + 5],
  );
  const capped = await findTickets(db, { entity: 'e2', limit: 10, offset: 0, now: NOW });
  await db.query('analyze tickets');
  expect(capped).toMatchObject({ totalCapped: true, totalEstimated: true });
  expect(capped.total).toBeGreaterThan(COUNT_CAP);
  // PostgreSQL's estimate, from the statistics of the 1,005 tickets
  const estimated = await findTickets(db, { entity: 'e2', limit: 10, offset: 0, now: NOW });
  expect(estimated.total).toBeGreaterThan(COUNT_CAP);
  expect(estimated.total).toBeLessThan((COUNT_CAP + 5) * 1.2);
  expect(capped.rows).toHaveLength(10);
  expect(await findTickets(db, { entity: 'e1', limit: 2, offset: 0, now: NOW })).toMatchObject({ total: 5, totalCapped: false });
});
