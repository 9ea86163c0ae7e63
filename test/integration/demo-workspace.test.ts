import { verifyPassword } from '../../src/accounts/passwords.js';
import { DEMO_COLLEAGUES, DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS, seedDemoWorkspace } from '../../src/demo/workspace.js';
import { asksForPersonalDetails } from '../../src/complaints/intake-texts.js';
import { syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { findByEmail } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';

/** Demo mode's workspace: one login per role, two colleagues on the team, and canned responses that are safe to post in public. */
let db: Db;

beforeAll(async () => {
  db = await createTestDb();
  const entity = (id: string) => ({ id, name: id, complaintThreshold: 0.6, timeZone: 'Europe/Brussels', channels: [] });
  await syncEntities(db, [entity('de-lijn'), entity('vdab')], undefined);
  await seedDemoWorkspace(db, ['de-lijn', 'vdab']);
});

afterAll(async () => {
  await db.close();
});

test('one login per role, each for every demo entity, with the documented password', async () => {
  for (const demo of DEMO_USERS) {
    const user = (await findByEmail(db, demo.email))!;
    expect({ role: user.role, entities: [...user.entities].sort() }).toEqual({ role: demo.role, entities: ['de-lijn', 'vdab'] });
    expect(await verifyPassword(user.passwordHash!, DEMO_PASSWORD)).toBe(true);
  }
  expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(new Set(['admin', 'agent', 'coordinator']));
});

test('the colleagues are agents of every demo entity who log in with the same password; the backlog’s team are all accounts', async () => {
  for (const colleague of DEMO_COLLEAGUES) {
    const user = (await findByEmail(db, colleague.email))!;
    expect({ role: user.role, entities: [...user.entities].sort(), name: user.name }).toEqual({ role: 'agent', entities: ['de-lijn', 'vdab'], name: colleague.name });
    expect(await verifyPassword(user.passwordHash!, DEMO_PASSWORD)).toBe(true);
  }
  for (const member of DEMO_TEAM) expect(await findByEmail(db, member.email)).toBeDefined();
  // Nobody on the team answers citizens as the coordinator.
  expect(DEMO_TEAM.map((m) => m.email)).not.toContain('coordinator@demo.local');
});

test('canned responses in Dutch, French and English per entity; none asks for personal details (they may be posted in public)', async () => {
  const { rows } = await db.query<{ entity_id: string; lang: string; body: string }>('select entity_id, lang, body from canned_responses order by id');
  for (const entity of ['de-lijn', 'vdab']) {
    expect(new Set(rows.filter((r) => r.entity_id === entity).map((r) => r.lang))).toEqual(new Set(['nl', 'fr', 'en']));
  }
  expect(rows.filter((r) => asksForPersonalDetails(r.body)).map((r) => r.body)).toEqual([]);
});

test('seeding again (a restart) adds nothing and keeps what people changed', async () => {
  const before = await db.query<{ n: number }>('select count(*)::int as n from canned_responses');
  await db.query(`update users set name = 'Renamed' where email = 'agent@demo.local'`);
  await seedDemoWorkspace(db, ['de-lijn', 'vdab']);
  const after = await db.query<{ n: number }>('select count(*)::int as n from canned_responses');
  expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  expect((await findByEmail(db, 'agent@demo.local'))!.name).toBe('Renamed');
  expect((await db.query('select 1 from users')).rows).toHaveLength(DEMO_USERS.length + DEMO_COLLEAGUES.length);
});
