import type { Browser, Page } from 'playwright-core';
import { complaintDeadlines } from '../../src/complaints/deadlines.js';
import type { Db } from '../../src/db/db.js';
import type { Runtime } from '../../src/runtime.js';
import { loadReplyContext, queueReply } from '../../src/tickets/replies.js';
import { processOutbound } from '../../src/tickets/send-reply.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { dutchProblems } from './dutch-text.js';
import { deLijn, startE2eStack, type E2eStack } from './stack.js';

/**
 * The case and its ticket are one story, in a real browser: the ticket shows its case in a banner
 * (state and next term) that links to the case; the case shows the conversation since the complaint,
 * including the citizen's answer in the DM a private reply opened, live.
 */
if (!haveChromium) console.warn(`case story e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const ACCOUNT = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };

let stack: E2eStack;
let db: Db;
let runtime: Runtime;
let browser: Browser;
let baseUrl: string;

async function logIn(page: Page): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('E-mailadres').fill('kris@story.test');
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { name: /Klachtdossiers/ }).waitFor();
}

const longDutchDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('nl-BE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

e2e('one story: the ticket shows its case, the case shows the conversation', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (emulatorUrl) => [deLijn(emulatorUrl, ACCOUNT, { pollIntervalSeconds: 1, complaintIntake: { auto: false, mode: 'ask_details' } })],
      users: [{ email: 'kris@story.test', name: 'Kris Klachten', role: 'coordinator', entities: ['de-lijn'] }],
      prepare: async ({ emulator }) => {
        emulator.addAccount({ ...ACCOUNT });
        emulator.addMention({ toUserId: ACCOUNT.userId, authorId: '611', username: 'lienmaes', name: 'Lien Maes', text: '@delijn ik wil een klacht indienen: bus 21 reed vanmorgen zonder te stoppen voorbij de halte Zuid' });
      },
    });
    ({ db, baseUrl, browser, runtime } = stack);
    await eventually(async () => (await db.query(`select count(*)::int as n from complaints where entity_id = 'de-lijn'`)).rows[0]!.n === 1, 20_000);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('banner on the ticket links to the case; the DM answer to a private reply shows in the case conversation', async () => {
    const { rows } = await db.query<{ id: string; ticket_id: string; received_at: Date }>(`select id, ticket_id, received_at from complaints where entity_id = 'de-lijn'`);
    const caseId = Number(rows[0]!.id);
    const ticketId = Number(rows[0]!.ticket_id);
    const { acknowledgeBy } = complaintDeadlines(rows[0]!.received_at, 'Europe/Brussels');

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Brussels' })).newPage();
    page.setDefaultTimeout(15_000);
    await logIn(page);
    await page.goto(`${baseUrl}/tickets/${ticketId}`);
    const banner = page.getByTestId('case-banner');
    await banner.waitFor();
    expect((await banner.textContent())?.trim()).toBe(`Klacht ${caseId} · ontvangen · ontvangst melden tegen ${longDutchDay(acknowledgeBy)} (nog 10 dagen)`);
    expect(await axeViolations(page)).toEqual([]);
    expect(await dutchProblems(page)).toEqual([]);

    await banner.getByRole('link').click();
    await page.waitForURL(`${baseUrl}/cases/${caseId}`);
    const conversation = page.getByTestId('case-conversation');
    await conversation.getByText('Nog geen verdere berichten van of aan de burger.').waitFor();

    // The entity answers privately (a DM); the citizen answers in that DM: both join the case's ticket.
    const context = (await loadReplyContext(db, ticketId))!;
    const queued = await queueReply(db, { context, text: 'Dag Lien, mag ik uw naam en adres voor uw klacht?', visibility: 'private', actor: 'Kris Klachten' });
    if (queued.outboxId !== undefined) await processOutbound(runtime, queued.outboxId);
    await eventually(async () => (await db.query(`select 1 from messages where ticket_id = $1 and direction = 'outbound' and delivery_status = 'sent'`, [ticketId])).rows.length > 0, 15_000);
    stack.emulator.addDm({ toUserId: ACCOUNT.userId, senderId: '611', username: 'lienmaes', text: 'Lien Maes, Zuidstraat 3, 9000 Gent' });

    const items = conversation.getByTestId('case-conversation-message');
    await eventually(async () => (await items.count()) === 2, 20_000);
    expect(await items.nth(0).textContent()).toContain('Dag Lien, mag ik uw naam en adres');
    expect(await items.nth(0).getByTestId('case-conversation-delivery').textContent()).toBe('verstuurd');
    expect(await items.nth(1).textContent()).toContain('Lien Maes, Zuidstraat 3, 9000 Gent');
    expect(await items.nth(1).textContent()).toContain('@lienmaes');
    // Still one ticket for this citizen.
    expect((await db.query(`select count(*)::int as n from tickets where entity_id = 'de-lijn'`)).rows[0]!.n).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(await dutchProblems(page)).toEqual([]);
  }, 90_000);
});
