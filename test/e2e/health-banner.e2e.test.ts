import type { Browser, Page } from 'playwright-core';
import type { XEmulator } from '../../connectors/x/emulator.js';
import { updateChannel } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { TEST_SECRET } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { deLijn, SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';
import { dutchProblems } from './dutch-text.js';

/**
 * Health that reaches people, in a real browser: the channel's token is revoked, and once the outage
 * lasts the alert threshold every user of the entity sees the banner (the agent without, the admin
 * with a link to the channel); the health board says how long; after reconnecting and a poll the
 * banner goes without a reload and the board shows the last outage with the messages caught up.
 */
if (!haveChromium) console.warn(`health banner e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const DELIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };

let stack: E2eStack;
let db: Db;
let emulator: XEmulator;
let runtime: Runtime;
let browser: Browser;
let baseUrl: string;

async function logIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Europe/Brussels' })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(baseUrl);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
  return page;
}

e2e('the health banner and the outage on the health board', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (url) => [deLijn(url, DELIJN)],
      users: [
        { email: 'admin@delijn.test', name: 'Ada Beheer', role: 'admin', entities: ['de-lijn'] },
        { email: 'agent@delijn.test', name: 'Arne Agent', role: 'agent', entities: ['de-lijn'] },
      ],
      prepare: async ({ emulator: x, runtime: r }) => {
        x.addAccount({ ...DELIJN });
        // the threshold is the setting; a short one stands in for 15 minutes
        r.settings.health = { alertAfterMinutes: 0.01 };
        x.revokeToken(DELIJN.token);
        expect(await pollChannel(r, 'delijn-x')).toEqual({ status: 'auth_expired' });
        for (const text of ['wanneer rijdt lijn 4 weer?', 'de bus van 8u10 kwam niet']) {
          x.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'an', name: 'An Peeters', text: `@delijn ${text}` });
        }
      },
    });
    ({ db, emulator, runtime, baseUrl, browser } = stack);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('every user of the entity sees the banner; the admin follows its link to the channel', async () => {
    const agent = await logIn('agent@delijn.test');
    const banner = agent.getByTestId('health-banner');
    await banner.waitFor();
    expect(await banner.locator('strong').textContent()).toBe('Een kanaal haalt geen berichten meer op');
    expect(await banner.getByTestId('health-alert-delijn-x').textContent()).toMatch(/^@delijn \(X\): moet opnieuw gekoppeld worden, al \d+ min$/);
    expect(await banner.getByRole('link').count()).toBe(0);
    expect(await axeViolations(agent)).toEqual([]);
    expect(await dutchProblems(agent)).toEqual([]);
    await agent.screenshot({ path: `${SCREENSHOTS}health-banner.png` });

    const admin = await logIn('admin@delijn.test');
    await admin.getByTestId('health-banner').getByRole('link', { name: 'Kanaal openen' }).click();
    await admin.getByRole('heading', { name: 'Kanalen en hun gezondheid' }).waitFor();
    expect(new URL(admin.url()).hash).toBe('#channel-delijn-x');
    const card = admin.getByTestId('channel-delijn-x');
    expect(await card.getByTestId('channel-unhealthy').textContent()).toMatch(/^werkt al \d+ min niet$/);

    // new credentials and a poll: the outage ends, the banner goes without a reload, the board shows what was caught up
    await admin.evaluate('window.noReload = true');
    emulator.restoreToken(DELIJN.token);
    await updateChannel(db, 'delijn-x', { credentials: { userAccessToken: DELIJN.token } }, new SecretBox(TEST_SECRET), 'test');
    expect(await pollChannel(runtime, 'delijn-x')).toMatchObject({ status: 'polled', inserted: 2 });
    await card.getByTestId('channel-last-outage').filter({ hasText: /^\d+ min, 2 berichten ingehaald/ }).waitFor();
    expect(await card.getByTestId('channel-unhealthy').count()).toBe(0);
    await card.screenshot({ path: `${SCREENSHOTS}health-last-outage.png` });
    await agent.getByTestId('health-banner').waitFor({ state: 'detached', timeout: 70_000 });
    await admin.getByTestId('health-banner').waitFor({ state: 'detached' });
    expect(await admin.evaluate('window.noReload')).toBe(true);
  }, 120_000);
});
