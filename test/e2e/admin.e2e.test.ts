import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { XEmulator } from '../../connectors/x/emulator.js';
import { performCaseAction } from '../../src/complaints/cases.js';
import type { Db } from '../../src/db/db.js';
import { retagTicket } from '../../src/tickets/retag.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium, waitForFocus } from './browser.js';
import { dutchProblems } from './dutch-text.js';
import { SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';

/**
 * The admin and coordinator screens in a real browser against the real API, database, BullMQ
 * workers and the X emulator: an admin adds an X channel through the form and sees it healthy; the
 * emulator revokes its token and the board asks to reconnect without a reload (live events); a new
 * token pasted in the reconnect form makes it healthy again. Quarantined items show their reason.
 * A coordinator acknowledges a complaint case (and sees a refusal's reason); the dashboard draws.
 */
if (!haveChromium) console.warn(`admin e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const DELIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn-old' };
const NEW_TOKEN = 'tok-delijn-new';
const COMPLAINT_TEXT = '@delijn ik wil een klacht indienen: de chauffeur van lijn 9 reed vanmorgen gewoon door aan mijn halte';

let stack: E2eStack;
let db: Db;
let emulator: XEmulator;
let emulatorUrl: string;
let browser: Browser;
let page: Page;
let baseUrl: string;

async function logIn(target: Page, email: string): Promise<void> {
  await target.goto(baseUrl);
  await target.getByLabel('E-mailadres').fill(email);
  await target.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await target.getByRole('button', { name: 'Aanmelden' }).click();
  await target.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
}

function card(channelId: string) {
  return page.getByTestId(`channel-${channelId}`);
}

e2e('the admin and coordinator screens', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: () => [
        {
          id: 'de-lijn',
          name: 'De Lijn',
          coordinator: { name: 'Klachtendienst De Lijn', email: 'klachten@delijn.test' },
          complaintThreshold: 0.6,
          timeZone: 'Europe/Brussels',
          // The coordinator records the details here; no automatic intake message races the test.
          complaintIntake: { auto: false, mode: 'ask_details' },
          channels: [],
        },
      ],
      users: [
        { email: 'admin@delijn.test', name: 'Ada Beheer', role: 'admin', entities: ['de-lijn'] },
        { email: 'kris@delijn.test', name: 'Kris Klachten', role: 'coordinator', entities: ['de-lijn'] },
      ],
      prepare: async ({ emulator: x }) => {
        x.addAccount({ ...DELIJN });
        x.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'an', name: 'An Peeters', text: '@delijn wanneer rijdt lijn 4 weer?' });
        x.addMention({ toUserId: DELIJN.userId, authorId: '503', username: 'bert', name: 'Bert Claes', text: COMPLAINT_TEXT });
        // A payload the connector cannot read: it goes to quarantine, with its reason.
        x.addRawMention(DELIJN.userId, { id: '1950000000000000001', author_id: '602', text: 42, created_at: 'not a date' });
      },
    });
    ({ db, emulator, emulatorUrl, baseUrl, browser } = stack);
    // The smallest screen: a 1280×720 laptop.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Europe/Brussels' })).newPage();
    page.setDefaultTimeout(15_000);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('an admin adds an X channel through the form and sees it healthy after a poll', async () => {
    await logIn(page, 'admin@delijn.test');
    await page.getByRole('link', { name: 'Kanalen' }).click();
    await page.getByRole('heading', { name: 'Kanalen en hun gezondheid' }).waitFor();
    await page.getByText('Nog geen kanalen.').waitFor();

    await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
    const form = page.getByTestId('channel-form');
    await form.getByLabel('Platform').selectOption('x');
    await form.getByLabel('Id van het kanaal').fill('delijn-x');
    await form.getByLabel('Naam', { exact: true }).fill('@delijn');
    await form.getByLabel('Gebruikers-id').fill(DELIJN.userId);
    await form.getByLabel('Handle').fill(DELIJN.handle);
    // Credentials are password fields that start empty, each saying whether a value is stored.
    const bearer = form.getByLabel('Bearer-token (app)');
    expect(await bearer.getAttribute('type')).toBe('password');
    expect(await form.getByTestId('credential-bearerToken').textContent()).toBe('niet ingesteld');
    await bearer.fill(DELIJN.token);
    await form.getByLabel('Gebruikerstoken (OAuth 2.0)').fill(DELIJN.token);
    await form.getByText('Geavanceerd').click();
    await form.getByLabel('Basis-URL van de API').fill(emulatorUrl);
    await form.getByLabel('Ophalen om de (seconden)').fill('1');
    await form.getByRole('button', { name: 'Opslaan' }).click();

    await card('delijn-x').getByTestId('channel-status').filter({ hasText: 'in orde' }).waitFor({ timeout: 20_000 });
    await eventually(async () => (await db.query(`select count(*)::int as n from messages where channel_id = 'delijn-x'`)).rows[0]!.n === 2, 15_000);
    // The credentials went in encrypted and never come back.
    const config = await page.request.get(`${baseUrl}/api/channels/delijn-x`);
    const body = JSON.stringify(await config.json());
    expect(body).toContain('"credentialKeys":["bearerToken","userAccessToken"]');
    expect(body).not.toContain(DELIJN.token);
    // The queue board link leads to bull-board behind the admin session.
    const board = await page.request.get(`${baseUrl}${await page.getByRole('link', { name: /BullMQ/ }).getAttribute('href')}`);
    expect(board.status()).toBe(200);
  });

  test('a quarantined item shows its reason; retry says why it still fails, dismiss removes it', async () => {
    await card('delijn-x').getByRole('button', { name: /Quarantaine bekijken \(1\)/ }).click();
    const quarantine = page.getByTestId('quarantine');
    const row = quarantine.locator('tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect((await row.first().textContent())!.length).toBeGreaterThan(10);
    await row.first().getByRole('button', { name: 'Opnieuw proberen' }).click();
    await quarantine.getByTestId('quarantine-error').waitFor();
    // the API's code (still_quarantined) in words, never its English sentence
    expect(await quarantine.getByTestId('quarantine-error').textContent()).toBe('Het item kan nog altijd niet gelezen worden; het blijft in quarantaine.');
    await row.first().getByRole('button', { name: 'Negeren' }).click();
    await quarantine.getByText('Niets in quarantaine.').waitFor();
    await card('delijn-x').getByText('In quarantaine').waitFor();
    await eventually(async () => !(await card('delijn-x').getByRole('button', { name: /Quarantaine bekijken/ }).count()), 10_000);
    await quarantine.getByRole('button', { name: 'Sluiten' }).click();
  });

  test('a revoked token turns the board to "reconnect" without a reload; a new token makes it healthy again', async () => {
    // Anything that reloads the page would drop this marker.
    await page.evaluate('window.noReload = true');
    emulator.revokeToken(DELIJN.token);

    const status = card('delijn-x').getByTestId('channel-status');
    await status.filter({ hasText: 'opnieuw verbinden nodig' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('reconnect-banner').waitFor();
    expect(await page.evaluate('window.noReload')).toBe(true);
    expect(await card('delijn-x').getByTestId('channel-last-error').textContent()).not.toBe('geen');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'health-board-reconnect.png') });

    // The call to action opens the edit form at the credentials: stored keys say "set", fields stay empty.
    await card('delijn-x').getByRole('button', { name: 'Opnieuw verbinden' }).click();
    const form = page.getByTestId('channel-form');
    await form.getByRole('heading', { name: 'Kanaal delijn-x opnieuw verbinden' }).waitFor();
    await form.getByTestId('credential-userAccessToken').filter({ hasText: 'ingesteld' }).waitFor();
    const tokenField = form.getByLabel('Gebruikerstoken (OAuth 2.0)');
    expect(await tokenField.inputValue()).toBe('');
    await waitForFocus(page, 'document.activeElement?.getAttribute("aria-describedby")', 'credential-bearerToken-state');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'channel-reconnect-form.png'), fullPage: true });
    emulator.addAccount({ ...DELIJN, token: NEW_TOKEN });
    await form.getByLabel('Bearer-token (app)').fill(NEW_TOKEN);
    await tokenField.fill(NEW_TOKEN);
    await form.getByRole('button', { name: 'Opnieuw verbinden' }).click();

    await status.filter({ hasText: 'in orde' }).waitFor({ timeout: 20_000 });
    await eventually(async () => (await page.getByTestId('reconnect-banner').count()) === 0, 10_000);
    expect(await page.evaluate('window.noReload')).toBe(true);
    emulator.addMention({ toUserId: DELIJN.userId, authorId: '504', username: 'carla', text: '@delijn is de tram naar Hoboken vandaag op tijd?' });
    await eventually(async () => (await db.query(`select count(*)::int as n from messages where channel_id = 'delijn-x'`)).rows[0]!.n === 3, 15_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'health-board.png') });
    expect(await axeViolations(page)).toEqual([]);

    // English: the same board in the other language.
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('heading', { name: 'Channels and their health' }).waitFor();
    expect(await status.textContent()).toContain('ok');
    await page.getByTestId('language').selectOption('nl');
    await page.getByRole('heading', { name: 'Kanalen en hun gezondheid' }).waitFor();
  });

  test('entities, users and the channel form are labelled and keep AA contrast', async () => {
    await page.getByRole('link', { name: 'Entiteiten' }).click();
    const entity = page.getByTestId('entity-de-lijn');
    await entity.waitFor();
    // Fields from the configuration file are read-only; round robin is the app's own setting.
    expect(await entity.getByLabel('Naam', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await entity.getByLabel('Automatisch toewijzen').selectOption('round_robin');
    await entity.getByRole('button', { name: 'Opslaan' }).click();
    await entity.getByText('Opgeslagen.').waitFor();
    const { rows } = await db.query<{ auto: string }>(`select settings->>'autoAssign' as auto from entities where id = 'de-lijn'`);
    expect(rows[0]!.auto).toBe('round_robin');

    // Automatic moderation: off by default; two flags ticked and saved in the entity's settings.
    const policy = page.getByTestId('moderation-policy-de-lijn');
    expect(await policy.getByRole('checkbox', { checked: true }).count()).toBe(0);
    expect(await policy.textContent()).toContain('zonder tussenkomst van een persoon');
    await policy.getByLabel('Gedeelde persoonsgegevens').check();
    await policy.getByLabel('Beledigingen').check();
    await policy.getByRole('button', { name: 'Moderatiebeleid opslaan' }).click();
    await policy.getByText('Moderatiebeleid opgeslagen.').waitFor();
    const { rows: moderation } = await db.query<{ policy: unknown }>(`select settings->'moderation' as policy from entities where id = 'de-lijn'`);
    expect(moderation[0]!.policy).toEqual({ autoHide: ['insult', 'personal_data'] });
    expect(await dutchProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'entities.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Gebruikers' }).click();
    await page.getByTestId('users').getByText('kris@delijn.test').waitFor();
    await page.getByText('Gebruiker toevoegen', { exact: true }).first().click();
    const add = page.getByRole('form', { name: 'Gebruiker toevoegen' });
    await add.getByLabel('Naam').fill('Sam Webcare');
    await add.getByLabel('E-mailadres').fill('sam@delijn.test');
    await add.getByLabel('De Lijn').check();
    await add.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    await page.getByTestId('users').getByText('sam@delijn.test').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'users.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // Change Sam's role, give a password, disable the account.
    await page.getByRole('button', { name: 'Sam Webcare wijzigen' }).click();
    const change = page.getByRole('form', { name: 'Sam Webcare wijzigen' });
    await change.getByLabel('Rol').selectOption('coordinator');
    await change.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByTestId('users').getByRole('row', { name: /sam@delijn.test/ }).getByText('klachtencoördinator').waitFor();
    const reset = page.getByRole('form', { name: 'Wachtwoord instellen' });
    await reset.getByLabel('Nieuw wachtwoord').fill('een nieuw lang wachtwoord');
    await reset.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    await page.getByText('Wachtwoord ingesteld.').waitFor();
    await change.getByRole('button', { name: 'Uitschakelen' }).click();
    await page.getByTestId('users').getByRole('row', { name: /sam@delijn.test/ }).getByText('uitgeschakeld').waitFor();
    const { rows: sam } = await db.query<{ role: string; disabled: boolean; has_password: boolean }>(
      `select role, disabled, password_hash is not null as has_password from users where email = 'sam@delijn.test'`,
    );
    expect(sam[0]).toEqual({ role: 'coordinator', disabled: true, has_password: true });

    await page.getByRole('link', { name: 'Kanalen' }).click();
    await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
    await page.getByTestId('channel-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a coordinator opens a case, sees a refusal with its reason, and acknowledges it', async () => {
    const { rows } = await db.query<{ ticket_id: number }>(`select ticket_id from messages where text = $1`, [COMPLAINT_TEXT]);
    const ticketId = Number(rows[0]!.ticket_id);
    const existing = await db.query(`select id from complaints where ticket_id = $1 and withdrawn_at is null`, [ticketId]);
    if (existing.rows.length === 0) await retagTicket(db, { ticketId, category: 'complaint', actor: 'test', reason: 'klacht over een chauffeur' });
    const { rows: cases } = await db.query<{ id: number }>(`select id from complaints where ticket_id = $1 and withdrawn_at is null`, [ticketId]);
    const caseId = Number(cases[0]!.id);
    const details = await performCaseAction(
      db,
      caseId,
      { type: 'details_received', details: { name: 'Bert Claes', address: 'Kerkstraat 1, 2000 Antwerpen', facts: 'De bus van lijn 9 stopte niet aan de halte.' } },
      'test',
      new Date(),
    );
    expect(details.ok).toBe(true);

    const coordinator = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Europe/Brussels' })).newPage();
    coordinator.setDefaultTimeout(15_000);
    await logIn(coordinator, 'kris@delijn.test');
    await coordinator.getByRole('heading', { name: /Klachtdossiers/ }).waitFor();
    const row = coordinator.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'cases.png') });
    expect(await row.textContent()).toContain('ontvankelijkheid nagaan');
    expect(await row.textContent()).toMatch(/nog \d+ dagen/);
    // The term filters: nothing is overdue yet; back to all.
    await coordinator.getByLabel('Verlopen').check();
    await coordinator.getByText('Geen klachtdossiers met deze filters.').waitFor();
    await coordinator.getByLabel('Alle', { exact: true }).check();
    await row.getByRole('link', { name: `Klachtdossier ${caseId}` }).click();
    await coordinator.getByRole('heading', { name: `Klachtdossier ${caseId}` }).waitFor();
    await coordinator.getByText(COMPLAINT_TEXT).waitFor();
    expect(await coordinator.getByRole('link', { name: /Ticket #\d+ openen/ }).getAttribute('href')).toBe(`/tickets/${ticketId}`);
    // Only the steps this stage allows: no "decide" before the investigation.
    expect(await coordinator.getByRole('button', { name: 'Beoordelen' }).count()).toBe(0);

    // A handler who is involved in the facts is refused, naming the person, before anything is sent.
    const involved = coordinator.getByRole('form', { name: 'Betrokken medewerkers aanduiden' });
    await coordinator.getByText('Betrokken medewerkers aanduiden', { exact: true }).first().click();
    await involved.getByLabel('Betrokken medewerkers').fill('Jan Peeters');
    await involved.getByRole('button', { name: 'Betrokken medewerkers aanduiden' }).click();
    await coordinator.getByTestId('case-action-ok').waitFor();
    // The acknowledgement is a letter: written from the template, sent privately on X; the step counts once sent.
    const acknowledge = coordinator.getByTestId('letter-acknowledgement');
    await acknowledge.getByLabel('Klachtenbehandelaar').fill('Jan Peeters');
    await acknowledge.getByRole('button', { name: 'Brief opstellen' }).click();
    await coordinator.getByTestId('letter-acknowledgement-outcome-error').waitFor();
    expect(await coordinator.getByTestId('letter-acknowledgement-outcome-error').textContent()).toBe(
      'Jan Peeters is betrokken bij de feiten van deze klacht en kan ze niet behandelen; kies een andere klachtenbehandelaar.',
    );

    await acknowledge.getByLabel('Klachtenbehandelaar').fill('Els Vermeulen');
    await acknowledge.getByRole('button', { name: 'Brief opstellen' }).click();
    expect(await acknowledge.getByLabel('Tekst').inputValue()).toContain('Els Vermeulen behandelt uw klacht');
    await acknowledge.getByRole('button', { name: 'Versturen als privébericht' }).click();
    await coordinator.getByTestId('case-state').filter({ hasText: 'ontvangst gemeld' }).waitFor();
    await coordinator.getByTestId('acknowledge-term').getByText('gehaald').waitFor();
    expect(await coordinator.getByTestId('case-decisions').textContent()).toContain('Els Vermeulen');
    // The next stage's steps appear.
    await coordinator.getByRole('button', { name: 'Onderzoek starten' }).waitFor();
    const { rows: stored } = await db.query<{ status: string; handler: string }>(`select status, handler from complaints where id = $1`, [caseId]);
    expect(stored[0]).toEqual({ status: 'acknowledged', handler: 'Els Vermeulen' });
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'case.png'), fullPage: true });
    expect(await axeViolations(coordinator)).toEqual([]);

    // The dashboard: charts drawn from the real volume, a table for screen readers. An's question came in 3 days earlier.
    await db.query(`update tickets set created_at = created_at - interval '3 days' where id = (select ticket_id from messages where text like '%lijn 4 weer%')`);
    await coordinator.getByRole('link', { name: 'Dashboard' }).click();
    const platformChart = coordinator.getByTestId('chart-platform');
    await platformChart.locator('svg rect').first().waitFor();
    expect(await platformChart.locator('svg').getAttribute('aria-label')).toMatch(/3 berichten over 30 dagen; drukste dag .* \(2\)/);
    expect(await coordinator.getByTestId('chart-category').locator('svg rect').count()).toBeGreaterThan(0);
    expect(await coordinator.getByTestId('chart-complaints').locator('svg').getAttribute('aria-label')).toContain('Op schema: 1');
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    expect(await axeViolations(coordinator)).toEqual([]);
    await platformChart.getByRole('button', { name: 'Als tabel tonen' }).click();
    const table = platformChart.getByRole('table');
    await table.waitFor();
    expect(await table.locator('thead').textContent()).toContain('X');
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').last().locator('td').last().textContent()).toBe('2');
  });

  test('an admin sets business hours, a holiday and a target in the SLA form; the API returns them', async () => {
    await page.goto(`${baseUrl}/admin/entities`);
    const sla = page.getByTestId('sla-de-lijn');
    await sla.locator('summary').click();
    await sla.getByTestId('sla-time-zone').filter({ hasText: 'Europe/Brussels' }).waitFor();
    // The defaults: Monday to Friday 9–17, the weekend closed.
    expect(await sla.getByLabel('maandag, periode 1: van').inputValue()).toBe('09:00');
    expect(await sla.getByLabel('zaterdag: open').isChecked()).toBe(false);

    await sla.getByLabel('zaterdag: open').check();
    await sla.getByLabel('zaterdag, periode 1: van').fill('10:00');
    await sla.getByLabel('zaterdag, periode 1: tot').fill('09:00');
    await sla.getByLabel('vrijdag, periode 1: tot').fill('16:00');
    await sla.getByLabel('Datum').fill('2026-12-25');
    await sla.getByRole('button', { name: 'Dag toevoegen' }).click();
    await sla.getByTestId('sla-holidays').locator('time[datetime="2026-12-25"]').waitFor();
    await sla.getByLabel('dringend, eerste antwoord: uren').fill('0');
    await sla.getByLabel('dringend, eerste antwoord: minuten').fill('30');
    await sla.getByLabel('dringend, oplossing: uren').fill('6');

    // A period that ends before it starts is named before anything is sent.
    await sla.getByRole('button', { name: 'Opslaan' }).click();
    await sla.getByTestId('sla-problems').getByText(/^zaterdag: elke periode begint vóór ze eindigt/).waitFor();
    expect((await page.request.get(`${baseUrl}/api/entities/de-lijn/sla`).then((r) => r.json())).holidays).toEqual([]);

    await sla.getByLabel('zaterdag, periode 1: tot').fill('14:00');
    await sla.getByRole('button', { name: 'Opslaan' }).click();
    await sla.getByTestId('sla-ok').filter({ hasText: 'SLA opgeslagen' }).waitFor();
    expect(await sla.getByTestId('sla-problems').count()).toBe(0);
    await sla.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    const saved = (await (await page.request.get(`${baseUrl}/api/entities/de-lijn/sla`)).json()) as {
      timeZone: string;
      businessHours: Array<{ day: number; start: string; end: string }>;
      holidays: string[];
      policies: Array<{ priority: string; firstResponseMinutes: number; resolutionMinutes: number }>;
    };
    expect(saved.timeZone).toBe('Europe/Brussels');
    expect(saved.businessHours).toEqual([
      { day: 1, start: '09:00', end: '17:00' },
      { day: 2, start: '09:00', end: '17:00' },
      { day: 3, start: '09:00', end: '17:00' },
      { day: 4, start: '09:00', end: '17:00' },
      { day: 5, start: '09:00', end: '16:00' },
      { day: 6, start: '10:00', end: '14:00' },
    ]);
    expect(saved.holidays).toEqual(['2026-12-25']);
    expect(saved.policies.find((p) => p.priority === 'urgent')).toEqual({ priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 360 });
    expect(saved.policies.find((p) => p.priority === 'low')).toEqual({ priority: 'low', firstResponseMinutes: 1440, resolutionMinutes: 7200 });

    // English: the same form in the other language.
    await page.getByTestId('language').selectOption('en');
    await sla.getByLabel('Saturday, period 1: from').waitFor();
    expect(await sla.getByLabel('urgent, first response: minutes').inputValue()).toBe('30');
    await page.getByTestId('language').selectOption('nl');
    await sla.getByLabel('zaterdag, periode 1: van').waitFor();
  });

  test('an admin writes a canned response in English with a live preview; the ticket screen gets it filled in', async () => {
    await page.getByRole('link', { name: 'Standaardantwoorden' }).click();
    await page.getByRole('heading', { name: 'Standaardantwoorden' }).waitFor();
    await page.getByText('Nog geen standaardantwoorden voor deze selectie.').waitFor();

    await page.getByRole('button', { name: 'Standaardantwoord toevoegen' }).click();
    const form = page.getByTestId('canned-form');
    await waitForFocus(page, 'document.activeElement?.tagName', 'H2');
    await form.getByLabel('Titel').fill('Thanks, we are on it');
    await form.getByLabel('Taal').selectOption('en');
    // A body of spaces passes the browser's check; the API's refusal names the field in words.
    await form.getByLabel('Tekst').fill('   ');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await form.getByTestId('canned-form-error').filter({ hasText: 'Het veld „tekst” is niet juist ingevuld.' }).waitFor();

    // Variables go in at the caret by button; the preview fills them with sample values as you type.
    const body = form.getByLabel('Tekst');
    await body.fill('Hello ');
    await body.press('End');
    await form.getByRole('button', { name: 'Variabele {{contact.name}} invoegen' }).click();
    await waitForFocus(page, 'document.activeElement?.getAttribute("name")', 'body');
    await page.keyboard.type(', thanks for your message about ticket {{ticket.number}}. {{agent.name}}, {{entity.name}} {{contact.naam}}');
    const preview = form.getByTestId('canned-preview');
    expect(await preview.textContent()).toBe('Hello An Peeters, thanks for your message about ticket 1234. Ada Beheer, De Lijn {{contact.naam}}');
    await form.getByText('Onbekende variabelen blijven staan zoals geschreven: {{contact.naam}}').waitFor();
    await body.fill('Hello {{contact.name}}, thanks for your message about ticket {{ticket.number}}. {{agent.name}}, {{entity.name}}');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'canned-responses.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByTestId('canned-status-ok').filter({ hasText: 'Standaardantwoord opgeslagen.' }).waitFor();
    const item = page.getByTestId('canned-list').getByRole('listitem').filter({ hasText: 'Thanks, we are on it' });
    await item.waitFor();
    expect(await item.textContent()).toContain('{{contact.name}}');

    // Offered for a ticket of the entity, in English only, with the ticket's own values.
    const { rows } = await db.query<{ id: number; number: number }>(
      `select t.id, t.number from tickets t join messages m on m.ticket_id = t.id where m.text like '%lijn 4 weer%'`,
    );
    const ticket = rows[0]!;
    const offered = (await (await page.request.get(`${baseUrl}/api/tickets/${ticket.id}/canned-responses?lang=en`)).json()) as { items: Array<{ title: string; lang: string; text: string }> };
    expect(offered.items).toEqual([
      expect.objectContaining({ title: 'Thanks, we are on it', lang: 'en', text: `Hello An Peeters, thanks for your message about ticket ${ticket.number}. Ada Beheer, De Lijn` }),
    ]);
    const dutch = (await (await page.request.get(`${baseUrl}/api/tickets/${ticket.id}/canned-responses?lang=nl`)).json()) as { items: unknown[] };
    expect(dutch.items).toEqual([]);

    // The language filter; then edit the title, and delete after confirming (cancel first).
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Taal').selectOption('nl');
    await page.getByText('Nog geen standaardantwoorden voor deze selectie.').waitFor();
    await filters.getByLabel('Taal').selectOption('en');
    await item.getByRole('button', { name: '„Thanks, we are on it” bewerken' }).click();
    await form.getByLabel('Titel').fill('Thanks, we are looking into it');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    const renamed = page.getByTestId('canned-list').getByRole('listitem').filter({ hasText: 'Thanks, we are looking into it' });
    await renamed.waitFor();
    await renamed.getByRole('button', { name: '„Thanks, we are looking into it” verwijderen' }).click();
    await renamed.getByText('„Thanks, we are looking into it” definitief verwijderen?').waitFor();
    await waitForFocus(page, 'document.activeElement?.textContent', 'Annuleren');
    await page.keyboard.press('Enter');
    expect(await renamed.getByText(/definitief verwijderen/).count()).toBe(0);
    expect((await db.query('select 1 from canned_responses')).rows).toHaveLength(1);
    await renamed.getByRole('button', { name: '„Thanks, we are looking into it” verwijderen' }).click();
    await renamed.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await page.getByTestId('canned-status-ok').filter({ hasText: 'Standaardantwoord verwijderd.' }).waitFor();
    await page.getByText('Nog geen standaardantwoorden voor deze selectie.').waitFor();
    expect((await db.query('select 1 from canned_responses')).rows).toHaveLength(0);
  });

  test("a Facebook channel's form gives the webhook address to enter at Meta; an X channel, only polled, has none", async () => {
    await page.goto(`${baseUrl}/admin/channels`);
    const me = (await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as { csrfToken: string };
    const created = await page.request.post(`${baseUrl}/api/channels`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { id: 'delijn-fb', entity: 'de-lijn', platform: 'facebook', name: 'De Lijn op Facebook', account: { pageId: '777' }, enabled: false },
    });
    expect(created.status()).toBe(201);
    await page.reload();
    await card('delijn-fb').getByRole('button', { name: /^Bewerken/ }).click();
    const address = page.getByTestId('webhook-url');
    await address.waitFor();
    // the public address of this test server (settings.publicUrl), as the platform must call it
    expect(await address.inputValue()).toBe('http://127.0.0.1/webhooks/facebook/delijn-fb');
    expect(await address.getAttribute('readonly')).not.toBeNull();
    await page.goto(`${baseUrl}/admin/channels`);
    await card('delijn-x').getByRole('button', { name: /^Bewerken/ }).click();
    await page.getByTestId('channel-form').waitFor();
    expect(await page.getByTestId('webhook-url').count()).toBe(0);
  });
});
