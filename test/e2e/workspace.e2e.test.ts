import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ChannelContext, RawItem } from '../../connectors/types.js';
import type { XEmulator } from '../../connectors/x/emulator.js';
import { loadChannel } from '../../src/channels/channels.js';
import { SecretBox } from '../../src/channels/secrets.js';
import type { EntityConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import type { Runtime } from '../../src/runtime.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually, TEST_SECRET } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium, waitForFocus } from './browser.js';
import { deLijn, SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';

/**
 * The agent's workspace (issue 12) in Chromium at a laptop's 1440×900 and a phone's 390×844, against
 * the real API, database, queue, workers and the X emulator: a dense list that stays beside the
 * open conversation; one pane at a time on the phone, never sideways scrolling; opening a ticket
 * never assigns it, claiming does; close-and-next; snooze until the citizen writes again and the
 * wake-up when they do; an image attachment and review stars; the composer's length limit; an intake
 * draft approved and sent; a coordinator who sees no action they may not take. Screenshots of every
 * screen at both sizes, and axe on each.
 */
if (!haveChromium) console.warn(`workspace e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const DELIJN = { userId: '2001', handle: 'delijn', token: 'tok-ws' };
const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const COMPLAINT =
  '@delijn ik wil een klacht indienen: de chauffeur van lijn 9 reed op 3 oktober om 8u15 aan de halte Zuid gewoon door, ik stond te zwaaien en kwam te laat op mijn werk';

// Twenty citizens with a question each: more than a screen of conversations.
const QUESTIONS = [
  'wanneer rijdt lijn 4 weer naar het station?',
  'is de halte Kouter verplaatst door de werken?',
  'hoeveel kost een abonnement voor een student?',
  'rijdt de tram vandaag tot middernacht?',
  'waar vind ik de dienstregeling van lijn 21?',
  'kan ik mijn fiets meenemen op de kusttram?',
  'welke bus gaat naar het UZ vanaf Sint-Pieters?',
  'is er een nachtbus op zaterdag naar Merelbeke?',
  'hoe vraag ik een terugbetaling aan voor mijn ticket?',
  'waarom staat lijn 3 niet meer in de app?',
  'rijdt lijn 70 tijdens de schoolvakantie?',
  'kan ik met mijn bankkaart betalen op de bus?',
  'is de halte aan het ziekenhuis rolstoeltoegankelijk?',
  'tot wanneer loopt de omleiding in Ledeberg?',
  'hoe laat vertrekt de eerste bus naar Gent?',
  'welke lijn stopt aan het nieuwe zwembad?',
  'kan ik een verloren tas terugvragen?',
  'geldt mijn abonnement ook op de belbus?',
  'waar koop ik een dagpas in Brugge?',
  'rijdt lijn 5 op Pinksteren?',
];

let stack: E2eStack;
let db: Db;
let emulator: XEmulator;
let runtime: Runtime;
let browser: Browser;
let baseUrl: string;
let laptop: Page;
let phone: Page;

async function logIn(on: Page, email: string, ready: RegExp = /Wachtrij/): Promise<void> {
  await on.goto(baseUrl);
  await on.getByLabel('E-mailadres').fill(email);
  await on.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await on.getByRole('button', { name: 'Aanmelden' }).click();
  await on.getByRole('heading', { name: ready }).first().waitFor();
}

async function shot(on: Page, name: string, fullPage = false): Promise<void> {
  await on.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Nothing is wider than the window: no sideways scrolling. */
async function horizontalOverflow(on: Page): Promise<number> {
  return (await on.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
}

async function ticketIdByText(fragment: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`select ticket_id as id from messages where text like $1 order by id limit 1`, [`%${fragment}%`]);
  if (!rows[0]) throw new Error(`no message like ${fragment}`);
  return Number(rows[0].id);
}

async function ticketRow(id: number): Promise<{ status: string; assignee_id: number | null }> {
  const { rows } = await db.query<{ status: string; assignee_id: number | null }>('select status, assignee_id from tickets where id = $1', [id]);
  return { status: rows[0]!.status, assignee_id: rows[0]!.assignee_id === null ? null : Number(rows[0]!.assignee_id) };
}

async function userId(email: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from users where email = $1', [email]);
  return Number(rows[0]!.id);
}

/** Polls the X channel until a message with this text is stored; its ticket. */
async function pollUntilStored(fragment: string): Promise<number> {
  return eventually(async () => {
    await pollChannel(runtime, 'delijn-x');
    const { rows } = await db.query<{ id: number }>(`select ticket_id as id from messages where text like $1 limit 1`, [`%${fragment}%`]);
    return rows[0] ? Number(rows[0].id) : undefined;
  });
}

/** The list, the conversation and the context side by side, in that order, all on screen. */
async function panes(on: Page): Promise<Array<{ x: number; width: number } | null>> {
  return Promise.all(['list-pane', 'conversation-pane', 'context-pane'].map((id) => on.getByTestId(id).boundingBox()));
}

e2e('the agent workspace at 1440×900 and 390×844', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (emulatorUrl): EntityConfig[] => [
        deLijn(emulatorUrl, DELIJN, {
          complaintThreshold: 0.5,
          complaintIntake: { auto: true, mode: 'ask_details' },
          channels: [
            {
              id: 'delijn-google',
              platform: 'google',
              name: 'De Lijn Gent',
              account: { accountId: '77', locationId: '88' },
              baseUrl: emulatorUrl,
              credentials: {},
              pollIntervalSeconds: 3600,
              enabled: false,
            },
          ],
        }),
      ],
      users: [
        { email: 'sarah@delijn.test', name: 'Sarah Webcare', role: 'agent', entities: ['de-lijn'] },
        { email: 'tom@delijn.test', name: 'Tom Webcare', role: 'agent', entities: ['de-lijn'] },
        { email: 'kim@delijn.test', name: 'Kim Klachten', role: 'coordinator', entities: ['de-lijn'] },
      ],
      prepare: async (parts) => {
        parts.emulator.addAccount({ ...DELIJN });
        QUESTIONS.forEach((question, index) =>
          parts.emulator.addMention({ toUserId: DELIJN.userId, authorId: String(600 + index), username: `reiziger${index}`, name: `Reiziger ${index}`, text: `@delijn ${question}` }),
        );
        parts.emulator.addDm({ toUserId: DELIJN.userId, senderId: '701', username: 'lotte', name: 'Lotte Peeters', text: 'Mijn abonnement is niet verlengd, kan u helpen?' });
        expect(await pollChannel(parts.runtime, 'delijn-x')).toMatchObject({ status: 'polled' });
      },
    });
    ({ db, emulator, runtime, baseUrl, browser } = stack);
    laptop = await browser.newPage({ viewport: LAPTOP });
    laptop.setDefaultTimeout(10_000);
    phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('laptop: at least 14 conversations above the fold, calm rows, and the list stays beside the open conversation', async () => {
    await logIn(laptop, 'sarah@delijn.test');
    await laptop.locator('tbody tr').nth(15).waitFor();
    const visible = (await laptop.evaluate(
      `[...document.querySelectorAll('tbody tr')].filter((row) => { const box = row.getBoundingClientRect(); return box.height > 0 && box.bottom <= window.innerHeight; }).length`,
    )) as number;
    expect(visible).toBeGreaterThanOrEqual(14);
    // a row: initials, the platform's letter and name (from /api/platforms), a relative time with the exact local time on hover, unread
    const row = laptop.locator('tbody tr', { hasText: 'lijn 4 weer' });
    expect(await row.locator('.avatar').first().textContent()).toBe('R0');
    expect(await row.locator('.platform-badge-wrap').getAttribute('title')).toBe('X');
    expect(await row.locator('time').getAttribute('title')).toMatch(/\d{2}:\d{2}/);
    expect(await row.getAttribute('data-unread')).toBe('true');
    expect(await laptop.locator('h1', { hasText: 'Wachtrij' }).textContent()).toMatch(/\d+ tickets/);
    expect(await horizontalOverflow(laptop)).toBeLessThanOrEqual(0);
    await shot(laptop, 'workspace-queue-laptop');
    expect(await axeViolations(laptop)).toEqual([]);

    const id = await ticketIdByText('lijn 4 weer');
    await row.getByRole('link').click();
    await laptop.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    expect(laptop.url()).toBe(`${baseUrl}/tickets/${id}`);
    const [list, conversation, context] = await panes(laptop);
    expect(list && conversation && context).toBeTruthy();
    expect(list!.x + list!.width).toBeLessThanOrEqual(conversation!.x + 1);
    expect(conversation!.x + conversation!.width).toBeLessThanOrEqual(context!.x + 1);
    expect(await laptop.locator(`tbody tr[data-ticket-id="${id}"]`).getAttribute('aria-current')).toBe('true');
    // read now, and nobody's: opening never assigns
    await eventually(async () => (await laptop.locator(`tbody tr[data-ticket-id="${id}"]`).getAttribute('data-unread')) === null, 5000);
    expect(await laptop.getByTestId('ticket-assignee').textContent()).toBe('niemand');
    expect((await ticketRow(id)).assignee_id).toBeNull();
    await shot(laptop, 'workspace-ticket-laptop');
    expect(await axeViolations(laptop)).toEqual([]);

    // another row opens beside the same list, which kept its place
    const other = laptop.locator('tbody tr', { hasText: 'halte Kouter' });
    await other.getByRole('link').click();
    await laptop.getByTestId('thread').getByText('halte Kouter').waitFor();
    expect(await laptop.getByTestId('list-pane').isVisible()).toBe(true);
    expect((await ticketRow(await ticketIdByText('halte Kouter'))).assignee_id).toBeNull();

    // a deep link shows the list beside it too
    await laptop.goto(`${baseUrl}/tickets/${id}`);
    await laptop.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    await laptop.locator('tbody tr').first().waitFor();
    expect(await laptop.getByTestId('list-pane').isVisible()).toBe(true);
    expect((await ticketRow(id)).assignee_id).toBeNull();

    // claiming is explicit
    await laptop.getByTestId('claim').click();
    await laptop.getByTestId('ticket-assignee').getByText('Sarah Webcare (jij)').waitFor();
    expect((await ticketRow(id)).assignee_id).toBe(await userId('sarah@delijn.test'));
    expect(await laptop.getByTestId('claim').count()).toBe(0);
  });

  test('phone: one pane at a time with a way back, no sideways scrolling, the menu and logout reachable', async () => {
    await logIn(phone, 'sarah@delijn.test');
    await phone.locator('tbody tr').first().waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'workspace-queue-phone');
    expect(await axeViolations(phone)).toEqual([]);

    // a row far down the list: the conversation opens at its top, and the list comes back where it was
    const row = phone.locator('tbody tr', { hasText: 'abonnement voor een student' });
    await row.scrollIntoViewIfNeeded();
    const listScroll = (await phone.evaluate('window.scrollY')) as number;
    expect(listScroll).toBeGreaterThan(0);
    await row.getByRole('link').click();
    await phone.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    expect(await phone.evaluate('window.scrollY')).toBe(0);
    expect(await phone.getByTestId('list-pane').isVisible()).toBe(false);
    expect(await phone.getByTestId('context-pane').isVisible()).toBe(false);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'workspace-ticket-phone');
    expect(await axeViolations(phone)).toEqual([]);

    await phone.getByRole('button', { name: 'Details' }).click();
    await phone.getByTestId('context-pane').waitFor();
    expect(await phone.getByTestId('conversation-pane').isVisible()).toBe(false);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'workspace-context-phone');
    expect(await axeViolations(phone)).toEqual([]);
    await phone.getByRole('button', { name: 'Gesprek' }).click();
    await phone.getByTestId('conversation-pane').waitFor();

    await phone.getByRole('button', { name: 'Terug naar de lijst' }).click();
    await phone.getByTestId('list-pane').waitFor();
    expect(phone.url()).toBe(`${baseUrl}/`);
    expect(await phone.evaluate('window.scrollY')).toBe(listScroll);
    await phone.evaluate('window.scrollTo(0, 0)');

    // the menu: every page and logging out, within the screen
    await phone.getByTestId('menu-toggle').click();
    const logout = phone.getByRole('button', { name: 'Afmelden' });
    await logout.waitFor();
    const box = await logout.boundingBox();
    expect(box!.x >= 0 && box!.x + box!.width <= PHONE.width && box!.y + box!.height <= PHONE.height).toBe(true);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'workspace-menu-phone');
    expect(await axeViolations(phone)).toEqual([]);
    // the accessibility statement is one tap away on every screen
    expect(await phone.getByRole('contentinfo').getByRole('link', { name: 'Toegankelijkheid' }).count()).toBe(1);
    await logout.click();
    await phone.getByRole('heading', { name: 'Aanmelden bij de sociale inbox' }).waitFor();
  });

  test('close and next: the ticket is closed and the next one in the list opens', async () => {
    for (const [index, question] of ['wanneer komt de tram naar Gentbrugge?', 'is de halte Gentbrugge-Brug open?', 'rijdt er een bus van Gentbrugge naar Destelbergen?'].entries()) {
      emulator.addMention({ toUserId: DELIJN.userId, authorId: String(900 + index), username: `gentbrugge${index}`, text: `@delijn ${question}` });
    }
    await pollUntilStored('Gentbrugge naar Destelbergen');
    await laptop.goto(baseUrl);
    await laptop.locator('tbody tr').first().waitFor();
    // the list as filtered is the order: a search for the three
    await laptop.getByRole('searchbox').fill('Gentbrugge');
    await eventually(async () => (await laptop.locator('tbody tr').count()) === 3, 5000);
    const ids = (await laptop.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Number((row as unknown as { dataset: { ticketId: string } }).dataset.ticketId)))) as number[];
    const [first, second, third] = ids;
    await laptop.locator(`tbody tr[data-ticket-id="${first}"]`).getByRole('link').click();
    await laptop.getByTestId('close-next').click();
    await laptop.waitForURL(`${baseUrl}/tickets/${second}`);
    await laptop.getByTestId('status-message').getByText('Ticket gesloten; het volgende ticket is open.').waitFor();
    expect((await ticketRow(first!)).status).toBe('closed');
    expect((await ticketRow(second!)).assignee_id).toBeNull();
    await shot(laptop, 'workspace-close-next-laptop');
    // by keyboard: Shift+E
    await laptop.locator('#ticket-title').click();
    await laptop.keyboard.press('Shift+E');
    await laptop.waitForURL(`${baseUrl}/tickets/${third}`);
    expect((await ticketRow(second!)).status).toBe('closed');
    await laptop.getByRole('searchbox').fill('');
  });

  test('snooze until the citizen writes again: out of the queue, under "Gesnoozed", back when they reply', async () => {
    const id = await ticketIdByText('abonnement is niet verlengd');
    await laptop.goto(`${baseUrl}/tickets/${id}`);
    await laptop.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    await laptop.locator(`tbody tr[data-ticket-id="${id}"]`).waitFor();
    await laptop.locator('#ticket-title').click();
    await laptop.keyboard.press('s');
    const choices = laptop.getByRole('list', { name: 'Snoozen tot' });
    await choices.waitFor();
    await waitForFocus(laptop, 'document.activeElement?.dataset.snooze', 'hour');
    await shot(laptop, 'workspace-snooze-laptop');
    expect(await axeViolations(laptop)).toEqual([]);
    await choices.getByRole('button', { name: /Tot de burger opnieuw schrijft/ }).click();
    await laptop.getByTestId('snoozed').getByText(/Gesnoozed tot de burger opnieuw schrijft/).waitFor();
    await laptop.locator(`tbody tr[data-ticket-id="${id}"]`).waitFor({ state: 'detached' });
    const { rows } = await db.query<{ snoozed_until_reply: boolean }>('select snoozed_until_reply from tickets where id = $1', [id]);
    expect(rows[0]!.snoozed_until_reply).toBe(true);

    await laptop.getByRole('button', { name: 'Gesnoozed', exact: true }).click();
    const snoozedRow = laptop.locator(`tbody tr[data-ticket-id="${id}"]`);
    await snoozedRow.waitFor();
    expect(await snoozedRow.getByTestId('snoozed-mark').textContent()).toContain('gesnoozed');
    expect(await laptop.locator('tbody tr').count()).toBe(1);

    // the citizen writes again: the ticket wakes, back in the queue and out of "Gesnoozed", without a reload
    emulator.addDm({ toUserId: DELIJN.userId, senderId: '701', username: 'lotte', name: 'Lotte Peeters', text: 'Is er al nieuws over mijn abonnement?' });
    expect(await pollUntilStored('al nieuws over mijn abonnement')).toBe(id);
    await snoozedRow.waitFor({ state: 'detached', timeout: 10_000 });
    await laptop.getByRole('button', { name: 'Alles', exact: true }).click();
    await laptop.locator(`tbody tr[data-ticket-id="${id}"]`).waitFor();
    await eventually(async () => (await laptop.getByTestId('snoozed').count()) === 0, 10_000);
    const woken = await db.query<{ snoozed_until_reply: boolean; snoozed_until: Date | null }>('select snoozed_until_reply, snoozed_until from tickets where id = $1', [id]);
    expect(woken.rows[0]).toEqual({ snoozed_until_reply: false, snoozed_until: null });

    // until a time: an hour from now, and woken again by hand
    await laptop.getByTestId('snooze').click();
    await laptop.getByRole('list', { name: 'Snoozen tot' }).getByRole('button', { name: /Over 1 uur/ }).click();
    await laptop.getByTestId('snoozed').getByText(/Gesnoozed tot .*\d{2}:\d{2}/).waitFor();
    const until = await db.query<{ snoozed_until: Date | null }>('select snoozed_until from tickets where id = $1', [id]);
    expect(Math.abs(until.rows[0]!.snoozed_until!.getTime() - (Date.now() + 3_600_000))).toBeLessThan(120_000);
    await laptop.getByTestId('snoozed').getByRole('button', { name: 'Nu wekken' }).click();
    await laptop.getByTestId('status-message').getByText('Ticket gewekt: het staat weer in de wachtrij.').waitFor();
    expect((await db.query('select 1 from tickets where id = $1 and snoozed_until is null and not snoozed_until_reply', [id])).rows).toHaveLength(1);
  });

  test('colleagues on the same ticket see each other viewing and typing; c claims', async () => {
    const id = await ticketIdByText('dienstregeling van lijn 21');
    const tom = await browser.newPage({ viewport: LAPTOP });
    tom.setDefaultTimeout(10_000);
    try {
      await logIn(tom, 'tom@delijn.test');
      await tom.goto(`${baseUrl}/tickets/${id}`);
      await tom.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
      await laptop.goto(`${baseUrl}/tickets/${id}`);
      await laptop.getByTestId('presence').getByText('Tom Webcare bekijkt dit ticket.').waitFor({ timeout: 15_000 });
      await tom.getByLabel('Antwoord', { exact: true }).fill('Dag, de dienstregeling staat op onze site.');
      await laptop.getByTestId('presence').getByText('Tom Webcare typt een antwoord…').waitFor({ timeout: 15_000 });
      await tom.getByTestId('presence').getByText('Sarah Webcare bekijkt dit ticket.').waitFor({ timeout: 15_000 });
      await shot(laptop, 'workspace-presence-laptop');
      expect(await axeViolations(laptop)).toEqual([]);
      // nobody has it yet; c claims it for Sarah
      expect((await ticketRow(id)).assignee_id).toBeNull();
      await laptop.locator('#ticket-title').click();
      await laptop.keyboard.press('c');
      await laptop.getByTestId('ticket-assignee').getByText('Sarah Webcare (jij)').waitFor();
      await tom.getByTestId('claimed-by').getByText('Dit ticket is geclaimd door Sarah Webcare.').waitFor();
    } finally {
      await tom.close();
    }
  });

  test('the composer counts toward the platform’s limit and refuses a reply over it, saying why', async () => {
    const id = await ticketIdByText('fiets meenemen');
    await laptop.goto(`${baseUrl}/tickets/${id}`);
    await laptop.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    const before = await db.query('select id from messages where ticket_id = $1', [id]);
    await laptop.getByLabel('openbaar antwoord').check();
    await laptop.getByRole('group', { name: /Zichtbaarheid/ }).waitFor().catch(() => undefined);
    const text = `Dag, ${'fietsen mogen mee op de kusttram buiten de spits. '.repeat(6)}`.trim();
    expect(text.length).toBeGreaterThan(280);
    await laptop.getByLabel('Antwoord', { exact: true }).fill(text);
    await laptop.getByTestId('reply-counter').getByText(`${text.length} van 280 tekens`).waitFor();
    expect(await laptop.getByTestId('reply-counter').getAttribute('class')).toContain('over');
    await laptop.getByRole('button', { name: 'Versturen' }).click();
    const refusal = laptop.getByTestId('reply-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Te lang voor X: maximaal 280 tekens');
    await shot(laptop, 'workspace-too-long-laptop');
    expect(await axeViolations(laptop)).toEqual([]);
    expect((await db.query('select id from messages where ticket_id = $1', [id])).rows).toHaveLength(before.rows.length);
    expect(emulator.replies.some((reply) => reply.text === text)).toBe(false);
    // a private message on X may be longer: the counter follows the visibility
    await laptop.getByLabel('privébericht').check();
    await laptop.getByTestId('reply-counter').getByText(`${text.length} van 10.000 tekens`).waitFor();
  });

  test('re-tagging to a complaint says first who is notified and that the messages to the citizen wait as drafts', async () => {
    const id = await ticketIdByText('verloren tas');
    await laptop.goto(`${baseUrl}/tickets/${id}`);
    await laptop.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    const escalate = laptop.getByRole('form', { name: 'Escaleren naar klacht' });
    await escalate.getByLabel('Reden van de escalatie').fill('de burger beschrijft een concreet voorval');
    await escalate.getByRole('button', { name: 'Escaleren naar klacht' }).click();
    const preview = laptop.getByTestId('complaint-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('De klachtencoördinator van De Lijn krijgt een melding');
    expect(await preview.textContent()).toContain('als concept');
    // nothing happened yet
    expect((await db.query('select 1 from complaints where ticket_id = $1', [id])).rows).toHaveLength(0);
    await shot(laptop, 'workspace-complaint-preview-laptop');
    expect(await axeViolations(laptop)).toEqual([]);
    await preview.getByRole('button', { name: 'Annuleren' }).click();
    expect(await laptop.getByTestId('complaint-preview').count()).toBe(0);
    expect((await db.query('select 1 from complaints where ticket_id = $1', [id])).rows).toHaveLength(0);
  });

  test('an intake draft is approved (edited) and sent; the system’s drafts were no first response', async () => {
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '801', username: 'bert', name: 'Bert Claes', text: COMPLAINT });
    const id = await pollUntilStored('reed op 3 oktober');
    await eventually(async () => (await db.query(`select 1 from messages where ticket_id = $1 and delivery_status = 'draft'`, [id])).rows.length === 2, 15_000);
    await laptop.goto(`${baseUrl}/tickets/${id}`);
    await laptop.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    const drafts = laptop.getByTestId('draft');
    await drafts.nth(1).waitFor();
    // the first response is still to come: drafts are no answer
    expect(await laptop.getByTestId('ticket-category').textContent()).toContain('klacht');
    expect(await laptop.locator('.ticket-head [data-testid="sla"]').textContent()).toContain('eerste antwoord');
    await shot(laptop, 'workspace-drafts-laptop', true);
    expect(await axeViolations(laptop)).toEqual([]);

    const privateDraft = laptop.locator('[data-testid="draft"][data-visibility="private"]');
    const box = privateDraft.getByRole('textbox');
    const edited = `${await box.inputValue()}\n\nGroeten, Sarah`;
    await box.fill(edited);
    await privateDraft.getByRole('button', { name: 'Goedkeuren en versturen' }).click();
    await laptop.getByTestId('status-message').getByText('Concept goedgekeurd; het wordt verstuurd.').waitFor();
    await eventually(async () => emulator.replies.some((reply) => reply.text === edited), 15_000);
    await laptop.locator('[data-testid="draft"][data-visibility="public"]').getByRole('button', { name: 'Verwerpen' }).click();
    await laptop.getByTestId('status-message').getByText('Concept verworpen: er is niets verstuurd.').waitFor();
    await eventually(async () => (await laptop.getByTestId('draft').count()) === 0, 10_000);
    await laptop.locator('.message.outbound', { hasText: 'Groeten, Sarah' }).getByTestId('delivery').getByText('verstuurd').waitFor({ timeout: 15_000 });
    const { rows } = await db.query<{ first_response_at: Date | null }>('select first_response_at from tickets where id = $1', [id]);
    expect(rows[0]!.first_response_at).not.toBeNull();
    expect(emulator.replies.filter((reply) => reply.participantId === '801' || reply.text.includes('klacht')).length).toBeGreaterThanOrEqual(1);
  });

  test('a review’s stars and an image attachment are shown as the platform shows them', async () => {
    const channel = (await loadChannel(db, 'delijn-google', new SecretBox(TEST_SECRET)))!.context as ChannelContext;
    const { ingest } = await import('../../src/ingest/ingest.js');
    const { normalizeGoogle } = await import('../../connectors/google/normalize.js');
    const now = new Date().toISOString();
    const review: RawItem = {
      type: 'review',
      externalId: 'rev-1',
      payload: { review: { name: 'accounts/77/locations/88/reviews/rev-1', reviewId: 'rev-1', reviewer: { displayName: 'Mieke Janssens' }, starRating: 'FOUR', createTime: now, updateTime: now } },
    };
    expect(await ingest(db, { channel, items: [review], normalize: normalizeGoogle })).toMatchObject({ inserted: 1 });
    const reviewTicket = await eventually(async () => (await db.query<{ id: number }>(`select t.id from tickets t join channels c on c.id = t.channel_id where c.id = 'delijn-google'`)).rows[0]?.id);
    await laptop.goto(`${baseUrl}/tickets/${reviewTicket}`);
    const stars = laptop.getByRole('img', { name: '4 van 5 sterren' });
    await stars.waitFor();
    expect(await laptop.getByTestId('thread').textContent()).toContain('Alleen een beoordeling, zonder tekst.');
    await shot(laptop, 'workspace-review-laptop');
    expect(await axeViolations(laptop)).toEqual([]);

    emulator.addMention({ toUserId: DELIJN.userId, authorId: '802', username: 'fien', name: 'Fien', text: '@delijn kijk hoe vol de bus zit', mediaKeys: ['3_busfoto'] });
    const photoTicket = await pollUntilStored('hoe vol de bus');
    await laptop.goto(`${baseUrl}/tickets/${photoTicket}`);
    const image = laptop.getByRole('list', { name: 'Bijlagen' }).getByRole('img', { name: /foto 1 bij het bericht van Fien/ });
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^\/api\/tickets\/\d+\/messages\/\d+\/attachments\/0$/);
    // the PNG the platform serves, loaded and decoded
    await eventually(async () => (await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) > 0, 10_000);
    await shot(laptop, 'workspace-attachment-laptop');
    expect(await axeViolations(laptop)).toEqual([]);
  });

  test('in between: a small laptop (1280×720) and a tablet (1024×768) keep the list and never scroll sideways', async () => {
    const id = await ticketIdByText('halte Kouter');
    for (const [width, height, name] of [
      [1280, 720, 'small-laptop'],
      [1024, 768, 'tablet'],
    ] as const) {
      await laptop.setViewportSize({ width, height });
      await laptop.goto(`${baseUrl}/tickets/${id}`);
      await laptop.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
      await laptop.locator('tbody tr').first().waitFor();
      expect(await laptop.getByTestId('list-pane').isVisible()).toBe(true);
      expect(await horizontalOverflow(laptop)).toBeLessThanOrEqual(0);
      await shot(laptop, `workspace-ticket-${name}`);
      expect(await axeViolations(laptop)).toEqual([]);
    }
    // below a laptop's width the context is one button away
    await laptop.getByRole('button', { name: 'Details' }).click();
    await laptop.getByTestId('context-pane').waitFor();
    expect(await laptop.getByTestId('list-pane').isVisible()).toBe(true);
    await shot(laptop, 'workspace-context-tablet');
    await laptop.setViewportSize(LAPTOP);
  });

  test('a coordinator opening a ticket of a case reads it beside the case, with no action they may not take', async () => {
    const id = await ticketIdByText('reed op 3 oktober');
    const { rows } = await db.query<{ id: number }>('select id from complaints where ticket_id = $1', [id]);
    for (const [page, size] of [
      [laptop, 'laptop'],
      [phone, 'phone'],
    ] as const) {
      await page.context().clearCookies();
      await logIn(page, 'kim@delijn.test', /Klachtdossiers/);
      await page.goto(`${baseUrl}/tickets/${id}`);
      await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
      await page.getByTestId('thread').waitFor();
      for (const name of ['Claimen', 'Versturen', 'Sluiten', 'Sluiten en volgende', /Snoozen/, 'Overnemen', 'Opslaan', 'Heropenen']) {
        const count = await page.getByRole('button', typeof name === 'string' ? { name, exact: true } : { name }).count();
        expect([String(name), count]).toEqual([String(name), 0]);
      }
      expect(await page.getByLabel('Antwoord', { exact: true }).count()).toBe(0);
      expect(await page.getByRole('form', { name: 'Eigenschappen' }).count()).toBe(0);
      expect(await page.getByTestId('list-pane').count()).toBe(0);
      if (size === 'phone') await page.getByRole('button', { name: 'Details' }).click();
      const caseCard = page.getByTestId('case-card');
      await caseCard.waitFor();
      expect(await caseCard.getByRole('link').getAttribute('href')).toBe(`/cases/${rows[0]!.id}`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `workspace-coordinator-${size}`);
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});
