import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/db/db.js';
import type { XEmulator } from '../../connectors/x/emulator.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { dutchProblems } from './dutch-text.js';
import { deLijn, SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';

/**
 * Issue 17 in a real browser: Vlaanderen.be's agent refers a question to De Lijn ("Doorverwijzen"),
 * reads and approves the reply to the citizen, which goes out on the X emulator; the dashboard shows
 * Vlaanderen.be the trace and De Lijn's agent finds the ticket in their queue with the referral.
 */
if (!haveChromium) console.warn(`referral e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const VLAANDEREN = { userId: '1101', handle: 'vlaanderenbe', token: 'tok-vlaanderen' };
const DE_LIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };
const QUESTION = '@vlaanderenbe Wanneer rijdt bus 5 weer langs de Kouter in Gent?';

let stack: E2eStack;
let db: Db;
let emulator: XEmulator;
let browser: Browser;
let baseUrl: string;

async function logIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Brussels' })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(baseUrl);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { name: /Wachtrij/ }).waitFor();
  return page;
}

e2e('referral (doorverwijzen)', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (emulatorUrl) => {
        const vlaanderen = deLijn(emulatorUrl, VLAANDEREN, { pollIntervalSeconds: 1 });
        return [
          { ...vlaanderen, id: 'vlaanderen-be', name: 'Vlaanderen.be', coordinator: { name: 'Klachten Vlaanderen', email: 'klachten@vlaanderen.test' }, channels: [{ ...vlaanderen.channels[0]!, id: 'vlaanderen-x', name: '@vlaanderenbe' }] },
          deLijn(emulatorUrl, DE_LIJN),
        ];
      },
      users: [
        { email: 'an@vlaanderen.test', name: 'An Vlaanderen', role: 'agent', entities: ['vlaanderen-be'] },
        { email: 'sarah@delijn.test', name: 'Sarah Webcare', role: 'agent', entities: ['de-lijn'] },
      ],
      prepare: async ({ emulator: x }) => {
        x.addAccount({ ...VLAANDEREN });
        x.addAccount({ ...DE_LIJN });
        x.addMention({ toUserId: VLAANDEREN.userId, authorId: '701', username: 'lotte', name: 'Lotte Lauwers', text: QUESTION, lang: 'nl' });
      },
    });
    ({ db, baseUrl, browser, emulator } = stack);
    await eventually(async () => (await db.query(`select count(*)::int as n from tickets where entity_id = 'vlaanderen-be'`)).rows[0]!.n === 1, 20_000);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('Vlaanderen.be refers a question to De Lijn with an approved reply; it keeps the trace, De Lijn gets the ticket', async () => {
    const an = await logIn('an@vlaanderen.test');
    const rows = an.locator('table.queue tbody tr');
    await eventually(async () => (await rows.count()) === 1, 10_000);
    await rows.first().getByRole('link').first().click();
    await an.getByRole('button', { name: 'Doorverwijzen' }).click();
    const dialog = an.getByTestId('refer-dialog');
    await dialog.locator('select[name=referTo]').selectOption({ label: 'De Lijn' });
    await dialog.getByRole('textbox', { name: 'Notitie voor de ontvangende entiteit' }).fill('Vraag over de dienstregeling van bus 5');
    const reply = dialog.getByTestId('refer-reply');
    await eventually(async () => (await reply.inputValue()).includes('we hebben uw vraag doorgegeven aan De Lijn'), 10_000);
    // nothing goes out before the person approved what they read
    expect(await dialog.getByTestId('refer-confirm').isDisabled()).toBe(true);
    await dialog.getByTestId('refer-approve').check();
    expect(await axeViolations(an)).toEqual([]);
    expect(await dutchProblems(an)).toEqual([]);
    await an.screenshot({ path: `${SCREENSHOTS}referral-dialog.png` });
    expect(emulator.replies).toHaveLength(0);
    await dialog.getByRole('button', { name: 'Doorverwijzen en antwoord versturen' }).click();
    await dialog.waitFor({ state: 'detached' });

    await eventually(async () => emulator.replies.length === 1, 15_000);
    expect(emulator.replies[0]).toMatchObject({ byUserId: VLAANDEREN.userId });
    expect(emulator.replies[0]!.text).toContain('doorgegeven aan De Lijn');

    // The trace on Vlaanderen.be's dashboard: to whom, the note, the outcome.
    await an.goto(`${baseUrl}/dashboard`);
    const card = an.getByTestId('referrals-card');
    await eventually(async () => (await card.locator('tbody tr').count()) === 1, 10_000);
    const trace = await card.locator('tbody tr').first().textContent();
    expect(trace).toContain('De Lijn');
    expect(trace).toContain('Vraag over de dienstregeling van bus 5');
    expect(trace).not.toContain('Kouter');
    expect(await an.getByTestId('referral-counts').textContent()).toContain('1 doorverwezen, 0 ontvangen');
    expect(await axeViolations(an)).toEqual([]);
    expect(await dutchProblems(an)).toEqual([]);

    // De Lijn's agent: the ticket in the queue, with where it came from.
    const sarah = await logIn('sarah@delijn.test');
    const queue = sarah.locator('table.queue tbody tr');
    await eventually(async () => (await queue.count()) === 1, 10_000);
    expect(await queue.first().textContent()).toContain('Kouter');
    await queue.first().getByRole('link').first().click();
    const received = sarah.getByTestId('referral-card');
    await received.waitFor();
    expect(await received.textContent()).toContain('Doorverwezen door Vlaanderen.be');
    expect(await received.textContent()).toContain('Vraag over de dienstregeling van bus 5');
    // Vlaanderen.be's notice to the citizen is theirs, not De Lijn's reply
    const notice = sarah.locator('[data-testid="thread"] li.message.outbound').filter({ hasText: 'doorgegeven aan De Lijn' });
    await notice.waitFor();
    expect(await notice.locator('.meta strong').textContent()).toBe('Antwoord van Vlaanderen.be');
    expect(await axeViolations(sarah)).toEqual([]);
    expect(await dutchProblems(sarah)).toEqual([]);
    await sarah.screenshot({ path: `${SCREENSHOTS}referral-received.png` });
  }, 90_000);
});
