import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { XEmulator } from '../../connectors/x/emulator.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import type { Runtime } from '../../src/runtime.js';
import type { Db } from '../../src/db/db.js';
import { createUser } from '../../src/accounts/users.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { notifyTickets } from '../../src/db/events.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium, waitForFocus } from './browser.js';
import { deLijn, SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';

/**
 * The inbox web app in a real browser against the real API, database, queue and the X emulator:
 * log in, filter the queue, open a ticket by keyboard, see hostile HTML as text, reply publicly
 * (and see a refused reply's reason), escalate a ticket to a complaint; opening never claims, the
 * first reply and the claim button do, a second agent takes over; internal notes, tags, a canned
 * response and closing by keyboard; a new mention
 * appearing in the open queue without a reload; merging two tickets of one person; bulk close;
 * switch to English, log out.
 */
if (!haveChromium) console.warn(`inbox e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const DELIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };
const CANNED = 'Dag @{{contact.handle}}, bedankt voor uw bericht over ticket {{ticket.number}}. We bekijken het. Groeten, {{agent.name}}';
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

let stack: E2eStack;
let db: Db;
let emulator: XEmulator;
let runtime: Runtime;
let browser: Browser;
let page: Page;
let tomPage: Page;
let baseUrl: string;

async function logIn(on: Page, email: string): Promise<void> {
  await on.goto(baseUrl);
  await on.getByLabel('E-mailadres').fill(email);
  await on.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await on.getByRole('button', { name: 'Aanmelden' }).click();
  await on.getByRole('heading', { name: /Wachtrij/ }).waitFor();
}

/** The queue's other filters and saved views are one click away ("Meer filters"). */
async function openFilters(on: Page): Promise<void> {
  const toggle = on.getByRole('button', { name: /^Meer filters/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await on.getByRole('form', { name: 'Filters' }).waitFor();
}

async function ticketRow(id: number): Promise<{ status: string; assignee_id: number | null; merged_into_id: number | null }> {
  const { rows } = await db.query<{ status: string; assignee_id: number | null; merged_into_id: number | null }>(
    'select status, assignee_id, merged_into_id from tickets where id = $1',
    [id],
  );
  return { ...rows[0]!, assignee_id: rows[0]!.assignee_id === null ? null : Number(rows[0]!.assignee_id) };
}

async function userId(email: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from users where email = $1', [email]);
  return Number(rows[0]!.id);
}

/** Polls the channel until a message with this text is stored (a busy machine may need a second poll); its ticket's id. */
async function pollUntilStored(fragment: string): Promise<number> {
  const outcomes: unknown[] = [];
  try {
    return await eventually(async () => {
      outcomes.push(await pollChannel(runtime, 'delijn-x'));
      const { rows } = await db.query<{ id: number }>(`select ticket_id as id from messages where text like $1 limit 1`, [`%${fragment}%`]);
      return rows[0] ? Number(rows[0].id) : undefined;
    });
  } catch (error) {
    throw new Error(`${String(error)}; polls: ${JSON.stringify(outcomes.slice(-3))}`, { cause: error });
  }
}

async function ticketIdByText(fragment: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`select ticket_id as id from messages where text like $1 limit 1`, [`%${fragment}%`]);
  return Number(rows[0]!.id);
}

e2e('the inbox web app', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (emulatorUrl) => [
        deLijn(emulatorUrl, DELIJN, { pollIntervalSeconds: 1 }),
      ],
      users: [
        { email: 'sarah@delijn.test', name: 'Sarah Webcare', role: 'agent', entities: ['de-lijn'] },
        { email: 'tom@delijn.test', name: 'Tom Webcare', role: 'agent', entities: ['de-lijn'] },
      ],
      prepare: async (parts) => {
        await parts.db.query(`insert into canned_responses (entity_id, lang, title, body, created_by) values ('de-lijn', 'nl', 'Bedankt, we bekijken het', $1, 'test')`, [CANNED]);
        parts.emulator.addAccount({ ...DELIJN });
        parts.emulator.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'an', name: 'An Peeters', text: '@delijn wanneer rijdt lijn 4 weer?' });
        parts.emulator.addMention({ toUserId: DELIJN.userId, authorId: '502', username: 'mallory', text: `@delijn ${XSS}` });
        parts.emulator.addMention({
          toUserId: DELIJN.userId,
          authorId: '503',
          username: 'bert',
          text: '@delijn de chauffeur van lijn 9 reed vanmorgen gewoon door aan mijn halte',
        });
        expect(await pollChannel(parts.runtime, 'delijn-x')).toMatchObject({ status: 'polled', inserted: 3 });
      },
    });
    ({ db, emulator, runtime, baseUrl, browser } = stack);
    // The smallest laptop screen the app is made for.
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(10_000);
    tomPage = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    tomPage.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('serves the app for client routes and keeps API 404s as JSON', async () => {
    const deep = await fetch(`${baseUrl}/tickets/1`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const unknownApi = await fetch(`${baseUrl}/api/nope`);
    expect(unknownApi.status).toBe(401);
    const missingAsset = await fetch(`${baseUrl}/assets/nope.js`);
    expect(missingAsset.status).toBe(404);
  });

  test('log in (Dutch by default) and filter the queue', async () => {
    await logIn(page, 'sarah@delijn.test');
    await page.locator('tbody tr').nth(2).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);

    // The category filter: the question ticket's own category keeps it and only its kind.
    const an = await page.request.get(`${baseUrl}/api/tickets?q=lijn%204`);
    const category: string = (await an.json()).items[0].category;
    await openFilters(page);
    await page.getByLabel('Categorie').selectOption(category);
    await eventually(async () => {
      const tags = await page.locator('tbody tr .row-bottom .tag[class*="cat-"]').allTextContents();
      return tags.length > 0 && tags.length < 3;
    }, 5000);

    // `/` focuses the search box; typing narrows the queue to An's ticket.
    await page.getByLabel('Categorie').selectOption('');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    await waitForFocus(page, 'document.activeElement?.getAttribute("name")', 'q');
    await page.keyboard.type('lijn 4');
    await eventually(async () => (await page.locator('tbody tr').count()) === 1, 5000);
    const row = page.locator('tbody tr').first();
    expect(await row.textContent()).toContain('@an');
    expect(await row.locator('.row-bottom .tag').first().textContent()).toMatch(/^(vraag|ongenoegen|klacht|overige)$/);
    // Every row has an SLA clock (default policy), readable without seeing its colour.
    expect(await row.getByTestId('sla').textContent()).toMatch(/eerste antwoord|oplossing/);
  });

  test('open a ticket by keyboard, see a refusal, reply publicly and see it delivered', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Sneltoetsen' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    expect(page.url()).toMatch(/\/tickets\/\d+$/);
    await page.getByTestId('thread').getByText('wanneer rijdt lijn 4 weer?').waitFor();
    // Opening it claims nothing: nobody has it until someone claims it or answers.
    const opened = Number(page.url().split('/').pop());
    await page.getByTestId('ticket-assignee').getByText('niemand').waitFor();
    expect((await ticketRow(opened)).assignee_id).toBeNull();

    // r focuses the reply box. A public reply asking for personal details is refused with the API's reason.
    await page.keyboard.press('r');
    await waitForFocus(page, 'document.activeElement?.tagName', 'TEXTAREA');
    await page.getByLabel('openbaar antwoord').check();
    await page.keyboard.type('Kunt u ons uw adres en telefoonnummer sturen?');
    await page.getByRole('button', { name: 'Versturen', exact: true }).click();
    await page.getByTestId('reply-error').waitFor();
    // the API's refusal in Dutch (its code translated), never the server's English sentence
    expect(await page.getByTestId('reply-error').textContent()).toContain('Een openbaar antwoord mag niet om persoonsgegevens vragen');
    expect((await ticketRow(opened)).assignee_id).toBeNull();

    const text = 'Dag An, lijn 4 rijdt vanaf maandag weer. Groetjes, Sarah';
    await page.getByLabel('Antwoord', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Versturen', exact: true }).click();
    await eventually(async () => emulator.replies.some((r) => r.text === text), 15_000);
    expect(emulator.replies.filter((r) => r.text === text)).toHaveLength(1);
    await page.getByTestId('ticket-status').getByText('in afwachting').waitFor({ timeout: 10_000 });
    await page.getByTestId('delivery').getByText('verstuurd').waitFor();
    // The first reply claimed it for Sarah.
    expect((await ticketRow(opened)).assignee_id).toBe(await userId('sarah@delijn.test'));
    await page.getByTestId('ticket-assignee').getByText('Sarah Webcare').waitFor();
    // The citizen's post links to the platform, in a new window that gets no access to the inbox.
    const permalink = page.locator('.message.inbound a.permalink').first();
    expect(await permalink.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await permalink.getAttribute('target')).toBe('_blank');
  });

  test('hostile HTML in a message stays text', async () => {
    const id = await ticketIdByText('window.__xss');
    await page.goto(`${baseUrl}/tickets/${id}`);
    const message = page.locator('.message .text').first();
    await message.waitFor();
    expect(await message.textContent()).toContain(XSS);
    expect(await page.locator('.message img, .message script').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await page.goto(`${baseUrl}/`);
    await page.locator('tbody tr').first().waitFor();
    const preview = page.locator('tbody tr', { hasText: 'mallory' }).locator('.preview');
    expect(await preview.textContent()).toContain('<script>');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  test('a photo with a mention shows as a thumbnail fetched through the inbox, opened apart from it', async () => {
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '508', username: 'fien', text: '@delijn kijk hoe vol de bus zit', mediaKeys: ['3_busfoto'] });
    const id = await eventually(async () => (await db.query<{ id: number }>(`select ticket_id as id from messages where text like '%hoe vol de bus%'`)).rows[0]?.id);
    await page.goto(`${baseUrl}/tickets/${id}`);
    const link = page.getByRole('list', { name: 'Bijlagen' }).getByRole('link');
    await link.first().waitFor();
    expect(await link.count()).toBe(1);
    // the API serves the platform's file with the channel's credentials: the browser never asks the platform itself
    expect(await link.getAttribute('href')).toMatch(/^\/api\/tickets\/\d+\/messages\/\d+\/attachments\/0$/);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    const image = link.getByRole('img', { name: 'foto 1 bij het bericht van @fien' });
    expect(await image.getAttribute('src')).toBe(await link.getAttribute('href'));
    // the PNG the platform serves, loaded and decoded
    await eventually(async () => (await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) > 0, 10_000);
  });

  test('re-tag a ticket as complaint: it is routed to the coordinator', async () => {
    const id = await ticketIdByText('reed vanmorgen gewoon door');
    const before = await db.query(`select id from complaints where ticket_id = $1`, [id]);
    await page.goto(`${baseUrl}/tickets/${id}`);
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    if (before.rows.length > 0) {
      // The classifier already routed it: take it back first, then escalate by hand.
      await page.getByRole('form', { name: 'Categorie wijzigen' }).getByLabel('Categorie').selectOption('dissatisfaction');
      await page.getByRole('button', { name: 'Categorie opslaan' }).click();
      await page.getByText('Categorie gewijzigd.').waitFor();
    }
    await page.getByRole('form', { name: 'Categorie wijzigen' }).getByLabel('Categorie').selectOption('complaint');
    await page.getByLabel('Reden (optioneel)').fill('concrete handeling: chauffeur reed door');
    await page.getByRole('button', { name: 'Categorie opslaan' }).click();
    // what follows is said first, and only a confirmation does it
    await page.getByTestId('complaint-preview').getByText(/klachtencoördinator van De Lijn krijgt een melding/).waitFor();
    await page.getByTestId('complaint-preview').getByRole('button', { name: 'Bevestigen' }).click();
    // Wait for the new state itself: a withdrawn complaint record may already be on the page.
    await page.getByTestId('ticket-category').filter({ hasText: 'klacht' }).waitFor();
    await page.getByTestId('complaint-record').waitFor();
    const { rows } = await db.query<{ status: string }>(`select status from complaints where ticket_id = $1 and withdrawn_at is null`, [id]);
    expect(rows).toHaveLength(1);
    const { rows: ticket } = await db.query<{ category: string; category_source: string }>(
      `select category, category_source from tickets where id = $1`,
      [id],
    );
    expect(ticket[0]).toEqual({ category: 'complaint', category_source: 'manual' });
  });


  test('a direct message can only be answered privately, and the form says why', async () => {
    emulator.addDm({ toUserId: DELIJN.userId, senderId: '701', username: 'lotte', name: 'Lotte', text: 'Mijn abonnement is niet verlengd, kan u helpen?' });
    const id = await pollUntilStored('abonnement is niet verlengd');
    await page.goto(`${baseUrl}/tickets/${id}`);
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    expect(await page.getByLabel('openbaar antwoord').isDisabled()).toBe(true);
    expect(await page.getByLabel('privébericht').isChecked()).toBe(true);
    const why = await page.getByLabel('openbaar antwoord').getAttribute('aria-describedby');
    expect(await page.locator(`#${why}`).textContent()).toContain('Een openbaar antwoord kan niet');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ticket-dm.png') });
  });

  test('claiming is explicit, a second agent sees who has it, takes it over, and the first sees that live', async () => {
    // Tom opens a ticket nobody has: it stays nobody's until he claims it.
    await logIn(tomPage, 'tom@delijn.test');
    const unclaimed = await ticketIdByText('window.__xss');
    await tomPage.goto(`${baseUrl}/tickets/${unclaimed}`);
    await tomPage.getByTestId('ticket-assignee').getByText('niemand').waitFor();
    expect((await ticketRow(unclaimed)).assignee_id).toBeNull();
    await tomPage.getByRole('button', { name: 'Claimen' }).click();
    await tomPage.getByTestId('ticket-assignee').getByText('Tom Webcare (jij)').waitFor();
    expect((await ticketRow(unclaimed)).assignee_id).toBe(await userId('tom@delijn.test'));
    expect(await tomPage.getByRole('button', { name: 'Claimen' }).count()).toBe(0);

    // Sarah's first reply made the lijn 4 ticket hers: Tom sees that, and takes it over.
    const id = await ticketIdByText('wanneer rijdt lijn 4 weer?');
    await page.goto(`${baseUrl}/tickets/${id}`);
    await page.getByTestId('ticket-assignee').getByText('Sarah Webcare').waitFor();
    await tomPage.goto(`${baseUrl}/tickets/${id}`);
    const banner = tomPage.getByTestId('claimed-by');
    await banner.getByText('Dit ticket is geclaimd door Sarah Webcare.').waitFor();
    expect((await ticketRow(id)).assignee_id).toBe(await userId('sarah@delijn.test'));
    // each sees the other on the ticket
    await tomPage.getByTestId('presence').getByText('Sarah Webcare bekijkt dit ticket.').waitFor({ timeout: 15_000 });

    expect(await axeViolations(tomPage)).toEqual([]);
    await banner.getByRole('button', { name: 'Overnemen' }).click();
    await tomPage.getByTestId('ticket-assignee').getByText('Tom Webcare (jij)').waitFor();
    expect(await tomPage.getByTestId('claimed-by').count()).toBe(0);
    expect((await ticketRow(id)).assignee_id).toBe(await userId('tom@delijn.test'));
    // Sarah's open ticket follows without a reload.
    await page.getByTestId('claimed-by').getByText('Dit ticket is geclaimd door Tom Webcare.').waitFor();
  });

  test('an internal note with n, tags, a canned response sent, and close with e', async () => {
    const id = await ticketIdByText('reed vanmorgen gewoon door');
    await page.goto(`${baseUrl}/tickets/${id}`);
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    const repliesBefore = emulator.replies.length;

    await page.locator('#ticket-title').click();
    await page.keyboard.press('n');
    await waitForFocus(page, 'document.activeElement?.id', 'note-text');
    await page.keyboard.type('Chauffeur nagevraagd bij de stelplaats; jkx mogen hier geen sneltoets zijn.');
    expect(page.url()).toMatch(new RegExp(`/tickets/${id}$`));
    await page.keyboard.press('Control+Enter');
    const note = page.locator('.message.note', { hasText: 'Chauffeur nagevraagd' });
    await note.getByText('Interne notitie').waitFor();
    expect(await note.textContent()).toContain('Sarah Webcare');
    const { rows: notes } = await db.query('select author_name from ticket_notes where ticket_id = $1', [id]);
    expect(notes).toEqual([{ author_name: 'Sarah Webcare' }]);
    expect(emulator.replies.length).toBe(repliesBefore);

    await page.getByLabel('Nieuwe tag').fill('Lijn-9 ');
    await page.getByRole('button', { name: 'Tag toevoegen' }).click();
    await page.getByTestId('ticket-tags').getByText('lijn-9').waitFor();
    await page.getByLabel('Nieuwe tag').fill('chauffeur');
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-tags').getByText('chauffeur').waitFor();
    await page.getByRole('button', { name: 'Tag lijn-9 verwijderen' }).click();
    await eventually(async () => (await page.getByTestId('ticket-tags').textContent())?.includes('lijn-9') === false, 5000);
    const { rows: tags } = await db.query<{ tag: string }>('select tag from ticket_tags where ticket_id = $1', [id]);
    expect(tags.map((row) => row.tag)).toEqual(['chauffeur']);

    // The canned response arrives rendered for this ticket and this agent, and goes out as written.
    const { rows: numbers } = await db.query<{ number: number }>('select number from tickets where id = $1', [id]);
    const expected = `Dag @bert, bedankt voor uw bericht over ticket ${numbers[0]!.number}. We bekijken het. Groeten, Sarah Webcare`;
    await page.getByLabel('Standaardantwoord invoegen').selectOption({ label: 'Bedankt, we bekijken het' });
    await eventually(async () => (await page.getByLabel('Antwoord', { exact: true }).inputValue()) === expected, 5000);
    // the caret goes back into the reply box on the next frame
    await waitForFocus(page, 'document.activeElement?.id', 'reply-text');
    await page.getByLabel('openbaar antwoord').check();
    await page.getByRole('button', { name: 'Versturen', exact: true }).click();
    await eventually(async () => emulator.replies.some((r) => r.text === expected), 15_000);
    await page.locator('.message.outbound', { hasText: 'We bekijken het' }).getByTestId('delivery').getByText('verstuurd').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ticket.png') });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('form', { name: 'Eigenschappen' }).getByLabel('Prioriteit').selectOption('urgent');
    await page.getByRole('form', { name: 'Eigenschappen' }).getByRole('button', { name: 'Opslaan' }).click();
    await page.getByTestId('status-message').getByText('Opgeslagen.').waitFor();
    const { rows: priority } = await db.query<{ priority: string }>('select priority from tickets where id = $1', [id]);
    expect(priority[0]!.priority).toBe('urgent');

    await page.locator('#ticket-title').click();
    await page.keyboard.press('e');
    await page.getByTestId('ticket-status').getByText('gesloten').waitFor();
    expect((await ticketRow(id)).status).toBe('closed');
  });

  test("the ticket's history says who did what, with names", async () => {
    const id = await ticketIdByText('reed vanmorgen gewoon door');
    await page.goto(`${baseUrl}/tickets/${id}`);
    await page.getByText(/^Geschiedenis \(\d+\)$/).click();
    const history = page.getByTestId('activity');
    await history.waitFor();
    const lines = await history.locator('li').allTextContents();
    expect(lines.some((line) => /Sarah Webcare\s+voegde een interne notitie toe/.test(line))).toBe(true);
    expect(lines.some((line) => /Sarah Webcare\s+status: .+ → gesloten/.test(line))).toBe(true);
    expect(lines.join('\n')).not.toContain('@delijn.test');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a new mention appears in the open queue without a reload', async () => {
    await page.goto(baseUrl);
    await page.locator('tbody tr').first().waitFor();
    await page.evaluate('window.__stillTheSamePage = true');
    const before = await page.locator('tbody tr').count();

    emulator.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'an', name: 'An Peeters', text: '@delijn en lijn 5 rijdt ook al niet' });
    await pollUntilStored('lijn 5 rijdt ook al niet');
    await page.locator('tbody tr', { hasText: 'lijn 5 rijdt ook al niet' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('tbody tr').count()).toBe(before + 1);
    expect(await page.evaluate('window.__stillTheSamePage')).toBe(true);
  });

  test('merge two tickets of the same person', async () => {
    const target = await ticketIdByText('lijn 5 rijdt ook al niet');
    const source = await ticketIdByText('wanneer rijdt lijn 4 weer?');
    await page.goto(`${baseUrl}/tickets/${target}`);
    const others = page.getByTestId('other-tickets');
    await others.getByText('wanneer rijdt lijn 4 weer?').waitFor();
    await page.getByRole('button', { name: 'Samenvoegen…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ticket samenvoegen' });
    await dialog.waitFor();
    await waitForFocus(page, 'document.activeElement?.getAttribute("name")', 'mergeSource');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge.png') });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByLabel('Ticket om hierin samen te voegen').selectOption(String(source));
    await dialog.getByRole('button', { name: 'Samenvoegen bevestigen' }).click();
    await page.getByTestId('thread').getByText('wanneer rijdt lijn 4 weer?').waitFor();
    expect(await page.getByTestId('thread').textContent()).toContain('lijn 5 rijdt ook al niet');
    expect(await ticketRow(source)).toMatchObject({ status: 'closed', merged_into_id: target });
  });

  test('escalate a ticket to a complaint with a reason', async () => {
    const id = await ticketIdByText('window.__xss');
    await page.goto(`${baseUrl}/tickets/${id}`);
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    // The classifier put this one under "other"; a complaint would have nothing to escalate.
    expect(await page.getByTestId('ticket-category').textContent()).not.toContain('klacht');
    const escalate = page.getByRole('form', { name: 'Escaleren naar klacht' });
    await escalate.getByLabel('Reden van de escalatie').fill('burger vraagt uitdrukkelijk om een klacht');
    await escalate.getByRole('button', { name: 'Escaleren naar klacht' }).click();
    await page.getByTestId('complaint-preview').getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByTestId('ticket-category').filter({ hasText: 'klacht' }).waitFor();
    await page.getByTestId('status-message').getByText('Geëscaleerd naar klacht.').waitFor();
    expect(await page.getByRole('form', { name: 'Escaleren naar klacht' }).count()).toBe(0);
    const { rows } = await db.query<{ to_category: string; reason: string }>(
      'select to_category, reason from classification_corrections where ticket_id = $1 order by id desc limit 1',
      [id],
    );
    expect(rows[0]).toEqual({ to_category: 'complaint', reason: 'burger vraagt uitdrukkelijk om een klacht' });
    expect((await db.query('select 1 from complaints where ticket_id = $1 and withdrawn_at is null', [id])).rows).toHaveLength(1);
  });

  test('bulk close two tickets from the queue', async () => {
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '601', username: 'eva', text: '@delijn top dat de tram weer rijdt' });
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '602', username: 'jan', text: '@delijn bedankt voor de snelle hulp' });
    await pollUntilStored('top dat de tram weer rijdt');
    await pollUntilStored('bedankt voor de snelle hulp');
    const eva = await ticketIdByText('top dat de tram weer rijdt');
    const jan = await ticketIdByText('bedankt voor de snelle hulp');

    await page.goto(baseUrl);
    const selectBoth = async () => {
      // x toggles the focused row; the other goes by its checkbox.
      // a click beside the checkbox moves the list's position there without opening the ticket
      await page.locator('tbody tr', { hasText: '@eva' }).locator('td.pick').click({ position: { x: 3, y: 3 } });
      await page.keyboard.press('x');
      await page.locator('tbody tr', { hasText: '@jan' }).getByRole('checkbox').check();
      await page.getByTestId('bulkbar').getByText('2 geselecteerd').waitFor();
    };
    await selectBoth();
    await page.getByTestId('bulkbar').getByRole('button', { name: 'Aan mij toewijzen' }).click();
    await page.getByTestId('status-message').getByText('2 tickets bijgewerkt.').waitFor();
    const sarah = await userId('sarah@delijn.test');
    expect([(await ticketRow(eva)).assignee_id, (await ticketRow(jan)).assignee_id]).toEqual([sarah, sarah]);

    await selectBoth();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'queue.png') });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('bulkbar').getByRole('button', { name: 'Sluiten' }).click();
    await eventually(async () => (await ticketRow(eva)).status === 'closed' && (await ticketRow(jan)).status === 'closed', 5000);
    await page.getByTestId('status-message').getByText('2 tickets bijgewerkt.').waitFor();
    expect(await page.getByTestId('bulkbar').count()).toBe(0);
  });

  test('filter on assignee and status, save it as a shared view, and pick it again', async () => {
    await page.goto(baseUrl);
    await page.locator('tbody tr').first().waitFor();
    await openFilters(page);
    await page.getByLabel('Behandelaar').selectOption('mine');
    await page.getByLabel('Status').selectOption('closed');
    await eventually(async () => {
      const rows = await page.locator('tbody tr').allTextContents();
      return rows.length === 3 && rows.every((row) => row.includes('Sarah Webcare') && row.includes('gesloten'));
    }, 5000);

    await page.getByRole('button', { name: 'Weergave opslaan' }).click();
    await page.getByLabel('Naam van de weergave').fill('Mijn gesloten tickets');
    await page.getByLabel('Delen met mijn entiteiten').check();
    await page.getByRole('form', { name: 'Weergave opslaan' }).getByRole('button', { name: 'Opslaan' }).click();
    await page.getByTestId('status-message').getByText('Weergave opgeslagen.').waitFor();
    const { rows: views } = await db.query<{ filter: unknown; shared: boolean }>('select filter, shared from saved_views where name = $1', ['Mijn gesloten tickets']);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ filter: { status: 'closed' }, shared: true });

    await page.getByLabel('Behandelaar').selectOption('');
    await page.getByLabel('Status').selectOption('');
    await page.getByRole('combobox', { name: /^Weergave/ }).selectOption({ label: 'Mijn gesloten tickets (gedeeld)' });
    expect(await page.getByLabel('Status').inputValue()).toBe('closed');
    expect(await page.getByLabel('Behandelaar').inputValue()).toBe('mine');
    await eventually(async () => (await page.locator('tbody tr').count()) === 3, 5000);
    // Changing a filter leaves the view: the picker no longer claims it is shown.
    await page.getByLabel('Status').selectOption('');
    expect(await page.getByRole('combobox', { name: /^Weergave/ }).inputValue()).toBe('');
    await page.getByRole('combobox', { name: /^Weergave/ }).selectOption({ label: 'Mijn gesloten tickets (gedeeld)' });

    // Tom sees the shared view but cannot delete it; Sarah can.
    await tomPage.goto(baseUrl);
    await openFilters(tomPage);
    await tomPage.getByRole('combobox', { name: /^Weergave/ }).locator('option', { hasText: 'Mijn gesloten tickets' }).waitFor({ state: 'attached' });
    await tomPage.getByRole('combobox', { name: /^Weergave/ }).selectOption({ label: 'Mijn gesloten tickets (gedeeld)' });
    expect(await tomPage.getByRole('button', { name: 'Weergave verwijderen' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Weergave verwijderen' }).click();
    await page.getByTestId('status-message').getByText('Weergave verwijderd.').waitFor();
    expect((await db.query('select 1 from saved_views')).rows).toHaveLength(0);
  });

  test('assign a ticket to a colleague who has no ticket yet: the list comes from /api/assignees, not from the queue', async () => {
    const passwordHash = await hashPassword(TEST_PASSWORD);
    await createUser(db, { email: 'lies@delijn.test', name: 'Lies Nieuwkomer', role: 'agent', entities: ['de-lijn'], passwordHash });
    const lies = await userId('lies@delijn.test');
    expect((await db.query('select 1 from tickets where assignee_id = $1', [lies])).rows).toHaveLength(0);

    // The queue offers her in the assignee filter and the bulk bar, although no ticket in it is hers.
    await page.goto(baseUrl);
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody').textContent()).not.toContain('Lies Nieuwkomer');
    await openFilters(page);
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Behandelaar').locator('option', { hasText: 'Lies Nieuwkomer' }).waitFor({ state: 'attached' });
    await page.locator('tbody tr').first().getByRole('checkbox').check();
    await page.getByTestId('bulkbar').getByLabel('Toewijzen aan').locator('option', { hasText: 'Lies Nieuwkomer' }).waitFor({ state: 'attached' });
    await page.getByTestId('bulkbar').getByRole('button', { name: 'Selectie wissen' }).click();

    // On a ticket, the properties' assignee list has her too; saving gives her the ticket.
    const id = await ticketIdByText('lijn 5 rijdt ook al niet');
    await page.goto(`${baseUrl}/tickets/${id}`);
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    const properties = page.getByRole('form', { name: 'Eigenschappen' });
    await properties.getByLabel('Behandelaar').locator('option', { hasText: 'Lies Nieuwkomer' }).waitFor({ state: 'attached' });
    await properties.getByLabel('Behandelaar').selectOption({ label: 'Lies Nieuwkomer' });
    await properties.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByTestId('ticket-assignee').getByText('Lies Nieuwkomer').waitFor();
    expect((await ticketRow(id)).assignee_id).toBe(lies);
  });

  test('the menu counts the open tickets assigned to me, and follows changes live', async () => {
    await page.goto(`${baseUrl}/`);
    await page.locator('tbody tr').first().waitFor();
    const mine = async () => (await (await page.request.get(`${baseUrl}/api/tickets?mine=true&status=new,open`)).json()).total as number;
    const badge = page.getByTestId('mine-count');
    const before = await mine();
    if (before > 0) await eventually(async () => (await badge.locator('[aria-hidden]').textContent()) === String(before));
    // a colleague gives Sarah one more ticket: the number goes up without a reload
    const me = (await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { user: { id: number } };
    const { rows } = await db.query<{ id: number }>(`select id from tickets where status in ('new', 'open') and (assignee_id is null or assignee_id <> $1) and merged_into_id is null limit 1`, [me.user.id]);
    await db.query('update tickets set assignee_id = $1 where id = $2', [me.user.id, rows[0]!.id]);
    await notifyTickets(db, 'de-lijn', [rows[0]!.id]);
    await eventually(async () => (await badge.locator('[aria-hidden]').textContent()) === String(before + 1));
    expect(await badge.textContent()).toContain(before + 1 === 1 ? '1 open ticket toegewezen aan jou' : `${before + 1} open tickets toegewezen aan jou`);
  });

  test('switch to English, then log out', async () => {
    await page.goto(`${baseUrl}/tickets/${await ticketIdByText('reed vanmorgen gewoon door')}`);
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('heading', { name: 'Change category' }).waitFor();
    expect(await page.getByTestId('ticket-category').textContent()).toContain('complaint');
    // Esc closes the conversation; the list beside it is the queue, in English too
    await page.locator('#ticket-title').click();
    await page.keyboard.press('Escape');
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('heading', { name: /Queue/ }).waitFor();
    expect(await page.getByRole('group', { name: 'Quick filters' }).textContent()).toContain('Unassigned');
    expect(await page.getByText('Pick a conversation in the list.').count()).toBe(1);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to the social inbox' }).waitFor();
    expect((await page.request.get(`${baseUrl}/api/tickets`)).status()).toBe(401);
  });
});
