import { buildApi } from '../../src/http/server.js';
import { DemoScript, type ScriptedMessage } from '../../src/demo/messages.js';
import { startPlatformDemos, type PlatformDemos } from '../../src/demo/platforms.js';
import type { Runtime } from '../../src/runtime.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { eventually, TEST_SECRET, testRuntime } from '../helpers/runtime.js';

/**
 * A citizen who writes twice gets one ticket, on every demo channel: the demo's writers put a first
 * message and a second one in the same conversation of each emulator (a reply to their own tweet,
 * a second DM, a comment under their own post, a second WhatsApp message, an edited review, a reply
 * in the YouTube thread, a mail answering their own), the real workers poll the emulators and the
 * webhook ingress takes the deliveries, and each conversation is one ticket holding both messages
 * (a review holds its newest version).
 */
let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let demos: PlatformDemos;
let runtime: Runtime;
let workers: RunningWorkers;
let api: Awaited<ReturnType<typeof buildApi>>;
let apiUrl: string;

beforeAll(async () => {
  db = await createTestDb();
  redis = await testRedis();
  demos = await startPlatformDemos({ citizens: 'demo' });
  await syncEntities(db, demos.entities, new SecretBox(TEST_SECRET));
  runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
  api = await buildApi(runtime, { apiToken: 'demo-threads' });
  apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  await demos.webhooks.open(apiUrl);
  workers = await startWorkers(runtime);
});

afterAll(async () => {
  await workers.close();
  await api.close();
  await runtime.queues.close();
  runtime.mailer.close();
  await demos.stop();
  await db.close();
  await redis.stop();
});

/** One first message per entity and channel kind it offers, in the script's words. */
function conversations(script = new DemoScript({ seed: 5, start: 0 })): ScriptedMessage[] {
  const wanted = new Map<string, ScriptedMessage>();
  for (let i = 0; i < 2000; i++) {
    const m = script.next();
    if (m.followUp) continue;
    // A DM channel (WhatsApp, Messenger…) is one conversation per person: each conversation here has its own person.
    const key = `${m.entity}|${m.via}`;
    const taken = [...wanted.values()].some((w) => w.entity === m.entity && w.persona.n === m.persona.n);
    if (!wanted.has(key) && !taken) wanted.set(key, { ...m, followUpComing: true });
  }
  return [...wanted.values()];
}

async function untilStored(expected: number): Promise<void> {
  await demos.webhooks.settle();
  let stored = 0;
  await eventually(async () => {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from messages where direction = 'inbound'`);
    stored = rows[0]!.n;
    return stored >= expected;
  }, 60_000, 250).catch(async (error: Error) => {
    const { rows } = await db.query<{ channel_id: string; n: number }>(`select channel_id, count(*)::int as n from messages where direction = 'inbound' group by 1 order by 1`);
    throw new Error(`${error.message}; ${stored} of ${expected} messages stored: ${JSON.stringify(rows)}`);
  });
}

test('every demo channel threads a citizen’s second message into the ticket of the first', async () => {
  const firsts = conversations();
  // Every entity, and both public and private where the channel offers both (X, Facebook/Messenger, Instagram).
  expect(new Set(firsts.map((m) => m.entity)).size).toBe(demos.writers.size);
  const now = Date.now();
  const seconds = firsts.map((first, i) => ({
    first,
    second: { ...first, followUp: true, followUpComing: false, text: `${first.text} — en nog een aanvulling (${i}).`, ...(i % 3 === 0 ? { attachment: 'photo' as const } : {}) },
  }));
  const threads = [];
  for (const [i, { first }] of seconds.entries()) threads.push(await demos.writers.get(first.entity)!.write(first, new Date(now - 600_000 + i * 1000)));
  // The second messages come once the first ones are in (a review edited before anyone read it is one version only).
  await untilStored(seconds.length);
  for (const [i, thread] of threads.entries()) await thread.followUp(seconds[i]!.second, new Date());
  // A reviewer writes again by editing the review: the message then holds the newest version.
  const edits = seconds.filter(({ first }) => first.entity === 'de-watergroep').length;
  await untilStored(seconds.length * 2 - edits);
  await eventually(async () => {
    const { rows } = await db.query(`select 1 from messages m join channels ch on ch.id = m.channel_id where ch.platform = 'google' and m.text like '%aanvulling%'`);
    return rows.length === edits;
  }, 60_000, 250);

  const { rows } = await db.query<{ entity_id: string; platform: string; ticket_id: number; texts: string[]; contacts: number }>(
    `select t.entity_id, ch.platform, t.id as ticket_id, array_agg(m.text order by m.sent_at) as texts, count(distinct m.contact_id)::int as contacts
       from tickets t join messages m on m.ticket_id = t.id and m.direction = 'inbound' join channels ch on ch.id = t.channel_id
      group by t.id, t.entity_id, ch.platform order by t.id`,
  );
  for (const { first, second } of seconds) {
    const holding = rows.filter((r) => r.entity_id === first.entity && r.texts.some((text) => text.includes(first.text)));
    expect({ entity: first.entity, via: first.via, tickets: holding.length }).toEqual({ entity: first.entity, via: first.via, tickets: 1 });
    const [ticket] = holding;
    // An edited review is the same message in its newest version (or, where a store keeps versions apart, a second one).
    expect(ticket!.platform === 'google' ? [1, 2] : [2]).toContain(ticket!.texts.length);
    expect(ticket!.texts.at(-1)).toContain(second.text.slice(-30));
    expect(ticket!.contacts).toBe(1);
  }
  expect(rows).toHaveLength(seconds.length);
}, 120_000);

test('a restarted demo (new emulators, the same database) writes messages the database does not have yet: every one is stored', async () => {
  const before = await storedCount();
  await demos.stop();
  demos = await startPlatformDemos({ citizens: 'demo' });
  await syncEntities(db, demos.entities, new SecretBox(TEST_SECRET));
  await demos.webhooks.open(apiUrl);
  // The next run's script (a restart goes on further along it), one first message per entity and channel kind.
  const firsts = conversations(new DemoScript({ seed: 6, start: 100_000 }));
  for (const first of firsts) await demos.writers.get(first.entity)!.write(first, new Date());
  await untilStored(before + firsts.length);
  expect(await storedCount()).toBe(before + firsts.length);
}, 120_000);

async function storedCount(): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from messages where direction = 'inbound'`);
  return rows[0]!.n;
}
