import type { Db } from '../../src/db/db.js';
import { textArray } from '../../src/db/array-literal.js';
import { createTestDb } from '../helpers/database.js';

/**
 * Issue 16: ingest passes its long text[] parameters (ids, conversation keys, handles) as one array
 * literal built by JSON.stringify. Every value must come back exactly as given, on the server and on PGlite.
 */
let db: Db;

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.close();
});

const TRICKY = ['NULL', 'null', 'NuLL', '', ' ', ' x ', 'a,b', '{x}', '{', '}', 'a"b', '"', '\\', '\\"', 'a\\', "it's", 'é ü 😀', '\u2028', 'a b'];

test.each([
  ['plain ids', ['1', '2', 'x:1234567890']],
  ['quotes, braces, commas, NULL as text, backslashes', TRICKY],
  ['SQL nulls among them', [...TRICKY, null, 'after null']],
  ['none', []],
])('%s come back as given, as a literal', async (_, values: Array<string | null>) => {
  const param = textArray(values);
  expect(typeof param).toBe('string');
  const { rows } = await db.query<{ a: Array<string | null> }>('select $1::text[] as a', [param]);
  expect(rows[0]!.a).toEqual(values);
});

test.each([
  ['control characters', ['line\nbreak', 'tab\there', 'bell\u0007']],
  ['a backslash before a letter', ['x\\n', 'a\\b']],
])('%s go to the driver as an array and come back as given', async (_, values: string[]) => {
  const param = textArray(values);
  expect(param).toBe(values);
  const { rows } = await db.query<{ a: string[] }>('select $1::text[] as a', [param]);
  expect(rows[0]!.a).toEqual(values);
});
