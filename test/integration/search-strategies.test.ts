import type { Db } from '../../src/db/db.js';
import { findTickets, type TicketPage } from '../../src/tickets/sql.js';
import { createTestDb } from '../helpers/database.js';

/**
 * The search's two ways to read the database (issue 16) give the same pages: reading the newest
 * tickets first and stopping once a page is full (a common word), and collecting every match from the
 * indexes (a rare word, a deep page, or a walk that found too little). Each page is compared with the
 * ranking worked out here from the texts: stemmed matches first, then parts of words, newest first.
 */
let db: Db;
const NOW = new Date('2026-03-10T12:00:00.000Z');
const TICKETS = 3000;

/** Ticket i (1 = oldest): its text, and its rank for the searches below. */
function textOf(i: number): string {
  const parts = ['Vraag over de dienstverlening'];
  if (i % 4 === 0) parts.push('de fietsenstalling aan het station is vol');
  if (i % 30 === 1) parts.push('mijn deelfiets is kapot');
  if (i <= 500) parts.push('een oudje over de tram');
  if (i % 500 === 7) parts.push('de stalling is dicht');
  if (i === 17 || i === 1234 || i === 2999) parts.push('zeldzaam woord');
  return parts.join(', ');
}

let ids: number[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await db.query(`insert into entities (id, name) values ('e1', 'Eén')`);
  await db.query(`insert into channels (id, entity_id, platform) values ('c1', 'e1', 'x')`);
  await db.query(`insert into contacts (platform, platform_user_id, handle, name) values ('x', 'u1', 'burger', 'Een Burger')`);
  const texts = Array.from({ length: TICKETS }, (_, index) => textOf(index + 1));
  const { rows } = await db.query<{ id: number }>(
    `with input as (select i, text, $2::timestamptz - ((${TICKETS} - i) * interval '1 minute') as at from unnest($1::text[]) with ordinality u(text, i)),
          t as (insert into tickets (entity_id, channel_id, contact_id, conversation_key, category, lang, created_at, updated_at)
                select 'e1', 'c1', (select min(id) from contacts), 'k' || i, 'question', 'nl', at, at from input order by i returning id, conversation_key)
     insert into messages (ticket_id, channel_id, direction, kind, conversation_key, contact_id, text, lang, sent_at)
     select t.id, 'c1', 'inbound', 'dm', t.conversation_key, (select min(id) from contacts), input.text, 'nl', input.at
       from t join input on t.conversation_key = 'k' || input.i returning ticket_id`,
    [texts, NOW],
  );
  const byKey = await db.query<{ id: number; key: string }>(`select id, conversation_key as key from tickets`);
  const idOf = new Map(byKey.rows.map((row) => [row.key, Number(row.id)]));
  ids = Array.from({ length: TICKETS }, (_, index) => idOf.get(`k${index + 1}`)!);
  expect(rows).toHaveLength(TICKETS);
  await db.query('analyze');
});

afterAll(async () => {
  await db.close();
});

/** The expected order: rank (stemmed before parts of words) then newest first; ticket i's id. */
function expected(rankOf: (i: number) => number): number[] {
  const ranked = Array.from({ length: TICKETS }, (_, index) => ({ i: index + 1, rank: rankOf(index + 1) })).filter((r) => r.rank > 0);
  ranked.sort((a, b) => b.rank - a.rank || b.i - a.i);
  return ranked.map((r) => ids[r.i - 1]!);
}

async function page(q: string, offset: number, limit = 50): Promise<TicketPage> {
  return findTickets(db, { q, entity: 'e1', limit, offset, now: NOW });
}

const fiets = (i: number) => (i % 4 === 0 ? 2 : i % 30 === 1 ? 1 : 0);

test('a common word reads the newest tickets only, and its pages are the ranked matches', async () => {
  const all = expected(fiets);
  for (const offset of [0, 50, 100]) {
    const found = await page('fiets', offset);
    expect(found.searchedBy).toBe('walk');
    expect(found.rows.map((row) => Number(row.id))).toEqual(all.slice(offset, offset + 50));
    // the total is estimated from the share of matches among the tickets read
    expect(found.totalEstimated).toBe(true);
    expect(found.total).toBeGreaterThan(all.length * 0.7);
    expect(found.total).toBeLessThan(all.length * 1.3);
  }
});

test('a deep page of a common word comes from the indexes, exact and counted', async () => {
  const all = expected(fiets);
  const found = await page('fiets', 740, 20);
  expect(found.searchedBy).toBe('indexes');
  expect(found.rows.map((row) => Number(row.id))).toEqual(all.slice(740, 760));
  // the parts of words ("deelfiets") come after every stemmed match
  expect(found.total).toBe(all.length);
  expect(found.totalEstimated).toBeUndefined();
});

test('a rare word comes from the indexes', async () => {
  const found = await page('zeldzaam', 0);
  expect(found.searchedBy).toBe('indexes');
  expect(found.rows.map((row) => Number(row.id))).toEqual([ids[2998], ids[1233], ids[16]]);
  expect(found).toMatchObject({ total: 3, totalCapped: false });
});

test('a word found whole in a few tickets and as a part of words in many: the few from the index, then the newest parts', async () => {
  // "stalling" alone in 6 tickets, inside "fietsenstalling" in 750
  const rankOf = (i: number) => (i % 500 === 7 ? 2 : i % 4 === 0 ? 1 : 0);
  for (const offset of [0, 50]) {
    const found = await page('stalling', offset);
    expect(found.searchedBy).toBe('walk');
    expect(found.rows.map((row) => Number(row.id))).toEqual(expected(rankOf).slice(offset, offset + 50));
    expect(found.total).toBeGreaterThan(756 * 0.7);
    expect(found.total).toBeLessThan(756 * 1.3);
  }
});

test('a word in the oldest tickets only: the walk finds none, the index gives the page', async () => {
  // "oudje" is in 1 ticket in 6, all of them the oldest: the estimate says walk, the walk finds none
  const found = await page('oudje', 0);
  expect(found.rows.map((row) => Number(row.id))).toEqual(expected((i) => (i <= 500 ? 2 : 0)).slice(0, 50));
  expect(found).toMatchObject({ searchedBy: 'walk', totalEstimated: true });
  expect(found.total).toBeGreaterThan(500 * 0.7);
  expect(found.total).toBeLessThan(500 * 1.3);
});

test('a phrase in the oldest tickets only: the walk finds none and falls back to the indexes', async () => {
  const found = await page('"oudje over de tram"', 0);
  expect(found.rows.map((row) => Number(row.id))).toEqual(expected((i) => (i <= 500 ? 1 : 0)).slice(0, 50));
  expect(found).toMatchObject({ searchedBy: 'indexes', total: 500 });
});

test('a phrase-only search walks on the folded text and keeps word order', async () => {
  const found = await page('"deelfiets is kapot"', 0);
  expect(found.rows.map((row) => Number(row.id))).toEqual(expected((i) => (i % 30 === 1 ? 1 : 0)).slice(0, 50));
  expect(await page('"kapot is deelfiets"', 0)).toMatchObject({ rows: [], total: 0 });
});
