import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/db/db.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { dutchProblems, horizontalOverflow } from './dutch-text.js';
import { deLijn, startE2eStack, type E2eStack } from './stack.js';

/**
 * The coordinator's case list in a real browser: who complained and about what, searchable; the
 * page passes axe (WCAG 2.1 AA), shows Dutch only and does not scroll sideways on a phone.
 */
if (!haveChromium) console.warn(`case list e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const ACCOUNT = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };

let stack: E2eStack;
let db: Db;
let browser: Browser;
let baseUrl: string;

async function logIn(page: Page): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('E-mailadres').fill('kris@caselist.test');
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { name: /Klachtdossiers/ }).waitFor();
}

e2e('the case list', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (emulatorUrl) => [deLijn(emulatorUrl, ACCOUNT, { pollIntervalSeconds: 1, complaintIntake: { auto: false, mode: 'ask_details' } })],
      users: [{ email: 'kris@caselist.test', name: 'Kris Klachten', role: 'coordinator', entities: ['de-lijn'] }],
      prepare: async ({ emulator }) => {
        emulator.addAccount({ ...ACCOUNT });
        emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '503', username: 'bert', name: 'Bert Claes', text: '@delijn ik wil een klacht indienen: de chauffeur van lijn 9 reed vanmorgen gewoon door aan mijn halte' });
        emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '504', username: 'an_v', name: 'An Verbeke', text: '@delijn formele klacht: de tram van 8u10 is al weken te laat, onaanvaardbaar en niemand doet er iets aan' });
      },
    });
    ({ db, baseUrl, browser } = stack);
    await eventually(async () => (await db.query(`select count(*)::int as n from complaints where entity_id = 'de-lijn'`)).rows[0]!.n === 2, 20_000);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('complainant and subject shown, searched by name; axe, Dutch and phone width clean', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Europe/Brussels' })).newPage();
    page.setDefaultTimeout(15_000);
    await logIn(page);
    const table = page.getByTestId('cases');
    await table.getByText('Bert Claes').waitFor();
    await table.getByText('An Verbeke').waitFor();
    await table.getByText(/^formele klacht: de tram van 8u10/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await dutchProblems(page)).toEqual([]);

    await page.getByRole('searchbox', { name: 'Zoeken' }).fill('verbeke');
    await eventually(async () => (await table.locator('tbody tr').count()) === 1, 10_000);
    expect(await table.locator('tbody tr').first().textContent()).toContain('An Verbeke');
    await page.getByRole('searchbox', { name: 'Zoeken' }).fill('');
    await eventually(async () => (await table.locator('tbody tr').count()) === 2, 10_000);

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Brussels' })).newPage();
    phone.setDefaultTimeout(15_000);
    await logIn(phone);
    await phone.getByTestId('cases').getByText('An Verbeke').waitFor();
    expect(await horizontalOverflow(phone)).toBeNull();
    expect(await axeViolations(phone)).toEqual([]);

    // The handler is picked from the entity's users who may take steps in cases.
    await table.getByRole('link', { name: /^Klachtdossier \d+$/ }).first().click();
    await page.getByText('Klachtenbehandelaar toewijzen', { exact: true }).first().click();
    const assign = page.getByRole('form', { name: 'Klachtenbehandelaar toewijzen' });
    const handler = assign.getByLabel('Klachtenbehandelaar');
    const listId = await handler.getAttribute('list');
    const options = await page.locator(`datalist[id="${listId}"] option`).all();
    expect(await Promise.all(options.map((option) => option.getAttribute('value')))).toEqual(['Kris Klachten']);
    await handler.fill('Kris Klachten');
    await assign.getByRole('button', { name: 'Klachtenbehandelaar toewijzen' }).click();
    await page.getByTestId('case-action-ok').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
