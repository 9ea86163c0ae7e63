import type { Page } from 'playwright-core';
import { FacebookEmulator, seedDemo as seedFacebook } from '../../connectors/facebook/emulator.js';
import { EMULATOR_OAUTH_APP } from '../../connectors/oauth-emulator.js';
import { loadChannel } from '../../src/channels/channels.js';
import { TEST_PASSWORD } from '../helpers/api.js';
import { eventually } from '../helpers/runtime.js';
import { CHROMIUM, haveChromium } from './browser.js';
import { SCREENSHOTS, startE2eStack, type E2eStack } from './stack.js';
import { dutchProblems } from './dutch-text.js';

/**
 * "Connect, don't paste" in a real browser: an admin adds an X channel and a Facebook channel with
 * "Verbinden met …", answers the emulator's authorize page with "Authorize app", picks the account
 * or Page in the picker, and the new channel ingests its messages with the tokens of the flow.
 * Cancel on the authorize page brings the admin back with a clear message. When the platform
 * revokes the token, "Verbinden met X" in the reconnect form renews the channel the same way.
 */
if (!haveChromium) console.warn(`connect e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const e2e = haveChromium ? describe : describe.skip;

const DELIJN = { userId: '1001', handle: 'delijn', name: 'De Lijn', token: 'tok-delijn-seed' };
const PAGE_ID = '104000000000555';

let stack: E2eStack;
let page: Page;
const facebook = new FacebookEmulator();

async function messagesOf(channelId: string): Promise<number> {
  return (await stack.db.query<{ n: number }>('select count(*)::int as n from messages where channel_id = $1', [channelId])).rows[0]!.n;
}

async function connect(platform: string, platformLabel: string): Promise<void> {
  await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
  const form = page.getByTestId('channel-form');
  await form.getByLabel('Platform').selectOption(platform);
  if (platform === 'x') await form.screenshot({ path: `${SCREENSHOTS}connect-oauth-form.png` });
  await form.getByRole('button', { name: `Verbinden met ${platformLabel}` }).click();
  // The emulator's authorize page: the app, the scopes, Authorize app / Cancel.
  await page.getByRole('heading', { name: /authorize Social inbox\?/ }).waitFor();
  await page.getByRole('button', { name: 'Authorize app' }).click();
}

e2e('connecting channels through the OAuth flow', () => {
  beforeAll(async () => {
    const facebookUrl = await facebook.start();
    facebook.addPage({ pageId: PAGE_ID, name: 'De Lijn Vlaanderen', token: 'page-token-seed' });
    seedFacebook(facebook, { pageId: PAGE_ID });
    stack = await startE2eStack({
      entities: () => [
        { id: 'de-lijn', name: 'De Lijn', coordinator: { name: 'Klachtendienst De Lijn', email: 'klachten@delijn.test' }, complaintThreshold: 0.6, timeZone: 'Europe/Brussels', channels: [] },
      ],
      users: [{ email: 'admin@delijn.test', name: 'Ada Beheer', role: 'admin', entities: ['de-lijn'] }],
      prepare: async ({ emulator, emulatorUrl, runtime }) => {
        emulator.addAccount({ ...DELIJN });
        emulator.addMention({ toUserId: DELIJN.userId, authorId: '501', username: 'an', name: 'An Peeters', text: '@delijn wanneer rijdt lijn 4 weer?' });
        const app = { clientId: EMULATOR_OAUTH_APP.clientId, clientSecret: EMULATOR_OAUTH_APP.clientSecret };
        runtime.settings.oauth = { x: { ...app, baseUrl: emulatorUrl }, facebook: { ...app, baseUrl: facebookUrl } };
      },
    });
    // The platform sends the browser back to the public URL's /oauth/callback: this server.
    stack.runtime.settings.publicUrl = stack.baseUrl;
    page = await (await stack.browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Europe/Brussels' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(stack.baseUrl);
    await page.getByLabel('E-mailadres').fill('admin@delijn.test');
    await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
    await page.getByRole('link', { name: 'Kanalen' }).click();
    await page.getByRole('heading', { name: 'Kanalen en hun gezondheid' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await facebook.stop();
  });

  test('Cancel on the authorize page: back on the channels with a clear message, nothing attached', async () => {
    await page.getByRole('button', { name: 'Kanaal toevoegen' }).click();
    await page.getByTestId('channel-form').getByLabel('Platform').selectOption('x');
    await page.getByRole('button', { name: 'Verbinden met X' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('connect-refused').filter({ hasText: 'Je hebt de toegang op X geweigerd' }).waitFor();
    await page.getByTestId('connect-refused').getByRole('button', { name: 'Sluiten' }).click();
    expect(new URL(page.url()).search).toBe('');
  });

  test('an X channel: authorize, pick the account, the channel ingests the mention', async () => {
    await connect('x', 'X');
    const picker = page.getByTestId('connect-picker');
    await picker.getByRole('heading', { name: 'Verbonden met X: kies het account' }).waitFor();
    await picker.getByRole('radio', { name: /De Lijn · @delijn/ }).check();
    await picker.getByLabel('Id van het nieuwe kanaal').fill('delijn-x');
    expect(await dutchProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}connect-oauth-picker.png`, fullPage: true });
    await picker.getByRole('button', { name: 'Kanaal koppelen' }).click();
    await page.getByTestId('channel-delijn-x').waitFor();
    await eventually(async () => (await messagesOf('delijn-x')) === 1, 20_000);
    await page.getByTestId('channel-delijn-x').getByTestId('channel-status').filter({ hasText: 'in orde' }).waitFor({ timeout: 20_000 });
    const stored = await stack.db.query<{ credentials_encrypted: string }>("select credentials_encrypted from channels where id = 'delijn-x'");
    expect(stored.rows[0]!.credentials_encrypted).not.toContain('emu-access');
  });

  test('a Facebook channel: authorize, pick the Page, the channel ingests its comments', async () => {
    await connect('facebook', 'Facebook');
    const picker = page.getByTestId('connect-picker');
    await picker.getByRole('heading', { name: 'Verbonden met Facebook: kies het account' }).waitFor();
    await picker.getByRole('radio', { name: 'De Lijn Vlaanderen' }).check();
    expect(await picker.getByLabel('Id van het nieuwe kanaal').inputValue()).toBe('facebook-de-lijn-vlaanderen');
    await picker.getByRole('button', { name: 'Kanaal koppelen' }).click();
    await page.getByTestId('channel-facebook-de-lijn-vlaanderen').waitFor();
    await eventually(async () => (await messagesOf('facebook-de-lijn-vlaanderen')) > 0, 20_000);
    await page.screenshot({ path: `${SCREENSHOTS}connect-oauth.png`, fullPage: true });
  });

  test('a revoked X token: the reconnect form connects again through the flow, and the channel reads on', async () => {
    // The person revokes the app at X: the access token and the refresh token die together.
    const { userAccessToken: token, refreshToken } = (await loadChannel(stack.db, 'delijn-x', stack.runtime.secrets))!.context.credentials;
    stack.emulator.oauth.revokeToken(token!);
    stack.emulator.oauth.revokeToken(refreshToken!);
    const card = page.getByTestId('channel-delijn-x');
    await card.getByRole('button', { name: 'Nu ophalen: De Lijn' }).click();
    await card.getByTestId('channel-status').filter({ hasText: 'opnieuw verbinden nodig' }).waitFor({ timeout: 20_000 });

    await card.getByRole('button', { name: 'Opnieuw verbinden' }).click();
    await page.getByTestId('channel-form').getByRole('button', { name: 'Verbinden met X' }).click();
    await page.getByRole('button', { name: 'Authorize app' }).click();
    const picker = page.getByTestId('connect-picker');
    await picker.getByRole('heading', { name: 'Verbonden met X: kies het account voor delijn-x' }).waitFor();
    await picker.getByRole('button', { name: 'Verbinding vernieuwen' }).click();
    await page.getByTestId('channel-delijn-x').getByTestId('channel-status').filter({ hasText: 'in orde' }).waitFor({ timeout: 20_000 });
    stack.emulator.addMention({ toUserId: DELIJN.userId, authorId: '502', username: 'bert', name: 'Bert Claes', text: '@delijn rijdt tram 1 vandaag?' });
    await page.getByTestId('channel-delijn-x').getByRole('button', { name: 'Nu ophalen: De Lijn' }).click();
    await eventually(async () => (await messagesOf('delijn-x')) === 2, 20_000);
    const renewed = (await loadChannel(stack.db, 'delijn-x', stack.runtime.secrets))!.context.credentials.userAccessToken;
    expect(renewed).not.toBe(token);
  });
});
