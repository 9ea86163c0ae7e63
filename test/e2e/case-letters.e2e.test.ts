import type { Browser, Page } from 'playwright-core';
import { EmailEmulator } from '../../connectors/email/emulator.js';
import { GoogleReviewsEmulator } from '../../connectors/google/emulator.js';
import type { XEmulator } from '../../connectors/x/emulator.js';
import type { Db } from '../../src/db/db.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { pdfText } from '../helpers/pdf-text.js';
import { eventually } from '../helpers/runtime.js';
import { axeViolations } from './axe.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { dutchProblems } from './dutch-text.js';
import { deLijn, startE2eStack, type E2eStack } from './stack.js';

/**
 * The coordinator closes the loop, in a real browser: every step of the procedure that speaks to the
 * citizen is a letter written from the entity's template, in the citizen's language, shown and sent
 * from the case — privately on X (DMs at the emulator), by e-mail on an e-mail complaint (at the
 * mail server's SMTP side), or as a PDF to post when nothing else reaches the citizen — and the step
 * counts once the letter went. The citizen's private answer suggests their details; the coordinator
 * confirms them. Closing the case resolves its ticket.
 */
if (!haveChromium) console.warn(`case letters e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const ACCOUNT = { userId: '1001', handle: 'delijn', token: 'tok-delijn' };
const LOCATION = { accountId: '1100000000000000001', locationId: '2200000000000000001' };
const GOOGLE_TOKEN = 'ya29.letters0001';
const MAILBOX = 'klachten@delijn.example';
const COMPLAINT_MAIL_ID = '<klacht-bus12@example.be>';

let stack: E2eStack;
let db: Db;
let browser: Browser;
let baseUrl: string;
let x: XEmulator;
let mail: EmailEmulator;
let google: GoogleReviewsEmulator;

async function logIn(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Brussels', acceptDownloads: true })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(baseUrl);
  await page.getByLabel('E-mailadres').fill('kris@brief.test');
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('heading', { name: /Klachtdossiers/ }).waitFor();
  return page;
}

async function caseOfChannel(channel: string): Promise<{ caseId: number; ticketId: number }> {
  const { rows } = await db.query<{ id: string; ticket_id: string }>(
    `select c.id, c.ticket_id from complaints c join tickets t on t.id = c.ticket_id where t.channel_id = $1`,
    [channel],
  );
  return { caseId: Number(rows[0]!.id), ticketId: Number(rows[0]!.ticket_id) };
}

async function openCase(page: Page, caseId: number): Promise<void> {
  await page.goto(`${baseUrl}/cases/${caseId}`);
  await page.getByRole('heading', { name: `Klachtdossier ${caseId}` }).waitFor();
}

async function stage(page: Page, label: string): Promise<void> {
  await page.getByTestId('case-state').filter({ hasText: label }).waitFor();
}

/** Writes the letter of `kind` from the template, checks its text, and sends it the way the button names. */
async function sendLetter(page: Page, kind: string, options: { fill?: (letter: ReturnType<Page['getByTestId']>) => Promise<void>; contains: string[]; send: string; language?: string }): Promise<string> {
  const letter = page.getByTestId(`letter-${kind}`);
  await options.fill?.(letter);
  await letter.getByRole('button', { name: 'Brief opstellen' }).click();
  const body = letter.getByLabel('Tekst');
  await body.waitFor();
  if (options.language) expect(await letter.getByLabel('Taal van de brief').inputValue()).toBe(options.language);
  const text = await body.inputValue();
  for (const part of options.contains) expect(text).toContain(part);
  await letter.getByRole('button', { name: options.send }).click();
  return text;
}

/** The investigation and the decision (founded, resolved, one ombudsman norm). */
async function investigateAndDecide(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Onderzoek starten' }).click();
  await stage(page, 'in onderzoek');
  await page.getByText('Beoordelen', { exact: true }).first().click();
  const decide = page.getByRole('form', { name: 'Beoordelen' });
  await decide.getByLabel('redelijke behandeltermijn').check();
  await decide.getByRole('button', { name: 'Beoordelen' }).click();
  await stage(page, 'beoordeeld');
}

async function closeCase(page: Page, ticketId: number): Promise<void> {
  const close = page.getByRole('form', { name: 'Dossier sluiten' });
  expect(await close.getByTestId('close-resolves-ticket').isChecked()).toBe(true);
  await close.getByRole('button', { name: 'Dossier sluiten' }).click();
  await stage(page, 'gesloten');
  const { rows } = await db.query<{ status: string }>(`select status from tickets where id = $1`, [ticketId]);
  expect(rows[0]!.status).toBe('resolved');
}

async function letterStates(page: Page): Promise<Array<string | null>> {
  const items = await page.getByTestId('case-letters').locator('li').all();
  return Promise.all(items.map((item) => item.getAttribute('data-status')));
}

e2e('letters from the case', () => {
  beforeAll(async () => {
    mail = new EmailEmulator({ address: MAILBOX });
    await mail.start();
    google = new GoogleReviewsEmulator();
    google.addLocation({ ...LOCATION, token: GOOGLE_TOKEN });
    await google.start();
    stack = await startE2eStack({
      entities: (emulatorUrl) => [
        deLijn(emulatorUrl, ACCOUNT, {
          pollIntervalSeconds: 1,
          complaintIntake: { auto: false, mode: 'ask_details' },
          channels: [
            { id: 'delijn-mail', platform: 'email', name: MAILBOX, account: { address: MAILBOX }, credentials: mail.credentials(), pollIntervalSeconds: 1, enabled: true },
            { id: 'delijn-google', platform: 'google', name: 'De Lijn Antwerpen', account: { ...LOCATION }, baseUrl: google.url, credentials: { accessToken: GOOGLE_TOKEN }, pollIntervalSeconds: 1, enabled: true },
          ],
        }),
      ],
      users: [{ email: 'kris@brief.test', name: 'Kris Klachten', role: 'coordinator', entities: ['de-lijn'] }],
      prepare: async ({ emulator }) => {
        emulator.addAccount({ ...ACCOUNT });
        emulator.addMention({
          toUserId: ACCOUNT.userId,
          authorId: '711',
          username: 'marie_d',
          name: 'Marie',
          lang: 'fr',
          text: "@delijn je dépose une plainte formelle: le bus 12 ne s'est pas arrêté à l'arrêt Gare le 3 décembre, c'est inacceptable",
        });
        await mail.addMail({
          from: 'Jan Peeters <jan.peeters@example.be>',
          subject: 'Klacht over bus 12',
          messageId: COMPLAINT_MAIL_ID,
          text: 'Geachte, hierbij dien ik een formele klacht in. De chauffeur van bus 12 was op 2 december onbeleefd en reed weg terwijl ik aan de deur stond. Dit is onaanvaardbaar.',
        });
        google.addReview({
          ...LOCATION,
          starRating: 'ONE',
          displayName: 'Piet Claes',
          createTime: new Date(Date.now() - 30 * 60_000),
          comment: 'Ik dien een formele klacht in: het loket in Antwerpen was op 2 december twee uur gesloten zonder enige aankondiging. Onaanvaardbaar.',
        });
      },
    });
    ({ db, baseUrl, browser } = stack);
    x = stack.emulator;
    await eventually(async () => (await db.query(`select count(*)::int as n from complaints where entity_id = 'de-lijn'`)).rows[0]!.n === 3, 30_000);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await mail?.stop();
    await google?.stop();
  });

  test('a complaint on X: details asked by DM, answered privately, suggestions confirmed, acknowledged and answered in French, closed with its ticket', async () => {
    const { caseId, ticketId } = await caseOfChannel('delijn-x');
    const page = await logIn();
    await openCase(page, caseId);
    const dms = () => x.replies.filter((reply) => reply.kind === 'dm' && reply.participantId === '711');

    await sendLetter(page, 'request_details', { language: 'fr', contains: ['vos nom et adresse'], send: 'Versturen als privébericht' });
    await stage(page, 'gegevens onvolledig');
    expect(dms()).toHaveLength(1);
    expect(dms()[0]!.text).toContain('vos nom et adresse');

    // The citizen answers in the DM: the answer joins the case, and its details are suggested, not stored.
    x.addDm({ toUserId: ACCOUNT.userId, senderId: '711', username: 'marie_d', text: "Bonjour, je m'appelle Marie Dubois, j'habite Rue Haute 3, 1000 Bruxelles. Mon adresse e-mail est marie.dubois@example.be" });
    const suggestions = page.getByTestId('suggested-details');
    await suggestions.getByText('Rue Haute 3, 1000 Bruxelles', { exact: true }).waitFor({ timeout: 30_000 });
    expect((await db.query<{ intake: object }>(`select intake from complaints where id = $1`, [caseId])).rows[0]!.intake).toEqual({});
    await suggestions.getByRole('button', { name: 'Alles overnemen in het formulier' }).click();
    const intake = page.getByRole('form', { name: 'Gegevens ontvangen' });
    expect(await intake.getByRole('textbox', { name: 'Naam', exact: true }).inputValue()).toBe('Marie Dubois');
    expect(await intake.getByRole('textbox', { name: 'E-mailadres', exact: true }).inputValue()).toBe('marie.dubois@example.be');
    await intake.getByRole('textbox', { name: 'Feiten', exact: true }).fill("Le bus 12 ne s'est pas arrêté à l'arrêt Gare le 3 décembre.");
    await intake.getByRole('button', { name: 'Gegevens ontvangen' }).click();
    await stage(page, 'ontvankelijkheid nagaan');

    await sendLetter(page, 'acknowledgement', {
      fill: (letter) => letter.getByLabel('Klachtenbehandelaar').fill('Kris Klachten'),
      language: 'fr',
      contains: ['Madame, Monsieur,', 'Kris Klachten traite votre plainte', 'au plus tard le'],
      send: 'Versturen als privébericht',
    });
    await stage(page, 'ontvangst gemeld');
    expect(dms()[1]!.text).toContain('Kris Klachten traite votre plainte');
    expect(await axeViolations(page)).toEqual([]);

    await investigateAndDecide(page);
    await sendLetter(page, 'answer', {
      fill: (letter) => letter.getByLabel('Motivering van de beslissing').fill("Le chauffeur a manqué l'arrêt; nous en avons parlé avec lui."),
      language: 'fr',
      contains: ['votre plainte est fondée', 'Médiateur flamand', '0800 240 50', 'www.vlaamseombudsdienst.be'],
      send: 'Versturen als privébericht',
    });
    await stage(page, 'beantwoord');
    expect(dms()[2]!.text).toContain('Médiateur flamand');
    expect(await letterStates(page)).toEqual(['sent', 'sent', 'sent']);
    await closeCase(page, ticketId);
    expect(await dutchProblems(page)).toEqual([]);
  }, 180_000);

  test('a complaint by e-mail: every letter is an e-mail reply in the thread, the citizen answers by e-mail', async () => {
    const { caseId, ticketId } = await caseOfChannel('delijn-mail');
    const page = await logIn();
    await openCase(page, caseId);
    const sent = () => mail.replies.filter((reply) => reply.to.includes('jan.peeters@example.be'));

    await sendLetter(page, 'request_details', { language: 'nl', contains: ['Beste', 'uw naam en adres'], send: 'Versturen als privébericht' });
    await stage(page, 'gegevens onvolledig');
    await eventually(async () => sent().length === 1, 20_000);
    const ask = sent()[0]!;
    expect(ask.text).toContain('uw naam en adres');

    await mail.addMail({
      from: 'Jan Peeters <jan.peeters@example.be>',
      subject: 'Re: Klacht over bus 12',
      inReplyTo: ask.messageId!,
      references: [COMPLAINT_MAIL_ID, ask.messageId!],
      text: 'Goeiedag, mijn naam is Jan Peeters, ik woon in de Kerkstraat 12, 2000 Antwerpen. Mijn e-mailadres is jan.peeters@example.be',
    });
    const suggestions = page.getByTestId('suggested-details');
    await suggestions.getByText('Kerkstraat 12, 2000 Antwerpen', { exact: true }).waitFor({ timeout: 30_000 });
    await suggestions.getByRole('button', { name: 'Alles overnemen in het formulier' }).click();
    const intake = page.getByRole('form', { name: 'Gegevens ontvangen' });
    await intake.getByRole('textbox', { name: 'Feiten', exact: true }).fill('De chauffeur van bus 12 reed op 2 december weg terwijl ik aan de deur stond.');
    await intake.getByRole('button', { name: 'Gegevens ontvangen' }).click();
    await stage(page, 'ontvankelijkheid nagaan');

    await sendLetter(page, 'acknowledgement', {
      fill: (letter) => letter.getByLabel('Klachtenbehandelaar').fill('Kris Klachten'),
      language: 'nl',
      contains: ['Beste Jan Peeters,', 'Kris Klachten behandelt uw klacht'],
      send: 'Versturen als privébericht',
    });
    await stage(page, 'ontvangst gemeld');
    await investigateAndDecide(page);
    await sendLetter(page, 'answer', {
      fill: (letter) => letter.getByLabel('Motivering van de beslissing').fill('De chauffeur heeft u niet gezien; we hebben dit met hem besproken.'),
      language: 'nl',
      contains: ['uw klacht is gegrond', 'Vlaamse Ombudsdienst', '0800 240 50'],
      send: 'Versturen als privébericht',
    });
    await stage(page, 'beantwoord');
    await eventually(async () => sent().length === 3, 20_000);
    // Every letter went into the citizen's thread.
    for (const letter of sent()) expect(letter.references).toContain(COMPLAINT_MAIL_ID);
    expect(sent()[2]!.text).toContain('Vlaamse Ombudsdienst');
    expect(await letterStates(page)).toEqual(['sent', 'sent', 'sent']);
    await closeCase(page, ticketId);
    // Still one ticket for Jan: his answer joined the complaint's thread.
    expect((await db.query(`select count(*)::int as n from tickets where channel_id = 'delijn-mail'`)).rows[0]!.n).toBe(1);
  }, 180_000);

  test('a Google review: nothing reaches the citizen privately, so the acknowledgement is a PDF letter, posted by hand', async () => {
    const { caseId } = await caseOfChannel('delijn-google');
    const page = await logIn();
    await openCase(page, caseId);

    // No private message on a review, no e-mail address, no postal address: the app says so.
    const ask = page.getByTestId('letter-request_details');
    await ask.getByRole('button', { name: 'Brief opstellen' }).click();
    await ask.getByText('De klager is niet privé te bereiken', { exact: false }).waitFor();

    // The details came in on the entity's complaint form.
    const intake = page.getByRole('form', { name: 'Gegevens ontvangen' });
    await intake.getByRole('textbox', { name: 'Naam', exact: true }).fill('Piet Claes');
    await intake.getByRole('textbox', { name: 'Adres', exact: true }).fill('Lange Lozanastraat 7, 2018 Antwerpen');
    await intake.getByRole('textbox', { name: 'Feiten', exact: true }).fill('Het loket in Antwerpen was op 2 december twee uur gesloten zonder aankondiging.');
    await intake.getByRole('button', { name: 'Gegevens ontvangen' }).click();
    await stage(page, 'ontvankelijkheid nagaan');

    await sendLetter(page, 'acknowledgement', {
      fill: (letter) => letter.getByLabel('Klachtenbehandelaar').fill('Kris Klachten'),
      language: 'nl',
      contains: ['Beste Piet Claes,', 'Kris Klachten behandelt uw klacht'],
      send: 'Klaarzetten om te posten',
    });
    const letters = page.getByTestId('case-letters');
    await letters.locator('li[data-status="to_post"]').waitFor();
    // Not yet posted: the step waits.
    await stage(page, 'ontvankelijkheid nagaan');

    const download = page.waitForEvent('download');
    await letters.getByRole('link', { name: 'PDF downloaden' }).click();
    const file = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    const text = await pdfText(new Uint8Array(Buffer.concat(chunks)));
    expect(text).toContain('Piet Claes');
    expect(text).toContain('Lange Lozanastraat 7, 2018 Antwerpen');
    expect(text).toContain('Kris Klachten behandelt uw klacht');
    expect(text).toContain('Ontvangstmelding van uw klacht');
    expect(text).toContain('De Lijn');

    await letters.getByRole('button', { name: 'Gepost' }).click();
    await stage(page, 'ontvangst gemeld');
    expect(await letterStates(page)).toEqual(['sent']);
    expect(await axeViolations(page)).toEqual([]);
    expect(await dutchProblems(page)).toEqual([]);
  }, 120_000);
});
