import type { Browser } from 'playwright-core';
import type { Db } from '../../src/db/db.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { deLijn, SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';
import { dutchProblems } from './dutch-text.js';

/**
 * "Geschiedenis ophalen" in a real browser: the admin picks a period on the channel's card, the
 * backfill worker reads it from the X emulator, and the progress line follows it to the end (the
 * card asks every 2 s); what lies outside the period is not stored.
 */
if (!haveChromium) console.warn(`backfill e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const DELIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };

let stack: E2eStack;
let db: Db;
let browser: Browser;
let baseUrl: string;

e2e('fetching a channel history from its card', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (url) => [deLijn(url, DELIJN)],
      users: [{ email: 'admin@delijn.test', name: 'Ada Beheer', role: 'admin', entities: ['de-lijn'] }],
      prepare: async ({ emulator: x, db: database }) => {
        x.addAccount({ ...DELIJN });
        // Not polled during the test: only the backfill reads the emulator.
        await database.query(`update channels set enabled = false where id = 'delijn-x'`);
        // One mention a day from 1 to 20 October 2026.
        for (let day = 1; day <= 20; day++) {
          x.addMention({ toUserId: DELIJN.userId, authorId: String(500 + day), username: `burger${day}`, text: `@delijn vraag van ${day} oktober`, createdAt: new Date(Date.UTC(2026, 9, day, 10)) });
        }
      },
    });
    ({ db, baseUrl, browser } = stack);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('a period, then a live progress line to the end', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Brussels' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(baseUrl);
    await page.getByLabel('E-mailadres').fill('admin@delijn.test');
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
    await page.goto(`${baseUrl}/admin/channels`);

    const card = page.getByTestId('channel-delijn-x');
    const panel = card.getByTestId('backfill');
    await panel.locator('summary', { hasText: 'Geschiedenis ophalen' }).click();
    await panel.getByTestId('backfill-since').fill('2026-10-05');
    await panel.getByTestId('backfill-until').fill('2026-10-14');
    await panel.getByRole('button', { name: 'Geschiedenis ophalen' }).click();

    const progress = panel.getByTestId('backfill-progress');
    await progress.and(page.locator('[data-status="done"]')).waitFor();
    expect(await dutchProblems(page)).toEqual([]);
    expect(await progress.textContent()).toMatch(/^Laatste ophaling \(5 okt\.? 2026 – 14 okt\.? 2026\): Klaar · 2 pagina's, 10 opgehaald, 10 nieuw, 0 al aanwezig · tot 5 okt\.?, 12:00 \(100%\)$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}backfill.png` });

    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from messages where channel_id = 'delijn-x'`);
    expect(rows[0]!.n).toBe(10);
  }, 60_000);
});
