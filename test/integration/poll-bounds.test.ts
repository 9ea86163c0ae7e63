import { createXConnector } from '../../connectors/x/connector.js';
import type { Connector } from '../../connectors/types.js';
import { syncEntities } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * A poll ends however the platform behaves: a cursor that never ends (empty pages, each saying
 * there is more) stops at the poll's page cap, and a worker that is stopping ends the poll between
 * two pages, committing the cursor of what it read.
 */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
const runtimes: Runtime[] = [];

/** The X connector with a fetch that always has one more (empty) page. */
function endlessConnector(onFetch: () => void): Connector {
  const x = createXConnector();
  let page = 0;
  return {
    ...x,
    fetch: async () => {
      onFetch();
      page++;
      return { items: [], cursor: { page }, more: true };
    },
  };
}

function runtimeWith(connector: Connector): Runtime {
  const runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix(), connectors: new Map([['x', connector]]) });
  runtimes.push(runtime);
  return runtime;
}

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  await syncEntities(
    db,
    [
      {
        id: 'bounds',
        name: 'Bounds',
        complaintThreshold: 0.5,
        timeZone: 'Europe/Brussels',
        channels: [
          {
            id: 'bounds-x',
            platform: 'x',
            account: { userId: '4242', handle: 'bounds' },
            baseUrl: 'http://127.0.0.1:9',
            credentials: { bearerToken: 'unused' },
            pollIntervalSeconds: 60,
            enabled: true,
          },
        ],
      },
    ],
    new SecretBox(TEST_SECRET),
  );
});

afterAll(async () => {
  for (const runtime of runtimes.splice(0)) {
    await runtime.queues.close();
    runtime.mailer.close();
  }
  await db.close();
  await redis.stop();
});

async function storedCursor(): Promise<unknown> {
  const { rows } = await db.query<{ cursor: unknown }>('select cursor from channels where id = $1', ['bounds-x']);
  return rows[0]!.cursor;
}

test('a cursor that never ends: the poll stops at 1,000 pages and keeps the cursor it reached', async () => {
  let fetches = 0;
  const outcome = await pollChannel(runtimeWith(endlessConnector(() => fetches++)), 'bounds-x');
  expect(outcome).toEqual({ status: 'polled', pages: 1000, inserted: 0, quarantined: 0 });
  expect(fetches).toBe(1000);
  expect(await storedCursor()).toEqual({ page: 1000 });
});

test('a stopping worker ends the poll between two pages', async () => {
  let fetches = 0;
  const outcome = await pollChannel(runtimeWith(endlessConnector(() => fetches++)), 'bounds-x', () => fetches >= 3);
  expect(outcome.status).toBe('polled');
  expect(fetches).toBe(3);
  expect(outcome).toMatchObject({ pages: 3 });
  // the cursor of the last page it read
  expect(await storedCursor()).toEqual({ page: 3 });
});
