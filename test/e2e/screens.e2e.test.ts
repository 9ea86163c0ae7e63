import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { performCaseAction } from '../../src/complaints/cases.js';
import type { Db } from '../../src/db/db.js';
import { pollChannel } from '../../src/ingest/poll.js';
import { retagTicket } from '../../src/tickets/retag.js';
import { CATEGORY_COLORS } from '../../src/web/category-colors.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { dutchProblems, englishOrRawKeys, horizontalOverflow } from './dutch-text.js';
import { deLijn, SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';

/**
 * Every screen of the app, as the role that uses it, in Dutch, on a laptop (1440×900) and a phone
 * (390×844): a screenshot of each (screenshots/screens-<size>-<screen>.png), axe-core WCAG 2.1 AA
 * without violations, no English and no raw keys in anything a user reads or hears (dutch-text.ts
 * says what counts), and on the phone no sideways scrolling of the page. The data is a small
 * working day: a question, a complaint with its case and history, a dissatisfied citizen, a private
 * message, an unreadable payload in quarantine, a channel whose platform cannot be reached, two
 * tickets past their SLA.
 */
if (!haveChromium) console.warn(`screens e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const DELIJN = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };
const QUESTION = '@delijn wanneer rijdt lijn 4 weer?';
const COMPLAINT = '@delijn ik wil een klacht indienen: de chauffeur van lijn 9 reed vanmorgen gewoon door aan mijn halte';
const DISSATISFIED = '@delijn Ik vind het echt jammer dat de belbus op zondag niet meer rijdt.';
const DIRECT = 'Goeiemorgen, mijn abonnement werd twee keer aangerekend. Kunnen jullie dat nakijken?';

type Role = 'agent' | 'coordinator' | 'admin' | 'nobody';
const ACCOUNTS: Record<Exclude<Role, 'nobody'>, { email: string; name: string }> = {
  agent: { email: 'sarah@delijn.test', name: 'Sarah Webcare' },
  coordinator: { email: 'kris@delijn.test', name: 'Kris Klachten' },
  admin: { email: 'ada@delijn.test', name: 'Ada Beheer' },
};

const VIEWPORTS = [
  { size: 'laptop', width: 1440, height: 900 },
  { size: 'phone', width: 390, height: 844 },
] as const;

let stack: E2eStack;
let db: Db;
let baseUrl: string;
let complaintTicket: number;
let questionTicket: number;
let caseId: number;

interface Screen {
  name: string;
  role: Role;
  /** Brings the page to the screen and waits until its data is shown. */
  open: (page: Page) => Promise<void>;
  /** What this screen must say besides the general checks (the issue's own findings). */
  check?: (page: Page) => Promise<void>;
}

async function go(page: Page, pathname: string): Promise<void> {
  await page.goto(`${baseUrl}${pathname}`);
  await page.locator('main').waitFor();
}

/** Data-driven parts (rows, charts, live counts) have rendered and nothing says "Laden…" any more. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .getByText('Laden…', { exact: true })
    .first()
    .waitFor({ state: 'hidden', timeout: 10_000 })
    .catch(() => undefined);
}

const card = (page: Page, id: string) => page.getByTestId(`channel-${id}`);

const SCREENS: Screen[] = [
  {
    name: 'login',
    role: 'nobody',
    open: async (page) => {
      await go(page, '/');
      await page.getByLabel('E-mailadres').fill(ACCOUNTS.agent.email);
      await page.getByLabel('Wachtwoord').fill('niet het juiste wachtwoord');
      await page.getByRole('button', { name: 'Aanmelden' }).click();
      await page.getByRole('alert').waitFor();
    },
    // the refusal of a wrong login is the first English sentence
    check: async (page) => {
      expect(await page.getByRole('alert').textContent()).toBe('Het e-mailadres of het wachtwoord klopt niet, of het account is uitgeschakeld.');
    },
  },
  {
    name: 'queue',
    role: 'agent',
    open: async (page) => {
      await go(page, '/');
      await page.getByText(QUESTION.slice(8)).first().waitFor();
    },
    // one colour per category: the queue's badges have the dashboard's colours (category-colors.ts)
    check: async (page) => {
      for (const [word, category] of [['klacht', 'complaint'], ['ongenoegen', 'dissatisfaction'], ['vraag', 'question']] as const) {
        const colour = await page.evaluate(
          `(() => { const el = [...document.querySelectorAll('main *')].find((e) => e.children.length === 0 && e.textContent.trim() === ${JSON.stringify(word)} && e.checkVisibility()); return el ? getComputedStyle(el).color : null; })()`,
        );
        expect([word, colour]).toEqual([word, rgb(CATEGORY_COLORS[category])]);
      }
    },
  },
  {
    name: 'ticket',
    role: 'agent',
    open: async (page) => {
      await go(page, `/tickets/${complaintTicket}`);
      await page.getByText(COMPLAINT.slice(8)).filter({ visible: true }).first().waitFor();
    },
  },
  {
    // the issue: a coordinator opening a ticket got "tickets.assign is not allowed for entity …" and actions that all failed
    name: 'ticket-coordinator',
    role: 'coordinator',
    open: async (page) => {
      await go(page, `/tickets/${complaintTicket}`);
      await page.getByText(COMPLAINT.slice(8)).filter({ visible: true }).first().waitFor();
    },
  },
  {
    // the issue: the refusal of a public reply asking for personal details was English
    name: 'reply-refusal',
    role: 'agent',
    open: async (page) => {
      await go(page, `/tickets/${questionTicket}`);
      await page.getByText(QUESTION.slice(8)).filter({ visible: true }).first().waitFor();
      await page.getByRole('radio', { name: 'openbaar antwoord' }).check();
      await page.getByRole('textbox', { name: 'Antwoord', exact: true }).fill('Dag An, kan u ons uw adres en telefoonnummer sturen?');
      await page.getByRole('button', { name: 'Versturen', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: /persoonsgegevens/ }).waitFor();
    },
  },
  {
    // the issue: the refusal of a shared view was English
    name: 'view-refusal',
    role: 'agent',
    open: async (page) => {
      await go(page, '/');
      await page.getByText(QUESTION.slice(8)).filter({ visible: true }).first().waitFor();
      const views = page.getByRole('group', { name: 'Opgeslagen weergaven' });
      if (!(await views.isVisible())) await page.getByRole('button', { name: /filters/i }).first().click();
      await views.getByRole('button', { name: 'Weergave opslaan' }).click();
      await views.getByLabel('Naam van de weergave').fill('Gedeeld zonder entiteit');
      await views.getByLabel('Delen met mijn entiteiten').check();
      await views.getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: /entiteit/ }).waitFor();
    },
  },
  {
    name: 'help',
    role: 'agent',
    open: async (page) => {
      await go(page, '/');
      await page.getByText(QUESTION.slice(8)).first().waitFor();
      await page.locator('body').press('?');
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: 'canned-responses',
    role: 'agent',
    open: async (page) => {
      await go(page, '/canned-responses');
      await page.getByTestId('canned-list').getByText('Bedankt, we bekijken het').waitFor();
      await page.getByRole('button', { name: 'Standaardantwoord toevoegen' }).click();
      await page.getByTestId('canned-form').waitFor();
    },
  },
  {
    name: 'account',
    role: 'agent',
    open: async (page) => {
      await go(page, '/account');
      await page.getByRole('heading', { name: 'Mijn account' }).waitFor();
      await page.getByText('De Lijn, De Vlaamse Waterweg').waitFor();
    },
  },
  {
    // anyone may read the statement, also before logging in
    name: 'accessibility-public',
    role: 'nobody',
    open: async (page) => {
      await go(page, '/toegankelijkheid');
      await page.getByTestId('accessibility-statement').getByRole('heading', { name: 'Handhavingsprocedure' }).waitFor();
    },
  },
  {
    name: 'cases',
    role: 'coordinator',
    open: async (page) => {
      await go(page, '/cases');
      await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    },
    check: async (page) => {
      expect(await page.getByRole('heading', { name: /Klachtdossiers/ }).textContent()).toContain('(1 dossier)');
    },
  },
  {
    name: 'case',
    role: 'coordinator',
    open: async (page) => {
      await go(page, `/cases/${caseId}`);
      await page.getByTestId('case-history').getByText('Klachtencoördinator verwittigd per e-mail').waitFor();
    },
    // names instead of "user:…", "het systeem" instead of "system", words instead of keys
    check: async (page) => {
      const history = (await page.getByTestId('case-history').textContent()) ?? '';
      expect(history).toContain(`door ${ACCOUNTS.coordinator.name}`);
      expect(history).toContain('door het systeem');
      expect(history).not.toMatch(/user:|complaint\.|\bsystem\b/);
    },
  },
  {
    name: 'dashboard',
    role: 'coordinator',
    open: async (page) => {
      await go(page, '/dashboard');
      await page.getByTestId('chart-category').locator('svg rect').first().waitFor();
    },
    // the overdue figures say what they count; a category has one colour, the queue's
    check: async (page) => {
      expect(await page.getByTestId('tickets-over-sla').textContent()).toBe('2');
      await page.getByText('Tickets over de SLA-termijn', { exact: true }).waitFor();
      expect(await page.getByTestId('complaints-overdue').textContent()).toBe('0');
      await page.getByText('Klachten over de wettelijke termijn', { exact: true }).waitFor();
      const swatch = page.getByTestId('chart-category').locator('.legend li', { hasText: 'klacht' }).locator('.swatch');
      expect(await swatch.getAttribute('style')).toContain(rgb(CATEGORY_COLORS.complaint));
      const dissatisfied = page.getByTestId('chart-category').locator('.legend li', { hasText: 'ongenoegen' }).locator('.swatch');
      expect(await dissatisfied.getAttribute('style')).toContain(rgb(CATEGORY_COLORS.dissatisfaction));
    },
  },
  {
    name: 'channels',
    role: 'admin',
    open: async (page) => {
      await go(page, '/admin/channels');
      await card(page, 'delijn-x-oud').getByTestId('channel-last-error').getByText(/werd niet gevonden/).waitFor();
    },
    // "TransientError… ENOTFOUND" becomes a sentence; the technical text stays folded away
    check: async (page) => {
      const lastError = card(page, 'delijn-x-oud').getByTestId('channel-last-error');
      expect(await lastError.locator('details').getAttribute('open')).toBeNull();
      expect(await lastError.locator('summary').textContent()).toBe('Technische details');
      expect(await lastError.locator('code').textContent()).toMatch(/^TransientError: /);
    },
  },
  {
    name: 'quarantine',
    role: 'admin',
    open: async (page) => {
      await go(page, '/admin/channels');
      await card(page, 'delijn-x').getByRole('button', { name: /Quarantaine bekijken/ }).click();
      await page.getByTestId('quarantine').locator('tbody tr').first().waitFor();
    },
  },
  {
    name: 'channel-form',
    role: 'admin',
    open: async (page) => {
      await go(page, '/admin/channels');
      await card(page, 'delijn-x').waitFor();
      await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
      await page.getByTestId('channel-form').getByLabel('Id van het kanaal').waitFor();
    },
  },
  {
    name: 'entities',
    role: 'admin',
    open: async (page) => {
      await go(page, '/admin/entities');
      await page.getByTestId('entity-de-lijn').waitFor();
    },
  },
  {
    name: 'sla',
    role: 'admin',
    open: async (page) => {
      await go(page, '/admin/entities');
      const sla = page.getByTestId('sla-de-lijn');
      await sla.locator('summary').first().click();
      await sla.getByTestId('sla-time-zone').waitFor();
      await sla.scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'users',
    role: 'admin',
    open: async (page) => {
      await go(page, '/admin/users');
      await page.getByTestId('users').getByText(ACCOUNTS.coordinator.email).waitFor();
    },
  },
  {
    name: 'accessibility',
    role: 'agent',
    open: async (page) => {
      // reached from the footer of a screen, as the issue asks
      await go(page, '/');
      await page.getByRole('contentinfo').getByRole('link', { name: /Toegankelijkheid/ }).click();
      await page.getByTestId('accessibility-statement').waitFor();
      expect(new URL(page.url()).pathname).toBe('/toegankelijkheid');
    },
    check: async (page) => {
      const statement = page.getByTestId('accessibility-statement');
      await statement.getByRole('heading', { name: 'Toegankelijkheidsverklaring', level: 1 }).waitFor();
      for (const heading of ['Nalevingsstatus', 'Niet-toegankelijke inhoud', 'Opstelling van deze verklaring', 'Feedback en contactgegevens', 'Handhavingsprocedure']) {
        await statement.getByRole('heading', { name: heading, level: 2 }).waitFor();
      }
      expect(await statement.textContent()).toContain('gedeeltelijk conform met de Web Content Accessibility Guidelines (WCAG) versie 2.1, niveau AA');
      expect(await statement.getByRole('link', { name: 'klachten@vlaamseombudsdienst.be' }).getAttribute('href')).toBe('mailto:klachten@vlaamseombudsdienst.be');
    },
  },
];

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function logIn(context: BrowserContext, role: Exclude<Role, 'nobody'>): Promise<void> {
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('E-mailadres').fill(ACCOUNTS[role].email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  // the menu may be folded away on a phone: logged in once the login form is gone
  await page.getByLabel('Wachtwoord').waitFor({ state: 'detached' });
  await page.close();
}

e2e('every screen in Dutch, at 1440×900 and 390×844', () => {
  beforeAll(async () => {
    stack = await startE2eStack({
      entities: (emulatorUrl) => [
        deLijn(emulatorUrl, DELIJN, {
          channels: [
            {
              // an address that does not exist: every poll fails before any answer (ENOTFOUND)
              id: 'delijn-x-oud',
              platform: 'x',
              name: '@delijn_oud',
              account: { userId: '1002', handle: 'delijn_oud' },
              baseUrl: 'http://x-api.invalid',
              credentials: { bearerToken: 'tok-oud', userAccessToken: 'tok-oud' },
              pollIntervalSeconds: 3600,
              enabled: true,
            },
          ],
        }),
        {
          id: 'de-vlaamse-waterweg',
          name: 'De Vlaamse Waterweg',
          coordinator: { name: 'Klachtendienst De Vlaamse Waterweg', email: 'klachten@vlaamsewaterweg.test' },
          complaintThreshold: 0.6,
          timeZone: 'Europe/Brussels',
          channels: [],
        },
      ],
      // the agent and the admin work for two entities (a shared view then needs its entity)
      users: [
        { ...ACCOUNTS.agent, role: 'agent', entities: ['de-lijn', 'de-vlaamse-waterweg'] },
        { ...ACCOUNTS.coordinator, role: 'coordinator', entities: ['de-lijn'] },
        { ...ACCOUNTS.admin, role: 'admin', entities: ['de-lijn', 'de-vlaamse-waterweg'] },
      ],
      prepare: async ({ db: database, emulator, runtime }) => {
        emulator.addAccount({ ...DELIJN, name: 'De Lijn' });
        emulator.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'anpeeters', name: 'An Peeters', text: QUESTION });
        emulator.addMention({ toUserId: DELIJN.userId, authorId: '503', username: 'bertclaes', name: 'Bert Claes', text: COMPLAINT });
        emulator.addMention({ toUserId: DELIJN.userId, authorId: '504', username: 'carlavdb', name: 'Carla Van den Broeck', text: DISSATISFIED });
        emulator.addDm({ toUserId: DELIJN.userId, senderId: '505', username: 'dirkj', name: 'Dirk Janssens', text: DIRECT });
        // a payload the connector cannot read: quarantined with its reason
        emulator.addRawMention(DELIJN.userId, { id: '1950000000000000001', author_id: '602', text: 42, created_at: 'geen datum' });
        await pollChannel(runtime, 'delijn-x');
        await pollChannel(runtime, 'delijn-x-oud');
        await database.query(
          `insert into canned_responses (entity_id, lang, title, body, created_by) values ('de-lijn', 'nl', 'Bedankt, we bekijken het', $1, 'user:ada@delijn.test')`,
          ['Dag {{contact.name}}, bedankt voor uw bericht. We bekijken het en laten u snel iets weten. {{agent.name}}'],
        );
      },
    });
    ({ db, baseUrl } = stack);

    const ticketOf = async (text: string) => Number((await db.query<{ id: number }>('select ticket_id as id from messages where text = $1', [text])).rows[0]!.id);
    complaintTicket = await ticketOf(COMPLAINT);
    questionTicket = await ticketOf(QUESTION);
    const existing = await db.query<{ id: number }>('select id from complaints where ticket_id = $1', [complaintTicket]);
    if (existing.rows.length === 0) {
      await retagTicket(db, { ticketId: complaintTicket, category: 'complaint', actor: `user:${ACCOUNTS.agent.email}`, reason: 'klacht over een chauffeur' });
    }
    caseId = Number((await db.query<{ id: number }>('select id from complaints where ticket_id = $1', [complaintTicket])).rows[0]!.id);
    // the coordinator records the details the citizen sent: the history names her
    const details = await performCaseAction(
      db,
      caseId,
      { type: 'details_received', details: { name: 'Bert Claes', address: 'Kerkstraat 1, 2000 Antwerpen', facts: 'De bus van lijn 9 stopte niet aan de halte.' } },
      `user:${ACCOUNTS.coordinator.email}`,
      new Date(),
    );
    expect(details.ok).toBe(true);
    // two tickets past their first-response target
    await db.query(`update tickets set first_response_due_at = now() - interval '1 hour' where id in (select ticket_id from messages where text = any($1::text[]))`, [
      [QUESTION, DISSATISFIED],
    ]);
    // the worker has told the coordinator by e-mail (an entry of the case's history)
    await eventually(async () => (await db.query(`select 1 from audit_log where action = 'complaint.coordinator_notified' and subject_id = $1`, [String(caseId)])).rows.length > 0, 30_000);
    await eventually(async () => (await db.query(`select 1 from channels where id = 'delijn-x-oud' and last_error is not null`)).rows.length > 0, 30_000);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('the checker finds English, raw keys, actors and class names (so an empty result means something)', () => {
    expect(englishOrRawKeys('door user:coordinator@demo.local')).toEqual(['actor "user:coordinator@demo.local"']);
    expect(englishOrRawKeys('complaint.coordinator_notified')).toEqual(expect.arrayContaining(['raw key "complaint.coordinator_notified"']));
    expect(englishOrRawKeys('TransientError: X mentions failed: getaddrinfo ENOTFOUND api.x.com')).toEqual(
      expect.arrayContaining(['class name "TransientError"', 'error code "ENOTFOUND"', 'English "failed"']),
    );
    expect(englishOrRawKeys('tickets.assign is not allowed for entity syntra-vlaanderen')).toEqual(
      expect.arrayContaining(['raw key "tickets.assign"', 'English "not"', 'English "allowed"', 'English "for"']),
    );
    expect(englishOrRawKeys('due_soon')).toEqual(['raw key "due_soon"']);
    expect(englishOrRawKeys('firstResponse')).toEqual(['raw key "firstResponse"']);
    expect(englishOrRawKeys('Hallo {naam}, uw ticket')).toEqual(['unfilled placeholder "{naam}"']);
    // Dutch, with the words Dutch shares with English and the data a screen may show as it is
    expect(
      englishOrRawKeys(
        'Is dit een klacht of een vraag? Het platform was niet bereikbaar; 1 open ticket, 2 tickets over de SLA-termijn, webhook, e-mail aan klachten@delijn.test, @an_peeters, {{contact.name}}, Europe/Brussels, o.a. www.vlaamseombudsdienst.be, Web Content Accessibility Guidelines',
      ),
    ).toEqual([]);
  });

  test('in the browser, the checker reads visible text, labels and hidden screen-reader text, not what is hidden or marked as another language', async () => {
    const context = await stack.browser.newContext();
    const page = await context.newPage();
    try {
      await go(page, '/');
      await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend',
        '<p>De klacht werd niet gevonden</p>' +
        '<p>The case was not found</p>' +
        '<button aria-label="Close dialog">×</button>' +
        '<span class="visually-hidden">door user:kris@delijn.test</span>' +
        '<details><summary>Technische details</summary><code>TransientError: getaddrinfo ENOTFOUND x-api.invalid</code></details>' +
        '<p hidden>Loading the queue</p>' +
        '<p lang="en">English on purpose</p>')`);
      const found = await dutchProblems(page);
      expect(found.map((line) => line.split(' in ')[0])).toEqual([
        'English "The"',
        'English "case"',
        'English "not"',
        'English "found"',
        'actor "user:kris@delijn.test"',
        'English "Close"',
      ]);
    } finally {
      await context.close();
    }
  });

  for (const viewport of VIEWPORTS) {
    describe(`${viewport.size} (${viewport.width}×${viewport.height})`, () => {
      const contexts = new Map<Role, BrowserContext>();

      beforeAll(async () => {
        for (const role of ['nobody', 'agent', 'coordinator', 'admin'] as const) {
          const context = await stack.browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, timezoneId: 'Europe/Brussels', locale: 'nl-BE' });
          if (role !== 'nobody') await logIn(context, role);
          contexts.set(role, context);
        }
      }, 60_000);

      afterAll(async () => {
        for (const context of contexts.values()) await context.close();
      });

      // SCREENS=case,dashboard walks only those (while working on them); CI walks every screen
      const only = process.env.SCREENS?.split(',');
      const walked = SCREENS.filter((screen) => !only || only.includes(screen.name));
      test.each(walked.map((screen) => [screen.name, screen] as const))('%s', async (_name, screen) => {
        const page = await contexts.get(screen.role)!.newPage();
        page.setDefaultTimeout(15_000);
        try {
          await screen.open(page);
          await settled(page);
          await page.screenshot({ path: path.join(SCREENSHOTS, `screens-${viewport.size}-${screen.name}.png`), fullPage: true });
          const found = {
            axe: await axeViolations(page),
            dutch: await dutchProblems(page),
            overflow: viewport.size === 'phone' ? await horizontalOverflow(page) : null,
          };
          expect(found).toEqual({ axe: [], dutch: [], overflow: null });
          await screen.check?.(page);
        } finally {
          await page.close();
        }
      }, 60_000);
    });
  }
});
