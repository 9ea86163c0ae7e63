import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ChannelContext, RawItem } from '../../connectors/types.js';
import { normalizeX } from '../../connectors/x/normalize.js';
import { buildApi } from '../../src/http/server.js';
import { registerWebApp } from '../../src/http/web-app.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { ingest } from '../../src/ingest/ingest.js';
import type { Runtime } from '../../src/runtime.js';
import { loadChannel, syncEntities } from '../../src/channels/channels.js';
import type { Db } from '../../src/db/db.js';
import { SecretBox } from '../../src/channels/secrets.js';
import { createUser } from '../../src/accounts/users.js';
import { createTestDb } from '../helpers/database.js';
import { testRedis, uniquePrefix } from '../helpers/redis.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { TEST_SECRET, testRuntime } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { haveChromium, launchChromium } from './browser.js';
import { buildWebAppOnce } from './build.js';

/**
 * Accessibility audit: axe-core (the engine behind Lighthouse's accessibility score) checks every
 * screen of the app against WCAG 2.1 A and AA — labels, names, contrast, landmarks, ARIA — in Dutch
 * and in English. A violation fails the test with the rule and the elements.
 */
if (!haveChromium) console.warn('a11y e2e skipped: no Chromium (apt-get install chromium)');
const e2e = haveChromium ? describe : describe.skip;

let db: Db;
let redis: Awaited<ReturnType<typeof testRedis>>;
let runtime: Runtime;
let api: Awaited<ReturnType<typeof buildApi>>;
let browser: Browser;
let page: Page;
let baseUrl: string;
let webDir: string;
let ticketId: number;
let caseId: number;

function mention(id: string, author: string, text: string): RawItem {
  return { type: 'mention', externalId: id, payload: { tweet: { id, text, author_id: author, created_at: new Date().toISOString() }, author: { id: author, username: `burger${author}`, name: `Burger ${author}` } } };
}

const audit = () => axeViolations(page);

async function visit(pathname: string, ready: string): Promise<void> {
  await page.goto(`${baseUrl}${pathname}`);
  await page.locator(ready).first().waitFor();
  // let data-driven parts (rows, charts) render before auditing
  await page.waitForLoadState('networkidle');
}

e2e('accessibility of every screen (axe-core, WCAG 2.1 AA)', () => {
  beforeAll(async () => {
    webDir = mkdtempSync(path.join(tmpdir(), 'inbox-web-a11y-'));
    const built = buildWebAppOnce(webDir);
    db = await createTestDb();
    redis = await testRedis();
    await syncEntities(
      db,
      [
        {
          id: 'de-lijn',
          name: 'De Lijn',
          coordinator: { name: 'Klachtendienst De Lijn', email: 'klachten@delijn.test' },
          complaintThreshold: 0.5,
          timeZone: 'Europe/Brussels',
          channels: [{ id: 'delijn-x', platform: 'x', name: '@delijn', account: { userId: '1001', handle: 'delijn' }, credentials: {}, pollIntervalSeconds: 60, enabled: true }],
        },
      ],
      new SecretBox(TEST_SECRET),
    );
    const channel = (await loadChannel(db, 'delijn-x', new SecretBox(TEST_SECRET)))!.context as ChannelContext;
    await ingest(db, {
      channel,
      items: [
        mention('1', '501', '@delijn wanneer rijdt lijn 4 weer?'),
        mention('2', '502', '@delijn ik wil een klacht indienen: de chauffeur van lijn 9 reed vanmorgen gewoon door aan mijn halte'),
      ],
      normalize: normalizeX,
    });
    const { rows } = await db.query<{ ticket: number; case: number }>('select ticket_id as ticket, id as case from complaints limit 1');
    ticketId = rows[0]!.ticket;
    caseId = rows[0]!.case;
    await createUser(db, { email: 'admin@delijn.test', name: 'Ann Admin', role: 'admin', entities: ['de-lijn'], passwordHash: await hashPassword(TEST_PASSWORD) });

    runtime = testRuntime({ db, redisUrl: redis.url, prefix: uniquePrefix() });
    runtime.settings.publicUrl = 'http://127.0.0.1';
    await built;
    api = await buildApi(runtime, { apiToken: undefined });
    await registerWebApp(api, { dir: webDir });
    await api.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await runtime?.queues.close();
    runtime?.mailer.close();
    await db?.close();
    await redis?.stop();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  test('the audit finds a real violation (so an empty result means something)', async () => {
    await visit('/', 'form');
    await page.evaluate(`document.querySelector('main').append(Object.assign(document.createElement('input'), { type: 'text', id: 'unlabelled' }))`);
    expect((await audit()).join('\n')).toMatch(/^label .*#unlabelled/m);
  });

  test('the login screen', async () => {
    await visit('/', 'form');
    expect(await audit()).toEqual([]);
  });

  test('every screen after logging in, in Dutch and in English', async () => {
    await page.getByLabel('E-mailadres').fill('admin@delijn.test');
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.locator('nav').first().waitFor();
    const screens: Array<[string, string]> = [
      ['/', 'tbody tr'],
      [`/tickets/${ticketId}`, 'main h1'],
      ['/cases', 'main h1'],
      [`/cases/${caseId}`, 'main h1'],
      ['/dashboard', 'main h1'],
      ['/canned-responses', 'main h1'],
      ['/account', 'main h1'],
      ['/admin/channels', 'main h1'],
      ['/admin/entities', 'main h1'],
      ['/admin/users', 'main h1'],
    ];
    const found: Record<string, string[]> = {};
    for (const lang of ['nl', 'en'] as const) {
      if (lang === 'en') await page.getByTestId('language').selectOption('en');
      for (const [pathname, ready] of screens) {
        await visit(pathname, ready);
        const violations = await audit();
        if (violations.length > 0) found[`${lang} ${pathname}`] = violations;
      }
    }
    // the keyboard help dialog
    await visit('/', 'tbody tr');
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    const help = await audit();
    if (help.length > 0) found['help dialog'] = help;
    expect(found).toEqual({});
  }, 120_000);

  test('an account changes its own password from the name in the top bar, and logs in with it', async () => {
    await page.keyboard.press('Escape'); // the help dialog of the audit above
    await page.getByTestId('language').selectOption('nl');
    await page.locator('a.who').click();
    await page.getByRole('heading', { name: 'Mijn account' }).waitFor();
    await page.getByLabel('Huidig wachtwoord').fill(TEST_PASSWORD);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een nieuw en lang wachtwoord');
    await page.getByLabel('Nieuw wachtwoord herhalen').fill('een ander nieuw wachtwoord');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.getByRole('alert').getByText('De twee nieuwe wachtwoorden verschillen.').waitFor();
    await page.getByLabel('Nieuw wachtwoord herhalen').fill('een nieuw en lang wachtwoord');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.getByRole('status').getByText('Je wachtwoord is gewijzigd.').waitFor();
    // the session goes on under its new cookie: a change still passes the CSRF check
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('E-mail address').fill('admin@delijn.test');
    await page.getByLabel('Password').fill('een nieuw en lang wachtwoord');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('nav').first().waitFor();
  });
});
