import { createMessengerConnector } from '../../connectors/facebook/connector.js';
import { FacebookEmulator, messageEvent, messagingWebhookBody, seedMessengerDemo, signedWebhookRequest } from '../../connectors/facebook/emulator.js';
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type Connector,
  type Cursor,
  type ReplyTarget,
} from '../../connectors/types.js';
import { kindsOrErrors, messages, poll, rejection, requestsTo } from '../helpers/conformance.js';

const PAGE = { pageId: '104000000000002', name: 'Stad Leuven', token: 'EAApagetokenleuven000000000000000' };
const APP_SECRET = 'app-secret-leuven';
const P1 = '6100000000000001';
const P2 = '6100000000000002';
const P3 = '6100000000000003';

let emu: FacebookEmulator;
let connector: Connector & { close(): void };

function channelFor(extra: Partial<ChannelContext> = {}): ChannelContext {
  return {
    id: 'ch-ms',
    entityId: 'ent-leuven',
    platform: 'messenger',
    account: { pageId: PAGE.pageId },
    baseUrl: emu.url,
    credentials: { accessToken: PAGE.token, appSecret: APP_SECRET, verifyToken: 'verify-leuven' },
    ...extra,
  };
}

function make(opts: Parameters<typeof createMessengerConnector>[0] = {}) {
  return createMessengerConnector({ timeoutMs: 5000, conversationPageSize: 2, messagePageSize: 3, ...opts });
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

beforeEach(async () => {
  emu = new FacebookEmulator();
  emu.addPage(PAGE);
  await emu.start();
  connector = make();
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('Messenger connector ↔ emulator: polling', () => {
  it('first poll reads the newest conversations; the next poll only new messages', async () => {
    const channel = channelFor();
    const a1 = emu.addMessage({ pageId: PAGE.pageId, psid: P1, name: 'Anna', text: 'Dag, een vraag', createdAt: minutesAgo(50) }).messageId;
    emu.addPageMessage(PAGE.pageId, P1, 'Zeg het maar', minutesAgo(45));
    const a2 = emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'Mijn afvalzak werd niet opgehaald', createdAt: minutesAgo(40) }).messageId;
    const newest = minutesAgo(30);
    const b1 = emu.addMessage({ pageId: PAGE.pageId, psid: P2, name: 'Bram', text: 'Bonjour', createdAt: newest }).messageId;

    const first = await poll(connector, channel, null);
    expect(first.items.map((i) => i.externalId)).toEqual([b1, a2, a1]);
    const msgs = messages(connector, first.items, channel);
    expect(msgs.map((m) => m.conversationKey)).toEqual([`fb:dm:${P2}`, `fb:dm:${P1}`, `fb:dm:${P1}`]);
    expect(msgs[0]).toMatchObject({ kind: 'dm', author: { platformUserId: P2, name: 'Bram' }, text: 'Bonjour' });
    expect(first.cursor.round).toBeUndefined();
    // The newest conversation's time, to the second (not recomputed: a second may have passed since).
    expect(first.cursor.updatedSince).toBe(new Date(Math.floor(newest.getTime() / 1000) * 1000).toISOString().replace('.000Z', '+0000'));

    const a3 = emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'Nog iets', createdAt: minutesAgo(5) }).messageId;
    const c1 = emu.addMessage({ pageId: PAGE.pageId, psid: P3, text: 'Hello', createdAt: minutesAgo(4) }).messageId;
    const second = await poll(connector, channel, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([c1, a3]);

    const before = emu.requestLog.length;
    const third = await poll(connector, channel, second.cursor);
    expect(third.items).toEqual([]);
    expect(emu.requestLog.slice(before).map((r) => r.path)).toEqual([`/${PAGE.pageId}/conversations`]);
    expect(new URLSearchParams(emu.requestLog[before]!.query).get('platform')).toBe('messenger');
  });

  it('walks conversation pages and /messages pages when much is new, resuming after a crash, each message once', async () => {
    const channel = channelFor();
    emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'eerste', createdAt: minutesAgo(300) });
    const first = await poll(connector, channel, null);
    expect(first.items).toHaveLength(1);

    // P1: 7 new messages (more than the inline page of 3); four other conversations (two pages of 2).
    const p1 = Array.from({ length: 7 }, (_, i) => emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: `p1 ${i}`, createdAt: minutesAgo(100 - i) }).messageId);
    const others = ['7000000000000001', '7000000000000002', '7000000000000003', '7000000000000004'].map((psid, i) =>
      emu.addMessage({ pageId: PAGE.pageId, psid, text: `ander ${i}`, createdAt: minutesAgo(80 - i) }).messageId);

    const step1 = await connector.fetch(channel, first.cursor);
    expect(step1.more).toBe(true);
    connector.close();
    connector = make();
    const rest = await poll(connector, channel, JSON.parse(JSON.stringify(step1.cursor)) as Cursor);
    const seen = [...step1.items, ...rest.items].map((i) => i.externalId);
    expect(seen).toHaveLength(11);
    expect(new Set(seen)).toEqual(new Set([...p1, ...others]));
    expect(requestsTo(emu, /\/conversations$/).length).toBe(1 + 3);
    // /messages of P1: pages of 3, 3, 2 (the last reaches the message read on the first poll).
    expect(requestsTo(emu, /^\/t_\d+\/messages$/)).toHaveLength(3);
    expect(rest.cursor.round).toBeUndefined();

    const next = await poll(connector, channel, rest.cursor);
    expect(next.items).toEqual([]);
  });

  it('handles an empty inbox: empty page, no more, no marks', async () => {
    const result = await connector.fetch(channelFor(), null);
    expect(result).toMatchObject({ items: [], more: false, cursor: { seen: {} } });
    expect(emu.requestLog.map((r) => [r.path, r.status, r.auth])).toEqual([[`/${PAGE.pageId}/conversations`, 200, 'bearer']]);
  });

  it('passes a malformed message through fetch; only it fails to normalize', async () => {
    const channel = channelFor();
    const before = emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'goed 1', createdAt: minutesAgo(10) }).messageId;
    emu.addRawMessage(PAGE.pageId, P1, { id: 'm_kapot', created_time: 'gisteren', from: { id: P1 }, message: 'geheime inhoud' }, minutesAgo(8));
    const after = emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'goed 2', createdAt: minutesAgo(6) }).messageId;
    const { items } = await poll(connector, channel, null);
    expect(items.map((i) => i.externalId)).toEqual([after, 'm_kapot', before]);
    const outcomes = kindsOrErrors(connector, items, channel, /geheime/);
    expect(outcomes).toEqual(['message', expect.stringMatching(/created_time/), 'message']);
  });
});

describe('Messenger connector ↔ emulator: replies', () => {
  it('answers within the 24-hour window through the Send API, recorded once, and not read back', async () => {
    const channel = channelFor();
    emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'Help', createdAt: minutesAgo(60) });
    const first = await poll(connector, channel, null);
    const target: ReplyTarget = {
      visibility: 'private', inReplyToExternalId: first.items[0]!.externalId!, inReplyToKind: 'dm', conversationKey: `fb:dm:${P1}`,
      recipientPlatformUserId: P1, inReplyToRaw: first.items[0]!.payload,
    };
    const sent = await connector.reply(channel, target, 'Wij helpen u graag.');
    expect(emu.replies).toEqual([expect.objectContaining({ kind: 'message', id: sent.externalId, text: 'Wij helpen u graag.', recipientId: P1, messagingType: 'RESPONSE' })]);
    expect(requestsTo(emu, /\/messages$/).filter((r) => r.method === 'POST')).toHaveLength(1);
    const next = await poll(connector, channel, first.cursor);
    expect(next.items).toEqual([]);
    expect(next.cursor.seen).toMatchObject({ [Object.keys(next.cursor.seen as object)[0]!]: sent.externalId });
  });

  it('refuses outside the window before any request, from the answered message’s time', async () => {
    const raw = { message: { id: 'm_oud', created_time: '2026-01-01T10:00:00+0000', from: { id: P1 } }, conversationId: 't_1' };
    const target: ReplyTarget = { visibility: 'private', inReplyToExternalId: 'm_oud', inReplyToKind: 'dm', conversationKey: `fb:dm:${P1}`, recipientPlatformUserId: P1, inReplyToRaw: raw };
    const error = await rejection(connector.reply(channelFor(), target, 'te laat'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/^outside Messenger's 24-hour window: /);
    expect(emu.requestLog).toHaveLength(0);
  });

  it('maps the Send API’s code 10 / 2018278 to the same PermanentError when the time is unknown', async () => {
    emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'oud bericht', createdAt: new Date(Date.now() - 30 * 3600 * 1000) });
    const target: ReplyTarget = { visibility: 'private', inReplyToExternalId: 'm_x', inReplyToKind: 'dm', conversationKey: `fb:dm:${P1}`, recipientPlatformUserId: P1 };
    const error = await rejection(connector.reply(channelFor(), target, 'geheim antwoord'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/^outside Messenger's 24-hour window: .*2018278/);
    expect(error.message).not.toContain('geheim');
    expect(emu.replies).toHaveLength(0);
  });

  it('uses the HUMAN_AGENT tag between 24 hours and 7 days when enabled', async () => {
    const tagged = make({ humanAgentTag: true });
    const at = new Date(Date.now() - 48 * 3600 * 1000);
    emu.addMessage({ pageId: PAGE.pageId, psid: P1, text: 'twee dagen oud', createdAt: at });
    const raw = { message: { id: 'm_1', created_time: at.toISOString(), from: { id: P1 } } };
    const target: ReplyTarget = { visibility: 'private', inReplyToExternalId: 'm_1', inReplyToKind: 'dm', conversationKey: `fb:dm:${P1}`, recipientPlatformUserId: P1, inReplyToRaw: raw };
    await tagged.reply(channelFor(), target, 'Excuses voor de vertraging.');
    expect(emu.replies[0]).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });
});

describe('Messenger connector ↔ emulator: failures become typed errors', () => {
  it('code 80006 → RateLimitedError at estimated_time_to_regain_access', async () => {
    emu.failNext('messenger_throttle', { regainMinutes: 3 });
    const started = Date.now();
    const error = await rejection(connector.fetch(channelFor(), null));
    expect(error).toBeInstanceOf(RateLimitedError);
    const reset = (error as RateLimitedError).resetAt.getTime();
    expect(reset).toBeGreaterThanOrEqual(started + 3 * 60_000);
    expect(reset).toBeLessThanOrEqual(Date.now() + 3 * 60_000);
  });

  it('expired token → AuthExpiredError; 5xx → TransientError', async () => {
    emu.revokeToken(PAGE.token);
    const auth = await rejection(connector.fetch(channelFor(), null));
    expect(auth).toBeInstanceOf(AuthExpiredError);
    expect(auth.message).not.toContain(PAGE.token);
    emu.restoreToken(PAGE.token);
    emu.failNext(502);
    expect(await rejection(connector.fetch(channelFor(), null))).toBeInstanceOf(TransientError);
    emu.failNext('server_error', { path: /\/messages$/ });
    const target: ReplyTarget = { visibility: 'private', inReplyToExternalId: 'm', inReplyToKind: 'dm', conversationKey: `fb:dm:${P1}`, recipientPlatformUserId: P1 };
    expect(await rejection(connector.reply(channelFor(), target, 'x'))).toBeInstanceOf(TransientError);
  });
});

describe('Messenger webhook', () => {
  it('handshake, signature and parse: a citizen message normalizes, echo and delivery are ignored', () => {
    const hook = connector.webhook!;
    const channel = channelFor();
    const get = (token: string) => ({ method: 'GET' as const, query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': 'abc' }, headers: {}, rawBody: Buffer.alloc(0) });
    expect(hook.handshake!(get('verify-leuven'), channel)).toMatchObject({ status: 200, body: 'abc' });
    expect(hook.handshake!(get('nee'), channel)?.status).toBe(403);

    const body = messagingWebhookBody(PAGE.pageId, [
      messageEvent({ pageId: PAGE.pageId, psid: P1, mid: 'm_web_1', text: 'Wanneer is het loket open?' }),
      messageEvent({ pageId: PAGE.pageId, psid: P1, mid: 'm_web_2', text: 'Morgen', isEcho: true }),
      { sender: { id: P1 }, recipient: { id: PAGE.pageId }, timestamp: Date.now(), delivery: { mids: ['m_web_2'], watermark: Date.now() } },
    ]);
    const signed = signedWebhookRequest(APP_SECRET, body);
    expect(hook.verify(signed, channel)).toBe(true);
    expect(hook.verify(signedWebhookRequest(APP_SECRET, body, { forge: true }), channel)).toBe(false);
    expect(hook.verify({ ...signed, headers: {} }, channel)).toBe(false);
    expect(hook.verify(signed, channelFor({ credentials: { accessToken: PAGE.token } }))).toBe(false);

    const items = hook.parse(JSON.parse(signed.rawBody.toString()), channel);
    const outcomes = items.map((i) => connector.normalize(i, channel));
    expect(outcomes.map((o) => o.kind)).toEqual(['message', 'ignored', 'ignored']);
    expect(outcomes[0]).toMatchObject({ message: { externalId: 'm_web_1', conversationKey: `fb:dm:${P1}`, text: 'Wanneer is het loket open?' } });
  });
});

describe('Messenger demo seed', () => {
  it('adds six conversations that poll and normalize', async () => {
    seedMessengerDemo(emu, { pageId: PAGE.pageId });
    connector.close();
    connector = make({ conversationPageSize: 25 });
    const channel = channelFor();
    const msgs = messages(connector, (await poll(connector, channel, null)).items, channel);
    expect(msgs).toHaveLength(6);
    expect(new Set(msgs.map((m) => m.conversationKey)).size).toBe(6);
    expect(msgs.some((m) => /klacht/i.test(m.text))).toBe(true);
  });
});
