/**
 * The WhatsApp connector against the WhatsApp emulator over real HTTP: replies go from the
 * connector's Graph client to the emulator; webhook deliveries go from the emulator to a small
 * ingress server that uses the connector's WebhookSupport exactly as the API's ingress would.
 * No mocks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWhatsAppConnector, OUTSIDE_WINDOW_MESSAGE } from '../../connectors/whatsapp/connector.js';
import { metaJson } from '../../connectors/meta/json.js';
import { seedDemo, WhatsAppEmulator, type WhatsAppDelivery } from '../../connectors/whatsapp/emulator.js';
import { SIGNATURE_HEADER, signMetaBody } from '../../connectors/meta/signature.js';
import {
  AuthExpiredError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type ChannelContext,
  type InboundMessage,
  type RawItem,
  type ReplyTarget,
  type WebhookRequest,
} from '../../connectors/types.js';
import { deliveryRequest, kindsOrErrors, messages, rejection, replyTarget, timeoutRejection } from '../helpers/conformance.js';
import { platformJson } from '../helpers/fixtures.js';

const APP_SECRET = 'wa-app-secret-0001';
const VERIFY_TOKEN = 'wa-verify-token-0001';
const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '3292001122', wabaId: '102290129340398', token: 'wa-system-token-0001' };
const CITIZEN = '32471234567';

const read = (name: string): unknown => platformJson('whatsapp', name);

let emu: WhatsAppEmulator;
let connector: ReturnType<typeof createWhatsAppConnector>;

function channelFor(credentials: Record<string, string> = { accessToken: NUMBER.token, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN }): ChannelContext {
  return { id: 'ch-wa-1', entityId: 'ent-1', platform: 'whatsapp', account: { phoneNumberId: NUMBER.phoneNumberId }, baseUrl: emu.url, credentials };
}

/** What the ingress does with a verified delivery: parse, then normalize each item. */
function ingestDelivery(delivery: WhatsAppDelivery, channel = channelFor()): InboundMessage[] {
  expect(connector.webhook!.verify(deliveryRequest(delivery), channel)).toBe(true);
  return messages(connector, connector.webhook!.parse(JSON.parse(delivery.rawBody.toString()), channel), channel);
}

beforeEach(async () => {
  emu = new WhatsAppEmulator({ appSecret: APP_SECRET });
  emu.addNumber(NUMBER);
  await emu.start();
  connector = createWhatsAppConnector({ timeoutMs: 5000 });
});

afterEach(async () => {
  connector.close();
  await emu.stop();
});

describe('WhatsApp connector: polling', () => {
  it('fetch returns an empty page with more: false and keeps the cursor, without any request', async () => {
    const first = await connector.fetch(channelFor(), null);
    expect(first).toEqual({ items: [], cursor: {}, more: false });
    const again = await connector.fetch(channelFor(), { kept: 1 });
    expect(again).toEqual({ items: [], cursor: { kept: 1 }, more: false });
    expect(emu.requestLog).toHaveLength(0);
  });
});

describe('WhatsApp connector: webhooks', () => {
  it('answers the hub.challenge handshake only for the right verify token', () => {
    const channel = channelFor();
    const get = (query: Record<string, string>): WebhookRequest => ({ method: 'GET', query, headers: {}, rawBody: Buffer.alloc(0) });
    expect(connector.webhook!.handshake!(get({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }), channel))
      .toMatchObject({ status: 200, body: '1158201444' });
    expect(connector.webhook!.handshake!(get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }), channel)?.status).toBe(403);
    expect(connector.webhook!.handshake!(get({}), channel)).toBeUndefined();
  });

  it('verifies the signature over the raw bytes: true when signed, false when forged, unsigned or signed with another secret', () => {
    const channel = channelFor();
    const delivery = emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, name: 'Zoë Maes', text: 'Waar vind ik mijn attest? Zie https://www.vlaanderen.be/' });
    // Meta's serialisation: non-ASCII and '/' escaped, so re-serialising the parsed body changes the bytes.
    expect(delivery.rawBody.toString()).toContain('Zo\\u00eb');
    expect(delivery.rawBody.toString()).toContain('https:\\/\\/');
    expect(connector.webhook!.verify(deliveryRequest(delivery), channel)).toBe(true);

    const reserialised = Buffer.from(JSON.stringify(delivery.body));
    expect(connector.webhook!.verify(deliveryRequest(delivery, { rawBody: reserialised }), channel)).toBe(false);
    const forged = Buffer.from(delivery.rawBody.toString().replace('attest', 'atlas!'));
    expect(connector.webhook!.verify(deliveryRequest(delivery, { rawBody: forged }), channel)).toBe(false);
    expect(connector.webhook!.verify(deliveryRequest(delivery, { headers: { 'content-type': 'application/json' } }), channel)).toBe(false);
    const otherSecret = { ...delivery.headers, [SIGNATURE_HEADER]: signMetaBody('another-secret', delivery.rawBody) };
    expect(connector.webhook!.verify(deliveryRequest(delivery, { headers: otherSecret }), channel)).toBe(false);
    expect(connector.webhook!.verify(deliveryRequest(delivery), channelFor({ accessToken: NUMBER.token }))).toBe(false);
  });

  it('parses the recorded captures, signed as Meta would, into messages; statuses are ignored', () => {
    const channel = { ...channelFor(), account: { phoneNumberId: 'PNID_TESTE' } };
    const names = ['mensagem_texto.json', 'resposta_a_mensagem.json', 'imagem.json', 'status_sent_with_pricing.json', 'status_read_com_cobranca.json', 'status_failed.json'];
    const all = names.flatMap((name) => ingestDelivery(emu.sign(read(name)), channel));
    expect(all.map((m) => m.externalId)).toEqual(['wamid.TESTE001', 'wamid.TESTE015', 'wamid.TESTE011']);
    expect(all.map((m) => m.conversationKey)).toEqual(['wa:551199990000', 'wa:551199990000', 'wa:5511999990000']);
  });

  it('threads one ticket per contact: wa:<wa_id>', () => {
    const p = NUMBER.phoneNumberId;
    const a1 = ingestDelivery(emu.receiveText({ phoneNumberId: p, from: CITIZEN, text: 'eerste vraag' }));
    const b1 = ingestDelivery(emu.receiveText({ phoneNumberId: p, from: '32479999999', text: 'andere burger' }));
    const a2 = ingestDelivery(emu.receiveText({ phoneNumberId: p, from: CITIZEN, text: 'tweede vraag' }));
    expect([...a1, ...b1, ...a2].map((m) => m.conversationKey)).toEqual([`wa:${CITIZEN}`, 'wa:32479999999', `wa:${CITIZEN}`]);
    expect(new Set([...a1, ...a2].map((m) => m.externalId)).size).toBe(2);
  });

  it('reads media messages as attachments with the media id', () => {
    const delivery = emu.receiveMedia({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, type: 'document', mediaId: '998877', filename: 'a.pdf', caption: 'attest' });
    const [m] = ingestDelivery(delivery);
    expect(m).toMatchObject({ text: 'attest', attachments: [{ type: 'document', url: 'whatsapp-media:998877' }] });
  });

  it('a malformed message in a delivery fails alone; its neighbours normalize', () => {
    const good = emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, text: 'goed' }).body;
    const value = ((good.entry as Array<{ changes: Array<{ value: { messages: unknown[] } }> }>)[0]!.changes[0]!).value;
    const ok = value.messages[0] as Record<string, unknown>;
    value.messages = [ok, { ...ok, id: 'wamid.BAD', timestamp: 'niet-een-tijd', text: { body: 'vertrouwelijk' } }, { ...ok, id: 'wamid.OK2' }];
    const delivery = emu.sign(good);
    const channel = channelFor();
    expect(connector.webhook!.verify(deliveryRequest(delivery), channel)).toBe(true);
    const items: RawItem[] = connector.webhook!.parse(JSON.parse(delivery.rawBody.toString()), channel);
    const results = kindsOrErrors(connector, items, channel, /vertrouwelijk/);
    expect(results).toEqual(['message', expect.stringMatching(/message\.timestamp/), 'message']);
    expect(items.map((i) => i.externalId)).toEqual([ok.id, 'wamid.BAD', 'wamid.OK2']);
  });

  it('delivers over HTTP to a subscribed ingress after the handshake', async () => {
    const channel = channelFor();
    const received: InboundMessage[] = [];
    const statuses: number[] = [];
    const ingress = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://ingress');
        const wr: WebhookRequest = {
          method: req.method === 'GET' ? 'GET' : 'POST',
          query: Object.fromEntries(url.searchParams),
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
          rawBody: Buffer.concat(chunks),
        };
        const hs = connector.webhook!.handshake!(wr, channel);
        let status = 200;
        let body = 'EVENT_RECEIVED';
        if (hs) ({ status, body } = hs);
        else if (!connector.webhook!.verify(wr, channel)) status = 401;
        else for (const item of connector.webhook!.parse(JSON.parse(wr.rawBody.toString()), channel)) {
          const o = connector.normalize(item, channel);
          if (o.kind === 'message') received.push(o.message);
        }
        statuses.push(status);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      });
    });
    await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}/webhooks/whatsapp/ch-wa-1`;
      await expect(emu.subscribe(url, 'wrong-token')).rejects.toThrow(/handshake failed with HTTP 403/);
      await emu.subscribe(url, VERIFY_TOKEN);
      expect(await emu.deliver(emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, text: 'Is het loket open op zaterdag?' }))).toBe(200);
      const forged = emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, text: 'echt' });
      expect(await emu.deliver({ ...forged, rawBody: Buffer.from(metaJson({ ...forged.body, object: 'whatsapp_business_account', entry: [] })) })).toBe(401);
      expect(received.map((m) => m.text)).toEqual(['Is het loket open op zaterdag?']);
      expect(statuses).toEqual([403, 200, 200, 401]);
    } finally {
      ingress.closeAllConnections();
      await new Promise((resolve) => ingress.close(resolve));
    }
  });
});

describe('WhatsApp connector: replies', () => {
  it('sends a text reply within the 24-hour window, recorded once; its status webhooks are ignored', async () => {
    const channel = channelFor();
    const [m] = ingestDelivery(emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, text: 'Mijn paspoort is kwijt.' }));
    const sent = await connector.reply(channel, replyTarget(m!, 'private'), 'U kunt een nieuw paspoort aanvragen bij uw gemeente.');
    expect(sent.externalId).toMatch(/^wamid\./);
    expect(emu.replies).toEqual([{ id: sent.externalId, phoneNumberId: NUMBER.phoneNumberId, to: CITIZEN, text: 'U kunt een nieuw paspoort aanvragen bij uw gemeente.', at: expect.any(Date) }]);
    expect(emu.requestLog.map((r) => [r.method, r.path, r.status])).toEqual([['POST', `/${NUMBER.phoneNumberId}/messages`, 200]]);

    for (const status of ['sent', 'delivered', 'read'] as const) {
      const d = emu.statusDelivery({ phoneNumberId: NUMBER.phoneNumberId, messageId: sent.externalId, recipient: CITIZEN, status });
      const items = connector.webhook!.parse(JSON.parse(d.rawBody.toString()), channel);
      expect(items.map((i) => connector.normalize(i, channel).kind)).toEqual(['ignored']);
    }
  });

  it('refuses a reply outside the 24-hour window before any request', async () => {
    const old = new Date(Date.now() - 25 * 3600 * 1000);
    const [m] = ingestDelivery(emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, text: 'oud bericht', at: old }));
    const error = await rejection(connector.reply(channelFor(), replyTarget(m!, 'private'), 'te laat'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(OUTSIDE_WINDOW_MESSAGE);
    expect(emu.requestLog).toHaveLength(0);
    expect(emu.replies).toHaveLength(0);
  });

  it("maps the API's re-engagement error 131047 to the same PermanentError", async () => {
    const target: ReplyTarget = { visibility: 'private', inReplyToExternalId: 'wamid.X', inReplyToKind: 'dm', conversationKey: 'wa:32400000000', recipientPlatformUserId: '32400000000' };
    const error = await rejection(connector.reply(channelFor(), target, 'hallo'));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(OUTSIDE_WINDOW_MESSAGE);
    expect(emu.requestLog.map((r) => r.status)).toEqual([400]);
  });

  it('only private replies; refuses without a phone number id or token, before any request', async () => {
    const [m] = ingestDelivery(emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, text: 'vraag' }));
    expect(connector.replyVisibilities('dm')).toEqual(['private']);
    await expect(connector.reply(channelFor(), { ...replyTarget(m!, 'private'), visibility: 'public' }, 'x')).rejects.toBeInstanceOf(PermanentError);
    await expect(connector.reply({ ...channelFor(), account: {} }, replyTarget(m!, 'private'), 'x')).rejects.toThrow(/account\.phoneNumberId/);
    await expect(connector.reply(channelFor({}), replyTarget(m!, 'private'), 'x')).rejects.toThrow(/credentials\.accessToken/);
    expect(emu.requestLog).toHaveLength(0);
  });
});

describe('WhatsApp connector: failures become typed errors', () => {
  let message: InboundMessage;
  beforeEach(() => {
    [message] = ingestDelivery(emu.receiveText({ phoneNumberId: NUMBER.phoneNumberId, from: CITIZEN, text: 'vraag' })) as [InboundMessage];
  });

  it('130429 throughput → RateLimitedError about a minute ahead; the next call goes through', async () => {
    emu.failNext('throughput');
    const before = Date.now();
    const error = await rejection(connector.reply(channelFor(), replyTarget(message, 'private'), 'antwoord'));
    expect(error).toBeInstanceOf(RateLimitedError);
    const wait = (error as RateLimitedError).resetAt.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(55_000);
    expect(wait).toBeLessThanOrEqual(65_000);
    expect(error.message).toMatch(/130429/);
    await expect(connector.reply(channelFor(), replyTarget(message, 'private'), 'antwoord')).resolves.toMatchObject({ externalId: expect.stringMatching(/^wamid\./) });
    expect(emu.replies).toHaveLength(1);
  });

  it('revoked token → AuthExpiredError without the token or the text; restoreToken heals it', async () => {
    emu.revokeToken(NUMBER.token);
    const error = await rejection(connector.reply(channelFor(), replyTarget(message, 'private'), 'geheim antwoord'));
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.message).not.toContain(NUMBER.token);
    expect(error.message).not.toContain('geheim');
    emu.restoreToken(NUMBER.token);
    await expect(connector.reply(channelFor(), replyTarget(message, 'private'), 'nu wel')).resolves.toBeDefined();
  });

  it.each([[500], [503]] as const)('%i → TransientError', async (status) => {
    emu.failNext(status);
    const error = await rejection(connector.reply(channelFor(), replyTarget(message, 'private'), 'antwoord'));
    expect(error).toBeInstanceOf(TransientError);
    expect(emu.replies).toHaveLength(0);
  });

  it('a stopped emulator → TransientError; a server that never answers → TransientError after the timeout', async () => {
    const channel = channelFor();
    await emu.stop();
    expect(await rejection(connector.reply(channel, replyTarget(message, 'private'), 'x'))).toBeInstanceOf(TransientError);

    const quick = createWhatsAppConnector({ timeoutMs: 300 });
    try {
      const error = await timeoutRejection((silent) => quick.reply({ ...channel, baseUrl: silent.url }, replyTarget(message, 'private'), 'x'));
      expect(error.message).toMatch(/timeout/);
    } finally {
      quick.close();
    }
  });
});

describe('WhatsApp demo seed', () => {
  it('adds signed deliveries that all normalize into messages for the number', () => {
    const deliveries = seedDemo(emu, { phoneNumberId: NUMBER.phoneNumberId });
    const messages = deliveries.flatMap((d) => ingestDelivery(d));
    expect(messages.length).toBeGreaterThanOrEqual(6);
    expect(new Set(messages.map((m) => m.conversationKey)).size).toBeGreaterThanOrEqual(5);
    expect(messages.some((m) => m.attachments?.length)).toBe(true);
  });
});
