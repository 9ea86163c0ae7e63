import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { copyRows } from './copy.js';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/** The one query layer: plain parameterised SQL that runs unchanged on a PostgreSQL server and on PGlite. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** COPY of many rows into a table (src/db/copy.ts); only in a transaction on a server, absent on PGlite. */
  copyRows?(table: string, columns: string[], rows: unknown[][]): Promise<number>;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (after the notifying transaction commits) until the
   * returned function is called. On a server, a dedicated connection that reconnects when it drops.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Runs `work` while holding the named lock, or returns `{ busy: true }` at once when another holder
   * (any process) has it. On a server the lock is a session advisory lock: a process that dies lets
   * go of it with its connection.
   */
  whileHolding<T>(name: string, work: () => Promise<T>): Promise<{ busy: false; value: T } | { busy: true }>;
}

/**
 * The database is away (restart, network) rather than refusing what was sent: the work is to be
 * retried as it is, later.
 */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^(08|57P)/.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND|AI_AGAIN)$/.test(code))) return true;
  return typeof message === 'string' && /Connection terminated|connection error|Connection ended|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection/i.test(message);
}

/**
 * Records what already happened outside (a reply posted, a mail or webhook delivered). Losing that
 * record would make the work run again, so a database that is restarting is waited for — for up to
 * `maxMs` — instead of giving up at once. Other errors are thrown as they are.
 */
export async function recordOutsideEffect<T>(work: () => Promise<T>, maxMs = 60_000): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Ids and counts are int8 in the schema but never exceed 2^53: read them as numbers on both drivers.
pg.types.setTypeParser(INT8_OID, (value) => Number(value));
pg.types.setTypeParser(NUMERIC_OID, (value) => Number(value));

export function openPostgres(url: string, options: { max?: number } = {}): Db {
  // JIT compilation costs 100 ms to seconds per statement when the planner overestimates rows, and the
  // app's statements are short index walks: it never pays here (measured by npm run bench:api).
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, options: '-c jit=off' });
  // An idle client that loses its connection emits 'error'; the next query gets a fresh one.
  pool.on('error', () => undefined);
  const asQueryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
  });
  return {
    kind: 'pg',
    ...asQueryable(pool),
    async transaction(work) {
      return withClient(pool, async (client) => {
        try {
          await client.query('BEGIN');
          const result = await work({ ...asQueryable(client), copyRows: (table, columns, rows) => copyRows(client, table, columns, rows) });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    async whileHolding(name, work) {
      return withClient(pool, async (client) => {
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [name]);
        if (!rows[0]?.locked) return { busy: true as const };
        try {
          return { busy: false as const, value: await work() };
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
        }
      });
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
    listen: (channel, onPayload) => listenOnServer(url, channel, onPayload),
  };
}

/**
 * A client taken from the pool for a while. A server restart makes a checked-out client emit
 * 'error'; without a listener that would end the process. The error also surfaces through the
 * query that fails; a client that saw one is destroyed instead of going back to the pool.
 */
async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (isConnectionError(error)) broken ??= error as Error;
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

const RECONNECT_DELAY_MS = 1000;

async function listenOnServer(url: string, channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    // A dropped connection (server restart) is replaced; notifications sent meanwhile are lost, so
    // listeners must treat events as hints to refetch, never as the data itself.
    next.on('error', () => scheduleReconnect());
    next.on('end', () => scheduleReconnect());
    await next.connect();
    await next.query(`listen "${channel.replaceAll('"', '""')}"`);
    client = next;
  };
  const scheduleReconnect = (): void => {
    if (stopped || retry) return;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(() => scheduleReconnect());
    }, RECONNECT_DELAY_MS);
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/** PGlite: real PostgreSQL in process. `dataDir` undefined keeps it in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const parsers = { [INT8_OID]: (value: string) => Number(value), [NUMERIC_OID]: (value: string) => Number(value) };
  // search folds accents (unaccent) and finds parts of words (pg_trgm); migration 022 falls back without them
  const lite = await PGlite.create(dataDir, { parsers, extensions: { pg_trgm, unaccent } });
  const held = new Set<string>();
  const asQueryable = (client: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query<T>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  });
  return {
    kind: 'pglite',
    ...asQueryable(lite),
    transaction: (work) => lite.transaction((tx) => work(asQueryable(tx))),
    async exec(sql) {
      await lite.exec(sql);
    },
    async listen(channel, onPayload) {
      const unlisten = await lite.listen(channel, onPayload);
      return async () => unlisten();
    },
    // One process owns an embedded database: a lock in memory is enough.
    async whileHolding(name, work) {
      if (held.has(name)) return { busy: true as const };
      held.add(name);
      try {
        return { busy: false as const, value: await work() };
      } finally {
        held.delete(name);
      }
    },
    async close() {
      await lite.close();
    },
  };
}

export async function openDatabase(options: { url?: string; dataDir: string }): Promise<Db> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir);
}
