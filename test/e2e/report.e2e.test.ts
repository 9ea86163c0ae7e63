import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/db/db.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { dutchProblems } from './dutch-text.js';
import { deLijn, SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';

/**
 * The annual report page in a real browser: a coordinator of De Lijn and AWV sees both together by
 * default, narrows to one (the downloads follow), is asked to choose when none is left; the page
 * passes axe (WCAG 2.1 AA) and shows Dutch only.
 */
if (!haveChromium) console.warn(`report e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const ACCOUNT = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };

let stack: E2eStack;
let db: Db;
let browser: Browser;
let page: Page;
let baseUrl: string;

e2e('the annual report page', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (emulatorUrl) => [
        deLijn(emulatorUrl, ACCOUNT, { pollIntervalSeconds: 1, complaintIntake: { auto: false, mode: 'ask_details' } }),
        { id: 'awv', name: 'AWV', coordinator: { name: 'Klachten AWV', email: 'klachten@awv.test' }, complaintThreshold: 0.6, timeZone: 'Europe/Brussels', channels: [] },
      ],
      users: [{ email: 'kris@report.test', name: 'Kris Klachten', role: 'coordinator', entities: ['de-lijn', 'awv'] }],
      prepare: async ({ emulator }) => {
        emulator.addAccount({ ...ACCOUNT });
        emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '503', username: 'bert', name: 'Bert Claes', text: '@delijn ik wil een klacht indienen: de chauffeur van lijn 9 reed vanmorgen gewoon door aan mijn halte' });
      },
    });
    ({ db, baseUrl, browser } = stack);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Europe/Brussels' })).newPage();
    page.setDefaultTimeout(15_000);
    await eventually(async () => (await db.query(`select count(*)::int as n from complaints where entity_id = 'de-lijn'`)).rows[0]!.n === 1, 20_000);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('both entities together, then one, then none; axe and Dutch clean', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('E-mailadres').fill('kris@report.test');
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Jaarverslag' }).click();
    await page.getByRole('heading', { name: 'Jaarverslag klachten' }).waitFor();
    const year = String(new Date().getFullYear());
    await page.locator('select[name=year]').selectOption(year);

    const covers = page.getByTestId('report-covers');
    await covers.filter({ hasText: /Over: (De Lijn, AWV|AWV, De Lijn)/ }).waitFor();
    const received = page.getByTestId('report-received');
    expect(await received.locator('tbody tr').first().textContent()).toBe('ontvangen1');
    await page.getByTestId('report-chart-received').waitFor();
    expect(await page.getByTestId('report-download-xlsx').getAttribute('href')).toBe(`/api/reports/complaints?year=${year}&format=xlsx`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'report.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(await dutchProblems(page)).toEqual([]);

    // One entity: the tables and the downloads follow.
    await page.getByRole('checkbox', { name: 'De Lijn' }).uncheck();
    await covers.filter({ hasText: /^Over: AWV/ }).waitFor();
    expect(await received.locator('tbody tr').first().textContent()).toBe('ontvangen0');
    const href = await page.getByTestId('report-download-xlsx').getAttribute('href');
    expect(href).toBe(`/api/reports/complaints?year=${year}&entity=awv&format=xlsx`);
    const xlsx = await page.request.get(`${baseUrl}${href}`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
    const csv = await page.request.get(`${baseUrl}${await page.getByTestId('report-download-csv').getAttribute('href')}`);
    expect(csv.headers()['content-disposition']).toContain('klachten-' + year + '-awv.csv');
    const pdf = await page.request.get(`${baseUrl}${await page.getByTestId('report-download-pdf').getAttribute('href')}`);
    expect([pdf.status(), pdf.headers()['content-type'], (await pdf.body()).subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);

    // None: the page asks for one.
    await page.getByRole('checkbox', { name: 'AWV' }).uncheck();
    await page.getByText('Kies minstens één entiteit.').waitFor();
    expect(await page.getByTestId('report-download-xlsx').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Al mijn entiteiten' }).check();
    await covers.filter({ hasText: /De Lijn/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
